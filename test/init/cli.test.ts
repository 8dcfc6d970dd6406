// `sekisho init` end to end, as a separate process: the draft written, never replaced without
// --force, validated and planned by the real CLI; collect folders, stdout, and bad input.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { lines, sekisho, tempDir } from "../cli/helpers.js";
import { company } from "./fixtures.js";

const GOLDEN = readFileSync("test/init/golden/company.yaml", "utf8");

/** The company's exports and reports written to a fresh folder; returns the init arguments. */
function companyFiles(dir: string): string[] {
  const c = company();
  for (const f of [...c.exports, ...c.reports]) writeFileSync(join(dir, f.path), f.text);
  return [
    "--from",
    ...c.exports.map((f) => join(dir, f.path)),
    ...c.reports.flatMap((f) => ["--credential-report", join(dir, f.path)]),
  ];
}

const SUMMARY = "6 people, 1 kept users, 2 other IAM users listed; 4 REVIEW comments";

test("init writes the draft; without --force it refuses to replace it (exit 2, file untouched)", async () => {
  const dir = tempDir("sekisho-init-");
  const out = join(dir, "access.yaml");
  const args = [...companyFiles(dir), "-o", out];

  const first = await sekisho(["init", ...args]);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout, "");
  assert.deepEqual(lines(first.stderr), [
    `wrote ${out}: 3 environments, 6 teams, ${SUMMARY}`,
    `next: review it, then sekisho validate ${out} && sekisho plan ${out} -o out`,
  ]);
  assert.equal(readFileSync(out, "utf8"), GOLDEN);
  const before = statSync(out);

  writeFileSync(out, "# edited by a human\n");
  const edited = statSync(out);
  const again = await sekisho(["init", ...args]);
  assert.equal(again.status, 2);
  assert.equal(again.stderr, `sekisho init: ${out} exists: not replaced (use --force to replace it)\n`);
  assert.equal(readFileSync(out, "utf8"), "# edited by a human\n");
  assert.equal(statSync(out).mtimeMs, edited.mtimeMs);
  assert.ok(before.size > 0);

  const forced = await sekisho(["init", ...args, "--force"]);
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(readFileSync(out, "utf8"), GOLDEN);
  // Written through a temporary file that is gone afterwards.
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes("access.yaml")),
    ["access.yaml"],
  );
});

test("the draft passes sekisho validate and sekisho plan as written", async () => {
  const dir = tempDir("sekisho-init-");
  const out = join(dir, "access.yaml");
  assert.equal((await sekisho(["init", ...companyFiles(dir), "-o", out])).status, 0);
  const v = await sekisho(["validate", out]);
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stderr, "");
  assert.equal(v.stdout, `${out}: valid (3 environments, 3 levels, 6 teams, 6 people, 1 kept users)\n`);
  const p = await sekisho(["plan", out, "-o", join(dir, "out")]);
  assert.equal(p.status, 0, p.stdout + p.stderr);
  assert.match(p.stdout, /proof passed/);
  assert.ok(statSync(join(dir, "out/cloudformation/111111111111-dev-identity.json")).isFile());
});

test("init reads a folder sekisho collect wrote, and -o - prints the draft", async () => {
  const dir = tempDir("sekisho-init-");
  const c = company();
  const accounts = ["111111111111", "222222222222", "333333333333"];
  c.exports.forEach((f, i) => {
    mkdirSync(join(dir, accounts[i]!));
    writeFileSync(join(dir, accounts[i]!, "authorization-details.json"), f.text);
  });
  writeFileSync(
    join(dir, "111111111111", "credential-report.json"),
    JSON.stringify({ Content: c.reports[0]!.text }),
  );
  writeFileSync(
    join(dir, "222222222222", "credential-report.json"),
    JSON.stringify({ Content: c.reports[1]!.text }),
  );
  const r = await sekisho(["init", "--from", dir, "-o", "-"]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, GOLDEN);
  assert.deepEqual(lines(r.stderr), [`drafted: 3 environments, 6 teams, ${SUMMARY}`]);
});

test("init --help starts with the usage line and explains the guesses", async () => {
  const r = await sekisho(["init", "--help"]);
  assert.equal(r.status, 0);
  assert.ok(r.stdout.startsWith("Usage: sekisho init --from EXPORT... [--credential-report FILE]..."));
  for (const word of [
    "environments",
    "identity",
    "people",
    "teams",
    "levels",
    "kept users",
    "REVIEW",
    "--force",
  ])
    assert.ok(r.stdout.includes(word), word);
});

test("usage errors exit 2; unreadable exports exit 2 too and write nothing", async () => {
  const dir = tempDir("sekisho-init-");
  const noFrom = await sekisho(["init", "-o", join(dir, "a.yaml")]);
  assert.equal(noFrom.status, 2);
  assert.ok(noFrom.stderr.startsWith("sekisho init: missing --from EXPORT\n"));
  const noOut = await sekisho(["init", "--from", "x.json"]);
  assert.equal(noOut.status, 2);
  assert.ok(noOut.stderr.startsWith("sekisho init: missing -o FILE (or -o - for standard output)\n"));
  const missing = await sekisho(["init", "--from", join(dir, "nope.json"), "-o", join(dir, "a.yaml")]);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, `sekisho init: ${join(dir, "nope.json")}: cannot read (ENOENT)\n`);

  writeFileSync(
    join(dir, "report.json"),
    JSON.stringify({ Content: "user,arn\n", ReportFormat: "text/csv" }),
  );
  const wrong = await sekisho(["init", "--from", join(dir, "report.json"), "-o", join(dir, "a.yaml")]);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /not a get-account-authorization-details export \(this is a credential report/);
  assert.match(wrong.stderr, /\nsekisho init: not run: fix the input errors above\n$/);
  assert.deepEqual(readdirSync(dir), ["report.json"]);
});
