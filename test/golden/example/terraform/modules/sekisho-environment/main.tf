# Sekisho: the IAM of an environment account (roles, their policies, identity providers for workloads), exactly as given by the account root that calls this
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
  depends_on = [aws_iam_openid_connect_provider.this]
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
