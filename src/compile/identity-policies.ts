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

/**
 * What a kept user may do before proving MFA: see who they are and which device an
 * administrator enrolled, and call sts:GetSessionToken (which yields an MFA session only with
 * that device's code; STS does not let policies govern it anyway). Nothing here enrols a
 * device, changes a password or creates a key: each of those would let a leaked access key
 * or password mint itself an MFA session (reference §5, "Weakness").
 */
export const WITHOUT_MFA_ACTIONS = [
  "iam:GetAccountPasswordPolicy",
  "iam:GetUser",
  "iam:ListMFADevices",
  "sts:GetSessionToken",
];

/**
 * Kept IAM users may manage their own password and access keys once signed in with MFA, and
 * nothing at all without it. Unlike AWS's "manage own credentials with MFA" example (reference
 * §5) they cannot enrol, resync or remove an MFA device themselves: an administrator enrols it
 * (deploy.md lists the commands), because an exemption for self-enrolment lets anyone holding
 * the user's key enrol their own device and pass every MFA condition. The final Deny uses
 * BoolIfExists deliberately: on a Deny it also catches long-term keys, where the key is absent.
 */
export function selfManageCredentialsPolicy(): PolicyDocument {
  return policy(
    {
      Sid: "ViewOwnUserAndMfa",
      Effect: "Allow",
      Action: ["iam:GetUser", "iam:ListMFADevices"],
      Resource: "arn:aws:iam::*:user/${aws:username}",
    },
    {
      Sid: "ViewPasswordPolicy",
      Effect: "Allow",
      Action: ["iam:GetAccountPasswordPolicy"],
      Resource: "*",
    },
    {
      Sid: "ManageOwnPasswordAndKeysWithMfa",
      Effect: "Allow",
      Action: [
        "iam:ChangePassword",
        "iam:CreateAccessKey",
        "iam:DeleteAccessKey",
        "iam:ListAccessKeys",
        "iam:UpdateAccessKey",
      ],
      Resource: "arn:aws:iam::*:user/${aws:username}",
    },
    {
      Sid: "DenyAllExceptListedIfNoMfa",
      Effect: "Deny",
      NotAction: WITHOUT_MFA_ACTIONS,
      Resource: "*",
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
    },
  );
}
