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

/** The earliest successful exchange into one of `roles` at or after `since`, ISO; undefined when none. */
export async function firstExchange(
  accounts: ReadonlyMap<string, AccountClients>,
  roles: Role[],
  since: Date,
): Promise<string | undefined> {
  let first: number | undefined;
  for (const account of [...new Set(roles.map((r) => r.account))]) {
    const arns = new Set(roles.filter((r) => r.account === account).map((r) => r.arn.toLowerCase()));
    const list: Json[] = await events(clientsOf(accounts, account), "AssumeRoleWithWebIdentity", since);
    for (const e of list) {
      const t = Date.parse(str(e.eventTime));
      if (
        str(e.eventName) !== "AssumeRoleWithWebIdentity" ||
        e.errorCode !== undefined ||
        !Number.isFinite(t) ||
        t < since.getTime() ||
        !arns.has(str(obj(e.requestParameters).roleArn).toLowerCase())
      )
        continue;
      if (first === undefined || t < first) first = t;
    }
  }
  return first === undefined ? undefined : new Date(first).toISOString();
}

/** Workloads with no exchange yet; empty when the gate is met. Read failures throw. */
export async function webIdentityDifferences(
  accounts: ReadonlyMap<string, AccountClients>,
  target: WebIdentityTarget,
  since: Date,
): Promise<string[]> {
  const out: string[] = [];
  for (const w of target.workloads)
    if ((await firstExchange(accounts, w.roles, since)) === undefined)
      out.push(
        `no token exchange yet for workload ${w.name}: run its pipeline with the OIDC snippet (into ${w.roles.map((r) => r.arn).join(" or ")})`,
      );
  return out;
}
