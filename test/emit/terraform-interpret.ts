// Reads the Terraform `plan` wrote the way Terraform would, and says which IAM it creates.
// Every file goes through HashiCorp's HCL parser (@cdktf/hcl2json, its WebAssembly build);
// the module code is evaluated over the parser's expression tree (for expressions, flatten,
// keys, references between resources), the roots' values are decoded by the parser itself, and
// the variables are checked against their declared types as Terraform converts them (an
// attribute the type does not declare is an error here, where Terraform would silently drop
// it). Anything this interpreter does not know fails: it never guesses.
import { posix } from "node:path";
import { getExpressionAst, parse } from "@cdktf/hcl2json";

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
type Obj = { [key: string]: Value };

interface Node {
  type: string;
  children: Node[];
  meta?: Record<string, unknown> & { value?: string };
  range?: { start: { byte: number }; end: { byte: number } };
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function fail(message: string): never {
  throw new Error(message);
}

/** One parsed file, with every top-level block kind as hcl2json gives it. */
type HclJson = Record<string, Record<string, unknown>>;

export async function parseHcl(path: string, text: string): Promise<HclJson> {
  return (await parse(path, text)) as HclJson;
}

// ---------------------------------------------------------------- root values (data)

/**
 * A literal string as hcl2json returns it (Terraform's JSON syntax): `$${` and `%%{` stand for
 * a literal `${` and `%{`; a bare one is an interpolation or a directive, which data written by
 * Sekisho must never contain.
 */
export function decodeLiteral(s: string, where: string): string {
  let out = "";
  for (let i = 0; i < s.length; ) {
    if (s.startsWith("$${", i) || s.startsWith("%%{", i)) {
      out += `${s[i]}{`;
      i += 3;
    } else if (s.startsWith("${", i) || s.startsWith("%{", i)) {
      fail(`${where}: interpolation or directive in a value: ${JSON.stringify(s)}`);
    } else {
      out += s[i];
      i++;
    }
  }
  return out;
}

function isExpression(s: string): boolean {
  return decodeLiteralSafe(s) === undefined;
}

function decodeLiteralSafe(s: string): string | undefined {
  try {
    return decodeLiteral(s, "");
  } catch {
    return undefined;
  }
}

function literalData(v: unknown, where: string): Value {
  if (typeof v === "string") return decodeLiteral(v, where);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return v;
  if (Array.isArray(v)) return v.map((x, i) => literalData(x, `${where}[${i}]`));
  if (isObj(v))
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [decodeLiteral(k, where), literalData(x, `${where}.${k}`)]),
    );
  return fail(`${where}: unexpected ${String(v)}`);
}

interface RootContext {
  dir: string;
  files: Map<string, string>;
  variables: Record<string, Value>;
  /** Parsed jsonencode arguments, by their source text. */
  encoded: Map<string, Value>;
}

function rootExpression(expr: string, ctx: RootContext, where: string): Value {
  const json = /^jsonencode\(([\s\S]*)\)$/.exec(expr);
  if (json) {
    const v = ctx.encoded.get(json[1]!);
    if (v === undefined) return fail(`${where}: jsonencode argument not parsed`);
    return JSON.stringify(v);
  }
  const file = /^file\("\$\{path\.module\}\/([\w.-]+)"\)$/.exec(expr);
  if (file) {
    const text = ctx.files.get(posix.join(ctx.dir, file[1]!));
    return text ?? fail(`${where}: file ${file[1]} is not written`);
  }
  const variable = /^var\.(\w+)$/.exec(expr);
  if (variable) {
    const v = ctx.variables[variable[1]!];
    return v === undefined ? fail(`${where}: var.${variable[1]} is not declared`) : v;
  }
  return fail(`${where}: unexpected expression ${expr}`);
}

function rootValue(v: unknown, ctx: RootContext, where: string): Value {
  if (typeof v === "string") {
    if (!isExpression(v)) return decodeLiteral(v, where);
    const m = /^\$\{([\s\S]*)\}$/.exec(v);
    return m ? rootExpression(m[1]!, ctx, where) : fail(`${where}: a template in a value: ${v}`);
  }
  if (Array.isArray(v)) return v.map((x, i) => rootValue(x, ctx, `${where}[${i}]`));
  if (isObj(v))
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [decodeLiteral(k, where), rootValue(x, ctx, `${where}.${k}`)]),
    );
  return literalData(v, where);
}

/** Every jsonencode(...) argument in a root, parsed in one call (the parser is slow to enter). */
async function parseEncoded(json: unknown, path: string): Promise<Map<string, Value>> {
  const args: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") {
      const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(v);
      if (m) args.push(m[1]!);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (isObj(v)) Object.values(v).forEach(walk);
  };
  walk(json);
  const out = new Map<string, Value>();
  if (args.length === 0) return out;
  const parsed = await parseHcl(path, args.map((a, i) => `v${i} = ${a}`).join("\n"));
  for (const [i, a] of args.entries())
    out.set(a, literalData((parsed as Record<string, unknown>)[`v${i}`], `${path}: jsonencode`));
  return out;
}

// ---------------------------------------------------------------- module code

const astCache = new Map<string, Node>();

async function ast(expr: string): Promise<Node> {
  let n = astCache.get(expr);
  if (!n) {
    n = ((await getExpressionAst("module.tf", expr)) as Node | null) ?? fail(`cannot parse ${expr}`);
    astCache.set(expr, n);
  }
  return n;
}

interface Scope {
  vars: Record<string, Value>;
  locals: Record<string, Value>;
  bindings: Record<string, Value>;
  resources: Record<string, Record<string, Record<string, Obj>>>;
}

function attribute(v: Value, name: string, where: string): Value {
  if (!isObj(v) || !(name in v)) return fail(`${where}: no attribute ${name}`);
  return v[name]!;
}

function traverse(root: string, path: string[], scope: Scope, where: string): Value {
  let v: Value;
  let rest = path;
  if (root === "var") {
    v = scope.vars[path[0]!] ?? fail(`${where}: no var.${path[0]}`);
    rest = path.slice(1);
  } else if (root === "local") {
    v = scope.locals[path[0]!] ?? fail(`${where}: no local.${path[0]}`);
    rest = path.slice(1);
  } else if (root in scope.bindings) {
    v = scope.bindings[root]!;
  } else if (root.startsWith("aws_")) {
    v =
      (scope.resources[root]?.[path[0]!] as Obj | undefined) ??
      fail(`${where}: ${root}.${path[0]} not evaluated yet`);
    rest = path.slice(1);
  } else return fail(`${where}: unknown name ${root}`);
  for (const p of rest) v = attribute(v, p, where);
  return v;
}

function entries(v: Value, where: string): [Value, Value][] {
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  // Terraform iterates maps and objects in lexical order of their keys.
  if (isObj(v))
    return Object.keys(v)
      .sort()
      .map((k) => [k, v[k]!]);
  return fail(`${where}: cannot iterate ${JSON.stringify(v)}`);
}

function evaluate(n: Node, src: string, scope: Scope): Value {
  const where = src;
  switch (n.type) {
    case "literalValue": {
      const t = n.meta?.type;
      const raw = String(n.meta?.value);
      if (t === "number") return Number(raw);
      if (t === "bool") return raw === "true";
      if (t === "string") {
        if (/[\\$%]/.test(raw)) fail(`${where}: module literal with an escape: ${raw}`);
        return raw;
      }
      return fail(`${where}: literal of type ${String(t)}`);
    }
    case "template":
      return n.children
        .map((c) => {
          const v = evaluate(c, src, scope);
          return typeof v === "string" || typeof v === "number"
            ? String(v)
            : fail(`${where}: ${JSON.stringify(v)} in a template`);
        })
        .join("");
    case "scopeTraversal": {
      const parts = String(n.meta?.fullAccessor).split(".");
      return traverse(parts[0]!, parts.slice(1), scope, where);
    }
    case "relativeTraversal": {
      let v = evaluate(n.children[0]!, src, scope);
      for (const p of String(n.meta?.fullAccessor).split(".")) v = attribute(v, p, where);
      return v;
    }
    case "index": {
      const coll = evaluate(n.children[0]!, src, scope);
      const k = evaluate(n.children[1]!, src, scope);
      if (Array.isArray(coll) && typeof k === "number") return coll[k] ?? fail(`${where}: no index ${k}`);
      if (isObj(coll) && typeof k === "string") return coll[k] ?? fail(`${where}: no key ${k}`);
      return fail(`${where}: cannot index`);
    }
    case "function": {
      if (n.meta?.expandedFinalArgument) fail(`${where}: argument expansion`);
      const args = n.children.map((c) => evaluate(c, src, scope));
      switch (n.meta?.name) {
        case "flatten": {
          const flat = (v: Value): Value[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
          return flat(args[0]!);
        }
        case "keys": {
          const o = args[0]!;
          return isObj(o) ? Object.keys(o).sort() : fail(`${where}: keys of a non-object`);
        }
        default:
          return fail(`${where}: function ${String(n.meta?.name)} is not interpreted`);
      }
    }
    case "tuple":
      return n.children.map((c) => evaluate(c, src, scope));
    case "object": {
      const out: Obj = {};
      for (let i = 0; i < n.children.length; i += 2) {
        const keyNode = n.children[i]!;
        const key = keyNode.children.length
          ? evaluate(keyNode.children[0]!, src, scope)
          : src.slice(keyNode.range!.start.byte, keyNode.range!.end.byte);
        if (typeof key !== "string") fail(`${where}: object key`);
        out[key as string] = evaluate(n.children[i + 1]!, src, scope);
      }
      return out;
    }
    case "for": {
      const m = n.meta as Record<string, unknown>;
      if (m.conditionalExpression || m.groupedValue) fail(`${where}: for with if or grouping`);
      const isObject = m.openRangeValue === "{";
      const coll = evaluate(n.children[0]!, src, scope);
      const keyVar = String(m.keyVar);
      const valVar = String(m.valVar);
      const items = entries(coll, where).map(([k, v]) => {
        const inner: Scope = {
          ...scope,
          bindings: { ...scope.bindings, [valVar]: v, ...(keyVar ? { [keyVar]: k } : {}) },
        };
        return isObject
          ? [evaluate(n.children[1]!, src, inner), evaluate(n.children[2]!, src, inner)]
          : [null, evaluate(n.children[1]!, src, inner)];
      });
      if (!isObject) return items.map(([, v]) => v!);
      const out: Obj = {};
      for (const [k, v] of items) {
        if (typeof k !== "string") fail(`${where}: for key`);
        // Terraform refuses duplicate keys in a for expression without grouping.
        if ((k as string) in out) fail(`${where}: duplicate key ${String(k)}`);
        out[k as string] = v!;
      }
      return out;
    }
    default:
      return fail(`${where}: expression ${n.type} is not interpreted`);
  }
}

async function moduleValue(v: unknown, scope: Scope, where: string): Promise<Value> {
  if (typeof v === "string") {
    const m = /^\$\{([\s\S]*)\}$/.exec(v);
    if (!m) return decodeLiteral(v, where);
    const src = m[1]!;
    return evaluate(await ast(src), src, scope);
  }
  return literalData(v, where);
}

// ---------------------------------------------------------------- types

type Type =
  | { kind: "string" | "number" | "bool" }
  | { kind: "list" | "map"; of: Type }
  | { kind: "object"; attrs: Record<string, { type: Type; optional: boolean }> };

function typeOf(n: Node, src: string): Type {
  if (n.type === "scopeTraversal") {
    const name = String(n.meta?.fullAccessor);
    if (name === "string" || name === "number" || name === "bool") return { kind: name };
    return fail(`type ${name}`);
  }
  if (n.type === "function") {
    const name = String(n.meta?.name);
    if (name === "list" || name === "map") return { kind: name, of: typeOf(n.children[0]!, src) };
    if (name === "object") {
      const o = n.children[0]!;
      const attrs: Record<string, { type: Type; optional: boolean }> = {};
      for (let i = 0; i < o.children.length; i += 2) {
        const k = o.children[i]!;
        const key = src.slice(k.range!.start.byte, k.range!.end.byte);
        let t = o.children[i + 1]!;
        const optional = t.type === "function" && t.meta?.name === "optional";
        if (optional) {
          if (t.children.length !== 1) fail(`optional() with a default is not interpreted (${key})`);
          t = t.children[0]!;
        }
        attrs[key] = { type: typeOf(t, src), optional };
      }
      return { kind: "object", attrs };
    }
  }
  return fail(`type expression ${n.type}`);
}

/** Terraform's conversion of a module argument to the variable's type, strictly. */
function conform(v: Value, t: Type, where: string): Value {
  switch (t.kind) {
    case "string":
      return typeof v === "string" ? v : fail(`${where}: string expected, got ${JSON.stringify(v)}`);
    case "number":
      return typeof v === "number" ? v : fail(`${where}: number expected`);
    case "bool":
      return typeof v === "boolean" ? v : fail(`${where}: bool expected`);
    case "list":
      return Array.isArray(v)
        ? v.map((x, i) => conform(x, t.of, `${where}[${i}]`))
        : fail(`${where}: list expected`);
    case "map":
      return isObj(v)
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, conform(x, t.of, `${where}.${k}`)]))
        : fail(`${where}: map expected`);
    case "object": {
      if (!isObj(v)) return fail(`${where}: object expected`);
      for (const k of Object.keys(v))
        if (!(k in t.attrs)) fail(`${where}: attribute ${k} is not in the variable's type`);
      const out: Obj = {};
      for (const [k, a] of Object.entries(t.attrs)) {
        if (!(k in v)) {
          if (!a.optional) fail(`${where}: attribute ${k} is required`);
          out[k] = null;
        } else out[k] = conform(v[k]!, a.type, `${where}.${k}`);
      }
      return out;
    }
  }
}

// ---------------------------------------------------------------- whole configuration

export interface ResourceInstance {
  type: string;
  key: string;
  attrs: Obj;
}

export interface RootResult {
  dir: string;
  accountId: string;
  region: string;
  deployRoleArn: Value;
  module: string;
  resources: ResourceInstance[];
  imports: { to: string; id: string }[];
  /** Every block the files declare, for the schema check: [file, kind, type, body]. */
  blocks: { file: string; kind: "resource" | "provider"; type: string; body: Record<string, unknown> }[];
}

/** Order resources are evaluated in: each only refers to resources of earlier types. */
const ORDER = [
  "aws_iam_saml_provider",
  "aws_iam_openid_connect_provider",
  "aws_iam_policy",
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_iam_role_policies_exclusive",
  "aws_iam_role_policy_attachments_exclusive",
  "aws_iam_group",
  "aws_iam_group_policy",
  "aws_iam_group_policy_attachment",
  "aws_iam_group_policies_exclusive",
  "aws_iam_group_policy_attachments_exclusive",
  "aws_iam_user_group_membership",
];

/** Attributes AWS (the provider) computes that the module refers to. */
function computed(type: string, attrs: Obj): Obj {
  if (type === "aws_iam_role" || type === "aws_iam_group")
    return { ...attrs, id: attrs.name!, arn: "(known after apply)" };
  return attrs;
}

const META = new Set(["for_each", "depends_on", "count", "lifecycle", "provider"]);

async function parseModule(dir: string, files: Map<string, string>) {
  const merged: HclJson = {};
  const blocks: RootResult["blocks"] = [];
  const names = [...files.keys()].filter((p) => posix.dirname(p) === dir && p.endsWith(".tf")).sort();
  if (names.length === 0) fail(`module ${dir} has no .tf file`);
  for (const path of names) {
    const json = await parseHcl(path, files.get(path)!);
    for (const [kind, body] of Object.entries(json)) {
      // locals blocks come as a list of objects; everything else as an object by name.
      if (Array.isArray(body))
        merged[kind] = [...((merged[kind] as unknown as unknown[]) ?? []), ...body] as unknown as Record<
          string,
          unknown
        >;
      else merged[kind] = { ...(merged[kind] ?? {}), ...body };
      if (kind === "resource") {
        for (const [type, named] of Object.entries(body))
          for (const list of Object.values(named as Record<string, unknown[]>))
            for (const b of list)
              blocks.push({ file: path, kind: "resource", type, body: b as Record<string, unknown> });
      }
    }
  }
  return { json: merged, blocks };
}

export async function interpretRoot(dir: string, files: Map<string, string>): Promise<RootResult> {
  const path = `${dir}/main.tf`;
  const root = await parseHcl(path, files.get(path) ?? fail(`${path} not written`));
  const variables: Record<string, Value> = {};
  for (const [name, list] of Object.entries(root.variable ?? {})) {
    const v = (list as Record<string, unknown>[])[0]!;
    variables[name] = "default" in v ? literalData(v.default, `${path}: var.${name}`) : `<var.${name}>`;
  }
  const encoded = await parseEncoded(root, path);
  const ctx: RootContext = { dir, files, variables, encoded };
  const provider = ((root.provider?.aws as Record<string, unknown>[] | undefined) ??
    fail(`${path}: no aws provider`))[0]!;
  const accounts = rootValue(provider.allowed_account_ids, ctx, "allowed_account_ids");
  if (!Array.isArray(accounts) || accounts.length !== 1) fail(`${path}: one allowed account expected`);
  const assume = (provider.assume_role as Record<string, unknown>[])[0]!;
  const blocks: RootResult["blocks"] = [{ file: path, kind: "provider", type: "aws", body: provider }];

  const calls = Object.entries(root.module ?? {});
  if (calls.length !== 1) fail(`${path}: one module call expected`);
  const [callName, callList] = calls[0]!;
  const call = (callList as Record<string, unknown>[])[0]!;
  const source = rootValue(call.source, ctx, "source") as string;
  const moduleDir = posix.normalize(posix.join(dir, source));
  const mod = await parseModule(moduleDir, files);
  blocks.push(...mod.blocks);

  // Variables: the call's arguments, converted to the declared types.
  const declared = mod.json.variable ?? {};
  const vars: Obj = {};
  for (const k of Object.keys(call))
    if (k !== "source" && !(k in declared)) fail(`${path}: argument ${k} is not a variable of ${source}`);
  for (const [name, list] of Object.entries(declared)) {
    const decl = (list as Record<string, unknown>[])[0]!;
    const typeSrc = /^\$\{([\s\S]*)\}$/.exec(String(decl.type))?.[1] ?? fail(`var.${name}: no type`);
    const type = typeOf(await ast(typeSrc), typeSrc);
    const given =
      name in call
        ? rootValue(call[name], ctx, `${path}: ${name}`)
        : "default" in decl
          ? literalData(decl.default, name)
          : fail(`${path}: var.${name} is required`);
    vars[name] = conform(given, type, `${path}: ${name}`);
  }

  const scope: Scope = { vars, locals: {}, bindings: {}, resources: {} };
  for (const list of (mod.json.locals as unknown as Record<string, unknown>[] | undefined) ?? []) {
    for (const [name, expr] of Object.entries(list))
      scope.locals[name] = await moduleValue(expr, scope, `local.${name}`);
  }
  const declaredTypes = Object.keys(mod.json.resource ?? {});
  for (const t of declaredTypes)
    if (!ORDER.includes(t)) fail(`${moduleDir}: resource type ${t} is not interpreted`);
  const resources: ResourceInstance[] = [];
  for (const type of ORDER) {
    const named = (mod.json.resource?.[type] as Record<string, Record<string, unknown>[]> | undefined) ?? {};
    for (const [name, list] of Object.entries(named)) {
      const body = list[0]!;
      const forEach = await moduleValue(body.for_each, scope, `${type}.${name}.for_each`);
      if (!isObj(forEach)) fail(`${type}.${name}: for_each must be a map`);
      const instances: Record<string, Obj> = {};
      for (const key of Object.keys(forEach).sort()) {
        const inner: Scope = { ...scope, bindings: { each: { key, value: forEach[key]! } } };
        const attrs: Obj = {};
        for (const [a, expr] of Object.entries(body)) {
          if (META.has(a)) continue;
          attrs[a] = await moduleValue(expr, inner, `${type}.${name}["${key}"].${a}`);
        }
        instances[key] = computed(type, attrs);
        resources.push({ type, key, attrs });
      }
      scope.resources[type] = { ...(scope.resources[type] ?? {}), [name]: instances };
    }
  }

  const imports = ((root.import as unknown as Record<string, unknown>[] | undefined) ?? []).map((i) => {
    const to = /^\$\{([\s\S]*)\}$/.exec(String(i.to))?.[1] ?? fail("import to");
    const prefix = `module.${callName}.`;
    if (!to.startsWith(prefix)) fail(`import to ${to} is not in module ${callName}`);
    return { to: to.slice(prefix.length), id: rootValue(i.id, ctx, "import id") as string };
  });
  return {
    dir,
    accountId: accounts[0] as string,
    region: rootValue(provider.region, ctx, "region") as string,
    deployRoleArn: rootValue(assume.role_arn, ctx, "role_arn"),
    module: posix.basename(moduleDir),
    resources,
    imports,
    blocks,
  };
}
