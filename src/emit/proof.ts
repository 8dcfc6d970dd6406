// prove's results for people (terminal table, summary) and tools (proof.json, SARIF 2.1.0).
import type { AccessModel } from "../model/types.js";
import type { Finding, Proof } from "../prove/types.js";
import { json } from "./json.js";
import { table } from "./markdown.js";
import { sarifLog } from "./sarif.js";

/**
 * proof.json lists the matrix once per group of people whose cells are the same (a 20,000-person
 * org has a few hundred such groups), with only the cells that are granted or reachable.
 */
export function proofJson(proof: Proof): string {
  const byWho = new Map<string, { kind: string; cells: Omit<Proof["matrix"][number], "who" | "kind">[] }>();
  for (const { who, kind, ...cell } of proof.matrix) {
    const key = `${kind}\u0000${who}`;
    const entry = byWho.get(key) ?? { kind, cells: [] };
    entry.cells.push(cell);
    byWho.set(key, entry);
  }
  const groups = new Map<string, { kind: string; who: string[]; cells: unknown[] }>();
  for (const [key, entry] of byWho) {
    const sig = `${entry.kind}\u0000${JSON.stringify(entry.cells)}`;
    const who = key.slice(key.indexOf("\u0000") + 1);
    const g = groups.get(sig);
    if (g) g.who.push(who);
    else groups.set(sig, { kind: entry.kind, who: [who], cells: entry.cells });
  }
  return json({ ...proof, matrix: [...groups.values()] });
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
    for (const n of c.notes.filter((x) => x.rule === "landing/data-read"))
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

/** The matrix as evaluated, for summary.md: a cell shows what is reachable; a mismatch is flagged. */
export function provenMatrix(model: AccessModel, proof: Proof): string {
  const envs = model.environments.map((e) => e.name);
  // One pass to group the cells by person: the matrix may hold hundreds of thousands of cells.
  const byWho = new Map<string, { kind: string; who: string; cells: Proof["matrix"] }>();
  for (const c of proof.matrix) {
    const key = `${c.kind}|${c.who}`;
    const entry = byWho.get(key);
    if (entry) entry.cells.push(c);
    else byWho.set(key, { kind: c.kind, who: c.who, cells: [c] });
  }
  const rows: string[][] = [];
  for (const { kind, who, cells } of byWho.values()) {
    rows.push([
      kind === "user" ? `${who} (IAM user, with MFA)` : who,
      ...envs.map((env) => {
        const parts = cells
          .filter((c) => c.env === env && (c.actual || c.expected))
          .map((c) =>
            c.actual === c.expected
              ? c.level
              : c.actual
                ? `${c.level} (NOT GRANTED)`
                : `${c.level} (MISSING)`,
          );
        return parts.join(", ") || "—";
      }),
    ]);
  }
  return table(["who", ...envs], rows);
}
