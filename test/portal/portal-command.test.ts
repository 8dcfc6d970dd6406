// `sekisho portal FILE -o DIR [--serve [--port N]]`, run as a separate process.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { UsageError } from "../../src/cli/command.js";
import { runPortal, sitePaths } from "../../src/cli/portal-command.js";
import { ROOT } from "./browser.js";

const TSX = import.meta.resolve("tsx");
const RUNNER = join(ROOT, "test/portal/run-portal.ts");
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "sekisho-portal-cli-"));
  dirs.push(d);
  return d;
}

function start(args: string[]) {
  const child = spawn(process.execPath, ["--import", TSX, RUNNER, ...args], {
    cwd: ROOT,
    env: { ...process.env, SEKISHO_TODAY: "2026-11-28" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (b: Buffer) => {
    stdout += b.toString("utf8");
  });
  child.stderr.on("data", (b: Buffer) => {
    stderr += b.toString("utf8");
  });
  const exit = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
  return { child, exit, out: () => stdout, err: () => stderr };
}

describe("sekisho portal", () => {
  test("writes the site: index.html and one page per access class at the top of DIR, badged by prove's level access", async () => {
    const dir = join(tmp(), "site");
    const run = start(["examples/access.yaml", "-o", dir]);
    assert.equal(await run.exit, 0, run.err());
    assert.match(run.out(), /wrote 5 files to /);
    assert.ok(existsSync(join(dir, "index.html")));
    const sre = readFileSync(join(dir, "access-sre.html"), "utf8");
    assert.ok(sre.includes("<h1>Access for sre</h1>"));
    // The example declares no access: prove infers it from the policies (AdministratorAccess is admin).
    assert.ok(sre.includes(`class="btn env-2 access-admin"`));
    assert.ok(sre.includes(`>prod · readonly<span class="badge">read-only</span>`));
    assert.ok(existsSync(join(dir, ".sekisho-output")));
  });

  test("--serve prints a 127.0.0.1 URL, serves the portal, and stops on Ctrl-C", async () => {
    const dir = join(tmp(), "site");
    const run = start(["examples/access.yaml", "-o", dir, "--serve", "--port", "0"]);
    const url = await new Promise<string>((done, fail) => {
      const timer = setInterval(() => {
        const m = /serving .* at (http:\/\/127\.0\.0\.1:\d+\/) /.exec(run.out());
        if (m) {
          clearInterval(timer);
          done(m[1]!);
        }
      }, 50);
      void run.exit.then((code) => {
        clearInterval(timer);
        fail(new Error(`exited ${code}: ${run.err()}`));
      });
    });
    const index = await fetch(url);
    assert.equal(index.status, 200);
    assert.match(await index.text(), /<title>example: access portal<\/title>/);
    const page = await fetch(`${url}access-sre.html`);
    assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
    run.child.kill("SIGINT");
    assert.equal(await run.exit, 0);
    assert.match(run.out(), /stopped\n$/);
  });

  test("usage errors", async () => {
    await assert.rejects(runPortal.run(["examples/access.yaml"]), UsageError);
    await assert.rejects(
      runPortal.run(["examples/access.yaml", "-o", "x", "--port", "80"]),
      /--port needs --serve/,
    );
    await assert.rejects(
      runPortal.run(["examples/access.yaml", "-o", "x", "--serve", "--port", "http"]),
      UsageError,
    );
  });

  test("sitePaths drops the portal/ prefix", () => {
    assert.deepEqual(
      [
        ...sitePaths(
          new Map([
            ["portal/index.html", "i"],
            ["portal/a@b.c.html", "a"],
          ]),
        ).keys(),
      ],
      ["index.html", "a@b.c.html"],
    );
  });
});
