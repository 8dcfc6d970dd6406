// checkLayers on its own: each side of a switch must refuse by itself a kept user without MFA
// and a switch after its grant ends; exact findings, and the cases it must leave alone.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import type { AccessModel } from "../../src/model/types.js";
import { checkLayers } from "../../src/prove/layers.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState, RoleDetail } from "../../src/state/org-state.js";
import { MINIMAL, model } from "../helpers.js";

const NOW = "2026-11-28T00:00:00Z";
const ADMIN_PROD = "arn:aws:iam::333333333333:role/sekisho/admin";
const TAIL = "each side must refuse it by itself (the design puts the restriction on both)";

const expiring = (extra = "") =>
  model(
    `${MINIMAL.replace(
      'ops: { can: { "*": [admin, readonly] } }',
      `ops: { can: { "*": [readonly], prod: [readonly, { level: admin, until: 2027-01-31 }] } }${extra}`,
    )}users:\n  ci: { teams: [ops], reason: no Google account }\n`,
  );

function run(m: AccessModel, f: (state: OrgState, role: (arn: string) => RoleDetail) => void, now = NOW) {
  const state = compile(m);
  const role = (arn: string) =>
    state.accounts.flatMap((a) => a.authorizationDetails.RoleDetailList).find((r) => r.Arn === arn)!;
  f(state, role);
  return checkLayers(m, indexState(state), now);
}

const messages = (out: ReturnType<typeof checkLayers>) =>
  out.map((f) => `${f.rule} ${f.subject} | ${f.message}`);

test("the compiled design holds on both sides", () => {
  assert.deepEqual(
    run(expiring(), () => {}),
    [],
  );
});

test("the trust's end date dropped: the trust alone lets the landing role and the kept user in after the end", () => {
  const out = run(expiring(), (_, role) => {
    for (const s of role(ADMIN_PROD).AssumeRolePolicyDocument.Statement) delete s.Condition?.DateLessThan;
  });
  const at = "at 2027-02-01T00:00:00Z, after the grant ended on 2027-01-31";
  assert.deepEqual(messages(out), [
    `matrix/one-side ${ADMIN_PROD} | the environment role's trust alone lets team ops's landing role switch to ${ADMIN_PROD} ${at}: ${TAIL}`,
    `matrix/one-side ${ADMIN_PROD} | the environment role's trust alone lets IAM user ci switch to ${ADMIN_PROD} ${at}: ${TAIL}`,
  ]);
  assert.deepEqual(
    out[0]!.evidence!.map((e) => [e.what, e.statements!.map((s) => s.policy), e.context!["aws:CurrentTime"]]),
    [
      [
        "trust alone: sts:AssumeRole: Allow",
        ["stand-in: an identity policy allowing everything", `${ADMIN_PROD}#trust`],
        "2027-02-01T00:00:00Z",
      ],
    ],
  );
  assert.match(String(out[0]!.evidence![0]!.context!["aws:userid"]), /:a@example\.com$/);
  // Once the end is past, the matrix judges the grant at now: nothing for this check to say.
  assert.deepEqual(
    run(
      expiring(),
      (_, role) => {
        for (const s of role(ADMIN_PROD).AssumeRolePolicyDocument.Statement) delete s.Condition?.DateLessThan;
      },
      "2027-03-01T00:00:00Z",
    ),
    [],
  );
});

test("MFA dropped from the trust for the kept user: the trust alone lets it in, on both ways without MFA", () => {
  const readonlyDev = "arn:aws:iam::111111111111:role/sekisho/readonly";
  const out = run(expiring(), (_, role) => {
    for (const s of role(readonlyDev).AssumeRolePolicyDocument.Statement) delete s.Condition?.Bool;
  });
  assert.deepEqual(messages(out), [
    `matrix/one-side ${readonlyDev} | the environment role's trust alone lets IAM user ci switch to ${readonlyDev} without MFA (console): ${TAIL}`,
    `matrix/one-side ${readonlyDev} | the environment role's trust alone lets IAM user ci switch to ${readonlyDev} without MFA (access keys): ${TAIL}`,
  ]);
});

test("a trust the engine cannot decide alone 'may let' the kept user in", () => {
  const readonlyDev = "arn:aws:iam::111111111111:role/sekisho/readonly";
  const out = run(expiring(), (_, role) => {
    role(readonlyDev).AssumeRolePolicyDocument.Statement.push({
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111111111111:user/ci" },
      Action: "sts:AssumeRole",
      Condition: { IpAddress: { "aws:SourceIp": "192.0.2.0/24" } },
    });
  });
  assert.deepEqual(messages(out), [
    `matrix/one-side ${readonlyDev} | the environment role's trust alone may let IAM user ci switch to ${readonlyDev} without MFA (console): ${TAIL}`,
    `matrix/one-side ${readonlyDev} | the environment role's trust alone may let IAM user ci switch to ${readonlyDev} without MFA (access keys): ${TAIL}`,
  ]);
});

test("the switch policy's end date dropped: the caller's own policies alone let the switch after the end", () => {
  const out = run(expiring(), (state) => {
    for (const a of state.accounts) {
      const d = a.authorizationDetails;
      for (const p of [
        ...d.RoleDetailList.flatMap((r) => r.RolePolicyList),
        ...d.GroupDetailList.flatMap((g) => g.GroupPolicyList),
      ])
        for (const s of p.PolicyDocument.Statement) delete s.Condition;
    }
  });
  const at = "at 2027-02-01T00:00:00Z, after the grant ended on 2027-01-31";
  assert.deepEqual(messages(out), [
    `matrix/one-side ${ADMIN_PROD} | the caller's own policies alone lets team ops's landing role switch to ${ADMIN_PROD} ${at}: ${TAIL}`,
    `matrix/one-side ${ADMIN_PROD} | the caller's own policies alone lets IAM user ci switch to ${ADMIN_PROD} ${at}: ${TAIL}`,
  ]);
  assert.equal(out[0]!.evidence![0]!.what, "identity alone: sts:AssumeRole: Allow");
});

test("another grant that still holds after the end: nothing to check for that switch", () => {
  // sre, which ci and everyone of ops also belong to, keeps prod admin for good.
  const m = model(
    `${MINIMAL.replace(
      'ops: { can: { "*": [admin, readonly] } }',
      'ops: { can: { "*": [readonly], prod: [readonly, { level: admin, until: 2027-01-31 }] } }\n  sre: { can: { prod: [admin] } }',
    ).replace(
      "a@example.com: [ops]",
      "a@example.com: [ops, sre]",
    )}users:\n  ci: { teams: [ops, sre], reason: no Google account }\n`,
  );
  const out = run(m, (_, role) => {
    for (const s of role(ADMIN_PROD).AssumeRolePolicyDocument.Statement) delete s.Condition?.DateLessThan;
  });
  // The ops landing role itself is still judged: only the team's own grants count for it.
  assert.deepEqual(messages(out), [
    `matrix/one-side ${ADMIN_PROD} | the environment role's trust alone lets team ops's landing role switch to ${ADMIN_PROD} at 2027-02-01T00:00:00Z, after the grant ended on 2027-01-31: ${TAIL}`,
  ]);
});

test("a team with no people: its landing role is judged with a stand-in session name", () => {
  const m = model(
    `${MINIMAL.replace(
      'ops: { can: { "*": [admin, readonly] } }',
      'ops: { can: { "*": [admin, readonly] } }\n  temp: { can: { prod: [{ level: admin, until: 2027-01-31 }] } }',
    )}`,
  );
  const out = run(m, (_, role) => {
    for (const s of role(ADMIN_PROD).AssumeRolePolicyDocument.Statement) delete s.Condition?.DateLessThan;
  });
  assert.deepEqual(messages(out), [
    `matrix/one-side ${ADMIN_PROD} | the environment role's trust alone lets team temp's landing role switch to ${ADMIN_PROD} at 2027-02-01T00:00:00Z, after the grant ended on 2027-01-31: ${TAIL}`,
  ]);
  assert.match(String(out[0]!.evidence![0]!.context!["aws:userid"]), /:analysis@sekisho$/);
});

test("with source identity on, the landing role's switch carries the person's email, and both steps are judged", () => {
  const m = model(
    `${MINIMAL.replace(
      'ops: { can: { "*": [admin, readonly] } }',
      'ops: { can: { "*": [readonly], prod: [readonly, { level: admin, until: 2027-01-31 }] } }',
    )}options:\n  sourceIdentity: true\n`,
  );
  const out = run(m, (_, role) => {
    for (const s of role(ADMIN_PROD).AssumeRolePolicyDocument.Statement) delete s.Condition?.DateLessThan;
  });
  assert.deepEqual(
    out.map((f) => f.evidence!.map((e) => [e.what, e.context!["sts:SourceIdentity"]])),
    [
      [
        ["trust alone: sts:AssumeRole: Allow", "a@example.com"],
        ["trust alone: sts:SetSourceIdentity: Allow", "a@example.com"],
      ],
    ],
  );
});
