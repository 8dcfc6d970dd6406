// Who a role's trust policy can possibly let in through an AWS principal, read from its text
// before any evaluation, so that callers it surely refuses are not evaluated one by one
// (60 landing roles × 1,358 environment roles at 20,000 people). Sound, never exact: a caller
// outside the answer is refused by the trust whatever its own policies say; one inside may
// still be refused. Whatever this reading does not cover gives no answer: ask the engine.
import type { PolicyDocument } from "../state/policy.js";
import { compilePolicy } from "./compile.js";

export interface TrustCallers {
  /** Role and user ARNs, lower case: named as principals, or listed by aws:PrincipalArn. */
  arns: Set<string>;
  /** Accounts named whole (an account ID or its root) with no aws:PrincipalArn list. */
  accounts: Set<string>;
}

const NAMED = /^arn:aws[\w-]*:iam::\d{12}:(role|user)\/[^*?$]+$/;
const ACCOUNT = /^(?:(\d{12})|arn:aws[\w-]*:iam::(\d{12}):root)$/;
/** Principal types that are never an IAM role or user calling sts:AssumeRole. */
const NOT_IAM = new Set(["Service", "Federated", "CanonicalUser"]);

/**
 * The aws:PrincipalArn values a statement requires, when an exact ArnEquals or StringEquals
 * names them as literal text: only those principals can meet it.
 */
function principalArnList(condition: unknown): string[] | undefined {
  if (condition === null || typeof condition !== "object") return undefined;
  for (const op of ["ArnEquals", "StringEquals"]) {
    const block = (condition as Record<string, unknown>)[op];
    if (block === null || typeof block !== "object") continue;
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
      if (key.toLowerCase() !== "aws:principalarn") continue;
      const values = [value].flat();
      // ArnEquals reads * and ? as wildcards; ${...} is a variable: no literal list then.
      if (values.every((v) => typeof v === "string" && !/[*?$]/.test(v))) return values as string[];
    }
  }
  return undefined;
}

const read = new WeakMap<PolicyDocument, { callers: TrustCallers | undefined }>();

/** Undefined: the trust cannot be bounded this way, every caller must be evaluated. */
export function trustCallers(trust: PolicyDocument | undefined): TrustCallers | undefined {
  if (!trust) return { arns: new Set(), accounts: new Set() };
  // Read once per document: prove asks it for every landing role, kept user and class.
  let known = read.get(trust);
  // Stryker disable next-line ConditionalExpression: equivalent, a cache: reading again gives the same answer
  if (!known) {
    known = { callers: readCallers(trust) };
    read.set(trust, known);
  }
  return known.callers;
}

function readCallers(trust: PolicyDocument): TrustCallers | undefined {
  // Anything the engine finds malformed may be undecided there, and so let anyone in.
  const compiled = compilePolicy(trust, "resource");
  if (compiled.issues.length > 0 || compiled.statements.some((s) => s.issues.length > 0)) return undefined;
  const arns = new Set<string>();
  const accounts = new Set<string>();
  for (const s of trust.Statement) {
    if (s.Effect === "Deny") continue;
    if (s.Effect !== "Allow" || s.NotPrincipal !== undefined) return undefined;
    const principal: unknown = s.Principal;
    if (principal === null || typeof principal !== "object") return undefined;
    const named: string[] = [];
    const whole: string[] = [];
    for (const [type, value] of Object.entries(principal as Record<string, unknown>)) {
      if (NOT_IAM.has(type)) continue;
      if (type !== "AWS") return undefined;
      for (const v of [value].flat()) {
        if (typeof v !== "string") return undefined;
        const account = ACCOUNT.exec(v);
        if (account) whole.push((account[1] ?? account[2])!);
        else if (NAMED.test(v)) named.push(v.toLowerCase());
        else return undefined;
      }
    }
    for (const arn of named) arns.add(arn);
    if (whole.length === 0) continue;
    const listed = principalArnList(s.Condition);
    if (listed) for (const arn of listed) arns.add(arn.toLowerCase());
    else for (const account of whole) accounts.add(account);
  }
  return { arns, accounts };
}

/** May the trust let this role or user in at all? */
export function mayCall(callers: TrustCallers | undefined, arn: string, account: string): boolean {
  return !callers || callers.accounts.has(account) || callers.arns.has(arn.toLowerCase());
}
