variable "roles" {
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
