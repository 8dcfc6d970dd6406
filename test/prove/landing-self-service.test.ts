// Kept users' self-service in the landing check: the password, key and MFA actions of reference
// §5 pass only when Sekisho's own self-service policy is what allows them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ScanCache } from "../../src/engine/scan-cache.js";
import { checkLanding } from "../../src/prove/access-checks.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState } from "../../src/state/org-state.js";
import { exampleModel, exampleState } from "../helpers.js";

const SELF_SERVICE = [
  "iam:ChangePassword",
  "iam:CreateAccessKey",
  "iam:DeleteAccessKey",
  "iam:UpdateAccessKey",
  "iam:CreateVirtualMFADevice",
  "iam:DeactivateMFADevice",
  "iam:EnableMFADevice",
  "iam:ResyncMFADevice",
];

function landingWithSelfService(actions: string[]): string[] {
  const state: OrgState = structuredClone(exampleState());
  const self = state.accounts[0]!.authorizationDetails.Policies.find(
    (p) => p.PolicyName === "sekisho-self-manage-credentials",
  )!;
  self.PolicyVersionList[0]!.Document.Statement.push({
    Effect: "Allow",
    Action: actions,
    Resource: ["arn:aws:iam::*:user/${aws:username}", "arn:aws:iam::*:mfa/*"],
  });
  return checkLanding(exampleModel(), indexState(state), new ScanCache(), {
    now: "2026-11-28T00:00:00Z",
  }).failures.map((f) => f.message);
}

test("every self-service action through Sekisho's own policy is not a landing write", () => {
  assert.deepEqual(landingWithSelfService(SELF_SERVICE), []);
});

test("other IAM writes through the same policy are", () => {
  const not = (user: string, action: string) =>
    `arn:aws:iam::111111111111:user/${user} allows ${action} (Write), which is not read-only and not acknowledged by level 'readonly'`;
  assert.deepEqual(landingWithSelfService(["iam:CreateLoginProfile", "iam:DeleteVirtualMFADevice"]), [
    not("ci-deployer", "iam:CreateLoginProfile"),
    not("ci-deployer", "iam:DeleteVirtualMFADevice"),
    not("break-glass", "iam:CreateLoginProfile"),
    not("break-glass", "iam:DeleteVirtualMFADevice"),
  ]);
});
