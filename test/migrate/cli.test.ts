// `sekisho migrate` end to end on a real export (test/fixtures/datasets, cloudsplaining's example
// account) and a model written for it: the files, the scripts (parsed by bash), the backups,
// and the refusal when the model would let a team escalate through an existing role.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import type { MigrationPlan } from "../../src/migrate/types.js";
import { listFiles, ROOT, sekisho, tempDir } from "../cli/helpers.js";
import { datasetPath } from "../datasets.js";
import { MODEL as FIXTURE_MODEL, today } from "./fixtures.js";

const DATASET = datasetPath("cloudsplaining-test-example-authz-details.json");
const MODEL = join(ROOT, "test", "migrate", "cloudsplaining.yaml");
const MAP = ["--map", "obama=barack@example.gov", "--map", "biden=joe@example.gov"];

describe("sekisho migrate on the cloudsplaining example account", () => {
  test("writes the plan, scripts bash can parse, backups and templates; every dry run passes", async () => {
    const out = join(tempDir(), "migration");
    const r = await sekisho(["migrate", MODEL, DATASET, ...MAP, "-o", out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.split("\n")[0], "9 steps for 3 IAM users in 1 accounts:");
    assert.match(r.stdout, /wrote 33 files to .*; start with .*plan\.md\n$/);
    const files = listFiles(out);
    assert.deepEqual(
      files.filter((f) => !f.startsWith("scripts/")),
      [
        ".sekisho-output",
        "backup/012345678901/biden/inline-InsecureUserPolicy.json",
        "backup/012345678901/userwithlotsofpermissions/inline-InsecureUserPolicy.json",
        "cloudformation/012345678901-main-environment.json",
        "cloudformation/012345678901-main-identity.json",
        "plan.json",
        "plan.md",
      ],
    );
    const scripts = files.filter((f) => f.startsWith("scripts/"));
    assert.equal(scripts.length, 27, "a script, a gate and a rollback per step");
    for (const s of scripts) {
      const parsed = spawnSync("bash", ["-n", join(out, s)], { encoding: "utf8" });
      assert.equal(parsed.status, 0, `${s}: ${parsed.stderr}`);
    }
    const plan = JSON.parse(readFileSync(join(out, "plan.json"), "utf8")) as MigrationPlan;
    assert.deepEqual(
      plan.steps.map((s) => s.id),
      [
        "create-kept-users",
        "deploy-environment-roles",
        "deploy-identity",
        "google-attributes",
        "verify-sign-in",
        "remove-console-and-policies",
        "deactivate-keys",
        "delete-users",
        "reduce-kept-users",
      ],
    );
    assert.ok(plan.steps.every((s) => s.check.passed));
    assert.deepEqual(
      plan.users.map((u) => [u.name, u.fate.kind]),
      [
        ["biden", "replaced"],
        ["obama", "replaced"],
        ["userwithlotsofpermissions", "kept"],
      ],
    );
    assert.deepEqual(
      plan.flags.map((f) => f.kind),
      ["break-glass", "demotion", "no-credential-report"],
    );
    // The backup the rollback reads is the user's inline policy exactly as exported.
    const dataset = JSON.parse(readFileSync(DATASET, "utf8")) as {
      UserDetailList: {
        UserName: string;
        UserPolicyList: { PolicyName: string; PolicyDocument: unknown }[];
      }[];
    };
    const biden = dataset.UserDetailList.find((u) => u.UserName === "biden")!;
    assert.deepEqual(
      JSON.parse(readFileSync(join(out, "backup/012345678901/biden/inline-InsecureUserPolicy.json"), "utf8")),
      biden.UserPolicyList[0]!.PolicyDocument,
    );
    const reduce = readFileSync(join(out, "scripts/09-reduce-kept-users.sh"), "utf8");
    assert.ok(
      reduce.includes(
        "aws iam remove-user-from-group --user-name userwithlotsofpermissions --group-name admin --profile admin-main",
      ),
    );
    assert.ok(
      reduce.includes(
        "aws iam delete-user-policy --user-name userwithlotsofpermissions --policy-name InsecureUserPolicy --profile admin-main",
      ),
    );
    // Written by Sekisho: a second run replaces it.
    const again = await sekisho(["migrate", MODEL, DATASET, ...MAP, "-o", out]);
    assert.equal(again.status, 0);
  });

  test("refuses, with the path, a model whose developers could escalate through an existing role", async () => {
    const dir = tempDir();
    const model = join(dir, "access.yaml");
    writeFileSync(
      model,
      readFileSync(MODEL, "utf8").replace(
        "builders: { can: { main: [readonly] } }",
        "builders: { can: { main: [developer, readonly] } }",
      ),
    );
    const out = join(dir, "migration");
    const r = await sekisho(["migrate", model, DATASET, ...MAP, "-o", out]);
    assert.equal(r.status, 1);
    assert.match(
      r.stdout,
      /4\. Set each person's AWS sign-in attributes in Google Workspace {2}\[dry run FAILED\]/,
    );
    assert.match(r.stdout, /but do NOT run them: a dry run failed \(see plan\.md\)\n$/);
    const md = readFileSync(join(out, "plan.md"), "utf8");
    assert.ok(md.includes("> **Do not run this plan.**"));
    assert.ok(
      md.includes(
        "| joe@example.gov | 012345678901 | gains beyond before + model | everything (admin of the account) | arn:aws:iam::012345678901:role/sekisho/landing-builders —\\[P1 sts:AssumeRole\\]→ arn:aws:iam::012345678901:role/sekisho/developer ; arn:aws:iam::012345678901:role/sekisho/developer —\\[P2 ssm:SendCommand / StartSession\\]→ resources-of:012345678901:P2 ssm:SendCommand / StartSession ; resources-of:012345678901:P2 ssm:SendCommand / StartSession —\\[if a resource runs as the role\\]→ arn:aws:iam::012345678901:role/OverprivilegedEC2",
      ),
    );
  });

  test("refuses to plan over a migration under way, keeping what its rollback needs", async () => {
    const out = join(tempDir(), "migration");
    assert.equal((await sekisho(["migrate", MODEL, DATASET, ...MAP, "-o", out])).status, 0);
    for (const [rel, text] of [
      ["run/deactivated-keys.txt", "012345678901\tbiden\tAKIAEXAMPLE000000001\n"],
      ["journal.jsonl", "{}\n"],
    ] as const) {
      mkdirSync(dirname(join(out, rel)), { recursive: true });
      writeFileSync(join(out, rel), text);
      const r = await sekisho(["migrate", MODEL, DATASET, ...MAP, "-o", out]);
      assert.equal(r.status, 2);
      assert.equal(
        r.stderr,
        `sekisho migrate: ${out} holds a migration under way (${rel === "journal.jsonl" ? "journal.jsonl, run" : "run"}): its rollback needs them; plan into another directory\n`,
      );
      assert.equal(readFileSync(join(out, rel), "utf8"), text);
    }
  });

  test("planning again keeps the IdP metadata the user put beside plan.md", async () => {
    const out = join(tempDir(), "migration");
    assert.equal((await sekisho(["migrate", MODEL, DATASET, ...MAP, "-o", out])).status, 0);
    writeFileSync(join(out, "GoogleIDPMetadata.xml"), "<EntityDescriptor entityID='google'/>");
    assert.equal((await sekisho(["migrate", MODEL, DATASET, ...MAP, "-o", out])).status, 0);
    assert.equal(
      readFileSync(join(out, "GoogleIDPMetadata.xml"), "utf8"),
      "<EntityDescriptor entityID='google'/>",
    );
    assert.ok(existsSync(join(out, "plan.md")));
  });

  test("a truncated export: plan.md says so at its top, and the steps that change that account do not pass", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "access.yaml"), FIXTURE_MODEL);
    const [dev, prod] = today().accounts;
    writeFileSync(
      join(dir, "dev.json"),
      JSON.stringify({ ...dev!.authorizationDetails, IsTruncated: true, Marker: "page-2" }),
    );
    writeFileSync(join(dir, "prod.json"), JSON.stringify(prod!.authorizationDetails));
    const out = join(dir, "migration");
    const r = await sekisho([
      "migrate",
      join(dir, "access.yaml"),
      join(dir, "dev.json"),
      join(dir, "prod.json"),
      "-o",
      out,
    ]);
    assert.equal(r.status, 1);
    assert.equal(
      r.stdout.split("\n")[0],
      "PARTIAL DATA: the export of 111111111111 is cut short; the steps that change it do not pass",
    );
    const plan = JSON.parse(readFileSync(join(out, "plan.json"), "utf8")) as MigrationPlan;
    assert.deepEqual(plan.partial, ["111111111111"]);
    assert.deepEqual(
      plan.steps.map((s) => `${s.id} ${s.check.passed ? "passes" : "fails"}`),
      [
        "create-kept-users fails",
        "deploy-environment-roles fails",
        "deploy-identity fails",
        "google-attributes fails",
        "verify-sign-in fails",
        "remove-console-and-policies fails",
        "deactivate-keys fails",
        "delete-users fails",
        "reduce-kept-users fails",
      ],
    );
    const md = readFileSync(join(out, "plan.md"), "utf8");
    assert.ok(
      md.startsWith(
        "# Migration plan: acme\n\n> **Partial data.** The export of 111111111111 is cut short (IsTruncated, and the next page was not given)",
      ),
    );
    // Only the account cut short: with a whole export of dev, the same plan passes (ci, whose key
    // use no credential report shows, keeps its keys by decision).
    writeFileSync(join(dir, "dev.json"), JSON.stringify(dev!.authorizationDetails));
    const whole = await sekisho([
      "migrate",
      join(dir, "access.yaml"),
      join(dir, "dev.json"),
      join(dir, "prod.json"),
      "--keep-keys",
      "ci",
      "-o",
      join(dir, "m2"),
    ]);
    assert.equal(whole.status, 0, whole.stdout);
    // Without that decision the identity step fails: its keys may be in use.
    const unknown = await sekisho([
      "migrate",
      join(dir, "access.yaml"),
      join(dir, "dev.json"),
      join(dir, "prod.json"),
      "-o",
      join(dir, "m3"),
    ]);
    assert.equal(unknown.status, 1);
    assert.match(
      unknown.stdout,
      /keys-in-use: ci may use access keys \(no credential report covers it\): step 3 puts it in groups whose no-MFA deny cuts its keys\. Decide: give it a workload role, or keep its keys \(--keep-keys ci\)\./,
    );
  });

  test("--target terraform: the terraform/ tree instead of the templates, and the deploy step as Terraform applies", async () => {
    const out = join(tempDir(), "migration");
    const r = await sekisho(["migrate", MODEL, DATASET, ...MAP, "-o", out, "--target", "terraform"]);
    assert.equal(r.status, 0, r.stderr);
    // The only account is the identity account: one root, applied in the identity step.
    assert.match(
      r.stdout,
      /^ {3}2\. Deploy the identity account's Terraform root: SAML provider, landing roles, kept users' groups {2}\[dry run passed\]$/m,
    );
    assert.deepEqual(
      listFiles(out).filter((f) => !f.startsWith("scripts/") && !f.startsWith("backup/")),
      [
        ".sekisho-output",
        "plan.json",
        "plan.md",
        "terraform/accounts/012345678901-main/main.tf",
        ...["sekisho-environment", "sekisho-identity"].flatMap((m) =>
          ["main.tf", "outputs.tf", "variables.tf", "versions.tf"].map((f) => `terraform/modules/${m}/${f}`),
        ),
      ],
    );
    const plan = JSON.parse(readFileSync(join(out, "plan.json"), "utf8")) as MigrationPlan;
    assert.equal(plan.target, "terraform");
    const md = readFileSync(join(out, "plan.md"), "utf8");
    assert.ok(
      md.includes(
        'The scripts give Terraform no profile and no credentials: each root\'s `provider "aws"` assumes its\n`deploy_role_arn`',
      ),
    );
    const step = md.slice(md.indexOf("## Step 2:"), md.indexOf("## Step 3:"));
    assert.equal(
      step,
      [
        "## Step 2: Deploy the identity account's Terraform root: SAML provider, landing roles, kept users' groups",
        "",
        "**Changes**",
        "",
        "- SAML provider GoogleWorkspace and a landing role per team in 012345678901 (main)",
        "- Terraform root terraform/accounts/012345678901-main, with the environment roles of main",
        "- kept user userwithlotsofpermissions joins the groups of teams admins",
        "",
        "**Affected:** user userwithlotsofpermissions",
        "",
        "**Commands** (`bash scripts/02-deploy-identity.sh`)",
        "",
        "```sh",
        "# the identity root takes Google's SAML metadata as a variable",
        "test -s GoogleIDPMetadata.xml || fail 'put the IdP metadata from the Google Admin console in GoogleIDPMetadata.xml, next to plan.md'",
        "# identity root of 012345678901 (main): its provider assumes the root's deploy_role_arn",
        "terraform -chdir=terraform/accounts/012345678901-main init -input=false || fail 'terraform init failed in terraform/accounts/012345678901-main'",
        "terraform -chdir=terraform/accounts/012345678901-main plan -input=false -out=sekisho.tfplan \\",
        "  -var saml_metadata_document=\"$(cat GoogleIDPMetadata.xml)\" || fail 'terraform plan failed in terraform/accounts/012345678901-main'",
        "terraform -chdir=terraform/accounts/012345678901-main apply -input=false sekisho.tfplan || fail 'terraform apply failed in terraform/accounts/012345678901-main'",
        "```",
        "",
        "**Gate** (`bash scripts/02-deploy-identity.gate.sh`): Terraform has nothing left to change in the identity root (plan -detailed-exitcode); the SAML provider and every landing role exist; kept users are in their groups. Do not go on until it passes.",
        "",
        "```sh",
        "# the identity root's plan needs the metadata variable too",
        "test -s GoogleIDPMetadata.xml || fail 'put the IdP metadata from the Google Admin console in GoogleIDPMetadata.xml, next to plan.md'",
        "rc=0; terraform -chdir=terraform/accounts/012345678901-main plan -input=false -detailed-exitcode \\",
        '  -var saml_metadata_document="$(cat GoogleIDPMetadata.xml)" >&2 || rc=$?',
        "case $rc in 0) ;; 2) fail 'terraform/accounts/012345678901-main: terraform plan still shows changes' ;; *) fail 'cannot run terraform plan in terraform/accounts/012345678901-main' ;; esac",
        "exists 'role landing-admins' aws iam get-role --profile admin-main --role-name landing-admins || fail 'role arn:aws:iam::012345678901:role/sekisho/landing-admins does not exist'",
        "exists 'role landing-builders' aws iam get-role --profile admin-main --role-name landing-builders || fail 'role arn:aws:iam::012345678901:role/sekisho/landing-builders does not exist'",
        "exists 'role admin' aws iam get-role --profile admin-main --role-name admin || fail 'role arn:aws:iam::012345678901:role/sekisho/admin does not exist'",
        "exists 'role developer' aws iam get-role --profile admin-main --role-name developer || fail 'role arn:aws:iam::012345678901:role/sekisho/developer does not exist'",
        "exists 'role readonly' aws iam get-role --profile admin-main --role-name readonly || fail 'role arn:aws:iam::012345678901:role/sekisho/readonly does not exist'",
        "listed 'SAML providers' arn:aws:iam::012345678901:saml-provider/GoogleWorkspace aws iam list-saml-providers --profile admin-main --query 'SAMLProviderList[].Arn' --output text || fail 'no SAML provider GoogleWorkspace'",
        "listed 'groups of userwithlotsofpermissions' sekisho-admins aws iam list-groups-for-user --profile admin-main --user-name userwithlotsofpermissions --query 'Groups[].GroupName' --output text || fail 'userwithlotsofpermissions is not in group sekisho-admins'",
        "```",
        "",
        "**Rollback** (`bash scripts/02-deploy-identity.rollback.sh`): destroy what Terraform created in the roots just applied (nobody depends on it yet).",
        "",
        "```sh",
        "# the identity root's plan needs the metadata variable too",
        "test -s GoogleIDPMetadata.xml || fail 'put the IdP metadata from the Google Admin console in GoogleIDPMetadata.xml, next to plan.md'",
        "terraform -chdir=terraform/accounts/012345678901-main init -input=false || fail 'terraform init failed in terraform/accounts/012345678901-main'",
        "terraform -chdir=terraform/accounts/012345678901-main plan -destroy -input=false -out=sekisho-destroy.tfplan \\",
        "  -var saml_metadata_document=\"$(cat GoogleIDPMetadata.xml)\" || fail 'terraform plan -destroy failed in terraform/accounts/012345678901-main'",
        "terraform -chdir=terraform/accounts/012345678901-main apply -input=false sekisho-destroy.tfplan || fail 'terraform apply of the destroy plan failed in terraform/accounts/012345678901-main'",
        "```",
        "",
        "**Dry run:** passed: 3 people and IAM users: nobody loses what is promised, nobody gains beyond before + model",
        "",
        "",
      ].join("\n"),
    );
    // A second run replaces the directory; once Terraform has run in a root (local state), never.
    assert.equal(
      (await sekisho(["migrate", MODEL, DATASET, ...MAP, "-o", out, "--target", "terraform"])).status,
      0,
    );
    const state = join(out, "terraform/accounts/012345678901-main/terraform.tfstate");
    writeFileSync(state, "{}\n");
    const again = await sekisho(["migrate", MODEL, DATASET, ...MAP, "-o", out, "--target", "terraform"]);
    assert.equal(again.status, 2);
    assert.equal(
      again.stderr,
      `sekisho migrate: ${out} holds a migration under way (terraform/accounts/012345678901-main/terraform.tfstate): its rollback needs them; plan into another directory\n`,
    );
    assert.equal(readFileSync(state, "utf8"), "{}\n");
  });

  test("bad usage: exit 2, the reason then the usage, nothing written", async () => {
    const out = join(tempDir(), "never");
    const cases: [string[], string][] = [
      [
        ["migrate", MODEL, DATASET, "--map", "obama", "-o", out],
        "sekisho migrate: --map takes USER=EMAIL or USER=workload:NAME, not 'obama'\n",
      ],
      [
        ["migrate", MODEL, DATASET, "--map", "ci=workload:nope", "-o", out],
        `sekisho migrate: --map ci=workload:nope: ${MODEL} has no workload nope (workloads: none)\n`,
      ],
      [
        ["migrate", MODEL, DATASET, "--map", "userwithlotsofpermissions=workload:x", "-o", out],
        `sekisho migrate: --map userwithlotsofpermissions=workload:x: ${MODEL} has no workload x (workloads: none)\n`,
      ],
      [["migrate", MODEL, DATASET], "sekisho migrate: missing -o DIR\n"],
      [
        ["migrate", MODEL, DATASET, "--keep-keys", "nobody", "-o", out],
        `sekisho migrate: --keep-keys nobody: not a kept user of ${MODEL} (users: userwithlotsofpermissions)\n`,
      ],
      [["migrate", MODEL, "-o", out], "sekisho migrate: missing FILE and EXPORT\n"],
      [
        ["migrate", MODEL, DATASET, "-o", out, "--target", "pulumi"],
        "sekisho migrate: --target takes cloudformation or terraform, not 'pulumi'\n",
      ],
    ];
    for (const [args, stderr] of cases) {
      const r = await sekisho(args);
      assert.equal(r.status, 2, args.join(" "));
      // The message, then the command's usage.
      assert.equal(r.stderr.split("\n")[0], stderr.trimEnd());
      assert.match(r.stderr, /\nUsage: sekisho migrate FILE EXPORT\.\.\. -o DIR/);
    }
    const missing = await sekisho(["migrate", MODEL, join(ROOT, "no-such-export.json"), "-o", out]);
    assert.equal(missing.status, 2);
    assert.equal(
      missing.stderr,
      `sekisho migrate: ${join(ROOT, "no-such-export.json")}: cannot read (ENOENT)\n`,
    );
    assert.deepEqual(listFiles(join(out, "..")), []);
  });
});
