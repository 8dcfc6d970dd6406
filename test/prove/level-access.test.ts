// A level's access comes from `access:` or from the engine's scan of its policies, never from its name.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { adminAccounts } from "../../src/prove/escalation.js";
import { prove } from "../../src/prove/prove.js";
import { model, readOnlyAcknowledged } from "../helpers.js";

const NOW = "2026-11-28T00:00:00Z";

const text = (levels: string, grants: string) => `organization: acme
identity:
  account: "999999999999"
  provider: { name: GoogleWorkspace }
  landing: look
environments:
  dev: { account: "111111111111" }
levels:
  look:
    managed: [ViewOnlyAccess]
    access: read
${levels}
teams:
  ops: { can: { "*": [${grants}] } }
people:
  a@example.com: [ops]
`;

function proofOf(levels: string, grants: string) {
  const m = model(text(levels, grants));
  return prove(m, compile(m), NOW);
}

test("access is inferred from the policies, not the name: admin-tools with ReadOnlyAccess is not admin, viewer with AdministratorAccess is", () => {
  const p = proofOf(
    `  admin-tools: { managed: [ReadOnlyAccess] }
  viewer: { managed: [AdministratorAccess] }
  builder: { managed: [PowerUserAccess] }
  declared: { managed: [PowerUserAccess], access: admin }`,
    "admin-tools, viewer, builder, declared",
  );
  assert.deepEqual(
    p.levels.map((l) => [l.level, l.access, l.declared]),
    [
      ["look", "read", true],
      ["admin-tools", "write", false],
      ["viewer", "admin", false],
      ["builder", "write", false],
      ["declared", "admin", true],
    ],
  );
  assert.match(p.levels[1]!.why, /^inferred from its policies: they allow 8 actions beyond reads \(e\.g\. /);
  assert.equal(p.levels[2]!.why, "inferred from its policies: they allow every action of the catalog");
  const notes = p.checks.find((c) => c.id === "levels")!.notes.map((n) => n.message);
  assert.ok(
    notes.includes(
      "viewer: access admin (inferred from its policies: they allow every action of the catalog)",
    ),
  );
  assert.ok(notes.includes("declared: access admin"));
  // Only a level that is admin covers its account in the escalation check.
  const m = model(text("  admin-tools: { managed: [ReadOnlyAccess] }", "admin-tools"));
  const access = new Map(p.levels.map((l) => [l.level, l]));
  assert.deepEqual([...adminAccounts(m, ["ops"], access)], []);
});

test("ReadOnlyAccess with its extra actions acknowledged is read; named anything", () => {
  const p = proofOf(
    `  x:
    managed: [ReadOnlyAccess]
    acknowledge:
${readOnlyAcknowledged("      ")}`,
    "x",
  );
  assert.deepEqual(
    p.levels.map((l) => [l.level, l.access]),
    [
      ["look", "read"],
      ["x", "read"],
    ],
  );
});

test("a level named admin is not admin by its name: pass-role in it fails the levels check", () => {
  const p = proofOf(
    `  admin-lite:
    managed: [PowerUserAccess]
    inline:
      pass: { Statement: [{ Effect: Allow, Action: "iam:PassRole", Resource: "*" }] }`,
    "admin-lite",
  );
  const levels = p.checks.find((c) => c.id === "levels")!;
  assert.equal(levels.passed, false);
  assert.deepEqual(
    levels.failures.map((f) => f.message),
    [
      "arn:aws:iam::111111111111:role/sekisho/admin-lite (level 'admin-lite', access write, inferred) allows iam:PassRole: it may pass a role to a service; declare access: admin if that is meant",
    ],
  );
});

test("a policy the engine cannot read never makes a level admin", () => {
  const p = proofOf(
    `  custom: { managed: [AdministratorAccess, "arn:aws:iam::111111111111:policy/Custom"] }`,
    "custom",
  );
  const custom = p.levels.find((l) => l.level === "custom")!;
  assert.equal(custom.access, "write");
  assert.match(custom.why, /arn:aws:iam::111111111111:policy\/Custom has no document, so never admin/);
});
