// The escalation graph builds no path on writes AWS refuses: a new version of an AWS managed
// policy, or IAM changes to an IAM Identity Center role (src/engine/aws-owned.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { ScanCache } from "../../src/engine/scan-cache.js";
import { adminNode, buildGraph, reach } from "../../src/graph/graph.js";
import { indexState } from "../../src/sessions/principals.js";
import type { ManagedPolicyDetail, OrgState, RoleDetail, UserDetail } from "../../src/state/org-state.js";
import type { PolicyDocument, Statement } from "../../src/state/policy.js";

const A = "111122223333";
const ATTACKER = `arn:aws:iam::${A}:user/attacker`;
const SSO_ROLE = `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`;
const doc = (...s: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: s });

function managedPolicy(arn: string): ManagedPolicyDetail {
  return {
    PolicyName: arn.split("/").pop() ?? "",
    PolicyId: "ANPA1",
    Arn: arn,
    Path: "/",
    DefaultVersionId: "v1",
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: "x",
    UpdateDate: "x",
    PolicyVersionList: [
      {
        Document: doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }),
        VersionId: "v1",
        IsDefaultVersion: true,
        CreateDate: "x",
      },
    ],
  };
}

function attacker(statements: Statement[], managed: string[] = []): UserDetail {
  return {
    Path: "/",
    UserName: "attacker",
    UserId: "AIDAATTACKER",
    Arn: ATTACKER,
    CreateDate: "x",
    UserPolicyList: [{ PolicyName: "p", PolicyDocument: doc(...statements) }],
    GroupList: [],
    AttachedManagedPolicies: managed.map((arn) => ({
      PolicyName: arn.split("/").pop() ?? "",
      PolicyArn: arn,
    })),
  };
}

function ssoRole(): RoleDetail {
  return {
    Path: "/aws-reserved/sso.amazonaws.com/",
    RoleName: "AWSReservedSSO_Admin_0123456789abcdef",
    RoleId: "AROASSO",
    Arn: SSO_ROLE,
    CreateDate: "x",
    AssumeRolePolicyDocument: doc({
      Effect: "Allow",
      Principal: { Federated: `arn:aws:iam::${A}:saml-provider/AWSSSO_0123_DO_NOT_DELETE` },
      Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
      Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
    }),
    InstanceProfileList: [],
    RolePolicyList: [
      { PolicyName: "p", PolicyDocument: doc({ Effect: "Allow", Action: "*", Resource: "*" }) },
    ],
    AttachedManagedPolicies: [],
  };
}

function graphOf(users: UserDetail[], roles: RoleDetail[], policies: ManagedPolicyDetail[]) {
  const state: OrgState = {
    accounts: [
      {
        accountId: A,
        samlProviders: [],
        authorizationDetails: {
          UserDetailList: users,
          GroupDetailList: [],
          RoleDetailList: roles,
          Policies: policies,
        },
      },
    ],
  };
  return buildGraph(indexState(state), new ScanCache(), { clock: { now: "2026-11-28T00:00:00Z" } });
}

test("no escalation by a new version of an AWS managed policy one carries", () => {
  const managed = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  const g = graphOf(
    [
      attacker(
        [
          {
            Effect: "Allow",
            Action: ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"],
            Resource: "*",
          },
        ],
        [managed],
      ),
    ],
    [],
    [managedPolicy(managed)],
  );
  assert.deepEqual(
    g.edges.filter((e) => e.method.includes(managed)).map((e) => e.method),
    [],
  );
  assert.equal(reach(g, ATTACKER).has(adminNode(A)), false);
  assert.deepEqual(g.undecided, []);
});

test("the same permission on a customer policy one carries is an escalation (the control case)", () => {
  const customer = `arn:aws:iam::${A}:policy/mine`;
  const g = graphOf(
    [attacker([{ Effect: "Allow", Action: "iam:CreatePolicyVersion", Resource: "*" }], [customer])],
    [],
    [managedPolicy(customer)],
  );
  assert.equal(reach(g, ATTACKER).has(adminNode(A)), true);
});

test("no edge into an IAM Identity Center role through IAM writes", () => {
  const writes = [
    "iam:PutRolePolicy",
    "iam:AttachRolePolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:DeleteRolePermissionsBoundary",
  ];
  const g = graphOf(
    [
      attacker([
        { Effect: "Allow", Action: writes, Resource: `arn:aws:iam::${A}:role/aws-reserved/*` },
        { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" },
      ]),
    ],
    [ssoRole()],
    [],
  );
  assert.deepEqual(
    g.edges.filter((e) => e.to === SSO_ROLE).map((e) => e.method),
    [],
  );
  const r = reach(g, ATTACKER);
  assert.deepEqual([r.has(SSO_ROLE), r.has(adminNode(A))], [false, false]);
  assert.deepEqual(g.undecided, []);
});
