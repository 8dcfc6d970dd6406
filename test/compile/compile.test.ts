import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { checkLimits } from "../../src/compile/limits.js";
import { exampleState, MINIMAL, model, role } from "../helpers.js";

const LANDING = (team: string) => `arn:aws:iam::111111111111:role/sekisho/landing-${team}`;

test("example: accounts and roles, identity account doubles as dev", () => {
  const state = exampleState();
  assert.deepEqual(
    state.accounts.map((a) => [
      a.accountId,
      a.name,
      a.authorizationDetails.RoleDetailList.map((r) => r.RoleName),
    ]),
    [
      [
        "111111111111",
        "dev",
        [
          "admin",
          "developer",
          "readonly",
          "workload-infra-plan",
          "landing-sre",
          "landing-dev-lead",
          "landing-dev-member",
          "landing-accounting",
        ],
      ],
      [
        "222222222222",
        "stg",
        ["admin", "developer", "readonly", "workload-api-deploy", "workload-infra-plan"],
      ],
      [
        "333333333333",
        "prod",
        ["admin", "developer", "readonly", "workload-api-deploy", "workload-infra-plan"],
      ],
    ],
  );
});

test("landing trust: SAML from the provider, SAML:aud, source identity actions", () => {
  assert.deepEqual(role(exampleState(), LANDING("sre")).AssumeRolePolicyDocument, {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "SamlSignIn",
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::111111111111:saml-provider/GoogleWorkspace" },
        Action: ["sts:AssumeRoleWithSAML", "sts:SetSourceIdentity", "sts:TagSession"],
        Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
      },
    ],
  });
});

test("landing role: read-only level plus AssumeRole on exactly the team's targets; session as configured", () => {
  const r = role(exampleState(), LANDING("dev-member"));
  assert.deepEqual(r.AttachedManagedPolicies, [
    { PolicyName: "ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
  ]);
  assert.deepEqual(r.RolePolicyList, [
    {
      PolicyName: "sekisho-switch-targets",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "Switch",
            Effect: "Allow",
            Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
            Resource: [
              "arn:aws:iam::111111111111:role/sekisho/developer",
              "arn:aws:iam::111111111111:role/sekisho/readonly",
              "arn:aws:iam::222222222222:role/sekisho/developer",
              "arn:aws:iam::222222222222:role/sekisho/readonly",
              "arn:aws:iam::333333333333:role/sekisho/readonly",
            ],
          },
        ],
      },
    },
  ]);
  assert.equal(r.MaxSessionDuration, 8 * 3600);
  assert.equal(r.Path, "/sekisho/");
  assert.deepEqual(r.Tags?.[0], { Key: "sekisho:managed", Value: "true" });
});

test("prod developer trusts only the teams granted it: landing roles by aws:PrincipalArn, never a bare root", () => {
  const trust = role(
    exampleState(),
    "arn:aws:iam::333333333333:role/sekisho/developer",
  ).AssumeRolePolicyDocument;
  assert.deepEqual(trust.Statement, [
    {
      Sid: "LandingRoles",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111111111111:root" },
      Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
      Condition: { ArnEquals: { "aws:PrincipalArn": [LANDING("dev-lead"), LANDING("sre")] } },
    },
    {
      Sid: "IamUsersWithMfa",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111111111111:root" },
      Action: "sts:AssumeRole",
      Condition: {
        ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/break-glass" },
        Bool: { "aws:MultiFactorAuthPresent": "true" },
      },
    },
  ]);
});

test("expiring grants become aws:CurrentTime conditions on both sides, through the last day", () => {
  const m = model(
    MINIMAL.replace(
      'ops: { can: { "*": [admin, readonly] } }',
      'ops: { can: { "*": [readonly], prod: [readonly, { level: admin, until: 2027-01-31 }] } }',
    ),
  );
  const state = compile(m);
  assert.deepEqual(
    role(state, "arn:aws:iam::333333333333:role/sekisho/admin").AssumeRolePolicyDocument.Statement,
    [
      {
        Sid: "LandingRolesUntil20270131",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:root" },
        Action: "sts:AssumeRole",
        Condition: {
          ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/sekisho/landing-ops" },
          DateLessThan: { "aws:CurrentTime": "2027-02-01T00:00:00Z" },
        },
      },
    ],
  );
  assert.deepEqual(role(state, LANDING("ops")).RolePolicyList[0]!.PolicyDocument.Statement, [
    {
      Sid: "Switch",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: [
        "arn:aws:iam::111111111111:role/sekisho/readonly",
        "arn:aws:iam::333333333333:role/sekisho/readonly",
      ],
    },
    {
      Sid: "SwitchUntil20270131",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: "arn:aws:iam::333333333333:role/sekisho/admin",
      Condition: { DateLessThan: { "aws:CurrentTime": "2027-02-01T00:00:00Z" } },
    },
  ]);
  // dev admin is granted to nobody: no role is created for it.
  assert.deepEqual(
    state.accounts[0]!.authorizationDetails.RoleDetailList.map((r) => r.RoleName),
    ["readonly", "landing-ops"],
  );
});

test("kept users: a group per team with landing policies, switch targets, self-managed credentials and MFA deny", () => {
  const id = exampleState().accounts[0]!.authorizationDetails;
  assert.deepEqual(
    id.GroupDetailList.map((g) => [
      g.GroupName,
      g.Path,
      g.AttachedManagedPolicies.map((p) => p.PolicyArn),
      g.GroupPolicyList.map((p) => p.PolicyName),
    ]),
    [
      [
        "sekisho-sre",
        "/sekisho/",
        [
          "arn:aws:iam::aws:policy/ReadOnlyAccess",
          "arn:aws:iam::111111111111:policy/sekisho/sekisho-self-manage-credentials",
        ],
        ["sekisho-switch-targets"],
      ],
      [
        "sekisho-dev-member",
        "/sekisho/",
        [
          "arn:aws:iam::aws:policy/ReadOnlyAccess",
          "arn:aws:iam::111111111111:policy/sekisho/sekisho-self-manage-credentials",
        ],
        ["sekisho-switch-targets"],
      ],
    ],
  );
  assert.deepEqual(
    id.UserDetailList.map((u) => [u.UserName, u.GroupList]),
    [
      ["ci-deployer", ["sekisho-dev-member"]],
      ["break-glass", ["sekisho-sre"]],
    ],
  );
  const self = id.Policies.find((p) => p.PolicyName === "sekisho-self-manage-credentials")!;
  assert.equal(self.AttachmentCount, 2);
  const deny = self.PolicyVersionList[0]!.Document.Statement.at(-1)!;
  assert.equal(deny.Effect, "Deny");
  // On a Deny, BoolIfExists false also catches requests without the key (long-term keys).
  assert.deepEqual(deny.Condition, { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } });
  // Unlike AWS's example, no MFA self-service without MFA: only look-ups and GetSessionToken.
  assert.deepEqual(deny.NotAction, [
    "iam:GetAccountPasswordPolicy",
    "iam:GetUser",
    "iam:ListMFADevices",
    "sts:GetSessionToken",
  ]);
});

test("AWS managed policies attached in an account are listed with their documents, as an export does", () => {
  const prod = exampleState().accounts[2]!.authorizationDetails.Policies;
  assert.deepEqual(
    prod.map((p) => [p.Arn, p.AttachmentCount, p.DefaultVersionId]),
    [
      ["arn:aws:iam::aws:policy/AdministratorAccess", 1, "v1"],
      ["arn:aws:iam::aws:policy/PowerUserAccess", 2, prod[1]!.DefaultVersionId],
      ["arn:aws:iam::aws:policy/ReadOnlyAccess", 2, prod[2]!.DefaultVersionId],
    ],
  );
  assert.deepEqual(prod[0]!.PolicyVersionList[0]!.Document, {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
  });
});

test("size limits: a trust over 2048 characters warns, over 4096 is an error", () => {
  const teams = Array.from(
    { length: 60 },
    (_, i) => `  team-with-a-long-name-${i}: { can: { prod: [admin] } }`,
  ).join("\n");
  const people = Array.from(
    { length: 60 },
    (_, i) => `  p${i}@example.com: [team-with-a-long-name-${i}]`,
  ).join("\n");
  const text = MINIMAL.replace(
    /teams:\n.*\npeople:\n.*\n/s,
    `teams:\n${teams}\n  ops: { can: { "*": [readonly] } }\npeople:\n${people}\n  a@example.com: [ops]\n`,
  );
  const problems = checkLimits(compile(model(text)));
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.severity, "error");
  assert.match(
    problems[0]!.message,
    /^trust policy of arn:aws:iam::333333333333:role\/sekisho\/admin is \d+ characters; IAM allows at most 4096/,
  );
  assert.deepEqual(checkLimits(exampleState()), []);
});
