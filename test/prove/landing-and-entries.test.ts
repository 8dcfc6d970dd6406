// Behaviour that only golden text used to pin: the landing check judges every target of a switch
// statement, and the escalation check starts from every entry point (each team's landing role
// and each kept user).
import assert from "node:assert/strict";
import { test } from "node:test";
import { prove } from "../../src/prove/prove.js";
import type { Proof } from "../../src/prove/types.js";
import type { OrgState } from "../../src/state/org-state.js";
import { exampleModel, exampleState } from "../helpers.js";

const NOW = "2026-11-28T00:00:00Z";
const LANDING = "arn:aws:iam::111111111111:role/sekisho/landing-accounting";

function check(p: Proof, id: string) {
  return p.checks.find((c) => c.id === id)!;
}

test("a landing switch policy naming an environment role plus a role outside the design fails the landing check", () => {
  const state: OrgState = structuredClone(exampleState());
  const landing = state.accounts[0]!.authorizationDetails.RoleDetailList.find((r) => r.Arn === LANDING)!;
  const sw = landing.RolePolicyList.find((p) => p.PolicyName === "sekisho-switch-targets")!;
  const st = sw.PolicyDocument.Statement[0]!;
  const outside = "arn:aws:iam::444444444444:role/deploy";
  st.Resource = [...[st.Resource!].flat(), outside];
  const p = prove(exampleModel(), state, NOW);
  const landingCheck = check(p, "landing-read-only");
  assert.equal(landingCheck.passed, false);
  const messages = landingCheck.failures.map((f) => f.message);
  assert.deepEqual(messages, [
    `${LANDING} allows sts:AssumeRole (Write), which is not read-only and not acknowledged by level 'readonly'`,
    `${LANDING} allows sts:SetSourceIdentity (Write), which is not read-only and not acknowledged by level 'readonly'`,
    `${LANDING} allows sts:TagSession (Tagging, Write), which is not read-only and not acknowledged by level 'readonly'`,
  ]);
  assert.ok(
    JSON.stringify(landingCheck.failures[0]!.evidence).includes(outside),
    "the evidence shows the statement naming the outside role",
  );
});

test("the escalation check starts from every kept user, not only the landing roles", () => {
  const state: OrgState = structuredClone(exampleState());
  const user = state.accounts[0]!.authorizationDetails.UserDetailList.find(
    (u) => u.UserName === "ci-deployer",
  )!;
  user.UserPolicyList = [
    {
      PolicyName: "self-edit",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "iam:PutUserPolicy", Resource: user.Arn }],
      },
    },
  ];
  const p = prove(exampleModel(), state, NOW);
  const escalation = check(p, "no-escalation");
  assert.equal(escalation.passed, false);
  assert.match(escalation.summary, /; 11 entry points checked$/);
  const messages = escalation.failures.map((f) => f.message);
  assert.ok(
    messages.some((m) => m.startsWith("user ci-deployer can reach admin of account 111111111111")),
    messages.join("\n"),
  );
  // No landing role reaches it: only the kept user's own entry point finds it.
  assert.ok(
    messages.every((m) => m.startsWith("user ci-deployer ")),
    messages.join("\n"),
  );
});

test("landing hygiene: data reads are listed, and an identity account that is also an environment is warned about", async () => {
  const { compile } = await import("../../src/compile/compile.js");
  const { MINIMAL, model } = await import("../helpers.js");
  const p = prove(exampleModel(), exampleState(), NOW);
  const notes = check(p, "landing-read-only").notes;
  assert.deepEqual(
    notes.map((n) => n.rule),
    ["landing/data-read", "landing/identity-is-environment", "landing/acknowledged"],
  );
  for (const read of ["s3:GetObject", "ssm:GetParameter", "ec2:GetPasswordData", "logs:GetLogEvents"])
    assert.ok(notes[0]!.message.includes(read), read);
  assert.equal(
    notes[1]!.message,
    "the identity account 111111111111 is also environment 'dev': every landing session (up to 8h) reads it with level readonly, data reads included, without switching; a dedicated identity account with no workloads keeps landing away from data (docs/landing.md)",
  );
  const apart = model(MINIMAL.replace("account: dev", 'account: "999999999999"'));
  const q = prove(apart, compile(apart), NOW);
  assert.ok(!check(q, "landing-read-only").notes.some((n) => n.rule === "landing/identity-is-environment"));
});
