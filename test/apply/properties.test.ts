// What `migrate apply` leaves on the accounts, judged by the same engine as the plan: the dry-run
// property (nobody loses what is promised, nobody gains beyond before ∪ model) on the fake's
// state after EVERY change a step makes, not only after each step; and once the whole migration
// is applied, `diff` of the model against the accounts finds no drift but what the plan chose
// (the kept user that keeps its keys stays outside the design's groups).
import assert from "node:assert/strict";
import { test } from "node:test";
import { type ApplyContext, applyStep } from "../../src/apply/apply.js";
import { compile } from "../../src/compile/compile.js";
import { diffStates } from "../../src/diff/diff.js";
import { DryRun } from "../../src/migrate/check.js";
import { phase } from "../../src/migrate/migrate.js";
import { existingUsers } from "../../src/migrate/users.js";
import { DEV, PROD, today } from "../migrate/fixtures.js";
import { FakeAws } from "./fake-aws.js";
import { fakeState } from "./fake-state.js";
import { fixturePlan, PLANNED_AT } from "./fixture-plan.js";

const READS = /^(Get|List|Describe|Lookup)/;

test("the dry-run property holds after every call of every step; afterwards diff finds only the plan's choice", async () => {
  const { model: m, plan, files } = fixturePlan();
  const before = today();
  const design = compile(m);
  const dry = new DryRun(
    m,
    design,
    before,
    existingUsers(m, before, new Map()),
    PLANNED_AT,
    m.options.sourceIdentity,
    new Set(["ci"]),
  );
  const fake = FakeAws.from(today());
  let clock = Date.parse("2026-12-15T09:00:00Z");
  const ctx: ApplyContext = {
    plan,
    accounts: new Map([DEV, PROD].map((a) => [a, fake.clients(a)])),
    journal: [],
    append: () => {},
    now: () => {
      clock += 1000;
      return new Date(clock).toISOString().replace(".000Z", "Z");
    },
    readFile: (rel) => files.get(rel) ?? "",
    sleep: async () => {},
  };

  // Judge the accounts after each change, with what the step being applied makes live.
  let current = plan.steps[0]!;
  const judged: string[] = [];
  const problems: string[] = [];
  const send = fake.send.bind(fake);
  fake.send = async (account: string, command: object) => {
    const answer = await send(account, command);
    const call = fake.calls.at(-1)!;
    if (!READS.test(call.split(" ")[1]!)) {
      const r = dry.check({ state: fakeState(fake, before, design), ...phase(current.id) });
      judged.push(`${current.n} ${call}`);
      for (const f of r.failures)
        problems.push(
          `step ${current.n} after ${call}: ${f.who} ${f.problem} in ${f.account}: ${f.actions.join(", ")}`,
        );
    }
    return answer;
  };

  for (const s of plan.steps) {
    current = s;
    ctx.confirm = s.id === "google-attributes";
    let r = await applyStep(ctx, s.n);
    if (s.id === "verify-sign-in" && !r.met) {
      const at = ctx.now();
      for (const p of m.people)
        fake.signIn(DEV, `arn:aws:iam::${DEV}:role/sekisho/landing-${p.teams[0]}`, p.email, at);
      fake.consoleLogin(DEV, "break-glass", true, at);
      r = await applyStep(ctx, s.n);
    }
    assert.equal(r.met, true, `${s.n} ${s.id}: ${r.lines.join("\n")}`);
  }
  assert.deepEqual(problems, []);
  // Every kind of change was judged: stacks, passwords, policies, groups, keys, users.
  const kinds = new Set(judged.map((j) => j.split(" ")[2]));
  for (const k of ["CreateStack", "DeleteLoginProfile", "DetachUserPolicy", "UpdateAccessKey", "DeleteUser"])
    assert.ok(kinds.has(k), `no ${k} among ${[...kinds].join(", ")}`);

  // The accounts as apply left them, against the model: only ci, which keeps its keys outside the groups.
  const after = fakeState(fake, before, design);
  const drift = diffStates(m, design, after, {
    now: PLANNED_AT,
    providersListed: new Set([DEV, PROD]),
  });
  assert.deepEqual(
    drift.items.map((i) => i.id),
    [
      `extra-attached/arn:aws:iam::aws:policy/AmazonS3FullAccess@arn:aws:iam::${DEV}:user/ci`,
      `missing-membership/arn:aws:iam::${DEV}:user/ci#group:sekisho-devs`,
      "lost-access/ci/dev/developer",
      "lost-access/ci/dev/readonly",
      "lost-access/ci/prod/readonly",
    ],
  );
});
