// The bad-input corpus, end to end: every case is an access.yaml that `validate` must
// reject with exit 1 and an exact first diagnostic (FILE:LINE:COL: error [code] message),
// and from which `plan` must write nothing at all. The valid cases are derived from the
// example (a copy is kept here, so that the expected line numbers do not move when the
// example is edited), each with one mutation.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { datasetPath } from "../datasets.js";
import { lines, mutate, ROOT, sekisho, tempDir } from "./helpers.js";

const EXAMPLE_MODEL = "examples/access.yaml";

/** examples/access.yaml as of the first commit: valid, no warnings. Lines are numbered in comments below. */
const BASE = `# The example organisation of Sekisho's operating model.
# People sign in once through Google Workspace, land read-only in the dev account, and
# switch role into what their team allows. Try: sekisho plan examples/access.yaml -o out
organization: example

identity:
  account: dev                       # people land in the dev account
  provider:
    name: GoogleWorkspace            # metadata: ./GoogleIDPMetadata.xml (optional; else a template parameter)
  sessionDuration: 8h
  landing: readonly

environments:
  dev:  { account: "111111111111", color: green,  region: eu-west-1 }
  stg:  { account: "222222222222", color: yellow, region: eu-west-1 }
  prod: { account: "333333333333", color: red,    region: eu-west-1 }

levels:
  admin:
    description: Full control, for those who run the platform.
    managed: [AdministratorAccess]
  developer:
    description: Build and operate services; no IAM, no organisation changes.
    managed: [PowerUserAccess]
  readonly:
    description: Look, do not touch.
    managed: [ReadOnlyAccess]

teams:
  sre:
    description: Site reliability engineering
    can: { "*": [admin, developer, readonly] }
  dev-lead:
    description: Development team leaders
    can: { "*": [admin, developer, readonly] }
  dev-member:
    description: Development team members
    can:
      "*": [developer, readonly]
      prod: [readonly]               # an environment listed by name replaces "*" for it
  accounting:
    description: Finance and accounting
    can: { "*": [readonly] }

people:
  alice@example.com: [sre]
  bruno@example.com: [sre]
  chiara@example.com: [sre]
  daisuke@example.com: [dev-lead]
  emma@example.com: [dev-lead]
  farid@example.com: [dev-member]
  grace@example.com: [dev-member]
  hiro@example.com: [dev-member]
  ines@example.com: [dev-member]
  jonas@example.com: [dev-member]
  kenji@example.com: [accounting]
  lena@example.com: [accounting]

users:
  ci-deployer:
    teams: [dev-member]
    reason: CI system without a Google account; keys rotated by the platform team
  break-glass:
    teams: [sre]
    reason: Emergency access when Google sign-in is down; hardware MFA in the safe
    breakGlass: true

options:
  sourceIdentity: true               # every session carries the person's email through each switch
  region: eu-west-1
`;
// Landmarks in BASE, 1-based lines: 4 organization, 6 identity, 7 account, 10 sessionDuration,
// 11 landing, 14-16 dev/stg/prod, 19 admin, 29 teams, 30 sre, 32 sre's can, 40 dev-member's
// prod, 41 accounting, 43 accounting's can, 45 people, 56 kenji, 57 lena, 60 ci-deployer,
// 68 options, 70 options.region.

/** BASE with each [from, to] replaced (each `from` must occur exactly once). */
function edit(...changes: [string, string][]): string {
  return changes.reduce((text, [from, to]) => mutate(text, from, to), BASE);
}

/** BASE with n extra environments after prod, each with its own account. */
function withEnvironments(n: number): string {
  const extra = Array.from(
    { length: n },
    (_, i) => `  e${String(i).padStart(2, "0")}: { account: "${400000000000 + i}" }\n`,
  );
  const prod = '  prod: { account: "333333333333", color: red,    region: eu-west-1 }\n';
  return mutate(BASE, prod, prod + extra.join(""));
}

/** The "billion laughs": nine levels of nine aliases, 9^9 strings if expanded. */
function aliasBomb(): string {
  const names = "abcdefghi";
  const out = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < names.length; i++) {
    const prev = `*${names[i - 1]}`;
    out.push(`${names[i]}: &${names[i]} [${Array(9).fill(prev).join(",")}]`);
  }
  return `${out.join("\n")}\n`;
}

const PYTHON = `#!/usr/bin/env python3
"""Sekisho? No, a Python script."""
import sys


def main() -> int:
    print("hello", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
`;

const MB = 1024 * 1024;
const LATIN1_LINE = "    description: Finance et comptabilit\xe9";

interface Case {
  name: string;
  input: () => string | Buffer;
  /** The exact first line on stderr. */
  first: string;
  /** Lines that must follow the first one (expected:, did you mean). */
  next?: string[];
  /** The exact count line at the end of the diagnostics. */
  count: string;
  /** 0 for warnings only. */
  status?: 0 | 1;
  /** Upper bound on the run time, for inputs that must be refused without parsing. */
  todo?: string;
}

const ONE = "1 error, 0 warnings";

const CASES: Case[] = [
  // Not an access model at all.
  {
    name: "empty file",
    input: () => "",
    first: "access.yaml:1:1: error [empty] file is empty",
    next: ["  expected: an access model with organization, identity, environments, levels, teams and people"],
    count: ONE,
  },
  {
    name: "whitespace only",
    input: () => "  \n\t\n   \r\n\n",
    first: "access.yaml:1:1: error [empty] file is empty",
    count: ONE,
  },
  {
    name: "comments only",
    input: () => "# nothing here yet\n# organization: example\n",
    first: "access.yaml:1:1: error [wrong-type] the document is a scalar (null)",
    next: ["  expected: a mapping with organization, identity, environments, levels, teams and people"],
    count: ONE,
  },
  {
    name: "a Python file",
    input: () => PYTHON,
    first: "access.yaml:2:3: error [yaml-syntax] YAML: Unexpected double-quoted-scalar at node end",
    next: ["  expected: valid YAML"],
    count: "8 errors, 0 warnings",
  },
  {
    name: "unbalanced braces {{{",
    input: () => "{{{",
    first:
      "access.yaml:1:4: error [yaml-syntax] YAML: Flow map in block collection must be sufficiently indented and end with a }",
    count: "3 errors, 0 warnings",
  },
  {
    name: "a JSON array",
    input: () => '[{"organization": "example"}, 2, 3]\n',
    first: "access.yaml:1:1: error [wrong-type] the document is a list",
    next: ["  expected: a mapping with organization, identity, environments, levels, teams and people"],
    count: ONE,
  },
  {
    name: "a bare scalar",
    input: () => "hello\n",
    first: 'access.yaml:1:1: error [wrong-type] the document is a scalar ("hello")',
    count: ONE,
  },
  {
    name: "a YAML alias bomb (billion laughs)",
    input: aliasBomb,
    first:
      'access.yaml:1:1: error [yaml-aliases] YAML aliases expand too far (more than 200): refusing a possible "billion laughs" document',
    next: ["  expected: a YAML document without excessive aliases"],
    count: ONE,
  },
  {
    name: "a 50 MB file is refused by its size, without parsing",
    // 50 MB of people: parsing it would take minutes; the size check takes nothing.
    input: () => {
      const line = Buffer.from("  someone@example.com: [sre]\n");
      return Buffer.concat([Buffer.from(BASE), Buffer.alloc(50 * MB - BASE.length, line)]);
    },
    first: "access.yaml:1:1: error [too-large] file is 50.0 MB; an access model may be at most 10 MB",
    next: ["  expected: a YAML access model"],
    count: ONE,
  },
  {
    name: "one byte over 10 MB",
    input: () => Buffer.concat([Buffer.from(BASE), Buffer.alloc(10 * MB + 1 - BASE.length, "# padding\n")]),
    first: "access.yaml:1:1: error [too-large] file is 10.0 MB; an access model may be at most 10 MB",
    count: ONE,
  },
  {
    name: "binary garbage (a PNG header)",
    input: () =>
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    first: "access.yaml:1:1: error [encoding] file is not valid UTF-8 (is it Latin-1 or binary?)",
    next: ["  expected: UTF-8 text"],
    count: ONE,
  },
  {
    name: "valid UTF-8 with NUL bytes",
    input: () => Buffer.concat([Buffer.from("organization: example\nidentity:\0\0\0\n"), Buffer.alloc(64)]),
    first: "access.yaml:2:10: error [binary] file contains NUL bytes: it is binary, not YAML",
    next: ["  expected: UTF-8 YAML text"],
    count: ONE,
  },
  {
    name: "UTF-16 LE with a byte order mark",
    input: () => Buffer.from(`\ufeff${BASE}`, "utf16le"),
    first: "access.yaml:1:1: error [encoding] file is UTF-16 (byte order mark found); save it as UTF-8",
    next: ["  expected: UTF-8 text"],
    count: ONE,
  },
  {
    name: "UTF-16 BE with a byte order mark",
    input: () => Buffer.from(`\ufeff${BASE}`, "utf16le").swap16(),
    first: "access.yaml:1:1: error [encoding] file is UTF-16 (byte order mark found); save it as UTF-8",
    count: ONE,
  },
  {
    name: "UTF-16 LE without a byte order mark (NUL bytes)",
    input: () => Buffer.from(BASE, "utf16le"),
    first: "access.yaml:1:2: error [binary] file contains NUL bytes: it is binary, not YAML",
    count: ONE,
  },
  {
    name: "Latin-1 bytes: the line and column of the first bad byte",
    input: () => Buffer.from(edit(["    description: Finance and accounting", LATIN1_LINE]), "latin1"),
    // "    description: Finance et comptabilit" is 39 characters: the é (0xE9) is column 40.
    first: "access.yaml:42:40: error [encoding] file is not valid UTF-8 (is it Latin-1 or binary?)",
    next: ["  expected: UTF-8 text"],
    count: ONE,
  },
  {
    name: "Latin-1 byte after valid multi-byte UTF-8 on the same line: column in characters",
    input: () => {
      const [before, after] = edit([
        "    description: Finance and accounting",
        "    description: Économie @",
      ]).split("@");
      return Buffer.concat([Buffer.from(before!), Buffer.from([0xe9]), Buffer.from(after!)]);
    },
    first: "access.yaml:42:27: error [encoding] file is not valid UTF-8 (is it Latin-1 or binary?)",
    count: ONE,
  },
  {
    name: "a tab used for indentation",
    input: () => edit(["\n  landing: readonly", "\n\tlanding: readonly"]),
    first: "access.yaml:11:1: error [yaml-syntax] YAML: Tabs are not allowed as indentation",
    next: ["  expected: valid YAML"],
    count: ONE,
  },
  {
    name: "a duplicate key (a person listed twice)",
    input: () =>
      edit([
        "  lena@example.com: [accounting]\n",
        "  lena@example.com: [accounting]\n  alice@example.com: [dev-lead]\n",
      ]),
    first:
      "access.yaml:58:3: error [yaml-syntax] YAML: duplicate key: this key already appears in the same mapping",
    next: ["  expected: valid YAML"],
    count: ONE,
  },
  {
    name: "a duplicate top-level key",
    input: () => edit(["\noptions:\n", "\norganization: again\noptions:\n"]),
    first:
      "access.yaml:68:1: error [yaml-syntax] YAML: duplicate key: this key already appears in the same mapping",
    count: ONE,
  },

  // Structure.
  {
    name: "unknown key, with did-you-mean",
    input: () => edit(["  sessionDuration: 8h", "  sesionDuration: 8h"]),
    first: "access.yaml:10:3: error [unknown-key] unknown key 'sesionDuration' in identity",
    next: [
      "  expected: one of: account, provider, sessionDuration, landing, audiences",
      "  did you mean 'sessionDuration'?",
    ],
    count: ONE,
  },
  {
    name: "unknown top-level key, with did-you-mean",
    input: () => edit(["\noptions:\n", "\noptoins:\n"]),
    first: "access.yaml:68:1: error [unknown-key] unknown key 'optoins' in the top level",
    next: [
      "  expected: one of: organization, identity, environments, levels, teams, people, users, workloads, options",
      "  did you mean 'options'?",
    ],
    count: ONE,
  },
  {
    name: "wrong type: a list where text is expected",
    input: () => edit(["organization: example", "organization: [example]"]),
    first: 'access.yaml:4:15: error [wrong-type] organization: found a list ["example"]',
    next: ["  expected: text: Name of the organisation, used in stack names and tags."],
    count: ONE,
  },
  {
    name: "wrong type: text where a list of teams is expected",
    input: () => edit(["kenji@example.com: [accounting]", "kenji@example.com: accounting"]),
    first: 'access.yaml:56:22: error [wrong-type] people.kenji@example.com: found text "accounting"',
    next: ["  expected: a list"],
    count: ONE,
  },
  {
    name: "missing required key",
    input: () => edit(["  landing: readonly\n", ""]),
    first: "access.yaml:6:1: error [missing-key] missing required key 'landing' in identity",
    next: ["  expected: text: The level everyone lands in; must be read-only."],
    count: ONE,
  },

  // References, with did-you-mean.
  {
    name: "unknown environment in a team",
    input: () => edit(["      prod: [readonly]", "      prd: [readonly] "]),
    first:
      "access.yaml:40:7: error [unknown-environment] team 'dev-member' refers to unknown environment 'prd'",
    next: ["  expected: one of: dev, stg, prod", "  did you mean 'prod'?"],
    count: ONE,
  },
  {
    name: "unknown environment as the identity account",
    input: () => edit(["  account: dev  ", "  account: dve  "]),
    first:
      "access.yaml:7:12: error [unknown-environment] identity.account refers to unknown environment 'dve'",
    next: ["  expected: one of: dev, stg, prod", "  did you mean 'dev'?"],
    count: ONE,
  },
  {
    name: "unknown level",
    input: () => edit(['can: { "*": [readonly] }', 'can: { "*": [readonyl] }']),
    first:
      "access.yaml:43:18: error [unknown-level] team 'accounting' in '*' refers to unknown level 'readonyl'",
    next: ["  expected: one of: admin, developer, readonly", "  did you mean 'readonly'?"],
    count: ONE,
  },
  {
    name: "unknown team",
    input: () => edit(["kenji@example.com: [accounting]", "kenji@example.com: [acounting]"]),
    first:
      "access.yaml:56:23: error [unknown-team] person 'kenji@example.com' refers to unknown team 'acounting'",
    next: ["  expected: one of: sre, dev-lead, dev-member, accounting", "  did you mean 'accounting'?"],
    count: ONE,
  },
  {
    name: "landing level missing",
    input: () => edit(["  landing: readonly", "  landing: read-only"]),
    first:
      "access.yaml:11:12: error [missing-landing-level] identity.landing refers to unknown level 'read-only'",
    next: ["  expected: one of: admin, developer, readonly", "  did you mean 'readonly'?"],
    count: ONE,
  },

  // Accounts.
  {
    name: "duplicate account id",
    input: () => edit(['"222222222222"', '"111111111111"']),
    first:
      "access.yaml:15:20: error [duplicate-account] account 111111111111 is already the account of environment 'dev'",
    next: ["  expected: one environment per account"],
    count: ONE,
  },
  {
    name: "account id not 12 digits",
    input: () => edit(['"222222222222"', '"22222222222"']),
    first: "access.yaml:15:20: error [account-id] account id '22222222222' is not 12 digits",
    next: ["  expected: exactly 12 digits, quoted"],
    count: ONE,
  },
  {
    name: "unquoted numeric account id (leading zero lost)",
    input: () => edit(['"222222222222"', "022222222222"]),
    first:
      "access.yaml:15:20: error [account-id] account id 22222222222 at environments.stg.account is a number; YAML drops leading zeros from unquoted numbers",
    next: ['  expected: a quoted 12-digit string, e.g. "022222222222"'],
    count: ONE,
  },

  // People and teams.
  {
    name: "invalid email",
    input: () => edit(["  kenji@example.com:", "  kenji.example.com:"]),
    first: "access.yaml:56:3: error [email] 'kenji.example.com' is not an email address",
    next: ["  expected: name@domain.tld"],
    count: ONE,
  },
  {
    name: "email not usable as a RoleSessionName",
    input: () => edit(["  kenji@example.com:", "  kenji!ops@example.com:"]),
    first: "access.yaml:56:3: error [email] 'kenji!ops@example.com' cannot be a role session name",
    next: ["  expected: 2-64 characters of letters, digits and + = , . @ _ - (AWS RoleSessionName rules)"],
    count: ONE,
  },
  {
    name: "email longer than a RoleSessionName (64)",
    input: () => edit(["  kenji@example.com:", `  ${"k".repeat(53)}@example.com:`]),
    first: `access.yaml:56:3: error [email] '${"k".repeat(53)}@example.com' cannot be a role session name`,
    count: ONE,
  },
  {
    name: "person in no team",
    input: () => edit(["kenji@example.com: [accounting]", "kenji@example.com: []"]),
    first: "access.yaml:56:22: error [no-team] person 'kenji@example.com' is in no team",
    next: ["  expected: a list of one or more teams"],
    count: ONE,
  },
  {
    name: "team that grants nothing",
    input: () => edit(['    can: { "*": [readonly] }', "    can: {}"]),
    first: "access.yaml:41:3: error [empty-team] team 'accounting' grants nothing",
    next: ["  expected: at least one environment and level under can"],
    count: ONE,
  },

  // Dates.
  {
    name: "expired until date: a warning, valid",
    input: () => edit(['can: { "*": [readonly] }', 'can: { "*": [{ level: readonly, until: 2026-11-27 }] }']),
    first:
      "access.yaml:43:44: warning [expired-grant] grant of 'readonly' in '*' to team 'accounting' expired on 2026-11-27",
    next: ["  expected: a date from today on, or remove the grant"],
    count: "0 errors, 1 warning",
    status: 0,
  },
  {
    name: "invalid until date (30 February)",
    input: () => edit(['can: { "*": [readonly] }', 'can: { "*": [{ level: readonly, until: 2027-02-30 }] }']),
    first: "access.yaml:43:44: error [date] '2027-02-30' is not a date",
    next: ["  expected: YYYY-MM-DD"],
    count: ONE,
  },
  {
    name: "until date in another format",
    input: () =>
      edit(['can: { "*": [readonly] }', 'can: { "*": [{ level: readonly, until: "31/01/2027" }] }']),
    first: "access.yaml:43:44: error [date] '31/01/2027' is not a date",
    count: ONE,
  },

  // IAM names and limits.
  {
    name: "IAM name with a disallowed character (team with a space)",
    input: () =>
      edit(
        ["  accounting:\n", '  "account ing":\n'],
        ["kenji@example.com: [accounting]", 'kenji@example.com: ["account ing"]'],
        ["lena@example.com: [accounting]", 'lena@example.com: ["account ing"]'],
      ),
    first:
      "access.yaml:41:3: error [iam-name] team 'account ing' becomes role name 'landing-account ing', which IAM rejects",
    next: ["  expected: only letters, digits and + = , . @ _ -"],
    count: ONE,
  },
  {
    name: "IAM name too long (landing-TEAM over 64)",
    input: () => {
      const long = `acc${"x".repeat(54)}`;
      return edit(
        ["  accounting:\n", `  ${long}:\n`],
        ["kenji@example.com: [accounting]", `kenji@example.com: [${long}]`],
        ["lena@example.com: [accounting]", `lena@example.com: [${long}]`],
      );
    },
    first: `access.yaml:41:3: error [iam-name] team 'acc${"x".repeat(54)}' becomes role name 'landing-acc${"x".repeat(54)}' (65 characters)`,
    next: ["  expected: at most 64 characters"],
    count: ONE,
  },
  {
    name: "kept IAM user name with a disallowed character",
    input: () => edit(["  ci-deployer:", '  "ci deployer":']),
    first:
      "access.yaml:60:3: error [iam-name] user 'ci deployer' becomes user name 'ci deployer', which IAM rejects",
    count: ONE,
  },
  {
    name: "role path+name over 64 characters (long options.path)",
    input: () => edit(["  region: eu-west-1\n", `  region: eu-west-1\n  path: /${"p".repeat(54)}/\n`]),
    // /p…p/ is 56 characters: developer (9) makes 65, readonly (8) 64, admin (5) 61.
    first: `access.yaml:22:3: error [switch-role-length] role path+name '/${"p".repeat(54)}/developer' is 65 characters: console switch role fails above 64`,
    next: ["  expected: a shorter level name or options.path"],
    count: ONE,
  },
  {
    name: "policy size over IAM limits: a kept user's group (5,120)",
    input: () => withEnvironments(40),
    first:
      "access.yaml:70:3: error [policy-size] inline policies of group arn:aws:iam::111111111111:group/sekisho/sekisho-sre total 6518 characters; IAM allows 5120 per group",
    count: ONE,
  },
  {
    name: "policy size over IAM limits: a landing role (10,240)",
    input: () => withEnvironments(70),
    first:
      "access.yaml:100:3: error [policy-size] inline policies of arn:aws:iam::111111111111:role/sekisho/landing-sre total 10958 characters; IAM allows 10240 per role",
    count: "4 errors, 0 warnings",
  },
];

/** Writes the input as access.yaml in a fresh directory; returns the directory. */
function setUp(input: string | Buffer): string {
  const dir = tempDir("sekisho-bad-");
  writeFileSync(join(dir, "access.yaml"), input);
  return dir;
}

describe("the copy of the example is valid, so each case fails for its mutation only", () => {
  test("BASE validates with no diagnostic", async () => {
    const dir = setUp(BASE);
    const r = await sekisho(["validate", "access.yaml"], { cwd: dir });
    assert.equal(r.stderr, "");
    assert.equal(
      r.stdout,
      "access.yaml: valid (3 environments, 3 levels, 4 teams, 12 people, 2 kept users)\n",
    );
    assert.equal(r.status, 0);
  });
});

describe("bad input: validate reports it exactly, plan writes nothing", { concurrency: 4 }, () => {
  for (const c of CASES) {
    test(c.name, c.todo ? { todo: c.todo } : {}, async () => {
      const dir = setUp(c.input());
      const r = await sekisho(["validate", "access.yaml"], { cwd: dir });
      const err = lines(r.stderr);
      assert.equal(err[0], c.first, r.stderr);
      if (c.next) assert.deepEqual(err.slice(1, 1 + c.next.length), c.next);
      assert.equal(err.at(-1), c.count);
      assert.equal(r.status, c.status ?? 1);
      if ((c.status ?? 1) === 0) return;
      assert.equal(r.stdout, "");

      const p = await sekisho(["plan", "access.yaml", "-o", "out"], { cwd: dir });
      assert.equal(p.status, 1);
      assert.equal(p.stdout, "");
      const perr = lines(p.stderr);
      assert.equal(perr[0], c.first);
      assert.deepEqual(perr.slice(-2), [c.count, "nothing written"]);
      assert.deepEqual(readdirSync(dir), ["access.yaml"]);
    });
  }
});

describe("accepted variations of the example", { concurrency: 4 }, () => {
  const accepted: [string, () => string | Buffer][] = [
    ["a UTF-8 byte order mark", () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BASE)])],
    ["CRLF line ends", () => BASE.replaceAll("\n", "\r\n")],
    ["no final newline", () => BASE.trimEnd()],
    [
      "a few YAML anchors and aliases",
      () =>
        edit(
          [
            '    can: { "*": [admin, developer, readonly] }\n  dev-lead',
            '    can: &all { "*": [admin, developer, readonly] }\n  dev-lead',
          ],
          ['    can: { "*": [admin, developer, readonly] }\n  dev-member', "    can: *all\n  dev-member"],
        ),
    ],
    [
      "an until date of today (inclusive)",
      () => edit(['can: { "*": [readonly] }', 'can: { "*": [{ level: readonly, until: 2026-11-28 }] }']),
    ],
    [
      "role path+name of exactly 64",
      () => edit(["  region: eu-west-1\n", `  region: eu-west-1\n  path: /${"p".repeat(53)}/\n`]),
    ],
  ];
  for (const [name, input] of accepted) {
    test(name, async () => {
      const dir = setUp(input());
      const r = await sekisho(["validate", "access.yaml"], { cwd: dir });
      assert.equal(r.stderr, "");
      assert.equal(
        r.stdout,
        "access.yaml: valid (3 environments, 3 levels, 4 teams, 12 people, 2 kept users)\n",
      );
      assert.equal(r.status, 0);
    });
  }

  test("positions stay right with CRLF line ends", async () => {
    const dir = setUp(
      edit(["kenji@example.com: [accounting]", "kenji@example.com: [acounting]"]).replaceAll("\n", "\r\n"),
    );
    const r = await sekisho(["validate", "access.yaml"], { cwd: dir });
    assert.equal(
      lines(r.stderr)[0],
      "access.yaml:56:23: error [unknown-team] person 'kenji@example.com' refers to unknown team 'acounting'",
    );
    assert.equal(r.status, 1);
  });
});

describe("one run reports every problem", () => {
  test("a file with nine errors gets all nine (and the warning they cause), in file order", async () => {
    const dir = setUp(
      edit(
        ["organization: example", "organization: [example]"], // 4   wrong-type
        ["  sessionDuration: 8h", "  sesionDuration: 8h"], // 10  unknown-key
        ['"222222222222"', '"111111111111"'], // 15  duplicate-account
        ['"333333333333"', '"33333333"'], // 16  account-id
        ["      prod: [readonly]", "      prd: [readonly] "], // 40  unknown-environment (41: accounting now has no member)
        ['can: { "*": [readonly] }', 'can: { "*": [{ level: readonly, until: 2027-13-01 }] }'], // 43 date
        ["  jonas@example.com:", "  jonas-example.com:"], // 55  email
        ["kenji@example.com: [accounting]", "kenji@example.com: [acounting]"], // 56  unknown-team
        ["lena@example.com: [accounting]", "lena@example.com: []"], // 57  no-team
      ),
    );
    const r = await sekisho(["validate", "access.yaml"], { cwd: dir });
    assert.equal(r.status, 1);
    const firstLines = lines(r.stderr).filter((l) => l.startsWith("access.yaml:"));
    assert.deepEqual(
      firstLines.map((l) => /^access\.yaml:(\d+):(\d+): (\w+) \[([\w-]+)\]/.exec(l)!.slice(1).join(" ")),
      [
        "4 15 error wrong-type",
        "10 3 error unknown-key",
        "15 20 error duplicate-account",
        "16 20 error account-id",
        "40 7 error unknown-environment",
        "41 3 warning empty-team",
        "43 44 error date",
        "55 3 error email",
        "56 23 error unknown-team",
        "57 21 error no-team",
      ],
    );
    assert.equal(lines(r.stderr).at(-1), "9 errors, 1 warning");

    const json = await sekisho(["validate", "--json", "access.yaml"], { cwd: dir });
    const out = JSON.parse(json.stdout) as { valid: boolean; diagnostics: unknown[] };
    assert.equal(out.valid, false);
    assert.equal(out.diagnostics.length, 10);
    assert.equal(json.status, 1);
  });
});

describe("positions of YAML syntax errors", () => {
  test("every error of a Python file is on its own line", async () => {
    const dir = setUp(PYTHON);
    const r = await sekisho(["validate", "access.yaml"], { cwd: dir });
    const positions = lines(r.stderr)
      .filter((l) => l.startsWith("access.yaml:"))
      .map((l) => l.split(":").slice(1, 3).join(":"));
    // print(...) is on line 7, if __name__ on 11, sys.exit on 12.
    assert.deepEqual(positions, ["2:3", "2:34", "3:1", "6:18", "7:5", "11:1", "11:26", "12:5"]);
  });
});

// Malformed exports, end to end: every command that reads exports (audit, diff, migrate, init)
// stops with exit 2, `file: JSON path: what was expected`, no stack trace and nothing written.
// The base is the compiled state of the example's dev account (a valid export); each case
// changes one value.
describe("malformed exports: file, JSON path, what was expected; exit 2; nothing written", () => {
  const STATE = "test/golden/example/state/111111111111.json";
  type Json = Record<string, unknown>;
  const base = (): Json => JSON.parse(readFileSync(join(ROOT, STATE), "utf8")) as Json;
  const roles = (d: Json) => d.RoleDetailList as Json[];
  // Written as text: JSON.stringify itself overflows the stack on 5,000 levels.
  const DEEP = "@deep@";
  const text = (d: Json) =>
    JSON.stringify(d, null, 2).replace(`"${DEEP}"`, `${'{"k":'.repeat(5000)}"x"${"}".repeat(5000)}`);
  const trust = (d: Json) => roles(d)[0]!.AssumeRolePolicyDocument as { Statement: unknown[] };
  const cases: [string, (d: Json) => void, string][] = [
    [
      "a name that is a number",
      (d) => {
        roles(d)[0]!.RoleName = 42;
      },
      "$.RoleDetailList[0].RoleName: error [export-shape] expected a string, found number 42",
    ],
    [
      "a name that is null",
      (d) => {
        (d.GroupDetailList as Json[])[1]!.GroupName = null;
      },
      "$.GroupDetailList[1].GroupName: error [export-shape] expected a string, found null",
    ],
    [
      "a tag without Value",
      (d) => {
        delete (roles(d)[0]!.Tags as Json[])[2]!.Value;
      },
      "$.RoleDetailList[0].Tags[2].Value: error [export-shape] expected a string, found nothing",
    ],
    [
      "an object where a list belongs",
      (d) => {
        roles(d)[1]!.AttachedManagedPolicies = (roles(d)[1]!.AttachedManagedPolicies as Json[])[0];
      },
      "$.RoleDetailList[1].AttachedManagedPolicies: error [export-shape] expected a list, found an object",
    ],
    [
      "a null statement",
      (d) => {
        trust(d).Statement[0] = null;
      },
      "$.RoleDetailList[0].AssumeRolePolicyDocument.Statement[0]: error [export-shape] expected an object, found null",
    ],
    [
      "a condition nested thousands deep",
      (d) => {
        (trust(d).Statement[0] as Json).Condition = { StringEquals: DEEP };
      },
      "$.RoleDetailList[0].AssumeRolePolicyDocument.Statement[0].Condition.StringEquals.k.k.k.k.k...: error [export-shape] nested more than 64 levels deep: expected an export (about 15 levels at most)",
    ],
    [
      "an Effect other than Allow or Deny",
      (d) => {
        (trust(d).Statement[0] as Json).Effect = "allow";
      },
      '$.RoleDetailList[0].AssumeRolePolicyDocument.Statement[0].Effect: error [export-shape] expected "Allow" or "Deny", found "allow"',
    ],
    [
      "a misspelt statement element",
      (d) => {
        const s = trust(d).Statement[0] as Json;
        s.Conditions = s.Condition;
        delete s.Condition;
      },
      '$.RoleDetailList[0].AssumeRolePolicyDocument.Statement[0]: error [export-shape] unexpected "Conditions": expected only Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition',
    ],
  ];

  test("audit: each case, exactly", async () => {
    const dir = tempDir();
    const runs = await Promise.all(
      cases.map(async ([, change], i) => {
        const d = base();
        change(d);
        const file = join(dir, `case-${i}.json`);
        writeFileSync(file, text(d));
        return {
          file,
          r: await sekisho(["audit", file, "-o", join(dir, `out-${i}`)], { timeoutMs: 180_000 }),
        };
      }),
    );
    for (const [i, { file, r }] of runs.entries()) {
      assert.equal(r.status, 2, cases[i]![0]);
      assert.equal(r.stdout, "");
      assert.equal(
        r.stderr,
        `${file}: ${cases[i]![2]}\n1 error, 0 warnings\nsekisho audit: not run: fix the input errors above\n`,
        cases[i]![0],
      );
    }
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith("out-")),
      [],
    );
  });

  test("diff, migrate and init refuse the same way", async () => {
    const dir = tempDir();
    const d = base();
    cases[3]![1](d);
    const file = join(dir, "export.json");
    writeFileSync(file, JSON.stringify(d));
    const long = { timeoutMs: 180_000 };
    const runs = [
      await sekisho(["diff", EXAMPLE_MODEL, file, "-o", join(dir, "diff")], long),
      await sekisho(["migrate", EXAMPLE_MODEL, file, "-o", join(dir, "migration")], long),
      await sekisho(["init", "--from", file, "-o", join(dir, "access.yaml")], long),
    ];
    for (const [i, command] of ["diff", "migrate", "init"].entries()) {
      assert.equal(runs[i]!.status, 2, command);
      assert.equal(
        runs[i]!.stderr,
        `${file}: ${cases[3]![2]}\n1 error, 0 warnings\nsekisho ${command}: not run: fix the input errors above\n`,
      );
    }
    assert.deepEqual(readdirSync(dir), ["export.json"]);
  });

  test("the AWS CLI's documented example (AttachedManagedPolicies as an object): exit 2, both places named", async () => {
    const file = datasetPath("aws-cli-example-authz-details.json");
    const r = await sekisho(["audit", file]);
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      [
        `${file}: $.GroupDetailList[0].AttachedManagedPolicies: error [export-shape] expected a list, found an object`,
        `${file}: $.GroupDetailList[1].AttachedManagedPolicies: error [export-shape] expected a list, found an object`,
        "2 errors, 0 warnings",
        "sekisho audit: not run: fix the input errors above",
        "",
      ].join("\n"),
    );
  });

  test("a UserPolicyList given as one object allowing *:* is an error, not a user without policies", async () => {
    const dir = tempDir();
    const d = base();
    (d.UserDetailList as Json[])[0]!.UserPolicyList = {
      PolicyName: "all",
      PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
    };
    const file = join(dir, "export.json");
    writeFileSync(file, JSON.stringify(d));
    const r = await sekisho(["audit", file]);
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /^.*export\.json: \$\.UserDetailList\[0\]\.UserPolicyList: error \[export-shape\] expected a list, found an object\n/,
    );
  });
});

describe("credential reports and SAML provider lists that cannot be used as given", () => {
  const STATE = "test/golden/example/state/111111111111.json";
  const HEADER =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
  const row = (account: string, user: string, password: boolean) =>
    `${user},arn:aws:iam::${account}:user/${user},2024-01-01T00:00:00+00:00,${password},N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;

  test("a duplicate row: read once with a warning when equal, an error when the rows differ", async () => {
    const dir = tempDir();
    const same = join(dir, "same.csv");
    const differ = join(dir, "differ.csv");
    const a = row("111111111111", "ci-deployer", true);
    writeFileSync(same, `${HEADER}\n${a}\n${a}\n`);
    writeFileSync(differ, `${HEADER}\n${a}\n${row("111111111111", "ci-deployer", false)}\n`);
    const [r1, r2] = await Promise.all([
      sekisho(["audit", STATE, "--credential-report", same]),
      sekisho(["audit", STATE, "--credential-report", differ]),
    ]);
    assert.equal(r1.status, 1, r1.stderr); // findings (Sekisho's own admin grants, audited without --design)
    assert.equal(
      r1.stderr,
      `${same}:1:1: warning [duplicate-row] the credential report repeats the row of arn:aws:iam::111111111111:user/ci-deployer: read once\n0 errors, 1 warning\n`,
    );
    // Headline counts agree with one user having a password.
    assert.match(r1.stdout, /^1\. Too many IAM users: 2 users; console password 1,/m);
    assert.equal(r2.status, 2);
    assert.equal(
      r2.stderr,
      `${differ}:1:1: error [duplicate-row] the credential report has two different rows for arn:aws:iam::111111111111:user/ci-deployer\n  expected: one row per user\n1 error, 0 warnings\nsekisho audit: not run: fix the input errors above\n`,
    );
  });

  test("a credential report of another account is an error naming both", async () => {
    const dir = tempDir();
    const other = join(dir, "other.csv");
    writeFileSync(other, `${HEADER}\n${row("999999999999", "bob", true)}\n`);
    const r = await sekisho(["audit", STATE, "--credential-report", other]);
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      `${other}:1:1: error [unmatched-report] credential report of account 999999999999, but no authorization-details export of 999999999999 was given (exports: 111111111111)\n  expected: the credential report of an exported account\n1 error, 0 warnings\nsekisho audit: not run: fix the input errors above\n`,
    );
  });

  test("audit reads plan's state/ as written, *.saml-providers.json and *.oidc-providers.json included", async () => {
    const r = await sekisho([
      "audit",
      "test/golden/example/state/111111111111.json",
      "test/golden/example/state/111111111111.saml-providers.json",
      "test/golden/example/state/111111111111.oidc-providers.json",
    ]);
    assert.equal(r.status, 1); // findings, as above; not 2: both files were read
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /^Accounts audited: 1 \(111111111111\)$/m);
    const only = await sekisho(["audit", "test/golden/example/state/111111111111.saml-providers.json"]);
    assert.equal(only.status, 2);
    assert.equal(
      only.stderr,
      "sekisho audit: not run: every file given is a list of identity providers (*.saml-providers.json, *.oidc-providers.json); give the authorization-details exports too\n",
    );
  });

  test("diff of exports of none of the model's accounts: exit 2, never 'no drift'", async () => {
    const dir = tempDir();
    const text = readFileSync(join(ROOT, STATE), "utf8").replaceAll("111111111111", "999999999999");
    const file = join(dir, "999999999999.json");
    writeFileSync(file, text);
    const r = await sekisho(["diff", EXAMPLE_MODEL, file]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      "sekisho diff: nothing compared: no export is of an account the model names (the model: 111111111111 (dev), 222222222222 (stg), 333333333333 (prod); the exports: 999999999999)\n",
    );
  });
});
