// The smaller guesses, one by one: environment names, the identity account, the organisation,
// who is a person, team names; and the YAML text helpers that keep the draft exact.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "yaml";
import { importExports } from "../../src/import/import.js";
import { guessEnvironments, guessIdentity, tokens } from "../../src/init/environments.js";
import { READONLY_ACKNOWLEDGE } from "../../src/init/levels.js";
import { guessOrganization } from "../../src/init/organization.js";
import { emailMatch } from "../../src/init/people.js";
import { proposeTeams } from "../../src/init/teams.js";
import { comments, flowList, scalar } from "../../src/init/yaml-text.js";
import type { AccountState } from "../../src/state/org-state.js";
import { exampleModel } from "../helpers.js";
import { type AccountSpec, exportOf } from "./fixtures.js";
import { draftOf, parsed, validation } from "./helpers.js";

function accounts(...specs: AccountSpec[]): AccountState[] {
  return importExports(specs.map((s, i) => ({ path: `${i}.json`, text: exportOf(s) }))).state.accounts;
}

test("tokens split names at case, digit and punctuation boundaries", () => {
  assert.deepEqual(tokens("ProdDeployRole"), ["prod", "deploy", "role"]);
  assert.deepEqual(tokens("AWSProdAccess"), ["aws", "prod", "access"]);
  assert.deepEqual(tokens("ci_stg2-runner"), ["ci", "stg", "2", "runner"]);
  assert.deepEqual(tokens("devops"), ["devops"]);
});

test("environment names: evidence wins, ties and taken names fall back to account-ID, each explained", () => {
  const envs = guessEnvironments(
    accounts(
      { account: "111111111111", roles: [{ name: "prod-api" }, { name: "ProdWorker" }] },
      { account: "222222222222", roles: [{ name: "production-batch" }] },
      { account: "333333333333", roles: [{ name: "dev-api" }, { name: "staging-api" }] },
      {
        account: "444444444444",
        // AWS's own role names and email domains say nothing about the account.
        roles: [{ name: "AWSServiceRoleForSupport-prod", path: "/aws-service-role/" }],
        users: [{ name: "a@dev.example.com" }],
      },
      {
        account: "555555555555",
        users: [{ name: "svc", tags: { Environment: "Staging" } }],
        groups: [{ name: "test-runners" }],
      },
    ),
  );
  assert.deepEqual(envs, [
    {
      account: "111111111111",
      name: "prod",
      color: "red",
      comment: ["GUESS: prod, from role prod-api, role ProdWorker; red in the console for prod"],
    },
    {
      account: "222222222222",
      name: "account-222222222222",
      comment: [
        "GUESS: account-222222222222: it looks like prod too (role production-batch), but account 111111111111 has more evidence for that name: rename it",
      ],
    },
    {
      account: "333333333333",
      name: "account-333333333333",
      comment: [
        "GUESS: account-333333333333, as no name is clear: dev (role dev-api) and stg (role staging-api) weigh the same: rename it",
      ],
    },
    {
      account: "444444444444",
      name: "account-444444444444",
      comment: [
        "GUESS: account-444444444444, as no environment word (prod, stg, dev, test, sandbox) is in this account's role, user, group or policy names or its env tags: rename it",
      ],
    },
    {
      account: "555555555555",
      name: "stg",
      color: "yellow",
      comment: [
        "GUESS: stg, from tag Environment=Staging on user svc; test weighs less (group test-runners); yellow in the console for stg",
      ],
    },
  ]);
});

test("the identity account: most IAM users, then most people, then dev, then the lowest id", () => {
  const g = (list: { account: string; env: string; users: number; people: number }[]) =>
    guessIdentity(list).comment[0];
  assert.equal(
    g([
      { account: "1", env: "prod", users: 3, people: 0 },
      { account: "2", env: "dev", users: 2, people: 2 },
    ]),
    "GUESS: prod (1), it has the most IAM users (3): people sign in there today.",
  );
  assert.equal(
    g([
      { account: "1", env: "prod", users: 2, people: 1 },
      { account: "2", env: "stg", users: 2, people: 2 },
    ]),
    "GUESS: stg (2), it has as many IAM users as prod (2) but the most people (2).",
  );
  assert.equal(
    g([
      { account: "1", env: "prod", users: 1, people: 1 },
      { account: "2", env: "dev", users: 1, people: 1 },
    ]),
    "GUESS: dev (2), it ties with prod (1 IAM user); dev is the least sensitive place to land.",
  );
  assert.equal(
    g([
      { account: "2", env: "b", users: 0, people: 0 },
      { account: "1", env: "a", users: 0, people: 0 },
    ]),
    "GUESS: a (1), it ties with b (0 IAM users); the lowest account id.",
  );
});

test("the organisation comes from the most common email domain", () => {
  assert.deepEqual(guessOrganization(["a@mail.acme.co.uk", "b@mail.acme.co.uk", "c@other.io"]), {
    name: "acme",
    comment: "GUESS: from the people's most common email domain mail.acme.co.uk",
  });
  assert.equal(guessOrganization(["a@example.com"]).name, "example");
  assert.equal(guessOrganization(["a@123.com"]).name, "my-organization");
  assert.equal(guessOrganization([]).name, "my-organization");
});

test("who is a person: an email as user name or in an email, mail or e-mail tag, usable as a session name", () => {
  const u = (UserName: string, tags: Record<string, string> = {}) =>
    emailMatch({
      UserName,
      Path: "/",
      UserId: "AIDA",
      Arn: `arn:aws:iam::111111111111:user/${UserName}`,
      CreateDate: "",
      GroupList: [],
      AttachedManagedPolicies: [],
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    });
  assert.deepEqual(u("Alice@Example.com"), { kind: "person", email: "alice@example.com", by: "name" });
  assert.deepEqual(u("bob", { "E-Mail": "bob@example.com" }), {
    kind: "person",
    email: "bob@example.com",
    by: "tag",
  });
  assert.deepEqual(u("carol", { Mail: "carol@example.com" }), {
    kind: "person",
    email: "carol@example.com",
    by: "tag",
  });
  assert.deepEqual(u("ci", { owner: "ci@example.com" }), { kind: "none" });
  assert.deepEqual(u("x", { email: "not an email" }), {
    kind: "invalid",
    email: "not an email",
    by: "tag",
    why: "is not an email address",
  });
  assert.equal(u(`${"a".repeat(60)}@example.com`).kind, "invalid");
});

test("a tag value cannot break out of its comment: a newline in an email tag stays in one comment line", () => {
  const { text, draft } = draftOf([
    {
      path: "x.json",
      text: exportOf({
        account: "666666666666",
        users: [{ name: "mallory", tags: { email: "m@example.com\nusers: { evil: {} }" } }],
      }),
    },
  ]);
  assert.deepEqual(validation(text), []);
  assert.equal(parsed(text).users, undefined);
  assert.deepEqual(draft.candidates, [
    'mallory (account-666666666666): credentials unknown (no credential report given); today readonly (no policies); its email "m@example.com\\nusers: { evil: {} }" is not an email address, so it is no person.',
  ]);
});

test("teams: a group name shared by every account of the team names it; clashes get a suffix", () => {
  const people = new Map([
    [
      "a@x.io",
      [
        { account: "1", setKey: "K", userName: "a@x.io" },
        { account: "2", setKey: "L", userName: "a@x.io" },
      ],
    ],
    ["b@x.io", [{ account: "1", setKey: "K", userName: "b" }]],
    ["c@x.io", [{ account: "1", setKey: "M", userName: "c" }]],
  ]);
  const groups = [
    { account: "1", name: "Ops", setKey: "K", members: new Set(["b"]) },
    { account: "2", name: "ops", setKey: "L", members: new Set<string>() },
    { account: "1", name: `g${"x".repeat(60)}`, setKey: "M", members: new Set(["c"]) },
  ];
  const { teams, teamOf } = proposeTeams(people, groups, new Set(["break-glass"]));
  assert.deepEqual(
    teams.map((t) => [t.name, t.group, t.members]),
    [
      ["ops", "Ops", ["a@x.io"]],
      ["ops-2", "Ops", ["b@x.io"]],
      // A group name too long for landing-TEAM is no team name.
      ["team-1", undefined, ["c@x.io"]],
    ],
  );
  assert.equal(teamOf.get("b@x.io"), "ops-2");
});

test("YAML scalars: plain only when they read back the same; ids, booleans and * are quoted", () => {
  assert.equal(scalar("alice@example.com"), "alice@example.com");
  assert.equal(scalar("012345678901"), '"012345678901"');
  assert.equal(scalar("true"), '"true"');
  assert.equal(scalar("yes"), '"yes"');
  assert.equal(scalar("*"), '"*"');
  assert.equal(scalar("a,b"), '"a,b"');
  assert.equal(scalar("athena:GetSessionEndpoint", "block"), "athena:GetSessionEndpoint");
  assert.equal(scalar("athena:GetSessionEndpoint"), '"athena:GetSessionEndpoint"');
  assert.equal(scalar("a: b", "block"), '"a: b"');
  assert.equal(scalar("x #y", "block"), '"x #y"');
  assert.equal(flowList(["admin", "a,b"]), '[admin, "a,b"]');
  for (const v of ["012345678901", "true", "*", "a: b", "x #y", "null", "1e3", "- x", "[a]", "{a}", '"q"'])
    assert.equal(parse(`k: ${scalar(v, "block")}`).k, v, v);
});

test("comments wrap at about 100 columns, continue indented, and never span a line break", () => {
  const long = `${"word ".repeat(30)}end`;
  const out = comments("  ", [long, "two\nlines"]);
  assert.ok(
    out.every((l) => l.length <= 100 && l.startsWith("  #")),
    out.join("\n"),
  );
  assert.equal(out[1]!.slice(0, 6), "  #   ");
  assert.equal(out.at(-1), "  # two lines");
});

test("the readonly acknowledgements are those of examples/access.yaml", () => {
  const readonly = exampleModel().levels.find((l) => l.name === "readonly")!;
  assert.deepEqual(
    READONLY_ACKNOWLEDGE.map(([action, reason]) => ({ action, reason })),
    readonly.acknowledge,
  );
});
