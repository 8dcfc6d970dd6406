// `migrate apply` run against a stateful fake of the accounts (IAM, CloudFormation, CloudTrail
// behind the SDK clients): the whole migration of the fixture company step by step, gates that
// stay shut when their reads fail, a journal that lets a stopped step continue, and a rollback
// that puts the accounts back as they were.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { type ApplyContext, applyStep, rollbackStep } from "../../src/apply/apply.js";
import { ApplyError } from "../../src/apply/clients.js";
import { type Entry, parseJournal, stepState } from "../../src/apply/journal.js";
import type { MigrationPlan } from "../../src/migrate/types.js";
import { DEV, PROD, today } from "../migrate/fixtures.js";
import { type Failure, FakeAws, readFrom } from "./fake-aws.js";
import { fixturePlan, PLANNED_AT } from "./fixture-plan.js";

const NOW = PLANNED_AT;
const m = fixturePlan().model;

function setup(): { plan: MigrationPlan; fake: FakeAws; ctx: ApplyContext; lines: string[] } {
  const { plan, files } = fixturePlan();
  const fake = FakeAws.from(today());
  const lines: string[] = [];
  const ctx = fake.context(plan, readFrom(files), (e) => lines.push(JSON.stringify(e)));
  return { plan, fake, ctx, lines };
}

const stepN = (plan: MigrationPlan, id: string) => plan.steps.find((s) => s.id === id)!.n;

/** Everyone signs in (and break-glass with MFA) now. */
function everyoneSignsIn(fake: FakeAws, ctx: ApplyContext): void {
  fake.everyoneSignsIn(m, ctx.now());
}

/** Applies the steps up to `upTo` (all by default), each met: confirms Google, signs everyone in. */
async function applyAll(ctx: ApplyContext, fake: FakeAws, upTo = Number.POSITIVE_INFINITY): Promise<void> {
  for (const s of ctx.plan.steps) {
    if (s.n > upTo) break;
    if (s.id === "google-attributes") ctx.confirm = true;
    let r = await applyStep(ctx, s.n);
    ctx.confirm = false;
    if (s.id === "verify-sign-in" && !r.met) {
      everyoneSignsIn(fake, ctx);
      r = await applyStep(ctx, s.n);
    }
    assert.equal(r.met, true, `${s.n} ${s.id}: ${r.lines.join("\n")}`);
  }
}

describe("migrate apply on the fake accounts", () => {
  test("the whole migration, step by step: every gate met on the real state, the journal complete", async () => {
    const { plan, fake, ctx, lines } = setup();
    assert.deepEqual(
      plan.steps.map((s) => s.id),
      [
        "deploy-environment-roles",
        "deploy-identity",
        "google-attributes",
        "verify-sign-in",
        "remove-console-and-policies",
        "deactivate-keys",
        "delete-users",
        "reduce-kept-users",
      ],
    );
    await applyAll(ctx, fake);
    // Replaced users are gone; kept users are as the design has them; the stacks made the roles.
    assert.deepEqual(Object.keys(fake.accounts[DEV]!.users).sort(), ["break-glass", "ci", "legacy-bot"]);
    assert.deepEqual(Object.keys(fake.accounts[PROD]!.users).sort(), []);
    assert.deepEqual(fake.accounts[DEV]!.users["break-glass"]!.groups, ["sekisho-ops"]);
    assert.deepEqual(fake.accounts[DEV]!.users["break-glass"]!.attached, []);
    assert.ok(fake.accounts[DEV]!.roles["landing-ops"]);
    // The journal on disk says the same as the one in memory, and every step is done.
    const journal = parseJournal(lines.map((l) => `${l}\n`).join(""), "journal.jsonl");
    assert.deepEqual(journal, ctx.journal);
    for (const s of plan.steps) assert.equal(stepState(journal, s.n).kind, "done");
    // Applying a done step again changes nothing.
    const before = fake.calls.length;
    assert.equal((await applyStep(ctx, 1)).met, true);
    assert.equal(fake.calls.length, before);
  });

  test("a step does not start before the one before it is done", async () => {
    const { plan, ctx } = setup();
    await assert.rejects(
      applyStep(ctx, stepN(plan, "remove-console-and-policies")),
      new ApplyError(
        "step 1 (Deploy the environment roles (nobody can assume them yet)) is not done: apply it first",
      ),
    );
    assert.deepEqual(ctx.journal, []);
  });

  test("the sign-in gate matches emails whole: diana@ does not let ana@ through", async () => {
    const { plan, fake, ctx } = setup();
    const verify = stepN(plan, "verify-sign-in");
    await applyAll(ctx, fake, verify - 1);
    assert.equal((await applyStep(ctx, verify)).met, false);
    const at = ctx.now();
    for (const p of m.people)
      if (p.email !== "ana@acme.io")
        fake.signIn(DEV, `arn:aws:iam::${DEV}:role/sekisho/landing-${p.teams[0]}`, p.email.toUpperCase(), at);
    fake.signIn(DEV, `arn:aws:iam::${DEV}:role/sekisho/landing-ops`, "diana@acme.io", at);
    fake.consoleLogin(DEV, "break-glass", false, at);
    const r = await applyStep(ctx, verify);
    assert.equal(r.met, false);
    assert.deepEqual(r.lines.slice(1), [
      "  no Google sign-in yet: ana@acme.io",
      "  no console sign-in with MFA yet: break-glass",
    ]);
  });

  for (const failure of ["error", "timeout", "throttle", "empty"] as Failure[])
    test(`a gate whose read ${failure === "empty" ? "answers nothing" : `fails (${failure})`} is not met`, async () => {
      const { plan, fake, ctx } = setup();
      const n = stepN(plan, "remove-console-and-policies");
      await applyAll(ctx, fake, n - 1);
      // The precondition and the changes read each user once; the gate's reads are the next ones.
      const users = plan.steps.find((x) => x.n === n)!.targets.length;
      let reads = 0;
      fake.inject = (_a, name) =>
        name === "ListAttachedUserPolicies" && ++reads > 2 * users ? failure : undefined;
      const r = await applyStep(ctx, n);
      assert.equal(r.met, false);
      assert.match(r.lines.join("\n"), /gate NOT met:\n {2}cannot read what the gate needs: /);
      assert.equal(stepState(ctx.journal, n).kind, "in-progress");
      await assert.rejects(applyStep(ctx, n + 1), /is not done: apply it first/);
    });

  test("the accounts changed since planning: the step stops before any change and says what changed", async () => {
    const { plan, fake, ctx } = setup();
    await applyAll(ctx, fake, stepN(plan, "verify-sign-in"));
    fake.accounts[DEV]!.users.ben!.attached.push("arn:aws:iam::aws:policy/IAMFullAccess");
    const calls = ctx.journal.length;
    await assert.rejects(
      applyStep(ctx, stepN(plan, "remove-console-and-policies")),
      (e: Error) =>
        e.message ===
        `the accounts changed since the plan was made (${NOW}); plan again:\n  ben in ${DEV} has policy arn:aws:iam::aws:policy/IAMFullAccess`,
    );
    assert.equal(ctx.journal.length, calls);
  });

  test("a key used within 7 days stops the step before it is deactivated", async () => {
    const { plan, fake, ctx } = setup();
    await applyAll(ctx, fake, stepN(plan, "deactivate-keys") - 1);
    const dan = fake.accounts[DEV]!.users["dan@acme.io"]!;
    dan.keys[0]!.lastUsed = "2026-12-14T12:00:00Z";
    await assert.rejects(
      applyStep(ctx, stepN(plan, "deactivate-keys")),
      new RegExp(
        `^ApplyError: refusing: dan@acme\\.io key ${dan.keys[0]!.id} was used 2026-12-14T12:00:00\\.000Z, within 7 days`,
      ),
    );
    assert.equal(dan.keys[0]!.status, "Active");
  });

  test("rollback of every step, newest first, restores the accounts exactly (what cannot return is named)", async () => {
    const { plan, fake, ctx } = setup();
    const start = fake.snapshot();
    // Up to deactivating keys: every change of these steps can be undone.
    const upTo = stepN(plan, "deactivate-keys");
    await applyAll(ctx, fake, upTo);
    await assert.rejects(rollbackStep(ctx, 1), /step \d+ came after it and is not rolled back/);
    const lost: string[] = [];
    for (let n = upTo; n >= 1; n--) {
      const r = await rollbackStep(ctx, n);
      lost.push(...r.lines.filter((l) => l.includes("not restorable")));
      assert.equal(r.met, true, r.lines.join("\n"));
    }
    // Console passwords cannot come back (Sekisho never handles them): said, and the only difference.
    assert.ok(lost.length > 0 && lost.every((l) => l.includes("its console password")), lost.join("\n"));
    const after = JSON.parse(fake.snapshot()) as typeof fake.accounts;
    const before = JSON.parse(start) as typeof fake.accounts;
    for (const a of Object.values(before)) for (const u of Object.values(a.users)) delete u.loginProfile;
    for (const a of Object.values(after)) for (const u of Object.values(a.users)) delete u.loginProfile;
    assert.deepEqual(after, before);
    for (const s of plan.steps.filter((x) => x.n <= upTo))
      assert.equal(stepState(ctx.journal, s.n).kind, "rolled-back");
  });

  /** Applies the steps before delete-users with these calls failing; each step is rerun until met. */
  async function withFaults(faults: [number, Failure][]): Promise<void> {
    const { plan, fake, ctx, lines } = setup();
    const at = new Map(faults);
    let n = 0;
    fake.inject = () => at.get(n++);
    const stop = stepN(plan, "delete-users");
    for (const s of plan.steps) {
      if (s.n >= stop) break;
      for (let attempt = 0; ; attempt++) {
        assert.ok(attempt < 20, `step ${s.n} never finished`);
        ctx.confirm = s.id === "google-attributes";
        if (s.id === "verify-sign-in" && attempt > 0) everyoneSignsIn(fake, ctx);
        try {
          if ((await applyStep(ctx, s.n)).met) break;
        } catch (e) {
          // A failed call or read stops the step with an ApplyError or the AWS error itself.
          if (!(e instanceof Error)) throw e;
        }
        // Every journal line is flushed whole, and reads back as the journal in memory.
        assert.deepEqual(
          parseJournal(lines.map((l) => `${l}\n`).join(""), "journal.jsonl"),
          ctx.journal as Entry[],
        );
      }
    }
    for (const s of plan.steps) if (s.n < stop) assert.equal(stepState(ctx.journal, s.n).kind, "done");
    assert.equal(fake.accounts[DEV]!.users["ana@acme.io"]!.loginProfile, undefined);
    assert.deepEqual(fake.accounts[DEV]!.users["ana@acme.io"]!.attached, []);
    assert.ok(fake.accounts[DEV]!.users["dan@acme.io"]!.keys.every((k) => k.status === "Inactive"));
  }

  test("a failed first read stops the step before it starts; the rerun finishes it", async () => {
    await withFaults([[0, "error"]]);
  });

  test("property: with failures injected anywhere, apply stops, the journal stays consistent, and a rerun finishes the step", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(400), fc.constantFrom<Failure>("error", "timeout", "throttle", "empty")), {
          maxLength: 6,
        }),
        withFaults,
      ),
      { numRuns: Number(process.env.SEKISHO_FC_RUNS ?? 15), seed: 7 },
    );
  });
});
