// The Principal / NotPrincipal element of resource-based and trust policies (IAM
// User Guide, "AWS JSON policy elements: Principal" and "NotPrincipal"). An account
// id or :root delegates to the account (its identity policies must also allow); a
// user, role, session, federated provider or service is named directly.
import { asList } from "../state/policy.js";
import { principalShape } from "./context.js";
import type { Tri } from "./tri.js";
import type { Principal } from "./types.js";

type Entry =
  | { k: "any" }
  | { k: "account"; account: string; partition?: string }
  | { k: "name"; name: string; caseless: boolean }
  | { k: "orphan"; raw: string }
  | { k: "bad"; raw: string; reason: string };

export interface CompiledPrincipal {
  negated: boolean;
  entries: Entry[];
  issues: string[];
}

/** How the statement named the principal: decides which other layers still apply. */
export type NamedAs = "session" | "arn" | "any" | "account";

export interface PrincipalMatch {
  tri: Tri;
  as?: NamedAs;
  reasons: string[];
}

const ACCOUNT_ROOT = /^arn:([^:]+):iam::(\d{12}):root$/;
const UNIQUE_ID = /^A[A-Z0-9]{15,}$/;

function awsEntry(value: string): Entry {
  if (value === "*") return { k: "any" };
  if (/^\d{12}$/.test(value)) return { k: "account", account: value };
  // An account's root ARN names its partition too: the same twelve digits in aws-cn or
  // aws-us-gov are another account, and no principal crosses partitions.
  const root = ACCOUNT_ROOT.exec(value);
  if (root?.[1] && root[2]) return { k: "account", account: root[2], partition: root[1] };
  // A deleted principal shows as its unique id and matches nobody any more.
  if (UNIQUE_ID.test(value)) return { k: "orphan", raw: value };
  if (/[*?]/.test(value))
    return { k: "bad", raw: value, reason: `wildcard inside principal ${value} (AWS rejects it)` };
  if (!value.startsWith("arn:")) return { k: "bad", raw: value, reason: `principal ${value} is not an ARN` };
  return { k: "name", name: value, caseless: false };
}

export function compilePrincipal(block: unknown, negated: boolean): CompiledPrincipal {
  const out: CompiledPrincipal = { negated, entries: [], issues: [] };
  if (block === "*") {
    out.entries.push({ k: "any" });
    return out;
  }
  if (block === null || typeof block !== "object" || Array.isArray(block)) {
    out.issues.push(`${negated ? "NotPrincipal" : "Principal"} is neither "*" nor an object`);
    return out;
  }
  for (const [type, raw] of Object.entries(block)) {
    const values = asList(raw as string | string[]);
    if (values.length === 0) out.issues.push(`Principal ${type} lists nobody`);
    if (values.some((v) => typeof v !== "string")) {
      out.issues.push(`Principal ${type} has a non-string value`);
      continue;
    }
    for (const v of values) {
      if (type === "AWS") out.entries.push(awsEntry(v));
      else if (type === "Service") out.entries.push({ k: "name", name: v, caseless: true });
      else if (type === "Federated" || type === "CanonicalUser")
        out.entries.push(v === "*" ? { k: "any" } : { k: "name", name: v, caseless: false });
      else out.issues.push(`unknown principal type ${type}`);
    }
  }
  return out;
}

function hasAccount(principal: Principal): boolean {
  return principalShape(principal) !== "other";
}

function partitionOf(arn: string): string | undefined {
  return /^arn:([^:]+):/.exec(arn)?.[1];
}

/** An identity provider of the account (SAML or OIDC): is it "in" the account? */
const PROVIDER = /^arn:[^:]+:iam::(\d{12}):(saml|oidc)-provider\//;

/** Which of the principal's identities an entry names. */
function entryNames(
  entry: Entry,
  principal: Principal,
): { as?: NamedAs; caseOnly?: boolean; unclear?: string } {
  switch (entry.k) {
    case "any":
      return { as: "any" };
    case "account": {
      if (hasAccount(principal))
        return entry.account === principal.account &&
          (entry.partition === undefined || entry.partition === partitionOf(principal.arn))
          ? { as: "account" }
          : {};
      // AWS does not say whether an account principal covers a federated sign-in
      // through that account's own identity provider.
      const provider = PROVIDER.exec(principal.arn);
      return provider?.[1] === entry.account
        ? {
            unclear: `whether principal ${entry.account} covers sign-in through ${principal.arn} is not documented`,
          }
        : {};
    }
    case "name": {
      const eq = (a: string | undefined) =>
        a !== undefined && (entry.caseless ? a.toLowerCase() === entry.name.toLowerCase() : a === entry.name);
      if (eq(principal.sessionArn)) return { as: "session" };
      if (eq(principal.arn)) return { as: "arn" };
      const lower = entry.name.toLowerCase();
      const caseOnly = principal.arn.toLowerCase() === lower || principal.sessionArn?.toLowerCase() === lower;
      return caseOnly ? { caseOnly } : {};
    }
    default:
      return {};
  }
}

const RANK: Record<NamedAs, number> = { session: 4, arn: 3, any: 2, account: 1 };

/** Principal element: does it name the requester, and how directly? */
function matchPositive(p: CompiledPrincipal, principal: Principal): PrincipalMatch {
  let best: NamedAs | undefined;
  const reasons = [...p.issues];
  for (const entry of p.entries) {
    if (entry.k === "bad") reasons.push(entry.reason);
    const named = entryNames(entry, principal);
    if (named.unclear) reasons.push(named.unclear);
    if (named.caseOnly)
      reasons.push(
        `principal ${entry.k === "name" ? entry.name : ""} differs from the requester only in case`,
      );
    if (named.as && (!best || RANK[named.as] > RANK[best])) best = named.as;
  }
  if (best) return { tri: "T", as: best, reasons: [] };
  return reasons.length > 0 ? { tri: "U", reasons } : { tri: "F", reasons: [] };
}

/**
 * NotPrincipal: AWS may check each identity of the requester (account, then user or
 * role, then session); its examples list all of them to exempt a session. With Deny,
 * a requester with a permissions boundary is always denied (Permissions boundaries page).
 */
function matchNegated(
  p: CompiledPrincipal,
  principal: Principal,
  effect: "Allow" | "Deny",
  hasBoundary: boolean,
): PrincipalMatch {
  if (p.issues.length > 0 || p.entries.some((e) => e.k === "bad"))
    return {
      tri: "U",
      reasons: [...p.issues, ...p.entries.flatMap((e) => (e.k === "bad" ? [e.reason] : []))],
    };
  const identities: NamedAs[] = [];
  if (hasAccount(principal) && principalShape(principal) !== "root") identities.push("account");
  identities.push(principalShape(principal) === "root" ? "account" : "arn");
  if (principal.sessionArn && principal.sessionArn !== principal.arn) identities.push("session");
  const unclear = p.entries.flatMap((e) => {
    const named = entryNames(e, principal);
    if (named.unclear) return [named.unclear];
    return named.caseOnly
      ? [`NotPrincipal ${e.k === "name" ? e.name : ""} differs from the requester only in case`]
      : [];
  });
  if (unclear.length > 0) return { tri: "U", reasons: unclear };
  const listed = identities.filter((id) =>
    p.entries.some((e) => {
      const named = entryNames(e, principal).as;
      return named === "any" || named === id;
    }),
  );
  if (effect === "Deny") {
    if (hasBoundary) return { tri: "T", as: "any", reasons: [] };
    if (listed.length === identities.length) return { tri: "F", reasons: [] };
    if (listed.length === 0) return { tri: "T", as: "any", reasons: [] };
    // "If the NotPrincipal element was missing the ARN of the role, the effect of the
    // policy might be to explicitly deny access": might, depending on the service.
    return {
      tri: "U",
      as: "any",
      reasons: ["NotPrincipal with Deny names only some identities of the requester (AWS: it might deny)"],
    };
  }
  if (listed.length === 0) return { tri: "T", as: "any", reasons: [] };
  if (listed.length === identities.length) return { tri: "F", reasons: [] };
  return { tri: "U", reasons: ["NotPrincipal with Allow lists only some identities of the requester"] };
}

export function matchPrincipal(
  p: CompiledPrincipal,
  principal: Principal,
  effect: "Allow" | "Deny",
  hasBoundary: boolean,
): PrincipalMatch {
  return p.negated ? matchNegated(p, principal, effect, hasBoundary) : matchPositive(p, principal);
}
