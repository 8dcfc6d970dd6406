import { compile } from "../compile/compile.js";
import { planFiles } from "../emit/plan.js";
import { proofTable } from "../emit/proof.js";
import { formatDiagnostic } from "../model/diagnostics.js";
import { personalFiles } from "../profiles/files.js";
import type { OrgState } from "../state/org-state.js";
import { type Command, parse, UsageError } from "./command.js";
import { writeOutputDir } from "./output-dir.js";
import { runProof } from "./prove-run.js";
import { importedAccounts } from "./read-exports.js";
import { failed, today } from "./read-model.js";
import { printDiagnostics } from "./report.js";
import { validateAll } from "./validate-command.js";

export const runPlan: Command = {
  name: "plan",
  help: `Usage: sekisho plan FILE -o DIR [--existing EXPORT]... [--saml-providers FILE]... [--oidc-providers FILE]...

Validates FILE, compiles it, and writes into DIR:
  cloudformation/ACCOUNT-NAME-identity.json     the identity account stack
  cloudformation/ACCOUNT-NAME-environment.json  one environment stack per account
  cloudformation/stackset-environment-N.json    the same, once per distinct content, for StackSets
  state/ACCOUNT.json                            the compiled IAM in get-account-authorization-details format
  deploy.md                                     which template goes where, in which order, with commands
  summary.md                                    the proven access matrix, checks and warnings
  proof.json, proof.sarif                       prove's checks with evidence (see sekisho prove --help)
  google/saml-app.md, users.csv, directory-api.jsonl   Google Workspace SAML app and per-person attributes
  profiles/access-TEAMS/aws-config, aesr-config  ~/.aws/config and AWS Extend Switch Roles config per access
                                                class (people with the same teams); profiles/people.csv says
                                                whose is which (a person's own: sekisho profiles --who EMAIL)
  portal/index.html, portal/access-TEAMS.html   the switch-role portal: a page of coloured role buttons per class
  report.html, report.md                        the plan report: proven matrix, access graph, steps, proof
  terraform/modules/, terraform/accounts/ACCOUNT-NAME/main.tf   the same IAM as Terraform: two modules and
                                                one root per account (see deploy.md)

plan runs prove on the compiled policies; if a check fails, DIR is still written for review,
deploy.md starts with a warning, and the exit code is 1.

DIR is written whole or not at all. An existing DIR is replaced only if it is empty or was
written by Sekisho.

Options:
  -o, --out DIR            output directory (required)
  --existing EXPORT        today's get-account-authorization-details export (or a collect folder):
                           the Terraform adopts the SAML and OIDC providers, roles, groups and policies that
                           already exist with import blocks instead of failing to create them
  --saml-providers FILE    list-saml-providers output, for the SAML provider of an export
  --oidc-providers FILE    list-open-id-connect-providers output, for the workloads' OIDC providers
                           an account already has (GitHub's is often there already)
  --short-names            CLI profiles named ENV-LEVEL instead of ORG-ENV-LEVEL (see sekisho profiles --help)
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        out: { type: "string", short: "o" },
        existing: { type: "string", multiple: true },
        "saml-providers": { type: "string", multiple: true },
        "oidc-providers": { type: "string", multiple: true },
        "short-names": { type: "boolean" },
      },
      { min: 1, max: 1, names: "FILE" },
    );
    if (!values.out) throw new UsageError("missing -o DIR");
    const file = positionals[0]!;
    const r = validateAll(file);
    printDiagnostics(r.diagnostics);
    if (failed(r)) {
      process.stderr.write("nothing written\n");
      return 1;
    }
    const model = r.model!;
    let existing: OrgState | undefined;
    if (values.existing?.length) {
      const imported = importedAccounts(
        values.existing,
        [],
        values["saml-providers"] ?? [],
        values["oidc-providers"] ?? [],
      );
      existing = imported.state;
    } else if (values["saml-providers"]?.length || values["oidc-providers"]?.length)
      throw new UsageError(
        `--${values["saml-providers"]?.length ? "saml" : "oidc"}-providers goes with --existing`,
      );
    const state = compile(model);
    const notes = r.diagnostics
      .filter((d) => d.severity === "warning")
      .map((d) => formatDiagnostic(d).replaceAll("\n", " "));
    const proof = runProof(model, r.source!, file, state);
    const profileOptions = values["short-names"] ? { shortNames: true } : {};
    const personal = personalFiles(model, undefined, profileOptions);
    notes.push(...personal.warnings);
    const files = planFiles({
      model,
      state,
      ...(r.metadata !== undefined ? { metadata: r.metadata } : {}),
      notes,
      proof,
      personal: personal.files,
      today: today(),
      ...profileOptions,
      ...(existing ? { existing } : {}),
    });
    writeOutputDir(values.out, files, "plan");
    process.stdout.write(proofTable(proof.result));
    process.stdout.write(`wrote ${files.size} files to ${values.out}\n`);
    return proof.result.passed ? 0 : 1;
  },
};
