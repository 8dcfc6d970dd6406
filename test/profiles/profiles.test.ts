// Per-person CLI profiles, AESR configs and switch-role links: exact contents for people of
// the example, the rules of the tools that read them, names, warnings and determinism.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { aesrConfig } from "../../src/profiles/aesr.js";
import { awsConfig } from "../../src/profiles/aws-config.js";
import { ownProfiles, personalFiles } from "../../src/profiles/files.js";
import { dirName, profileToken, uniqueNames } from "../../src/profiles/names.js";
import { personPlan, userPlan } from "../../src/profiles/plan.js";
import { switchLinks, switchLinkWarnings, switchUrl } from "../../src/profiles/switch-links.js";
import { switchTargets } from "../../src/profiles/targets.js";
import { botocoreProblems, example, HOSTILE, modelOf, parseAesr } from "./helpers.js";

const KENJI_AWS_CONFIG = `# AWS CLI profiles of kenji@example.com (example), written by Sekisho from the access model.
# Use this file as ~/.aws/config, or append it there. Regenerate it rather than edit it.
# How the landing profile gets its credentials from Google: docs/cli-profiles.md.
# Switching from the landing session is role chaining: a session lasts at most one hour.

# Landing session after Google sign-in: role landing-accounting in account 111111111111 (dev), level readonly.
# A SAML tool (saml2aws, gsts, aws-google-auth) writes its credentials into ~/.aws/credentials
# under [example-landing-accounting]; or, for a credential_process helper, uncomment the line below and complete it.
[profile example-landing-accounting]
region = eu-west-1
# credential_process = SAML_HELPER --role arn:aws:iam::111111111111:role/sekisho/landing-accounting --principal arn:aws:iam::111111111111:saml-provider/GoogleWorkspace

# dev / readonly
[profile example-dev-readonly]
role_arn = arn:aws:iam::111111111111:role/sekisho/readonly
source_profile = example-landing-accounting
role_session_name = kenji@example.com
duration_seconds = 3600
region = eu-west-1

# stg / readonly
[profile example-stg-readonly]
role_arn = arn:aws:iam::222222222222:role/sekisho/readonly
source_profile = example-landing-accounting
role_session_name = kenji@example.com
duration_seconds = 3600
region = eu-west-1

# prod / readonly
[profile example-prod-readonly]
role_arn = arn:aws:iam::333333333333:role/sekisho/readonly
source_profile = example-landing-accounting
role_session_name = kenji@example.com
duration_seconds = 3600
region = eu-west-1
`;

const KENJI_AESR = `; AWS Extend Switch Roles configuration of kenji@example.com (example), written by Sekisho.
; Paste it into the extension's configuration. It is not a ~/.aws/config: keep them apart.

[example-landing-accounting]
aws_account_id = 111111111111
role_name = landing-accounting

; dev / readonly
[example-dev-readonly]
role_arn = arn:aws:iam::111111111111:role/sekisho/readonly
source_profile = example-landing-accounting
color = b7ca9d
region = eu-west-1

; stg / readonly
[example-stg-readonly]
role_arn = arn:aws:iam::222222222222:role/sekisho/readonly
source_profile = example-landing-accounting
color = efda95
region = eu-west-1

; prod / readonly
[example-prod-readonly]
role_arn = arn:aws:iam::333333333333:role/sekisho/readonly
source_profile = example-landing-accounting
color = f2b0a9
region = eu-west-1
`;

const CI_DEPLOYER_AWS_CONFIG = `# AWS CLI profiles of the kept IAM user ci-deployer (example), written by Sekisho from the access model.
# Use this file as ~/.aws/config, or append it there. Regenerate it rather than edit it.
#
# The user's access keys go in ~/.aws/credentials under [example-ci-deployer]
# (aws configure --profile example-ci-deployer), never in this file.
# Every switch needs MFA: the CLI asks for a code from the device named in mfa_serial.
# If the device has another name, put its ARN there (aws iam list-mfa-devices --user-name ci-deployer).

# IAM user ci-deployer in account 111111111111 (dev), level readonly.
[profile example-ci-deployer]
region = eu-west-1

# dev / developer
[profile example-dev-developer]
role_arn = arn:aws:iam::111111111111:role/sekisho/developer
source_profile = example-ci-deployer
mfa_serial = arn:aws:iam::111111111111:mfa/ci-deployer
role_session_name = ci-deployer
duration_seconds = 3600
region = eu-west-1

# dev / readonly
[profile example-dev-readonly]
role_arn = arn:aws:iam::111111111111:role/sekisho/readonly
source_profile = example-ci-deployer
mfa_serial = arn:aws:iam::111111111111:mfa/ci-deployer
role_session_name = ci-deployer
duration_seconds = 3600
region = eu-west-1

# stg / developer
[profile example-stg-developer]
role_arn = arn:aws:iam::222222222222:role/sekisho/developer
source_profile = example-ci-deployer
mfa_serial = arn:aws:iam::111111111111:mfa/ci-deployer
role_session_name = ci-deployer
duration_seconds = 3600
region = eu-west-1

# stg / readonly
[profile example-stg-readonly]
role_arn = arn:aws:iam::222222222222:role/sekisho/readonly
source_profile = example-ci-deployer
mfa_serial = arn:aws:iam::111111111111:mfa/ci-deployer
role_session_name = ci-deployer
duration_seconds = 3600
region = eu-west-1

# prod / readonly
[profile example-prod-readonly]
role_arn = arn:aws:iam::333333333333:role/sekisho/readonly
source_profile = example-ci-deployer
mfa_serial = arn:aws:iam::111111111111:mfa/ci-deployer
role_session_name = ci-deployer
duration_seconds = 3600
region = eu-west-1
`;

const CI_DEPLOYER_AESR = `; AWS Extend Switch Roles configuration of IAM user ci-deployer (example), written by Sekisho.
; Paste it into the extension's configuration. It is not a ~/.aws/config: keep them apart.

[example-ci-deployer]
aws_account_id = 111111111111

; dev / developer
[example-dev-developer]
role_arn = arn:aws:iam::111111111111:role/sekisho/developer
source_profile = example-ci-deployer
color = b7ca9d
region = eu-west-1

; dev / readonly
[example-dev-readonly]
role_arn = arn:aws:iam::111111111111:role/sekisho/readonly
source_profile = example-ci-deployer
color = b7ca9d
region = eu-west-1

; stg / developer
[example-stg-developer]
role_arn = arn:aws:iam::222222222222:role/sekisho/developer
source_profile = example-ci-deployer
color = efda95
region = eu-west-1

; stg / readonly
[example-stg-readonly]
role_arn = arn:aws:iam::222222222222:role/sekisho/readonly
source_profile = example-ci-deployer
color = efda95
region = eu-west-1

; prod / readonly
[example-prod-readonly]
role_arn = arn:aws:iam::333333333333:role/sekisho/readonly
source_profile = example-ci-deployer
color = f2b0a9
region = eu-west-1
`;

const ALICE_PROD_ADMIN = `# prod / admin
[profile example-prod-admin]
role_arn = arn:aws:iam::333333333333:role/sekisho/admin
source_profile = example-landing-sre
role_session_name = alice@example.com
duration_seconds = 3600
region = eu-west-1
`;

const S = "https://signin.aws.amazon.com/switchrole";

/** An AESR config without its first line (whose it is). */
const body2 = (t: string) => t.slice(t.indexOf("\n"));
const ALICE_LINKS = [
  `${S}?account=111111111111&roleName=sekisho%2Fadmin&displayName=dev%20%C2%B7%20admin&color=b7ca9d`,
  `${S}?account=111111111111&roleName=sekisho%2Fdeveloper&displayName=dev%20%C2%B7%20developer&color=b7ca9d`,
  `${S}?account=111111111111&roleName=sekisho%2Freadonly&displayName=dev%20%C2%B7%20readonly&color=b7ca9d`,
  `${S}?account=222222222222&roleName=sekisho%2Fadmin&displayName=stg%20%C2%B7%20admin&color=efda95`,
  `${S}?account=222222222222&roleName=sekisho%2Fdeveloper&displayName=stg%20%C2%B7%20developer&color=efda95`,
  `${S}?account=222222222222&roleName=sekisho%2Freadonly&displayName=stg%20%C2%B7%20readonly&color=efda95`,
  `${S}?account=333333333333&roleName=sekisho%2Fadmin&displayName=prod%20%C2%B7%20admin&color=f2b0a9`,
  `${S}?account=333333333333&roleName=sekisho%2Fdeveloper&displayName=prod%20%C2%B7%20developer&color=f2b0a9`,
  `${S}?account=333333333333&roleName=sekisho%2Freadonly&displayName=prod%20%C2%B7%20readonly&color=f2b0a9`,
];

describe("files for people of the example", () => {
  const model = example();
  const { files, warnings } = personalFiles(model);

  test("kenji's own ~/.aws/config and AESR config (profiles --who), exactly", () => {
    const own = ownProfiles(model, "Kenji@Example.com")!;
    assert.equal(own.awsConfig, KENJI_AWS_CONFIG);
    assert.equal(own.aesrConfig, KENJI_AESR);
    assert.deepEqual(own.warnings, []);
    assert.equal(ownProfiles(model, "ci-deployer")!.awsConfig, CI_DEPLOYER_AWS_CONFIG);
    assert.equal(ownProfiles(model, "nobody@example.com"), undefined);
    // --short-names: the names from before organisation prefixes.
    const short = ownProfiles(model, "kenji@example.com", { shortNames: true })!.awsConfig;
    assert.equal(
      short,
      KENJI_AWS_CONFIG.replaceAll("[profile example-", "[profile ").replaceAll(
        "[profile landing-",
        "[profile example-landing-",
      ),
    );
  });

  test("the accounting class's config: kenji's, with a placeholder STS refuses for the session name", () => {
    const text = files.get("profiles/access-accounting/aws-config")!;
    const body = (t: string) => t.slice(t.indexOf("\n\n# Landing session"));
    assert.equal(
      body(text),
      body(KENJI_AWS_CONFIG).replaceAll(
        "role_session_name = kenji@example.com",
        "role_session_name = <your-email>",
      ),
    );
    assert.ok(
      text.startsWith(`# AWS CLI profiles of everyone in accounting (2 people, example), written by Sekisho from the access model.
# Make it yours: replace each <your-email> with your email, the session name CloudTrail shows
# for what you do (AWS refuses <your-email> itself), or get your own copy with
#   sekisho profiles ACCESS-YAML --who YOUR-EMAIL
`),
    );
    // AWS's RoleSessionName pattern: the placeholder never passes, so a config nobody made theirs fails closed.
    assert.doesNotMatch("<your-email>", /^[\w+=,.@-]{2,64}$/);
    const aesr = files.get("profiles/access-accounting/aesr-config")!;
    assert.equal(body2(aesr), body2(KENJI_AESR));
    assert.equal(
      files.get("profiles/people.csv")!.split("\r\n").slice(0, 3).join("\n"),
      "email,teams,profiles\nalice@example.com,sre,access-sre/\nbruno@example.com,sre,access-sre/",
    );
  });

  test("the kept IAM user ci-deployer: mfa_serial on every switch, static-key base profile", () => {
    assert.equal(files.get("profiles/iam-users/ci-deployer/aws-config"), CI_DEPLOYER_AWS_CONFIG);
    assert.equal(files.get("profiles/iam-users/ci-deployer/aesr-config"), CI_DEPLOYER_AESR);
  });

  test("alice (sre) gets every environment × level, named <org>-<env>-<level>", () => {
    const text = ownProfiles(model, "alice@example.com")!.awsConfig;
    const names = [...text.matchAll(/^\[profile (.+)\]$/gm)].map((m) => m[1]);
    assert.deepEqual(names, [
      "example-landing-sre",
      "example-dev-admin",
      "example-dev-developer",
      "example-dev-readonly",
      "example-stg-admin",
      "example-stg-developer",
      "example-stg-readonly",
      "example-prod-admin",
      "example-prod-developer",
      "example-prod-readonly",
    ]);
    assert.ok(text.includes(`\n\n${ALICE_PROD_ADMIN}\n`));
  });

  test("switch-role links of alice, exactly", () => {
    const links = switchLinks(model, model.people.find((p) => p.email === "alice@example.com")!);
    assert.deepEqual(
      links.map((l) => l.url),
      ALICE_LINKS,
    );
    assert.deepEqual(links[6], {
      env: "prod",
      level: "admin",
      url: ALICE_LINKS[6],
      displayName: "prod · admin",
      color: "f2b0a9",
      accountId: "333333333333",
      roleName: "sekisho/admin",
      roleArn: "arn:aws:iam::333333333333:role/sekisho/admin",
    });
    // The URL decodes back to exactly the values.
    const u = new URL(ALICE_LINKS[6]!);
    assert.deepEqual(Object.fromEntries(u.searchParams), {
      account: "333333333333",
      roleName: "sekisho/admin",
      displayName: "prod · admin",
      color: "f2b0a9",
    });
  });

  test("farid (dev-member) reads prod only; kept users switch like their team", () => {
    const farid = model.people.find((p) => p.email === "farid@example.com")!;
    assert.deepEqual(
      switchLinks(model, farid).map((l) => `${l.env}-${l.level}`),
      ["dev-developer", "dev-readonly", "stg-developer", "stg-readonly", "prod-readonly"],
    );
    const ci = model.users.find((u) => u.name === "ci-deployer")!;
    assert.deepEqual(
      switchLinks(model, ci).map((l) => l.url),
      switchLinks(model, farid).map((l) => l.url),
    );
  });

  test("every file: the example gives no warnings; AESR and botocore read every config cleanly", () => {
    assert.deepEqual(warnings, []);
    for (const [path, text] of files) {
      if (path.endsWith("/aws-config")) assert.deepEqual(botocoreProblems(text), [], path);
      if (path.endsWith("/aesr-config")) {
        const sections = parseAesr(text);
        assert.ok(sections.length >= 2, path);
        // Text outside comments is ASCII too.
        assert.ok(/^[\x20-\x7e\n]*$/.test(text), path);
      }
    }
  });

  test("AESR: each target sits under the base of the landing role that may switch into it", () => {
    for (const person of model.people) {
      const plan = personPlan(model, person);
      const sections = parseAesr(aesrConfig(model, plan).text);
      const byName = new Map(sections.map((s) => [s.name, s.params]));
      for (const t of plan.targets) {
        const base = byName.get(byName.get(t.name)!.source_profile!)!;
        assert.equal(base.aws_account_id, model.identity.accountId);
        assert.equal(base.role_name, `landing-${t.target.team}`);
        assert.ok(
          model.teams.find((x) => x.name === t.target.team)!.grants.some((g) => g.env === t.target.env),
        );
      }
    }
  });

  test("paths: google files, people.csv and one directory per access class and kept user, sorted", () => {
    const paths = [...files.keys()];
    assert.deepEqual(
      paths,
      [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    assert.deepEqual(paths.slice(0, 3), [
      "google/directory-api.jsonl",
      "google/saml-app.md",
      "google/users.csv",
    ]);
    assert.equal(paths.length, 3 + 1 + 2 * (4 + model.users.length));
    assert.ok(files.has("profiles/access-dev-member/aws-config"));
    assert.ok(files.has("profiles/iam-users/break-glass/aws-config"));
  });

  test("deterministic: two runs over two loads are byte-identical", () => {
    const again = personalFiles(example());
    assert.deepEqual([...again.files.entries()], [...files.entries()]);
  });
});

describe("hostile names, several teams, expiry, colours", () => {
  const model = modelOf(HOSTILE);
  const { files, warnings } = personalFiles(model);

  test("warnings: a colour the console may ignore; role names AESR cannot hold", () => {
    assert.deepEqual(warnings, [
      "environment 'dev': colour 123456 is not one the console accepts (f2b0a9, fbc8aa, efda95, b7ca9d, 83d4e8); switch-role links may show no colour",
      "access-@ops+a~3db: AESR cannot read role_name 'landing-a=b' of profile hostile-landing-a_b (it holds ; # or =); left out",
      "access-~3dhyperlink+~2bsum: AESR cannot read role_name 'landing-=HYPERLINK' of profile hostile-landing-_HYPERLINK (it holds ; # or =); left out",
    ]);
  });

  test("directories: a class's teams lower-case, escaped and joined by +; a user's name with a leading = + - . , or _ guarded", () => {
    assert.deepEqual(
      [...files.keys()].filter((p) => p.endsWith("/aws-config")),
      [
        "profiles/access-~3dhyperlink+~2bsum/aws-config",
        "profiles/access--2~2b3/aws-config",
        "profiles/access-@ops+a~3db/aws-config",
        "profiles/access-~2bsum/aws-config",
        "profiles/iam-users/_=evil/aws-config",
      ].sort(),
    );
  });

  test("all configs still read cleanly; profile names carry no = or ,", () => {
    for (const [path, text] of files) {
      if (path.endsWith("/aws-config")) assert.deepEqual(botocoreProblems(text), [], path);
      if (path.endsWith("/aesr-config")) parseAesr(text);
    }
  });

  test("several teams: a base profile per landing role; each target from the longest-lasting grant", () => {
    const p = model.people.find((x) => x.email === "=1+2@evil.com")!;
    const plan = personPlan(model, p);
    assert.deepEqual(
      plan.bases.map((b) => b.name),
      ["hostile-landing-_HYPERLINK", "hostile-landing-+sum"],
    );
    assert.deepEqual(
      plan.targets.map((t) => [t.name, t.base, t.target.until ?? ""]),
      [
        ["hostile-dev-readonly", "hostile-landing-_HYPERLINK", ""],
        ["hostile-dev-admin", "hostile-landing-+sum", ""],
        ["hostile-prod-readonly", "hostile-landing-_HYPERLINK", ""],
        ["hostile-prod-admin", "hostile-landing-+sum", "2027-01-31"],
      ],
    );
    const text = awsConfig(model, plan);
    assert.ok(
      text.includes("# prod / admin, until 2027-01-31 (last day, UTC)\n[profile hostile-prod-admin]\n"),
    );
    assert.ok(text.includes("region = ap-northeast-1"));
    assert.ok(text.includes("role_session_name = =1+2@evil.com\n"));
  });

  test("AESR puts bases with a role_name first (a base without one matches any role)", () => {
    const p = model.people.find((x) => x.email === "+x@evil.com")!;
    const sections = parseAesr(aesrConfig(model, personPlan(model, p)).text);
    assert.deepEqual(
      sections.filter((s) => !s.params.role_arn).map((s) => [s.name, s.params.role_name ?? ""]),
      [
        ["hostile-landing-@ops", "landing-@ops"],
        ["hostile-landing-a_b", ""],
      ],
    );
  });

  test("a kept user whose name starts with =: clean config, exact mfa_serial", () => {
    const u = model.users[0]!;
    const text = awsConfig(model, userPlan(model, u));
    assert.deepEqual(botocoreProblems(text), []);
    assert.ok(text.includes("mfa_serial = arn:aws:iam::999999999999:mfa/=evil\n"));
  });

  test("the longest-lasting grant wins: forever over until, later over earlier", () => {
    const m = modelOf(`organization: o
identity: { account: "999999999999", provider: { name: G }, landing: ro }
environments: { prod: { account: "333333333333" } }
levels: { ro: { managed: [ReadOnlyAccess], access: read }, admin: { managed: [AdministratorAccess] } }
teams:
  a: { can: { prod: [ro, { level: admin, until: 2027-01-31 }] } }
  b: { can: { prod: [{ level: admin, until: 2027-06-30 }] } }
  c: { can: { prod: [admin] } }
people: { "p@x.io": [a, b], "q@x.io": [a, b, c] }
`);
    const t = (email: string) => switchTargets(m, m.people.find((p) => p.email === email)!.teams);
    assert.deepEqual(
      t("p@x.io").map((x) => [x.level, x.team, x.until]),
      [
        ["ro", "a", undefined],
        ["admin", "b", "2027-06-30"],
      ],
    );
    assert.deepEqual(
      t("q@x.io").map((x) => [x.level, x.team, x.until]),
      [
        ["ro", "a", undefined],
        ["admin", "c", undefined],
      ],
    );
    // No colour: no color parameter, no color line.
    const link = switchLinks(m, m.people[0]!)[0]!;
    assert.equal(link.url, `${S}?account=333333333333&roleName=sekisho%2Fro&displayName=prod%20%C2%B7%20ro`);
    assert.equal(link.color, undefined);
  });
});

describe("names", () => {
  test("profile names collide only in strange models, and then get -2", () => {
    const m = modelOf(`organization: o
identity: { account: "999999999999", provider: { name: G }, landing: ro }
environments: { a-b: { account: "111111111111" }, a: { account: "222222222222" } }
levels: { ro: { managed: [ReadOnlyAccess], access: read }, c: { managed: [ReadOnlyAccess] }, b-c: { managed: [ReadOnlyAccess] } }
teams: { t: { can: { "*": [ro, c, b-c] } } }
people: { "p@x.io": [t] }
`);
    const { files, warnings } = personalFiles(m);
    const names = [...files.get("profiles/access-t/aws-config")!.matchAll(/^\[profile (.+)\]$/gm)].map(
      (x) => x[1],
    );
    assert.ok(names.includes("o-a-b-c") && names.includes("o-a-b-c-2"));
    assert.equal(new Set(names).size, names.length);
    assert.deepEqual(warnings, ["access-t: profile name 'o-a-b-c' is taken; using 'o-a-b-c-2'"]);
    parseAesr(files.get("profiles/access-t/aesr-config")!);
  });

  test("uniqueNames and profileToken", () => {
    assert.deepEqual(uniqueNames(["x", "x", "x-2", "y"]).names, ["x", "x-2", "x-2-2", "y"]);
    assert.equal(profileToken("a=b,c@d+e.f_g-h"), "a_b_c@d+e.f_g-h");
  });

  test("dirName: lower case, edges guarded, one-to-one", () => {
    const cases: [string, string][] = [
      ["Alice@Example.com", "alice@example.com"],
      [".hidden@x.io", "_.hidden@x.io"],
      ["-rf@x.io", "_-rf@x.io"],
      ["_u@x.io", "__u@x.io"],
      ["=cmd@x.io", "_=cmd@x.io"],
      ["a@x.io.", "a@x.io._"],
      ["a@x.io_", "a@x.io__"],
      ["ci-deployer", "ci-deployer"],
    ];
    for (const [id, dir] of cases) assert.equal(dirName(id), dir, id);
    const ids = ["a_", "a", "_a", "a._", "a.", ".a", "__a", "a__", "-a", "=a", "+a", ",a"];
    const dirs = ids.map(dirName);
    assert.equal(new Set(dirs).size, ids.length);
    const back = (d: string) => d.replace(/^_/, "").replace(/_$/, "");
    assert.deepEqual(dirs.map(back), ids);
  });

  test("switch URLs encode every value; display names are cut at 64 characters", () => {
    assert.equal(
      switchUrl({ accountId: "123456789012", roleName: "a b/&c=d", displayName: "x&y=z#?", color: "f2b0a9" }),
      `${S}?account=123456789012&roleName=a%20b%2F%26c%3Dd&displayName=x%26y%3Dz%23%3F&color=f2b0a9`,
    );
    const level = "l".repeat(50);
    const m = modelOf(`organization: o
identity: { account: "999999999999", provider: { name: G }, landing: ro }
environments: { production-eu-west: { account: "111111111111", color: blue } }
levels: { ro: { managed: [ReadOnlyAccess], access: read }, ${level}: { managed: [ReadOnlyAccess] } }
teams: { t: { can: { "*": [ro, ${level}] } } }
people: { "p@x.io": [t] }
`);
    const links = switchLinks(m, m.people[0]!);
    assert.equal(links[1]!.displayName, `production-eu-west · ${level}`.slice(0, 64));
    assert.equal(Array.from(links[1]!.displayName).length, 64);
    assert.deepEqual(switchLinkWarnings(m), [
      `display name 'production-eu-west · ${level}' is cut to 64 characters in switch-role links`,
    ]);
  });
});
