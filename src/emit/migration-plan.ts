// The migration plan → files: plan.md for people, plan.json for tools, one script per step with
// its gate and rollback, the backups the rollbacks read, and what the deploy steps deploy: the
// CloudFormation templates, or with --target terraform the terraform/ tree `plan` writes.
import { TF_PLAN } from "../migrate/commands.js";
import { backupFile, commentText, PRELUDE, q } from "../migrate/shell.js";
import type { Command, MigrationPlan, Step, TerraformRoot } from "../migrate/types.js";
import { templateFile } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import type { OrgState } from "../state/org-state.js";
import { mdText, textTable } from "../text/markdown.js";
import { stackTemplates } from "./cloudformation.js";
import { json } from "./json.js";
import { terraformFiles } from "./terraform.js";

const pad = (n: number) => String(n).padStart(2, "0");
export const scriptName = (s: Step, kind: "" | ".gate" | ".rollback") =>
  `scripts/${pad(s.n)}-${s.id}${kind}.sh`;

function script(s: Step, kind: "" | ".gate" | ".rollback", what: string, commands: Command[]): string {
  const lines = [
    "#!/usr/bin/env bash",
    `# Sekisho migration, step ${s.n}${kind === "" ? "" : kind === ".gate" ? ", gate" : ", rollback"}: ${commentText(s.title)}`,
    `# ${commentText(what)}`,
    "# Run from anywhere; paths are relative to the plan directory. Stops at the first failure.",
    ...PRELUDE,
  ];
  // Any way out but the last line (a failed check, a failed read, an unset variable) says so.
  if (kind === ".gate")
    lines.push(`trap 'rc=$?; [ "$rc" -eq 0 ] || echo "gate of step ${s.n} NOT met" >&2' EXIT`);
  for (const c of commands) {
    lines.push("");
    if (c.why) lines.push(`# ${commentText(c.why)}`);
    lines.push(c.sh);
  }
  if (commands.length === 0) lines.push("", `echo ${q(`nothing to run: ${what}`)}`);
  lines.push("", `echo ${q(kind === ".gate" ? `gate of step ${s.n} met` : `step ${s.n}${kind} done`)}`);
  return `${lines.join("\n")}\n`;
}

function commandBlock(commands: Command[]): string[] {
  if (commands.length === 0) return ["(no command)", ""];
  return [
    "```sh",
    ...commands.flatMap((c) => [...(c.why ? [`# ${commentText(c.why)}`] : []), c.sh]),
    "```",
    "",
  ];
}

function stepMarkdown(s: Step): string[] {
  return [
    `## Step ${s.n}: ${mdText(s.title)}`,
    "",
    "**Changes**",
    "",
    ...(s.changes.length ? s.changes.map((c) => `- ${mdText(c)}`) : ["- nothing in AWS"]),
    "",
    `**Affected:** ${s.affected.length ? mdText(s.affected.join(", ")) : "nobody"}`,
    "",
    `**Commands** (\`bash ${scriptName(s, "")}\`)`,
    "",
    ...commandBlock(s.commands),
    `**Gate** (\`bash ${scriptName(s, ".gate")}\`): ${mdText(s.gate.what)}. Do not go on until it passes.`,
    "",
    ...commandBlock(s.gate.commands),
    `**Rollback** (\`bash ${scriptName(s, ".rollback")}\`): ${mdText(s.rollback.what)}.`,
    "",
    ...commandBlock(s.rollback.commands),
    `**Dry run:** ${s.check.passed ? "passed" : "FAILED"}: ${mdText(s.check.summary)}`,
    "",
    ...(s.check.failures.length
      ? [
          textTable(
            ["who", "account", "problem", "actions", "how"],
            s.check.failures.map((f) => [
              f.who,
              f.account,
              f.problem === "lost"
                ? "loses what is promised"
                : f.problem === "extra"
                  ? "gains beyond before + model"
                  : f.problem === "keys-cut"
                    ? "its access keys are in use, and the design's no-MFA deny would cut them: give it a workload, or decide with --keep-keys"
                    : "the export of this account is partial: what is missing is not judged",
              f.actions[0] === "*" ? "everything (admin of the account)" : f.actions.join(", "),
              f.path ?? "",
            ]),
          ),
        ]
      : []),
  ];
}

export function migrationMarkdown(plan: MigrationPlan): string {
  const failed = plan.steps.filter((s) => !s.check.passed);
  const lines = [
    `# Migration plan: ${mdText(plan.organization)}`,
    "",
    ...(plan.partial.length
      ? [
          `> **Partial data.** The export of ${plan.partial.join(", ")} is cut short (IsTruncated, and the next page was not given): the users, groups, roles and policies on the missing pages are not in this plan. The steps that change ${plan.partial.length === 1 ? "that account" : "those accounts"} do not pass. Export again (\`sekisho collect\` reads every page) and plan again.`,
          "",
        ]
      : []),
    ...(failed.length
      ? [
          `> **Do not run this plan.** The dry run found people losing promised access or gaining more than the model grants at step${failed.length === 1 ? "" : "s"} ${failed.map((s) => s.n).join(", ")}. See those steps.`,
          "",
        ]
      : []),
    `Generated for ${plan.generatedAt.slice(0, 10)}. A document and scripts: nothing here has touched an account.`,
    "Run the steps in order. After each, run its gate; go on only when the gate passes. Each step has a rollback.",
    "The order never locks anyone out: the new roles and the Google sign-in work, and are verified,",
    "before any old IAM user loses its password or policies; keys are deactivated before users are deleted;",
    "kept users and the break-glass user are never removed.",
    "",
    ...(plan.target === "terraform" ? terraformNote() : []),
    "Every script starts with these lines (strict mode, no globbing, and the checked reads its gates use):",
    "",
    "```sh",
    ...PRELUDE,
    "```",
    "",
    "Every step was dry-run with the engine on the accounts as that step leaves them: everyone keeps",
    "what they had until their old way in is removed, has what the model grants once Google sign-in",
    "is live, and never has more than they had plus what the model grants (compared per account, by action).",
    "",
    "## Before you start",
    "",
    ...(plan.flags.length
      ? plan.flags.map((f) => `- **${mdText(f.kind)}**: ${mdText(f.message)}`)
      : ["- nothing flagged"]),
    "",
    "## AWS managed policies",
    "",
    "Both sides of every comparison read the same text of each AWS managed policy: the newest version the exports or Sekisho's copy has.",
    "",
    textTable(
      ["policy", "version used", "from", "older versions in the exports"],
      plan.managedPolicies.map((p) => [p.name, p.version, p.from, p.replaced.join(", ")]),
    ),
    "## IAM users today",
    "",
    textTable(
      ["account", "user", "becomes", "console password", "active keys", "key last used"],
      plan.users.map((u) => [
        `${u.account} (${u.accountName})`,
        u.name,
        u.fate.kind === "replaced"
          ? `Google sign-in of ${u.fate.person} (matched by ${u.fate.matchedBy})`
          : u.fate.kind === "kept"
            ? `kept${u.fate.breakGlass ? " (break-glass)" : ""}`
            : u.fate.kind === "workload"
              ? `workload ${u.fate.workload}'s OIDC token (matched by ${u.fate.matchedBy})`
              : "unmatched: left alone",
        u.password === undefined ? "unknown" : u.password ? "yes" : "no",
        u.activeKeys === undefined ? "unknown" : String(u.activeKeys),
        u.keyLastUsed?.slice(0, 10) ?? "",
      ]),
    ),
    "## Steps",
    "",
    textTable(
      ["step", "what", "affected", "dry run"],
      plan.steps.map((s) => [
        String(s.n),
        s.title,
        s.affected.length > 4 ? `${s.affected.length} people and users` : s.affected.join(", ") || "nobody",
        s.check.passed ? "passed" : "FAILED",
      ]),
    ),
    ...plan.steps.flatMap(stepMarkdown),
  ];
  return `${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

/** What the Terraform deploy steps rely on, said once before the steps. */
function terraformNote(): string[] {
  return [
    "**Deployed with Terraform.** The deploy steps run `terraform` (>= 1.5; OpenTofu under that name)",
    "in the roots under `terraform/accounts/`, the same files `sekisho plan` writes: `init`, `plan -out`,",
    `then \`apply\` of that saved plan (\`${TF_PLAN}\`), environment accounts first, the identity account last.`,
    'The scripts give Terraform no profile and no credentials: each root\'s `provider "aws"` assumes its',
    "`deploy_role_arn` (by default `OrganizationAccountAccessRole` in that account) from the credentials",
    "of your shell, and refuses any other account (`allowed_account_ids`). Fill in each root's",
    '`backend "s3"` block first: without it the state stays in the root\'s folder here, and the',
    "rollbacks need it. The gates read the accounts themselves: `terraform plan -detailed-exitcode` must",
    "show nothing left to change, and the IAM reads use the `admin-ENV` profiles, as for every step.",
    "What the exports show exists already is adopted by `import` blocks (named in the deploy steps);",
    "a rollback forgets it from the state rather than destroy it.",
    "",
  ];
}

/** The terraform/ tree of the design, adopting what the exports show exists, and its roots in deploy order. */
export function migrationTerraform(
  model: AccessModel,
  design: OrgState,
  existing: OrgState,
  metadata?: string,
): { files: Map<string, string>; roots: TerraformRoot[] } {
  const out = terraformFiles({
    organization: model.organization,
    region: model.options.region,
    state: design,
    existing,
    ...(metadata !== undefined ? { metadata } : {}),
  });
  return {
    files: out.files,
    roots: out.roots.map((r) => ({
      accountId: r.accountId,
      accountName: r.accountName,
      dir: r.dir,
      identity: r.module === "sekisho-identity",
      imports: r.imports.map((i) => i.id),
      adopted: r.adopted,
    })),
  };
}

/** `terraform`: migrationTerraform's files, written instead of the CloudFormation templates. */
export function migrationFiles(
  plan: MigrationPlan,
  model: AccessModel,
  design: OrgState,
  metadata?: string,
  terraform?: Map<string, string>,
): Map<string, string> {
  const files = new Map<string, string>();
  files.set("plan.md", migrationMarkdown(plan));
  files.set("plan.json", json(plan));
  for (const s of plan.steps) {
    files.set(scriptName(s, ""), script(s, "", s.title, s.commands));
    files.set(scriptName(s, ".gate"), script(s, ".gate", s.gate.what, s.gate.commands));
    files.set(scriptName(s, ".rollback"), script(s, ".rollback", s.rollback.what, s.rollback.commands));
  }
  for (const u of plan.users) {
    if (u.fate.kind === "unmatched") continue;
    for (const p of u.inline) files.set(backupFile(u.account, u.name, p.name), json(p.document));
  }
  if (terraform) for (const [path, text] of terraform) files.set(path, text);
  else for (const t of stackTemplates(model, design, metadata)) files.set(templateFile(t), json(t.template));
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}
