// IAM's policy size quotas on a compiled state: each problem at the exact limit, with its
// message and the model entry (team, workload or level) validate points at.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkLimits } from "../../src/compile/limits.js";
import { policySize } from "../../src/model/iam-limits.js";
import type {
  GroupDetail,
  ManagedPolicyDetail,
  OrgState,
  RoleDetail,
  Tag,
} from "../../src/state/org-state.js";
import type { PolicyDocument } from "../../src/state/policy.js";

/** A policy of exactly `size` characters as IAM counts them. */
function docOfSize(size: number): PolicyDocument {
  const base = policySize({
    Version: "2012-10-17",
    Statement: [{ Sid: "", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
  });
  const d: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Sid: "S".repeat(size - base), Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
  };
  assert.equal(policySize(d), size);
  return d;
}

const A = "333333333333";
const SMALL = docOfSize(200);

function roleOf(name: string, tags: Tag[] | undefined, trust = SMALL, inline: number[] = []): RoleDetail {
  return {
    Path: "/sekisho/",
    RoleName: name,
    RoleId: "AROA1",
    Arn: `arn:aws:iam::${A}:role/sekisho/${name}`,
    CreateDate: "x",
    AssumeRolePolicyDocument: trust,
    InstanceProfileList: [],
    RolePolicyList: inline.map((n, i) => ({ PolicyName: `p${i}`, PolicyDocument: docOfSize(n) })),
    AttachedManagedPolicies: [],
    ...(tags ? { Tags: tags } : {}),
  };
}

function groupOf(name: string, inline: number[]): GroupDetail {
  return {
    Path: "/sekisho/",
    GroupName: name,
    GroupId: "AGPA1",
    Arn: `arn:aws:iam::${A}:group/sekisho/${name}`,
    CreateDate: "x",
    GroupPolicyList: inline.map((n, i) => ({ PolicyName: `p${i}`, PolicyDocument: docOfSize(n) })),
    AttachedManagedPolicies: [],
  };
}

function policyOf(arn: string, versions: [number, boolean][]): ManagedPolicyDetail {
  return {
    PolicyName: arn.slice(arn.lastIndexOf("/") + 1),
    PolicyId: "ANPA1",
    Arn: arn,
    Path: "/",
    DefaultVersionId: "v1",
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: "x",
    UpdateDate: "x",
    PolicyVersionList: versions.map(([n, isDefault], i) => ({
      Document: docOfSize(n),
      VersionId: `v${i + 1}`,
      IsDefaultVersion: isDefault,
      CreateDate: "x",
    })),
  };
}

function state(
  roles: RoleDetail[],
  groups: GroupDetail[] = [],
  policies: ManagedPolicyDetail[] = [],
): OrgState {
  return {
    accounts: [
      {
        accountId: A,
        samlProviders: [],
        authorizationDetails: {
          UserDetailList: [],
          GroupDetailList: groups,
          RoleDetailList: roles,
          Policies: policies,
        },
      },
    ],
  };
}

const ORG: Tag[] = [
  { Key: "sekisho:managed", Value: "true" },
  { Key: "sekisho:organization", Value: "acme" },
];

test("trust policy: 2048 characters pass, 2049 warn (quota can be raised), 4096 warn, 4097 is an error", () => {
  const level = (n: string) => [...ORG, { Key: "sekisho:level", Value: n }];
  const problems = checkLimits(
    state([
      roleOf("at-2048", level("a"), docOfSize(2048)),
      roleOf("at-2049", level("b"), docOfSize(2049)),
      roleOf("at-4096", level("c"), docOfSize(4096)),
      roleOf("at-4097", level("d"), docOfSize(4097)),
    ]),
  );
  const arn = (n: string) => `arn:aws:iam::${A}:role/sekisho/${n}`;
  assert.deepEqual(problems, [
    {
      severity: "warning",
      code: "policy-size",
      subject: ["levels", "b"],
      message: `trust policy of ${arn("at-2049")} is 2049 characters; above 2048 it needs the IAM quota "Role trust policy length" raised (max 4096)`,
    },
    {
      severity: "warning",
      code: "policy-size",
      subject: ["levels", "c"],
      message: `trust policy of ${arn("at-4096")} is 4096 characters; above 2048 it needs the IAM quota "Role trust policy length" raised (max 4096)`,
    },
    {
      severity: "error",
      code: "policy-size",
      subject: ["levels", "d"],
      message: `trust policy of ${arn("at-4097")} is 4097 characters; IAM allows at most 4096 even with a raised quota`,
    },
  ]);
});

test("the problem names the model entry behind the role: team, then workload, then level, else the role", () => {
  const big = docOfSize(5000);
  const subjects = checkLimits(
    state([
      roleOf("landing-ops", [...ORG, { Key: "sekisho:team", Value: "ops" }], big),
      roleOf(
        "workload-api",
        [...ORG, { Key: "sekisho:level", Value: "deploy" }, { Key: "sekisho:workload", Value: "api" }],
        big,
      ),
      roleOf(
        "admin",
        [...ORG, { Key: "sekisho:environment", Value: "prod" }, { Key: "sekisho:level", Value: "admin" }],
        big,
      ),
      roleOf("untagged", undefined, big),
    ]),
  ).map((p) => p.subject);
  assert.deepEqual(subjects, [
    ["teams", "ops"],
    ["workloads", "api"],
    ["levels", "admin"],
    ["levels", "untagged"],
  ]);
});

test("a role's inline policies together: 10240 characters pass, 10241 is an error", () => {
  const level = [...ORG, { Key: "sekisho:level", Value: "big" }];
  const problems = checkLimits(
    state([roleOf("at-10240", level, SMALL, [6000, 4240]), roleOf("at-10241", level, SMALL, [6000, 4241])]),
  );
  assert.deepEqual(problems, [
    {
      severity: "error",
      code: "policy-size",
      subject: ["levels", "big"],
      message: `inline policies of arn:aws:iam::${A}:role/sekisho/at-10241 total 10241 characters; IAM allows 10240 per role`,
    },
  ]);
});

test("a group's inline policies together: 5120 characters pass, 5121 is an error on the team", () => {
  const problems = checkLimits(
    state([], [groupOf("sekisho-fits", [3000, 2120]), groupOf("sekisho-ops", [3000, 2121])]),
  );
  assert.deepEqual(problems, [
    {
      severity: "error",
      code: "policy-size",
      subject: ["teams", "ops"],
      message: `inline policies of group arn:aws:iam::${A}:group/sekisho/sekisho-ops total 5121 characters; IAM allows 5120 per group`,
    },
  ]);
});

test("customer managed policies: the default version over 6144 characters is an error; AWS's own are not ours", () => {
  const own = (n: string) => `arn:aws:iam::${A}:policy/sekisho/${n}`;
  const problems = checkLimits(
    state(
      [],
      [],
      [
        policyOf(own("fits"), [[6144, true]]),
        policyOf(own("too-big"), [[6145, true]]),
        // Only the default version is deployed as the policy.
        policyOf(own("old-version-big"), [
          [7000, false],
          [200, true],
        ]),
        policyOf("arn:aws:iam::aws:policy/ReadOnlyAccess", [[9000, true]]),
      ],
    ),
  );
  assert.deepEqual(problems, [
    {
      severity: "error",
      code: "policy-size",
      subject: ["levels", "too-big"],
      message: `managed policy ${own("too-big")} is 6145 characters; IAM allows 6144`,
    },
  ]);
});
