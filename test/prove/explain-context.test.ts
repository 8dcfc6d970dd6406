// explain judges an action with the context a real request carries: aws:RequestedRegion is the
// environment's region unless --region says otherwise; a key every real request has is never
// shown as absent; a denied action is a denial (the CLI exits 1).
import assert from "node:assert/strict";
import { test } from "node:test";
import { explain } from "../../src/prove/explain.js";
import { prove } from "../../src/prove/prove.js";
import type { OrgState } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import { sekisho } from "../cli/helpers.js";
import { EXAMPLE, exampleModel, exampleState } from "../helpers.js";

const NOW = "2026-11-28T00:00:00Z";
const PROD_READONLY = "arn:aws:iam::333333333333:role/sekisho/readonly";

function withStatement(s: Statement): OrgState {
  const state = structuredClone(exampleState());
  const role = state.accounts
    .flatMap((a) => a.authorizationDetails.RoleDetailList)
    .find((r) => r.Arn === PROD_READONLY)!;
  role.RolePolicyList.push({
    PolicyName: "guard",
    PolicyDocument: { Version: "2012-10-17", Statement: [s] },
  });
  return state;
}

const q = {
  who: "kenji@example.com",
  env: "prod",
  level: "readonly",
  action: "s3:GetObject",
  resource: "arn:aws:s3:::reports/q3.csv",
};

test("aws:RequestedRegion is the environment's region by default; --region sets another", () => {
  const state = withStatement({
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } },
  });
  const [inRegion] = explain(exampleModel(), state, q, NOW);
  assert.equal(inRegion!.actionAllowed, true);
  const text = inRegion!.lines.join("\n");
  assert.match(text, /4\. s3:GetObject on arn:aws:s3:::reports\/q3\.csv in eu-west-1 as /);
  assert.ok(inRegion!.lines.includes("s3:GetObject in prod readonly: ALLOWED"));
  const [elsewhere] = explain(exampleModel(), state, { ...q, region: "us-east-1" }, NOW);
  assert.equal(elsewhere!.actionAllowed, false);
  assert.match(
    elsewhere!.lines.join("\n"),
    /s3:GetObject: ExplicitDeny[\s\S]*context aws:RequestedRegion = "us-east-1"/,
  );
});

test("a key every real request has is never shown as absent, and a verdict that depends on it is undecided", () => {
  const state = withStatement({
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
  });
  const [x] = explain(exampleModel(), state, q, NOW);
  const text = x!.lines.join("\n");
  assert.doesNotMatch(text, /aws:SourceIp = \(absent\)/);
  assert.match(text, /context aws:SourceIp = \(in every real request; explain does not know its value\)/);
  assert.match(
    text,
    /UNDECIDED: the policies read aws:SourceIp, which every real request carries and explain does not know/,
  );
  assert.equal(x!.actionAllowed, false);
});

test("explain exits 1 when the --action is denied although the switch is allowed", async () => {
  const denied = await sekisho([
    "explain",
    EXAMPLE,
    "--who",
    "kenji@example.com",
    "--env",
    "prod",
    "--level",
    "readonly",
    "--action",
    "s3:PutObject",
    "--resource",
    "arn:aws:s3:::reports/x",
  ]);
  assert.equal(denied.status, 1, denied.stderr);
  assert.match(denied.stdout, /^kenji@example\.com → prod readonly: ALLOWED/);
  assert.match(denied.stdout, /s3:PutObject in prod readonly: DENIED or undecided\n$/);
  const allowed = await sekisho([
    "explain",
    EXAMPLE,
    "--who",
    "kenji@example.com",
    "--env",
    "prod",
    "--level",
    "readonly",
    "--action",
    "s3:GetObject",
    "--region",
    "eu-west-1",
  ]);
  assert.equal(allowed.status, 0, allowed.stderr);
  const bad = await sekisho([
    "explain",
    EXAMPLE,
    "--who",
    "kenji@example.com",
    "--env",
    "prod",
    "--region",
    "mars",
  ]);
  assert.equal(bad.status, 2);
});

/** The example with one more statement in a role's trust policy. */
function withTrust(arn: string, s: Statement): OrgState {
  const state = structuredClone(exampleState());
  const role = state.accounts
    .flatMap((a) => a.authorizationDetails.RoleDetailList)
    .find((r) => r.Arn === arn)!;
  role.AssumeRolePolicyDocument.Statement.push(s);
  return state;
}

test("a switch whose trust reads the caller's source IP is undecided, never judged as if the key were absent", () => {
  // A real STS call always carries aws:SourceIp; from inside 203.0.113.0/24 this switch is allowed.
  const state = withTrust(PROD_READONLY, {
    Effect: "Deny",
    Principal: { AWS: "*" },
    Action: "sts:AssumeRole",
    Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
  });
  const [x] = explain(
    exampleModel(),
    state,
    { who: "kenji@example.com", env: "prod", level: "readonly" },
    NOW,
  );
  const text = x!.lines.join("\n");
  assert.match(text, /sts:AssumeRole: ExplicitDeny \(UNDECIDED\)/);
  assert.match(
    text,
    /undecided: [^\n]*aws:sourceip is in every real request and its value is not known here/,
  );
  assert.match(text, /context aws:SourceIp = \(in every real request; explain does not know its value\)/);
  assert.equal(x!.allowed, false);
});

test("prove fails closed, naming the key, when a landing role's trust depends on the region of the sign-in call", () => {
  const landing = "arn:aws:iam::111111111111:role/sekisho/landing-sre";
  // A Deny judged on an absent key never applied: prove called the sign-in certain, though a
  // sign-in through the STS endpoint in eu-west-1 is refused.
  const state = withTrust(landing, {
    Effect: "Deny",
    Principal: { AWS: "*" },
    Action: "sts:AssumeRoleWithSAML",
    Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
  });
  const p = prove(exampleModel(), state, NOW);
  const matrix = p.checks.find((c) => c.id === "matrix")!;
  assert.equal(p.passed, false);
  assert.ok(
    matrix.failures.some(
      (f) =>
        f.rule === "matrix/undecided" &&
        f.message.startsWith("cannot decide whether ") &&
        f.message.includes(`can sign in to landing role ${landing}: ${landing}#trust[`) &&
        f.message.endsWith("aws:requestedregion is in every real request and its value is not known here"),
    ),
    JSON.stringify(matrix.failures.slice(0, 3)),
  );
});
