// Helpers for the end-to-end CLI tests: spawn the real CLI as a separate process, make
// temporary directories, and read whole output trees.
//
// The CLI runs from source through tsx (`node --import tsx src/cli/main.ts`), so no build
// is needed. SEKISHO_CLI=dist runs the built `dist/cli/main.js` instead (CI after a build).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { after } from "node:test";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const TODAY = "2026-11-28";

const TSX = import.meta.resolve("tsx");

function cliArgv(): string[] {
  if (process.env.SEKISHO_CLI === "dist") return [join(ROOT, "dist/cli/main.js")];
  return ["--import", TSX, join(ROOT, "src/cli/main.ts")];
}

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  /** Working directory of the CLI; the repository root unless set. */
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Runs `sekisho ARGS` as a separate process; resolves when it exits. */
export function sekisho(args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...cliArgv(), ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, SEKISHO_TODAY: TODAY, NO_COLOR: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 60_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", fail);
    child.on("close", (status, signal) =>
      done({
        status,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ms: performance.now() - started,
      }),
    );
  });
}

const memo = new Map<string, Promise<Run>>();

/** `sekisho(args)` run once per test file: for outputs compared many times (help texts). */
export function sekishoOnce(args: string[]): Promise<Run> {
  const key = JSON.stringify(args);
  let run = memo.get(key);
  if (!run) {
    run = sekisho(args);
    memo.set(key, run);
  }
  return run;
}

/** A fresh temporary directory, removed when the test file ends. */
export function tempDir(prefix = "sekisho-cli-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file under dir (relative, "/"-separated, sorted), directories not listed. */
export function listFiles(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : [relative(dir, join(d, e.name)).split("\\").join("/")],
    );
  return walk(dir).sort();
}

/** Path → bytes of every file under dir. */
export function readTree(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f))]));
}

/** Replaces the only occurrence of `from` in text; fails loudly if it is not there exactly once. */
export function mutate(text: string, from: string, to: string): string {
  const first = text.indexOf(from);
  if (first < 0) throw new Error(`mutate: ${JSON.stringify(from)} not found`);
  if (text.indexOf(from, first + 1) >= 0) throw new Error(`mutate: ${JSON.stringify(from)} found twice`);
  return text.slice(0, first) + to + text.slice(first + from.length);
}

/** stderr split in lines, without the empty last one. */
export function lines(text: string): string[] {
  const all = text.split("\n");
  if (all.at(-1) === "") all.pop();
  return all;
}
