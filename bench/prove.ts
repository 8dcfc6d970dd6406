// Benchmark of `sekisho prove`, timed as whole processes: on the example and on synthetic
// organisations (bench/synthetic-org.ts) of growing size, to show how the time grows.
//
//   npx tsx bench/prove.ts [--runs N] [--sizes 0.025,0.05,0.1,0.25]
//
// Builds first; writes inputs to bench/.work/prove/ (gitignored).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { FULL, scaled, syntheticOrg } from "./synthetic-org.js";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const WORK = join(ROOT, "bench", ".work", "prove");
const CLI = join(ROOT, "dist", "cli", "main.js");
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    sizes: { type: "string", default: "0.025,0.05,0.1,0.25" },
  },
});
const RUNS = Math.max(1, Number(values.runs) || 3);

function time(file: string): { ms: number[]; rss: number; status: number | null } {
  const ms: number[] = [];
  let rss = 0;
  let status: number | null = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, CLI, "prove", file], {
      env: { ...process.env, SEKISHO_TODAY: "2026-11-28" },
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    rss = Math.max(rss, Number(r.stderr.trim().split("\n").at(-1)) || 0);
    status = r.status;
  }
  return { ms: ms.sort((a, b) => a - b), rss, status };
}

spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
mkdirSync(WORK, { recursive: true });
const rows: string[][] = [];
const example = time(join(ROOT, "examples", "access.yaml"));
rows.push([
  "example (12 people, 3 envs, 3 levels, 4 teams)",
  example.ms[Math.floor(example.ms.length / 2)]!.toFixed(0),
  example.ms[0]!.toFixed(0),
  (example.rss / 1024).toFixed(0),
  String(example.status),
]);
// The readonly level of the synthetic org uses ReadOnlyAccess: acknowledge what it allows beyond reads.
const ack = Object.fromEntries(
  [
    ...readFileSync(join(ROOT, "examples", "access.yaml"), "utf8").matchAll(
      /^ {6}([a-z0-9-]+:[A-Za-z]+): (.+)$/gm,
    ),
  ].map((m) => [m[1]!, m[2]!]),
);
for (const f of values.sizes.split(",").map(Number)) {
  const size = scaled(FULL, f);
  const file = join(WORK, `org-${f}.yaml`);
  writeFileSync(file, syntheticOrg(size, ack));
  const r = time(file);
  rows.push([
    `synthetic ×${f}: ${size.environments} envs, ${size.levels} levels, ${size.teams} teams, ${size.people} people`,
    r.ms[Math.floor(r.ms.length / 2)]!.toFixed(0),
    r.ms[0]!.toFixed(0),
    (r.rss / 1024).toFixed(0),
    String(r.status),
  ]);
}
const head = ["org", "median ms", "min ms", "peak MB", "exit"];
const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
console.log(`sekisho prove, whole process, ${RUNS} run(s) each`);
console.log(head.map((h, i) => h.padEnd(w[i]!)).join("  "));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i]!)).join("  "));
