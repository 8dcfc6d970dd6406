// checkLayers where the state lacks what the model names, at the very instant a grant ends, and
// with two kept users in one team.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import type { AccessModel } from "../../src/model/types.js";
import { checkLayers } from "../../src/prove/layers.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState } from "../../src/state/org-state.js";
import { MINIMAL, model } from "../helpers.js";

const ADMIN_PROD = "arn:aws:iam::333333333333:role/sekisho/admin";
const TAIL = "each side must refuse it by itself (the design puts the restriction on both)";

const expiring = (users = "  ci: { teams: [ops], reason: no Google account }\n") =>
  model(
    `${MINIMAL.replace(
      'ops: { can: { "*": [admin, readonly] } }',
      'ops: { can: { "*": [readonly], prod: [readonly, { level: admin, until: 2027-01-31 }] } }',
    )}users:\n${users}`,
  );

function run(m: AccessModel, f: (state: OrgState) => void, now = "2026-11-28T00:00:00Z"): string[] {
  const state = compile(m);
  f(state);
  return checkLayers(m, indexState(state), now).map((x) => x.message);
}

const dropTrustEnd = (state: OrgState) => {
  for (const a of state.accounts)
    for (const r of a.authorizationDetails.RoleDetailList)
      if (r.Arn === ADMIN_PROD)
        for (const s of r.AssumeRolePolicyDocument.Statement) delete s.Condition?.DateLessThan;
};

test("a kept user, a landing role or an environment role missing from the state: nothing to judge, no crash", () => {
  const remove = (state: OrgState, arn: string) => {
    for (const a of state.accounts) {
      const d = a.authorizationDetails;
      d.RoleDetailList = d.RoleDetailList.filter((r) => r.Arn !== arn);
      d.UserDetailList = d.UserDetailList.filter((u) => u.Arn !== arn);
    }
  };
  assert.deepEqual(
    run(expiring(), (s) => {
      dropTrustEnd(s);
      remove(s, ADMIN_PROD);
    }),
    [],
  );
  assert.deepEqual(
    run(expiring(), (s) => {
      dropTrustEnd(s);
      remove(s, "arn:aws:iam::111111111111:role/sekisho/landing-ops");
      remove(s, "arn:aws:iam::111111111111:user/ci");
    }),
    [],
  );
});

test("at the very instant the grant ends, the switch is judged", () => {
  assert.deepEqual(run(expiring(), dropTrustEnd, "2027-02-01T00:00:00Z").length, 2);
});

test("each kept user of the team is judged under its own name", () => {
  const out = run(
    expiring(
      "  ci: { teams: [ops], reason: no Google account }\n  cd: { teams: [ops], reason: no Google account }\n",
    ),
    dropTrustEnd,
  );
  const at = "at 2027-02-01T00:00:00Z, after the grant ended on 2027-01-31";
  assert.deepEqual(out.slice(1), [
    `the environment role's trust alone lets IAM user ci switch to ${ADMIN_PROD} ${at}: ${TAIL}`,
    `the environment role's trust alone lets IAM user cd switch to ${ADMIN_PROD} ${at}: ${TAIL}`,
  ]);
});
