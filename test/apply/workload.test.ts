// A pipeline's IAM user moving to its workload (--map USER=workload:NAME): the plan removes the
// user like a person's, after a gate on the pipeline's first OIDC token exchange; apply keeps that
// gate shut until CloudTrail shows the exchange, and deactivates the user's key only if it was not
// used after it. Planned on the fixture company with a workload for legacy-bot.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyStep } from "../../src/apply/apply.js";
import type { MigrationPlan } from "../../src/migrate/types.js";
import { model } from "../helpers.js";
import { DEV, MODEL, today } from "../migrate/fixtures.js";
import { FakeAws, readFrom } from "./fake-aws.js";
import { fixturePlan } from "./fixture-plan.js";

const WORKLOAD_MODEL = `${MODEL}workloads:
  site-deploy:
    github: { repo: acme/site, branches: [main] }
    can: { dev: developer }
`;
const m = model(WORKLOAD_MODEL);
const ROLE = `arn:aws:iam::${DEV}:role/sekisho/workload-site-deploy`;
const BOT = `arn:aws:iam::${DEV}:user/legacy-bot`;

const planned = () => fixturePlan(WORKLOAD_MODEL, new Map([["legacy-bot", "workload:site-deploy"]]));

const stepN = (plan: MigrationPlan, id: string) => plan.steps.find((s) => s.id === id)!.n;

describe("a pipeline's user mapped to a workload", () => {
  test("the plan: replaced by its workload, gated on its first token exchange, every dry run passing", () => {
    const { plan } = planned();
    assert.deepEqual(
      plan.users.filter((u) => u.name === "legacy-bot").map((u) => u.fate),
      [{ kind: "workload", workload: "site-deploy", matchedBy: "--map" }],
    );
    assert.deepEqual(
      plan.steps.map((s) => [s.id, s.check.passed]),
      [
        ["deploy-environment-roles", true],
        ["deploy-identity", true],
        ["google-attributes", true],
        ["verify-sign-in", true],
        ["remove-console-and-policies", true],
        ["deactivate-keys", true],
        ["delete-users", true],
        ["reduce-kept-users", true],
      ],
    );
    const verify = plan.steps.find((s) => s.id === "verify-sign-in")!;
    assert.deepEqual(verify.targets[1], {
      kind: "web-identity",
      account: DEV,
      workloads: [{ name: "site-deploy", roles: [{ account: DEV, arn: ROLE }] }],
    });
    assert.ok(verify.affected.includes("workload site-deploy"));
    assert.equal(
      verify.changes.at(-1),
      `the pipeline of legacy-bot in ${DEV} runs with its OIDC token (workload site-deploy: see workloads/site-deploy.md for its snippet) instead of the user's keys`,
    );
    assert.match(
      verify.gate.what,
      /; each pipeline moving to a workload \(site-deploy\) has exchanged its OIDC token/,
    );
    const keys = plan.steps.find((s) => s.id === "deactivate-keys")!;
    assert.deepEqual(
      keys.targets.find((t) => t.kind === "user" && t.name === "legacy-bot"),
      {
        kind: "user",
        account: DEV,
        name: "legacy-bot",
        end: {
          exists: true,
          keys: "inactive",
          movedTo: { workload: "site-deploy", roles: [{ account: DEV, arn: ROLE }] },
        },
      },
    );
    assert.ok(
      plan.steps.find((s) => s.id === "delete-users")!.changes.includes(`delete legacy-bot in ${DEV} (dev)`),
    );
    // Nothing flags it as unmatched any more; the kept ci user, named like a pipeline, is suggested one.
    assert.deepEqual(
      plan.flags.filter((f) => f.subject === BOT).map((f) => f.kind),
      [],
    );
    assert.deepEqual(
      plan.flags.filter((f) => f.kind === "workload-candidate").map((f) => f.message),
      [
        `ci in ${DEV} (dev) looks like a pipeline (its name): give it a workload (workloads: in the model, with its repository; OIDC, no keys), remove it from users:, and map it: --map ci=workload:NAME. Its keys then go once the pipeline has used its role.`,
      ],
    );
  });

  test("the dry run judges the workload: losing what its user had, beyond its model grant, is a demotion", () => {
    const { plan } = planned();
    // legacy-bot could s3:PutObject on one bucket; dev developer (PowerUserAccess) covers it.
    assert.deepEqual(
      plan.flags.filter((f) => f.subject === "workload site-deploy").map((f) => f.kind),
      [],
    );
    assert.match(plan.steps[0]!.check.summary, /^\d+ people and IAM users: nobody loses/);
  });

  test("apply: the verify gate waits for the token exchange; keys go only if unused after it", async () => {
    const { plan, files } = planned();
    const fake = FakeAws.from(today());
    const ctx = fake.context(plan, readFrom(files));
    for (const s of plan.steps.filter((x) => x.n < stepN(plan, "verify-sign-in"))) {
      ctx.confirm = s.id === "google-attributes";
      assert.equal((await applyStep(ctx, s.n)).met, true, s.id);
    }
    ctx.confirm = false;
    // The workload role exists now: the environment stack made it.
    assert.equal(fake.accounts[DEV]!.roles["workload-site-deploy"], ROLE);
    const verify = stepN(plan, "verify-sign-in");
    let r = await applyStep(ctx, verify);
    assert.equal(r.met, false);
    const at = ctx.now();
    fake.everyoneSignsIn(m, at);
    // A refused exchange, and one into another role, do not count.
    fake.webIdentity(DEV, ROLE, "repo:acme/site:ref:refs/heads/main", at, "AccessDenied");
    fake.webIdentity(DEV, `arn:aws:iam::${DEV}:role/other`, "repo:acme/site:ref:refs/heads/main", at);
    r = await applyStep(ctx, verify);
    assert.equal(r.met, false);
    assert.deepEqual(r.lines.slice(1), [
      `  no token exchange yet for workload site-deploy: run its pipeline with the OIDC snippet (into ${ROLE})`,
    ]);
    const exchanged = ctx.now();
    fake.webIdentity(DEV, ROLE, "repo:acme/site:ref:refs/heads/main", exchanged);
    r = await applyStep(ctx, verify);
    assert.equal(r.met, true, r.lines.join("\n"));
    assert.equal((await applyStep(ctx, stepN(plan, "remove-console-and-policies"))).met, true);

    // The key was used after the exchange: something else still uses it.
    const key = fake.accounts[DEV]!.users["legacy-bot"]!.keys[0]!;
    key.lastUsed = new Date(Date.parse(exchanged) + 60_000).toISOString();
    await assert.rejects(
      applyStep(ctx, stepN(plan, "deactivate-keys")),
      new RegExp(
        `^ApplyError: refusing: legacy-bot key ${key.id} was used ${key.lastUsed.replace(/\./g, "\\.")}, after workload site-deploy's first token exchange \\(${exchanged.replace(/\./g, "\\.")}\\)`.replace(
          "Z\\)",
          "\\.000Z\\)",
        ),
      ),
    );
    assert.equal(key.status, "Active");
    // Used before the exchange only (the pipeline, until it moved): deactivated, though used today.
    key.lastUsed = new Date(Date.parse(exchanged) - 60_000).toISOString();
    const done = await applyStep(ctx, stepN(plan, "deactivate-keys"));
    assert.equal(done.met, true, done.lines.join("\n"));
    assert.equal(key.status, "Inactive");
  });

  test("apply: no exchange at all, or an unreadable trail, refuses the key step and keeps the gate shut", async () => {
    const { plan, files } = planned();
    const fake = FakeAws.from(today());
    const ctx = fake.context(plan, readFrom(files));
    for (const s of plan.steps.filter((x) => x.n < stepN(plan, "verify-sign-in"))) {
      ctx.confirm = s.id === "google-attributes";
      await applyStep(ctx, s.n);
    }
    ctx.confirm = false;
    // Only what happens after the step started counts: start it, then everyone signs in.
    assert.equal((await applyStep(ctx, stepN(plan, "verify-sign-in"))).met, false);
    const at = ctx.now();
    fake.everyoneSignsIn(m, at);
    fake.webIdentity(DEV, ROLE, "repo:acme/site:ref:refs/heads/main", at);
    fake.inject = (_account, name) => (name === "LookupEvents" ? "throttle" : undefined);
    const shut = await applyStep(ctx, stepN(plan, "verify-sign-in"));
    assert.equal(shut.met, false);
    assert.match(shut.lines.join("\n"), /cannot read what the gate needs: .*Throttling/);
    fake.inject = () => undefined;
    assert.equal((await applyStep(ctx, stepN(plan, "verify-sign-in"))).met, true);
    assert.equal((await applyStep(ctx, stepN(plan, "remove-console-and-policies"))).met, true);
    // The trail loses the exchange (older than 90 days, say): the key step refuses.
    fake.accounts[DEV]!.events = fake.accounts[DEV]!.events.filter(
      (e) => e.eventName !== "AssumeRoleWithWebIdentity",
    );
    await assert.rejects(
      applyStep(ctx, stepN(plan, "deactivate-keys")),
      /^ApplyError: refusing: workload site-deploy has not exchanged a token for its role in the last 90 days: its pipeline still needs legacy-bot's key AKIA/,
    );
    assert.equal(fake.accounts[DEV]!.users["legacy-bot"]!.keys[0]!.status, "Active");
  });
});
