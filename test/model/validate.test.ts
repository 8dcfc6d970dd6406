import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDiagnostic } from "../../src/model/diagnostics.js";
import { lines, load, MINIMAL } from "../helpers.js";

const replace = (from: string, to: string) => {
  assert.ok(MINIMAL.includes(from), `fixture lacks ${from}`);
  return MINIMAL.replace(from, to);
};

test("the minimal model is valid, with no diagnostics", () => {
  const r = load(MINIMAL);
  assert.deepEqual(lines(r), []);
  assert.ok(r.model);
});

test("unknown key: position of the key, expected keys and did-you-mean", () => {
  const r = load(
    replace('dev: { account: "111111111111" }', 'dev: { account: "111111111111", colour: red }'),
  );
  assert.equal(
    r.diagnostics.map(formatDiagnostic).join("\n"),
    [
      "access.yaml:7:35: error [unknown-key] unknown key 'colour' in environments.dev",
      "  expected: one of: account, color, region, description",
      "  did you mean 'color'?",
    ].join("\n"),
  );
  assert.equal(r.model, undefined);
});

test("misspelt top-level section", () => {
  assert.deepEqual(lines(load(replace("people:", "poeple:"))), [
    "access.yaml:1:1: error [missing-key] missing required key 'people' in the top level",
    "access.yaml:13:3: warning [empty-team] team 'ops' has no people and no users",
    "access.yaml:14:1: error [unknown-key] unknown key 'poeple' in the top level",
  ]);
  assert.equal(load(replace("people:", "poeple:")).diagnostics[2]!.didYouMean, "people");
});

test("wrong type names what was found and what was expected", () => {
  const r = load(
    replace("admin: { managed: [AdministratorAccess] }", "admin: { managed: AdministratorAccess }"),
  );
  assert.deepEqual(lines(r), [
    'access.yaml:10:21: error [wrong-type] levels.admin.managed: found text "AdministratorAccess"',
  ]);
  assert.equal(
    r.diagnostics[0]!.expected,
    "a list: AWS managed policies by name (ReadOnlyAccess) or any managed policy ARN.",
  );
});

test("unquoted account ids are refused: YAML drops leading zeros", () => {
  const r = load(replace('dev: { account: "111111111111" }', "dev: { account: 012345678901 }"));
  assert.deepEqual(lines(r), [
    "access.yaml:7:19: error [account-id] account id 12345678901 at environments.dev.account is a number; YAML drops leading zeros from unquoted numbers",
  ]);
  assert.equal(r.diagnostics[0]!.expected, 'a quoted 12-digit string, e.g. "012345678901"');
});

test("account ids must be 12 digits and unique", () => {
  assert.deepEqual(lines(load(replace('"333333333333"', '"33333333333"'))), [
    "access.yaml:8:20: error [account-id] account id '33333333333' is not 12 digits",
  ]);
  assert.deepEqual(lines(load(replace('"333333333333"', '"111111111111"'))), [
    "access.yaml:8:20: error [duplicate-account] account 111111111111 is already the account of environment 'dev'",
  ]);
});

test("references to unknown environments, levels and teams, with did-you-mean", () => {
  const r = load(
    replace('ops: { can: { "*": [admin, readonly] } }', "ops: { can: { prd: [admn] } }").replace(
      "[ops]",
      "[opps]",
    ),
  );
  assert.deepEqual(
    lines(r),
    [
      "access.yaml:13:17: error [unknown-environment] team 'ops' refers to unknown environment 'prd'",
      "access.yaml:13:23: error [unknown-level] team 'ops' in 'prd' refers to unknown level 'admn'",
      "access.yaml:15:19: error [unknown-team] person 'a@example.com' refers to unknown team 'opps'",
      "access.yaml:13:3: warning [empty-team] team 'ops' has no people and no users",
      "access.yaml:10:3: warning [unused-level] level 'admin' is granted to no team or workload",
    ].sort(byPosition),
  );
  assert.deepEqual(
    r.diagnostics.map((d) => d.didYouMean),
    [undefined, undefined, "prod", "admin", "ops"],
  );
});

function byPosition(a: string, b: string): number {
  const pos = (s: string) => s.split(":").slice(1, 3).map(Number) as [number, number];
  const [la, ca] = pos(a);
  const [lb, cb] = pos(b);
  return la - lb || ca - cb;
}

test("identity account and landing level must exist", () => {
  assert.deepEqual(
    lines(load(replace("account: dev\n", "account: devv\n").replace("landing: readonly", "landing: viewer"))),
    [
      "access.yaml:3:12: error [unknown-environment] identity.account refers to unknown environment 'devv'",
      "access.yaml:5:12: error [missing-landing-level] identity.landing refers to unknown level 'viewer'",
    ],
  );
});

test("emails: valid, usable as RoleSessionName, unique ignoring case, in a team", () => {
  const people = `people:
  not-an-email: [ops]
  "o'brien@example.com": [ops]
  A@example.com: [ops]
  a@example.com: [ops]
  b@example.com: []
`;
  assert.deepEqual(lines(load(MINIMAL.replace(/people:\n.*\n/, people))), [
    "access.yaml:15:3: error [email] 'not-an-email' is not an email address",
    "access.yaml:16:3: error [email] 'o'brien@example.com' cannot be a role session name",
    "access.yaml:18:3: error [duplicate-person] 'a@example.com' is the same address as 'A@example.com' (emails ignore case)",
    "access.yaml:19:18: error [no-team] person 'b@example.com' is in no team",
  ]);
});

test("a team that grants nothing is an error", () => {
  assert.deepEqual(lines(load(replace('ops: { can: { "*": [admin, readonly] } }', "ops: { can: {} }"))), [
    "access.yaml:10:3: warning [unused-level] level 'admin' is granted to no team or workload",
    "access.yaml:13:3: error [empty-team] team 'ops' grants nothing",
  ]);
});

test("grant dates: invalid is an error, past is a warning", () => {
  const r = load(
    replace(
      "[admin, readonly]",
      "[{ level: admin, until: 2026-02-30 }, { level: readonly, until: 2026-11-27 }]",
    ),
  );
  assert.deepEqual(lines(r), [
    "access.yaml:13:46: error [date] '2026-02-30' is not a date",
    "access.yaml:13:86: warning [expired-grant] grant of 'readonly' in '*' to team 'ops' expired on 2026-11-27",
  ]);
  const today = load(replace("[admin, readonly]", "[admin, { level: readonly, until: 2026-11-28 }]"));
  assert.deepEqual(lines(today), [], "a grant until today is still valid today");
});

test("IAM names: characters and length of the names the model compiles to", () => {
  const r = load(replace("ops: {", "ops team: {").replace("[ops]", "[ops team]"));
  assert.deepEqual(lines(r), [
    "access.yaml:13:3: error [iam-name] team 'ops team' becomes role name 'landing-ops team', which IAM rejects",
  ]);
  const long = "t".repeat(60);
  assert.deepEqual(lines(load(replace("ops: {", `${long}: {`).replace("[ops]", `[${long}]`))), [
    `access.yaml:13:3: error [iam-name] team '${long}' becomes role name 'landing-${long}' (68 characters)`,
  ]);
});

test("role path+name over 64 characters breaks console switch role", () => {
  const path = `/${"p".repeat(57)}/`; // 59 characters: admin makes 64 (fine), readonly 67
  const r = load(`${MINIMAL}options:\n  path: ${path}\n`);
  assert.deepEqual(lines(r), [
    `access.yaml:11:3: error [switch-role-length] role path+name '${path}readonly' is 67 characters: console switch role fails above 64`,
  ]);
});

test("unknown AWS managed policy with did-you-mean", () => {
  const r = load(replace("[ReadOnlyAccess]", "[ReadOnlyAcess]"));
  assert.deepEqual(lines(r), [
    "access.yaml:11:25: error [managed-policy] managed policy 'ReadOnlyAcess' is not an AWS managed policy",
  ]);
  assert.equal(r.diagnostics[0]!.didYouMean, "ReadOnlyAccess");
});

test("every error of a file is reported in one run", () => {
  const text = MINIMAL.replace('"333333333333"', '"12"')
    .replace("[ReadOnlyAccess]", "[ReadOnlyAcess]")
    .replace("landing: readonly", "landing: ro")
    .replace("a@example.com: [ops]", "a@example: [opz]");
  const r = load(text);
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code),
    ["missing-landing-level", "account-id", "managed-policy", "email", "unknown-team"],
  );
});

test("YAML syntax errors and duplicate keys have positions", () => {
  assert.deepEqual(lines(load(replace("prod: {", "dev: {"))), [
    "access.yaml:8:3: error [yaml-syntax] YAML: duplicate key: this key already appears in the same mapping",
  ]);
  assert.deepEqual(lines(load("organization: [unclosed\n")), [
    "access.yaml:2:1: error [yaml-syntax] YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
  ]);
});

test("the landing level must be read-only; acknowledgements name actions and give reasons", () => {
  // A level's access is never read off its name: validate judges a declared access:, prove the rest.
  const declared = replace("landing: readonly", "landing: admin").replace(
    "admin: { managed: [AdministratorAccess] }",
    "admin: { managed: [AdministratorAccess], access: admin }",
  );
  assert.deepEqual(lines(load(declared)), [
    "access.yaml:5:12: error [landing-access] landing level 'admin' has access 'admin'; everyone lands read-only",
  ]);
  const r = load(
    replace(
      "readonly: { managed: [ReadOnlyAccess] }",
      'readonly: { managed: [ReadOnlyAccess], acknowledge: { "iot:*": x, "iot:GetConnection": "" } }',
    ),
  );
  assert.deepEqual(lines(r), [
    "access.yaml:11:57: error [acknowledge] 'iot:*' is not an action name",
    "access.yaml:11:90: error [acknowledge] acknowledgement of iot:GetConnection has no reason",
  ]);
});
