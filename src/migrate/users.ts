// Existing IAM users → the model: replaced by a person's sign-in (matched by email in the user
// name, an email tag, or an explicit --map), kept (a model user of the identity account), or
// unmatched (left alone, flagged for a decision).
import { emailOf } from "../audit/design.js";
import { activeKeys } from "../import/credential-report.js";
import type { AccessModel } from "../model/types.js";
import type { CredentialReportRow, OrgState } from "../state/org-state.js";
import type { ExistingUser, UserFate } from "./types.js";

/** --map entries: IAM user name (or user ARN) → person's email, or `workload:NAME` for a pipeline's user. */
export type UserMap = ReadonlyMap<string, string>;

export const WORKLOAD_PREFIX = "workload:";

export function accountName(model: AccessModel, account: string): string {
  return model.environments.find((e) => e.accountId === account)?.name ?? account;
}

function latest(...dates: (string | undefined)[]): string | undefined {
  const known = dates.filter((d): d is string => !!d && !Number.isNaN(Date.parse(d)));
  return known.sort().at(-1);
}

export function existingUsers(model: AccessModel, real: OrgState, map: UserMap): ExistingUser[] {
  const people = new Map(model.people.map((p) => [p.email.toLowerCase(), p.email]));
  const out: ExistingUser[] = [];
  for (const a of real.accounts) {
    const report = new Map<string, CredentialReportRow>((a.credentialReport ?? []).map((r) => [r.arn, r]));
    for (const u of a.authorizationDetails.UserDetailList) {
      const kept =
        a.accountId === model.identity.accountId ? model.users.find((k) => k.name === u.UserName) : undefined;
      const mapped = map.get(u.Arn) ?? map.get(u.UserName);
      const email = emailOf(u);
      let fate: UserFate = { kind: "unmatched" };
      const workload = mapped?.startsWith(WORKLOAD_PREFIX)
        ? model.workloads.find((w) => w.name === mapped.slice(WORKLOAD_PREFIX.length))
        : undefined;
      if (kept) fate = { kind: "kept", name: kept.name, breakGlass: kept.breakGlass };
      else if (workload) fate = { kind: "workload", workload: workload.name, matchedBy: "--map" };
      else if (mapped && people.has(mapped.toLowerCase()))
        fate = { kind: "replaced", person: people.get(mapped.toLowerCase())!, matchedBy: "--map" };
      else if (email && people.has(email))
        fate = {
          kind: "replaced",
          person: people.get(email)!,
          matchedBy: u.UserName.includes("@") ? "user name" : "email tag",
        };
      const row = report.get(u.Arn);
      out.push({
        account: a.accountId,
        accountName: accountName(model, a.accountId),
        name: u.UserName,
        arn: u.Arn,
        path: u.Path,
        fate,
        ...(row
          ? {
              password: row.password_enabled === true,
              activeKeys: activeKeys(row),
              mfa: row.mfa_active,
              ...(latest(row.access_key_1_last_used_date, row.access_key_2_last_used_date)
                ? { keyLastUsed: latest(row.access_key_1_last_used_date, row.access_key_2_last_used_date)! }
                : {}),
            }
          : {}),
        inline: (u.UserPolicyList ?? []).map((p) => ({ name: p.PolicyName, document: p.PolicyDocument })),
        attached: u.AttachedManagedPolicies.map((p) => p.PolicyArn),
        groups: [...u.GroupList],
      });
    }
  }
  return out.sort((x, y) => x.account.localeCompare(y.account) || x.name.localeCompare(y.name));
}
