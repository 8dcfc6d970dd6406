// Keys AWS puts in the context of every request (IAM User Guide, "AWS global condition context
// keys", each key's Availability: "always included in the request context"), and what explain
// knows of them. A key every real request has is never shown as absent: when explain does not
// know its value, it says so, and a verdict that may depend on it is undecided.
import type { Context } from "../engine/types.js";
import type { Statement } from "../state/policy.js";

/** Always present; explain models these from the session (time, transport, principal keys, region). */
export const ALWAYS_PRESENT: readonly string[] = [
  "aws:CurrentTime",
  "aws:EpochTime",
  "aws:SecureTransport",
  "aws:RequestedRegion",
  "aws:SourceIp",
  "aws:UserAgent",
  "aws:PrincipalArn",
  "aws:PrincipalAccount",
  "aws:PrincipalType",
  "aws:PrincipalIsAWSService",
  "aws:ViaAWSService",
  "aws:userid",
];

const ALWAYS_LOWER = new Set(ALWAYS_PRESENT.map((k) => k.toLowerCase()));

export function alwaysPresent(keyLower: string): boolean {
  return ALWAYS_LOWER.has(keyLower);
}

/** Always-present keys a statement's conditions read that the context does not give a value. */
export function unknownAlwaysKeys(statements: readonly Statement[], context: Context): string[] {
  const given = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const out = new Set<string>();
  for (const s of statements)
    for (const block of Object.values(s.Condition ?? {}))
      for (const key of Object.keys(block))
        if (alwaysPresent(key.toLowerCase()) && !given.has(key.toLowerCase())) out.add(key);
  return [...out].sort();
}

/** The region a request in an environment carries unless --region says otherwise. */
export function environmentRegion(env: { region?: string }, defaultRegion: string): string {
  return env.region ?? defaultRegion;
}
