// The two Terraform modules `plan` writes. They are the same for every model: all of the
// model's values reach them through variables from the account roots (terraform-roots.ts), so a
// review of these files once is a review of every plan. Written in `terraform fmt` style.

/** hashicorp/aws 5.72.1 is the first release with all four *_exclusive IAM resources used below. */
export const AWS_PROVIDER_VERSION = ">= 5.72.1";
/** import blocks arrived in Terraform 1.5 (OpenTofu has them from 1.6, its first release). */
export const TERRAFORM_VERSION = ">= 1.5.0";

const VERSIONS = `terraform {
  required_version = "${TERRAFORM_VERSION}"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.72.1 brings aws_iam_group_policy_attachments_exclusive, the last of the *_exclusive
      # resources that keep each role's and group's policies exactly the ones given here.
      version = "${AWS_PROVIDER_VERSION}"
    }
  }
}
`;

const ROLE_VARIABLES = `variable "roles" {
  description = "IAM roles by name, as Sekisho compiled and proved them: policies are JSON documents."
  type = map(object({
    path                 = string
    description          = optional(string)
    max_session_duration = number
    permissions_boundary = optional(string)
    managed_policy_arns  = list(string)
    tags                 = map(string)
    assume_role_policy   = string
    inline_policies      = map(string)
  }))
  default = {}
}

variable "managed_policies" {
  description = "Customer managed policies by name."
  type = map(object({
    path        = string
    description = optional(string)
    tags        = map(string)
    policy      = string
  }))
  default = {}
}

variable "openid_connect_providers" {
  description = "OpenID Connect identity providers (for workloads), by the provider's host and path."
  type = map(object({
    url             = string
    client_id_list  = list(string)
    thumbprint_list = list(string)
    tags            = map(string)
  }))
  default = {}
}
`;

const IDENTITY_VARIABLES = `
variable "saml_providers" {
  description = "SAML identity providers by name, with the IdP's metadata XML."
  type = map(object({
    saml_metadata_document = string
    tags                   = map(string)
  }))
  default = {}
}

variable "groups" {
  description = "IAM groups by name (for the kept IAM users): policies are JSON documents."
  type = map(object({
    path                = string
    managed_policy_arns = list(string)
    inline_policies     = map(string)
  }))
  default = {}
}

variable "user_groups" {
  description = "For each kept IAM user (which must exist already), the groups above it joins."
  type        = map(list(string))
  default     = {}
}
`;

const ROLE_LOCALS = `  role_policies = {
    for p in flatten([
      for role, r in var.roles : [
        for name, policy in r.inline_policies : { role = role, name = name, policy = policy }
      ]
    ]) : "\${p.role}/\${p.name}" => p
  }
  role_policy_attachments = {
    for a in flatten([
      for role, r in var.roles : [
        for arn in r.managed_policy_arns : { role = role, policy_arn = arn }
      ]
    ]) : "\${a.role} \${a.policy_arn}" => a
  }
`;

const GROUP_LOCALS = `  group_policies = {
    for p in flatten([
      for group, g in var.groups : [
        for name, policy in g.inline_policies : { group = group, name = name, policy = policy }
      ]
    ]) : "\${p.group}/\${p.name}" => p
  }
  group_policy_attachments = {
    for a in flatten([
      for group, g in var.groups : [
        for arn in g.managed_policy_arns : { group = group, policy_arn = arn }
      ]
    ]) : "\${a.group} \${a.policy_arn}" => a
  }
`;

function roleResources(trustedProviders: string): string {
  return `resource "aws_iam_policy" "this" {
  for_each = var.managed_policies

  name        = each.key
  path        = each.value.path
  description = each.value.description
  tags        = each.value.tags
  policy      = each.value.policy
}

resource "aws_iam_openid_connect_provider" "this" {
  for_each = var.openid_connect_providers

  url             = each.value.url
  client_id_list  = each.value.client_id_list
  thumbprint_list = each.value.thumbprint_list
  tags            = each.value.tags
}

resource "aws_iam_role" "this" {
  for_each = var.roles

  name                 = each.key
  path                 = each.value.path
  description          = each.value.description
  max_session_duration = each.value.max_session_duration
  permissions_boundary = each.value.permissions_boundary
  tags                 = each.value.tags
  assume_role_policy   = each.value.assume_role_policy

  # IAM checks that an identity provider named in a trust policy exists.
  depends_on = [${trustedProviders}]
}

resource "aws_iam_role_policy" "this" {
  for_each = local.role_policies

  role   = aws_iam_role.this[each.value.role].id
  name   = each.value.name
  policy = each.value.policy
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each = local.role_policy_attachments

  role       = aws_iam_role.this[each.value.role].name
  policy_arn = each.value.policy_arn

  depends_on = [aws_iam_policy.this]
}

# Exactly these inline policies and attachments, as CloudFormation keeps them: any other one,
# added by hand or left on a role adopted with an import block, is removed.
resource "aws_iam_role_policies_exclusive" "this" {
  for_each = var.roles

  role_name    = aws_iam_role.this[each.key].name
  policy_names = keys(each.value.inline_policies)

  depends_on = [aws_iam_role_policy.this]
}

resource "aws_iam_role_policy_attachments_exclusive" "this" {
  for_each = var.roles

  role_name   = aws_iam_role.this[each.key].name
  policy_arns = each.value.managed_policy_arns

  depends_on = [aws_iam_role_policy_attachment.this]
}
`;
}

const IDENTITY_RESOURCES = `
resource "aws_iam_saml_provider" "this" {
  for_each = var.saml_providers

  name                   = each.key
  saml_metadata_document = each.value.saml_metadata_document
  tags                   = each.value.tags
}

resource "aws_iam_group" "this" {
  for_each = var.groups

  name = each.key
  path = each.value.path
}

resource "aws_iam_group_policy" "this" {
  for_each = local.group_policies

  group  = aws_iam_group.this[each.value.group].name
  name   = each.value.name
  policy = each.value.policy
}

resource "aws_iam_group_policy_attachment" "this" {
  for_each = local.group_policy_attachments

  group      = aws_iam_group.this[each.value.group].name
  policy_arn = each.value.policy_arn

  depends_on = [aws_iam_policy.this]
}

resource "aws_iam_group_policies_exclusive" "this" {
  for_each = var.groups

  group_name   = aws_iam_group.this[each.key].name
  policy_names = keys(each.value.inline_policies)

  depends_on = [aws_iam_group_policy.this]
}

resource "aws_iam_group_policy_attachments_exclusive" "this" {
  for_each = var.groups

  group_name  = aws_iam_group.this[each.key].name
  policy_arns = each.value.managed_policy_arns

  depends_on = [aws_iam_group_policy_attachment.this]
}

# Kept IAM users exist already (that is why they are kept): they join their groups, and are
# never created or deleted here. Groups they are in besides these are left alone.
resource "aws_iam_user_group_membership" "this" {
  for_each = var.user_groups

  user   = each.key
  groups = [for group in each.value : aws_iam_group.this[group].name]
}
`;

const ROLE_OUTPUTS = `output "role_arns" {
  description = "ARN of each role, by name."
  value       = { for name, role in aws_iam_role.this : name => role.arn }
}
`;

const IDENTITY_OUTPUTS = `
output "saml_provider_arns" {
  description = "ARN of each SAML provider, by name."
  value       = { for name, provider in aws_iam_saml_provider.this : name => provider.arn }
}

output "group_arns" {
  description = "ARN of each group, by name."
  value       = { for name, group in aws_iam_group.this : name => group.arn }
}
`;

const HEADER = (what: string) =>
  `# Sekisho: ${what}, exactly as given by the account root that calls this
# module. Written by \`sekisho plan\`, the same for every model: edit the model, not this file.

`;

/** Module name → file name → text. */
export function terraformModules(): Map<string, Map<string, string>> {
  const environment = new Map([
    [
      "main.tf",
      `${HEADER("the IAM of an environment account (roles, their policies, identity providers for workloads)")}locals {
${ROLE_LOCALS}}

${roleResources("aws_iam_openid_connect_provider.this")}`,
    ],
    ["variables.tf", ROLE_VARIABLES],
    ["outputs.tf", ROLE_OUTPUTS],
    ["versions.tf", VERSIONS],
  ]);
  const identity = new Map([
    [
      "main.tf",
      `${HEADER("the IAM of the identity account (SAML provider, landing roles, groups of the kept IAM users)")}locals {
${ROLE_LOCALS}${GROUP_LOCALS}}

${roleResources("aws_iam_saml_provider.this, aws_iam_openid_connect_provider.this")}${IDENTITY_RESOURCES}`,
    ],
    ["variables.tf", ROLE_VARIABLES + IDENTITY_VARIABLES],
    ["outputs.tf", ROLE_OUTPUTS + IDENTITY_OUTPUTS],
    ["versions.tf", VERSIONS],
  ]);
  return new Map([
    ["sekisho-environment", environment],
    ["sekisho-identity", identity],
  ]);
}
