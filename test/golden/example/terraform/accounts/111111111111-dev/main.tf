# Sekisho example: account 111111111111 (dev), module sekisho-identity.
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
  #   key          = "sekisho/example/111111111111-dev.tfstate"
  #   region       = "eu-west-1"
  #   encrypt      = true
  #   use_lockfile = true
  # }
}

variable "deploy_role_arn" {
  description = "The role Terraform assumes to deploy into account 111111111111: it needs IAM write access there."
  type        = string
  default     = "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole"
}

variable "saml_metadata_document" {
  description = "The IdP metadata XML from the Google Admin console (SAML app > Download metadata)."
  type        = string
}

provider "aws" {
  region = "eu-west-1"
  # Refuses to run against any other account, whatever the credentials.
  allowed_account_ids = ["111111111111"]

  assume_role {
    role_arn     = var.deploy_role_arn
    session_name = "sekisho-deploy"
  }
}

module "sekisho" {
  source = "../../modules/sekisho-identity"

  saml_providers = {
    GoogleWorkspace = {
      saml_metadata_document = var.saml_metadata_document
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
      }
    }
  }

  managed_policies = {
    sekisho-self-manage-credentials = {
      path        = "/sekisho/"
      description = "Sekisho: kept IAM users manage their own credentials; nothing else without MFA"
      tags        = {}
      policy = jsonencode({
        Version = "2012-10-17"
        Statement = [
          {
            Sid      = "ViewOwnUserAndMfa"
            Effect   = "Allow"
            Action   = ["iam:GetUser", "iam:ListMFADevices"]
            Resource = "arn:aws:iam::*:user/$${aws:username}"
          },
          {
            Sid      = "ViewPasswordPolicy"
            Effect   = "Allow"
            Action   = ["iam:GetAccountPasswordPolicy"]
            Resource = "*"
          },
          {
            Sid    = "ManageOwnPasswordAndKeysWithMfa"
            Effect = "Allow"
            Action = [
              "iam:ChangePassword",
              "iam:CreateAccessKey",
              "iam:DeleteAccessKey",
              "iam:ListAccessKeys",
              "iam:UpdateAccessKey",
            ]
            Resource = "arn:aws:iam::*:user/$${aws:username}"
          },
          {
            Sid    = "DenyAllExceptListedIfNoMfa"
            Effect = "Deny"
            NotAction = [
              "iam:GetAccountPasswordPolicy",
              "iam:GetUser",
              "iam:ListMFADevices",
              "sts:GetSessionToken",
            ]
            Resource = "*"
            Condition = {
              BoolIfExists = {
                "aws:MultiFactorAuthPresent" = "false"
              }
            }
          },
        ]
      })
    }
  }

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
      description          = "Sekisho: admin in dev"
      max_session_duration = 3600
      managed_policy_arns  = ["arn:aws:iam::aws:policy/AdministratorAccess"]
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
        "sekisho:environment"  = "dev"
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
      description          = "Sekisho: developer in dev"
      max_session_duration = 3600
      managed_policy_arns  = ["arn:aws:iam::aws:policy/PowerUserAccess"]
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
        "sekisho:environment"  = "dev"
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
      description          = "Sekisho: readonly in dev"
      max_session_duration = 3600
      managed_policy_arns  = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
        "sekisho:environment"  = "dev"
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
    workload-infra-plan = {
      path                 = "/sekisho/"
      description          = "Sekisho: workload infra-plan at readonly in dev"
      max_session_duration = 3600
      managed_policy_arns  = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
        "sekisho:environment"  = "dev"
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
              Federated = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"
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
    landing-sre = {
      path                 = "/sekisho/"
      description          = "Sekisho: landing role of team sre"
      max_session_duration = 28800
      managed_policy_arns  = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
        "sekisho:team"         = "sre"
      }
      assume_role_policy = jsonencode({
        Version = "2012-10-17"
        Statement = [
          {
            Sid    = "SamlSignIn"
            Effect = "Allow"
            Principal = {
              Federated = "arn:aws:iam::111111111111:saml-provider/GoogleWorkspace"
            }
            Action = ["sts:AssumeRoleWithSAML", "sts:SetSourceIdentity", "sts:TagSession"]
            Condition = {
              StringEquals = {
                "SAML:aud" = "https://signin.aws.amazon.com/saml"
              }
            }
          },
        ]
      })
      inline_policies = {
        sekisho-switch-targets = jsonencode({
          Version = "2012-10-17"
          Statement = [
            {
              Sid    = "Switch"
              Effect = "Allow"
              Action = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
              Resource = [
                "arn:aws:iam::111111111111:role/sekisho/admin",
                "arn:aws:iam::111111111111:role/sekisho/developer",
                "arn:aws:iam::111111111111:role/sekisho/readonly",
                "arn:aws:iam::222222222222:role/sekisho/admin",
                "arn:aws:iam::222222222222:role/sekisho/developer",
                "arn:aws:iam::222222222222:role/sekisho/readonly",
                "arn:aws:iam::333333333333:role/sekisho/admin",
                "arn:aws:iam::333333333333:role/sekisho/developer",
                "arn:aws:iam::333333333333:role/sekisho/readonly",
              ]
            },
          ]
        })
      }
    }
    landing-dev-lead = {
      path                 = "/sekisho/"
      description          = "Sekisho: landing role of team dev-lead"
      max_session_duration = 28800
      managed_policy_arns  = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
        "sekisho:team"         = "dev-lead"
      }
      assume_role_policy = jsonencode({
        Version = "2012-10-17"
        Statement = [
          {
            Sid    = "SamlSignIn"
            Effect = "Allow"
            Principal = {
              Federated = "arn:aws:iam::111111111111:saml-provider/GoogleWorkspace"
            }
            Action = ["sts:AssumeRoleWithSAML", "sts:SetSourceIdentity", "sts:TagSession"]
            Condition = {
              StringEquals = {
                "SAML:aud" = "https://signin.aws.amazon.com/saml"
              }
            }
          },
        ]
      })
      inline_policies = {
        sekisho-switch-targets = jsonencode({
          Version = "2012-10-17"
          Statement = [
            {
              Sid    = "Switch"
              Effect = "Allow"
              Action = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
              Resource = [
                "arn:aws:iam::111111111111:role/sekisho/admin",
                "arn:aws:iam::111111111111:role/sekisho/developer",
                "arn:aws:iam::111111111111:role/sekisho/readonly",
                "arn:aws:iam::222222222222:role/sekisho/admin",
                "arn:aws:iam::222222222222:role/sekisho/developer",
                "arn:aws:iam::222222222222:role/sekisho/readonly",
                "arn:aws:iam::333333333333:role/sekisho/admin",
                "arn:aws:iam::333333333333:role/sekisho/developer",
                "arn:aws:iam::333333333333:role/sekisho/readonly",
              ]
            },
          ]
        })
      }
    }
    landing-dev-member = {
      path                 = "/sekisho/"
      description          = "Sekisho: landing role of team dev-member"
      max_session_duration = 28800
      managed_policy_arns  = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
        "sekisho:team"         = "dev-member"
      }
      assume_role_policy = jsonencode({
        Version = "2012-10-17"
        Statement = [
          {
            Sid    = "SamlSignIn"
            Effect = "Allow"
            Principal = {
              Federated = "arn:aws:iam::111111111111:saml-provider/GoogleWorkspace"
            }
            Action = ["sts:AssumeRoleWithSAML", "sts:SetSourceIdentity", "sts:TagSession"]
            Condition = {
              StringEquals = {
                "SAML:aud" = "https://signin.aws.amazon.com/saml"
              }
            }
          },
        ]
      })
      inline_policies = {
        sekisho-switch-targets = jsonencode({
          Version = "2012-10-17"
          Statement = [
            {
              Sid    = "Switch"
              Effect = "Allow"
              Action = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
              Resource = [
                "arn:aws:iam::111111111111:role/sekisho/developer",
                "arn:aws:iam::111111111111:role/sekisho/readonly",
                "arn:aws:iam::222222222222:role/sekisho/developer",
                "arn:aws:iam::222222222222:role/sekisho/readonly",
                "arn:aws:iam::333333333333:role/sekisho/readonly",
              ]
            },
          ]
        })
      }
    }
    landing-accounting = {
      path                 = "/sekisho/"
      description          = "Sekisho: landing role of team accounting"
      max_session_duration = 28800
      managed_policy_arns  = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
      tags = {
        "sekisho:managed"      = "true"
        "sekisho:organization" = "example"
        "sekisho:team"         = "accounting"
      }
      assume_role_policy = jsonencode({
        Version = "2012-10-17"
        Statement = [
          {
            Sid    = "SamlSignIn"
            Effect = "Allow"
            Principal = {
              Federated = "arn:aws:iam::111111111111:saml-provider/GoogleWorkspace"
            }
            Action = ["sts:AssumeRoleWithSAML", "sts:SetSourceIdentity", "sts:TagSession"]
            Condition = {
              StringEquals = {
                "SAML:aud" = "https://signin.aws.amazon.com/saml"
              }
            }
          },
        ]
      })
      inline_policies = {
        sekisho-switch-targets = jsonencode({
          Version = "2012-10-17"
          Statement = [
            {
              Sid    = "Switch"
              Effect = "Allow"
              Action = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
              Resource = [
                "arn:aws:iam::111111111111:role/sekisho/readonly",
                "arn:aws:iam::222222222222:role/sekisho/readonly",
                "arn:aws:iam::333333333333:role/sekisho/readonly",
              ]
            },
          ]
        })
      }
    }
  }

  groups = {
    sekisho-sre = {
      path = "/sekisho/"
      managed_policy_arns = [
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:iam::111111111111:policy/sekisho/sekisho-self-manage-credentials",
      ]
      inline_policies = {
        sekisho-switch-targets = jsonencode({
          Version = "2012-10-17"
          Statement = [
            {
              Sid    = "Switch"
              Effect = "Allow"
              Action = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
              Resource = [
                "arn:aws:iam::111111111111:role/sekisho/admin",
                "arn:aws:iam::111111111111:role/sekisho/developer",
                "arn:aws:iam::111111111111:role/sekisho/readonly",
                "arn:aws:iam::222222222222:role/sekisho/admin",
                "arn:aws:iam::222222222222:role/sekisho/developer",
                "arn:aws:iam::222222222222:role/sekisho/readonly",
                "arn:aws:iam::333333333333:role/sekisho/admin",
                "arn:aws:iam::333333333333:role/sekisho/developer",
                "arn:aws:iam::333333333333:role/sekisho/readonly",
              ]
            },
          ]
        })
      }
    }
    sekisho-dev-member = {
      path = "/sekisho/"
      managed_policy_arns = [
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:iam::111111111111:policy/sekisho/sekisho-self-manage-credentials",
      ]
      inline_policies = {
        sekisho-switch-targets = jsonencode({
          Version = "2012-10-17"
          Statement = [
            {
              Sid    = "Switch"
              Effect = "Allow"
              Action = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
              Resource = [
                "arn:aws:iam::111111111111:role/sekisho/developer",
                "arn:aws:iam::111111111111:role/sekisho/readonly",
                "arn:aws:iam::222222222222:role/sekisho/developer",
                "arn:aws:iam::222222222222:role/sekisho/readonly",
                "arn:aws:iam::333333333333:role/sekisho/readonly",
              ]
            },
          ]
        })
      }
    }
  }

  user_groups = {
    ci-deployer = ["sekisho-dev-member"]
    break-glass = ["sekisho-sre"]
  }
}

output "role_arns" {
  value = module.sekisho.role_arns
}
