// audit's results: terminal summary (headline first), audit.json (stable ids), audit.md, SARIF.
import { type AuditReport, rootCauses } from "../audit/types.js";
import { mdText, textTable } from "../text/markdown.js";
import { json } from "./json.js";
import { sarifLog } from "./sarif.js";

/** The one command that gets what the counts need, said once instead of "unknown" four times. */
export const GET_REPORT =
  "aws iam generate-credential-report && aws iam get-credential-report --output json > credential-report.json, then audit --credential-report credential-report.json";

/** Passwords, keys and MFA of the users: counts from the credential report, or why there are none. */
export function credentialCounts(u: AuditReport["headline"]["users"]): string {
  const known = [u.withPassword, u.withActiveKeys, u.withMfa, u.withoutMfa];
  if (known.every((v) => v === null))
    return `console passwords, access keys and MFA unknown without a credential report (${GET_REPORT})`;
  const n = (v: number | null) => (v === null ? "unknown" : String(v));
  return `console password ${n(u.withPassword)}, active access keys ${n(u.withActiveKeys)}, MFA ${n(u.withMfa)}, no MFA ${n(u.withoutMfa)}`;
}

function headlineLines(r: AuditReport): string[] {
  const h = r.headline;
  return [
    `Accounts audited: ${h.accounts} (${r.generatedFor})`,
    `1. Too many IAM users: ${h.users.total} users; ${credentialCounts(h.users)}`,
    `2. Too powerful: admin-equivalent ${h.adminEquivalent.users} users and ${h.adminEquivalent.roles} roles; can escalate to admin ${h.canEscalateToAdmin.users} users and ${h.canEscalateToAdmin.roles} roles`,
    `3. No per-person boundaries: ${h.boundaries.usersWithDirectPolicies} users with policies of their own, ${h.boundaries.usersOnlyThroughGroups} only through groups, ${h.boundaries.usersWithNoPolicy} with none; ${h.boundaries.usersWithBoundary} with a permissions boundary`,
  ];
}

export function auditTerminal(r: AuditReport): string {
  const counts = ["critical", "high", "medium", "low", "info"].map(
    (s) => `${r.findings.filter((f) => f.severity === s).length} ${s}`,
  );
  const lines = [...headlineLines(r), "", `Findings: ${counts.join(", ")}`];
  const causes = rootCauses(r.findings);
  if (causes.length) {
    lines.push(`Root causes of the escalations (${causes.length}):`);
    for (const c of causes)
      lines.push(`  ${c.cause}: opens the paths of ${c.principals.length} (${c.principals.join(", ")})`);
  }
  for (const f of r.findings.filter((x) => x.severity === "critical" || x.severity === "high"))
    lines.push(`  [${f.severity}] ${f.title}`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return `${lines.join("\n")}\n`;
}

export function auditJson(r: AuditReport): string {
  return json(r);
}

export function auditMarkdown(r: AuditReport): string {
  // Every text here comes from exports (names, paths, tags): escaped, never markup.
  const lines = ["# Sekisho audit", "", ...headlineLines(r).map((l) => `- ${mdText(l)}`), ""];
  lines.push(
    "## Findings",
    "",
    textTable(
      ["severity", "id", "finding", "fix"],
      r.findings.map((f) => [f.severity, f.id, f.title, f.fix]),
    ),
  );
  const causes = rootCauses(r.findings);
  if (causes.length)
    lines.push(
      "## Root causes",
      "",
      "Each step below opens the escalation paths of the principals listed: remove it and they close.",
      "",
      textTable(
        ["opened by", "principals", "count"],
        causes.map((c) => [c.cause, c.principals.join(", "), String(c.principals.length)]),
      ),
    );
  for (const f of r.findings.filter((x) => x.rule === "escalation")) {
    lines.push(
      `### ${mdText(f.title)}`,
      "",
      ...f.evidence.slice(1).map((e, i) => `${i + 1}. ${mdText(e.what)}`),
      "",
    );
  }
  if (r.warnings.length) lines.push("## Warnings", "", ...r.warnings.map((w) => `- ${mdText(w)}`), "");
  return `${lines.join("\n")}\n`;
}

const SARIF_LEVEL = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
} as const;

export function auditSarif(r: AuditReport, version: string, artifact: (principal: string) => string): string {
  const rules = [...new Set(r.findings.map((f) => f.rule))].sort();
  const results = r.findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: rules.indexOf(f.rule),
    level: SARIF_LEVEL[f.severity],
    message: { text: `${f.title}. Fix: ${f.fix}` },
    partialFingerprints: { sekishoId: f.id },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: artifact(f.principal) } },
        logicalLocations: [{ fullyQualifiedName: f.principal }],
      },
    ],
  }));
  return sarifLog(
    "sekisho-audit",
    version,
    rules.map((id) => ({ id, text: id })),
    results,
  );
}
