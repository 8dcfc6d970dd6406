// checkKeptUsers on its own, over the example's compiled state with one change each: the exact
// rule and message of every finding a reviewer reads, per way out of "no MFA".
import assert from "node:assert/strict";
import { test } from "node:test";
import { ScanCache } from "../../src/engine/scan-cache.js";
import type { AccessModel } from "../../src/model/types.js";
import { checkKeptUsers } from "../../src/prove/kept-users.js";
import type { CheckResult } from "../../src/prove/types.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState, UserDetail } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import { exampleModel, exampleState } from "../helpers.js";

const clock = { now: "2026-11-28T00:00:00Z" };
const USER = "arn:aws:iam::111111111111:user/ci-deployer";
const BREAK_GLASS = "arn:aws:iam::111111111111:user/break-glass";

function check(
  f: (state: OrgState, user: UserDetail) => void,
  model: AccessModel = exampleModel(),
): CheckResult {
  const state: OrgState = structuredClone(exampleState());
  const users = state.accounts[0]!.authorizationDetails.UserDetailList;
  f(state, users.find((u) => u.Arn === USER)!);
  return checkKeptUsers(model, indexState(state), new ScanCache(), clock);
}

const lines = (c: CheckResult) => c.failures.map((f) => `${f.rule} ${f.subject} | ${f.message}`);

/** Lets `actions` past the kept users' no-MFA deny (the compiled policy's NotAction). */
function exempt(state: OrgState, actions: string[]): void {
  const self = state.accounts[0]!.authorizationDetails.Policies.find(
    (x) => x.PolicyName === "sekisho-self-manage-credentials",
  )!;
  const deny = self.PolicyVersionList[0]!.Document.Statement.find((s) => s.Effect === "Deny")!;
  deny.NotAction = [...(deny.NotAction as string[]), ...actions];
}

function inline(user: UserDetail, statements: Statement[]): void {
  user.UserPolicyList = [
    ...(user.UserPolicyList ?? []),
    { PolicyName: "extra", PolicyDocument: { Version: "2012-10-17", Statement: statements } },
  ];
}

test("the example passes, and says what it proved", () => {
  const c = check(() => {});
  assert.deepEqual(
    [c.id, c.title, c.passed, c.failures, c.notes],
    ["kept-users", "Kept users need MFA", true, [], []],
  );
  assert.equal(
    c.summary,
    "2 kept users, with a console password and with an access key but no MFA, over the whole catalog and 18 roles: only 5 look-ups allowed, no MFA device, password, key or role",
  );
});

test("a kept user missing from the state cannot be proven", () => {
  const c = check((state) => {
    const list = state.accounts[0]!.authorizationDetails.UserDetailList;
    list.splice(
      list.findIndex((u) => u.Arn === BREAK_GLASS),
      1,
    );
  });
  assert.equal(c.passed, false);
  assert.deepEqual(lines(c), [
    `kept-users/missing ${BREAK_GLASS} | kept user break-glass is not in the compiled state; cannot prove it needs MFA`,
  ]);
  assert.match(c.summary, /^1 kept users, /);
});

test("a managed policy the state does not hold: undecided, for each way in", () => {
  const c = check((_, u) => {
    u.AttachedManagedPolicies.push({
      PolicyName: "Gone",
      PolicyArn: "arn:aws:iam::111111111111:policy/Gone",
    });
  });
  assert.deepEqual(lines(c), [
    `kept-users/undecided ${USER} | ${USER}: policy arn:aws:iam::111111111111:policy/Gone has no document in the state; cannot prove what it allows without MFA`,
    `kept-users/undecided ${USER} | ${USER}: policy arn:aws:iam::111111111111:policy/Gone has no document in the state; cannot prove what it allows without MFA`,
  ]);
});

test("a statement the engine cannot read: undecided, with its place and reason", () => {
  const c = check((_, u) => {
    inline(u, [
      {
        Effect: "Allow",
        Action: "iam:GetUser",
        Resource: "*",
        Condition: { StringEqualsFancy: { "aws:username": "x" } },
      },
    ]);
  });
  const at = `${USER}#inline:extra[0]: unknown condition operator StringEqualsFancy`;
  assert.deepEqual(lines(c), [
    `kept-users/undecided ${USER} | ${USER} (console password without MFA): undecided statement ${at}`,
    `kept-users/undecided ${USER} | ${USER} (access key without MFA): undecided statement ${at}`,
  ]);
});

test("actions allowed without MFA: why each way out matters; the look-ups stay allowed", () => {
  const actions = [
    "iam:ResyncMFADevice",
    "iam:CreateLoginProfile",
    "iam:ChangePassword",
    "iam:CreateServiceSpecificCredential",
    "iam:UploadSSHPublicKey",
    "iam:UploadSigningCertificate",
    "iam:AttachUserPolicy",
    "sts:GetFederationToken",
    "s3:PutObject",
    "iam:GetUser",
  ];
  const c = check((state, u) => {
    // Exempt from the deny, and allowed outright: the user may do these with no MFA at all.
    exempt(state, actions);
    inline(u, [{ Effect: "Allow", Action: actions, Resource: "*" }]);
  });
  const credentials = (label: string, action: string, why: string) =>
    `kept-users/credentials-without-mfa ${USER} | ${USER} (${label}) is allowed ${action}: ${why}`;
  const per = (label: string) => [
    credentials(label, "iam:AttachUserPolicy", "it could change permissions"),
    credentials(label, "iam:ChangePassword", "it could set a password and sign in again"),
    credentials(label, "iam:CreateLoginProfile", "it could set a password and sign in again"),
    credentials(label, "iam:CreateServiceSpecificCredential", "it could make itself new credentials"),
    credentials(
      label,
      "iam:ResyncMFADevice",
      "it could enrol or reset an MFA device of its own and then pass every MFA condition",
    ),
    credentials(label, "iam:UploadSSHPublicKey", "it could make itself new credentials"),
    credentials(label, "iam:UploadSigningCertificate", "it could make itself new credentials"),
    `kept-users/action-without-mfa ${USER} | ${USER} (${label}) is allowed s3:PutObject, but kept users may do nothing without MFA`,
    credentials(label, "sts:GetFederationToken", "it could get another session"),
  ];
  // The break-glass user's own ChangePassword (under an MFA condition, now exempt from the deny)
  // is not decided for certain: "may be".
  const glass = (label: string) =>
    `kept-users/credentials-without-mfa ${BREAK_GLASS} | ${BREAK_GLASS} (${label}) may be allowed iam:ChangePassword: it could set a password and sign in again`;
  assert.deepEqual(lines(c), [
    ...per("console password without MFA"),
    ...per("access key without MFA"),
    glass("console password without MFA"),
    glass("access key without MFA"),
  ]);
  const attach = c.failures[0]!.evidence!;
  assert.deepEqual(
    attach.map((e) => [e.what, e.statements!.map((x) => `${x.policy}[${x.index}]`)]),
    [["iam:AttachUserPolicy", [`${USER}#inline:extra[0]`]]],
  );
});

test("a role whose trust lets the user in with no MFA: can assume, or may when the trust reads the source IP", () => {
  const readonly = "arn:aws:iam::111111111111:role/sekisho/readonly";
  const developer = "arn:aws:iam::111111111111:role/sekisho/developer";
  const c = check((state) => {
    exempt(state, ["sts:AssumeRole"]);
    const roles = state.accounts[0]!.authorizationDetails.RoleDetailList;
    const trust = (arn: string) => roles.find((r) => r.Arn === arn)!.AssumeRolePolicyDocument.Statement;
    trust(readonly).push({ Effect: "Allow", Principal: { AWS: USER }, Action: "sts:AssumeRole" });
    trust(developer).push({
      Effect: "Allow",
      Principal: { AWS: USER },
      Action: "sts:AssumeRole",
      Condition: { IpAddress: { "aws:SourceIp": "192.0.2.0/24" } },
    });
  });
  const per = (label: string) => [
    `kept-users/credentials-without-mfa ${USER} | ${USER} (${label}) may be allowed sts:AssumeRole: it could get another session`,
    `kept-users/undecided ${developer} | ${USER} (${label}) may assume ${developer}: it needs no MFA to get that role's session`,
    `kept-users/assume-without-mfa ${readonly} | ${USER} (${label}) can assume ${readonly}: it needs no MFA to get that role's session`,
  ];
  const glass = (label: string) =>
    `kept-users/credentials-without-mfa ${BREAK_GLASS} | ${BREAK_GLASS} (${label}) may be allowed sts:AssumeRole: it could get another session`;
  assert.deepEqual(lines(c), [
    ...per("console password without MFA"),
    ...per("access key without MFA"),
    glass("console password without MFA"),
    glass("access key without MFA"),
  ]);
  assert.deepEqual(
    c.failures
      .slice(1, 3)
      .map((f) => f.evidence!.map((e) => [e.what, e.statements!.map((x) => `${x.policy}[${x.index}]`)])),
    [[["sts:AssumeRole: ImplicitDeny", []]], [["sts:AssumeRole: Allow", [`${readonly}#trust[2]`]]]],
  );
});
