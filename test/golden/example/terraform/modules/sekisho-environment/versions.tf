terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.72.1 brings aws_iam_group_policy_attachments_exclusive, the last of the *_exclusive
      # resources that keep each role's and group's policies exactly the ones given here.
      version = ">= 5.72.1"
    }
  }
}
