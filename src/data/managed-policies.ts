// AWS managed policies, by name, from the extracted data file shipped with Sekisho
// (data/managed-policies.json, made by scripts/extract-managed-policies.ts). Static
// package data, read once on first use, like a constant.
import { readFileSync } from "node:fs";
import type { ManagedPolicyData, ManagedPolicyEntry } from "./managed-policy-extract.js";

let cache: ManagedPolicyData | undefined;

export function managedPolicyData(): ManagedPolicyData {
  if (!cache) {
    const url = new URL("../../data/managed-policies.json", import.meta.url);
    cache = JSON.parse(readFileSync(url, "utf8")) as ManagedPolicyData;
  }
  return cache;
}

export function awsManagedPolicy(name: string): ManagedPolicyEntry | undefined {
  const data = managedPolicyData().policies;
  return Object.hasOwn(data, name) ? data[name] : undefined;
}

export function awsManagedPolicyNames(): string[] {
  return Object.keys(managedPolicyData().policies);
}

/** AWS managed policy ARNs carry paths (job-function/, service-role/): look them up by ARN too. */
export function awsManagedPolicyByArn(arn: string): (ManagedPolicyEntry & { name: string }) | undefined {
  const name = arn.slice(arn.lastIndexOf("/") + 1);
  const entry = awsManagedPolicy(name);
  return entry && entry.arn === arn ? { ...entry, name } : undefined;
}
