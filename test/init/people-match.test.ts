// init --people and --map: IAM users matched to the people of a Google Workspace user list by
// name (each match a commented guess, ties and suspended people never matched), --map winning
// over everything, and the Admin console's CSV read by column name.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type DirectoryPerson, importWorkspaceUsers } from "../../src/import/workspace-users.js";
import { fold, matchByName } from "../../src/init/match-people.js";
import { sekisho, tempDir } from "../cli/helpers.js";
import { datasetPath } from "../datasets.js";

const person = (firstName: string, lastName: string, email: string, status = "Active"): DirectoryPerson => ({
  firstName,
  lastName,
  email,
  status,
});
const ALICE = person("Alice", "Smith", "alice@example.com");
const ALAN = person("Alan", "Smith", "alan.smith@example.com");
const ZOE = person("Zoë", "O'Neil", "zoe@example.com");
const OLD = person("Bob", "Jones", "bob@example.com", "Suspended");
const LIST = [ALICE, ALAN, ZOE, OLD];

const emailOf = (name: string) => {
  const m = matchByName(name, LIST);
  return m.kind === "one" ? m.person.email : m.kind === "several" ? m.people.map((p) => p.email) : undefined;
};

describe("matching IAM user names to people by name", () => {
  test("full names, email local parts and initials, any case and separator", () => {
    assert.equal(fold("Zoë O'Neil"), "zoeoneil");
    assert.equal(emailOf("alice.smith"), "alice@example.com");
    assert.equal(emailOf("Smith_Alice"), "alice@example.com");
    assert.equal(emailOf("alice"), "alice@example.com"); // first name, and her email's local part
    assert.equal(emailOf("alan.smith"), "alan.smith@example.com");
    assert.equal(emailOf("zoe-oneil"), "zoe@example.com");
    assert.equal(emailOf("zoneil"), "zoe@example.com");
  });

  test("a tie at the strongest form matches nobody; a stronger form beats weaker ones", () => {
    // asmith: first initial + last name of both Alice and Alan Smith.
    assert.deepEqual(emailOf("asmith"), ["alice@example.com", "alan.smith@example.com"]);
    assert.deepEqual(emailOf("smith"), ["alice@example.com", "alan.smith@example.com"]);
    // "alan" is Alan's first name only; nobody else's: one match.
    assert.equal(emailOf("alan"), "alan.smith@example.com");
  });

  test("suspended people, short names and strangers match nobody; the guess says why", () => {
    assert.equal(emailOf("bob.jones"), undefined);
    assert.equal(emailOf("al"), undefined);
    assert.equal(emailOf("ci-deployer"), undefined);
    const m = matchByName("asmith", [ALICE]);
    assert.equal(m.kind, "one");
    assert.equal(
      m.kind === "one" && m.how,
      '"asmith" is their first initial and last name, Alice Smith <alice@example.com> in the Google Workspace list',
    );
  });
});

describe("the Google Workspace user list (Admin console, Download users)", () => {
  test("columns found by name whatever their order and bracketed suffix; BOM, quotes and case", () => {
    const csv =
      '\uFEFFEmail Address [Required],Status [READ ONLY],Last Name [Required],First Name [Required]\r\n"Alice@Example.com",Active,"Smith, Jr",Alice\r\n,Active,Nobody,Empty\r\n';
    assert.deepEqual(importWorkspaceUsers("users.csv", csv), {
      people: [{ email: "alice@example.com", firstName: "Alice", lastName: "Smith, Jr", status: "Active" }],
      diagnostics: [],
    });
  });

  test("a CSV that is not a user list is refused, naming the file and the missing columns", () => {
    const r = importWorkspaceUsers("report.csv", "user,arn\nalice,arn:aws:iam::1:user/alice\n");
    assert.deepEqual(r.people, []);
    assert.deepEqual(
      r.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`),
      [
        'report.csv:1: not a Google Workspace user list: no "First Name", "Last Name", "Email Address" column',
      ],
    );
  });
});

describe("sekisho init --people --map on the cloudsplaining example account", () => {
  const EXPORT = datasetPath("cloudsplaining-test-example-authz-details.json");
  const USERS = [
    "First Name [Required],Last Name [Required],Email Address [Required],Status [READ ONLY]",
    "Barack,Obama,barack@example.gov,Active",
    "Joe,Biden,joe@example.gov,Active",
    "Jill,Biden,jill@example.gov,Suspended",
    "",
  ].join("\n");

  test("users matched by name are people, each with its GUESS; --map names the rest", async () => {
    const dir = tempDir("sekisho-init-people-");
    writeFileSync(join(dir, "users.csv"), USERS);
    const r = await sekisho([
      "init",
      "--from",
      EXPORT,
      "--people",
      join(dir, "users.csv"),
      "--map",
      "UserWithLotsOfPermissions=lotsa@example.gov",
      "-o",
      "-",
    ]);
    assert.equal(r.status, 0, r.stderr);
    const people = r.stdout.slice(r.stdout.indexOf("\npeople:\n") + 1, r.stdout.indexOf("\n\noptions:"));
    assert.deepEqual(people.split("\n"), [
      "people:",
      '  barack@example.gov: [admin] # IAM user obama (GUESS: "obama" is their last name, Barack Obama <barack@example.gov> in the Google Workspace list) in account-012345678901',
      '  joe@example.gov: [team-1] # IAM user biden (GUESS: "biden" is their last name, Joe Biden <joe@example.gov> in the Google Workspace list) in account-012345678901',
      "  lotsa@example.gov: [team-2] # IAM user userwithlotsofpermissions (--map) in account-012345678901",
    ]);
    assert.match(r.stderr, /3 people, 0 kept users, 0 other IAM users listed/);
  });

  test("a --map user not in the exports and a file that is no user list: exit 2, said", async () => {
    const typo = await sekisho(["init", "--from", EXPORT, "--map", "obamma=barack@example.gov", "-o", "-"]);
    assert.equal(typo.status, 2);
    assert.equal(
      typo.stderr,
      "sekisho init: --map obamma=barack@example.gov: no IAM user named obamma (or with that ARN) in the exports\n",
    );
    const dir = tempDir("sekisho-init-people-");
    writeFileSync(join(dir, "users.csv"), "user,arn\n");
    const wrong = await sekisho(["init", "--from", EXPORT, "--people", join(dir, "users.csv"), "-o", "-"]);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /users\.csv:1:1: error \[workspace-users\] not a Google Workspace user list/);
    assert.equal(wrong.stdout, "");
  });
});
