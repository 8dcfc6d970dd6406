// Shared by the whole-process benches (audit, migrate, diff): run the built CLI once under
// /usr/bin/time for wall time and peak memory, and print the rows as an aligned table.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const CLI = join(ROOT, "dist", "cli", "main.js");

export interface Timed {
  ms: number;
  mb: number;
  status: number | null;
}

/** Builds the CLI (dist/) so that start-up is node's, not tsx's. */
export function build(): void {
  spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
}

export function timeCli(args: string[]): Timed {
  const t = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, CLI, ...args], {
    env: { ...process.env, SEKISHO_TODAY: "2026-11-28" },
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  return {
    ms: Number(process.hrtime.bigint() - t) / 1e6,
    mb: (Number(r.stderr.trim().split("\n").at(-1)) || 0) / 1024,
    status: r.status,
  };
}

export const row = (input: string, r: Timed): string[] => [
  input,
  r.ms.toFixed(0),
  r.mb.toFixed(0),
  String(r.status),
];

export function printTable(title: string, rows: string[][]): void {
  const head = ["input", "ms", "peak MB", "exit"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(title);
  console.log(head.map((h, i) => h.padEnd(w[i]!)).join("  "));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i]!)).join("  "));
}
