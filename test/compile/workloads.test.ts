// Workloads compiled: one OIDC provider per issuer and account, one role per workload and
// environment with the level's policies, trusting exactly the token's issuer, aud and sub.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { placeholderId } from "../../src/compile/ids.js";
import { stackTemplates } from "../../src/emit/cloudformation.js";
import { MINIMAL, model, role } from "../helpers.js";

const WORKLOADS = `${MINIMAL}workloads:
  api-deploy:
    github: { repo: example/api, branches: [main], environments: [production] }
    can: { prod: admin }
  infra-plan:
    github: { repo: example/infra, pull_request: true }
    can: { "*": readonly }
  tf:
    terraform: { organization: example, project: Default Project, workspace: infra-prod }
    can: { prod: readonly }
  gl:
    gitlab: { project: group/proj, branches: [main] }
    can: { prod: readonly }
  bb:
    bitbucket:
      workspace: example
      workspaceUuid: "{12345678-1234-1234-1234-123456789abc}"
      repositoryUuid: "{abcdefab-1234-1234-1234-123456789abc}"
    allowWildcard: Bitbucket's sub ends in the step UUID, new every run
    can: { prod: readonly }
`;

const GH = "arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com";

test("one provider per issuer in each account, its client ids the audiences used there", () => {
  const state = compile(model(WORKLOADS));
  assert.deepEqual(
    state.accounts.map((a) => [
      a.accountId,
      (a.openIdConnectProviders ?? []).map((p) => [p.Arn, p.Url, p.ClientIDList, p.ThumbprintList]),
    ]),
    [
      [
        "111111111111",
        [
          [
            "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
            "https://token.actions.githubusercontent.com",
            ["sts.amazonaws.com"],
            [],
          ],
        ],
      ],
      [
        "333333333333",
        [
          [
            "arn:aws:iam::333333333333:oidc-provider/api.bitbucket.org/2.0/workspaces/example/pipelines-config/identity/oidc",
            "https://api.bitbucket.org/2.0/workspaces/example/pipelines-config/identity/oidc",
            ["ari:cloud:bitbucket::workspace/12345678-1234-1234-1234-123456789abc"],
            [],
          ],
          [
            "arn:aws:iam::333333333333:oidc-provider/app.terraform.io",
            "https://app.terraform.io",
            ["aws.workload.identity"],
            [],
          ],
          [
            "arn:aws:iam::333333333333:oidc-provider/gitlab.com",
            "https://gitlab.com",
            ["https://gitlab.com"],
            [],
          ],
          [GH, "https://token.actions.githubusercontent.com", ["sts.amazonaws.com"], []],
        ],
      ],
    ],
  );
});

test("GitHub: aud and every sub pinned with StringEquals; the level's policies; 1 h; tagged", () => {
  const r = role(compile(model(WORKLOADS)), "arn:aws:iam::333333333333:role/sekisho/workload-api-deploy");
  assert.deepEqual(r.AssumeRolePolicyDocument, {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "WorkloadToken",
        Effect: "Allow",
        Principal: { Federated: GH },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": [
              "repo:example/api:ref:refs/heads/main",
              "repo:example/api:environment:production",
            ],
          },
        },
      },
    ],
  });
  assert.deepEqual(r.AttachedManagedPolicies, [
    { PolicyName: "AdministratorAccess", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
  ]);
  assert.equal(r.MaxSessionDuration, 3600);
  assert.deepEqual(r.Tags, [
    { Key: "sekisho:managed", Value: "true" },
    { Key: "sekisho:organization", Value: "acme" },
    { Key: "sekisho:environment", Value: "prod" },
    { Key: "sekisho:level", Value: "admin" },
    { Key: "sekisho:workload", Value: "api-deploy" },
  ]);
});

test("HCP Terraform, GitLab: exact subjects; Bitbucket's allowed wildcard alone uses StringLike", () => {
  const state = compile(model(WORKLOADS));
  const trust = (name: string) =>
    role(state, `arn:aws:iam::333333333333:role/sekisho/workload-${name}`).AssumeRolePolicyDocument.Statement;
  assert.deepEqual(trust("tf")[0]!.Condition, {
    StringEquals: {
      "app.terraform.io:aud": "aws.workload.identity",
      "app.terraform.io:sub": [
        "organization:example:project:Default Project:workspace:infra-prod:run_phase:plan",
        "organization:example:project:Default Project:workspace:infra-prod:run_phase:apply",
      ],
    },
  });
  assert.deepEqual(trust("gl")[0]!.Condition, {
    StringEquals: {
      "gitlab.com:aud": "https://gitlab.com",
      "gitlab.com:sub": "project_path:group/proj:ref_type:branch:ref:main",
    },
  });
  const host = "api.bitbucket.org/2.0/workspaces/example/pipelines-config/identity/oidc";
  assert.deepEqual(trust("bb"), [
    {
      Sid: "WorkloadTokenAllowedWildcard",
      Effect: "Allow",
      Principal: { Federated: `arn:aws:iam::333333333333:oidc-provider/${host}` },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          [`${host}:aud`]: "ari:cloud:bitbucket::workspace/12345678-1234-1234-1234-123456789abc",
        },
        StringLike: { [`${host}:sub`]: "{abcdefab-1234-1234-1234-123456789abc}:*" },
      },
    },
  ]);
});

test("CloudFormation: AWS::IAM::OIDCProvider without thumbprints, the role depending on it", () => {
  const m = model(WORKLOADS);
  const prod = stackTemplates(m, compile(m)).find((s) => s.accountId === "333333333333")!;
  const r = prod.template.Resources;
  assert.deepEqual(r.OidcProviderTokenActionsGithubusercontentCom, {
    Type: "AWS::IAM::OIDCProvider",
    Properties: {
      Url: "https://token.actions.githubusercontent.com",
      ClientIdList: ["sts.amazonaws.com"],
      Tags: [
        { Key: "sekisho:managed", Value: "true" },
        { Key: "sekisho:organization", Value: "acme" },
      ],
    },
  });
  assert.deepEqual(r.WorkloadRoleApiDeploy!.DependsOn, ["OidcProviderTokenActionsGithubusercontentCom"]);
  // The account through AWS::AccountId: environments with the same grants share one StackSet template.
  const trust = r.WorkloadRoleApiDeploy!.Properties.AssumeRolePolicyDocument as {
    Statement: { Principal: unknown }[];
  };
  assert.deepEqual(trust.Statement[0]!.Principal, {
    Federated: {
      "Fn::Sub":
        "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com",
    },
  });
  assert.deepEqual(r.WorkloadRoleApiDeploy!.Properties.Description, {
    "Fn::Sub": "Sekisho: workload api-deploy at admin in ${EnvironmentName}",
  });
});

test("a workload role carries the level's inline policies and boundary; one provider lists each audience once, sorted", () => {
  const text = `${MINIMAL.replace(
    "  admin: { managed: [AdministratorAccess] }",
    `  admin: { managed: [AdministratorAccess] }
  deploy:
    managed: [PowerUserAccess]
    inline:
      deny-billing: { Statement: [{ Effect: Deny, Action: "aws-portal:*", Resource: "*" }] }
    boundary: arn:aws:iam::aws:policy/PowerUserAccess`,
  )}workloads:
  zeta:
    oidc: { url: "https://issuer.example.com/ci", audience: zeta-aud, subject: [job:zeta] }
    can: { prod: deploy }
  alpha:
    oidc: { url: "https://issuer.example.com/ci", audience: alpha-aud, subject: [job:alpha] }
    can: { prod: deploy }
  again:
    oidc: { url: "https://issuer.example.com/ci", audience: zeta-aud, subject: [job:again] }
    can: { prod: deploy }
`;
  const state = compile(model(text));
  const prod = state.accounts.find((a) => a.accountId === "333333333333")!;
  assert.deepEqual(
    prod.openIdConnectProviders!.map((p) => [p.Arn, p.ClientIDList]),
    [["arn:aws:iam::333333333333:oidc-provider/issuer.example.com/ci", ["alpha-aud", "zeta-aud"]]],
  );
  const arn = "arn:aws:iam::333333333333:role/sekisho/workload-zeta";
  const r = role(state, arn);
  assert.deepEqual(
    { ...r, AssumeRolePolicyDocument: undefined, Tags: undefined },
    {
      Path: "/sekisho/",
      RoleName: "workload-zeta",
      RoleId: placeholderId("AROA", arn),
      Arn: arn,
      CreateDate: "1970-01-01T00:00:00Z",
      AssumeRolePolicyDocument: undefined,
      InstanceProfileList: [],
      RolePolicyList: [
        {
          PolicyName: "deny-billing",
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Deny", Action: "aws-portal:*", Resource: "*" }],
          },
        },
      ],
      AttachedManagedPolicies: [
        { PolicyName: "PowerUserAccess", PolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
      ],
      PermissionsBoundary: {
        PermissionsBoundaryType: "Policy",
        PermissionsBoundaryArn: "arn:aws:iam::aws:policy/PowerUserAccess",
      },
      Tags: undefined,
      MaxSessionDuration: 3600,
      Description: "Sekisho: workload zeta at deploy in prod",
    },
  );
});
