// The engine's public shapes. The engine evaluates IAM policy documents as AWS does
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html),
// in two modes: concrete (one request) and catalog-wide (every action of the catalog).
import type { PolicyDocument, Statement } from "../state/policy.js";

/** Multi-valued keys are arrays. Bool, numeric and date values are strings, as AWS passes them. */
export type ContextValue = string | string[];

/** Request context. Keys are matched case-insensitively (AWS condition keys are). */
export type Context = Readonly<Record<string, ContextValue>>;

export interface Principal {
  /** The principal ARN: user ARN, or the *role* ARN for a role session (what aws:PrincipalArn holds). */
  arn: string;
  /** For role sessions: arn:aws:sts::ACCT:assumed-role/NAME/SESSION. Resource policies may name it. */
  sessionArn?: string;
  account: string;
}

export interface Request {
  principal: Principal;
  /** "service:Action", any case. */
  action: string;
  /** A resource ARN, or "*" for actions that take no resource. */
  resource: string;
  /** Account owning the resource; defaults to the ARN's account field, else the principal's account. */
  resourceAccount?: string;
  context: Context;
  /**
   * Keys the real request carries whose value the caller does not know (an STS call's region,
   * source IP, user agent): a condition on one is undecided, never judged as on an absent key.
   * A key given in `context`, or derived from the principal, is known.
   */
  unknownKeys?: readonly string[];
}

export type PolicyKind = "identity" | "resource" | "boundary" | "scp" | "session";

export interface PolicyRef {
  /** Stable, human-readable id, e.g. "arn:aws:iam::111111111111:role/sekisho/admin#trust". */
  id: string;
  kind: PolicyKind;
  document: PolicyDocument;
}

export interface PolicySet {
  identity: PolicyRef[];
  /** The resource-based policy of the target, or the trust policy for sts:AssumeRole*. */
  resource?: PolicyRef;
  boundary?: PolicyRef;
  /** SCPs, one list per level of the organisation path (root, OUs, account); every level must allow. */
  scps?: PolicyRef[][];
  session?: PolicyRef[];
}

export interface StatementRef {
  policyId: string;
  kind: PolicyKind;
  index: number;
  sid?: string;
  statement: Statement;
}

export type Verdict = "Allow" | "ExplicitDeny" | "ImplicitDeny";

/** Something the engine could not decide (unknown operator, missing key the result depends on, malformed policy). */
export interface Uncertainty {
  policyId: string;
  index: number;
  reason: string;
}

export interface Decision {
  verdict: Verdict;
  /** The statements that decided: the matching denies for ExplicitDeny; the allows for Allow (one per layer that had to allow). */
  decisive: StatementRef[];
  /** For an ImplicitDeny: which layer did not allow ("identity", "resource", "boundary", "scp", "session"). */
  missing: PolicyKind[];
  /** Non-empty: the verdict may be wrong; every check built on it must fail closed. */
  uncertain: Uncertainty[];
  /**
   * Whether the request is allowed is decided, even if `uncertain` is not empty: then only
   * the kind of deny is open (an undecided Deny on a request that nothing allows).
   */
  accessCertain: boolean;
  /** Set when AWS refuses the request whatever the policies say (a write to a resource AWS owns): the AWS text. */
  refusedBy?: string;
}

/** Access levels as the service authorization reference names them. */
export type AccessLevel = "List" | "Read" | "Write" | "Permissions management" | "Tagging";

export interface CatalogAction {
  /** "s3:GetObject", as the catalog spells it. */
  id: string;
  service: string;
  name: string;
  /** Every level the catalog gives ("Tagging, Write" → ["Tagging", "Write"]). */
  levels: AccessLevel[];
  /** Resource type names; empty for wildcard-only actions. */
  resourceTypes: string[];
}

export interface CatalogHit {
  action: string;
  /** true: allowed on some resource under the given context with every condition decided; false: may be allowed (a condition or resource the scan could not fix). */
  certain: boolean;
  /** Allow statements that grant it. */
  via: StatementRef[];
}

export interface CatalogResult {
  /** Actions that may be allowed, sorted by id. Sound: an action absent here is never allowed under that context. */
  allowed: CatalogHit[];
  uncertain: Uncertainty[];
  /**
   * Set when a scan with a `ScanStop` found an allowed action the stop names: the scan ended
   * there, so `allowed` holds only what was found up to it and says nothing of the rest.
   */
  stoppedAt?: string;
}

/**
 * Ends a catalog scan at the first allowed action `at` names: a question such as "does this allow
 * anything beyond reading?" is answered by one such action, without the rest of the catalog.
 * Pass the same object each time: scan caches key their results by it.
 */
export interface ScanStop {
  at(action: CatalogAction): boolean;
}
