// prove's results for people (terminal table, summary) and tools (proof.json, SARIF 2.1.0).
import type { AccessModel } from "../model/types.js";
import type { Finding, MatrixClass, Proof } from "../prove/types.js";
import { json } from "./json.js";
import { table } from "./markdown.js";
import { sarifLog } from "./sarif.js";

/**
 * proof.json lists the matrix once per access class (people with the same teams, or one kept
 * user): its teams, its members (`who`) and only the cells that are granted or reachable. A
 * 20,000-person organisation has a few thousand classes, not 20,000 copies of the same cells.
 */
export function proofJson(proof: Proof): string {
  return json({
    ...proof,
    matrix: proof.matrix.map((c) => ({ kind: c.kind, teams: c.teams, who: c.members, cells: c.cells })),
  });
}

const MAX_SHOWN = 10;

export function proofTable(proof: Proof): string {
  const rows = proof.checks.map((c) => [c.title, c.passed ? "PASS" : "FAIL", c.summary]);
  const width = [Math.max(5, ...rows.map((r) => r[0]!.length)), 6];
  const lines = [`${"check".padEnd(width[0]!)}  ${"result".padEnd(width[1]!)}  summary`];
  for (const r of rows) lines.push(`${r[0]!.padEnd(width[0]!)}  ${r[1]!.padEnd(width[1]!)}  ${r[2]}`);
  for (const c of proof.checks) {
    if (c.passed) continue;
    lines.push("", `${c.title}: ${c.failures.length} failure${c.failures.length === 1 ? "" : "s"}`);
    for (const f of c.failures.slice(0, MAX_SHOWN)) lines.push(`  - ${f.message}`);
    if (c.failures.length > MAX_SHOWN)
      lines.push(`  ... and ${c.failures.length - MAX_SHOWN} more in proof.json`);
  }
  for (const c of proof.checks)
    for (const n of c.notes.filter(
      (x) => x.rule === "landing/data-read" || x.rule === "landing/identity-is-environment",
    ))
      lines.push("", `note: ${n.message}`);
  lines.push(
    "",
    proof.passed
      ? `proof passed (evaluated at ${proof.evaluatedAt})`
      : `proof FAILED (evaluated at ${proof.evaluatedAt})`,
  );
  return `${lines.join("\n")}\n`;
}

export type Locate = (subject: string) => { line: number; column: number };

export function proofSarif(proof: Proof, file: string, version: string, locate: Locate): string {
  const findings: Finding[] = proof.checks.flatMap((c) => c.failures);
  const rules = [...new Set(findings.map((f) => f.rule))].sort();
  const titles = new Map(proof.checks.flatMap((c) => c.failures.map((f) => [f.rule, c.title] as const)));
  const results = findings.map((f) => {
    const at = locate(f.subject);
    return {
      ruleId: f.rule,
      ruleIndex: rules.indexOf(f.rule),
      level: "error",
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: file },
            region: { startLine: at.line, startColumn: at.column },
          },
          logicalLocations: [{ fullyQualifiedName: f.subject }],
        },
      ],
    };
  });
  return sarifLog(
    "sekisho",
    version,
    rules.map((id) => ({ id, text: `${titles.get(id)}: ${id}` })),
    results,
  );
}

/** How a class is named in a table: its members when few, else its teams and a count. */
export function classLabel(c: MatrixClass, few = 5): string {
  if (c.kind === "user") return `${c.members.join(", ")} (IAM user, with MFA)`;
  if (c.kind === "workload") return `${c.members.join(", ")} (workload, OIDC token)`;
  if (c.members.length <= few) return c.members.join(", ");
  return `${c.teams.join(" + ")} (${c.members.length} people)`;
}

/** The matrix as evaluated, for summary.md, a row per access class: a cell shows what is reachable; a mismatch is flagged. */
export function provenMatrix(model: AccessModel, proof: Proof): string {
  const envs = model.environments.map((e) => e.name);
  const rows = proof.matrix.map((c) => {
    const byEnv = new Map<string, string[]>();
    for (const cell of c.cells) {
      if (!cell.actual && !cell.expected) continue;
      const text =
        cell.actual === cell.expected
          ? cell.level
          : cell.actual
            ? `${cell.level} (NOT GRANTED)`
            : `${cell.level} (MISSING)`;
      byEnv.set(cell.env, [...(byEnv.get(cell.env) ?? []), text]);
    }
    return [classLabel(c), ...envs.map((env) => byEnv.get(env)?.join(", ") || "—")];
  });
  return table(["who", ...envs], rows);
}
