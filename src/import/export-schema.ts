// The shape of a get-account-authorization-details export, checked once at import for every
// command that reads exports (audit, diff, migrate, init). A value of the wrong type is an
// error naming its JSON path and what was expected there, never a silent drop or a crash
// later: an object where a list belongs (the AWS CLI's own documented example has
// `AttachedManagedPolicies` as one object), a name that is a number, a tag without Value, a
// null statement, an Effect other than Allow or Deny. Unknown fields are allowed (AWS adds
// fields); unknown statement elements are not, since a misspelt `Condition` would widen access.
import { z } from "zod";
import type { Diagnostic } from "../model/diagnostics.js";

/** Exports nest about 15 deep; anything far deeper is hostile or broken (and would overflow recursive code). */
export const MAX_DEPTH = 64;

const text = z.string();
const oneOrMany = z.union([z.string(), z.array(z.string())], {
  error: "expected a string or a list of strings",
});
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const conditionValue = z.union([scalar, z.array(scalar)], {
  error: "expected a string, number or boolean, or a list of them",
});
const principal = z.union(
  [
    z.literal("*"),
    z.strictObject({
      AWS: oneOrMany.optional(),
      Federated: oneOrMany.optional(),
      Service: oneOrMany.optional(),
      CanonicalUser: oneOrMany.optional(),
    }),
  ],
  { error: 'expected "*" or an object of AWS, Federated, Service, CanonicalUser' },
);

export const statementSchema = z
  .strictObject({
    Sid: text.optional(),
    Effect: z.enum(["Allow", "Deny"]),
    Principal: principal.optional(),
    NotPrincipal: principal.optional(),
    Action: oneOrMany.optional(),
    NotAction: oneOrMany.optional(),
    Resource: oneOrMany.optional(),
    NotResource: oneOrMany.optional(),
    Condition: z.record(z.string(), z.record(z.string(), conditionValue)).optional(),
  })
  .superRefine((s, ctx) => {
    const pairs = [
      ["Action", "NotAction", true],
      ["Resource", "NotResource", false],
      ["Principal", "NotPrincipal", false],
    ] as const;
    for (const [a, b, required] of pairs) {
      if (s[a] !== undefined && s[b] !== undefined)
        ctx.addIssue({ code: "custom", message: `expected ${a} or ${b}, not both` });
      else if (required && s[a] === undefined && s[b] === undefined)
        ctx.addIssue({ code: "custom", message: `expected ${a} or ${b}` });
    }
  });

export const documentSchema = z.looseObject({
  Version: z.enum(["2012-10-17", "2008-10-17"]).optional(),
  Id: text.optional(),
  Statement: z.union([statementSchema, z.array(statementSchema)], {
    error: "expected a statement or a list of statements",
  }),
});

/** A document as found: an object (the CLI's form) or URL-encoded JSON (the API's); decoded and checked later. */
const rawDocument = z.union([z.string(), z.looseObject({})], {
  error: "expected a policy document (an object, or URL-encoded JSON text)",
});
const inline = z.looseObject({ PolicyName: text, PolicyDocument: rawDocument });
const attached = z.looseObject({ PolicyName: text, PolicyArn: text });
const tag = z.looseObject({ Key: text, Value: text });
const boundary = z.looseObject({ PermissionsBoundaryArn: text, PermissionsBoundaryType: text.optional() });
const list = <T extends z.ZodType>(item: T) => z.array(item).optional();

const role = z.looseObject({
  RoleName: text,
  Arn: text,
  Path: text.optional(),
  RoleId: text.optional(),
  AssumeRolePolicyDocument: rawDocument,
  RolePolicyList: list(inline),
  AttachedManagedPolicies: list(attached),
  InstanceProfileList: list(z.looseObject({})),
  PermissionsBoundary: boundary.optional(),
  Tags: list(tag),
  MaxSessionDuration: z.number().optional(),
});
const user = z.looseObject({
  UserName: text,
  Arn: text,
  Path: text.optional(),
  UserId: text.optional(),
  UserPolicyList: list(inline),
  AttachedManagedPolicies: list(attached),
  GroupList: list(text),
  PermissionsBoundary: boundary.optional(),
  Tags: list(tag),
});
const group = z.looseObject({
  GroupName: text,
  Arn: text,
  Path: text.optional(),
  GroupId: text.optional(),
  GroupPolicyList: list(inline),
  AttachedManagedPolicies: list(attached),
});
const managedPolicy = z.looseObject({
  PolicyName: text,
  Arn: text,
  Path: text.optional(),
  DefaultVersionId: text.optional(),
  PolicyVersionList: list(
    z.looseObject({ VersionId: text, IsDefaultVersion: z.boolean(), Document: rawDocument }),
  ),
});

export const pageSchema = z.looseObject({
  UserDetailList: list(user),
  GroupDetailList: list(group),
  RoleDetailList: list(role),
  Policies: list(managedPolicy),
  IsTruncated: z.boolean().optional(),
  Marker: text.optional(),
});

export type JsonPath = readonly (string | number)[];

/** `$.RoleDetailList[0].Tags[1].Value`; keys that are not identifiers are quoted. */
export function jsonPath(path: JsonPath): string {
  return path
    .map((seg) =>
      typeof seg === "number"
        ? `[${seg}]`
        : /^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)
          ? `.${seg}`
          : `[${JSON.stringify(seg)}]`,
    )
    .reduce((acc, s) => acc + s, "$");
}

function found(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    const t = JSON.stringify(value);
    return t.length > 40 ? `${t.slice(0, 37)}..."` : t;
  }
  return `${typeof value} ${String(value)}`;
}

const WORDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  record: "an object",
};

function valueAt(root: unknown, path: JsonPath): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/**
 * Zod's issues, flattened: a union whose input matched one branch's type (a list given where a
 * statement or a list of statements belongs) reports that branch's own issues, deeper down.
 */
function flatten(issues: readonly z.core.$ZodIssue[], base: JsonPath = []): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    const path = [...base, ...(issue.path as (string | number)[])];
    if (issue.code === "invalid_union") {
      const deeper = issue.errors.find(
        (branch) => branch.length > 0 && branch.every((i) => i.path.length > 0),
      );
      if (deeper) return flatten(deeper, path);
    }
    return [{ ...issue, path }];
  });
}

/** What zod said, as `file: JSON path: what was expected, found what`. */
function issueDiagnostic(file: string, prefix: JsonPath, root: unknown, issue: z.core.$ZodIssue): Diagnostic {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  let message: string;
  if (issue.code === "invalid_type") message = `expected ${WORDS[issue.expected] ?? issue.expected}`;
  else if (issue.code === "invalid_value")
    message = `expected ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}`;
  else if (issue.code === "unrecognized_keys")
    message = `unexpected ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}: expected only Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition`;
  else message = issue.message;
  const withFound =
    issue.code === "unrecognized_keys" || issue.code === "custom"
      ? message
      : `${message}, found ${found(valueAt(root, issue.path as JsonPath))}`;
  return {
    severity: "error",
    code: "export-shape",
    file,
    line: 1,
    column: 1,
    path: jsonPath(path),
    message: withFound,
  };
}

/** The first place deeper than MAX_DEPTH, found without recursion. */
export function tooDeep(value: unknown): JsonPath | undefined {
  // Each entry links to its parent, so the path is built only for the place reported.
  type Entry = { v: unknown; depth: number; key: string | number; parent: Entry | undefined };
  const stack: Entry[] = [{ v: value, depth: 0, key: "", parent: undefined }];
  while (stack.length) {
    const e = stack.pop()!;
    const v = e.v;
    if (v === null || typeof v !== "object") continue;
    if (e.depth >= MAX_DEPTH) {
      const path: (string | number)[] = [];
      for (let at: Entry | undefined = e; at?.parent; at = at.parent) path.push(at.key);
      return path.reverse();
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (x !== null && typeof x === "object") stack.push({ v: x, depth: e.depth + 1, key: i, parent: e });
      }
    } else {
      for (const k in v as Record<string, unknown>) {
        if (!Object.hasOwn(v, k)) continue;
        const x = (v as Record<string, unknown>)[k];
        if (x !== null && typeof x === "object") stack.push({ v: x, depth: e.depth + 1, key: k, parent: e });
      }
    }
  }
  return undefined;
}

export function depthDiagnostic(file: string, path: JsonPath): Diagnostic {
  return {
    severity: "error",
    code: "export-shape",
    file,
    line: 1,
    column: 1,
    path: `${jsonPath(path.slice(0, 12))}...`,
    message: `nested more than ${MAX_DEPTH} levels deep: expected an export (about 15 levels at most)`,
  };
}

/** Checks value against schema; each problem as a diagnostic at prefix + its path. */
export function checkShape(
  file: string,
  schema: z.ZodType,
  value: unknown,
  prefix: JsonPath = [],
): Diagnostic[] {
  const deep = tooDeep(value);
  if (deep) return [depthDiagnostic(file, [...prefix, ...deep])];
  const r = schema.safeParse(value);
  if (r.success) return [];
  return flatten(r.error.issues).map((i) => issueDiagnostic(file, prefix, value, i));
}
