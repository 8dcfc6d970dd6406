// Identity-side policies of the identity account: the switch into a team's targets,
// and the credential self-service + MFA enforcement for kept IAM users.
import type { AccessModel } from "../model/types.js";
import { compact, type PolicyDocument, policy, type Statement } from "../state/policy.js";
import { expiryCondition, sidDate } from "./time.js";

export interface Target {
  arn: string;
  until?: string;
}

/** sts:AssumeRole on exactly the team's target role ARNs; expiring grants carry their date here too. */
export function assumeTargetsPolicy(model: AccessModel, targets: Target[]): PolicyDocument {
  // The caller's side must allow SetSourceIdentity too when chaining with a source identity (reference §4).
  const actions = model.options.sourceIdentity
    ? ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
    : ["sts:AssumeRole"];
  const byUntil = new Map<string, string[]>();
  for (const t of targets) byUntil.set(t.until ?? "", [...(byUntil.get(t.until ?? "") ?? []), t.arn]);
  const statements: Statement[] = [...byUntil.keys()].sort().map((until) => ({
    Sid: until ? `SwitchUntil${sidDate(until)}` : "Switch",
    Effect: "Allow",
    Action: compact(actions),
    Resource: compact([...new Set(byUntil.get(until))].sort()),
    ...(until ? { Condition: expiryCondition(until) } : {}),
  }));
  return policy(...statements);
}

const MFA_MANAGEMENT = [
  "iam:CreateVirtualMFADevice",
  "iam:DeactivateMFADevice",
  "iam:EnableMFADevice",
  "iam:ListMFADevices",
  "iam:ResyncMFADevice",
];

/**
 * Kept IAM users may manage only their own password, MFA and keys, and may do nothing else
 * until they have signed in with MFA. Written from AWS's "manage own credentials with MFA"
 * example (reference §5). The final Deny uses BoolIfExists deliberately: on a Deny it also
 * catches long-term keys, where the key is absent.
 */
export function selfManageCredentialsPolicy(): PolicyDocument {
  return policy(
    {
      Sid: "ViewAccountInfo",
      Effect: "Allow",
      Action: ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"],
      Resource: "*",
    },
    {
      Sid: "ManageOwnPasswordAndKeys",
      Effect: "Allow",
      Action: [
        "iam:ChangePassword",
        "iam:CreateAccessKey",
        "iam:DeleteAccessKey",
        "iam:GetUser",
        "iam:ListAccessKeys",
        "iam:UpdateAccessKey",
      ],
      Resource: "arn:aws:iam::*:user/${aws:username}",
    },
    {
      Sid: "ManageOwnVirtualMfaDevice",
      Effect: "Allow",
      Action: ["iam:CreateVirtualMFADevice"],
      Resource: "arn:aws:iam::*:mfa/*",
    },
    {
      Sid: "ManageOwnMfa",
      Effect: "Allow",
      Action: MFA_MANAGEMENT.filter((a) => a !== "iam:CreateVirtualMFADevice"),
      Resource: "arn:aws:iam::*:user/${aws:username}",
    },
    {
      Sid: "DenyAllExceptListedIfNoMfa",
      Effect: "Deny",
      NotAction: [
        "iam:CreateVirtualMFADevice",
        "iam:EnableMFADevice",
        "iam:GetUser",
        "iam:ListMFADevices",
        "iam:ListVirtualMFADevices",
        "iam:ResyncMFADevice",
        "sts:GetSessionToken",
      ],
      Resource: "*",
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
    },
  );
}
