// Audit findings: each with a stable id (so runs can be diffed), a severity, the principal,
// the evidence and the fix.
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface AuditEvidence {
  what: string;
  statements?: { policy: string; index: number; sid?: string; statement: unknown }[];
  chain?: string[];
}

export interface AuditFinding {
  /** rule/principal[/target]: stable across runs of the same accounts. */
  id: string;
  rule: string;
  severity: Severity;
  principal: string;
  title: string;
  evidence: AuditEvidence[];
  fix: string;
  /** Escalations: the step that opens the path (its last one, into the admin), shared by every path it opens. */
  rootCause?: string;
}

/** Escalation findings grouped by the step that opens them: each cause once, with the principals it affects. */
export function rootCauses(findings: readonly AuditFinding[]): { cause: string; principals: string[] }[] {
  const by = new Map<string, string[]>();
  for (const f of findings) {
    if (f.rule !== "escalation" || !f.rootCause || f.severity === "info") continue;
    by.set(f.rootCause, [...(by.get(f.rootCause) ?? []), f.principal]);
  }
  return [...by]
    .map(([cause, principals]) => ({ cause, principals: principals.sort() }))
    .sort((a, b) => b.principals.length - a.principals.length || a.cause.localeCompare(b.cause));
}

export interface Headline {
  accounts: number;
  users: {
    total: number;
    withPassword: number | null;
    withActiveKeys: number | null;
    withMfa: number | null;
    withoutMfa: number | null;
  };
  adminEquivalent: { users: number; roles: number };
  canEscalateToAdmin: { users: number; roles: number };
  boundaries: {
    usersWithDirectPolicies: number;
    usersOnlyThroughGroups: number;
    usersWithNoPolicy: number;
    usersWithBoundary: number;
  };
}

export interface AuditReport {
  generatedFor: string;
  headline: Headline;
  findings: AuditFinding[];
  warnings: string[];
}

/** Most severe first, then by id: the order every report lists findings in. */
export function sortFindings(findings: AuditFinding[]): void {
  findings.sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.id.localeCompare(b.id),
  );
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}
