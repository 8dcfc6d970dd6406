// What diff produces: drift items with stable ids, the accounts compared, and warnings.
import type { Evidence } from "../prove/types.js";

/** In report order: the resources Sekisho manages, then who can reach them, then the matrix. */
export const DRIFT_KINDS = [
  "missing-saml-provider",
  "missing-oidc-provider",
  "extra-oidc-provider",
  "changed-oidc-provider",
  "missing-role",
  "extra-role",
  "changed-trust",
  "changed-session",
  "missing-group",
  "extra-group",
  "missing-user",
  "missing-policy",
  "extra-policy",
  "changed-policy",
  "missing-inline",
  "extra-inline",
  "changed-inline",
  "missing-attached",
  "extra-attached",
  "changed-boundary",
  "missing-membership",
  "extra-membership",
  "foreign-reach",
  "escalation",
  "lost-access",
  "gained-access",
  "access-without-mfa",
] as const;

export type DriftKind = (typeof DRIFT_KINDS)[number];

export interface MatrixCellRef {
  who: string;
  kind: "person" | "user" | "workload";
  env: string;
  level: string;
}

export interface DriftItem {
  /** `KIND/SUBJECT...`: the same drift gets the same id run after run (for --ignore and CI history). */
  id: string;
  kind: DriftKind;
  /** The account where the drift is (for the matrix: the environment's account). */
  account: string;
  /** The ARN concerned: resource, foreign principal, or the environment role of a matrix cell. */
  subject: string;
  message: string;
  /** What the design has, normalised (policies: see src/state/normalise-policy.ts); null when it has nothing. */
  expected: unknown;
  /** What the account has, normalised the same way; null when it has nothing. */
  actual: unknown;
  /** A few short lines for the terminal: the statements that differ, the path taken. */
  details: string[];
  evidence: Evidence[];
  cell?: MatrixCellRef;
}

export interface AccountStatus {
  account: string;
  /** The environment name (or "identity") in the model; absent for accounts the model does not name. */
  name?: string;
  status: "checked" | "not-exported" | "not-in-model";
}

export interface DiffReport {
  evaluatedAt: string;
  organization: string;
  drift: boolean;
  accounts: AccountStatus[];
  compared: { resources: number; matrixCells: number; foreignPrincipals: number };
  items: DriftItem[];
  /** Items matched by an --ignore pattern: shown, never counted as drift. */
  ignored: DriftItem[];
  warnings: string[];
}

/** An item of KIND about SUBJECT, its id `KIND/KEY`; evidence is added by the stages that have it. */
export function driftItem(
  account: string,
  kind: DriftKind,
  key: string,
  subject: string,
  message: string,
  expected: unknown,
  actual: unknown,
  details: string[] = [],
): DriftItem {
  return { id: `${kind}/${key}`, kind, account, subject, message, expected, actual, details, evidence: [] };
}

export function kindRank(kind: DriftKind): number {
  return DRIFT_KINDS.indexOf(kind);
}

/** Code-point order: the same on every machine, unlike localeCompare. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortItems(items: DriftItem[]): DriftItem[] {
  return items.sort(
    (a, b) => byText(a.account, b.account) || kindRank(a.kind) - kindRank(b.kind) || byText(a.id, b.id),
  );
}
