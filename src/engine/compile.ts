// Compiles a policy document once into matchers (cached per document object), and
// records everything malformed so evaluation can report it instead of guessing.
import type { PolicyDocument, Statement } from "../state/policy.js";
import { type ActionSet, compileActions } from "./action.js";
import { type ResourceMatcher, resourceMatcher } from "./arn.js";
import { type CompiledCondition, compileConditions } from "./conditions.js";
import type { GlobToken } from "./glob.js";
import { type CompiledPrincipal, compilePrincipal } from "./principal.js";
import { hasVariables, parseTemplate, type TemplateToken } from "./variables.js";

export interface CompiledResource {
  raw: string;
  tokens: TemplateToken[];
  /**
   * Why the pattern never decides a match: neither "*" nor a six-part ARN ("arn:aws:ec2:*"),
   * which AWS gives no meaning and evaluators read differently; or a policy variable before
   * the fifth colon, which AWS forbids.
   */
  unreadable?: string;
  /** Present when the pattern has no variables. */
  fixed?: ResourceMatcher;
}

export interface CompiledStatement {
  index: number;
  sid?: string;
  statement: Statement;
  /** Undefined when the Effect is missing or not Allow/Deny. */
  effect?: "Allow" | "Deny";
  actions?: { negated: boolean; set: ActionSet; raw: string[] };
  /** Undefined when neither Resource nor NotResource is given (legal in trust policies). */
  resources?: { negated: boolean; patterns: CompiledResource[] };
  principal?: CompiledPrincipal;
  conditions: CompiledCondition[];
  /** Malformed parts: the statement can at most be undecided. */
  issues: string[];
}

export interface CompiledPolicy {
  statements: CompiledStatement[];
  /** Document-level problems; they make the whole policy undecided. */
  issues: string[];
  variables: boolean;
}

/** Resource-based policies (including trust policies) carry a Principal; others must not. */
export type Shape = "resource" | "identity";

const STATEMENT_KEYS = new Set([
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
]);
const DOCUMENT_KEYS = new Set(["Version", "Id", "Statement"]);

function stringList(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  return list.every((v) => typeof v === "string") ? (list as string[]) : undefined;
}

/**
 * Variables and tags page: "You can't use a variable to replace parts of the ARN before the
 * fifth colon, such as the service or account." AWS does not say what such a policy then
 * means (rejected, literal text, or substituted anyway), so the pattern is undecided: a
 * confident answer either way could be wrong, and undecided makes every check fail closed.
 */
function variableInPrefix(tokens: readonly TemplateToken[]): boolean {
  let colons = 0;
  for (const tok of tokens) {
    if (colons >= 5) return false;
    if (tok.t === "var" || tok.t === "bad") return true;
    if (tok.t === "lit") colons += tok.v.split(":").length - 1;
  }
  return false;
}

function compileResource(raw: string, variables: boolean): CompiledResource {
  const tokens = parseTemplate(raw, { variables, wildcards: true });
  const out: CompiledResource = { raw, tokens };
  if (!/^\*+$/.test(raw) && !(raw.startsWith("arn:") && raw.split(":").length >= 6))
    out.unreadable = "not a six-part ARN; AWS documents no meaning for it";
  else if (variableInPrefix(tokens))
    out.unreadable = "a policy variable before the fifth colon, which AWS does not allow";
  if (!hasVariables(tokens)) out.fixed = resourceMatcher(tokens as GlobToken[]);
  return out;
}

function pair<T>(
  st: Record<string, unknown>,
  positive: string,
  negative: string,
  issues: string[],
  required: boolean,
  build: (values: string[], negated: boolean) => T,
): T | undefined {
  const hasPos = positive in st;
  const hasNeg = negative in st;
  if (hasPos && hasNeg) {
    issues.push(`both ${positive} and ${negative}`);
    return undefined;
  }
  if (!hasPos && !hasNeg) {
    if (required) issues.push(`neither ${positive} nor ${negative}`);
    return undefined;
  }
  const name = hasPos ? positive : negative;
  const values = stringList(st[name]);
  if (!values || values.length === 0) {
    issues.push(`${name} must be a string or a non-empty list of strings`);
    return undefined;
  }
  return build(values, hasNeg);
}

function compileStatement(raw: unknown, index: number, shape: Shape, variables: boolean): CompiledStatement {
  const issues: string[] = [];
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { index, statement: raw as Statement, conditions: [], issues: ["statement is not an object"] };
  }
  const st = raw as Record<string, unknown>;
  const out: CompiledStatement = { index, statement: raw as Statement, conditions: [], issues };
  if (typeof st.Sid === "string") out.sid = st.Sid;
  for (const key of Object.keys(st)) if (!STATEMENT_KEYS.has(key)) issues.push(`unknown element ${key}`);
  if (st.Effect === "Allow" || st.Effect === "Deny") out.effect = st.Effect;
  else issues.push(`Effect must be "Allow" or "Deny", got ${JSON.stringify(st.Effect)}`);

  const actions = pair(st, "Action", "NotAction", issues, true, (values, negated) => ({
    negated,
    set: compileActions(values),
    raw: values,
  }));
  if (actions) {
    out.actions = actions;
    for (const m of actions.set.malformed) issues.push(`malformed action ${JSON.stringify(m)}`);
  }
  const resources = pair(st, "Resource", "NotResource", issues, shape === "identity", (values, negated) => ({
    negated,
    patterns: values.map((v) => compileResource(v, variables)),
  }));
  if (resources) out.resources = resources;

  const hasP = "Principal" in st;
  const hasNP = "NotPrincipal" in st;
  if (shape === "identity") {
    if (hasP || hasNP) issues.push("Principal in a policy that is not resource-based");
  } else if (hasP === hasNP) {
    issues.push(hasP ? "both Principal and NotPrincipal" : "neither Principal nor NotPrincipal");
  } else {
    out.principal = compilePrincipal(hasP ? st.Principal : st.NotPrincipal, hasNP);
  }
  out.conditions = compileConditions(st.Condition, variables);
  return out;
}

function compileDocument(doc: unknown, shape: Shape): CompiledPolicy {
  const issues: string[] = [];
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    return { statements: [], issues: ["policy document is not an object"], variables: false };
  const d = doc as Record<string, unknown>;
  for (const key of Object.keys(d)) if (!DOCUMENT_KEYS.has(key)) issues.push(`unknown policy element ${key}`);
  const version = d.Version;
  if (version !== undefined && version !== "2012-10-17" && version !== "2008-10-17")
    issues.push(`unknown policy Version ${JSON.stringify(version)}`);
  // Without Version 2012-10-17, ${...} is literal text (Policy variables page).
  const variables = version === "2012-10-17";
  if (d.Statement === undefined) issues.push("no Statement");
  const list = d.Statement === undefined ? [] : Array.isArray(d.Statement) ? d.Statement : [d.Statement];
  const statements = list.map((s, i) => compileStatement(s, i, shape, variables));
  return { statements, issues, variables };
}

const cache: Record<Shape, WeakMap<object, CompiledPolicy>> = {
  resource: new WeakMap(),
  identity: new WeakMap(),
};

/** Compiles (once per document object and shape) a policy document. */
export function compilePolicy(doc: PolicyDocument, shape: Shape): CompiledPolicy {
  if (doc === null || typeof doc !== "object") return compileDocument(doc, shape);
  const hit = cache[shape].get(doc);
  if (hit) return hit;
  const compiled = compileDocument(doc, shape);
  cache[shape].set(doc, compiled);
  return compiled;
}
