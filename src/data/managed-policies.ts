// AWS managed policies, by name, from the extracted data file shipped with Sekisho
// (data/managed-policies.json, made by scripts/extract-managed-policies.ts). Static
// package data: the file has one policy per line, indexed on first use; a policy's
// document is parsed only when it is asked for (a command uses a handful of 1,300).
import { readFileSync } from "node:fs";
import type { ManagedPolicyEntry } from "./managed-policy-extract.js";
import { type MemberLines, memberLines, memberValue } from "./member-lines.js";

const URL_ = new URL("../../data/managed-policies.json", import.meta.url);

let lines: MemberLines | undefined;
const parsed = new Map<string, ManagedPolicyEntry>();

function file(): MemberLines {
  if (!lines) {
    try {
      lines = memberLines(readFileSync(URL_, "utf8"));
    } catch (e) {
      throw new Error(`${URL_.pathname}: ${(e as Error).message} (regenerate with: npm run data)`);
    }
  }
  return lines;
}

export function awsManagedPolicy(name: string): ManagedPolicyEntry | undefined {
  let entry = parsed.get(name);
  if (!entry) {
    const line = file().members.get(name);
    if (line === undefined) return undefined;
    entry = memberValue(line) as ManagedPolicyEntry;
    parsed.set(name, entry);
  }
  return entry;
}

export function awsManagedPolicyNames(): string[] {
  return [...file().members.keys()];
}

/** AWS managed policy ARNs carry paths (job-function/, service-role/): look them up by ARN too. */
export function awsManagedPolicyByArn(arn: string): (ManagedPolicyEntry & { name: string }) | undefined {
  const name = arn.slice(arn.lastIndexOf("/") + 1);
  const entry = awsManagedPolicy(name);
  return entry && entry.arn === arn ? { ...entry, name } : undefined;
}
