// Condition keys whose value the requester chooses or can obtain, for escalation analysis: a
// path that needs one of them is *conditional*, never absent (docs/caller-controlled-conditions.md).
// prove never uses this: it asks whether a design allows more than it grants, and judges these
// keys as its own contexts say.
import type { Decision } from "../engine/types.js";
import type { StateIndex } from "../sessions/principals.js";

/**
 * Why the caller meets a condition on the key. "free": any caller sets it on its own request;
 * "network": a caller meets it from a network it can reach (an instance in the VPC, an allowed
 * address range), which an insider or a compromised workload has.
 */
export const CALLER_KEYS: Record<string, { how: "free" | "network"; why: string }> = {
  "aws:tokenissuetime": {
    how: "free",
    why: "a user with access keys gets it by calling sts:GetSessionToken; console sign-ins and role sessions carry it",
  },
  "aws:requestedregion": { how: "free", why: "the caller picks the region of its request" },
  "aws:useragent": { how: "free", why: "the caller writes its own User-Agent header" },
  "aws:tagkeys": { how: "free", why: "the caller chooses the tags its request sets" },
  "aws:sourceip": {
    how: "network",
    why: "met by calling from an address the condition names, e.g. from inside that network",
  },
  "aws:sourcevpc": {
    how: "network",
    why: "met by calling through an endpoint of that VPC, e.g. from an instance in it",
  },
  "aws:sourcevpce": {
    how: "network",
    why: "met by calling through that VPC endpoint, e.g. from an instance that uses it",
  },
};

const NAMES: Record<string, string> = {
  "aws:tokenissuetime": "aws:TokenIssueTime",
  "aws:requestedregion": "aws:RequestedRegion",
  "aws:useragent": "aws:UserAgent",
  "aws:tagkeys": "aws:TagKeys",
  "aws:sourceip": "aws:SourceIp",
  "aws:sourcevpc": "aws:SourceVpc",
  "aws:sourcevpce": "aws:SourceVpce",
};

/** A key as AWS spells it, for reports. */
export function keyName(keyLower: string): string {
  if (keyLower.startsWith("aws:requesttag/"))
    return `aws:RequestTag/${keyLower.slice("aws:requesttag/".length)}`;
  return NAMES[keyLower] ?? keyLower;
}

/** aws:RequestTag/KEY: the caller sets the tags of its own request. */
export function callerKey(keyLower: string): { how: "free" | "network"; why: string } | undefined {
  if (keyLower.startsWith("aws:requesttag/"))
    return { how: "free", why: "the caller chooses the tags its request sets" };
  return CALLER_KEYS[keyLower];
}

/** Every caller-controlled key the state's policies test: the fixed ones and each aws:RequestTag/KEY met. */
export function callerKeysOf(index: StateIndex): string[] {
  const keys = new Set(Object.keys(CALLER_KEYS));
  const seen = (doc: { Statement: { Condition?: Record<string, Record<string, unknown>> }[] }) => {
    for (const s of doc.Statement)
      for (const block of Object.values(s.Condition ?? {}))
        for (const k of Object.keys(block)) if (/^aws:requesttag\//i.test(k)) keys.add(k.toLowerCase());
  };
  for (const p of index.principals) {
    for (const ref of [...p.identity, ...(p.boundary ? [p.boundary] : []), ...(p.trust ? [p.trust] : [])])
      seen(ref.document);
  }
  return [...keys].sort();
}

const UNKNOWN = /^([^\s]+) is in every real request and its value is not known here$/;

/**
 * The caller-controlled keys a decision turns on, when nothing else leaves it open: then the
 * request is allowed for some value the caller can send. Undefined: decided, or open for another reason.
 */
export function conditionalOn(d: Decision): string[] | undefined {
  if (d.accessCertain || d.uncertain.length === 0) return undefined;
  const keys = new Set<string>();
  for (const u of d.uncertain) {
    const key = UNKNOWN.exec(u.reason)?.[1];
    if (!key || !callerKey(key)) return undefined;
    keys.add(key);
  }
  return [...keys].sort();
}
