// The whole path a new user takes: `init --from` on today's exports, then `migrate` on that
// draft. Today's IAM admins of the identity account are narrowed to the model's policies there
// first — else, once the landing roles exist, they could take over any of them — and then every
// step's dry run passes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { importExports } from "../../src/import/import.js";
import { migrationPlan } from "../../src/migrate/migrate.js";
import { load } from "../helpers.js";
import { company } from "../init/fixtures.js";
import { draftOf, NOW } from "../init/helpers.js";

/** init's draft of the synthetic company, and migrate's plan from the same exports to it. */
function companyPlan() {
  const { exports, reports } = company();
  const loaded = load(draftOf(exports, reports).text);
  assert.ok(loaded.model, "the draft loads");
  const m = loaded.model;
  const real = importExports(exports, reports).state;
  return migrationPlan({ model: m, design: compile(m), real, map: new Map(), now: NOW, hasMetadata: false });
}

test("init --from, then migrate on the draft: identity admins narrowed first, every dry run passes", () => {
  const plan = companyPlan();
  assert.deepEqual(
    plan.steps.map((s) => [s.id, s.check.passed]),
    [
      ["narrow-identity-admins", true],
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
  const narrow = plan.steps[0]!;
  assert.deepEqual(narrow.changes, [
    "alice@example.com in 111111111111 (dev): group Admins → PowerUserAccess, ReadOnlyAccess: as an IAM admin of the identity account it could take over every landing role once they exist",
    "bob in 111111111111 (dev): group Admins → PowerUserAccess, ReadOnlyAccess: as an IAM admin of the identity account it could take over every landing role once they exist",
    "erin@example.com in 111111111111 (dev): group Admins → PowerUserAccess, ReadOnlyAccess: as an IAM admin of the identity account it could take over every landing role once they exist",
  ]);
  // The new policies go on before the old ones come off, so nobody is ever below the model.
  const alice = narrow.commands.map((c) => c.sh).filter((sh) => sh.includes("alice@example.com"));
  assert.deepEqual(alice, [
    "aws iam attach-user-policy --user-name alice@example.com --policy-arn arn:aws:iam::aws:policy/PowerUserAccess --profile admin-dev",
    "aws iam attach-user-policy --user-name alice@example.com --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess --profile admin-dev",
    "aws iam remove-user-from-group --user-name alice@example.com --group-name Admins --profile admin-dev",
  ]);
  assert.equal(plan.safe, true);
});

test("after narrowing, the removal step takes off what narrowing left, not the old group", () => {
  const plan = companyPlan();
  const remove = plan.steps.find((s) => s.id === "remove-console-and-policies")!;
  // After narrowing, the removal step takes off what narrowing left: the model's policies.
  assert.ok(
    remove.commands.some(
      (c) =>
        c.sh ===
        "aws iam detach-user-policy --user-name alice@example.com --policy-arn arn:aws:iam::aws:policy/PowerUserAccess --profile admin-dev",
    ),
  );
  assert.ok(
    !remove.commands.some((c) => c.sh.includes("--group-name Admins") && c.sh.includes("alice@example.com")),
  );
});
