// Pipelines moving from an IAM user's keys to their workload: the gate waits for each workload's
// first token exchange (a successful AssumeRoleWithWebIdentity into one of its roles, in the
// role's account, after the step started); the key step then deactivates a key only if it was
// not used after that exchange. prove showed the workload roles' trusts admit only the model's
// issuer, audience and subjects, so an exchange into the role is the workload's. Unreadable
// trails keep the gate shut.
import type { Target } from "../migrate/types.js";
import { type AccountClients, clientsOf } from "./clients.js";
import { events, type Json, obj, str } from "./sign-in.js";

export type WebIdentityTarget = Extract<Target, { kind: "web-identity" }>;
type Role = { account: string; arn: string };

/** When each of `roles` (lower-cased ARN) first had a successful exchange at or after `since`; each account's trail is read once. */
async function exchanges(
  accounts: ReadonlyMap<string, AccountClients>,
  roles: Role[],
  since: Date,
): Promise<Map<string, number>> {
  const wanted = new Set(roles.map((r) => r.arn.toLowerCase()));
  const first = new Map<string, number>();
  for (const account of [...new Set(roles.map((r) => r.account))]) {
    const list: Json[] = await events(clientsOf(accounts, account), "AssumeRoleWithWebIdentity", since);
    for (const e of list) {
      const t = Date.parse(str(e.eventTime));
      const role = str(obj(e.requestParameters).roleArn).toLowerCase();
      if (
        str(e.eventName) !== "AssumeRoleWithWebIdentity" ||
        e.errorCode !== undefined ||
        !Number.isFinite(t) ||
        t < since.getTime() ||
        !wanted.has(role)
      )
        continue;
      first.set(role, Math.min(t, first.get(role) ?? t));
    }
  }
  return first;
}

/** The earliest successful exchange into one of `roles` at or after `since`, ISO; undefined when none. */
export async function firstExchange(
  accounts: ReadonlyMap<string, AccountClients>,
  roles: Role[],
  since: Date,
): Promise<string | undefined> {
  const times = [...(await exchanges(accounts, roles, since)).values()];
  return times.length ? new Date(Math.min(...times)).toISOString() : undefined;
}

/** Workloads with no exchange yet; empty when the gate is met. Read failures throw. */
export async function webIdentityDifferences(
  accounts: ReadonlyMap<string, AccountClients>,
  target: WebIdentityTarget,
  since: Date,
): Promise<string[]> {
  const seen = await exchanges(
    accounts,
    target.workloads.flatMap((w) => w.roles),
    since,
  );
  return target.workloads
    .filter((w) => !w.roles.some((r) => seen.has(r.arn.toLowerCase())))
    .map(
      (w) =>
        `no token exchange yet for workload ${w.name}: run its pipeline with the OIDC snippet (into ${w.roles.map((r) => r.arn).join(" or ")})`,
    );
}
