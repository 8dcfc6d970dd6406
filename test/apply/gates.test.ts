// Gates of `migrate apply` beyond the fixture run: with source identity on, the verify gate also
// waits for each person's switch into every environment account they are granted (as the script's
// gate does); and a kept user keeping its keys must stay outside Sekisho's groups after the
// identity deploy.
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyStep } from "../../src/apply/apply.js";
import { migrationFiles } from "../../src/emit/migration-plan.js";
import { MODEL, PROD, today } from "../migrate/fixtures.js";
import { FakeAws, readFrom } from "./fake-aws.js";
import { fixturePlan } from "./fixture-plan.js";

test("source identity on: the verify gate waits for each person's switch into each granted environment account", async () => {
  const { model: m, plan, files } = fixturePlan(`${MODEL}options:\n  sourceIdentity: true\n`);
  const verify = plan.steps.find((s) => s.id === "verify-sign-in")!;
  const prodRole = (level: string) => `arn:aws:iam::${PROD}:role/sekisho/${level}`;
  assert.deepEqual(verify.targets[0]!.kind === "sign-in" && verify.targets[0]!.switches, [
    {
      account: PROD,
      people: [
        { email: "ana@acme.io", roles: ["admin", "developer", "readonly"].map(prodRole) },
        { email: "ben@acme.io", roles: [prodRole("readonly")] },
        { email: "cleo@acme.io", roles: ["admin", "developer", "readonly"].map(prodRole) },
        { email: "dan@acme.io", roles: [prodRole("readonly")] },
      ],
    },
  ]);

  const fake = FakeAws.from(today());
  const ctx = fake.context(plan, readFrom(files));
  for (const s of plan.steps.filter((x) => x.n <= verify.n)) {
    ctx.confirm = s.id === "google-attributes";
    await applyStep(ctx, s.n);
  }
  const at = ctx.now();
  fake.everyoneSignsIn(m, at);
  // Signed in, but only ana and ben switched (ben's email as source identity, another session name).
  fake.switchRole(PROD, prodRole("admin"), "ana@acme.io", "ana@acme.io", at);
  fake.switchRole(PROD, prodRole("readonly"), "laptop", "ben@acme.io", at);
  // diana is not dan.
  fake.switchRole(PROD, prodRole("readonly"), "diana@acme.io", "diana@acme.io", at);
  const shut = await applyStep(ctx, verify.n);
  assert.deepEqual(shut.lines.slice(1), [
    `  no switch into ${PROD} yet: cleo@acme.io`,
    `  no switch into ${PROD} yet: dan@acme.io`,
  ]);
  fake.switchRole(PROD, prodRole("developer"), "cleo@acme.io", "cleo@acme.io", at);
  fake.switchRole(PROD, prodRole("readonly"), "DAN@acme.io", "DAN@acme.io", at);
  const met = await applyStep(ctx, verify.n);
  assert.equal(met.met, true, met.lines.join("\n"));
});

test("a kept user keeping its keys found in a Sekisho group after the identity stack: the gate is not met", async () => {
  const { model: m, design, plan, files } = fixturePlan();
  // Templates of the wrong design: the identity stack puts ci in sekisho-devs.
  for (const [path, text] of migrationFiles(plan, m, design)) files.set(path, text);
  const identity = plan.steps.find((s) => s.id === "deploy-identity")!;
  assert.deepEqual(
    identity.targets.flatMap((t) => (t.kind === "stack" ? (t.apart ?? []) : [])),
    [{ user: "ci", groups: ["sekisho-ops", "sekisho-devs"] }],
  );
  const fake = FakeAws.from(today());
  const ctx = fake.context(plan, readFrom(files));
  for (const s of plan.steps.filter((x) => x.n < identity.n))
    assert.equal((await applyStep(ctx, s.n)).met, true);
  const r = await applyStep(ctx, identity.n);
  assert.equal(r.met, false);
  assert.deepEqual(r.lines.slice(1), [
    "  ci is in group sekisho-devs, whose no-MFA deny cuts the keys it keeps (--keep-keys): it must stay outside Sekisho's groups",
  ]);
});
