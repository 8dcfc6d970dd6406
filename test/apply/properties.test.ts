// What `migrate apply` leaves on the accounts, judged by the same engine as the plan: the dry-run
// property (nobody loses what is promised, nobody gains beyond before ∪ model) on the fake's
// state after EVERY change a step makes, not only after each step; and once the whole migration
// is applied, `diff` of the model against the accounts finds no drift but what the plan chose
// (the kept user that keeps its keys stays outside the design's groups). First on the fixture
// company, then on generated variants of it with failures injected at random calls.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { applyStep } from "../../src/apply/apply.js";
import { compile } from "../../src/compile/compile.js";
import { diffStates } from "../../src/diff/diff.js";
import { migrationFiles } from "../../src/emit/migration-plan.js";
import { awsManagedPolicyDetail } from "../../src/import/aws-managed.js";
import { DryRun } from "../../src/migrate/check.js";
import { migrationDesign, migrationPlan, phase } from "../../src/migrate/migrate.js";
import type { Step } from "../../src/migrate/types.js";
import { existingUsers } from "../../src/migrate/users.js";
import type { AccessModel } from "../../src/model/types.js";
import type { OrgState } from "../../src/state/org-state.js";
import { model } from "../helpers.js";
import { DEV, MODEL, PROD, today } from "../migrate/fixtures.js";
import { type Failure, FakeAws, readFrom } from "./fake-aws.js";
import { fakeState } from "./fake-state.js";
import { fixturePlan, PLANNED_AT } from "./fixture-plan.js";

const READS = /^(Get|List|Describe|Lookup)/;
/** The plan's choice, as diff sees it: ci keeps its keys and its own policy, outside the groups. */
const CI_KEEPS_ITS_KEYS = [
  `extra-attached/arn:aws:iam::aws:policy/AmazonS3FullAccess@arn:aws:iam::${DEV}:user/ci`,
  `missing-membership/arn:aws:iam::${DEV}:user/ci#group:sekisho-devs`,
  "lost-access/ci/dev/developer",
  "lost-access/ci/dev/readonly",
  "lost-access/ci/prod/readonly",
];

/**
 * Judges the fake's accounts with the plan's dry run after every change the fake makes, with
 * what the step being applied (`current()`) makes live; `problems` lists what the check found.
 */
function judgeEveryChange(
  fake: FakeAws,
  m: AccessModel,
  design: OrgState,
  before: OrgState,
  current: () => Step,
): { judged: string[]; problems: string[] } {
  const dry = new DryRun(
    m,
    design,
    before,
    existingUsers(m, before, new Map()),
    PLANNED_AT,
    m.options.sourceIdentity,
    new Set(["ci"]),
  );
  const judged: string[] = [];
  const problems: string[] = [];
  const send = fake.send.bind(fake);
  fake.send = async (account: string, command: object) => {
    const answer = await send(account, command);
    const call = fake.calls.at(-1)!;
    if (!READS.test(call.split(" ")[1]!)) {
      const step = current();
      judged.push(`${step.n} ${call}`);
      for (const f of dry.check({ state: fakeState(fake, before, design), ...phase(step.id) }).failures)
        problems.push(
          `step ${step.n} after ${call}: ${f.who} ${f.problem} in ${f.account}: ${f.actions.join(", ")}`,
        );
    }
    return answer;
  };
  return { judged, problems };
}

/** diff of the migrated accounts against the model: only the plan's choice is left. */
function assertOnlyThePlansChoice(fake: FakeAws, m: AccessModel, design: OrgState, before: OrgState): void {
  const drift = diffStates(m, design, fakeState(fake, before, design), {
    now: PLANNED_AT,
    providersListed: new Set([DEV, PROD]),
  });
  assert.deepEqual(
    drift.items.map((i) => i.id),
    CI_KEEPS_ITS_KEYS,
  );
}

test("the dry-run property holds after every call of every step; afterwards diff finds only the plan's choice", async () => {
  const { model: m, plan, files } = fixturePlan();
  const before = today();
  const design = compile(m);
  const fake = FakeAws.from(today());
  const ctx = fake.context(plan, readFrom(files));
  let current = plan.steps[0]!;
  const { judged, problems } = judgeEveryChange(fake, m, design, before, () => current);

  for (const s of plan.steps) {
    current = s;
    ctx.confirm = s.id === "google-attributes";
    let r = await applyStep(ctx, s.n);
    if (s.id === "verify-sign-in" && !r.met) {
      const at = ctx.now();
      fake.everyoneSignsIn(m, at);
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
  assertOnlyThePlansChoice(fake, m, design, before);
});

/** The fixture company with each person's users varied: password, an old key, a managed policy, a group. */
interface Variant {
  password: boolean;
  key: boolean;
  policy: "AdministratorAccess" | "PowerUserAccess" | "ReadOnlyAccess" | "none";
  deployers: boolean;
}

function varied(variants: Variant[]): OrgState {
  const state = today();
  const people = state.accounts.flatMap((a) =>
    a.authorizationDetails.UserDetailList.filter((u) => /@|^ben$/.test(u.UserName)).map((u) => ({ a, u })),
  );
  people.forEach(({ a, u }, i) => {
    const v = variants[i % variants.length]!;
    u.AttachedManagedPolicies =
      v.policy === "none" ? [] : [{ PolicyName: v.policy, PolicyArn: `arn:aws:iam::aws:policy/${v.policy}` }];
    u.GroupList = v.deployers && a.accountId === DEV ? ["deployers"] : [];
    if (v.policy !== "none" && !a.authorizationDetails.Policies.some((p) => p.PolicyName === v.policy))
      a.authorizationDetails.Policies.push(awsManagedPolicyDetail(`arn:aws:iam::aws:policy/${v.policy}`)!);
    const row = a.credentialReport?.find((r) => r.user === u.UserName);
    if (row)
      Object.assign(row, {
        password_enabled: v.password,
        access_key_1_active: v.key,
        access_key_1_last_used_date: v.key ? "2026-09-01T00:00:00+00:00" : undefined,
      });
  });
  return state;
}

test("property: generated before-states, failures injected anywhere: every step finishes on a rerun, the dry-run property holds after every change, and diff finds only the plan's choice", async () => {
  const m = model(MODEL);
  const design = compile(m);
  const variant = fc.record<Variant>({
    password: fc.boolean(),
    key: fc.boolean(),
    policy: fc.constantFrom("AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "none"),
    deployers: fc.boolean(),
  });
  const faults = fc.array(
    fc.tuple(fc.nat(300), fc.constantFrom<Failure>("error", "timeout", "throttle", "empty")),
    {
      maxLength: 4,
    },
  );
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(variant, { minLength: 6, maxLength: 6 }), faults, async (variants, fs) => {
      const before = varied(variants);
      const plan = migrationPlan({
        model: m,
        design,
        real: before,
        map: new Map(),
        now: PLANNED_AT,
        hasMetadata: false,
        keepKeys: ["ci"],
      });
      // A plan whose dry run fails is never applied; the narrowing step is judged with its own stage.
      fc.pre(plan.safe && !plan.steps.some((s) => s.id === "narrow-identity-admins"));
      runs++;
      const files = migrationFiles(plan, m, migrationDesign(design, m, ["ci"]));
      files.set("GoogleIDPMetadata.xml", "<EntityDescriptor/>");
      const fake = FakeAws.from(before);
      const at = new Map(fs);
      let n = 0;
      fake.inject = () => at.get(n++);
      const ctx = fake.context(plan, readFrom(files));
      let current = plan.steps[0]!;
      const { problems } = judgeEveryChange(fake, m, design, before, () => current);
      for (const s of plan.steps) {
        current = s;
        for (let attempt = 0; ; attempt++) {
          assert.ok(attempt < 20, `step ${s.n} never finished`);
          ctx.confirm = s.id === "google-attributes";
          if (s.id === "verify-sign-in" && attempt > 0) {
            const t = ctx.now();
            fake.everyoneSignsIn(m, t);
          }
          try {
            if ((await applyStep(ctx, s.n)).met) break;
          } catch (e) {
            if (!(e instanceof Error)) throw e;
          }
        }
      }
      assert.deepEqual(problems, []);
      assertOnlyThePlansChoice(fake, m, design, before);
    }),
    { numRuns: Number(process.env.SEKISHO_FC_RUNS ?? 4), seed: 11 },
  );
  assert.ok(runs > 0, "every generated plan was skipped");
});
