// What the Terraform output adds to `plan`: the time of terraformFiles (modules and one root per
// account, rendered from the compiled OrgState) against compile alone, and the size it writes,
// on the example and on synthetic organisations (bench/synthetic-org.ts). In-process medians;
// whole-process `plan` is timed with farm-bench (README).
//
//   npx tsx bench/terraform.ts [--runs N]
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { compile } from "../src/compile/compile.js";
import { terraformFiles } from "../src/emit/terraform.js";
import { loadModelText } from "../src/model/load.js";
import type { AccessModel } from "../src/model/types.js";
import { FULL, scaled, syntheticOrg } from "./synthetic-org.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "7" } } });
const RUNS = Math.max(1, Number.parseInt(values.runs, 10) || 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timed<T>(f: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    value = f();
    times.push(performance.now() - t);
  }
  return { ms: median(times), value: value! };
}

function modelOf(name: string, text: string): AccessModel {
  const r = loadModelText(name, text, { today: "2026-11-28" });
  if (!r.model) throw new Error(`${name} does not validate`);
  return r.model;
}

const example = readFileSync("examples/access.yaml", "utf8");
const ack =
  (parseYaml(example) as { levels: Record<string, { acknowledge?: Record<string, string> }> }).levels.readonly
    ?.acknowledge ?? {};
const orgs: [string, string][] = [
  ["example", example],
  ["synthetic 1/10", syntheticOrg(scaled(FULL, 0.1), ack)],
  ["synthetic full", syntheticOrg(FULL, ack)],
];

const rows = [
  ["organisation", "accounts", "roles", "compile ms", "terraform ms", "terraform files", "terraform bytes"],
];
for (const [name, text] of orgs) {
  const model = modelOf(name, text);
  const c = timed(() => compile(model));
  const state = c.value;
  const t = timed(() =>
    terraformFiles({ organization: model.organization, region: model.options.region, state }),
  );
  const bytes = [...t.value.files.values()].reduce((n, s) => n + Buffer.byteLength(s), 0);
  rows.push([
    name,
    String(state.accounts.length),
    String(state.accounts.reduce((n, a) => n + a.authorizationDetails.RoleDetailList.length, 0)),
    c.ms.toFixed(1),
    t.ms.toFixed(1),
    String(t.value.files.size),
    `${(bytes / 1024).toFixed(0)} KB`,
  ]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows)
  process.stdout.write(
    `${r.map((c, i) => (i ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ")}\n`,
  );
process.stdout.write(`medians of ${RUNS} runs\n`);
