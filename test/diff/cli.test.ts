// The real CLI end to end: plan writes the state files, diff of the model against them is
// clean (exit 0); after a role is deleted it is drift (exit 1), in the terminal and diff.json.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { DiffReport } from "../../src/diff/types.js";
import type { AuthorizationDetails } from "../../src/state/org-state.js";
import { sekisho, tempDir } from "../cli/helpers.js";

const PROD_ADMIN = "arn:aws:iam::333333333333:role/sekisho/admin";

test("sekisho diff: exit 0 against plan's state files, exit 1 with diff.json once a role is deleted", async () => {
  const dir = tempDir("sekisho-diff-");
  const plan = await sekisho(["plan", "examples/access.yaml", "-o", join(dir, "plan")]);
  assert.equal(plan.status, 0, plan.stderr);
  const state = join(dir, "plan", "state");
  const files = readdirSync(state)
    .sort()
    .map((f) => join(state, f));
  // One export per account, the identity account's SAML provider, each account's OIDC provider.
  assert.deepEqual(
    readdirSync(state).sort(),
    ["111111111111", "222222222222", "333333333333"].flatMap((a) =>
      a === "111111111111"
        ? [`${a}.json`, `${a}.oidc-providers.json`, `${a}.saml-providers.json`]
        : [`${a}.json`, `${a}.oidc-providers.json`],
    ),
  );

  const clean = await sekisho(["diff", "examples/access.yaml", ...files, "-o", join(dir, "clean")]);
  assert.equal(clean.stderr, "");
  assert.equal(
    clean.stdout,
    "no drift: 3 accounts checked (dev 111111111111, stg 222222222222, prod 333333333333); 27 resources, 144 matrix cells and 0 foreign principals compared\n",
  );
  assert.equal(clean.status, 0);
  const cleanJson = JSON.parse(readFileSync(join(dir, "clean", "diff.json"), "utf8")) as DiffReport;
  assert.deepEqual([cleanJson.drift, cleanJson.items, cleanJson.warnings], [false, [], []]);
  assert.equal(cleanJson.evaluatedAt, "2026-11-28T00:00:00Z");

  const prod = join(state, "333333333333.json");
  const details = JSON.parse(readFileSync(prod, "utf8")) as AuthorizationDetails;
  details.RoleDetailList = details.RoleDetailList.filter((r) => r.Arn !== PROD_ADMIN);
  writeFileSync(prod, JSON.stringify(details));
  const args = ["diff", "examples/access.yaml", ...files, "-o", join(dir, "drift")];
  const drift = await sekisho(args);
  assert.equal(drift.status, 1, drift.stderr);
  const out = drift.stdout.split("\n");
  assert.equal(
    out[0],
    "drift: 7 items in 1 account (3 accounts checked; 27 resources, 144 matrix cells and 0 foreign principals compared)",
  );
  assert.deepEqual(out.slice(1, 7), [
    "",
    "333333333333 (prod): 7 items",
    `  missing-role/${PROD_ADMIN}`,
    "      role sekisho/admin is in the design but not deployed",
    "  lost-access/alice@example.com/prod/admin",
    "      alice@example.com cannot reach prod admin, which the design grants",
  ]);
  const report = JSON.parse(readFileSync(join(dir, "drift", "diff.json"), "utf8")) as DiffReport;
  assert.equal(report.drift, true);
  assert.deepEqual(
    report.items.map((i) => [i.id, i.kind, i.account]),
    [
      [`missing-role/${PROD_ADMIN}`, "missing-role", "333333333333"],
      ...[
        "alice@example.com",
        "break-glass",
        "bruno@example.com",
        "chiara@example.com",
        "daisuke@example.com",
        "emma@example.com",
      ].map((who) => [`lost-access/${who}/prod/admin`, "lost-access", "333333333333"]),
    ],
  );
  // The same input gives the same bytes.
  const again = await sekisho([...args.slice(0, -1), join(dir, "again")]);
  assert.equal(again.status, 1);
  assert.equal(
    readFileSync(join(dir, "again", "diff.json"), "utf8"),
    readFileSync(join(dir, "drift", "diff.json"), "utf8"),
  );
  assert.equal(again.stdout, drift.stdout);
});

test("sekisho diff: usage errors and unreadable exports exit 2, an invalid model exits 1, --help explains", async () => {
  const dir = tempDir("sekisho-diff-");
  const usage = await sekisho(["diff", "examples/access.yaml"]);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^sekisho diff: missing EXPORT\n\nUsage: sekisho diff FILE EXPORT\.\.\./);
  const bad = join(dir, "bad.yaml");
  writeFileSync(
    bad,
    readFileSync("examples/access.yaml", "utf8").replace("landing: readonly", "landing: nobody"),
  );
  const invalid = await sekisho(["diff", bad, "test/golden/example/state/111111111111.json"]);
  assert.equal(invalid.status, 1);
  assert.match(invalid.stderr, /diff not run: fix the model errors above\n$/);
  const notExport = await sekisho(["diff", "examples/access.yaml", "examples/access.yaml"]);
  assert.equal(notExport.status, 2);
  assert.match(notExport.stderr, /\nsekisho diff: not run: fix the input errors above\n$/);
  const help = await sekisho(["diff", "--help"]);
  assert.equal(help.status, 0);
  assert.ok(help.stdout.startsWith("Usage: sekisho diff FILE EXPORT..."));
  for (const kind of [
    "changed-trust",
    "foreign-reach",
    "escalation",
    "lost-access",
    "gained-access",
    "--ignore",
  ])
    assert.ok(help.stdout.includes(kind), kind);
});
