// AWS-owned principals are context, not attack starts: service-linked roles and IAM Identity
// Center roles give info findings whose fix is never to edit the role; the same power on a
// customer's role stays critical. OrganizationAccountAccessRole trusting the management account
// is AWS Organizations' default, said so at low severity; the same trust on another role stays high.
import assert from "node:assert/strict";
import { test } from "node:test";
import { audit } from "../../src/audit/audit.js";
import type { OrgState, RoleDetail } from "../../src/state/org-state.js";
import type { PolicyDocument, Statement } from "../../src/state/policy.js";

const A = "111122223333";
const MGMT = "999988887777";
const NOW = "2026-11-28T00:00:00Z";
const doc = (...s: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: s });
const SSO_ADMIN = `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`;

function role(
  path: string,
  name: string,
  trust: Statement,
  policy: Statement[],
  lastUsed?: string,
): RoleDetail {
  return {
    Path: path,
    RoleName: name,
    RoleId: `AROA${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`,
    Arn: `arn:aws:iam::${A}:role${path}${name}`,
    CreateDate: "2024-01-01T00:00:00Z",
    AssumeRolePolicyDocument: doc(trust),
    InstanceProfileList: [],
    RolePolicyList: [{ PolicyName: "p", PolicyDocument: doc(...policy) }],
    AttachedManagedPolicies: [],
    ...(lastUsed !== undefined ? { RoleLastUsed: lastUsed ? { LastUsedDate: lastUsed } : {} } : {}),
  };
}

const service = (svc: string): Statement => ({
  Effect: "Allow",
  Principal: { Service: svc },
  Action: "sts:AssumeRole",
});
const saml: Statement = {
  Effect: "Allow",
  Principal: { Federated: `arn:aws:iam::${A}:saml-provider/AWSSSO_0123_DO_NOT_DELETE` },
  Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
  Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
};
const rootOf = (account: string): Statement => ({
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${account}:root` },
  Action: "sts:AssumeRole",
});
// What Identity Center's service-linked role may do to the roles it manages (AWSSSOServiceRolePolicy, shortened).
const SSO_SLR_POLICY: Statement[] = [
  {
    Effect: "Allow",
    Action: ["iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"],
    Resource: `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/*`,
  },
];

function state(roles: RoleDetail[]): OrgState {
  return {
    accounts: [
      {
        accountId: A,
        samlProviders: [],
        authorizationDetails: {
          UserDetailList: [],
          GroupDetailList: [],
          RoleDetailList: roles,
          Policies: [],
        },
      },
    ],
  };
}

const ssoAdmin = (lastUsed?: string) =>
  role(
    "/aws-reserved/sso.amazonaws.com/",
    "AWSReservedSSO_Admin_0123456789abcdef",
    saml,
    [{ Effect: "Allow", Action: "*", Resource: "*" }],
    lastUsed,
  );

test("Identity Center's service-linked role reaching the Identity Center admin role is info, fixed nowhere in the role", () => {
  const slr = role(
    "/aws-service-role/sso.amazonaws.com/",
    "AWSServiceRoleForSSO",
    service("sso.amazonaws.com"),
    SSO_SLR_POLICY,
  );
  const a = audit(state([slr, ssoAdmin()]), NOW);
  const esc = a.findings.filter((f) => f.rule === "escalation");
  assert.deepEqual(
    esc.map((f) => [f.severity, f.title, f.fix]),
    [
      [
        "info",
        "AWS-owned IAM Identity Center role (Identity Center creates it from a permission set and manages it) AWSReservedSSO_Admin_0123456789abcdef can escalate to admin of account 111122223333 in 1 step",
        "Change the permission set this role comes from, or its assignments to this account, in IAM Identity Center; never the role, which Identity Center manages.",
      ],
      [
        "info",
        "AWS-owned service-linked role (only its AWS service assumes it; AWS defines its policy) AWSServiceRoleForSSO can escalate to admin of account 111122223333 in 1 step",
        "Nothing to change on the role: AWS owns it and its policy. Its power is the service's; control who may configure that service.",
      ],
    ],
  );
  assert.equal(
    esc[1]!.evidence[0]!.what,
    `arn:aws:iam::${A}:role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO rewrites its permissions (iam:PutRolePolicy), then acts as ${SSO_ADMIN} with those permissions → admin-of:${A}`,
  );
  assert.deepEqual(a.headline.canEscalateToAdmin, { users: 0, roles: 0 });
  assert.equal(
    a.findings.some((f) => f.severity === "critical" || f.severity === "high"),
    false,
    "an account using Identity Center passes --fail-on high",
  );
});

test("the same power on a customer's role is a critical escalation whose fix names the step in words", () => {
  const mine = role("/", "sso-helper", service("lambda.amazonaws.com"), SSO_SLR_POLICY);
  const admin = role("/", "admin", rootOf(A), [{ Effect: "Allow", Action: "*", Resource: "*" }]);
  mine.RolePolicyList[0]!.PolicyDocument.Statement[0]!.Resource = `arn:aws:iam::${A}:role/admin`;
  const a = audit(state([mine, admin]), NOW);
  const esc = a.findings.filter((f) => f.rule === "escalation");
  assert.deepEqual(
    esc.map((f) => [f.severity, f.title, f.fix]),
    [
      [
        "critical",
        `sso-helper can escalate to admin-equivalent arn:aws:iam::${A}:role/admin in 1 step`,
        `Remove the first step: arn:aws:iam::${A}:role/sso-helper rewrites its trust policy to let itself in (iam:UpdateAssumeRolePolicy) → arn:aws:iam::${A}:role/admin.`,
      ],
    ],
  );
  assert.deepEqual(a.headline.canEscalateToAdmin, { users: 0, roles: 1 });
});

test("admin-equivalent: a service-linked role is info; a customer role only services assume gets no MFA advice", () => {
  const all: Statement[] = [{ Effect: "Allow", Action: "*", Resource: "*" }];
  const slr = role(
    "/aws-service-role/ops.example.amazonaws.com/",
    "AWSServiceRoleForOps",
    service("ops.example.amazonaws.com"),
    all,
  );
  const lambda = role("/", "lambda-admin", service("lambda.amazonaws.com"), all);
  const human = role("/", "human-admin", rootOf(A), all);
  const a = audit(state([slr, lambda, human]), NOW);
  assert.deepEqual(
    a.findings
      .filter((f) => f.rule === "admin-equivalent")
      .map((f) => [f.principal.split("/").pop(), f.severity, f.fix]),
    [
      ["human-admin", "medium", "Restrict who can assume it and require MFA or a landing role."],
      [
        "lambda-admin",
        "medium",
        "Only AWS services assume it: narrow its policies to what the service needs, and who may pass it (iam:PassRole).",
      ],
      [
        "AWSServiceRoleForOps",
        "info",
        "Nothing to change on the role: AWS owns it and its policy. Its power is the service's; control who may configure that service.",
      ],
    ],
  );
  assert.deepEqual(a.headline.adminEquivalent, { users: 0, roles: 2 });
});

test("an unused Identity Center role is removed through its assignment, not deleted", () => {
  const a = audit(state([ssoAdmin(""), role("/", "old", service("lambda.amazonaws.com"), [], "")]), NOW);
  assert.deepEqual(
    a.findings.filter((f) => f.rule === "unused-role").map((f) => [f.principal.split("/").pop(), f.fix]),
    [
      [
        "AWSReservedSSO_Admin_0123456789abcdef",
        "Identity Center manages it: remove the permission set's assignment to this account if nobody needs it (Identity Center then deletes the role).",
      ],
      ["old", "Delete it if nothing needs it."],
    ],
  );
});

test("OrganizationAccountAccessRole trusting another account's root is AWS Organizations' default: low", () => {
  const all: Statement[] = [{ Effect: "Allow", Action: "*", Resource: "*" }];
  const a = audit(state([role("/", "OrganizationAccountAccessRole", rootOf(MGMT), all)]), NOW);
  const f = a.findings.find((x) => x.rule === "trust/bare-root")!;
  assert.deepEqual(
    [f.id, f.severity, f.title, f.fix],
    [
      `trust/bare-root/arn:aws:iam::${A}:role/OrganizationAccountAccessRole`,
      "low",
      `arn:aws:iam::${A}:role/OrganizationAccountAccessRole trusts account ${MGMT} as AWS Organizations does by default (it created the account from its management account, ${MGMT}): every principal there allowed sts:AssumeRole on it is admin here`,
      "AWS's default, expected: keep the management account's sts:AssumeRole to its admins, or add ArnEquals aws:PrincipalArn naming the roles there that may switch in.",
    ],
  );
});

test("the same bare-root trust stays high on another role, or trusting its own account", () => {
  const all: Statement[] = [{ Effect: "Allow", Action: "*", Resource: "*" }];
  for (const r of [
    role("/", "deploy", rootOf(MGMT), all),
    role("/", "OrganizationAccountAccessRole", rootOf(A), all),
  ]) {
    const f = audit(state([r]), NOW).findings.find((x) => x.rule === "trust/bare-root")!;
    assert.equal(f.severity, "high", r.RoleName);
    assert.match(f.title, /without an aws:PrincipalArn condition/);
  }
});
