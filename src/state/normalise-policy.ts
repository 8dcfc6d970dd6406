// Policy documents in a canonical form, so that two documents IAM reads alike compare equal
// as text even when written differently — the deployed copy went through CloudFormation and
// IAM, which reorder and reformat. Rules (docs/diff.md):
//  * Statement: an object becomes a one-element list; statements are sorted by their
//    canonical JSON and duplicates dropped (a policy is a set of statements).
//  * Sid and Id are dropped: labels, not access. Version defaults to 2008-10-17 as in IAM.
//  * Action/NotAction: lists, lower case (IAM matches actions case-insensitively), sorted, unique.
//  * Resource/NotResource: lists, sorted, unique; case kept (ARNs are case-sensitive).
//  * Principal/NotPrincipal: "*" kept; each type's values a sorted unique list; a bare
//    12-digit account id becomes its root ARN, as IAM stores it.
//  * Condition: operators kept (their names are case-sensitive), keys lower case (IAM
//    ignores their case), values a sorted unique list of strings (true ≡ "true", 3600 ≡ "3600").
// Anything else in a statement is kept, with sorted keys, so it still shows as a difference.
// Statements that could be merged or split without changing access are not merged: such a
// rewrite shows as a change, on the safe side.
// Shared by diff and audit --design (one comparison, so the two never disagree on a trust).
import type { PolicyDocument } from "./policy.js";

/** Code-point order: the same on every machine, unlike localeCompare. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export type Canonical = null | boolean | number | string | Canonical[] | { [key: string]: Canonical };

export interface CanonicalPolicy {
  Version: string;
  Statement: Canonical[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** Any JSON value with object keys sorted: the fallback for what IAM grammar does not name. */
export function sortedKeys(value: unknown): Canonical {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (isObject(value)) {
    const out: { [key: string]: Canonical } = {};
    for (const k of Object.keys(value).sort(byText)) out[k] = sortedKeys(value[k]);
    return out;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return null;
}

const text = (v: unknown): string =>
  typeof v === "string"
    ? v
    : typeof v === "number" || typeof v === "boolean"
      ? String(v)
      : JSON.stringify(sortedKeys(v));

function list(value: unknown, map: (s: string) => string = (s) => s): string[] {
  const values = Array.isArray(value) ? value : [value];
  return [...new Set(values.map((v) => map(text(v))))].sort(byText);
}

const accountRoot = (v: string) => (/^\d{12}$/.test(v) ? `arn:aws:iam::${v}:root` : v);

function principal(value: unknown): Canonical {
  if (!isObject(value)) return sortedKeys(value);
  const out: { [key: string]: Canonical } = {};
  for (const type of Object.keys(value).sort(byText))
    out[type] = list(value[type], type === "AWS" ? accountRoot : undefined);
  return out;
}

function condition(value: unknown): Canonical {
  if (!isObject(value)) return sortedKeys(value);
  const out: { [key: string]: Canonical } = {};
  for (const operator of Object.keys(value).sort(byText)) {
    const keys = value[operator];
    if (!isObject(keys)) {
      out[operator] = sortedKeys(keys);
      continue;
    }
    // Two keys equal but for case are two conditions (both must hold): keep them apart.
    const lower = Object.keys(keys).map((k) => k.toLowerCase());
    const entries = Object.keys(keys).map((k, i) => {
      const clash = lower.indexOf(lower[i]!) !== lower.lastIndexOf(lower[i]!);
      return [clash ? k : lower[i]!, list(keys[k])] as const;
    });
    const block: { [key: string]: Canonical } = {};
    for (const [k, v] of entries.sort(([a], [b]) => byText(a, b))) block[k] = v;
    out[operator] = block;
  }
  return out;
}

const FIELDS: Record<string, (v: unknown) => Canonical> = {
  Effect: (v) => text(v),
  Principal: principal,
  NotPrincipal: principal,
  Action: (v) => list(v, (s) => s.toLowerCase()),
  NotAction: (v) => list(v, (s) => s.toLowerCase()),
  Resource: (v) => list(v),
  NotResource: (v) => list(v),
  Condition: condition,
};

export function normaliseStatement(statement: unknown): Canonical {
  if (!isObject(statement)) return sortedKeys(statement);
  const out: { [key: string]: Canonical } = {};
  for (const [field, canon] of Object.entries(FIELDS))
    if (statement[field] !== undefined) out[field] = canon(statement[field]);
  for (const k of Object.keys(statement).sort(byText))
    if (!(k in FIELDS) && k !== "Sid") out[k] = sortedKeys(statement[k]);
  return out;
}

/** The canonical form of a document; null for none. */
export function normalisePolicy(doc: PolicyDocument | undefined): CanonicalPolicy | null {
  if (!isObject(doc)) return null;
  const raw: unknown = doc.Statement;
  const statements = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const byJson = new Map<string, Canonical>();
  for (const s of statements) {
    const c = normaliseStatement(s);
    byJson.set(JSON.stringify(c), c);
  }
  return {
    Version: typeof doc.Version === "string" ? doc.Version : "2008-10-17",
    Statement: [...byJson.keys()].sort(byText).map((k) => byJson.get(k)!),
  };
}

export function samePolicy(a: CanonicalPolicy | null, b: CanonicalPolicy | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Statements (canonical JSON, one line each) only in the design and only in the account. */
export function statementDifference(
  expected: CanonicalPolicy | null,
  actual: CanonicalPolicy | null,
): { designedOnly: string[]; deployedOnly: string[] } {
  const lines = (p: CanonicalPolicy | null) => (p ? p.Statement.map((s) => JSON.stringify(s)) : []);
  const e = lines(expected);
  const a = lines(actual);
  const out = {
    designedOnly: e.filter((s) => !a.includes(s)),
    deployedOnly: a.filter((s) => !e.includes(s)),
  };
  if (expected && actual && expected.Version !== actual.Version) {
    out.designedOnly.unshift(`Version ${expected.Version}`);
    out.deployedOnly.unshift(`Version ${actual.Version}`);
  }
  return out;
}
