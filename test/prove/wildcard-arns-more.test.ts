// Wildcard ARNs where the example has none: a trust with a NotPrincipal statement, and a kept
// user's own inline switch policy.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkWildcardArns } from "../../src/prove/wildcard-arns.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState } from "../../src/state/org-state.js";
import { exampleState } from "../helpers.js";

const TAIL = "contains a wildcard or policy variable; the design names exact roles and principals";

test("a trust statement without Principal (NotPrincipal) is read for its conditions only", () => {
  const state: OrgState = structuredClone(exampleState());
  const role = state.accounts[0]!.authorizationDetails.RoleDetailList.find((r) => r.RoleName === "readonly")!;
  role.AssumeRolePolicyDocument.Statement.push({
    Effect: "Deny",
    NotPrincipal: { AWS: "arn:aws:iam::111111111111:role/*" },
    Action: "sts:AssumeRole",
    Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/x*" } },
  });
  assert.deepEqual(
    checkWildcardArns(indexState(state)).map((f) => f.message),
    [`${role.Arn}: trusted principal 'arn:aws:iam::111111111111:role/x*' ${TAIL}`],
  );
});

test("a user's own inline switch policy is read like a role's", () => {
  const state: OrgState = structuredClone(exampleState());
  const user = state.accounts[0]!.authorizationDetails.UserDetailList.find(
    (u) => u.UserName === "ci-deployer",
  )!;
  user.UserPolicyList = [
    {
      PolicyName: "sekisho-switch-targets",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::*:role/sekisho/admin" },
        ],
      },
    },
  ];
  assert.deepEqual(
    checkWildcardArns(indexState(state)).map((f) => `${f.subject} | ${f.message}`),
    [`${user.Arn} | ${user.Arn}: switch target 'arn:aws:iam::*:role/sekisho/admin' ${TAIL}`],
  );
});
