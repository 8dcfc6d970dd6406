// End to end: the CLI as a user runs it, as a separate process. Exit codes (0 ok, 1
// validation errors, 2 usage or I/O errors), help and version, the files `plan` writes,
// determinism, and the safety of the output directory.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { datasetText } from "../datasets.js";
import { lines, listFiles, mutate, ROOT, readTree, sekisho, sekishoOnce, TODAY, tempDir } from "./helpers.js";

const EXAMPLE = "examples/access.yaml";
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

/** What `plan examples/access.yaml` writes, marker included, sorted. */
const EXAMPLE_PLAN_FILES = [
  ".sekisho-output",
  "cloudformation/111111111111-dev-environment.json",
  "cloudformation/111111111111-dev-identity.json",
  "cloudformation/222222222222-stg-environment.json",
  "cloudformation/333333333333-prod-environment.json",
  "cloudformation/stackset-environment-1.json",
  "cloudformation/stackset-environment-2.json",
  "cloudformation/stackset-environment-3.json",
  "deploy.md",
  "google/directory-api.jsonl",
  "google/saml-app.md",
  "google/users.csv",
  "portal/access-accounting.html",
  "portal/access-dev-lead.html",
  "portal/access-dev-member.html",
  "portal/access-sre.html",
  "portal/index.html",
  "profiles/access-accounting/aesr-config",
  "profiles/access-accounting/aws-config",
  "profiles/access-dev-lead/aesr-config",
  "profiles/access-dev-lead/aws-config",
  "profiles/access-dev-member/aesr-config",
  "profiles/access-dev-member/aws-config",
  "profiles/access-sre/aesr-config",
  "profiles/access-sre/aws-config",
  "profiles/iam-users/break-glass/aesr-config",
  "profiles/iam-users/break-glass/aws-config",
  "profiles/iam-users/ci-deployer/aesr-config",
  "profiles/iam-users/ci-deployer/aws-config",
  "profiles/people.csv",
  "proof.json",
  "proof.sarif",
  "report.html",
  "report.md",
  "state/111111111111.json",
  "state/111111111111.oidc-providers.json",
  "state/111111111111.saml-providers.json",
  "state/222222222222.json",
  "state/222222222222.oidc-providers.json",
  "state/333333333333.json",
  "state/333333333333.oidc-providers.json",
  "summary.md",
  "terraform/accounts/111111111111-dev/main.tf",
  "terraform/accounts/222222222222-stg/main.tf",
  "terraform/accounts/333333333333-prod/main.tf",
  "terraform/modules/sekisho-environment/main.tf",
  "terraform/modules/sekisho-environment/outputs.tf",
  "terraform/modules/sekisho-environment/variables.tf",
  "terraform/modules/sekisho-environment/versions.tf",
  "terraform/modules/sekisho-identity/main.tf",
  "terraform/modules/sekisho-identity/outputs.tf",
  "terraform/modules/sekisho-identity/variables.tf",
  "terraform/modules/sekisho-identity/versions.tf",
  "workloads/api-deploy.md",
  "workloads/infra-plan.md",
];

/** The first lines of the top-level usage text. */
const USAGE_HEAD = [
  "sekisho: access-as-code for AWS",
  "",
  "Usage: sekisho <command> [options]",
  "",
  "Commands:",
];
const USAGE_TAIL = [
  "",
  "Options: --help (also after a command), --version",
  "Exit codes: 0 ok, 1 validation errors or failed checks, 2 usage or I/O errors.",
];

/** The command names listed in the usage text. */
function listedCommands(usage: string): string[] {
  const all = lines(usage);
  const start = all.indexOf("Commands:") + 1;
  const end = all.indexOf("", start);
  return all.slice(start, end).map((l) => l.trim().split(/\s+/)[0]!);
}

/** The siblings a write could leave next to the output directory (`.DIR.tmp-*`, `.DIR.old-*`). */
function leftovers(parent: string): string[] {
  return readdirSync(parent).filter((n) => /\.tmp-|\.old-/.test(n));
}

describe("help, version and usage errors", { concurrency: 4 }, () => {
  test("--version and -v print the version of package.json", async () => {
    for (const flag of ["--version", "-v"]) {
      const r = await sekisho([flag]);
      assert.equal(r.status, 0, flag);
      assert.equal(r.stdout, `${VERSION}\n`);
      assert.equal(r.stderr, "");
    }
  });

  test("--help, -h and help print the usage on stdout and exit 0", async () => {
    const outputs: string[] = [];
    for (const flag of ["--help", "-h", "help"]) {
      const r = await sekisho([flag]);
      assert.equal(r.status, 0, flag);
      assert.equal(r.stderr, "");
      outputs.push(r.stdout);
    }
    assert.equal(outputs[1], outputs[0]);
    assert.equal(outputs[2], outputs[0]);
    const usage = lines(outputs[0]!);
    assert.deepEqual(usage.slice(0, USAGE_HEAD.length), USAGE_HEAD);
    assert.deepEqual(usage.slice(-USAGE_TAIL.length), USAGE_TAIL);
    const commands = listedCommands(outputs[0]!);
    for (const c of ["validate", "plan", "schema"]) assert.ok(commands.includes(c), `usage lists ${c}`);
  });

  test("no command prints the usage and exits 2", async () => {
    const help = await sekishoOnce(["--help"]);
    const r = await sekisho([]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, help.stdout);
  });

  test("every listed command has --help and -h, exit 0, starting with its usage line", async () => {
    const usage = (await sekishoOnce(["--help"])).stdout;
    for (const name of listedCommands(usage)) {
      const long = await sekishoOnce([name, "--help"]);
      assert.equal(long.status, 0, name);
      assert.equal(long.stderr, "", name);
      assert.equal(lines(long.stdout)[0]?.startsWith(`Usage: sekisho ${name}`), true, long.stdout);
      const short = await sekisho([name, "-h"]);
      assert.equal(short.status, 0, name);
      assert.equal(short.stdout, long.stdout, `${name} -h`);
      // --help wins over other arguments, even invalid ones.
      const mixed = await sekisho([name, "no-such-file.yaml", "--frobnicate", "--help"]);
      assert.equal(mixed.status, 0, `${name} ... --help`);
      assert.equal(mixed.stdout, long.stdout);
    }
  });

  test("the usage lines of validate, plan and schema", async () => {
    const first = async (name: string) => lines((await sekishoOnce([name, "--help"])).stdout)[0];
    assert.equal(await first("validate"), "Usage: sekisho validate FILE [--json]");
    assert.equal(
      await first("plan"),
      "Usage: sekisho plan FILE -o DIR [--existing EXPORT]... [--saml-providers FILE]... [--oidc-providers FILE]...",
    );
    assert.equal(await first("schema"), "Usage: sekisho schema");
  });

  test("unknown command: exit 2, named on stderr, then the usage", async () => {
    const help = await sekishoOnce(["--help"]);
    const r = await sekisho(["frobnicate", EXAMPLE]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, `sekisho: unknown command 'frobnicate'\n\n${help.stdout}`);
  });

  const usageErrors: [string, string[], string][] = [
    ["validate without FILE", ["validate"], "sekisho validate: missing FILE"],
    ["plan without FILE", ["plan"], "sekisho plan: missing FILE"],
    ["plan without FILE, with -o", ["plan", "-o", "somewhere"], "sekisho plan: missing FILE"],
    ["plan without -o", ["plan", EXAMPLE], "sekisho plan: missing -o DIR"],
    [
      "plan with -o and no DIR",
      ["plan", EXAMPLE, "-o"],
      "sekisho plan: Option '-o, --out <value>' argument missing",
    ],
    ["plan with an empty -o", ["plan", EXAMPLE, "-o", ""], "sekisho plan: missing -o DIR"],
    [
      "validate, unknown long option",
      ["validate", EXAMPLE, "--frob"],
      "sekisho validate: Unknown option '--frob'",
    ],
    ["validate, unknown short option", ["validate", EXAMPLE, "-x"], "sekisho validate: Unknown option '-x'"],
    [
      "plan, unknown option",
      ["plan", EXAMPLE, "-o", "x", "--force"],
      "sekisho plan: Unknown option '--force'",
    ],
    [
      "validate, two files",
      ["validate", EXAMPLE, EXAMPLE],
      `sekisho validate: unexpected argument '${EXAMPLE}'`,
    ],
    ["schema with an argument", ["schema", "extra"], "sekisho schema: unexpected argument 'extra'"],
  ];
  for (const [what, args, message] of usageErrors) {
    test(`usage error, exit 2: ${what}`, async () => {
      const command = args[0]!;
      const help = await sekishoOnce([command, "--help"]);
      const r = await sekisho(args);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, "");
      assert.equal(r.stderr, `${message}\n\n${help.stdout}`);
    });
  }

  test("I/O errors, exit 2, one line on stderr: missing file, a directory", async () => {
    const missing = await sekisho(["validate", "no-such-file.yaml"]);
    assert.equal(missing.status, 2);
    assert.equal(missing.stdout, "");
    assert.equal(missing.stderr, "sekisho validate: no-such-file.yaml: cannot read (ENOENT)\n");
    const dir = await sekisho(["validate", "examples"]);
    assert.equal(dir.status, 2);
    assert.equal(dir.stderr, "sekisho validate: examples: not a file\n");
  });

  test("an invalid SEKISHO_TODAY is an input error, not a silent date", async () => {
    for (const bad of ["garbage", "2026-02-30", "2026-1-5"]) {
      const r = await sekisho(["validate", EXAMPLE], { env: { SEKISHO_TODAY: bad } });
      assert.equal(r.status, 2, bad);
      assert.equal(r.stdout, "");
      assert.equal(r.stderr, `sekisho validate: SEKISHO_TODAY must be a date YYYY-MM-DD, not '${bad}'\n`);
    }
  });

  test("plan of a missing file: exit 2 and no output directory", async () => {
    const tmp = tempDir();
    const out = join(tmp, "out");
    const r = await sekisho(["plan", join(tmp, "missing.yaml"), "-o", out]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `sekisho plan: ${join(tmp, "missing.yaml")}: cannot read (ENOENT)\n`);
    assert.deepEqual(readdirSync(tmp), []);
  });

  test("plan into a directory whose parent does not exist: exit 2, nothing made", async () => {
    const tmp = tempDir();
    const out = join(tmp, "no", "such", "out");
    const r = await sekisho(["plan", EXAMPLE, "-o", out]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `sekisho plan: parent directory ${join(tmp, "no", "such")} does not exist\n`);
    assert.deepEqual(readdirSync(tmp), []);
  });
});

describe("plan --existing", () => {
  test("what today's export has is adopted with import blocks; a broken export: exit 2, nothing written", async () => {
    const tmp = tempDir();
    const first = await sekisho(["plan", EXAMPLE, "-o", join(tmp, "first")]);
    assert.equal(first.status, 0, first.stderr);
    // Today's identity account is the compiled one: its provider, roles, groups and policy exist.
    const r = await sekisho([
      "plan",
      EXAMPLE,
      "-o",
      join(tmp, "second"),
      "--existing",
      join(tmp, "first/state/111111111111.json"),
      "--saml-providers",
      join(tmp, "first/state/111111111111.saml-providers.json"),
    ]);
    assert.equal(r.status, 0, r.stderr);
    const main = readFileSync(join(tmp, "second/terraform/accounts/111111111111-dev/main.tf"), "utf8");
    const imports = [...main.matchAll(/^import \{\n {2}to = (.+)\n {2}id = (.+)\n\}$/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    assert.deepEqual(imports, [
      'module.sekisho.aws_iam_saml_provider.this["GoogleWorkspace"] "arn:aws:iam::111111111111:saml-provider/GoogleWorkspace"',
      'module.sekisho.aws_iam_policy.this["sekisho-self-manage-credentials"] "arn:aws:iam::111111111111:policy/sekisho/sekisho-self-manage-credentials"',
      ...[
        "admin",
        "developer",
        "readonly",
        "workload-infra-plan",
        "landing-sre",
        "landing-dev-lead",
        "landing-dev-member",
        "landing-accounting",
      ].map((n) => `module.sekisho.aws_iam_role.this["${n}"] "${n}"`),
      'module.sekisho.aws_iam_group.this["sekisho-sre"] "sekisho-sre"',
      'module.sekisho.aws_iam_group.this["sekisho-dev-member"] "sekisho-dev-member"',
    ]);
    for (const env of ["222222222222-stg", "333333333333-prod"])
      assert.doesNotMatch(
        readFileSync(join(tmp, `second/terraform/accounts/${env}/main.tf`), "utf8"),
        /^import/m,
      );
    assert.match(
      readFileSync(join(tmp, "second/deploy.md"), "utf8"),
      /\| 3 \| 111111111111 \(dev\) \| `terraform\/accounts\/111111111111-dev` \| Plan: 12 to import, 41 to add/,
    );

    writeFileSync(join(tmp, "broken.json"), "{ not json");
    const bad = await sekisho([
      "plan",
      EXAMPLE,
      "-o",
      join(tmp, "third"),
      "--existing",
      join(tmp, "broken.json"),
    ]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /broken\.json/);
    assert.equal(existsSync(join(tmp, "third")), false);
  });
});

describe("validate", { concurrency: 4 }, () => {
  test("the example is valid: exit 0, one line on stdout, nothing on stderr", async () => {
    const r = await sekisho(["validate", EXAMPLE]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.equal(
      r.stdout,
      `${EXAMPLE}: valid (3 environments, 3 levels, 4 teams, 12 people, 2 kept users)\n`,
    );
  });

  test("--json on a valid model", async () => {
    const r = await sekisho(["validate", "--json", EXAMPLE]);
    assert.equal(r.status, 0);
    assert.equal(r.stderr, "");
    assert.deepEqual(JSON.parse(r.stdout), { valid: true, diagnostics: [] });
    assert.equal(r.stdout, '{\n  "valid": true,\n  "diagnostics": []\n}\n');
  });

  test("--json on an invalid model: every diagnostic, in file order, nothing on stderr, exit 1", async () => {
    const tmp = tempDir();
    const file = join(tmp, "access.yaml");
    let text = readFileSync(join(ROOT, EXAMPLE), "utf8");
    text = mutate(text, "  sessionDuration: 8h", "  sesionDuration: 8h");
    text = mutate(text, '"222222222222"', '"111111111111"');
    text = mutate(text, "kenji@example.com: [accounting]", "kenji@example.com: [acounting]");
    writeFileSync(file, text);
    const r = await sekisho(["validate", "--json", "access.yaml"], { cwd: tmp });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, "");
    const at = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    const out = JSON.parse(r.stdout) as { valid: boolean; diagnostics: Record<string, unknown>[] };
    assert.deepEqual(out, {
      valid: false,
      diagnostics: [
        {
          severity: "error",
          code: "unknown-key",
          file: "access.yaml",
          line: at("sesionDuration"),
          column: 3,
          message: "unknown key 'sesionDuration' in identity",
          expected: "one of: account, provider, sessionDuration, landing, audiences",
          didYouMean: "sessionDuration",
        },
        {
          severity: "error",
          code: "duplicate-account",
          file: "access.yaml",
          line: at("stg:"),
          column: 20,
          message: "account 111111111111 is already the account of environment 'dev'",
          expected: "one environment per account",
        },
        {
          severity: "error",
          code: "unknown-team",
          file: "access.yaml",
          line: at("kenji@"),
          column: 23,
          message: "person 'kenji@example.com' refers to unknown team 'acounting'",
          expected: "one of: sre, dev-lead, dev-member, accounting",
          didYouMean: "accounting",
        },
      ],
    });
  });

  test("--json on a model with a warning only: valid, exit 0", async () => {
    const tmp = tempDir();
    const text = mutate(
      readFileSync(join(ROOT, EXAMPLE), "utf8"),
      'can: { "*": [readonly] }',
      'can: { "*": [{ level: readonly, until: 2026-11-27 }] }',
    );
    writeFileSync(join(tmp, "access.yaml"), text);
    const r = await sekisho(["validate", "access.yaml", "--json"], { cwd: tmp });
    assert.equal(r.status, 0);
    const out = JSON.parse(r.stdout) as { valid: boolean; diagnostics: { severity: string; code: string }[] };
    assert.equal(out.valid, true);
    assert.deepEqual(
      out.diagnostics.map((d) => [d.severity, d.code]),
      [["warning", "expired-grant"]],
    );
  });
});

describe("schema", () => {
  test("prints a JSON Schema of the access model", async () => {
    const r = await sekisho(["schema"]);
    assert.equal(r.status, 0);
    assert.equal(r.stderr, "");
    assert.ok(r.stdout.endsWith("}\n"));
    const schema = JSON.parse(r.stdout) as {
      $schema: string;
      type: string;
      title: string;
      properties: Record<string, { type?: string }>;
      required: string[];
      additionalProperties: boolean;
    };
    assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
    assert.equal(schema.type, "object");
    assert.equal(schema.title, "Sekisho access model");
    assert.deepEqual(Object.keys(schema.properties), [
      "organization",
      "identity",
      "environments",
      "levels",
      "teams",
      "people",
      "users",
      "workloads",
      "options",
    ]);
    assert.deepEqual(schema.required, [
      "organization",
      "identity",
      "environments",
      "levels",
      "teams",
      "people",
    ]);
    assert.equal(schema.additionalProperties, false);
    assert.equal(schema.properties.organization?.type, "string");
    assert.equal(schema.properties.people?.type, "object");
    // Deterministic, like every output.
    assert.equal((await sekisho(["schema"])).stdout, r.stdout);
  });
});

describe("plan", { concurrency: 2 }, () => {
  test("writes exactly the expected files, and says how many", async () => {
    const tmp = tempDir();
    const out = join(tmp, "out");
    const r = await sekisho(["plan", EXAMPLE, "-o", out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    // prove's table first, then its verdict and what was written.
    assert.match(lines(r.stdout)[0]!, /^check +result +summary$/);
    assert.ok(
      r.stdout.endsWith(
        `\nproof passed (evaluated at ${TODAY}T00:00:00Z)\nwrote ${EXAMPLE_PLAN_FILES.length - 1} files to ${out}\n`,
      ),
      r.stdout,
    );
    assert.deepEqual(listFiles(out), EXAMPLE_PLAN_FILES);
    assert.equal(readFileSync(join(out, ".sekisho-output"), "utf8"), "sekisho plan\n");
    assert.deepEqual(readdirSync(tmp), ["out"]);
    for (const f of EXAMPLE_PLAN_FILES.filter((x) => x.endsWith(".json"))) {
      assert.doesNotThrow(() => JSON.parse(readFileSync(join(out, f), "utf8")), f);
    }
  });

  test("is deterministic: two runs, byte-identical trees", async () => {
    const tmp = tempDir();
    const [a, b] = [join(tmp, "a"), join(tmp, "b")];
    const [ra, rb] = [await sekisho(["plan", EXAMPLE, "-o", a]), await sekisho(["plan", EXAMPLE, "-o", b])];
    assert.equal(ra.status, 0);
    assert.equal(rb.status, 0);
    const [ta, tb] = [readTree(a), readTree(b)];
    assert.deepEqual([...ta.keys()], EXAMPLE_PLAN_FILES);
    assert.deepEqual([...tb.keys()], [...ta.keys()]);
    for (const [f, bytes] of ta) assert.ok(bytes.equals(tb.get(f)!), `${f} differs between runs`);
  });

  test("the output does not depend on the working directory or the file's path", async () => {
    const tmp = tempDir();
    const input = join(tmp, "access.yaml");
    writeFileSync(input, readFileSync(join(ROOT, EXAMPLE)));
    const [a, b] = [join(tmp, "a"), join(tmp, "b")];
    assert.equal((await sekisho(["plan", "access.yaml", "-o", "a"], { cwd: tmp })).status, 0);
    assert.equal((await sekisho(["plan", input, "-o", b])).status, 0);
    const [ta, tb] = [readTree(a), readTree(b)];
    assert.deepEqual([...tb.keys()], EXAMPLE_PLAN_FILES);
    for (const [f, bytes] of ta) assert.ok(bytes.equals(tb.get(f)!), `${f} differs`);
  });

  test("the date changes what is reported, never what is deployed", async () => {
    const tmp = tempDir();
    const [a, b] = [join(tmp, "a"), join(tmp, "b")];
    assert.equal((await sekisho(["plan", EXAMPLE, "-o", a])).status, 0);
    assert.equal(
      (await sekisho(["plan", EXAMPLE, "-o", b], { env: { SEKISHO_TODAY: "2031-01-01" } })).status,
      0,
    );
    const [ta, tb] = [readTree(a), readTree(b)];
    assert.deepEqual([...tb.keys()], [...ta.keys()]);
    // Templates, state, profiles, Google settings and the deploy guide: the same bytes.
    const deployed = [...ta.keys()].filter((f) =>
      /^(cloudformation|state|profiles|google)\/|^deploy\.md$/.test(f),
    );
    assert.ok(deployed.length >= 27, `${deployed.length} deployable files`);
    for (const f of deployed) assert.ok(ta.get(f)!.equals(tb.get(f)!), `${f} depends on the date`);
    // prove's evaluation time is recorded.
    assert.ok(
      !ta.get("proof.json")!.equals(tb.get("proof.json")!),
      "proof.json records when it was evaluated",
    );
  });

  test("an empty existing directory is written into", async () => {
    const tmp = tempDir();
    const out = join(tmp, "out");
    mkdirSync(out);
    const r = await sekisho(["plan", EXAMPLE, "-o", out]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(listFiles(out), EXAMPLE_PLAN_FILES);
    assert.deepEqual(leftovers(tmp), []);
  });

  test("refuses a non-empty directory Sekisho did not make: exit 2, names it, leaves it untouched", async () => {
    const tmp = tempDir();
    const out = join(tmp, "precious");
    mkdirSync(join(out, "sub"), { recursive: true });
    writeFileSync(join(out, "notes.txt"), "mine\n");
    writeFileSync(join(out, "sub", "deep.json"), "{}\n");
    const before = readTree(out);
    const r = await sekisho(["plan", EXAMPLE, "-o", out]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      `sekisho plan: ${out} exists, is not empty and was not written by Sekisho; choose another directory or empty it\n`,
    );
    assert.deepEqual(readTree(out), before);
    assert.deepEqual(readdirSync(tmp), ["precious"]);
  });

  test("refuses a directory whose marker was not written by Sekisho", async () => {
    const tmp = tempDir();
    const out = join(tmp, "out");
    mkdirSync(out);
    writeFileSync(join(out, ".sekisho-output"), "someone else\n");
    writeFileSync(join(out, "keep.txt"), "keep\n");
    const before = readTree(out);
    const r = await sekisho(["plan", EXAMPLE, "-o", out]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /exists, is not empty and was not written by Sekisho/);
    assert.deepEqual(readTree(out), before);
    assert.deepEqual(readdirSync(tmp), ["out"]);
  });

  test("replaces a directory Sekisho made earlier, stale files included", async () => {
    const tmp = tempDir();
    const out = join(tmp, "out");
    const fresh = join(tmp, "fresh");
    assert.equal((await sekisho(["plan", EXAMPLE, "-o", out])).status, 0);
    writeFileSync(join(out, "stale.txt"), "from an older plan\n");
    writeFileSync(join(out, "summary.md"), "edited by hand\n");
    const r = await sekisho(["plan", EXAMPLE, "-o", out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.equal((await sekisho(["plan", EXAMPLE, "-o", fresh])).status, 0);
    assert.deepEqual(listFiles(out), EXAMPLE_PLAN_FILES);
    const [to, tf] = [readTree(out), readTree(fresh)];
    for (const [f, bytes] of tf) assert.ok(bytes.equals(to.get(f)!), `${f} not replaced`);
    assert.deepEqual(readdirSync(tmp).sort(), ["fresh", "out"]);
  });

  test("a validation error writes nothing: no directory, no temporary sibling", async () => {
    const tmp = tempDir();
    const input = join(tmp, "access.yaml");
    writeFileSync(
      input,
      mutate(readFileSync(join(ROOT, EXAMPLE), "utf8"), "landing: readonly", "landing: redonly"),
    );
    const r = await sekisho(["plan", "access.yaml", "-o", "out"], { cwd: tmp });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    const line = readFileSync(input, "utf8").split("\n").indexOf("  landing: redonly") + 1;
    assert.deepEqual(lines(r.stderr), [
      `access.yaml:${line}:12: error [missing-landing-level] identity.landing refers to unknown level 'redonly'`,
      "  expected: one of: admin, developer, readonly",
      "  did you mean 'readonly'?",
      "1 error, 0 warnings",
      "nothing written",
    ]);
    assert.deepEqual(readdirSync(tmp), ["access.yaml"]);
  });

  test("a validation error leaves an earlier Sekisho output as it was", async () => {
    const tmp = tempDir();
    const out = join(tmp, "out");
    assert.equal((await sekisho(["plan", EXAMPLE, "-o", out])).status, 0);
    const before = readTree(out);
    const input = join(tmp, "access.yaml");
    writeFileSync(
      input,
      mutate(readFileSync(join(ROOT, EXAMPLE), "utf8"), "organization: example", "organization: [x]"),
    );
    const r = await sekisho(["plan", input, "-o", out]);
    assert.equal(r.status, 1);
    assert.deepEqual(readTree(out), before);
    assert.deepEqual(readdirSync(tmp).sort(), ["access.yaml", "out"]);
  });

  // Both used to be uncaught exceptions (exit 1 and a stack trace).
  test("-o naming an existing regular file: exit 2, one line, file untouched", async () => {
    const tmp = tempDir();
    const file = join(tmp, "out");
    writeFileSync(file, "not a directory\n");
    const r = await sekisho(["plan", EXAMPLE, "-o", file]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, `sekisho plan: ${file} exists and is not a directory\n`);
    assert.equal(readFileSync(file, "utf8"), "not a directory\n");
    assert.deepEqual(readdirSync(tmp), ["out"]);
  });

  test("-o naming a directory whose .sekisho-output is a directory: exit 2, untouched", async () => {
    const tmp = tempDir();
    const out = join(tmp, "out");
    mkdirSync(join(out, ".sekisho-output"), { recursive: true });
    writeFileSync(join(out, "keep.txt"), "keep\n");
    const before = readTree(out);
    const r = await sekisho(["plan", EXAMPLE, "-o", out]);
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      `sekisho plan: ${out} exists, is not empty and was not written by Sekisho; choose another directory or empty it\n`,
    );
    assert.deepEqual(readTree(out), before);
    assert.ok(existsSync(join(out, ".sekisho-output")));
    assert.deepEqual(readdirSync(tmp), ["out"]);
  });
});

describe("audit of a folder as sekisho collect writes it", () => {
  test("each ACCOUNT/ folder gives its export, credential report and SAML providers", async () => {
    const dir = join(tempDir(), "collected");
    const account = join(dir, "123456789012");
    mkdirSync(account, { recursive: true });
    writeFileSync(
      join(account, "authorization-details.json"),
      datasetText("cloudmapper-demo-authz-details.json"),
    );
    writeFileSync(
      join(account, "credential-report.json"),
      datasetText("cloudmapper-demo-credential-report.json"),
    );
    writeFileSync(join(account, "saml-providers.json"), '{"SAMLProviderList": []}\n');
    const r = await sekisho(["audit", dir, "--fail-on", "critical"]);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(lines(r.stdout).slice(0, 2), [
      "Accounts audited: 1 (123456789012)",
      "1. Too many IAM users: 2 users; console password 1, active access keys 2, MFA 0, no MFA 2",
    ]);
    const empty = join(tempDir(), "empty");
    mkdirSync(empty);
    const e = await sekisho(["audit", empty]);
    assert.equal(e.status, 2);
    assert.equal(
      e.stderr,
      `sekisho audit: ${empty}: a folder, but neither it nor its subfolders hold authorization-details.json (the layout sekisho collect writes)\n`,
    );
  });
});
