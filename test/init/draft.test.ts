// init on synthetic exports: a small company of three accounts (people named by email and by
// email tag, admins, readers, a mixed set, a group shared by two people, a person in two
// accounts, a CI user, a break-glass user), pinned byte for byte, validated and explained.
import assert from "node:assert/strict";
import { test } from "node:test";
import { allow, company, credentialReport, exportOf } from "./fixtures.js";
import { commentsAbove, draftOf, golden, parsed, validation } from "./helpers.js";

const c = company();
const { draft, text } = draftOf(c.exports, c.reports);
const model = parsed(text);
const lines = text.split("\n");

test("the company draft matches test/init/golden/company.yaml byte for byte", () => {
  golden("test/init/golden/company.yaml", text);
});

test("the company draft validates with no error and no warning", () => {
  assert.deepEqual(validation(text), []);
});

test("one environment per account, named from the words in its names, coloured by the name", () => {
  assert.deepEqual(model.environments, {
    dev: { account: "111111111111", color: "green" },
    prod: { account: "222222222222", color: "red" },
    test: { account: "333333333333", color: "blue" },
  });
  // Account ids are quoted strings in the text, never numbers.
  assert.ok(lines.includes('  dev: { account: "111111111111", color: green }'));
  assert.equal(model.identity!.account, "dev");
  assert.equal(model.organization, "example");
});

test("people come from users named by email and from email/mail tags; the same email is one person", () => {
  assert.deepEqual(model.people, {
    "alice@example.com": ["team-1"],
    "bob@example.com": ["admins"],
    "carol@example.com": ["team-2"],
    "dave@example.com": ["developers"],
    "erin@example.com": ["admins"],
    "frank@example.com": ["team-3"],
  });
  assert.ok(lines.includes("  bob@example.com: [admins] # IAM user bob (email tag) in dev"));
  assert.ok(
    lines.includes(
      "  carol@example.com: [team-2] # IAM user carol@example.com in dev, carol (email tag) in prod",
    ),
  );
});

test("levels come from the engine: admin-equivalent → admin, read-only → readonly, mixed → developer", () => {
  assert.deepEqual(model.teams, {
    // alice: admin in dev and prod; dev is the identity account, where admin would be admin of all.
    "team-1": { can: { dev: ["developer", "readonly"], prod: ["admin", "developer", "readonly"] } },
    admins: { can: { dev: ["developer", "readonly"] } },
    "team-2": { can: { dev: ["readonly"], prod: ["readonly"] } },
    developers: { can: { dev: ["developer", "readonly"] } },
    "team-3": { can: { test: ["readonly"] } },
    "break-glass": { can: { "*": ["admin"] } },
  });
  assert.deepEqual(Object.keys(model.levels!), ["admin", "developer", "readonly"]);
  assert.deepEqual(
    draft.teams.slice(0, 5).map((t) => t.grants.map((g) => `${g.env}: ${g.comment[0]}`)),
    [
      [
        "dev: dev today: AdministratorAccess. Level admin: it can rewrite its own permissions (iam:PutUserPolicy on itself): admin-equivalent.",
        "prod: prod today: AdministratorAccess. Level admin: it can rewrite its own permissions (iam:PutUserPolicy on itself): admin-equivalent.",
      ],
      [
        "dev: dev today: AdministratorAccess. Level admin: it can rewrite its own permissions (iam:PutUserPolicy on itself): admin-equivalent.",
      ],
      [
        "dev: dev today: ReadOnlyAccess. Level readonly: it reads only (6,910 actions).",
        "prod: prod today: ReadOnlyAccess. Level readonly: it reads only (6,910 actions).",
      ],
      [
        "dev: dev today: inline policy build. Level developer: it writes (3 actions beyond reads) but cannot rewrite its own permissions.",
      ],
      ["test: test today: ViewOnlyAccess. Level readonly: it reads only (1,572 actions)."],
    ],
  );
});

test("a mixed set is developer with a REVIEW comment naming the actions it allows beyond reads", () => {
  const developers = draft.teams.find((t) => t.name === "developers")!;
  assert.deepEqual(developers.grants[0]!.comment.slice(1), [
    "REVIEW: developer is a guess: it allows 3 actions beyond reads, e.g. ec2:RunInstances, lambda:InvokeFunction, s3:PutObject; developer (PowerUserAccess) allows all but IAM and Organizations.",
  ]);
  // The engine also says what a level would take away: ViewOnlyAccess has list actions ReadOnlyAccess lacks.
  const team3 = draft.teams.find((t) => t.name === "team-3")!;
  assert.deepEqual(team3.grants[0]!.comment.slice(1), [
    "REVIEW: 4 actions it allows today are not in readonly (ReadOnlyAccess), e.g. profile:ListDomains, aws-marketplace:ViewSubscriptions, bedrock:ListTagsForResource, profile:ListIntegrations: add a level if they are needed.",
  ]);
});

test("two people with the same set form one team, named after the IAM group holding exactly it", () => {
  const admins = draft.teams.find((t) => t.name === "admins")!;
  assert.deepEqual(admins.comment, [
    "GUESS: named after IAM group Admins, whose policies are exactly this team's in dev.",
    "Shared by 2 people, 2 IAM users: bob (dev), erin@example.com (dev).",
  ]);
});

test("a person in two accounts has one team whose can maps each environment", () => {
  const team1 = draft.teams.find((t) => t.name === "team-1")!;
  assert.deepEqual(
    team1.grants.map((g) => g.env),
    ["dev", "prod"],
  );
  assert.deepEqual(team1.comment, [
    "No IAM group holds exactly these policies: rename the team.",
    "Shared by 1 person, 2 IAM users: alice@example.com (dev), alice@example.com (prod).",
  ]);
  assert.equal(
    team1.grants[0]!.comment.at(-1),
    "REVIEW: admin in dev, the identity account, would be admin of every environment (it can take over any team's landing role), so this team gets developer there; grant it admin in every environment if it runs the platform.",
  );
});

test("users without an email are no people: listed in a comment with their credentials", () => {
  assert.deepEqual(draft.candidates, [
    "ci-deployer (dev): no console password, no MFA, 1 active access key (last used 2026-11-20); today developer (PowerUserAccess); access keys and no console password: automation, likely.",
    "legacy-sync (prod): no console password, no MFA, 2 active access keys (last used 2025-02-03); today developer (inline policy upload); access keys and no console password: automation, likely; not in the identity account dev, where kept users live: recreate it there, or replace it by a role.",
  ]);
  assert.ok(!text.includes("\n  ci-deployer:"));
  assert.ok(
    lines.includes(
      "# - ci-deployer (dev): no console password, no MFA, 1 active access key (last used 2026-11-20);",
    ),
  );
});

test("a break-glass user of the identity account is kept, with breakGlass, in a team with admin everywhere", () => {
  assert.deepEqual(model.users, {
    "break-glass": {
      teams: ["break-glass"],
      reason: "Emergency access when Google sign-in is down (guessed from its name by sekisho init: confirm)",
      breakGlass: true,
    },
  });
  assert.deepEqual(draft.users[0]!.comment, [
    "GUESS: kept as break-glass: its name says emergency access. Today: console password (never used), MFA, no active access key; AdministratorAccess (admin).",
  ]);
});

test("every guess carries a comment", () => {
  const section = (name: string) => {
    const start = lines.indexOf(`${name}:`);
    const end = lines.findIndex((l, i) => i > start && /^\S/.test(l) && !l.startsWith("#"));
    return { start, end: end < 0 ? lines.length : end };
  };
  assert.match(lines.find((l) => l.startsWith("organization:"))!, /# GUESS: from the people's email domain/);
  const identity = lines.indexOf("  account: dev");
  assert.match(
    commentsAbove(lines, identity)[0]!,
    /^# GUESS: dev \(111111111111\), it has the most IAM users \(7\)/,
  );
  const envs = section("environments");
  for (let i = envs.start + 1; i < envs.end; i++) {
    if (/^ {2}\w.*: \{ account:/.test(lines[i]!))
      assert.match(commentsAbove(lines, i)[0] ?? "", /^# GUESS: /, lines[i]);
  }
  const teams = section("teams");
  let teamCount = 0;
  let grantCount = 0;
  for (let i = teams.start + 1; i < teams.end; i++) {
    const line = lines[i]!;
    if (/^ {2}[\w"*-]+:$/.test(line)) {
      teamCount++;
      assert.ok(commentsAbove(lines, i).length > 0, `a comment above ${line}`);
    }
    if (/^ {6}[\w"*-]+: \[/.test(line) && !line.includes('"*"')) {
      grantCount++;
      assert.match(commentsAbove(lines, i)[0]!, /^# \w+ today: /, line);
    }
  }
  assert.equal(teamCount, 6);
  assert.equal(grantCount, 7);
  const people = section("people");
  for (let i = people.start + 1; i < people.end; i++)
    if (lines[i]!.startsWith("  ")) assert.match(lines[i]!, /\] # IAM user /);
  assert.equal(lines.filter((l) => /^\s*# REVIEW:/.test(l)).length, 4);
});

test("the draft does not depend on the order of the exports or of the users in them", () => {
  const reversed = c.exports
    .map((f) => {
      const json = JSON.parse(f.text) as { UserDetailList: unknown[]; GroupDetailList: unknown[] };
      json.UserDetailList.reverse();
      json.GroupDetailList.reverse();
      return { path: f.path, text: JSON.stringify(json) };
    })
    .reverse();
  assert.equal(draftOf(reversed, [...c.reports].reverse()).text, text);
  assert.equal(draftOf(c.exports, c.reports).text, text);
});

test("an existing SAML provider named GoogleWorkspace gets the draft's provider another name", () => {
  const providers = {
    path: "111111111111/saml-providers.json",
    text: JSON.stringify({
      SAMLProviderList: [
        {
          Arn: "arn:aws:iam::111111111111:saml-provider/GoogleWorkspace",
          ValidUntil: "2030-01-01T00:00:00Z",
        },
      ],
    }),
  };
  const withProviders = draftOf(c.exports, c.reports, [providers]).text;
  assert.ok(
    withProviders.includes(
      "    name: GoogleWorkspaceSekisho # GoogleWorkspace exists there already: a new name keeps the identity stack from colliding with it",
    ),
  );
  assert.deepEqual(validation(withProviders), []);
});

test("a single account with an admin and a reader: the exact draft", () => {
  const one = exportOf({
    account: "044444444444",
    roles: [{ name: "prod-api" }],
    users: [
      { name: "ops@acme.co.uk", managed: ["AdministratorAccess"] },
      { name: "viewer@acme.co.uk", managed: ["ReadOnlyAccess"] },
      { name: "report-bot", inline: { read: allow(["s3:GetObject"], "arn:aws:s3:::reports/*") } },
    ],
  });
  const { text: small } = draftOf([{ path: "one.json", text: one }]);
  assert.equal(small, SINGLE);
  assert.deepEqual(validation(small), []);
});

const SINGLE = `# Access model drafted by \`sekisho init\` from the IAM of 1 account (044444444444).
# Every guess carries a comment, and REVIEW marks what needs a decision. Edit it, then
# run \`sekisho validate access.yaml\` and \`sekisho plan access.yaml -o out\`.
# Nothing changes in AWS until you deploy.
# No credential report for prod: users' passwords and keys are unknown (--credential-report).
# The exports lack 2 AWS managed policies attached in them, read from Sekisho's copy:
#   AdministratorAccess, ReadOnlyAccess.
organization: acme # GUESS: from the people's email domain acme.co.uk

identity:
  # GUESS: prod (044444444444), the only account of the exports.
  # Everyone lands there read-only and switches on; a dedicated identity account is better if you
  #   have one.
  account: prod
  provider:
    name: GoogleWorkspace # the IAM SAML provider the identity stack creates
  sessionDuration: 8h
  landing: readonly # everyone lands read-only, then switches role

environments:
  # GUESS: prod, from role prod-api; red in the console for prod
  prod: { account: "044444444444", color: red }

levels:
  # Levels are AWS managed policies, maintained by AWS and known to prove. The teams below say
  # which of today's policies each level replaces.
  admin:
    description: Full control, for those who run the platform.
    managed: [AdministratorAccess] # everything, IAM included
  developer:
    description: Build and operate services; no IAM, no organisation changes.
    managed: [PowerUserAccess] # everything but IAM and Organizations (service-linked roles allowed)
  readonly:
    description: Look, do not touch.
    managed: [ReadOnlyAccess] # reads of every service, data included (s3:GetObject, ...)
    # AWS's ReadOnlyAccess allows these, although the service reference classes them as
    # more than reads. prove fails on any such action not acknowledged here by name.
    acknowledge:
      athena:GetSessionEndpoint: returns the endpoint of an existing Spark session; changes nothing
      backup:ListIndexedRecoveryPointsForSearch: lists recovery points; classed as permissions management by mistake
      billing:GetResourcePolicy: reads the billing resource policy
      cognito-idp:GetTokensFromRefreshToken: mints user-pool tokens from a refresh token the caller must already hold
      iot:GetConnection: reads the connection state of an IoT thing
      iot:ListSubscriptions: lists MQTT subscriptions
      s3express:CreateSession: allowed only with s3express:SessionMode ReadOnly, a read-only directory-bucket session
      ssm-sap:GetResourcePermission: reads the resource policy of an SAP application

teams:
  # One team per distinct permission set of today's IAM users, account by account. It gets the
  # level those policies amount to in each environment (decided by Sekisho's policy engine, not
  # by names) and the levels below it, so that everyday work needs no admin.
  # No IAM group holds exactly these policies: rename the team.
  # Shared by 1 person, 1 IAM user: ops@acme.co.uk (prod).
  team-1:
    can:
      # prod today: AdministratorAccess. Level admin: it can rewrite its own permissions
      #   (iam:PutUserPolicy on itself): admin-equivalent.
      prod: [admin, developer, readonly]
  # No IAM group holds exactly these policies: rename the team.
  # Shared by 1 person, 1 IAM user: viewer@acme.co.uk (prod).
  team-2:
    can:
      # prod today: ReadOnlyAccess. Level readonly: it reads only (6,910 actions).
      prod: [readonly]

people:
  ops@acme.co.uk: [team-1] # IAM user ops@acme.co.uk in prod
  viewer@acme.co.uk: [team-2] # IAM user viewer@acme.co.uk in prod

# IAM users without a usable email, so not people. To keep one on purpose, add it under users
# (NAME: { teams: [TEAM], reason: WHY }, in the identity account); a migration plan removes
# the IAM users the model does not keep.
# - report-bot (prod): credentials unknown (no credential report given); today readonly (inline
#   policy read).

options:
  sourceIdentity: true # every session carries the person's email through each switch: CloudTrail names a person
  # region: eu-west-1 # default region for profiles and StackSets; IAM exports do not say which you use
`;

test("a break-glass user without MFA or with a path gets REVIEWs; one outside the identity account stays a comment", () => {
  const id = exportOf({
    account: "777777777777",
    users: [
      { name: "ann@example.com", managed: ["ReadOnlyAccess"] },
      { name: "EmergencyAdmin", path: "/ops/", managed: ["AdministratorAccess"] },
    ],
  });
  const other = exportOf({
    account: "888888888888",
    users: [{ name: "breakglass", managed: ["AdministratorAccess"] }],
  });
  const report = credentialReport([
    { user: "EmergencyAdmin", account: "777777777777", password: "2026-01-02T00:00:00+00:00" },
  ]);
  const { draft: d, text: t } = draftOf(
    [
      { path: "id.json", text: id },
      { path: "other.json", text: other },
    ],
    [{ path: "r.csv", text: report }],
  );
  assert.deepEqual(validation(t), []);
  assert.deepEqual(d.users, [
    {
      name: "EmergencyAdmin",
      teams: ["break-glass"],
      reason: "Emergency access when Google sign-in is down (guessed from its name by sekisho init: confirm)",
      breakGlass: true,
      comment: [
        "GUESS: kept as break-glass: its name says emergency access. Today: console password (last used 2026-01-02), no MFA, no active access key; AdministratorAccess (admin).",
        "REVIEW: it has no MFA today, and kept users can do nothing without MFA: give it a hardware MFA before migrating.",
        "REVIEW: its path is /ops/; the design assumes kept users have path /.",
      ],
    },
  ]);
  assert.deepEqual(d.candidates, [
    "breakglass (account-888888888888): credentials unknown (no credential report given); today admin (AdministratorAccess); its name says break-glass; not in the identity account account-777777777777, where kept users live: recreate it there, or replace it by a role.",
  ]);
});
