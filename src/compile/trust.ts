// Trust policies of the default topology (reference §1.3, §9).

import { accountRootArn, samlProviderArn } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { compact, type PolicyDocument, policy, type Statement } from "../state/policy.js";
import { expiryCondition, sidDate } from "./time.js";

/** Landing role: SAML sign-in from the provider, only for the configured sign-in endpoints. */
export function landingTrust(model: AccessModel): PolicyDocument {
  const actions = ["sts:AssumeRoleWithSAML"];
  // Without these the IdP's SourceIdentity makes every sign-in fail (reference §1.3).
  if (model.options.sourceIdentity) actions.push("sts:SetSourceIdentity", "sts:TagSession");
  return policy({
    Sid: "SamlSignIn",
    Effect: "Allow",
    Principal: { Federated: samlProviderArn(model.identity.accountId, model.identity.provider.name) },
    Action: compact(actions),
    Condition: { StringEquals: { "SAML:aud": compact(model.identity.audiences) } },
  });
}

export interface Trustee {
  /** Landing role ARN or IAM user ARN. */
  arn: string;
  kind: "landing" | "user";
  until?: string;
}

/**
 * Environment role: exactly the trustees, matched by aws:PrincipalArn (survives deletion and
 * re-creation, unlike a role ARN principal, reference §9); users only with MFA, and with `Bool`,
 * never BoolIfExists, which would also match long-term keys without MFA.
 */
export function envRoleTrust(model: AccessModel, trustees: Trustee[]): PolicyDocument {
  const root = accountRootArn(model.identity.accountId);
  const groups = new Map<string, Trustee[]>();
  for (const t of trustees) {
    const key = `${t.kind}|${t.until ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const statements: Statement[] = [];
  // Landing before user, then no expiry before dated, then by date: exactly the code-unit order
  // of the keys ("landing|" < "landing|2027-01-31" < "user|"), ISO dates sorting as dates.
  const keys = [...groups.keys()].sort();
  for (const key of keys) {
    const members = groups.get(key)!;
    const { kind, until } = members[0]!;
    const arns = [...new Set(members.map((m) => m.arn))].sort();
    const landing = kind === "landing";
    const actions =
      landing && model.options.sourceIdentity
        ? ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
        : ["sts:AssumeRole"];
    const condition: Statement["Condition"] = { ArnEquals: { "aws:PrincipalArn": compact(arns) } };
    if (!landing) condition.Bool = { "aws:MultiFactorAuthPresent": "true" };
    if (until) Object.assign(condition, expiryCondition(until));
    statements.push({
      Sid: `${landing ? "LandingRoles" : "IamUsersWithMfa"}${until ? `Until${sidDate(until)}` : ""}`,
      Effect: "Allow",
      Principal: { AWS: root },
      Action: compact(actions),
      Condition: condition,
    });
  }
  return policy(...statements);
}
