// `migrate apply` on a plan made with --target terraform, against the stateful fake of the
// accounts: Sekisho runs no Terraform, so a deploy step waits for the operator to apply the root
// (its script) and confirm, and its gate still reads the real accounts: the roles, the SAML
// provider and the kept users' groups the root must have made. No CloudFormation call is made.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type ApplyContext, applyStep, rollbackStep } from "../../src/apply/apply.js";
import { ApplyError } from "../../src/apply/clients.js";
import { compile } from "../../src/compile/compile.js";
import { migrationTerraform } from "../../src/emit/migration-plan.js";
import { migrationDesign, migrationPlan } from "../../src/migrate/migrate.js";
import type { MigrationPlan, Target } from "../../src/migrate/types.js";
import { model } from "../helpers.js";
import { DEV, MODEL, PROD, today } from "../migrate/fixtures.js";
import { FakeAws } from "./fake-aws.js";

const NOW = "2026-11-28T00:00:00Z";
const m = model(MODEL);
const design = compile(m);

function setup(): { plan: MigrationPlan; fake: FakeAws; ctx: ApplyContext } {
  const tf = migrationTerraform(m, migrationDesign(design, m, ["ci"]), today());
  const plan = migrationPlan({
    model: m,
    design,
    real: today(),
    map: new Map(),
    now: NOW,
    hasMetadata: false,
    keepKeys: ["ci"],
    terraform: tf.roots,
  });
  const fake = FakeAws.from(today());
  const ctx = fake.context(plan, () => {
    throw new Error("a Terraform plan reads no template");
  });
  return { plan, fake, ctx };
}

/** What `terraform apply` of the root does to the account, as far as the gate reads it. */
function terraformApplies(fake: FakeAws, t: Target, memberships = true): void {
  if (t.kind !== "terraform") return;
  const a = fake.accounts[t.account]!;
  for (const arn of t.roles) a.roles[arn.slice(arn.lastIndexOf("/") + 1)] = arn;
  a.samlProviders.push(...t.samlProviders);
  if (!memberships) return;
  for (const { user, group } of t.memberships) {
    if (!a.groups.includes(group)) a.groups.push(group);
    a.users[user]!.groups = [...new Set([...a.users[user]!.groups, group])].sort();
  }
}

test("a Terraform deploy step waits for the operator, then gates on the roles, provider and groups it must have made", async () => {
  const { plan, fake, ctx } = setup();
  const env = plan.steps.find((s) => s.id === "deploy-environment-roles")!;
  const identity = plan.steps.find((s) => s.id === "deploy-identity")!;
  assert.deepEqual(
    [env, identity].map((s) => s.targets.map((t) => (t.kind === "terraform" ? t.root : t.kind))),
    [[`terraform/accounts/${PROD}-prod`], [`terraform/accounts/${DEV}-dev`]],
  );
  const first = await applyStep(ctx, env.n);
  assert.deepEqual(first, {
    step: env.n,
    met: false,
    lines: [
      `step ${env.n} (${env.title}) needs you:`,
      `  apply the Terraform root terraform/accounts/${PROD}-prod: bash scripts/0${env.n}-deploy-environment-roles.sh (init, plan -out, apply)`,
      `  then: sekisho migrate apply DIR --step ${env.n} --confirm`,
    ],
  });
  // Confirmed before Terraform made anything: the gate reads IAM and stays shut.
  ctx.confirm = true;
  const early = await applyStep(ctx, env.n);
  assert.equal(early.met, false);
  assert.deepEqual(early.lines.slice(1), [
    `  role arn:aws:iam::${PROD}:role/sekisho/admin is missing`,
    `  role arn:aws:iam::${PROD}:role/sekisho/developer is missing`,
    `  role arn:aws:iam::${PROD}:role/sekisho/readonly is missing`,
  ]);
  for (const t of env.targets) terraformApplies(fake, t);
  assert.equal((await applyStep(ctx, env.n)).met, true);
  // The identity root: landing and dev's environment roles, the provider, then the kept user's group.
  for (const t of identity.targets) terraformApplies(fake, t, false);
  const noGroup = await applyStep(ctx, identity.n);
  assert.deepEqual(noGroup.lines.slice(1), ["  break-glass is not in group sekisho-ops"]);
  for (const t of identity.targets) terraformApplies(fake, t);
  assert.equal((await applyStep(ctx, identity.n)).met, true);
  assert.ok(
    !fake.calls.some((c) => / (CreateStack|DescribeStacks|DeleteStack)$/.test(c)),
    "no CloudFormation",
  );
  // Its rollback is the script's (only Terraform's state knows what it adopted).
  await assert.rejects(
    rollbackStep(ctx, identity.n),
    (e: unknown) =>
      e instanceof ApplyError &&
      e.message ===
        `step ${identity.n} was deployed with Terraform: roll it back with bash scripts/0${identity.n}-deploy-identity.rollback.sh (it forgets what was adopted, then destroys the rest)`,
  );
});

test("after the Terraform steps the rest of the migration applies as planned (kept users' groups expected)", async () => {
  const { plan, fake, ctx } = setup();
  for (const s of plan.steps) {
    for (const t of s.targets) terraformApplies(fake, t);
    ctx.confirm = s.id === "google-attributes" || s.targets.some((t) => t.kind === "terraform");
    let r = await applyStep(ctx, s.n);
    ctx.confirm = false;
    if (s.id === "verify-sign-in" && !r.met) {
      const at = ctx.now();
      fake.everyoneSignsIn(m, at);
      r = await applyStep(ctx, s.n);
    }
    assert.equal(r.met, true, `${s.n} ${s.id}: ${r.lines.join("\n")}`);
  }
  assert.deepEqual(Object.keys(fake.accounts[DEV]!.users).sort(), ["break-glass", "ci", "legacy-bot"]);
});
