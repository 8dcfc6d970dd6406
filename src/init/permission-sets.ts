// A user's permission set: the identity policies that apply to it (its inline and attached
// policies and those of its groups) and its boundary, as a canonical key. Two users with the
// same key can do exactly the same, whichever way the policies reach them (directly or through
// a group, under any inline policy name), so they are proposed as one team.
import { createHash } from "node:crypto";
import type { GroupDetail, InlinePolicy, UserDetail } from "../state/org-state.js";

export interface SetPart {
  /** A managed policy ARN, or "inline:" and the hash of the document. */
  key: string;
  /** For people: the policy name, or "inline NAME". */
  label: string;
}

export interface PermissionSet {
  account: string;
  /** Canonical: sorted part keys, then the boundary. Unique within an account. */
  key: string;
  parts: SetPart[];
  boundary?: string;
}

/** JSON with object keys sorted: the same document always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function documentHash(document: unknown): string {
  return createHash("sha256").update(canonical(document)).digest("hex").slice(0, 16);
}

function inlineParts(list: InlinePolicy[] | undefined): SetPart[] {
  return (list ?? []).map((p) => ({
    key: `inline:${documentHash(p.PolicyDocument)}`,
    label: `inline policy ${p.PolicyName}`,
  }));
}

function managedParts(list: { PolicyArn: string; PolicyName: string }[]): SetPart[] {
  return list.map((p) => ({ key: p.PolicyArn, label: p.PolicyName || p.PolicyArn.split("/").pop()! }));
}

/** Sorted by key, each key once (the first label in that order wins, so labels are stable). */
function normalise(parts: SetPart[]): SetPart[] {
  const sorted = [...parts].sort((a, b) =>
    a.key !== b.key ? (a.key < b.key ? -1 : 1) : a.label < b.label ? -1 : a.label > b.label ? 1 : 0,
  );
  return sorted.filter((p, i) => i === 0 || sorted[i - 1]!.key !== p.key);
}

function keyOf(parts: SetPart[], boundary: string | undefined): string {
  return [...parts.map((p) => p.key), ...(boundary ? [`boundary:${boundary}`] : [])].join("\n");
}

export function userSet(account: string, user: UserDetail, groups: GroupDetail[]): PermissionSet {
  const byName = new Map(groups.map((g) => [g.GroupName, g]));
  const parts = normalise([
    ...inlineParts(user.UserPolicyList),
    ...managedParts(user.AttachedManagedPolicies),
    ...user.GroupList.flatMap((name) => {
      const g = byName.get(name);
      // A group the export lacks still tells users apart; the level inference flags it.
      if (!g) return [{ key: `missing-group:${name}`, label: `group ${name} (not in the export)` }];
      return [...inlineParts(g.GroupPolicyList), ...managedParts(g.AttachedManagedPolicies)];
    }),
  ]);
  const boundary = user.PermissionsBoundary?.PermissionsBoundaryArn;
  return { account, key: keyOf(parts, boundary), parts, ...(boundary ? { boundary } : {}) };
}

export function groupSetKey(group: GroupDetail): string {
  return keyOf(
    normalise([...inlineParts(group.GroupPolicyList), ...managedParts(group.AttachedManagedPolicies)]),
    undefined,
  );
}

/** "AdministratorAccess, inline deploy (boundary DevBoundary)", or "no policies". */
export function describeSet(set: PermissionSet): string {
  const names = set.parts.map((p) => p.label);
  const text = names.length ? names.join(", ") : "no policies";
  return set.boundary ? `${text} (boundary ${set.boundary.split("/").pop()})` : text;
}
