// The compiled state has the exact shape of an export (diff, prove and the templates read it as
// one): ids, dates, paths, tags, descriptions, inline policies, boundaries, the AWS managed
// policies an account uses, and the order of everything, byte for byte run to run.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { assumeTargetsPolicy, selfManageCredentialsPolicy } from "../../src/compile/identity-policies.js";
import { PLANNED_DATE, placeholderId } from "../../src/compile/ids.js";
import { awsManagedPolicyByArn } from "../../src/data/managed-policies.js";
import type { OrgState } from "../../src/state/org-state.js";
import { MINIMAL, model, role } from "../helpers.js";

const DENY_SECRETS = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Deny", Action: "secretsmanager:GetSecretValue", Resource: "*" }],
};
const DENY_BILLING = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Deny", Action: "aws-portal:*", Resource: "*" }],
};
const CUSTOM = "arn:aws:iam::333333333333:policy/team/custom";
const VIEW_ONLY = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";
const LONG_REASON = `${"r".repeat(250)}-and-more-than-IAM-takes`;

// Identity account outside the environments, declared out of account order; the landing level
// and an environment level with inline policies; a boundary; a customer policy only referenced.
const DESIGN = `organization: acme
identity:
  account: "999999999999"
  provider: { name: GoogleWorkspace }
  landing: look
environments:
  prod: { account: "333333333333" }
  dev: { account: "111111111111" }
levels:
  look:
    managed: [ReadOnlyAccess]
    inline:
      deny-secrets: { Statement: [{ Effect: Deny, Action: "secretsmanager:GetSecretValue", Resource: "*" }] }
  ops:
    managed: [${CUSTOM}, PowerUserAccess, ViewOnlyAccess]
    inline:
      deny-billing: { Statement: [{ Effect: Deny, Action: "aws-portal:*", Resource: "*" }] }
    boundary: arn:aws:iam::aws:policy/AdministratorAccess
    maxSession: 2h
teams:
  ops: { can: { "*": [look, ops] } }
people:
  a@example.com: [ops]
users:
  robot: { teams: [ops], reason: "${LONG_REASON}" }
`;

const ORG_TAGS = [
  { Key: "sekisho:managed", Value: "true" },
  { Key: "sekisho:organization", Value: "acme" },
];

const accountOf = (s: OrgState, id: string) => s.accounts.find((a) => a.accountId === id)!;

test("accounts sorted by id; the identity account outside the environments is named identity", () => {
  const s = compile(model(DESIGN));
  assert.deepEqual(
    s.accounts.map((a) => [a.accountId, a.name, Object.keys(a).sort(), a.samlProviders]),
    [
      ["111111111111", "dev", ["accountId", "authorizationDetails", "name", "samlProviders"], []],
      ["333333333333", "prod", ["accountId", "authorizationDetails", "name", "samlProviders"], []],
      [
        "999999999999",
        "identity",
        ["accountId", "authorizationDetails", "name", "samlProviders"],
        [{ Arn: "arn:aws:iam::999999999999:saml-provider/GoogleWorkspace", Tags: ORG_TAGS }],
      ],
    ],
  );
});

test("environment role: inline policies, managed policies, boundary, tags, description, session", () => {
  const arn = "arn:aws:iam::333333333333:role/sekisho/ops";
  const r = role(compile(model(DESIGN)), arn);
  assert.deepEqual(
    { ...r, AssumeRolePolicyDocument: undefined },
    {
      Path: "/sekisho/",
      RoleName: "ops",
      RoleId: placeholderId("AROA", arn),
      Arn: arn,
      CreateDate: "1970-01-01T00:00:00Z",
      AssumeRolePolicyDocument: undefined,
      InstanceProfileList: [],
      RolePolicyList: [{ PolicyName: "deny-billing", PolicyDocument: DENY_BILLING }],
      AttachedManagedPolicies: [
        { PolicyName: "custom", PolicyArn: CUSTOM },
        { PolicyName: "PowerUserAccess", PolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
        { PolicyName: "ViewOnlyAccess", PolicyArn: VIEW_ONLY },
      ],
      PermissionsBoundary: {
        PermissionsBoundaryType: "Policy",
        PermissionsBoundaryArn: "arn:aws:iam::aws:policy/AdministratorAccess",
      },
      Tags: [
        ...ORG_TAGS,
        { Key: "sekisho:environment", Value: "prod" },
        { Key: "sekisho:level", Value: "ops" },
      ],
      MaxSessionDuration: 7200,
      Description: "Sekisho: ops in prod",
    },
  );
  // A level without a boundary has none.
  assert.equal("PermissionsBoundary" in role(compile(model(DESIGN)), arn.replace("/ops", "/look")), false);
});

test("landing role: the landing level's inline policies before the switch policy; team tag; description", () => {
  const arn = "arn:aws:iam::999999999999:role/sekisho/landing-ops";
  const r = role(compile(model(DESIGN)), arn);
  assert.equal(r.RoleId, placeholderId("AROA", arn));
  assert.equal(r.CreateDate, PLANNED_DATE);
  assert.deepEqual(r.InstanceProfileList, []);
  assert.deepEqual(
    r.RolePolicyList.map((p) => [p.PolicyName, p.PolicyName === "deny-secrets" ? p.PolicyDocument : "…"]),
    [
      ["deny-secrets", DENY_SECRETS],
      ["sekisho-switch-targets", "…"],
    ],
  );
  assert.deepEqual(r.Tags, [...ORG_TAGS, { Key: "sekisho:team", Value: "ops" }]);
  assert.equal(r.Description, "Sekisho: landing role of team ops");
  // sourceIdentity off: SAML sign-in only.
  assert.equal(r.AssumeRolePolicyDocument.Statement[0]!.Action, "sts:AssumeRoleWithSAML");
});

test("kept users: group with the landing inline policies, the self-manage policy, the user at path /", () => {
  const id = accountOf(compile(model(DESIGN)), "999999999999").authorizationDetails;
  const groupArn = "arn:aws:iam::999999999999:group/sekisho/sekisho-ops";
  const selfArn = "arn:aws:iam::999999999999:policy/sekisho/sekisho-self-manage-credentials";
  const userArn = "arn:aws:iam::999999999999:user/robot";
  const g = id.GroupDetailList[0]!;
  assert.deepEqual([g.GroupId, g.CreateDate], [placeholderId("AGPA", groupArn), PLANNED_DATE]);
  assert.deepEqual(
    g.GroupPolicyList.map((p) => [p.PolicyName, p.PolicyName === "deny-secrets" ? p.PolicyDocument : "…"]),
    [
      ["deny-secrets", DENY_SECRETS],
      ["sekisho-switch-targets", "…"],
    ],
  );
  assert.deepEqual(id.UserDetailList, [
    {
      Path: "/",
      UserName: "robot",
      UserId: placeholderId("AIDA", userArn),
      Arn: userArn,
      CreateDate: PLANNED_DATE,
      UserPolicyList: [],
      GroupList: ["sekisho-ops"],
      AttachedManagedPolicies: [],
      // IAM tag values hold at most 256 characters.
      Tags: [{ Key: "sekisho:kept-reason", Value: LONG_REASON.slice(0, 256) }],
    },
  ]);
  assert.equal(id.UserDetailList[0]!.Tags![0]!.Value.length, 256);
  const self = id.Policies[0]!;
  assert.deepEqual(
    { ...self, PolicyVersionList: undefined },
    {
      PolicyName: "sekisho-self-manage-credentials",
      PolicyId: placeholderId("ANPA", selfArn),
      Arn: selfArn,
      Path: "/sekisho/",
      DefaultVersionId: "v1",
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Description: "Sekisho: kept IAM users manage their own credentials; nothing else without MFA",
      CreateDate: PLANNED_DATE,
      UpdateDate: PLANNED_DATE,
      PolicyVersionList: undefined,
    },
  );
  assert.deepEqual(self.PolicyVersionList, [
    {
      Document: selfManageCredentialsPolicy(),
      VersionId: "v1",
      IsDefaultVersion: true,
      CreateDate: PLANNED_DATE,
    },
  ]);
});

test("the self-manage policy: own password and keys with MFA, three look-ups, everything else denied without MFA", () => {
  assert.deepEqual(selfManageCredentialsPolicy(), {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ViewOwnUserAndMfa",
        Effect: "Allow",
        Action: ["iam:GetUser", "iam:ListMFADevices"],
        Resource: "arn:aws:iam::*:user/${aws:username}",
      },
      {
        Sid: "ViewPasswordPolicy",
        Effect: "Allow",
        Action: ["iam:GetAccountPasswordPolicy"],
        Resource: "*",
      },
      {
        Sid: "ManageOwnPasswordAndKeysWithMfa",
        Effect: "Allow",
        Action: [
          "iam:ChangePassword",
          "iam:CreateAccessKey",
          "iam:DeleteAccessKey",
          "iam:ListAccessKeys",
          "iam:UpdateAccessKey",
        ],
        Resource: "arn:aws:iam::*:user/${aws:username}",
      },
      {
        Sid: "DenyAllExceptListedIfNoMfa",
        Effect: "Deny",
        NotAction: [
          "iam:GetAccountPasswordPolicy",
          "iam:GetUser",
          "iam:ListMFADevices",
          "sts:GetSessionToken",
        ],
        Resource: "*",
        Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
      },
    ],
  });
});

test("AWS managed policies of an account: sorted by ARN, path from the ARN, boundaries counted apart, customer ones left out", () => {
  const prod = accountOf(compile(model(DESIGN)), "333333333333").authorizationDetails.Policies;
  assert.deepEqual(
    prod.map((p) => [p.Arn, p.PolicyName, p.Path, p.AttachmentCount, p.PermissionsBoundaryUsageCount]),
    [
      ["arn:aws:iam::aws:policy/AdministratorAccess", "AdministratorAccess", "/", 0, 1],
      [VIEW_ONLY, "ViewOnlyAccess", "/job-function/", 1, 0],
      ["arn:aws:iam::aws:policy/PowerUserAccess", "PowerUserAccess", "/", 1, 0],
      ["arn:aws:iam::aws:policy/ReadOnlyAccess", "ReadOnlyAccess", "/", 1, 0],
    ],
  );
  const view = prod[1]!;
  const entry = awsManagedPolicyByArn(VIEW_ONLY)!;
  assert.deepEqual(
    { ...view, PolicyVersionList: undefined },
    {
      PolicyName: "ViewOnlyAccess",
      PolicyId: placeholderId("ANPA", VIEW_ONLY),
      Arn: VIEW_ONLY,
      Path: "/job-function/",
      DefaultVersionId: entry.version,
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: PLANNED_DATE,
      UpdateDate: PLANNED_DATE,
      PolicyVersionList: undefined,
    },
  );
  assert.deepEqual(view.PolicyVersionList, [
    { Document: entry.document, VersionId: entry.version, IsDefaultVersion: true, CreateDate: PLANNED_DATE },
  ]);
});

test("no kept users: no group, no self-manage policy, no user", () => {
  const s = compile(model(MINIMAL));
  const id = s.accounts[0]!.authorizationDetails;
  assert.deepEqual(id.GroupDetailList, []);
  assert.deepEqual(id.UserDetailList, []);
  assert.deepEqual(
    id.Policies.map((p) => p.Arn),
    ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
  );
  // No workload: no OIDC provider list at all, as an export without one.
  assert.equal(
    s.accounts.some((a) => "openIdConnectProviders" in a),
    false,
  );
});

test("environment trust: landing before users, undated before dated, dates in order, each with its own expiry", () => {
  const m = model(
    MINIMAL.replace(
      /teams:\n.*\npeople:\n.*\n/s,
      `teams:
  always: { can: { prod: [admin] } }
  late: { can: { prod: [{ level: admin, until: 2027-03-01 }] } }
  early: { can: { prod: [{ level: admin, until: 2027-01-31 }] } }
people:
  a@example.com: [always]
users:
  u-late: { teams: [late], reason: kept }
  u-always: { teams: [always], reason: kept }
  u-early: { teams: [early], reason: kept }
`,
    ),
  );
  const trust = role(compile(m), "arn:aws:iam::333333333333:role/sekisho/admin").AssumeRolePolicyDocument;
  const root = { AWS: "arn:aws:iam::111111111111:root" };
  const landing = (t: string) => `arn:aws:iam::111111111111:role/sekisho/landing-${t}`;
  const mfa = { "aws:MultiFactorAuthPresent": "true" };
  assert.deepEqual(trust.Statement, [
    {
      Sid: "LandingRoles",
      Effect: "Allow",
      Principal: root,
      Action: "sts:AssumeRole",
      Condition: { ArnEquals: { "aws:PrincipalArn": landing("always") } },
    },
    {
      Sid: "LandingRolesUntil20270131",
      Effect: "Allow",
      Principal: root,
      Action: "sts:AssumeRole",
      Condition: {
        ArnEquals: { "aws:PrincipalArn": landing("early") },
        DateLessThan: { "aws:CurrentTime": "2027-02-01T00:00:00Z" },
      },
    },
    {
      Sid: "LandingRolesUntil20270301",
      Effect: "Allow",
      Principal: root,
      Action: "sts:AssumeRole",
      Condition: {
        ArnEquals: { "aws:PrincipalArn": landing("late") },
        DateLessThan: { "aws:CurrentTime": "2027-03-02T00:00:00Z" },
      },
    },
    {
      Sid: "IamUsersWithMfa",
      Effect: "Allow",
      Principal: root,
      Action: "sts:AssumeRole",
      Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/u-always" }, Bool: mfa },
    },
    {
      Sid: "IamUsersWithMfaUntil20270131",
      Effect: "Allow",
      Principal: root,
      Action: "sts:AssumeRole",
      Condition: {
        ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/u-early" },
        Bool: mfa,
        DateLessThan: { "aws:CurrentTime": "2027-02-01T00:00:00Z" },
      },
    },
    {
      Sid: "IamUsersWithMfaUntil20270301",
      Effect: "Allow",
      Principal: root,
      Action: "sts:AssumeRole",
      Condition: {
        ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/u-late" },
        Bool: mfa,
        DateLessThan: { "aws:CurrentTime": "2027-03-02T00:00:00Z" },
      },
    },
  ]);
});

test("switch policy: undated first, then by date; target ARNs sorted and unique", () => {
  const m = model(MINIMAL);
  const a = (n: string) => `arn:aws:iam::111111111111:role/sekisho/${n}`;
  assert.deepEqual(
    assumeTargetsPolicy(m, [
      { arn: a("z"), until: "2027-03-01" },
      { arn: a("y") },
      { arn: a("x"), until: "2027-01-31" },
      { arn: a("w") },
      { arn: a("y") },
      { arn: a("v"), until: "2027-03-01" },
    ]).Statement.map((s) => [s.Sid, s.Resource, s.Condition]),
    [
      ["Switch", [a("w"), a("y")], undefined],
      ["SwitchUntil20270131", a("x"), { DateLessThan: { "aws:CurrentTime": "2027-02-01T00:00:00Z" } }],
      [
        "SwitchUntil20270301",
        [a("v"), a("z")],
        { DateLessThan: { "aws:CurrentTime": "2027-03-02T00:00:00Z" } },
      ],
    ],
  );
});

test("placeholder ids: the IAM prefix and 17 base32 characters from a hash of the ARN, the same every run", () => {
  const id = placeholderId("AROA", "arn:aws:iam::333333333333:role/sekisho/ops");
  assert.equal(id, placeholderId("AROA", "arn:aws:iam::333333333333:role/sekisho/ops"));
  assert.match(id, /^AROA[A-Z2-7]{17}$/);
  // sha256 of the ARN, its first 17 bytes mod 32 into A-Z2-7 (checked by hand with Python hashlib).
  assert.equal(id, "AROATYDM2WTRV4G2QGOLO");
  assert.notEqual(placeholderId("AROA", "arn:aws:iam::333333333333:role/sekisho/opz"), id);
  assert.equal(PLANNED_DATE, "1970-01-01T00:00:00Z");
});

test("a model whose landing level is not among its levels is refused by name", () => {
  const m = model(MINIMAL);
  assert.throws(() => compile({ ...m, identity: { ...m.identity, landing: "nope" } }), {
    message: "unknown level nope",
  });
});
