// A tiny HCL syntax tree and its printer, in `terraform fmt` style: two-space indents, the `=`
// of consecutive one-line attributes aligned, no trailing spaces. Pure; no data ever becomes code:
// strings are always printed as quoted literals with `${` and `%{` escaped, so a hostile name in
// the model cannot turn into an interpolation or a template directive.

export type Expr =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "tuple"; items: Expr[] }
  | { kind: "object"; entries: ObjectEntry[] }
  | { kind: "call"; name: string; args: Expr[] }
  /** An expression Sekisho writes itself (`var.x`, `module.m.y`). Never built from model data. */
  | { kind: "code"; text: string };

export interface ObjectEntry {
  key: string;
  value: Expr;
}

export type BodyItem =
  | { kind: "attribute"; name: string; value: Expr }
  | { kind: "block"; type: string; labels: string[]; body: BodyItem[] }
  /** A `#` comment line (each line of text becomes one). */
  | { kind: "comment"; text: string }
  | { kind: "blank" };

export const str = (value: string): Expr => ({ kind: "string", value });
export const num = (value: number): Expr => ({ kind: "number", value });
export const bool = (value: boolean): Expr => ({ kind: "bool", value });
export const tuple = (items: Expr[]): Expr => ({ kind: "tuple", items });
export const obj = (entries: ObjectEntry[]): Expr => ({ kind: "object", entries });
export const call = (name: string, ...args: Expr[]): Expr => ({ kind: "call", name, args });
export const code = (text: string): Expr => ({ kind: "code", text });
export const attr = (name: string, value: Expr): BodyItem => ({ kind: "attribute", name, value });
export const block = (type: string, labels: string[], body: BodyItem[]): BodyItem => ({
  kind: "block",
  type,
  labels,
  body,
});
export const comment = (text: string): BodyItem => ({ kind: "comment", text });
export const blank: BodyItem = { kind: "blank" };

/** Plain JSON (a policy document, a tag map) as an HCL value, keys in their original order. */
export function fromJson(value: unknown): Expr {
  if (typeof value === "string") return str(value);
  if (typeof value === "number") return num(value);
  if (typeof value === "boolean") return bool(value);
  if (Array.isArray(value)) return tuple(value.map(fromJson));
  if (value !== null && typeof value === "object") {
    return obj(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([key, v]) => ({ key, value: fromJson(v) })),
    );
  }
  throw new Error(`no HCL form for ${String(value)}`);
}

/**
 * A quoted HCL template literal. Besides the JSON-like escapes, `${` and `%{` open an
 * interpolation or a directive in HCL, so each is doubled (`$${`, `%%{`) to stay literal.
 */
// Anything quote() would change; most strings (ARNs, names, actions) have none of it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const NEEDS_ESCAPE = /[\\"\u0000-\u001f\u007f\u2028\u2029]|[$%]\{/;

export function quote(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  let out = "";
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029)
      out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  // A function replacer: in a replacement string "$$" would mean a single "$".
  return `"${out.replaceAll("${", () => "$${").replaceAll("%{", () => "%%{")}"`;
}

// Keywords that would change meaning as a bare object key (`{ for = 1 }` starts a for expression).
const RESERVED = new Set(["for", "if", "in", "null", "true", "false"]);

/** An object key or attribute name: bare when it is an identifier, else quoted. */
export function key(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) && !RESERVED.has(name) ? name : quote(name);
}

const INDENT = "  ";
/** One-line tuples of scalars are kept up to this width; longer ones get a line per item. */
const MAX_INLINE = 80;

function isScalar(e: Expr): boolean {
  return e.kind === "string" || e.kind === "number" || e.kind === "bool" || e.kind === "code";
}

/** The one-line form of an expression, or undefined when it must span lines. */
function inline(e: Expr): string | undefined {
  switch (e.kind) {
    case "string":
      return quote(e.value);
    case "number":
      return String(e.value);
    case "bool":
      return String(e.value);
    case "code":
      return e.text;
    case "tuple": {
      if (e.items.length === 0) return "[]";
      if (!e.items.every(isScalar)) return undefined;
      const text = `[${e.items.map((i) => inline(i)!).join(", ")}]`;
      return text.length <= MAX_INLINE ? text : undefined;
    }
    case "object":
      return e.entries.length === 0 ? "{}" : undefined;
    case "call": {
      const args = e.args.map(inline);
      return args.every((a) => a !== undefined) ? `${e.name}(${args.join(", ")})` : undefined;
    }
  }
}

/**
 * Lines of an expression placed after `prefix` at `depth`: the first line continues the
 * prefix, the following ones are complete lines.
 */
function exprLines(e: Expr, depth: number): string[] {
  const one = inline(e);
  if (one !== undefined) return [one];
  const pad = INDENT.repeat(depth);
  switch (e.kind) {
    case "tuple": {
      const lines = ["["];
      for (const item of e.items) {
        const inner = exprLines(item, depth + 1);
        inner[inner.length - 1] += ",";
        lines.push(`${pad}${INDENT}${inner[0]}`, ...inner.slice(1));
      }
      lines.push(`${pad}]`);
      return lines;
    }
    case "object":
      return ["{", ...entryLines(e.entries, depth + 1), `${pad}}`];
    case "call": {
      // Only a single multi-line argument is needed (jsonencode({...})): hug it, as fmt users write.
      if (e.args.length !== 1) throw new Error(`${e.name}: one multi-line argument expected`);
      const inner = exprLines(e.args[0]!, depth);
      inner[0] = `${e.name}(${inner[0]}`;
      inner[inner.length - 1] += ")";
      return inner;
    }
    default:
      throw new Error("scalar expressions are always inline");
  }
}

/** Aligns the `=` of consecutive one-line assignments, as `terraform fmt` does. */
function aligned(pairs: { name: string; lines: string[] }[], depth: number): string[] {
  const pad = INDENT.repeat(depth);
  const out: string[] = [];
  let run: { name: string; lines: string[] }[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((p) => Buffer.byteLength(p.name)));
    for (const p of run)
      out.push(`${pad}${p.name}${" ".repeat(width - Buffer.byteLength(p.name))} = ${p.lines[0]}`);
    run = [];
  };
  for (const p of pairs) {
    if (p.lines.length === 1) {
      run.push(p);
      continue;
    }
    flush();
    out.push(`${pad}${p.name} = ${p.lines[0]}`, ...p.lines.slice(1));
  }
  flush();
  return out;
}

function entryLines(entries: ObjectEntry[], depth: number): string[] {
  return aligned(
    entries.map((en) => ({ name: key(en.key), lines: exprLines(en.value, depth) })),
    depth,
  );
}

function bodyLines(items: BodyItem[], depth: number): string[] {
  const pad = INDENT.repeat(depth);
  const out: string[] = [];
  let pending: { name: string; lines: string[] }[] = [];
  const flush = () => {
    out.push(...aligned(pending, depth));
    pending = [];
  };
  for (const item of items) {
    if (item.kind === "attribute") {
      pending.push({ name: item.name, lines: exprLines(item.value, depth) });
      continue;
    }
    flush();
    if (item.kind === "blank") out.push("");
    else if (item.kind === "comment")
      for (const line of item.text.split("\n")) out.push(line ? `${pad}# ${line}` : `${pad}#`);
    else {
      const head = [item.type, ...item.labels.map(quote)].join(" ");
      if (item.body.length === 0) out.push(`${pad}${head} {}`);
      else out.push(`${pad}${head} {`, ...bodyLines(item.body, depth + 1), `${pad}}`);
    }
  }
  flush();
  return out;
}

/** A whole file: the items at top level, one trailing newline. */
export function printHcl(items: BodyItem[]): string {
  return `${bodyLines(items, 0).join("\n")}\n`;
}
