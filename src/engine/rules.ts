// AWS rules that single out particular actions and resources.
import { arnComponents } from "./arn.js";
import type { Request } from "./types.js";

/** The account that owns the resource: explicit, else the ARN's account field, else the caller's. */
export function resourceAccountOf(request: Request): string {
  if (request.resourceAccount) return request.resourceAccount;
  const account = arnComponents(request.resource)?.[4];
  return account && /^\d{12}$/.test(account) ? account : request.principal.account;
}

/**
 * Resources whose own policy must allow even in the same account (IAM User Guide:
 * "IAM role trust policies and KMS key policies are exceptions to this logic").
 */
export function mandatoryPolicy(service: string, resource: string): "trust" | "key" | undefined {
  if (service === "sts" && /^arn:[^:]+:iam::\d{12}:role\//.test(resource)) return "trust";
  if (service === "kms" && /^arn:[^:]+:kms:[^:]*:\d{12}:key\//.test(resource)) return "key";
  return undefined;
}

/**
 * sts:GetCallerIdentity needs no permission and cannot be denied (STS API reference:
 * "No permissions are required to perform this operation").
 */
export function alwaysAllowed(action: string): boolean {
  return action.toLowerCase() === "sts:getcalleridentity";
}
