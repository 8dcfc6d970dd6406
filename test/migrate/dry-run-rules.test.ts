// The dry run's promise, rule by rule, on states a faulty plan could produce: it must name each
// person or user who loses what is promised at that point (docs/migrate.md). Each case is a
// mistake the checker exists to catch, so each assertion is the exact list of who loses where.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { DryRun, type StageSpec } from "../../src/migrate/check.js";
import { phase } from "../../src/migrate/migrate.js";
import {
  keptAsDesigned,
  withEnvironmentRoles,
  withIdentity,
  withKeptUsers,
  withoutPermissions,
} from "../../src/migrate/stages.js";
import { existingUsers } from "../../src/migrate/users.js";
import type { OrgState } from "../../src/state/org-state.js";
import { model } from "../helpers.js";
import { DEV, MODEL, PROD, today } from "./fixtures.js";

const NOW = "2026-11-28T00:00:00Z";
const m = model(MODEL);
const design = compile(m);
const real = today();
const dryRun = new DryRun(m, design, real, existingUsers(m, real, new Map()), NOW, false);
const deployed = withIdentity(withEnvironmentRoles(withKeptUsers(real, design, m), design, m), design, m);
const userArn = (account: string, name: string) => `arn:aws:iam::${account}:user/${name}`;
const PEOPLE = new Set([
  userArn(DEV, "ana@acme.io"),
  userArn(DEV, "ben"),
  userArn(DEV, "cleo@acme.io"),
  userArn(DEV, "dan@acme.io"),
  userArn(PROD, "ben@acme.io"),
  userArn(PROD, "cleo@acme.io"),
]);
const peopleStripped = withoutPermissions(deployed, PEOPLE);

const lost = (state: OrgState, at: Omit<StageSpec, "state">) =>
  dryRun
    .check({ state, ...at })
    .failures.filter((f) => f.problem === "lost")
    .map((f) => `${f.who} ${f.account}`)
    .sort();

test("old users stripped before Google sign-in is live: every person who had access loses it", () => {
  // Each loses where they had access: ana and dan had none in prod.
  assert.deepEqual(lost(peopleStripped, { ...phase("deploy-identity"), removed: true }), [
    `ana@acme.io ${DEV}`,
    `ben@acme.io ${DEV}`,
    `ben@acme.io ${PROD}`,
    `cleo@acme.io ${DEV}`,
    `cleo@acme.io ${PROD}`,
    `dan@acme.io ${DEV}`,
  ]);
});

test("the same state once sign-in is live: the landing roles give each person the model, and nothing is lost", () => {
  assert.deepEqual(lost(peopleStripped, phase("remove-console-and-policies")), []);
});

test("old users kept while sign-in is not live: nobody loses, whatever the model has not deployed yet", () => {
  assert.deepEqual(lost(deployed, phase("deploy-identity")), []);
  assert.deepEqual(lost(real, { identity: false, sso: false, removed: false, reduced: false }), []);
});

test("an IAM user the model does not know is never touched: stripping it is a loss at any step", () => {
  const bot = userArn(DEV, "legacy-bot");
  const botless = withoutPermissions(peopleStripped, new Set([bot]));
  assert.deepEqual(lost(botless, phase("reduce-kept-users")), [`${bot} ${DEV}`]);
});

test("a kept user keeps what it had until it is reduced, then the model's", () => {
  const ci = userArn(DEV, "ci");
  const ciStripped = withoutPermissions(peopleStripped, new Set([ci]));
  // Before the reduce step it must keep all it had (S3 full access); stripped, it loses it.
  assert.deepEqual(lost(ciStripped, phase("remove-console-and-policies")), [
    `user ci ${DEV}`,
    `user ci ${PROD}`,
  ]);
  // Reduced to the design, it keeps the model's levels: nothing is lost.
  const reduced = keptAsDesigned(peopleStripped, design, m);
  assert.deepEqual(lost(reduced, phase("reduce-kept-users")), []);
});
