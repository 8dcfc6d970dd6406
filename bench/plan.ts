// Benchmark of `sekisho validate` and `sekisho plan`, timed as whole processes, as a user
// runs them: on the example, on a synthetic organisation of 300 environments, 12 levels,
// 60 teams and 20,000 people ("full"), on one of half that size ("half"), and on a ladder of
// small ones (1/40, 1/20, 1/10 of full), which show how the time grows where full and half
// take too long.
//
//   npx tsx bench/plan.ts [--runs N] [--timeout SECONDS] [--no-ladder] [--only NAME,...] [--keep]
//
// N runs per cell (default 3; 7 for the example); a cell whose first run takes over a minute
// runs once; a run over the timeout (default 180 s) is stopped and reported as such.
// --only runs only the named organisations (example, 1/40, 1/20, 1/10, half, full), e.g.
// `--only 1/10` while working and `--only 1/10,half,full` at milestones. With /usr/bin/time
// present, each run's CPU time (user + system) and peak memory are reported too.
// Builds first (npm run build); writes inputs and outputs to bench/.work/plan/ (gitignored).
// The plan outputs are removed at the end (biome would check them) unless --keep is given.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parseDocument, parse as parseYaml } from "yaml";
import { FULL, HALF, type SyntheticOrgSize, scaled, syntheticOrg } from "./synthetic-org.js";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
// Our own subdirectory: bench/.work/ is shared scratch space, never wiped as a whole.
const WORK = join(ROOT, "bench", ".work", "plan");
const CLI = join(ROOT, "dist", "cli", "main.js");
const TODAY = "2026-11-28";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    timeout: { type: "string", default: "180" },
    "no-ladder": { type: "boolean", default: false },
    only: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const RUNS = Math.max(1, Number.parseInt(values.runs, 10) || 3);
const EXAMPLE_RUNS = Math.max(RUNS, 7);
const TIMEOUT_MS = Math.max(1, Number.parseInt(values.timeout, 10) || 180) * 1000;
const SLOW_MS = 60_000;

interface Org {
  name: string;
  file: string;
  size?: SyntheticOrgSize;
  runs: number;
}

type Outcome = { kind: "exit"; status: number } | { kind: "timeout" } | { kind: "crash"; detail: string };

interface Timing {
  command: "validate" | "plan";
  org: Org;
  ms: number[];
  /** CPU seconds (user + system) and peak resident memory (KiB) per run, when /usr/bin/time is there. */
  cpu: number[];
  peakKiB: number[];
  outcome: Outcome;
  output: string;
}

const TIME = "/usr/bin/time";
const HAS_TIME = existsSync(TIME);

function build(): void {
  process.stdout.write("npm run build ... ");
  const r = spawnSync("npm", ["run", "build", "--silent"], { cwd: ROOT, encoding: "utf8" });
  if (r.status === 0) {
    process.stdout.write("ok\n");
    return;
  }
  // tsc still emits on type errors; a broken build of a part we do not run is not fatal.
  const errors = `${r.stdout}${r.stderr}`.split("\n").filter((l) => /error TS/.test(l));
  process.stdout.write(`exit ${r.status}, ${errors.length} type errors (first: ${errors[0] ?? "none"})\n`);
  if (!existsSync(CLI)) throw new Error(`${CLI} was not built`);
}

interface Run {
  outcome: Outcome;
  ms: number;
  cpu?: number;
  peakKiB?: number;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Run {
  const started = performance.now();
  const usage = join(WORK, "time.txt");
  rmSync(usage, { force: true });
  const [cmd, argv] = HAS_TIME
    ? [TIME, ["-o", usage, "-f", "%U %S %M", process.execPath, CLI, ...args]]
    : [process.execPath, [CLI, ...args]];
  const r = spawnSync(cmd, argv, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, SEKISHO_TODAY: TODAY },
    maxBuffer: 512 * 1024 * 1024,
    timeout: TIMEOUT_MS,
    killSignal: "SIGKILL",
  });
  const ms = performance.now() - started;
  let outcome: Outcome;
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT") outcome = { kind: "timeout" };
  else if (r.status === null || r.status > 2) {
    const oom = /heap out of memory/.test(r.stderr);
    outcome = { kind: "crash", detail: oom ? "out of memory" : `${r.signal ?? `exit ${r.status}`}` };
  } else outcome = { kind: "exit", status: r.status };
  let measured: { cpu?: number; peakKiB?: number } = {};
  if (HAS_TIME && existsSync(usage)) {
    const last = readFileSync(usage, "utf8").trim().split("\n").at(-1) ?? "";
    const [user, sys, peak] = last.split(" ").map(Number);
    if (user !== undefined && sys !== undefined && peak !== undefined && !Number.isNaN(peak))
      measured = { cpu: user + sys, peakKiB: peak };
  }
  return { outcome, ms, ...measured, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

function dirSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += statSync(join(e.parentPath, e.name)).size;
  }
  return { files, bytes };
}

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The acknowledgements of the example's readonly level, reused for the synthetic read levels. */
function exampleAcknowledgements(): Record<string, string> {
  const example = parseYaml(readFileSync(join(ROOT, "examples", "access.yaml"), "utf8")) as {
    levels?: Record<string, { acknowledge?: Record<string, string> }>;
  };
  return example.levels?.readonly?.acknowledge ?? {};
}

function writeOrg(name: string, size: SyntheticOrgSize, ack: Record<string, string>): Org {
  const file = join(WORK, `${name.replace("/", "-of-")}.yaml`);
  writeFileSync(file, syntheticOrg(size, ack));
  return { name, file, size, runs: RUNS };
}

function sizeText(org: Org): string {
  const s = org.size;
  return s ? `${s.environments} env, ${s.teams} teams, ${s.people} people` : "3 env, 4 teams, 12 people";
}

/** validate --json must find no error; prints the warnings by code. */
function checkValid(org: Org): void {
  const r = run(["validate", "--json", org.file]);
  if (r.outcome.kind !== "exit") throw new Error(`validate ${org.name}: ${JSON.stringify(r.outcome)}`);
  const out = JSON.parse(r.stdout) as { valid: boolean; diagnostics: { severity: string; code: string }[] };
  const errors = out.diagnostics.filter((d) => d.severity === "error");
  const warnings = out.diagnostics.filter((d) => d.severity === "warning");
  const byCode = new Map<string, number>();
  for (const w of warnings) byCode.set(w.code, (byCode.get(w.code) ?? 0) + 1);
  const codes = [...byCode].map(([c, n]) => `${c} ×${n}`).join(", ");
  process.stdout.write(
    `  ${org.name.padEnd(8)} ${human(statSync(org.file).size).padStart(9)}: ${errors.length} errors, ${warnings.length} warnings${codes ? ` (${codes})` : ""}\n`,
  );
  if (errors.length > 0 || r.outcome.status !== 0) {
    throw new Error(`${org.file} does not validate: ${JSON.stringify(errors.slice(0, 3))}`);
  }
}

function time(command: "validate" | "plan", org: Org): Timing {
  const out = join(WORK, `out-${org.name.replace("/", "-of-")}`);
  const args = command === "validate" ? ["validate", org.file] : ["plan", org.file, "-o", out];
  const ms: number[] = [];
  const cpu: number[] = [];
  const peakKiB: number[] = [];
  let outcome: Outcome = { kind: "exit", status: 0 };
  for (let i = 0; i < org.runs; i++) {
    const r = run(args);
    outcome = r.outcome;
    // plan exits 1 when a proof check fails, and still writes its output for review.
    const ok =
      r.outcome.kind === "exit" && (r.outcome.status === 0 || (command === "plan" && r.outcome.status === 1));
    if (!ok) {
      if (r.outcome.kind === "exit") process.stdout.write(`\n${r.stderr.slice(0, 2000)}`);
      process.stdout.write(r.outcome.kind === "timeout" ? "T" : "X");
      break;
    }
    ms.push(r.ms);
    if (r.cpu !== undefined) cpu.push(r.cpu);
    if (r.peakKiB !== undefined) peakKiB.push(r.peakKiB);
    process.stdout.write(".");
    if (r.ms > SLOW_MS) break;
  }
  let output = "-";
  if (command === "plan" && outcome.kind === "exit" && existsSync(out)) {
    const s = dirSize(out);
    output = `${s.files} files, ${human(s.bytes)}`;
  } else if (command === "validate") output = `reads ${human(statSync(org.file).size)}`;
  return { command, org, ms, cpu, peakKiB, outcome, output };
}

function outcomeText(t: Timing): string {
  if (t.outcome.kind === "exit") return `exit ${t.outcome.status}`;
  if (t.outcome.kind === "timeout") return `> ${TIMEOUT_MS / 1000} s, stopped`;
  return `crashed: ${t.outcome.detail}`;
}

function table(rows: string[][], rightColumns: number[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (rightColumns.includes(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join("  ");
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

/** In-process: the share of reading the YAML that is yaml's duplicate-key check (uniqueKeys). */
function parseCost(orgs: Org[]): string {
  const rows = [["org", "people", "parse, uniqueKeys: true", "parse, uniqueKeys: false"]];
  for (const org of orgs) {
    const text = readFileSync(org.file, "utf8");
    const cost = (uniqueKeys: boolean) => {
      const started = performance.now();
      parseDocument(text, { uniqueKeys, strict: true });
      return performance.now() - started;
    };
    cost(false); // warm up
    rows.push([
      org.name,
      String(org.size?.people ?? 12),
      `${cost(true).toFixed(0)} ms`,
      `${cost(false).toFixed(0)} ms`,
    ]);
  }
  return table(rows, [1, 2, 3]);
}

function growth(timings: Timing[], command: string, small: Org, large: Org, base: number): string {
  const a = timings.find((t) => t.command === command && t.org === small);
  const b = timings.find((t) => t.command === command && t.org === large);
  const label = `${command} ${small.name} → ${large.name}`.padEnd(32);
  if (!a?.ms.length || !b?.ms.length || a.outcome.kind !== "exit" || b.outcome.kind !== "exit") {
    return `  ${label} n/a (${b ? outcomeText(b) : "not run"})`;
  }
  const ratio = Math.min(...b.ms) / Math.min(...a.ms);
  const net = (Math.min(...b.ms) - base) / (Math.min(...a.ms) - base);
  return `  ${label} ${ratio.toFixed(2)}× (${net.toFixed(2)}× without start-up)`;
}

function main(): void {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  build();

  const ack = exampleAcknowledgements();
  const example: Org = { name: "example", file: join(ROOT, "examples", "access.yaml"), runs: EXAMPLE_RUNS };
  const ladder = values["no-ladder"]
    ? []
    : (
        [
          ["1/40", 1 / 40],
          ["1/20", 1 / 20],
          ["1/10", 1 / 10],
        ] as const
      ).map(([name, f]) => writeOrg(name, scaled(FULL, f), ack));
  const half = writeOrg("half", HALF, ack);
  const full = writeOrg("full", FULL, ack);
  const all = [example, ...ladder, half, full];
  const only = values.only?.split(",").map((x) => x.trim());
  const orgs = only ? all.filter((o) => only.includes(o.name)) : all;

  process.stdout.write(
    `Node ${process.version}, ${cpus().length} CPUs; per-run timeout ${TIMEOUT_MS / 1000} s\n`,
  );
  process.stdout.write("Inputs (validate --json: no errors allowed):\n");
  for (const org of orgs) checkValid(org);

  const timings: Timing[] = [];
  for (const command of ["validate", "plan"] as const) {
    for (const org of orgs) {
      process.stdout.write(`${command} ${org.name} (up to ${org.runs} runs) `);
      timings.push(time(command, org));
      process.stdout.write("\n");
    }
  }

  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
  process.stdout.write(
    `\nWall time of whole processes (load average now ${load}; min is the least disturbed):\n`,
  );
  const rows = [
    ["command", "org", "size", "median ms", "min ms", "CPU s", "peak MiB", "runs", "result", "output"],
  ];
  for (const t of timings) {
    const done = t.ms.length > 0 && t.outcome.kind === "exit";
    rows.push([
      t.command,
      t.org.name,
      sizeText(t.org),
      done ? median(t.ms).toFixed(0) : "-",
      done ? Math.min(...t.ms).toFixed(0) : "-",
      done && t.cpu.length ? median(t.cpu).toFixed(2) : "-",
      done && t.peakKiB.length ? (median(t.peakKiB) / 1024).toFixed(0) : "-",
      String(t.ms.length),
      outcomeText(t),
      t.output,
    ]);
  }
  process.stdout.write(`${table(rows, [3, 4, 5, 6, 7])}\n`);
  if (!orgs.includes(example)) {
    finish();
    return;
  }

  const base = (command: string) =>
    Math.min(...timings.find((t) => t.command === command && t.org === example)!.ms);
  process.stdout.write(
    "\nGrowth, by min time (each step doubles the organisation: linear is 2×, quadratic 4×):\n",
  );
  for (const command of ["validate", "plan"]) {
    const steps = [...ladder, half, full];
    for (let i = 0; i + 1 < steps.length; i++) {
      if (steps[i] === ladder.at(-1)) continue; // 1/10 → half is 5×, not a doubling
      process.stdout.write(`${growth(timings, command, steps[i]!, steps[i + 1]!, base(command))}\n`);
    }
  }

  process.stdout.write(
    "\nIn-process YAML parse (yaml checks each key against every earlier key of its mapping):\n",
  );
  process.stdout.write(`${parseCost([...ladder, half, full])}\n`);
  finish();
}

function finish(): void {
  if (!values.keep) {
    for (const e of readdirSync(WORK))
      if (e.startsWith("out-")) rmSync(join(WORK, e), { recursive: true, force: true });
  }
}

main();
