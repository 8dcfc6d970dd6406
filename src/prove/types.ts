// What prove produces: named checks with pass/fail and the evidence behind each verdict.
import type { Decision, StatementRef } from "../engine/types.js";
import type { ResolvedAccess } from "./level-access.js";

export type CheckId = "matrix" | "kept-users" | "landing-read-only" | "levels" | "no-escalation" | "hygiene";

export interface Finding {
  /** Stable rule id for SARIF, e.g. "matrix/unexpected-access". */
  rule: string;
  message: string;
  /** The principal or policy concerned (an ARN). */
  subject: string;
  evidence?: Evidence[];
}

export interface Evidence {
  what: string;
  statements?: { policy: string; index: number; sid?: string; statement: unknown }[];
  chain?: string[];
  context?: Record<string, string | string[]>;
}

export interface CheckResult {
  id: CheckId;
  title: string;
  passed: boolean;
  /** One line for the terminal table. */
  summary: string;
  failures: Finding[];
  /** Facts worth seeing even when the check passes (e.g. data-read exposure). */
  notes: Finding[];
}

export interface MatrixCell {
  who: string;
  kind: "person" | "user" | "workload";
  env: string;
  level: string;
  expected: boolean;
  actual: boolean;
  /** For users: what happens without MFA (always expected false). */
  withoutMfa?: boolean;
}

/** A cell of an access class: the same for every member. */
export type ClassCell = Omit<MatrixCell, "who" | "kind">;

/**
 * An access class: people with the same teams (or one kept IAM user), evaluated once. A person
 * is a class alone when a policy on their path could tell them from the others.
 */
export interface MatrixClass {
  kind: "person" | "user" | "workload";
  teams: string[];
  /** Emails (people) or the IAM user name, in model order. */
  members: string[];
  /** Only the cells granted or reachable. */
  cells: ClassCell[];
}

export interface Proof {
  passed: boolean;
  evaluatedAt: string;
  checks: CheckResult[];
  matrix: MatrixClass[];
  /** Each level's access, declared or inferred from its policies, with why. */
  levels: ResolvedAccess[];
}

export function statementsOf(refs: readonly StatementRef[]): NonNullable<Evidence["statements"]> {
  return refs.map((r) => ({
    policy: r.policyId,
    index: r.index,
    ...(r.sid ? { sid: r.sid } : {}),
    statement: r.statement,
  }));
}

export function decisionEvidence(
  what: string,
  d: Decision,
  context?: Record<string, string | string[]>,
): Evidence {
  return {
    what: `${what}: ${d.verdict}${d.missing.length ? ` (no allow in: ${d.missing.join(", ")})` : ""}${d.uncertain.length ? `; undecided: ${d.uncertain.map((u) => u.reason).join("; ")}` : ""}`,
    statements: statementsOf(d.decisive),
    ...(context ? { context } : {}),
  };
}
