// Structural validation: the zod schema's issues, turned into diagnostics that name the
// line, the value found, what was expected there, and the closest valid key.
import { z } from "zod";
import { type Diagnostic, show } from "./diagnostics.js";
import { accessModelSchema } from "./schema.js";
import type { Path, Source } from "./source.js";
import { didYouMean } from "./suggest.js";

type AnySchema = z.ZodType;

/** The schema that describes the value at path, following objects, records, arrays, unions. */
function schemaAt(schema: AnySchema, path: Path): AnySchema | undefined {
  let s: AnySchema | undefined = schema;
  for (const seg of path) {
    s = s && unwrap(s);
    if (!s) return undefined;
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, AnySchema>)[String(seg)];
    else if (s instanceof z.ZodRecord) s = s.valueType as AnySchema;
    else if (s instanceof z.ZodArray) s = s.element as AnySchema;
    else if (s instanceof z.ZodUnion) {
      const options = s.options as AnySchema[];
      const next = options.map((o) => schemaAt(o, [seg])).find((x): x is AnySchema => x !== undefined);
      s = next;
    } else return undefined;
  }
  return s;
}

function unwrap(s: AnySchema): AnySchema {
  let cur = s;
  while (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault) cur = cur.unwrap() as AnySchema;
  return cur;
}

function keysAt(path: Path): string[] {
  const s = schemaAt(accessModelSchema, path);
  const u = s && unwrap(s);
  if (u instanceof z.ZodObject) return Object.keys(u.shape as object);
  if (u instanceof z.ZodUnion) {
    const obj = (u.options as AnySchema[]).map(unwrap).find((o) => o instanceof z.ZodObject);
    if (obj instanceof z.ZodObject) return Object.keys(obj.shape as object);
  }
  return [];
}

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[String(seg)];
  }
  return v;
}

function kind(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return "text";
  return `a ${typeof value}`;
}

const EXPECTED_TYPE: Record<string, string> = {
  string: "text",
  number: "a number",
  boolean: "true or false",
  object: "a mapping (key: value)",
  array: "a list",
  record: "a mapping (key: value)",
};

export function where(path: Path): string {
  return path.length === 0 ? "the top level" : path.map(String).join(".");
}

/** The descriptions along the wrappers at path, outermost first ("Max session… A duration: …"). */
function describe(path: Path): string | undefined {
  const s = schemaAt(accessModelSchema, path);
  if (!s) return undefined;
  const parts = [s.description, unwrap(s).description].filter((d): d is string => Boolean(d));
  return [...new Set(parts)].join(" ") || undefined;
}

type Issue = z.core.$ZodIssue;

export function checkStructure(source: Source): Diagnostic[] {
  const result = accessModelSchema.safeParse(source.value);
  if (result.success) return [];
  const out: Diagnostic[] = [];
  for (const issue of result.error.issues) report(source, issue, [], out);
  return out;
}

function report(source: Source, issue: Issue, prefix: Path, out: Diagnostic[]): void {
  const base = { severity: "error" as const, file: source.file };
  const path: Path = [...prefix, ...(issue.path as Path)];
  const value = valueAt(source.value, path);
  const description = describe(path);
  if (issue.code === "invalid_union") {
    // Report the branch whose type matched (an object with a bad field), not "Invalid input".
    const matched = issue.errors.find(
      (branch) => !branch.some((i) => i.code === "invalid_type" && i.path.length === 0),
    );
    if (matched) {
      for (const inner of matched) report(source, inner, path, out);
      return;
    }
  }
  if (issue.code === "unrecognized_keys") {
    const known = keysAt(path);
    for (const key of issue.keys) {
      const suggestion = didYouMean(key, known);
      out.push({
        ...base,
        code: "unknown-key",
        ...source.locateKey([...path, key]),
        message: `unknown key '${key}' in ${where(path)}`,
        expected: `one of: ${known.join(", ")}`,
        ...(suggestion ? { didYouMean: suggestion } : {}),
      });
    }
    return;
  }
  if (issue.code === "invalid_type" && value === undefined) {
    const parent = path.slice(0, -1);
    const type = EXPECTED_TYPE[issue.expected] ?? issue.expected;
    out.push({
      ...base,
      code: "missing-key",
      ...source.locateKey(parent),
      message: `missing required key '${String(path[path.length - 1])}' in ${where(parent)}`,
      expected: description ? `${type}: ${description}` : type,
    });
    return;
  }
  if (
    issue.code === "invalid_type" &&
    issue.expected === "string" &&
    typeof value === "number" &&
    path.at(-1) === "account"
  ) {
    out.push({
      ...base,
      code: "account-id",
      ...source.locate(path),
      message: `account id ${value} at ${where(path)} is a number; YAML drops leading zeros from unquoted numbers`,
      expected: `a quoted 12-digit string, e.g. "${String(value).padStart(12, "0")}"`,
    });
    return;
  }
  let expected: string;
  if (issue.code === "invalid_type") {
    const type = EXPECTED_TYPE[issue.expected] ?? issue.expected;
    expected = description ? `${type}: ${description}` : type;
  } else if (issue.code === "invalid_value") expected = `one of: ${issue.values.map(String).join(", ")}`;
  else expected = description ?? issue.message;
  const suggestion =
    issue.code === "invalid_value" && typeof value === "string"
      ? didYouMean(value, issue.values.map(String))
      : undefined;
  out.push({
    ...base,
    code: issue.code === "invalid_type" || issue.code === "invalid_union" ? "wrong-type" : "invalid-value",
    ...source.locate(path),
    message: `${where(path)}: found ${kind(value)} ${show(value)}`,
    expected,
    ...(suggestion ? { didYouMean: suggestion } : {}),
  });
}
