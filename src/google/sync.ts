// `sekisho google sync`, the pure part: what each person's values should be, what they are,
// what changes, and how to say it. The shell (src/cli/google-command.ts) reads and writes
// through the Directory API; everything it decides comes from here.
import type { AccessModel } from "../model/types.js";
import { compareEmails, type PersonAttributes, peopleAttributes, updateBody } from "./attributes.js";
import { DEFAULT_SCHEMA, type GoogleSchemaNames } from "./schema.js";

/** A person's values in our schema as Google returned them (users.get, projection=custom). */
export interface CurrentValues {
  roles: string[];
  sessionDuration?: string;
}

export type PersonChange =
  | { email: string; kind: "unchanged" }
  | { email: string; kind: "missing" }
  | {
      email: string;
      kind: "update";
      add: string[];
      remove: string[];
      /** Set when SessionDuration changes; `from` is undefined when it was not set. */
      duration?: { from?: string; to: string };
      /** The users.patch body: our schema's fields only, the full Role list. */
      body: ReturnType<typeof updateBody>;
    };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads our schema's fields out of a user resource's `customSchemas`; anything else is ignored. */
export function readCurrent(
  customSchemas: unknown,
  names: GoogleSchemaNames = DEFAULT_SCHEMA,
): CurrentValues {
  const schema = isRecord(customSchemas) ? customSchemas[names.schema] : undefined;
  if (!isRecord(schema)) return { roles: [] };
  const rawRoles = schema[names.roleField];
  const list = Array.isArray(rawRoles)
    ? rawRoles
    : rawRoles === undefined || rawRoles === null
      ? []
      : [rawRoles];
  const roles = list.flatMap((r): string[] => {
    if (typeof r === "string") return [r];
    if (isRecord(r) && typeof r.value === "string") return [r.value];
    return [];
  });
  const d = schema[names.durationField];
  const duration = typeof d === "string" ? d : typeof d === "number" ? String(d) : undefined;
  return { roles, ...(duration !== undefined ? { sessionDuration: duration } : {}) };
}

function sortedCopy(values: readonly string[]): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The change for one person. The Role list is compared as a multiset (order does not matter to
 * AWS; a duplicate is cleaned up); the value's `type` is ignored.
 */
export function diffPerson(
  want: PersonAttributes,
  current: CurrentValues | undefined,
  names: GoogleSchemaNames = DEFAULT_SCHEMA,
): PersonChange {
  if (!current) return { email: want.email, kind: "missing" };
  const wanted = want.roles.map((r) => r.value);
  const a = sortedCopy(wanted);
  const b = sortedCopy(current.roles);
  const sameRoles = a.length === b.length && a.every((v, i) => v === b[i]);
  const sameDuration = current.sessionDuration === want.sessionDuration;
  if (sameRoles && sameDuration) return { email: want.email, kind: "unchanged" };
  const add = wanted.filter((v) => !current.roles.includes(v));
  const remove = [...new Set(current.roles.filter((v) => !wanted.includes(v)))];
  return {
    email: want.email,
    kind: "update",
    add,
    remove,
    ...(sameDuration
      ? {}
      : {
          duration: {
            ...(current.sessionDuration !== undefined ? { from: current.sessionDuration } : {}),
            to: want.sessionDuration,
          },
        }),
    body: updateBody(want, names),
  };
}

/** Every person's change, in the order of `peopleAttributes` (by email). */
export function diffAll(
  model: AccessModel,
  current: ReadonlyMap<string, CurrentValues | undefined>,
  names: GoogleSchemaNames = DEFAULT_SCHEMA,
): PersonChange[] {
  return peopleAttributes(model).map((p) => diffPerson(p, current.get(p.email.toLowerCase()), names));
}

/** People outside the model who still hold Role values in our schema: changed only by `--prune`. */
export interface Outsider {
  email: string;
  roles: string[];
  /** Their SessionDuration, when set (cleared with the roles by `--prune`). */
  sessionDuration?: string;
}

export function outsiders(
  model: AccessModel,
  users: readonly { primaryEmail: string; customSchemas?: unknown }[],
  names: GoogleSchemaNames = DEFAULT_SCHEMA,
): Outsider[] {
  const inModel = new Set(model.people.map((p) => p.email.toLowerCase()));
  return users
    .filter((u) => !inModel.has(u.primaryEmail.toLowerCase()))
    .map((u) => ({ email: u.primaryEmail, ...readCurrent(u.customSchemas, names) }))
    .filter((o) => o.roles.length > 0)
    .sort((x, y) => compareEmails(x.email, y.email));
}

/**
 * The users.patch body that revokes an outsider: our two fields set to `null`, which the
 * Directory API documents as deleting a custom field from a profile ("To delete a custom field
 * or a custom schema from a profile, you must explicitly set it to null"). Only the fields the
 * person holds are sent; other fields of the schema and other schemas are not in the body, so
 * they stay as they are.
 */
export function pruneBody(o: Outsider, names: GoogleSchemaNames = DEFAULT_SCHEMA) {
  const fields: Record<string, null> = { [names.roleField]: null };
  if (o.sessionDuration !== undefined) fields[names.durationField] = null;
  return { customSchemas: { [names.schema]: fields } };
}

/** Text from Google shown on a terminal: control characters (escape sequences) made visible. */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: neutralising them is the point
  const control = /[\u0000-\u001f\u007f-\u009f]/g;
  return text.replaceAll(control, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function formatChanges(
  changes: readonly PersonChange[],
  names: GoogleSchemaNames = DEFAULT_SCHEMA,
): string {
  const lines: string[] = [];
  for (const c of changes) {
    if (c.kind === "unchanged") lines.push(`  ${c.email}: unchanged`);
    else if (c.kind === "missing") lines.push(`  ${c.email}: NOT FOUND in Google Workspace (skipped)`);
    else {
      lines.push(`  ${c.email}: update`);
      for (const v of c.add) lines.push(`    + ${names.roleField} ${v}`);
      for (const v of c.remove) lines.push(`    - ${names.roleField} ${printable(v)}`);
      if (c.duration)
        lines.push(
          `    ~ ${names.durationField} ${c.duration.from !== undefined ? printable(c.duration.from) : "(not set)"} -> ${c.duration.to}`,
        );
      if (c.add.length === 0 && c.remove.length === 0 && !c.duration)
        lines.push(`    ~ ${names.roleField} list rewritten (duplicate values removed)`);
    }
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

export function formatOutsiders(
  list: readonly Outsider[],
  prune: boolean,
  names: GoogleSchemaNames = DEFAULT_SCHEMA,
): string {
  if (list.length === 0) return "";
  const one = list.length === 1;
  const head = `${list.length} ${one ? "person" : "people"} outside the model still ${one ? "has" : "have"} ${names.schema}.${names.roleField} values`;
  const lines = [
    prune
      ? `${head} (--prune clears them):`
      : `${head} and can still sign in to AWS while a value names a landing role (not changed; --prune clears them):`,
  ];
  for (const o of list) {
    if (prune) {
      lines.push(`  ${printable(o.email)}: clear`);
      for (const r of o.roles) lines.push(`    - ${names.roleField} ${printable(r)}`);
      if (o.sessionDuration !== undefined)
        lines.push(`    - ${names.durationField} ${printable(o.sessionDuration)}`);
    } else {
      lines.push(`  ${printable(o.email)}`);
      for (const r of o.roles) lines.push(`    ${printable(r)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export interface SyncCounts {
  update: number;
  unchanged: number;
  missing: number;
}

export function countChanges(changes: readonly PersonChange[]): SyncCounts {
  return {
    update: changes.filter((c) => c.kind === "update").length,
    unchanged: changes.filter((c) => c.kind === "unchanged").length,
    missing: changes.filter((c) => c.kind === "missing").length,
  };
}
