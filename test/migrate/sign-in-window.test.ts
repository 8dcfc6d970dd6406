// The window between deploying the identity stack and sign-in going live: the landing roles
// exist, but nobody can use them yet (Google does not send the Role attribute). Stripping the old
// users there is a lockout, and the dry run must say so.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { DryRun } from "../../src/migrate/check.js";
import { withEnvironmentRoles, withIdentity, withoutPermissions } from "../../src/migrate/stages.js";
import { existingUsers } from "../../src/migrate/users.js";
import { model } from "../helpers.js";
import { MODEL, today } from "./fixtures.js";

const NOW = "2026-11-28T00:00:00Z";

test("old users stripped after the identity stack is deployed but before sign-in is live: a lockout", () => {
  const m = model(MODEL);
  const design = compile(m);
  const real = today();
  const users = existingUsers(m, real, new Map());
  const replaced = new Set(users.filter((u) => u.fate.kind === "replaced").map((u) => u.arn));
  const dry = new DryRun(m, design, real, users, NOW, m.options.sourceIdentity);
  const deployed = withIdentity(withEnvironmentRoles(real, design, m), design, m);
  const stripped = withoutPermissions(deployed, replaced);

  const r = dry.check({ state: stripped, sso: false, removed: true, identity: true, reduced: false });
  assert.equal(r.passed, false);
  assert.deepEqual(
    [...new Set(r.failures.map((f) => `${f.who} ${f.problem}`))],
    ["ana@acme.io lost", "ben@acme.io lost", "cleo@acme.io lost", "dan@acme.io lost"],
  );
  // The same state with sign-in live is no lockout: the difference is only whether people can sign in.
  assert.equal(
    dry.check({ state: stripped, sso: true, removed: true, identity: true, reduced: false }).passed,
    true,
  );
  // And before stripping, the deployed stack alone loses nobody anything.
  assert.equal(
    dry.check({ state: deployed, sso: false, removed: false, identity: true, reduced: false }).passed,
    true,
  );
});
