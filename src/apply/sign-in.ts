// The sign-in gate: CloudTrail in the identity account must show each person's SAML sign-in
// into one of their landing roles after the step started, their email as session name or
// source identity compared whole and ignoring case (ana@ is not matched by diana@); and each
// break-glass user's console sign-in with MFA. Anything unreadable keeps the gate shut.
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import type { Target } from "../migrate/types.js";
import { userArn } from "../model/naming.js";
import { type AccountClients, ApplyError, clientsOf } from "./clients.js";

export type SignInTarget = Extract<Target, { kind: "sign-in" }>;

const MAX_PAGES = 200;

export type Json = { [key: string]: unknown };
export const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
export const str = (v: unknown): string => (typeof v === "string" ? v : "");

export async function events(c: AccountClients, name: string, since: Date): Promise<Json[]> {
  const out: Json[] = [];
  let NextToken: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const r = await c.cloudtrail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: name }],
        StartTime: since,
        ...(NextToken ? { NextToken } : {}),
      }),
    );
    if (!r.Events) throw new ApplyError(`CloudTrail LookupEvents (${name}) answered without a list`);
    for (const e of r.Events) {
      if (!e.CloudTrailEvent)
        throw new ApplyError(`CloudTrail LookupEvents (${name}): an event without its record`);
      try {
        out.push(obj(JSON.parse(e.CloudTrailEvent)));
      } catch {
        throw new ApplyError(`CloudTrail LookupEvents (${name}): an event record that is not JSON`);
      }
    }
    if (!r.NextToken) return out;
    NextToken = r.NextToken;
  }
  throw new ApplyError(`CloudTrail LookupEvents (${name}): more than ${MAX_PAGES} pages`);
}

const after = (e: Json, since: Date) => {
  const t = Date.parse(str(e.eventTime));
  return Number.isFinite(t) && t >= since.getTime();
};

/** "ROLE-ARN name" for every name a successful SAML sign-in carries, lower-cased. */
function samlNames(list: Json[], since: Date): Set<string> {
  const out = new Set<string>();
  for (const e of list) {
    if (str(e.eventName) !== "AssumeRoleWithSAML" || e.errorCode !== undefined || !after(e, since)) continue;
    const role = str(obj(e.requestParameters).roleArn);
    const response = obj(e.responseElements);
    const session = str(obj(response.assumedRoleUser).arn).split("/").pop() ?? "";
    for (const n of [session, str(response.sourceIdentity)]) if (n) out.add(`${role} ${n}`.toLowerCase());
  }
  return out;
}

function mfaLogins(list: Json[], since: Date): Set<string> {
  const out = new Set<string>();
  for (const e of list) {
    const who = obj(e.userIdentity);
    if (
      str(e.eventName) === "ConsoleLogin" &&
      str(who.type) === "IAMUser" &&
      str(obj(e.responseElements).ConsoleLogin) === "Success" &&
      str(obj(e.additionalEventData).MFAUsed) === "Yes" &&
      after(e, since)
    )
      out.add(str(who.arn));
  }
  return out;
}

/** "ROLE-ARN name" for every name a successful switch carries (session name, source identity), lower-cased. */
function switchNames(list: Json[], since: Date): Set<string> {
  const out = new Set<string>();
  for (const e of list) {
    if (str(e.eventName) !== "AssumeRole" || e.errorCode !== undefined || !after(e, since)) continue;
    const request = obj(e.requestParameters);
    const role = str(request.roleArn);
    const names = [
      str(request.roleSessionName),
      str(request.sourceIdentity),
      str(obj(obj(e.userIdentity).sessionContext).sourceIdentity),
    ];
    for (const n of names) if (n) out.add(`${role} ${n}`.toLowerCase());
  }
  return out;
}

/** Who has not signed in (or switched) yet; empty when the gate is met. Read failures throw. */
export async function signInDifferences(
  accounts: ReadonlyMap<string, AccountClients>,
  target: SignInTarget,
  since: Date,
): Promise<string[]> {
  const c = clientsOf(accounts, target.account);
  const out: string[] = [];
  const seen = samlNames(await events(c, "AssumeRoleWithSAML", since), since);
  for (const p of target.people)
    if (!p.landingRoles.some((r) => seen.has(`${r} ${p.email}`.toLowerCase())))
      out.push(`no Google sign-in yet: ${p.email}`);
  if (target.breakGlass.length) {
    const logins = mfaLogins(await events(c, "ConsoleLogin", since), since);
    for (const name of target.breakGlass)
      if (!logins.has(userArn(target.account, name))) out.push(`no console sign-in with MFA yet: ${name}`);
  }
  for (const s of target.switches ?? []) {
    const seen = switchNames(await events(clientsOf(accounts, s.account), "AssumeRole", since), since);
    for (const p of s.people)
      if (!p.roles.some((r) => seen.has(`${r} ${p.email}`.toLowerCase())))
        out.push(`no switch into ${s.account} yet: ${p.email}`);
  }
  return out;
}
