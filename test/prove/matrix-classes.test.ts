// The matrix check on a person of two teams, called directly: a source whose target trust
// surely refuses it is not evaluated for a passing cell, but a failing cell still shows what
// every source was told.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { checkMatrix } from "../../src/prove/matrix.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState } from "../../src/state/org-state.js";
import { exampleText, model, role } from "../helpers.js";

const NOW = "2026-11-28T00:00:00Z";
const m = model(
  exampleText().replace("kenji@example.com: [accounting]", "kenji@example.com: [accounting, dev-member]"),
);
const ACCOUNTING = "arn:aws:iam::111111111111:role/sekisho/landing-accounting";
const DEV_MEMBER = "arn:aws:iam::111111111111:role/sekisho/landing-dev-member";
const STG_DEVELOPER = "arn:aws:iam::222222222222:role/sekisho/developer";

test("two teams: the passing matrix evaluates each landing role only against the roles whose trust names it", () => {
  const r = checkMatrix(m, indexState(compile(m)), NOW);
  assert.deepEqual(r.check.failures, []);
  const kenji = r.classes.find((c) => c.members.includes("kenji@example.com"))!;
  assert.deepEqual(kenji.teams, ["accounting", "dev-member"]);
  assert.deepEqual(
    kenji.cells.map((c) => `${c.env} ${c.level}`),
    ["dev developer", "dev readonly", "stg developer", "stg readonly", "prod readonly"],
  );
  // 86 when kenji's class also asked accounting's landing role about dev-member's roles and the
  // kept users were asked without MFA about roles whose trust does not name them.
  assert.match(r.check.summary, /1 instant\(s\) checked, 72 evaluations;/);
});

test("two teams, one trust broken: the failing cell shows both landing roles' refusals", () => {
  const state: OrgState = compile(m);
  const trust = role(state, STG_DEVELOPER).AssumeRolePolicyDocument.Statement[0]!;
  const cond = trust.Condition!.ArnEquals!;
  cond["aws:PrincipalArn"] = (cond["aws:PrincipalArn"] as string[]).filter((a) => a !== DEV_MEMBER);
  const r = checkMatrix(m, indexState(state), NOW);
  const kenji = r.check.failures.find((f) => f.message.startsWith("kenji@"))!;
  assert.equal(kenji.message, "kenji@example.com should reach stg developer but cannot");
  assert.equal(kenji.rule, "matrix/missing-access");
  assert.deepEqual(
    kenji.evidence!.map((e) => e.what),
    [ACCOUNTING, DEV_MEMBER].flatMap((landing) =>
      ["sts:AssumeRole", "sts:SetSourceIdentity"].map(
        (action) =>
          `SAML sign-in to ${landing} → ${action}: ImplicitDeny (no allow in: ${landing === ACCOUNTING ? "identity, " : ""}resource)`,
      ),
    ),
  );
});
