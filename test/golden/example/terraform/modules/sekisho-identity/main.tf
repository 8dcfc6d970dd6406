# Sekisho: the IAM of the identity account (SAML provider, landing roles, groups of the kept IAM users), exactly as given by the account root that calls this
# module. Written by `sekisho plan`, the same for every model: edit the model, not this file.

locals {
  role_policies = {
    for p in flatten([
      for role, r in var.roles : [
        for name, policy in r.inline_policies : { role = role, name = name, policy = policy }
      ]
    ]) : "${p.role}/${p.name}" => p
  }
  role_policy_attachments = {
    for a in flatten([
      for role, r in var.roles : [
        for arn in r.managed_policy_arns : { role = role, policy_arn = arn }
      ]
    ]) : "${a.role} ${a.policy_arn}" => a
  }
  group_policies = {
    for p in flatten([
      for group, g in var.groups : [
        for name, policy in g.inline_policies : { group = group, name = name, policy = policy }
      ]
    ]) : "${p.group}/${p.name}" => p
  }
  group_policy_attachments = {
    for a in flatten([
      for group, g in var.groups : [
        for arn in g.managed_policy_arns : { group = group, policy_arn = arn }
      ]
    ]) : "${a.group} ${a.policy_arn}" => a
  }
}

resource "aws_iam_policy" "this" {
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
  depends_on = [aws_iam_saml_provider.this, aws_iam_openid_connect_provider.this]
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
