// The Condition element: every operator and every key in it must hold (AND), the
// values listed for one key are alternatives (OR), and negated operators hold when
// none of the values matches (NOR) ("Conditions with multiple context keys or values").
// Absent keys follow the documented rules: a plain operator is false, a negated one
// true, ...IfExists true, ForAllValues true, ForAnyValue false, Null tests presence.
import { arnLike } from "./arn.js";
import { type Found, isMultivaluedKey, type KeyLookup } from "./context.js";
import { cachedGlobRegex, type GlobToken, literalText } from "./glob.js";
import { type Cidr, cidrContains, parseAddress, parseCidr } from "./ip.js";
import { allowsVariables, type OperatorSpec, parseOperator } from "./operators.js";
import { allOf, anyOf, type Judged, judged, NO, negate, unknown, YES } from "./tri.js";
import { parseBase64, parseBool, parseDate, parseNumber, sameBytes } from "./values.js";
import { hasVariables, parseTemplate, resolveTemplate, type TemplateToken } from "./variables.js";

/** A policy value read for its operator family. */
type Operand =
  | { f: "text"; text: string; like?: RegExp }
  | { f: "number"; n: number }
  | { f: "bool"; b: boolean }
  | { f: "bytes"; bytes: Uint8Array }
  | { f: "cidr"; cidr: Cidr }
  | { f: "arn"; tokens: GlobToken[] };

type Read = { ok: Operand } | { unresolved: string } | { unknown: string };

interface PolicyValue {
  raw: string;
  tokens?: TemplateToken[];
  /** Set when the value has no variables: read once at compile time. */
  fixed?: Read;
}

export interface CompiledCondition {
  operator: string;
  key: string;
  keyLower: string;
  spec?: OperatorSpec;
  values: PolicyValue[];
  /** Why the condition cannot be evaluated at all (unknown operator, malformed values). */
  issue?: string;
}

function read(spec: OperatorSpec, tokens: GlobToken[], raw: string): Read {
  const text = literalText(tokens);
  switch (spec.family) {
    case "string": {
      if (spec.compare === "like")
        return { ok: { f: "text", text: raw, like: cachedGlobRegex(tokens, "plain") } };
      return text === undefined ? { unknown: "wildcard in equality value" } : { ok: { f: "text", text } };
    }
    case "arn":
      return { ok: { f: "arn", tokens } };
    default: {
      if (text === undefined) return { unknown: `unexpected wildcard in ${spec.name} value ${raw}` };
      return readTyped(spec, text);
    }
  }
}

function readTyped(spec: OperatorSpec, text: string): Read {
  const bad: Read = {
    unknown: `${spec.name} value ${JSON.stringify(text)} is not a valid ${spec.family} value`,
  };
  switch (spec.family) {
    case "numeric": {
      const n = parseNumber(text);
      return n === undefined ? bad : { ok: { f: "number", n } };
    }
    case "date": {
      const n = parseDate(text);
      return n === undefined ? bad : { ok: { f: "number", n } };
    }
    case "bool":
    case "null": {
      const b = parseBool(text);
      return b === undefined ? bad : { ok: { f: "bool", b } };
    }
    case "binary": {
      const bytes = parseBase64(text);
      return bytes === undefined ? bad : { ok: { f: "bytes", bytes } };
    }
    case "ip": {
      const cidr = parseCidr(text);
      return cidr === undefined ? bad : { ok: { f: "cidr", cidr } };
    }
    default:
      return { ok: { f: "text", text } };
  }
}

function compileValue(spec: OperatorSpec, raw: string, variables: boolean): PolicyValue {
  // Wildcards mean something only to StringLike and the ARN operators.
  const wildcards = spec.compare === "like";
  const tokens = parseTemplate(raw, { variables: variables && allowsVariables(spec.family), wildcards });
  if (hasVariables(tokens)) return { raw, tokens };
  return { raw, fixed: read(spec, tokens as GlobToken[], raw) };
}

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** Compiles one Condition block. `variables`: the policy's Version supports policy variables. */
export function compileConditions(block: unknown, variables: boolean): CompiledCondition[] {
  if (block === undefined) return [];
  if (block === null || typeof block !== "object" || Array.isArray(block))
    return [{ operator: "", key: "", keyLower: "", values: [], issue: "Condition is not an object" }];
  const out: CompiledCondition[] = [];
  for (const [operator, keys] of Object.entries(block)) {
    const spec = parseOperator(operator);
    if (keys === null || typeof keys !== "object" || Array.isArray(keys)) {
      out.push({ operator, key: "", keyLower: "", values: [], issue: `operator ${operator} has no key map` });
      continue;
    }
    for (const [key, rawValues] of Object.entries(keys)) {
      const cond: CompiledCondition = { operator, key, keyLower: key.toLowerCase(), values: [] };
      const list = Array.isArray(rawValues) ? rawValues : [rawValues];
      const texts = list.map(asText);
      if (!spec) cond.issue = `unknown condition operator ${operator}`;
      else if (texts.length === 0) cond.issue = `${operator} ${key} lists no values`;
      else if (texts.some((t) => t === undefined)) cond.issue = `${operator} ${key} has a non-scalar value`;
      else {
        cond.spec = spec;
        cond.values = (texts as string[]).map((t) => compileValue(spec, t, variables));
      }
      out.push(cond);
    }
  }
  return out;
}

function policyOperand(spec: OperatorSpec, value: PolicyValue, lookup: KeyLookup): Read {
  if (value.fixed) return value.fixed;
  const resolved = resolveTemplate(value.tokens ?? [], lookup);
  if (resolved.kind === "unresolved") return { unresolved: resolved.reason };
  if (resolved.kind === "unknown") return { unknown: resolved.reason };
  return read(spec, resolved.tokens, value.raw);
}

function compareOrder(spec: OperatorSpec, actual: number, wanted: number): boolean {
  switch (spec.compare) {
    case "lt":
      return actual < wanted;
    case "le":
      return actual <= wanted;
    case "gt":
      return actual > wanted;
    case "ge":
      return actual >= wanted;
    default:
      return actual === wanted;
  }
}

/** Does one context value match one policy operand (before negation)? */
function compareOne(spec: OperatorSpec, actual: string, operand: Operand): Judged {
  switch (operand.f) {
    case "text": {
      if (operand.like) return operand.like.test(actual) ? YES : NO;
      if (spec.ignoreCase) return actual.toLowerCase() === operand.text.toLowerCase() ? YES : NO;
      return actual === operand.text ? YES : NO;
    }
    case "arn":
      return judged(arnLike(operand.tokens, actual), ["ArnLike pattern is not six ARN components"]);
    case "number": {
      const n = spec.family === "date" ? parseDate(actual) : parseNumber(actual);
      if (n === undefined)
        return unknown(`context value ${JSON.stringify(actual)} is not a valid ${spec.family}`);
      return compareOrder(spec, n, operand.n) ? YES : NO;
    }
    case "bool": {
      const b = parseBool(actual);
      if (b === undefined) return unknown(`context value ${JSON.stringify(actual)} is not a boolean`);
      return b === operand.b ? YES : NO;
    }
    case "bytes": {
      const bytes = parseBase64(actual);
      if (!bytes) return unknown(`context value ${JSON.stringify(actual)} is not base-64`);
      return sameBytes(bytes, operand.bytes) ? YES : NO;
    }
    case "cidr": {
      const address = parseAddress(actual);
      if (!address) return unknown(`context value ${JSON.stringify(actual)} is not an IP address`);
      return cidrContains(operand.cidr, address) ? YES : NO;
    }
  }
}

/** One context value against all policy values: OR, or NOR for negated operators. */
function matchValue(cond: CompiledCondition, spec: OperatorSpec, actual: string, lookup: KeyLookup): Judged {
  const results: Judged[] = cond.values.map((value) => {
    const operand = policyOperand(spec, value, lookup);
    if ("ok" in operand) return compareOne(spec, actual, operand.ok);
    // AWS: matching an unresolvable variable fails. For a negated operator that could
    // flip to a match or void the statement; the docs do not say which, so undecided.
    if ("unresolved" in operand) return spec.negated ? unknown(operand.unresolved) : NO;
    return unknown(operand.unknown);
  });
  const any = anyOf(results);
  return spec.negated ? negate(any) : any;
}

function absentResult(spec: OperatorSpec): Judged {
  if (spec.set === "all") return YES;
  // ForAnyValue is false on a missing key, with or without IfExists: AWS documents the
  // first ("returns false if there are no context keys"), and the second was observed
  // on AWS (repost.aws, "ForAnyValue:StringEqualsIfExists behaving unexpectedly").
  if (spec.set === "any") return NO;
  if (spec.ifExists) return YES;
  return spec.negated ? YES : NO;
}

function nullCondition(cond: CompiledCondition, found: Found): Judged {
  if (found.kind === "unknown") return unknown(found.reason);
  // An empty list: AWS documents Null for a key that is absent or present, not for one
  // present with no values.
  if (found.kind === "present" && Array.isArray(found.value) && found.value.length === 0)
    return unknown(`Null on ${cond.key}, given as an empty list: AWS does not document the result`);
  const isNull = found.kind === "absent";
  return anyOf(
    cond.values.map((v) => {
      const r = v.fixed ?? { unknown: "Null value" };
      if (!("ok" in r) || r.ok.f !== "bool") return unknown(`Null needs "true" or "false", got ${v.raw}`);
      return r.ok.b === isNull ? YES : NO;
    }),
  );
}

export function evaluateCondition(cond: CompiledCondition, lookup: KeyLookup): Judged {
  const spec = cond.spec;
  if (!spec || cond.issue) return unknown(cond.issue ?? `cannot evaluate ${cond.operator}`);
  const found = lookup(cond.keyLower);
  if (spec.family === "null") return nullCondition(cond, found);
  if (found.kind === "unknown") return unknown(found.reason);
  if (found.kind === "absent") return absentResult(spec);
  const values = typeof found.value === "string" ? [found.value] : found.value;
  if (spec.set === "all") return allOf(values.map((v) => matchValue(cond, spec, v, lookup)));
  if (spec.set === "any") return anyOf(values.map((v) => matchValue(cond, spec, v, lookup)));
  // "Multivalued context keys require a condition set operator": without one AWS documents
  // no result, even for a list of one value.
  if (typeof found.value !== "string" || isMultivaluedKey(cond.keyLower))
    return unknown(
      `${spec.name} without ForAnyValue/ForAllValues on the multivalued key ${cond.key}: AWS does not document the result`,
    );
  return matchValue(cond, spec, values[0] as string, lookup);
}

/** The whole Condition element: every entry must hold. */
export function evaluateConditions(conds: readonly CompiledCondition[], lookup: KeyLookup): Judged {
  if (conds.length === 0) return YES;
  const results: Judged[] = [];
  for (const c of conds) {
    const r = evaluateCondition(c, lookup);
    if (r.tri === "F") return NO;
    results.push(r);
  }
  return allOf(results);
}
