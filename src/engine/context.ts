// The request context as the engine reads it: keys are case-insensitive (IAM User
// Guide: "Condition key names are not case-sensitive"), principal keys that follow
// from the principal are derived when the caller did not supply them, and in a
// catalog scan a key that depends on the particular request or resource is unknown
// rather than absent.
import type { Context, ContextValue, Principal } from "./types.js";

export type Found =
  | { kind: "present"; value: ContextValue }
  | { kind: "absent" }
  | { kind: "unknown"; reason: string };

export type KeyLookup = (keyLower: string) => Found;

const ABSENT: Found = Object.freeze({ kind: "absent" }) as Found;

export type PrincipalShape = "user" | "role-session" | "federated-user" | "root" | "role" | "other";

const shapes = new WeakMap<Principal, PrincipalShape>();
const derived = new WeakMap<Principal, Record<string, string>>();

/** What kind of principal an ARN pair describes. */
export function principalShape(principal: Principal): PrincipalShape {
  let shape = shapes.get(principal);
  if (!shape) {
    shape = shapeOf(principal);
    shapes.set(principal, shape);
  }
  return shape;
}

function shapeOf(principal: Principal): PrincipalShape {
  const session = principal.sessionArn ?? "";
  if (/^arn:[^:]+:sts::\d{12}:federated-user\//.test(session)) return "federated-user";
  if (/^arn:[^:]+:iam::\d{12}:root$/.test(principal.arn)) return "root";
  if (/^arn:[^:]+:iam::\d{12}:user\//.test(principal.arn)) return "user";
  if (/^arn:[^:]+:iam::\d{12}:role\//.test(principal.arn)) return session ? "role-session" : "role";
  return "other";
}

const PRINCIPAL_TYPE: Record<PrincipalShape, string | undefined> = {
  user: "User",
  "role-session": "AssumedRole",
  role: "AssumedRole",
  "federated-user": "FederatedUser",
  root: "Account",
  other: undefined,
};

/**
 * Keys AWS fills in from the principal itself (IAM User Guide, "AWS global condition
 * context keys"). iam-simulate leaves these to its caller; we derive them so that a
 * trust policy on aws:PrincipalArn is never judged against a missing key by accident.
 */
export function derivedContext(principal: Principal): Record<string, string> {
  let out = derived.get(principal);
  if (!out) {
    out = derive(principal);
    derived.set(principal, out);
  }
  return { ...out };
}

function derive(principal: Principal): Record<string, string> {
  const shape = principalShape(principal);
  const out: Record<string, string> = {};
  if (shape === "other") {
    if (/^[a-z0-9.-]+\.amazonaws\.com$/.test(principal.arn)) out["aws:PrincipalIsAWSService"] = "true";
    return out;
  }
  out["aws:PrincipalArn"] =
    shape === "federated-user" ? (principal.sessionArn ?? principal.arn) : principal.arn;
  out["aws:PrincipalAccount"] = principal.account;
  out["aws:PrincipalIsAWSService"] = "false";
  const type = PRINCIPAL_TYPE[shape];
  if (type) out["aws:PrincipalType"] = type;
  if (shape === "user") out["aws:username"] = principal.arn.slice(principal.arn.lastIndexOf("/") + 1);
  return out;
}

/**
 * Keys whose presence is a property of the principal or its session: in a catalog
 * scan, such a key missing from the context is truly absent. Every other key (time,
 * network, region, tags, resource and service keys) varies per request, so a scan
 * treats it as unknown when the context does not fix it.
 */
const SESSION_KEYS = new Set([
  "aws:principalarn",
  "aws:principalaccount",
  "aws:principaltype",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalisawsservice",
  "aws:principalservicename",
  "aws:principalservicenameslist",
  "aws:username",
  "aws:multifactorauthpresent",
  "aws:multifactorauthage",
  "aws:tokenissuetime",
  "aws:sourceidentity",
  "aws:federatedprovider",
  "aws:assumedroot",
  "aws:ec2instancesourcevpc",
  "aws:ec2instancesourceprivateipv4",
  "ec2:sourceinstancearn",
  "sts:sourceidentity",
]);

const SESSION_PREFIXES = ["aws:principaltag/", "saml:"];

/** Web identity providers put their claims under "<provider host>:<claim>". */
const WEB_IDENTITY =
  /^(cognito-identity\.amazonaws\.com|accounts\.google\.com|graph\.facebook\.com|www\.amazon\.com):/;

export function isSessionKey(keyLower: string): boolean {
  return (
    SESSION_KEYS.has(keyLower) ||
    SESSION_PREFIXES.some((p) => keyLower.startsWith(p)) ||
    WEB_IDENTITY.test(keyLower)
  );
}

/**
 * Global keys AWS documents as multivalued (Global condition context keys page); any key
 * the context gives as a list is multivalued too. Service keys are known only by shape.
 */
const MULTIVALUED_KEYS = new Set([
  "aws:tagkeys",
  "aws:calledvia",
  "aws:principalorgpaths",
  "aws:principalservicenameslist",
  "aws:resourceorgpaths",
  "aws:sourceorgpaths",
  "aws:vpceorgpaths",
]);

export function isMultivaluedKey(keyLower: string): boolean {
  return MULTIVALUED_KEYS.has(keyLower);
}

interface Normalized {
  values: Map<string, ContextValue>;
  conflicts: Set<string>;
}

function sameValue(a: ContextValue, b: ContextValue): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

// A frozen context cannot change: prove evaluates one session's context against thousands of
// roles, so it is normalised once per principal. An unfrozen one is read anew each time.
const normalized = new WeakMap<Context, WeakMap<Principal, Normalized>>();

function normalize(context: Context, principal: Principal): Normalized {
  if (!Object.isFrozen(context) || !Object.isFrozen(principal)) return normalizeNow(context, principal);
  let byPrincipal = normalized.get(context);
  if (!byPrincipal) {
    byPrincipal = new WeakMap();
    normalized.set(context, byPrincipal);
  }
  let n = byPrincipal.get(principal);
  if (!n) {
    n = normalizeNow(context, principal);
    byPrincipal.set(principal, n);
  }
  return n;
}

function normalizeNow(context: Context, principal: Principal): Normalized {
  const values = new Map<string, ContextValue>();
  const conflicts = new Set<string>();
  for (const [key, value] of Object.entries(context)) {
    const lower = key.toLowerCase();
    const seen = values.get(lower);
    if (seen !== undefined && !sameValue(seen, value)) conflicts.add(lower);
    values.set(lower, value);
  }
  // The caller's context wins over what we derive: it may model a case we cannot see.
  for (const [key, value] of Object.entries(derivedContext(principal))) {
    const lower = key.toLowerCase();
    if (!values.has(lower)) values.set(lower, value);
  }
  return { values, conflicts };
}

function lookupIn(n: Normalized, keyLower: string): Found | undefined {
  if (n.conflicts.has(keyLower))
    return { kind: "unknown", reason: `context key ${keyLower} is given twice with different values` };
  const value = n.values.get(keyLower);
  return value === undefined ? undefined : { kind: "present", value };
}

// prove passes the same list to every switch it evaluates: lower-case it once, not per request.
const LOWERED = new WeakMap<readonly string[], ReadonlySet<string>>();
function loweredKeys(keys: readonly string[]): ReadonlySet<string> {
  let set = LOWERED.get(keys);
  if (!set) {
    set = new Set(keys.map((k) => k.toLowerCase()));
    LOWERED.set(keys, set);
  }
  return set;
}

/** Concrete mode: the context is the whole request; a missing key is absent unless the request carries it unknown. */
export function concreteLookup(
  context: Context,
  principal: Principal,
  unknownKeys: readonly string[] = [],
): KeyLookup {
  const n = normalize(context, principal);
  const unknown = loweredKeys(unknownKeys);
  return (keyLower) =>
    lookupIn(n, keyLower) ??
    (unknown.has(keyLower)
      ? { kind: "unknown", reason: `${keyLower} is in every real request and its value is not known here` }
      : ABSENT);
}

/** Catalog mode: missing request- or resource-specific keys are unknown. */
export function scanLookup(context: Context, principal: Principal): KeyLookup {
  const n = normalize(context, principal);
  return (keyLower) => {
    const found = lookupIn(n, keyLower);
    if (found) return found;
    if (isSessionKey(keyLower)) return ABSENT;
    return { kind: "unknown", reason: `${keyLower} depends on the request or resource` };
  };
}
