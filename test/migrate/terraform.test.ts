// `migrate --target terraform`: the deploy steps apply the account roots `plan` writes, and
// their scripts RUN against a stand-in `terraform` (and `aws`) on PATH that record every call
// and fail on demand. The roots run in the stacks' order, init → plan -out → apply of that plan;
// a failed command stops the step there; the gates still read the accounts and fail closed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { migrationFiles, migrationTerraform } from "../../src/emit/migration-plan.js";
import { migrationDesign, migrationPlan } from "../../src/migrate/migrate.js";
import type { MigrationPlan } from "../../src/migrate/types.js";
import type { OrgState } from "../../src/state/org-state.js";
import { tempDir } from "../cli/helpers.js";
import { model } from "../helpers.js";
import { aws, DEV, MODEL, PROD, today } from "./fixtures.js";

const STG = "222222222222";
const NOW = "2026-11-28T00:00:00Z";
// Three accounts: dev is the identity account and an environment; stg and prod are environments.
const m = model(MODEL.replace("  prod:", `  stg: { account: "${STG}" }\n  prod:`));
const compiled = compile(m);
// ci's keys are in use (fixtures): it keeps them, outside the groups.
const KEEP = ["ci"];
const design = migrationDesign(compiled, m, KEEP);
const DEV_ROOT = `terraform/accounts/${DEV}-dev`;
const STG_ROOT = `terraform/accounts/${STG}-stg`;
const PROD_ROOT = `terraform/accounts/${PROD}-prod`;
const SAML = `arn:aws:iam::${DEV}:saml-provider/GoogleWorkspace`;

/** Today's accounts, where the SAML provider and prod's readonly role exist already. */
function existing(): OrgState {
  const real = today();
  real.accounts[0]!.samlProviders.push({ Arn: SAML });
  real.accounts[1]!.authorizationDetails.RoleDetailList.push({
    Path: "/sekisho/",
    RoleName: "readonly",
    RoleId: "AROAREADONLY",
    Arn: `arn:aws:iam::${PROD}:role/sekisho/readonly`,
    CreateDate: "2020-01-01T00:00:00Z",
    AssumeRolePolicyDocument: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${PROD}:root` }, Action: "sts:AssumeRole" },
      ],
    },
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [{ PolicyName: "ReadOnlyAccess", PolicyArn: aws("ReadOnlyAccess") }],
  });
  return real;
}

// Records each call as one line of tab-separated arguments. TF_FAIL=SUB makes that subcommand
// fail (only in the root TF_FAIL_ROOT when set); `plan -detailed-exitcode` exits TF_PLAN_EXIT;
// `state list` prints the file TF_STATE, or nothing.
const TERRAFORM = `#!/usr/bin/env bash
{ printf 'terraform'; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >> "$CALL_LOG"
sub=$2
if [ "$sub" = "\${TF_FAIL:-}" ] && { [ -z "\${TF_FAIL_ROOT:-}" ] || [ "$1" = "-chdir=$TF_FAIL_ROOT" ]; }; then
  echo "Error: stand-in terraform $sub failed" >&2; exit 1
fi
case $sub in
  plan) for a in "$@"; do [ "$a" = -detailed-exitcode ] && exit "\${TF_PLAN_EXIT:-0}"; done ;;
  state) if [ "$3" = list ] && [ -n "\${TF_STATE:-}" ]; then cat "$TF_STATE"; fi ;;
esac
exit 0
`;

// AWS_MODE present: every read finds what the deploy made (each user in both kept users'
// groups); fail: every call fails.
const AWS = `#!/usr/bin/env bash
{ printf 'aws'; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >> "$CALL_LOG"
if [ "$AWS_MODE" = fail ]; then echo "An error occurred (AccessDenied) when calling the $2 operation: denied" >&2; exit 255; fi
case $2 in
  list-saml-providers) echo "${SAML}" ;;
  list-groups-for-user) printf 'sekisho-ops\\tsekisho-devs\\n' ;;
esac
exit 0
`;

const input = (real: OrgState) => ({
  model: m,
  design: compiled,
  real,
  map: new Map<string, string>(),
  now: NOW,
  hasMetadata: false,
  keepKeys: KEEP,
});

interface Bed {
  root: string;
  dir: string;
  bin: string;
  log: string;
  plan: MigrationPlan;
  files: Map<string, string>;
}

function bed(real = existing()): Bed {
  const root = tempDir();
  const dir = join(root, "plan");
  const tf = migrationTerraform(m, design, real);
  const plan = migrationPlan({ ...input(real), terraform: tf.roots });
  const files = migrationFiles(plan, m, design, undefined, tf.files);
  for (const [rel, text] of files) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  writeFileSync(join(dir, "GoogleIDPMetadata.xml"), "<EntityDescriptor>google</EntityDescriptor>\n");
  const bin = join(root, "bin");
  mkdirSync(bin);
  for (const [name, text] of [
    ["terraform", TERRAFORM],
    ["aws", AWS],
  ] as const) {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  }
  return { root, dir, bin, log: join(root, "calls.log"), plan, files };
}

const n = (b: Bed, id: string) => b.plan.steps.find((x) => x.id === id)?.n;

function script(b: Bed, id: string, kind: "" | ".gate" | ".rollback" = ""): string {
  const s = b.plan.steps.find((x) => x.id === id);
  assert.ok(s, `no step ${id}`);
  return `scripts/${String(s.n).padStart(2, "0")}-${id}${kind}.sh`;
}

function run(b: Bed, file: string, env: Record<string, string> = {}) {
  const r = spawnSync("bash", [join(b.dir, file)], {
    encoding: "utf8",
    cwd: b.root,
    env: { PATH: `${b.bin}:${process.env.PATH}`, HOME: b.root, CALL_LOG: b.log, AWS_MODE: "present", ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const calls = (b: Bed): string[][] =>
  existsSync(b.log)
    ? readFileSync(b.log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split("\t"))
    : [];

const apply = (root: string, vars: string[] = []): string[][] => [
  ["terraform", `-chdir=${root}`, "init", "-input=false"],
  ["terraform", `-chdir=${root}`, "plan", "-input=false", "-out=sekisho.tfplan", ...vars],
  ["terraform", `-chdir=${root}`, "apply", "-input=false", "sekisho.tfplan"],
];
const METADATA_VAR = ["-var", "saml_metadata_document=<EntityDescriptor>google</EntityDescriptor>"];

test("the deploy steps apply each root, environment accounts first: init, plan -out, apply of that plan", () => {
  const b = bed();
  assert.equal(b.plan.target, "terraform");
  assert.ok(b.plan.safe, "every dry run passes");
  const env = run(b, script(b, "deploy-environment-roles"));
  assert.equal(env.status, 0, env.stderr);
  assert.equal(env.stdout, `step ${n(b, "deploy-environment-roles")} done\n`);
  const identity = run(b, script(b, "deploy-identity"));
  assert.equal(identity.status, 0, identity.stderr);
  // No aws call, no profile, no credentials: each root's provider assumes its deploy role.
  assert.deepEqual(calls(b), [...apply(STG_ROOT), ...apply(PROD_ROOT), ...apply(DEV_ROOT, METADATA_VAR)]);
  // The CloudFormation templates are not written: the directory holds what the scripts use.
  assert.ok(![...b.files.keys()].some((f) => f.startsWith("cloudformation/")));
  assert.ok(b.files.has(`${DEV_ROOT}/main.tf`) && b.files.has(`${STG_ROOT}/main.tf`));
});

test("a failing init, plan or apply stops the step there, non-zero, naming the root", () => {
  const b = bed();
  const all = [...apply(STG_ROOT), ...apply(PROD_ROOT)];
  for (const root of [STG_ROOT, PROD_ROOT])
    for (const sub of ["init", "plan", "apply"]) {
      writeFileSync(b.log, "");
      const r = run(b, script(b, "deploy-environment-roles"), { TF_FAIL: sub, TF_FAIL_ROOT: root });
      assert.equal(r.status, 1, `${sub} in ${root}`);
      assert.equal(r.stderr, `Error: stand-in terraform ${sub} failed\nterraform ${sub} failed in ${root}\n`);
      assert.equal(r.stdout, "", "never says done");
      const upTo = all.findIndex((c) => c[1] === `-chdir=${root}` && c[2] === sub);
      assert.deepEqual(calls(b), all.slice(0, upTo + 1), `nothing runs after ${sub} in ${root}`);
    }
  // The identity step too; and it refuses to plan without Google's metadata.
  writeFileSync(b.log, "");
  const r = run(b, script(b, "deploy-identity"), { TF_FAIL: "apply" });
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`terraform apply failed in ${DEV_ROOT}\\n$`));
  writeFileSync(join(b.dir, "GoogleIDPMetadata.xml"), "");
  writeFileSync(b.log, "");
  const noMetadata = run(b, script(b, "deploy-identity"));
  assert.equal(noMetadata.status, 1);
  assert.match(
    noMetadata.stderr,
    /put the IdP metadata from the Google Admin console in GoogleIDPMetadata\.xml/,
  );
  assert.deepEqual(calls(b), [], "no terraform call without the metadata");
});

test("the deploy gates read the accounts: Terraform must have nothing left to change, then IAM must show it", () => {
  const b = bed();
  const gate = script(b, "deploy-environment-roles", ".gate");
  const met = run(b, gate);
  assert.equal(met.status, 0, met.stderr);
  assert.equal(met.stdout, `gate of step ${n(b, "deploy-environment-roles")} met\n`);
  assert.deepEqual(
    calls(b).map((c) =>
      c[0] === "terraform"
        ? c.slice(1).join(" ")
        : `${c[0]} ${c[2]} ${c[c.indexOf("--role-name") + 1]} ${c[c.indexOf("--profile") + 1]}`,
    ),
    [
      `-chdir=${STG_ROOT} plan -input=false -detailed-exitcode`,
      "aws get-role admin admin-stg",
      "aws get-role developer admin-stg",
      "aws get-role readonly admin-stg",
      `-chdir=${PROD_ROOT} plan -input=false -detailed-exitcode`,
      "aws get-role admin admin-prod",
      "aws get-role developer admin-prod",
      "aws get-role readonly admin-prod",
    ],
  );
  const cases: [Record<string, string>, string][] = [
    [{ TF_PLAN_EXIT: "2" }, `${STG_ROOT}: terraform plan still shows changes`],
    [{ TF_PLAN_EXIT: "1" }, `cannot run terraform plan in ${STG_ROOT}`],
    [
      { TF_FAIL: "plan", TF_FAIL_ROOT: PROD_ROOT },
      `Error: stand-in terraform plan failed\ncannot run terraform plan in ${PROD_ROOT}`,
    ],
    [
      { AWS_MODE: "fail" },
      "cannot read role admin: An error occurred (AccessDenied) when calling the get-role operation: denied",
    ],
  ];
  for (const [env, message] of cases) {
    const r = run(b, gate, env);
    assert.equal(r.status, 1, JSON.stringify(env));
    assert.equal(
      r.stderr,
      `${message}\ngate of step ${n(b, "deploy-environment-roles")} NOT met\n`,
      JSON.stringify(env),
    );
  }
  // The identity gate: the root with the metadata variable, its landing and environment roles, the provider, the groups.
  writeFileSync(b.log, "");
  const id = run(b, script(b, "deploy-identity", ".gate"));
  assert.equal(id.status, 0, id.stderr);
  assert.deepEqual(calls(b)[0], [
    "terraform",
    `-chdir=${DEV_ROOT}`,
    "plan",
    "-input=false",
    "-detailed-exitcode",
    ...METADATA_VAR,
  ]);
  assert.deepEqual(
    calls(b)
      .slice(1)
      .map((c) =>
        [
          c[2],
          ...["--role-name", "--user-name"].flatMap((o) => (c.includes(o) ? [c[c.indexOf(o) + 1]] : [])),
        ].join(" "),
      ),
    [
      "get-role landing-ops",
      "get-role landing-devs",
      "get-role admin",
      "get-role developer",
      "get-role readonly",
      "list-saml-providers",
      // ci keeps its keys (--keep-keys): it joins no group, so only break-glass is checked.
      "list-groups-for-user break-glass",
    ],
  );
});

test("a rollback forgets what the import blocks adopted, then destroys the rest with a saved plan", () => {
  const b = bed();
  const prod = migrationTerraform(m, design, existing()).roots.find((r) => r.dir === PROD_ROOT)!;
  assert.deepEqual(prod.imports, ["readonly"]);
  assert.deepEqual(prod.adopted, [
    'module.sekisho.aws_iam_role.this["readonly"]',
    `module.sekisho.aws_iam_role_policy_attachment.this["readonly ${aws("ReadOnlyAccess")}"]`,
    'module.sekisho.aws_iam_role_policies_exclusive.this["readonly"]',
    'module.sekisho.aws_iam_role_policy_attachments_exclusive.this["readonly"]',
  ]);
  // The state holds the role and its exclusive companion (not the attachment: its apply failed).
  const state = join(b.root, "state.txt");
  writeFileSync(
    state,
    [
      'module.sekisho.aws_iam_role.this["admin"]',
      'module.sekisho.aws_iam_role.this["readonly"]',
      'module.sekisho.aws_iam_role_policies_exclusive.this["readonly"]',
      "",
    ].join("\n"),
  );
  const r = run(b, script(b, "deploy-environment-roles", ".rollback"), { TF_STATE: state });
  assert.equal(r.status, 0, r.stderr);
  const destroy = (root: string) => [
    ["terraform", `-chdir=${root}`, "plan", "-destroy", "-input=false", "-out=sekisho-destroy.tfplan"],
    ["terraform", `-chdir=${root}`, "apply", "-input=false", "sekisho-destroy.tfplan"],
  ];
  assert.deepEqual(calls(b), [
    ["terraform", `-chdir=${STG_ROOT}`, "init", "-input=false"],
    ...destroy(STG_ROOT),
    ["terraform", `-chdir=${PROD_ROOT}`, "init", "-input=false"],
    ["terraform", `-chdir=${PROD_ROOT}`, "state", "list"],
    ["terraform", `-chdir=${PROD_ROOT}`, "state", "rm", 'module.sekisho.aws_iam_role.this["readonly"]'],
    [
      "terraform",
      `-chdir=${PROD_ROOT}`,
      "state",
      "rm",
      'module.sekisho.aws_iam_role_policies_exclusive.this["readonly"]',
    ],
    ...destroy(PROD_ROOT),
  ]);
  // A state that cannot be read stops the rollback before anything is destroyed there.
  writeFileSync(b.log, "");
  const failed = run(b, script(b, "deploy-environment-roles", ".rollback"), { TF_FAIL: "state" });
  assert.equal(failed.status, 1);
  assert.equal(failed.stderr.split("\n").at(-2), `cannot read the Terraform state of ${PROD_ROOT}`);
  assert.ok(!calls(b).some((c) => c[1] === `-chdir=${PROD_ROOT}` && c[3] === "-destroy"));
  // The identity root adopts the SAML provider.
  const dev = b.plan.steps.find((s) => s.id === "deploy-identity")!;
  assert.ok(
    dev.rollback.commands.some((c) =>
      c.sh.includes(`'module.sekisho.aws_iam_saml_provider.this["GoogleWorkspace"]'`),
    ),
  );
});

test("import blocks adopt what the exports show exists; the dry run follows the roots", () => {
  const b = bed();
  const devTf = b.files.get(`${DEV_ROOT}/main.tf`)!;
  assert.ok(
    devTf.includes(
      `import {\n  to = module.sekisho.aws_iam_saml_provider.this["GoogleWorkspace"]\n  id = "${SAML}"\n}\n`,
    ),
  );
  assert.ok(
    b.files
      .get(`${PROD_ROOT}/main.tf`)!
      .includes('import {\n  to = module.sekisho.aws_iam_role.this["readonly"]\n  id = "readonly"\n}\n'),
  );
  assert.ok(!b.files.get(`${STG_ROOT}/main.tf`)!.includes("import {"));
  const step = (id: string) => b.plan.steps.find((s) => s.id === id)!;
  assert.deepEqual(step("deploy-environment-roles").changes, [
    `Terraform root ${STG_ROOT} in ${STG} (stg): one role per level granted there`,
    `Terraform root ${PROD_ROOT} in ${PROD} (prod): one role per level granted there; adopts what exists already (import blocks): readonly`,
  ]);
  assert.deepEqual(step("deploy-identity").changes.slice(0, 2), [
    `SAML provider GoogleWorkspace and a landing role per team in ${DEV} (dev)`,
    `Terraform root ${DEV_ROOT}, with the environment roles of dev; adopts what exists already (import blocks): ${SAML}`,
  ]);
  // The same verdicts as with CloudFormation, on states that follow the roots: dev's
  // environment roles come with its (identity) root, not in the environment step.
  const cfn = migrationPlan(input(existing()));
  assert.equal(cfn.target, "cloudformation");
  assert.deepEqual(
    b.plan.steps.map((s) => [s.id, s.check.passed, s.check.summary]),
    cfn.steps.map((s) => [s.id, s.check.passed, s.check.summary]),
  );
  assert.ok(b.plan.safe);
});

test("the files and what the scripts do are the same byte for byte, run after run", () => {
  const a = bed();
  const b = bed();
  assert.deepEqual([...a.files], [...b.files]);
  const outputs = [a, b].map((x) => {
    const runs = ["deploy-environment-roles", "deploy-identity"].flatMap((id) => [
      run(x, script(x, id)),
      run(x, script(x, id, ".gate")),
      run(x, script(x, id), { TF_FAIL: "plan" }),
    ]);
    return { runs, calls: readFileSync(x.log, "utf8") };
  });
  assert.deepEqual(outputs[0], outputs[1]);
});
