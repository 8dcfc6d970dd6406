// `sekisho profiles FILE -o DIR` as a separate process: the files, warnings, determinism.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { runTs, tempDir } from "../google/helpers.js";
import { HOSTILE } from "./helpers.js";

function tree(dir: string): Map<string, string> {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : [relative(dir, join(d, e.name))],
    );
  return new Map(
    walk(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), "utf8")]),
  );
}

test("profiles writes the Google files and each access class's configs, byte-identical twice", async () => {
  const dir = tempDir("sekisho-profiles-");
  const r1 = await runTs("test/profiles/cli-entry.ts", ["examples/access.yaml", "-o", join(dir, "a")]);
  assert.equal(r1.status, 0, r1.stderr);
  assert.equal(r1.stdout, `wrote 16 files to ${join(dir, "a")}\n`);
  const r2 = await runTs("test/profiles/cli-entry.ts", ["examples/access.yaml", "-o", join(dir, "b")]);
  assert.equal(r2.status, 0);
  const a = tree(join(dir, "a"));
  assert.deepEqual([...a.entries()], [...tree(join(dir, "b")).entries()]);
  assert.equal(a.get(".sekisho-output"), "sekisho profiles\n");
  assert.ok(a.has("google/saml-app.md") && a.has("profiles/access-sre/aws-config"));
  assert.ok(a.has("profiles/people.csv"));
  assert.ok(a.has("profiles/iam-users/break-glass/aesr-config"));
});

test("warnings go to stderr; an invalid model writes nothing; -o is required", async () => {
  const dir = tempDir("sekisho-profiles-");
  const file = join(dir, "hostile.yaml");
  writeFileSync(file, HOSTILE);
  const r = await runTs("test/profiles/cli-entry.ts", [file, "-o", join(dir, "out")]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^warning: environment 'dev': colour 123456 is not one the console accepts/m);
  writeFileSync(file, HOSTILE.replace("landing: readonly", "landing: nope"));
  const bad = await runTs("test/profiles/cli-entry.ts", [file, "-o", join(dir, "out2")]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /nothing written/);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.startsWith("out2")),
    [],
  );
  const usage = await runTs("test/profiles/cli-entry.ts", [file]);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /missing -o DIR \(or --who EMAIL\)/);
});

test("--who prints one person's own config to stdout, their email as session name; --short-names; unknown → exit 2", async () => {
  const dir = tempDir("sekisho-profiles-");
  const r = await runTs("test/profiles/cli-entry.ts", ["examples/access.yaml", "--who", "kenji@example.com"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^# AWS CLI profiles of kenji@example\.com \(example\)/);
  assert.match(
    r.stdout,
    /\n\[profile example-prod-readonly\]\n(?:.*\n){2}role_session_name = kenji@example\.com\n/,
  );
  const short = await runTs("test/profiles/cli-entry.ts", [
    "examples/access.yaml",
    "--who",
    "kenji@example.com",
    "--short-names",
  ]);
  assert.match(short.stdout, /\n\[profile prod-readonly\]\n/);
  assert.match(short.stdout, /\n\[profile example-landing-accounting\]\n/);
  const aesr = await runTs("test/profiles/cli-entry.ts", [
    "examples/access.yaml",
    "--who",
    "ci-deployer",
    "--aesr",
  ]);
  assert.match(aesr.stdout, /^; AWS Extend Switch Roles configuration of IAM user ci-deployer/);
  const nobody = await runTs("test/profiles/cli-entry.ts", [
    "examples/access.yaml",
    "--who",
    "nobody@example.com",
  ]);
  assert.equal(nobody.status, 2);
  assert.equal(
    nobody.stderr,
    "sekisho profiles: examples/access.yaml has no person with email 'nobody@example.com' and no kept IAM user of that name\n",
  );
  const both = await runTs("test/profiles/cli-entry.ts", ["examples/access.yaml", "--who", "x", "-o", dir]);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--who prints to stdout: leave out -o/);
});
