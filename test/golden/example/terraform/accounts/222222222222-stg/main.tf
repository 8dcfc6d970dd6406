# Sekisho example: account 222222222222 (stg), module sekisho-environment.
# Written by `sekisho plan` from the access model: edit the model and plan again, not this file.
# Apply with credentials that may assume var.deploy_role_arn (see deploy.md).

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.72.1"
    }
  }

  # One state per account, as one stack per account: fill in and uncomment. use_lockfile is S3's own
  # locking (Terraform >= 1.10, OpenTofu >= 1.10); with older versions use dynamodb_table instead.
  # backend "s3" {
  #   bucket       = "FILL-IN-terraform-state-bucket"
  #   key          = "sekisho/example/222222222222-stg.tfstate"
  #   region       = "eu-west-1"
  #   encrypt      = true
  #   use_lockfile = true
  # }
}

variable "deploy_role_arn" {
  description = "The role Terraform assumes to deploy into account 222222222222: it needs IAM write access there."
  type        = string
  default     = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole"
}

provider "aws" {
  region = "eu-west-1"
  # Refuses to run against any other account, whatever the credentials.
  allowed_account_ids = ["222222222222"]

  assume_role {
    role_arn     = var.deploy_role_arn
    session_name = "sekisho-deploy"
  }
}

module "sekisho" {
  source = "../../modules/sekisho-environment"

  openid_connect_providers = {
    "token.actions.githubusercontent.com" = {
      url             = "https://token.actions.githubusercontent.com"
      client_id_list  = ["sts.amazonaws.com"]
      thumbprint_list = []
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
      }
    }
  }

  roles = {
    admin = {
      path                 = "/sekisho/"
      description          = "Sekisho: admin in stg"
      max_session_duration = 3600
      managed_policy_arns  = ["arn:aws:iam::aws:policy/AdministratorAccess"]
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
        "sekisho:environment"  = "stg"
        "sekisho:level"        = "admin"
      }
      assume_role_policy = jsonencode({
        Version = "2012-10-17"
        Statement = [
          {
            Sid    = "LandingRoles"
            Effect = "Allow"
            Principal = {
              AWS = "arn:aws:iam::111111111111:root"
            }
            Action = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
            Condition = {
              ArnEquals = {
                "aws:PrincipalArn" = [
                  "arn:aws:iam::111111111111:role/sekisho/landing-dev-lead",
                  "arn:aws:iam::111111111111:role/sekisho/landing-sre",
                ]
              }
            }
          },
          {
            Sid    = "IamUsersWithMfa"
            Effect = "Allow"
            Principal = {
              AWS = "arn:aws:iam::111111111111:root"
            }
            Action = "sts:AssumeRole"
            Condition = {
              ArnEquals = {
                "aws:PrincipalArn" = "arn:aws:iam::111111111111:user/break-glass"
              }
              Bool = {
                "aws:MultiFactorAuthPresent" = "true"
              }
            }
          },
        ]
      })
      inline_policies = {}
    }
    developer = {
      path                 = "/sekisho/"
      description          = "Sekisho: developer in stg"
      max_session_duration = 3600
      managed_policy_arns  = ["arn:aws:iam::aws:policy/PowerUserAccess"]
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
        "sekisho:environment"  = "stg"
        "sekisho:level"        = "developer"
      }
      assume_role_policy = jsonencode({
        Version = "2012-10-17"
        Statement = [
          {
            Sid    = "LandingRoles"
            Effect = "Allow"
            Principal = {
              AWS = "arn:aws:iam::111111111111:root"
            }
            Action = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
            Condition = {
              ArnEquals = {
                "aws:PrincipalArn" = [
                  "arn:aws:iam::111111111111:role/sekisho/landing-dev-lead",
                  "arn:aws:iam::111111111111:role/sekisho/landing-dev-member",
                  "arn:aws:iam::111111111111:role/sekisho/landing-sre",
                ]
              }
            }
          },
          {
            Sid    = "IamUsersWithMfa"
            Effect = "Allow"
            Principal = {
              AWS = "arn:aws:iam::111111111111:root"
            }
            Action = "sts:AssumeRole"
            Condition = {
              ArnEquals = {
                "aws:PrincipalArn" = [
                  "arn:aws:iam::111111111111:user/break-glass",
                  "arn:aws:iam::111111111111:user/ci-deployer",
                ]
              }
              Bool = {
                "aws:MultiFactorAuthPresent" = "true"
              }
            }
          },
        ]
      })
      inline_policies = {}
    }
    readonly = {
      path                 = "/sekisho/"
      description          = "Sekisho: readonly in stg"
      max_session_duration = 3600
      managed_policy_arns  = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
        "sekisho:environment"  = "stg"
        "sekisho:level"        = "readonly"
      }
      assume_role_policy = jsonencode({
        Version = "2012-10-17"
        Statement = [
          {
            Sid    = "LandingRoles"
            Effect = "Allow"
            Principal = {
              AWS = "arn:aws:iam::111111111111:root"
            }
            Action = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
            Condition = {
              ArnEquals = {
                "aws:PrincipalArn" = [
                  "arn:aws:iam::111111111111:role/sekisho/landing-accounting",
                  "arn:aws:iam::111111111111:role/sekisho/landing-dev-lead",
                  "arn:aws:iam::111111111111:role/sekisho/landing-dev-member",
                  "arn:aws:iam::111111111111:role/sekisho/landing-sre",
                ]
              }
            }
          },
          {
            Sid    = "IamUsersWithMfa"
            Effect = "Allow"
            Principal = {
              AWS = "arn:aws:iam::111111111111:root"
            }
            Action = "sts:AssumeRole"
            Condition = {
              ArnEquals = {
                "aws:PrincipalArn" = [
                  "arn:aws:iam::111111111111:user/break-glass",
                  "arn:aws:iam::111111111111:user/ci-deployer",
                ]
              }
              Bool = {
                "aws:MultiFactorAuthPresent" = "true"
              }
            }
          },
        ]
      })
      inline_policies = {}
    }
    workload-api-deploy = {
      path                 = "/sekisho/"
      description          = "Sekisho: workload api-deploy at developer in stg"
      max_session_duration = 3600
      managed_policy_arns  = ["arn:aws:iam::aws:policy/PowerUserAccess"]
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
        "sekisho:environment"  = "stg"
        "sekisho:level"        = "developer"
        "sekisho:workload"     = "api-deploy"
      }
      assume_role_policy = jsonencode({
        Version = "2012-10-17"
        Statement = [
          {
            Sid    = "WorkloadToken"
            Effect = "Allow"
            Principal = {
              Federated = "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"
            }
            Action = "sts:AssumeRoleWithWebIdentity"
            Condition = {
              StringEquals = {
                "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
                "token.actions.githubusercontent.com:sub" = "repo:example/api:ref:refs/heads/main"
              }
            }
          },
        ]
      })
      inline_policies = {}
    }
    workload-infra-plan = {
      path                 = "/sekisho/"
      description          = "Sekisho: workload infra-plan at readonly in stg"
      max_session_duration = 3600
      managed_policy_arns  = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
        "sekisho:environment"  = "stg"
        "sekisho:level"        = "readonly"
        "sekisho:workload"     = "infra-plan"
      }
      assume_role_policy = jsonencode({
        Version = "2012-10-17"
        Statement = [
          {
            Sid    = "WorkloadToken"
            Effect = "Allow"
            Principal = {
              Federated = "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"
            }
            Action = "sts:AssumeRoleWithWebIdentity"
            Condition = {
              StringEquals = {
                "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
                "token.actions.githubusercontent.com:sub" = "repo:example/infra:pull_request"
              }
            }
          },
        ]
      })
      inline_policies = {}
    }
  }
}

output "role_arns" {
  value = module.sekisho.role_arns
}
