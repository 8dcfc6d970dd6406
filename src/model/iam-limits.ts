// IAM's documented name and size limits
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).

export const NAME_CHARS = /^[\w+=,.@-]+$/;
export const NAME_CHARS_TEXT = "letters, digits and + = , . @ _ -";
export const ROLE_NAME_MAX = 64;
export const USER_NAME_MAX = 64;
export const GROUP_NAME_MAX = 128;
export const POLICY_NAME_MAX = 128;
export const PATH_MAX = 512;
export const PATH_PATTERN = /^\/([\x21-\x2e\x30-\x7e]+\/)*$/;
/** Console switch role stores path+name in a cookie; longer fails. */
export const SWITCH_ROLE_MAX = 64;
export const SAML_PROVIDER_NAME = /^[\w._-]{1,128}$/;
/** RoleSessionName and SourceIdentity: 2–64 of these characters. */
export const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** Policy sizes, counted without white space. */
export const TRUST_POLICY_MAX = 2048;
export const TRUST_POLICY_MAX_RAISED = 4096;
export const ROLE_INLINE_TOTAL_MAX = 10240;
export const GROUP_INLINE_TOTAL_MAX = 5120;
export const MANAGED_POLICY_MAX = 6144;
export const MANAGED_PER_ROLE = 10;
export const MANAGED_PER_ROLE_RAISED = 20;

/** Size as IAM counts it: the JSON text without white space outside strings. */
export function policySize(document: unknown): number {
  return JSON.stringify(document).length;
}
