// Principals AWS owns in a customer's account: what audit says about them is context, not a
// finding the customer fixes, because nobody but AWS assumes them or changes their policies.
import type { PrincipalInfo } from "../sessions/principals.js";
import type { Statement } from "../state/policy.js";

export type AwsOwner = "service-linked" | "identity-center";

/**
 * IAM User Guide, "Using service-linked roles": a service-linked role "is predefined by the
 * service and includes all the permissions that the service requires"; only the service assumes
 * it, and its path is /aws-service-role/SERVICE/. IAM Identity Center User Guide: the roles of
 * permission sets live under /aws-reserved/sso.amazonaws.com/ and "IAM Identity Center manages
 * the role"; their permissions come from the permission set, edited in Identity Center.
 */
export function awsOwner(arn: string): AwsOwner | undefined {
  if (/^arn:[^:]+:iam::\d{12}:role\/aws-service-role\//.test(arn)) return "service-linked";
  if (/^arn:[^:]+:iam::\d{12}:role\/aws-reserved\/sso\.amazonaws\.com\//.test(arn)) return "identity-center";
  return undefined;
}

export const OWNER_WORDS: Record<AwsOwner, string> = {
  "service-linked": "service-linked role (only its AWS service assumes it; AWS defines its policy)",
  "identity-center":
    "IAM Identity Center role (Identity Center creates it from a permission set and manages it)",
};

/** What to do about an AWS-owned principal's power: never edit the role, which AWS refuses or undoes. */
export const OWNER_FIX: Record<AwsOwner, string> = {
  "service-linked":
    "Nothing to change on the role: AWS owns it and its policy. Its power is the service's; control who may configure that service.",
  "identity-center":
    "Change the permission set this role comes from, or its assignments to this account, in IAM Identity Center; never the role, which Identity Center manages.",
};

const statements = (s: Statement | Statement[]) => [s].flat();

/**
 * Only AWS services can assume the role: every Allow statement of its trust names services and
 * nothing else. MFA means nothing for them, so a fix never asks for it.
 */
export function onlyServicesAssume(p: PrincipalInfo): boolean {
  const doc = p.trust?.document;
  if (!doc) return false;
  const allows = statements(doc.Statement).filter((s) => s.Effect === "Allow");
  return (
    allows.length > 0 &&
    allows.every(
      (s) =>
        !s.NotPrincipal &&
        s.Principal !== undefined &&
        s.Principal !== "*" &&
        Object.keys(s.Principal).every((k) => k === "Service"),
    )
  );
}

/**
 * OrganizationAccountAccessRole as AWS Organizations creates it in an account it makes: one
 * statement trusting another account's root (the management account), no condition. AWS
 * Organizations User Guide, "Accessing member accounts": the role "grants full administrator
 * permissions" and "trusts the management account".
 */
export function organizationsDefault(p: PrincipalInfo): string | undefined {
  if (p.kind !== "role" || p.name !== "OrganizationAccountAccessRole") return undefined;
  const doc = p.trust?.document;
  if (!doc) return undefined;
  const all = statements(doc.Statement);
  if (all.length !== 1) return undefined;
  const s = all[0]!;
  if (s.Effect !== "Allow" || s.Condition || !s.Principal || s.Principal === "*") return undefined;
  if (Object.keys(s.Principal).some((k) => k !== "AWS")) return undefined;
  const aws = [s.Principal.AWS ?? []].flat();
  if (aws.length !== 1) return undefined;
  const m = /^(?:arn:aws[\w-]*:iam::(\d{12}):root|(\d{12}))$/.exec(aws[0]!);
  const account = m?.[1] ?? m?.[2];
  return account && account !== p.account ? account : undefined;
}
