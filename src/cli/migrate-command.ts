import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compile } from "../compile/compile.js";
import { migrationFiles, migrationTerraform } from "../emit/migration-plan.js";
import type { ImportResult } from "../import/import.js";
import { TF_DESTROY_PLAN, TF_PLAN } from "../migrate/commands.js";
import { JOURNAL } from "../migrate/journal.js";
import { migrationDesign, migrationPlan } from "../migrate/migrate.js";
import { RUN_DIR } from "../migrate/shell.js";
import { METADATA_FILE } from "../migrate/targets.js";
import type { DeployTarget } from "../migrate/types.js";
import { WORKLOAD_PREFIX } from "../migrate/users.js";
import { type Command, parse, UsageError } from "./command.js";
import { OutputError, writeOutputDir } from "./output-dir.js";
import { EXPORT_OPTIONS, importedAccounts } from "./read-exports.js";
import { failed, today } from "./read-model.js";
import { printDiagnostics } from "./report.js";
import { validateAll } from "./validate-command.js";

export const runMigrate: Command = {
  name: "migrate",
  help: `Usage: sekisho migrate FILE EXPORT... -o DIR [--credential-report FILE]... [--saml-providers FILE]... [--oidc-providers FILE]... [--map USER=EMAIL|USER=workload:NAME]... [--keep-keys USER]... [--target cloudformation|terraform]

Plans the move from today's accounts (EXPORT: get-account-authorization-details output, or a
folder written by \`sekisho collect\`) to the access model FILE. Nothing touches an account:
DIR gets a document and scripts.

  plan.md, plan.json      the ordered steps; each with its changes, exact AWS CLI commands or
                          template, a gate to pass before going on, a rollback, who is affected,
                          and the dry run's verdict
  scripts/NN-STEP.sh      the step's commands; .gate.sh its gate; .rollback.sh its rollback
  backup/                 inline policies of the users the plan changes, for the rollbacks
  cloudformation/         the templates the deploy steps use (--target cloudformation)
  terraform/              the modules and account roots the deploy steps apply (--target
                          terraform), as \`sekisho plan\` writes them, with import blocks for what
                          the exports show exists already

The order never locks anyone out: deploy the environment roles, then the identity stack (SAML
provider, landing roles, kept users' groups); set the Google attributes; verify that everyone
signs in and switches; only then remove the replaced IAM users' passwords, policies and groups;
deactivate their keys (each key's last use checked first); delete them. Kept users and
break-glass stay. IAM users are matched to people by an email as user name or in an email tag,
or by --map; users matching nobody are flagged and left alone. A pipeline's user mapped to a
workload (--map ci-user=workload:api-deploy) goes the same way once the pipeline has exchanged
its OIDC token for its role (CloudTrail, at the verify step); its keys are deactivated only if
unused since that first exchange.

The dry run evaluates, with the engine, the accounts as each step leaves them: every person and
kept user keeps what they had until their old way in is removed, has what the model grants once
Google sign-in is live, and never has more than they had plus what the model grants.

Options:
  -o, --out DIR              output directory (required; written whole or not at all)
  --credential-report FILE   credential report: passwords, MFA and key use; repeatable
  --saml-providers FILE      list-saml-providers output; repeatable
  --oidc-providers FILE      list-open-id-connect-providers output; repeatable
  --map USER=EMAIL           the IAM user USER (name or ARN) belongs to the person EMAIL; repeatable
  --map USER=workload:NAME   the IAM user USER is a pipeline that becomes the model's workload NAME
  --keep-keys USER           the kept user USER keeps its access keys working: it stays outside the
                             groups whose no-MFA deny would cut them, with what it has; repeatable.
                             Without it, a kept user whose keys were used in the last 30 days makes
                             the identity step fail its dry run
  --target TOOL              what the deploy steps run: cloudformation (default: aws cloudformation
                             deploy per stack) or terraform (terraform init, plan -out, apply per
                             account root; the provider assumes each root's deploy role)

Exit codes: 0 plan written and every step's dry run passed, 1 a dry run failed (plan written
with a warning) or an invalid model, 2 usage or I/O error, unreadable or malformed exports.

Then, step by step on the real accounts (sekisho migrate apply --help):
  sekisho migrate apply DIR --step N     precondition, journaled changes, gate on the real state
  sekisho migrate status DIR             where each step stands
  sekisho migrate rollback DIR --step N  undo a step's calls, newest first
`,
  async run(args) {
    if (args[0] === "apply" || args[0] === "status" || args[0] === "rollback") {
      const apply = await import("./migrate-apply-command.js");
      if (args.includes("--help") || args.includes("-h")) {
        process.stdout.write(apply.APPLY_HELP);
        return 0;
      }
      return apply.runApplyCommand(args);
    }
    const { values, positionals } = parse(
      args,
      {
        out: { type: "string", short: "o" },
        ...EXPORT_OPTIONS,
        map: { type: "string", multiple: true },
        "keep-keys": { type: "string", multiple: true },
        target: { type: "string" },
      },
      { min: 2, max: 10_000, names: "FILE and EXPORT" },
    );
    if (!values.out) throw new UsageError("missing -o DIR");
    const target = deployTarget(values.target);
    refuseStarted(values.out);
    const map = new Map<string, string>();
    for (const m of values.map ?? []) {
      const at = m.indexOf("=");
      if (at <= 0 || at === m.length - 1)
        throw new UsageError(`--map takes USER=EMAIL or USER=workload:NAME, not '${m}'`);
      map.set(m.slice(0, at), m.slice(at + 1));
    }
    const [file, ...exportPaths] = positionals as [string, ...string[]];
    const r = validateAll(file);
    printDiagnostics(r.diagnostics);
    if (failed(r)) {
      process.stderr.write("nothing written: fix the model first\n");
      return 1;
    }
    const imported = importedAccounts(
      exportPaths,
      values["credential-report"],
      values["saml-providers"],
      values["oidc-providers"],
    );
    const model = r.model!;
    // A pipeline's user mapped to a workload: the workload must exist, and the user must not be a
    // kept user too (the model would keep what the migration deletes).
    for (const [user, to] of map) {
      if (!to.startsWith(WORKLOAD_PREFIX)) continue;
      const name = to.slice(WORKLOAD_PREFIX.length);
      if (!model.workloads.some((w) => w.name === name))
        throw new UsageError(
          `--map ${user}=${to}: ${file} has no workload ${name} (workloads: ${model.workloads.map((w) => w.name).join(", ") || "none"})`,
        );
      const bare = user.slice(user.lastIndexOf("/") + 1);
      if (model.users.some((u) => u.name === bare))
        throw new UsageError(
          `--map ${user}=${to}: ${bare} is a kept user of ${file}; remove it from users: (workload ${name} replaces it), then map it`,
        );
    }
    const keepKeys = values["keep-keys"] ?? [];
    for (const k of keepKeys)
      if (!model.users.some((u) => u.name === k))
        throw new UsageError(
          `--keep-keys ${k}: not a kept user of ${file} (users: ${model.users.map((u) => u.name).join(", ") || "none"})`,
        );
    const design = compile(model);
    const deployed = migrationDesign(design, model, keepKeys);
    const terraform =
      target === "terraform" ? migrationTerraform(model, deployed, imported.state, r.metadata) : undefined;
    const plan = migrationPlan({
      model,
      design,
      real: imported.state,
      map,
      now: `${today()}T00:00:00Z`,
      hasMetadata: r.metadata !== undefined,
      partial: partialAccounts(imported),
      keepKeys,
      ...(terraform ? { terraform: terraform.roots } : {}),
    });
    const files = migrationFiles(plan, model, deployed, r.metadata, terraform?.files);
    // The IdP metadata the user put beside plan.md survives planning again (the deploy reads it).
    const metadata = join(values.out, METADATA_FILE);
    if (existsSync(metadata) && !files.has(METADATA_FILE))
      files.set(METADATA_FILE, readFileSync(metadata, "utf8"));
    writeOutputDir(values.out, files, "migrate");
    const out = [
      ...(plan.partial.length
        ? [
            `PARTIAL DATA: the export of ${plan.partial.join(", ")} is cut short; the steps that change it do not pass`,
          ]
        : []),
      `${plan.steps.length} steps for ${plan.users.length} IAM users in ${plan.accounts.length} accounts:`,
      ...plan.steps.map(
        (s) => `  ${String(s.n).padStart(2)}. ${s.title}  [dry run ${s.check.passed ? "passed" : "FAILED"}]`,
      ),
      ...(plan.flags.length ? ["", "Flagged:", ...plan.flags.map((f) => `  ${f.kind}: ${f.message}`)] : []),
      "",
      plan.safe
        ? `wrote ${files.size} files to ${values.out}; start with ${values.out}/plan.md`
        : `wrote ${files.size} files to ${values.out}, but do NOT run them: a dry run failed (see plan.md)`,
    ];
    process.stdout.write(`${out.join("\n")}\n`);
    return plan.safe ? 0 : 1;
  },
};

const TARGETS: readonly DeployTarget[] = ["cloudformation", "terraform"];

function deployTarget(value: string | undefined): DeployTarget {
  if (value === undefined) return "cloudformation";
  const t = TARGETS.find((x) => x === value);
  if (!t) throw new UsageError(`--target takes cloudformation or terraform, not '${value}'`);
  return t;
}

/** What the steps write (and earlier versions wrote): a migration under way, whose rollback reads them. */
const STARTED = [JOURNAL, RUN_DIR, "deactivated-keys.txt", "google-before.txt", "sign-ins.txt"];
/** What Terraform leaves in a root it ran in: a local state (no backend filled in) is the rollback's only record. */
const TERRAFORM_RUN = [".terraform", "terraform.tfstate", TF_PLAN, TF_DESTROY_PLAN];

/** Planning again over a migration under way would wipe what its rollback needs: refused, whatever else is there. */
function refuseStarted(dir: string): void {
  const accounts = join(dir, "terraform", "accounts");
  const roots = existsSync(accounts)
    ? readdirSync(accounts, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => `terraform/accounts/${e.name}`)
        .sort()
    : [];
  const found = [
    ...STARTED,
    ...roots.flatMap((root) => TERRAFORM_RUN.map((name) => `${root}/${name}`)),
  ].filter((name) => existsSync(join(dir, name)));
  if (found.length)
    throw new OutputError(
      `${dir} holds a migration under way (${found.join(", ")}): its rollback needs them; plan into another directory`,
    );
}

/** Accounts an export file of which ends on a page saying IsTruncated (the importer warned: partial-data). */
function partialAccounts(imported: ImportResult): string[] {
  const account = new Map<string, string>();
  for (const [id, paths] of imported.files) for (const p of paths) account.set(p, id);
  return [
    ...new Set(
      imported.diagnostics.flatMap((d) =>
        d.code === "partial-data" && account.has(d.file) ? [account.get(d.file)!] : [],
      ),
    ),
  ].sort();
}
