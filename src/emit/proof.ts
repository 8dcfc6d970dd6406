// prove's results for people (terminal table, summary) and tools (proof.json, SARIF 2.1.0).
import type { AccessModel } from "../model/types.js";
import type { Finding, MatrixClass, Proof } from "../prove/types.js";
import { json } from "./json.js";
import { table } from "./markdown.js";
import { sarifLog } from "./sarif.js";

/**
 * proof.json lists the matrix once per access class (people with the same teams, or one kept
 * user): its teams, its members (`who`), what they reach as granted (`reaches`, environment →
 * levels), and each cell where the compiled policies and the model disagree (`differs`, with
 * `expected` and `actual`), and for kept users any role reached without MFA. A 20,000-person
 * organisation has a few thousand classes, not 20,000 copies of the same cells.
 */
export function proofJson(proof: Proof): string {
  return json({
    ...proof,
    matrix: proof.matrix.map((c) => {
      // A Map, then fromEntries: an environment named __proto__ stays a key.
      const reaches = new Map<string, string[]>();
      for (const cell of c.cells) {
        if (!cell.expected || !cell.actual) continue;
        const levels = reaches.get(cell.env);
        if (levels) levels.push(cell.level);
        else reaches.set(cell.env, [cell.level]);
      }
      const differs = c.cells
        .filter((cell) => cell.expected !== cell.actual)
        .map(({ env, level, expected, actual }) => ({ env, level, expected, actual }));
      const withoutMfa = c.cells.filter((cell) => cell.withoutMfa).map((cell) => `${cell.env} ${cell.level}`);
      return {
        kind: c.kind,
        teams: c.teams,
        who: c.members,
        reaches: Object.fromEntries(reaches),
        ...(differs.length ? { differs } : {}),
        ...(withoutMfa.length ? { withoutMfa } : {}),
      };
    }),
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

/** Past this many environments summary.md lists each class's reach in one column, not a column per environment. */
export const WIDE_MATRIX_MAX_ENVS = 8;

/**
 * The matrix as evaluated, for summary.md, a row per access class: a cell shows what is
 * reachable; a mismatch is flagged. With many environments, one column lists per class only
 * the environments it reaches ("prod: admin, readonly; dev: developer"), in model order.
 */
export function provenMatrix(model: AccessModel, proof: Proof): string {
  const envs = model.environments.map((e) => e.name);
  const narrow = envs.length > WIDE_MATRIX_MAX_ENVS;
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
    if (narrow) {
      const reach = envs
        .filter((env) => byEnv.has(env))
        .map((env) => `${env}: ${byEnv.get(env)!.join(", ")}`);
      return [classLabel(c), reach.join("; ") || "—"];
    }
    return [classLabel(c), ...envs.map((env) => byEnv.get(env)?.join(", ") || "—")];
  });
  return narrow ? table(["who", "reaches"], rows) : table(["who", ...envs], rows);
}
