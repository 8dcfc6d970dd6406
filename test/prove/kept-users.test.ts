// Kept users need MFA on every path. Mutations of the example's compiled state put back the
// holes a review found (AWS's self-service MFA exemption, no deny, a trust without MFA) and
// each must fail the kept-users check — the one-step matrix check alone misses the first.
// The same property is checked with an independent evaluator (@cloud-copilot/iam-simulate).
import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluate } from "../../src/engine/index.js";
import type { PolicySet, Request } from "../../src/engine/types.js";
import { prove } from "../../src/prove/prove.js";
import type { Proof } from "../../src/prove/types.js";
import { userRequest } from "../../src/sessions/contexts.js";
import { identityPolicies, indexState } from "../../src/sessions/principals.js";
import type { OrgState } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import { oracle } from "../engine/oracle.js";
import { exampleModel, exampleState, role } from "../helpers.js";

const NOW = "2026-11-28T00:00:00Z";
const model = exampleModel();
const USER = "arn:aws:iam::111111111111:user/ci-deployer";
const SELF = "sekisho-self-manage-credentials";

function statements(state: OrgState): Statement[] {
  const p = state.accounts[0]!.authorizationDetails.Policies.find((x) => x.PolicyName === SELF)!;
  return p.PolicyVersionList[0]!.Document.Statement;
}

function mutate(f: (state: OrgState) => void): Proof {
  const state = structuredClone(exampleState());
  f(state);
  return prove(model, state, NOW);
}

const failed = (p: Proof) => p.checks.filter((c) => !c.passed).map((c) => c.id);
const kept = (p: Proof) => p.checks.find((c) => c.id === "kept-users")!.failures;

/** AWS's example, as Sekisho compiled it before the review: self-enrolment exempt from the deny. */
function readdExemption(state: OrgState): void {
  const st = statements(state);
  st.push({
    Sid: "ManageOwnMfa",
    Effect: "Allow",
    Action: ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ResyncMFADevice"],
    Resource: ["arn:aws:iam::*:mfa/*", "arn:aws:iam::*:user/${aws:username}"],
  });
  const deny = st.find((s) => s.Effect === "Deny")!;
  deny.NotAction = [
    ...(deny.NotAction as string[]),
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:ResyncMFADevice",
  ];
}

test("the compiled kept-user policy: look-ups without MFA, own password and keys with it, no MFA self-service", () => {
  assert.deepEqual(statements(exampleState()), [
    {
      Sid: "ViewOwnUserAndMfa",
      Effect: "Allow",
      Action: ["iam:GetUser", "iam:ListMFADevices"],
      Resource: "arn:aws:iam::*:user/${aws:username}",
    },
    { Sid: "ViewPasswordPolicy", Effect: "Allow", Action: ["iam:GetAccountPasswordPolicy"], Resource: "*" },
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
      NotAction: ["iam:GetAccountPasswordPolicy", "iam:GetUser", "iam:ListMFADevices", "sts:GetSessionToken"],
      Resource: "*",
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
    },
  ]);
});

test("the example passes the kept-users check", () => {
  const p = prove(model, exampleState(), NOW);
  const c = p.checks.find((x) => x.id === "kept-users")!;
  assert.equal(c.passed, true, c.failures.map((f) => f.message).join("\n"));
  assert.equal(
    c.summary,
    "2 kept users, with a console password and with an access key but no MFA, over the whole catalog and 18 roles: only 5 look-ups allowed, no MFA device, password, key or role",
  );
});

test("re-adding the MFA self-service exemption fails kept-users (and only it: the switch still needs MFA)", () => {
  const p = mutate(readdExemption);
  assert.deepEqual(failed(p), ["kept-users"]);
  const forKeys = kept(p)
    .filter((f) => f.subject === USER && f.message.includes("(access key without MFA)"))
    .map((f) => [f.rule, f.message]);
  assert.deepEqual(forKeys, [
    [
      "kept-users/credentials-without-mfa",
      `${USER} (access key without MFA) may be allowed iam:CreateVirtualMFADevice: it could enrol or reset an MFA device of its own and then pass every MFA condition`,
    ],
    [
      "kept-users/credentials-without-mfa",
      `${USER} (access key without MFA) may be allowed iam:EnableMFADevice: it could enrol or reset an MFA device of its own and then pass every MFA condition`,
    ],
    [
      "kept-users/credentials-without-mfa",
      `${USER} (access key without MFA) may be allowed iam:ResyncMFADevice: it could enrol or reset an MFA device of its own and then pass every MFA condition`,
    ],
  ]);
  const enable = kept(p).find((f) => f.message.includes("iam:EnableMFADevice"))!;
  assert.equal(enable.evidence![0]!.statements![0]!.sid, "ManageOwnMfa");
});

test("without the no-MFA deny a kept user may do everything its groups allow: kept-users fails", () => {
  const p = mutate((s) => {
    const st = statements(s);
    st.splice(st.length - 1, 1);
  });
  assert.ok(failed(p).includes("kept-users"));
  const rules = new Set(kept(p).map((f) => f.rule));
  assert.deepEqual([...rules].sort(), [
    "kept-users/action-without-mfa",
    "kept-users/credentials-without-mfa",
  ]);
  assert.ok(
    kept(p).some(
      (f) =>
        f.message ===
        `${USER} (console password without MFA) may be allowed iam:CreateAccessKey: it could make itself new credentials`,
    ),
  );
  assert.ok(kept(p).some((f) => f.message.includes("allowed s3:GetObject, but kept users may do nothing")));
});

test("a role that trusts a kept user without MFA, with role assumption exempt from the deny: kept-users fails on both paths", () => {
  const target = "arn:aws:iam::111111111111:role/sekisho/readonly";
  const p = mutate((s) => {
    const deny = statements(s).find((x) => x.Effect === "Deny")!;
    deny.NotAction = [...(deny.NotAction as string[]), "sts:AssumeRole"];
    role(s, target).AssumeRolePolicyDocument.Statement.push({
      Effect: "Allow",
      Principal: { AWS: USER },
      Action: "sts:AssumeRole",
    });
  });
  assert.ok(failed(p).includes("kept-users"));
  assert.ok(
    kept(p).some(
      (f) =>
        f.rule === "kept-users/assume-without-mfa" &&
        f.message ===
          `${USER} (access key without MFA) can assume ${target}: it needs no MFA to get that role's session`,
    ),
  );
  assert.ok(
    kept(p).some(
      (f) => f.rule === "kept-users/credentials-without-mfa" && f.message.includes("sts:AssumeRole"),
    ),
  );
});

// The independent evaluator: iam-simulate judges the same requests on the compiled policies.
const SENSITIVE: [string, string][] = [
  ["iam:CreateVirtualMFADevice", "arn:aws:iam::111111111111:mfa/attacker"],
  ["iam:EnableMFADevice", USER],
  ["iam:ResyncMFADevice", USER],
  ["iam:DeactivateMFADevice", USER],
  ["iam:CreateLoginProfile", USER],
  ["iam:UpdateLoginProfile", USER],
  ["iam:ChangePassword", USER],
  ["iam:CreateAccessKey", USER],
  ["iam:UpdateAccessKey", USER],
  ["sts:AssumeRole", "arn:aws:iam::222222222222:role/sekisho/developer"],
  ["sts:AssumeRole", "arn:aws:iam::111111111111:role/sekisho/readonly"],
  ["s3:GetObject", "arn:aws:s3:::any-bucket/key"],
];

async function judge(state: OrgState, auth: "console" | "keys" | "mfa", action: string, resource: string) {
  const index = indexState(state);
  const p = index.byArn.get(USER)!;
  const { principal, context } = userRequest({
    userArn: USER,
    userId: p.user!.UserId,
    account: "111111111111",
    auth,
    clock: { now: NOW },
  });
  const request: Request = { principal, action, resource, context };
  // A switch is judged on the target's trust too (cross-account it must allow as well).
  const trust = action === "sts:AssumeRole" ? index.byArn.get(resource)?.trust : undefined;
  const policies: PolicySet = { ...identityPolicies(p), ...(trust ? { resource: trust } : {}) };
  const ours = evaluate(request, policies).verdict;
  const theirs = await oracle(request, policies, resource.split(":")[4] || "111111111111");
  return { ours, theirs: theirs.verdict ?? theirs.error };
}

test("iam-simulate agrees: without MFA the compiled kept user gets no MFA device, password, key or role", async () => {
  const state = exampleState();
  for (const auth of ["console", "keys"] as const) {
    for (const [action, resource] of SENSITIVE) {
      const r = await judge(state, auth, action, resource);
      assert.deepEqual(r, { ours: "ExplicitDeny", theirs: "ExplicitDeny" }, `${auth} ${action} ${resource}`);
    }
  }
  // With MFA the same user switches and manages its own password and keys: the deny is not all it does.
  for (const [action, resource] of [
    ["sts:AssumeRole", "arn:aws:iam::222222222222:role/sekisho/developer"],
    ["iam:ChangePassword", USER],
    ["iam:CreateAccessKey", USER],
  ] as const) {
    assert.deepEqual(await judge(state, "mfa", action, resource), { ours: "Allow", theirs: "Allow" }, action);
  }
  assert.deepEqual(await judge(state, "mfa", "iam:EnableMFADevice", USER), {
    ours: "ImplicitDeny",
    theirs: "ImplicitDeny",
  });
});

test("iam-simulate sees the old hole too: with the exemption a bare access key may enrol a device", async () => {
  const state = structuredClone(exampleState());
  readdExemption(state);
  for (const action of ["iam:EnableMFADevice", "iam:ResyncMFADevice"])
    assert.deepEqual(await judge(state, "keys", action, USER), { ours: "Allow", theirs: "Allow" }, action);
});
