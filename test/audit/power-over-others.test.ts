// Power over others: a principal that can rewrite other principals' permissions but reaches no
// admin itself is a high finding listing whom it can make admin; one that escalates itself is
// the critical escalation instead; trust edits, passing a role and AWS-owned targets make none.
import assert from "node:assert/strict";
import { test } from "node:test";
import { audit } from "../../src/audit/audit.js";
import type { OrgState, RoleDetail, UserDetail } from "../../src/state/org-state.js";
import type { PolicyDocument, Statement } from "../../src/state/policy.js";

const A = "111122223333";
const NOW = "2026-11-28T00:00:00Z";
const doc = (...s: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: s });
const allow = (Action: string | string[], Resource: string | string[] = "*"): Statement => ({
  Effect: "Allow",
  Action,
  Resource,
});

const user = (name: string, statements: Statement[]): UserDetail => ({
  Path: "/",
  UserName: name,
  UserId: `AIDA${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`,
  Arn: `arn:aws:iam::${A}:user/${name}`,
  CreateDate: "x",
  UserPolicyList: statements.length ? [{ PolicyName: "p", PolicyDocument: doc(...statements) }] : [],
  GroupList: [],
  AttachedManagedPolicies: [],
});

const role = (name: string, trusted: Statement["Principal"], path = "/"): RoleDetail => ({
  Path: path,
  RoleName: name,
  RoleId: `AROA${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`,
  Arn: `arn:aws:iam::${A}:role${path}${name}`,
  CreateDate: "x",
  AssumeRolePolicyDocument: doc({ Effect: "Allow", Principal: trusted, Action: "sts:AssumeRole" }),
  InstanceProfileList: [],
  RolePolicyList: [{ PolicyName: "p", PolicyDocument: doc(allow("s3:GetObject")) }],
  AttachedManagedPolicies: [],
});

const state = (users: UserDetail[], roles: RoleDetail[]): OrgState => ({
  accounts: [
    {
      accountId: A,
      samlProviders: [],
      authorizationDetails: {
        UserDetailList: users,
        GroupDetailList: [],
        RoleDetailList: roles,
        Policies: [],
      },
    },
  ],
});

const lambda = { Service: "lambda.amazonaws.com" };
const HELPER = `arn:aws:iam::${A}:user/iam-helper`;
const helper = (...extra: Statement[]) =>
  user("iam-helper", [
    allow("iam:AttachRolePolicy", `arn:aws:iam::${A}:role/app-*`),
    allow("iam:PutUserPolicy", `arn:aws:iam::${A}:user/dev-*`),
    ...extra,
  ]);
const findings = (s: OrgState, rule: string) =>
  audit(s, NOW)
    .findings.filter((f) => f.rule === rule)
    .map((f) => [f.id, f.severity, f.title]);

test("rewriting others' permissions without reaching admin: high, with the list", () => {
  const s = state(
    [helper(), user("dev-1", [])],
    [role("app-a", lambda), role("app-b", lambda), role("db", lambda)],
  );
  assert.deepEqual(findings(s, "power-over-others"), [
    [
      `power-over-others/${HELPER}`,
      "high",
      "IAM user iam-helper can make 3 principals admin: app-a, app-b, dev-1",
    ],
  ]);
  const f = audit(s, NOW).findings.find((x) => x.rule === "power-over-others")!;
  assert.deepEqual(
    f.evidence.map((e) => e.what),
    [
      `${HELPER} rewrites its permissions (iam:AttachRolePolicy) → arn:aws:iam::${A}:role/app-a`,
      `${HELPER} rewrites its permissions (iam:AttachRolePolicy) → arn:aws:iam::${A}:role/app-b`,
      `${HELPER} rewrites its permissions (iam:PutUserPolicy) → arn:aws:iam::${A}:user/dev-1`,
    ],
  );
  assert.deepEqual(findings(s, "escalation"), []);
});

test("a helper that can also act as one of them escalates: the critical escalation, not this finding", () => {
  const s = state(
    [helper(allow("sts:AssumeRole")), user("dev-1", [])],
    [role("app-a", { AWS: HELPER }), role("app-b", lambda)],
  );
  assert.deepEqual(findings(s, "power-over-others"), []);
  assert.deepEqual(findings(s, "escalation"), [
    [`escalation/${HELPER}`, "critical", `iam-helper can escalate to admin of account ${A} in 1 step`],
  ]);
});

test("trust edits, passing a role, denied writes and AWS-owned targets make nobody admin", () => {
  const s = state(
    [
      user("trust-editor", [allow("iam:UpdateAssumeRolePolicy")]),
      user("passer", [allow(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"])]),
      user("denied", [allow("iam:PutRolePolicy"), { Effect: "Deny", Action: "iam:*", Resource: "*" }]),
      user("slr-writer", [allow("iam:PutRolePolicy", `arn:aws:iam::${A}:role/aws-service-role/*`)]),
    ],
    [
      role("app-a", lambda),
      role("AWSServiceRoleForOps", { Service: "ops.amazonaws.com" }, "/aws-service-role/ops.amazonaws.com/"),
    ],
  );
  assert.deepEqual(findings(s, "power-over-others"), []);
});
