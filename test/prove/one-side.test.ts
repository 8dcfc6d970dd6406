// prove fails by itself, not only the exact compile assertions, when one side of a switch drops a
// restriction the other side still holds: MFA for kept users, the end date of a grant.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { prove } from "../../src/prove/prove.js";
import type { Proof } from "../../src/prove/types.js";
import type { OrgState } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import { exampleModel, exampleState, MINIMAL, model } from "../helpers.js";

const NOW = "2026-11-28T00:00:00Z";

/** Failed checks and their rules; the landing and levels checks of MINIMAL fail anyway (unacknowledged reads). */
function failures(p: Proof): [string, string[]][] {
  return p.checks
    .filter((c) => !c.passed && c.id !== "landing-read-only" && c.id !== "levels")
    .map((c) => [c.id, [...new Set(c.failures.map((f) => f.rule))]]);
}

function messages(p: Proof): string[] {
  return p.checks.find((c) => c.id === "matrix")!.failures.map((f) => f.message);
}

function statements(state: OrgState): Statement[] {
  return state.accounts.flatMap((a) => [
    ...a.authorizationDetails.RoleDetailList.flatMap((r) => [
      ...r.AssumeRolePolicyDocument.Statement,
      ...r.RolePolicyList.flatMap((p) => p.PolicyDocument.Statement),
    ]),
    ...a.authorizationDetails.GroupDetailList.flatMap((g) =>
      g.GroupPolicyList.flatMap((p) => p.PolicyDocument.Statement),
    ),
  ]);
}

test("MFA dropped from kept users' trust, the users' own MFA deny still there: prove fails", () => {
  const state = structuredClone(exampleState());
  for (const s of statements(state)) if (s.Condition?.Bool) delete s.Condition.Bool;
  const p = prove(exampleModel(), state, NOW);
  assert.deepEqual(failures(p), [["matrix", ["matrix/one-side"]]]);
  assert.ok(
    messages(p).includes(
      "the environment role's trust alone lets IAM user ci-deployer switch to arn:aws:iam::333333333333:role/sekisho/readonly without MFA (access keys): each side must refuse it by itself (the design puts the restriction on both)",
    ),
    messages(p).join("\n"),
  );
  // ci-deployer's 5 roles and break-glass's 9, each from the console and with keys
  assert.equal(messages(p).length, (5 + 9) * 2);
});

test("the kept users' deny without MFA dropped, the trust's MFA condition still there: prove fails", () => {
  const state = structuredClone(exampleState());
  for (const a of state.accounts)
    for (const pol of a.authorizationDetails.Policies)
      if (pol.PolicyName === "sekisho-self-manage-credentials")
        for (const v of pol.PolicyVersionList)
          v.Document!.Statement = v.Document!.Statement.filter((s) => s.Effect !== "Deny");
  const p = prove(exampleModel(), state, NOW);
  assert.deepEqual(failures(p), [
    ["matrix", ["matrix/one-side"]],
    ["kept-users", ["kept-users/action-without-mfa", "kept-users/credentials-without-mfa"]],
  ]);
  assert.ok(
    messages(p).includes(
      "the caller's own policies alone lets IAM user break-glass switch to arn:aws:iam::111111111111:role/sekisho/admin without MFA (console): each side must refuse it by itself (the design puts the restriction on both)",
    ),
    messages(p).join("\n"),
  );
});

const expiring = () =>
  model(
    `${MINIMAL.replace(
      'ops: { can: { "*": [admin, readonly] } }',
      'ops: { can: { "*": [readonly], prod: [readonly, { level: admin, until: 2027-01-31 }] } }',
    )}users:\n  ci: { teams: [ops], reason: no Google account }\n`,
  );

test("expiry dropped from the switch policy only: prove fails, naming the landing role and the user", () => {
  const m = expiring();
  const state = compile(m);
  // MINIMAL's readonly does not acknowledge ReadOnlyAccess's extra actions: only the matrix matters here.
  assert.equal(prove(m, compile(m), NOW).checks[0]!.passed, true);
  for (const a of state.accounts) {
    const d = a.authorizationDetails;
    for (const s of [...d.RoleDetailList, ...d.GroupDetailList].flatMap((x) =>
      ("RolePolicyList" in x ? x.RolePolicyList : x.GroupPolicyList).flatMap(
        (p) => p.PolicyDocument.Statement,
      ),
    ))
      delete s.Condition;
  }
  const p = prove(m, state, NOW);
  assert.deepEqual(failures(p), [["matrix", ["matrix/one-side"]]]);
  assert.deepEqual(messages(p), [
    "the caller's own policies alone lets team ops's landing role switch to arn:aws:iam::333333333333:role/sekisho/admin at 2027-02-01T00:00:00Z, after the grant ended on 2027-01-31: each side must refuse it by itself (the design puts the restriction on both)",
    "the caller's own policies alone lets IAM user ci switch to arn:aws:iam::333333333333:role/sekisho/admin at 2027-02-01T00:00:00Z, after the grant ended on 2027-01-31: each side must refuse it by itself (the design puts the restriction on both)",
  ]);
});

test("expiry dropped from the trust only: prove fails", () => {
  const m = expiring();
  const state = compile(m);
  for (const a of state.accounts)
    for (const r of a.authorizationDetails.RoleDetailList)
      for (const s of r.AssumeRolePolicyDocument.Statement) delete s.Condition?.DateLessThan;
  const p = prove(m, state, NOW);
  assert.deepEqual(failures(p), [["matrix", ["matrix/one-side"]]]);
  assert.deepEqual(messages(p), [
    "the environment role's trust alone lets team ops's landing role switch to arn:aws:iam::333333333333:role/sekisho/admin at 2027-02-01T00:00:00Z, after the grant ended on 2027-01-31: each side must refuse it by itself (the design puts the restriction on both)",
    "the environment role's trust alone lets IAM user ci switch to arn:aws:iam::333333333333:role/sekisho/admin at 2027-02-01T00:00:00Z, after the grant ended on 2027-01-31: each side must refuse it by itself (the design puts the restriction on both)",
  ]);
});
