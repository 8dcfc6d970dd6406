// Kept users judged with their real user id, and an action that may be allowed (a condition the
// scan cannot fix) said as "may be".
import assert from "node:assert/strict";
import { test } from "node:test";
import { ScanCache } from "../../src/engine/scan-cache.js";
import { checkKeptUsers } from "../../src/prove/kept-users.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import { exampleModel, exampleState } from "../helpers.js";

const clock = { now: "2026-11-28T00:00:00Z" };

function messages(statements: (userId: string) => Statement[]): string[] {
  const state: OrgState = structuredClone(exampleState());
  const d = state.accounts[0]!.authorizationDetails;
  const self = d.Policies.find((x) => x.PolicyName === "sekisho-self-manage-credentials")!;
  const deny = self.PolicyVersionList[0]!.Document.Statement.find((s) => s.Effect === "Deny")!;
  deny.NotAction = [...(deny.NotAction as string[]), "s3:PutObject", "s3:DeleteObject"];
  const user = d.UserDetailList.find((u) => u.UserName === "ci-deployer")!;
  user.UserPolicyList = [
    { PolicyName: "extra", PolicyDocument: { Version: "2012-10-17", Statement: statements(user.UserId) } },
  ];
  return checkKeptUsers(exampleModel(), indexState(state), new ScanCache(), clock)
    .failures.filter((f) => f.subject === user.Arn)
    .map((f) => f.message);
}

test("a statement for the user's own id applies to it: the request carries its real aws:userid", () => {
  const got = messages((id) => [
    {
      Effect: "Allow",
      Action: "s3:PutObject",
      Resource: "*",
      Condition: { StringEquals: { "aws:userid": id } },
    },
  ]);
  const u = "arn:aws:iam::111111111111:user/ci-deployer";
  assert.deepEqual(got, [
    `${u} (console password without MFA) is allowed s3:PutObject, but kept users may do nothing without MFA`,
    `${u} (access key without MFA) is allowed s3:PutObject, but kept users may do nothing without MFA`,
  ]);
});

test("an action allowed under a condition the scan cannot fix: 'may be allowed'", () => {
  const got = messages(() => [
    {
      Effect: "Allow",
      Action: "s3:DeleteObject",
      Resource: "*",
      Condition: { StringEquals: { "s3:ExistingObjectTag/team": "ci" } },
    },
  ]);
  const u = "arn:aws:iam::111111111111:user/ci-deployer";
  assert.deepEqual(got, [
    `${u} (console password without MFA) may be allowed s3:DeleteObject, but kept users may do nothing without MFA`,
    `${u} (access key without MFA) may be allowed s3:DeleteObject, but kept users may do nothing without MFA`,
  ]);
});
