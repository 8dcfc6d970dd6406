// `sekisho migrate apply|status|rollback DIR` in-process, the fake accounts behind the SDK
// clients: the journal on disk, the exit codes, and the refusals before anything is touched.
import assert from "node:assert/strict";
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { parseJournal } from "../../src/apply/journal.js";
import { UsageError } from "../../src/cli/command.js";
import { type ApplyDeps, runApplyCommand } from "../../src/cli/migrate-apply-command.js";
import { tempDir } from "../cli/helpers.js";
import { DEV, PROD, today } from "../migrate/fixtures.js";
import { FakeAws } from "./fake-aws.js";
import { fixturePlan } from "./fixture-plan.js";

function planDir(): string {
  const dir = join(tempDir(), "plan");
  for (const [rel, text] of fixturePlan().files) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

function deps(fake: FakeAws, reach: Record<string, string> = { "": DEV }): ApplyDeps {
  let clock = Date.parse("2026-12-15T09:00:00Z");
  return {
    async connect({ roleArn }) {
      const account = reach[roleArn ?? ""];
      if (!account) throw new Error(`AccessDenied: cannot assume ${roleArn}`);
      return { account, clients: fake.clients(account) };
    },
    sleep: async () => {},
    stdout: () => {},
    stderr: () => {},
    now: () => {
      clock += 1000;
      return new Date(clock).toISOString().replace(".000Z", "Z");
    },
  };
}

async function run(args: string[], d: ApplyDeps): Promise<{ code: number; out: string; err: string }> {
  const seen = { out: "", err: "" };
  const code = await runApplyCommand(args, {
    ...d,
    stdout: (text) => {
      seen.out += text;
    },
    stderr: (text) => {
      seen.err += text;
    },
  });
  return { code, ...seen };
}

const PROD_ROLE = `arn:aws:iam::${PROD}:role/migrate`;

test("apply, status and rollback: the journal on disk, exit 0 when the gate is met, 1 when not", async () => {
  const dir = planDir();
  const fake = FakeAws.from(today());
  const d = deps(fake, { "": DEV, [PROD_ROLE]: PROD });
  const before = await run(["status", dir], d);
  assert.equal(before.code, 0);
  assert.equal(
    before.out.split("\n")[0],
    "1. Deploy the environment roles (nobody can assume them yet): not started",
  );

  // Step 1 deploys in both accounts: without the prod role nothing is done.
  const unreached = await run(["apply", dir, "--step", "1"], deps(fake));
  assert.equal(unreached.code, 2);
  assert.equal(
    unreached.err,
    `sekisho migrate apply: step 1 changes ${PROD}, which no credentials reach: add --assume-role-arn arn:aws:iam::${PROD}:role/ROLE\nnothing done\n`,
  );

  const one = await run(["apply", dir, "--step", "1", "--assume-role-arn", PROD_ROLE], d);
  assert.equal(one.code, 0, one.err);
  assert.match(
    one.out,
    /^step 1 \(Deploy the environment roles \(nobody can assume them yet\)\): gate met: /,
  );
  const journal = parseJournal(readFileSync(join(dir, "journal.jsonl"), "utf8"), "journal.jsonl");
  assert.deepEqual(
    journal.map((e) => e.t),
    ["start", "call", "done", "call", "done", "gate"],
  );

  const google = await run(["apply", dir, "--step", "3"], d);
  assert.equal(google.code, 1);
  assert.equal(
    google.err,
    "sekisho migrate apply: step 2 (Deploy the identity stack: SAML provider, landing roles, kept users' groups) is not done: apply it first\n",
  );

  const status = await run(["status", dir], d);
  assert.match(
    status.out,
    /^1\. Deploy the environment roles \(nobody can assume them yet\): done \(gate met 2026-12-15T09:00:\d\dZ\)\n2\. Deploy the identity stack: SAML provider, landing roles, kept users' groups: not started\n/,
  );

  const back = await run(["rollback", dir, "--step", "1", "--assume-role-arn", PROD_ROLE], d);
  assert.equal(back.code, 0, back.err);
  assert.equal(back.out, "step 1 rolled back: the accounts are as before it\n");
  assert.deepEqual(fake.accounts[DEV]!.roles, {});
  assert.deepEqual(fake.accounts[PROD]!.roles, {});
});

test("credentials that land in another account stop everything before any read", async () => {
  const dir = planDir();
  const fake = FakeAws.from(today());
  const r = await run(
    ["apply", dir, "--step", "1", "--assume-role-arn", PROD_ROLE],
    deps(fake, { "": DEV, [PROD_ROLE]: DEV }),
  );
  assert.equal(r.code, 1);
  assert.equal(
    r.err,
    `sekisho migrate apply: cannot reach the accounts: ApplyError: ${PROD_ROLE} gave credentials for account ${DEV}, not ${PROD}\nnothing done\n`,
  );
  assert.deepEqual(fake.calls, []);
});

test("a journal line cut short, or a plan naming files outside its directory, is refused", async () => {
  const dir = planDir();
  const fake = FakeAws.from(today());
  appendFileSync(
    join(dir, "journal.jsonl"),
    '{"t":"start","step":1,"id":"deploy-environment-roles","at":"2026-12-15T09:00:00Z"}\n{"t":"call","st',
  );
  await assert.rejects(
    run(["status", dir], deps(fake)),
    new UsageError(
      `${join(dir, "journal.jsonl")}:2: not a journal entry (a JSON object per line); was a write cut short?`,
    ),
  );
  const other = planDir();
  const plan = JSON.parse(readFileSync(join(other, "plan.json"), "utf8"));
  plan.steps[0].targets[0].template = "../../../etc/passwd";
  writeFileSync(join(other, "plan.json"), JSON.stringify(plan));
  const r = await run(
    ["apply", other, "--step", "1", "--assume-role-arn", PROD_ROLE],
    deps(fake, { "": DEV, [PROD_ROLE]: PROD }),
  );
  assert.equal(r.code, 1);
  assert.match(r.err, /plan\.json names \.\.\/\.\.\/\.\.\/etc\/passwd, outside the plan's directory/);
});

test("usage: a step the plan does not have, a plan from before targets", async () => {
  const dir = planDir();
  const fake = FakeAws.from(today());
  await assert.rejects(
    run(["apply", dir, "--step", "99"], deps(fake)),
    new UsageError("--step 99: the plan has steps 1 to 8"),
  );
  const plan = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8"));
  for (const s of plan.steps) delete s.targets;
  writeFileSync(join(dir, "plan.json"), JSON.stringify(plan));
  await assert.rejects(
    run(["status", dir], deps(fake)),
    new UsageError(
      `${join(dir, "plan.json")}: not a plan this version of sekisho migrate wrote (steps without targets): plan again`,
    ),
  );
});
