// Check 3 on its own, over the example's compiled state with one change each: the exact findings
// and notes a reviewer reads for each level (landing sessions: access-checks.test.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { exampleModel, exampleState } from "../helpers.js";
import { changed, DEV_STG, extra, levels, lines, RO_PROD } from "./checks-bed.js";

test("the example's levels: every environment role within its level, each level's access said", () => {
  const c = levels(exampleState());
  assert.deepEqual([c.id, c.title, c.passed, c.failures], ["levels", "Levels mean what they say", true, []]);
  assert.equal(
    c.summary,
    "14 environment roles: read levels allow no write, write levels no IAM change or pass-role",
  );
  assert.deepEqual(
    c.notes.map((n) => [n.rule, n.subject]),
    [
      ["levels/access", "level admin"],
      ["levels/access", "level developer"],
      ["levels/access", "level readonly"],
    ],
  );
  assert.equal(
    c.notes[0]!.message,
    "admin: access admin (inferred from its policies: they allow every action of the catalog)",
  );
  assert.match(
    c.notes[1]!.message,
    /^developer: access write \(inferred from its policies: they allow \d+ actions beyond reads/,
  );
  assert.equal(c.notes[2]!.message, "readonly: access read (the landing level: everyone lands read-only)");
});

test("a write level may not change IAM nor pass roles; service-linked roles, IAM reads and acknowledged actions are fine", () => {
  const state = changed((_, find) => {
    extra(find(DEV_STG), [
      {
        Effect: "Allow",
        Action: [
          "iam:PassRole",
          "iam:CreateUser",
          "iam:CreateServiceLinkedRole",
          "iam:DeleteServiceLinkedRole",
          "iam:GetServiceLinkedRoleDeletionStatus",
          "iam:GetRole",
          "iam:TagUser",
        ],
        Resource: "*",
      },
    ]);
    // An admin role may do anything, and a policy it holds without a document changes nothing.
    extra(find("arn:aws:iam::222222222222:role/sekisho/admin"), [
      { Effect: "Allow", Action: "iam:*", Resource: "*" },
    ]);
    find("arn:aws:iam::222222222222:role/sekisho/admin").AttachedManagedPolicies.push({
      PolicyName: "Gone",
      PolicyArn: "arn:aws:iam::222222222222:policy/Gone",
    });
  });
  const m = structuredClone(exampleModel());
  m.levels.find((l) => l.name === "developer")!.acknowledge = [
    { action: "iam:TagUser", reason: "tags CI users" },
  ];
  const at = `${DEV_STG} (level 'developer', access write, inferred)`;
  assert.deepEqual(lines(levels(state, m)), [
    `levels/iam-change ${DEV_STG} | ${at} allows iam:CreateUser: it may change IAM; declare access: admin if that is meant`,
    `levels/pass-role ${DEV_STG} | ${at} allows iam:PassRole: it may pass a role to a service; declare access: admin if that is meant`,
  ]);
  assert.deepEqual(
    levels(state, m).failures[1]!.evidence!.map((e) => e.what),
    ["iam:PassRole (Write)"],
  );
  // Declared write: no advice to declare.
  m.levels.find((l) => l.name === "developer")!.access = "write";
  assert.deepEqual(lines(levels(state, m)), [
    `levels/iam-change ${DEV_STG} | ${DEV_STG} (level 'developer', access write) allows iam:CreateUser: it may change IAM`,
    `levels/pass-role ${DEV_STG} | ${DEV_STG} (level 'developer', access write) allows iam:PassRole: it may pass a role to a service`,
  ]);
});

test("a read level allowing a write fails; a write level with a policy it cannot read is undecided", () => {
  const state = changed((_, find) => {
    extra(find(RO_PROD), [{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }]);
    find(DEV_STG).AttachedManagedPolicies.push({
      PolicyName: "Gone",
      PolicyArn: "arn:aws:iam::222222222222:policy/Gone",
    });
  });
  assert.deepEqual(lines(levels(state)), [
    `levels/undecided ${DEV_STG} | ${DEV_STG}: policy arn:aws:iam::222222222222:policy/Gone has no document in the state; cannot prove what it allows`,
    `levels/not-read-only ${RO_PROD} | ${RO_PROD} allows s3:PutObject (Write), which is not read-only and not acknowledged by level 'readonly'`,
  ]);
});

test("a role tagged with a level the model does not have is not counted", () => {
  const state = changed((_, find) => {
    const r = find(RO_PROD);
    r.Tags = r.Tags!.map((t) => (t.Key === "sekisho:level" ? { ...t, Value: "gone" } : t));
    extra(r, [{ Effect: "Allow", Action: "iam:*", Resource: "*" }]);
  });
  const c = levels(state);
  assert.deepEqual([c.passed, c.summary.split(":")[0]], [true, "13 environment roles"]);
});
