output "role_arns" {
  description = "ARN of each role, by name."
  value       = { for name, role in aws_iam_role.this : name => role.arn }
}

output "saml_provider_arns" {
  description = "ARN of each SAML provider, by name."
  value       = { for name, provider in aws_iam_saml_provider.this : name => provider.arn }
}

output "group_arns" {
  description = "ARN of each group, by name."
  value       = { for name, group in aws_iam_group.this : name => group.arn }
}
