import { audit } from "../audit/audit.js";
import { atLeast, SEVERITIES, type Severity, sortFindings } from "../audit/types.js";
import { auditHtml } from "../emit/audit-html.js";
import { auditJson, auditMarkdown, auditSarif, auditTerminal } from "../emit/audit-report.js";
import { type Command, parse, UsageError } from "./command.js";
import { today } from "./input-error.js";
import { writeOutputDir } from "./output-dir.js";
import { EXPORT_OPTIONS, importedAccounts } from "./read-exports.js";
import { version } from "./version.js";

export const runAudit: Command = {
  name: "audit",
  help: `Usage: sekisho audit EXPORT... [--credential-report FILE]... [--saml-providers FILE]... [--oidc-providers FILE]... [--design FILE] [-o DIR] [--fail-on SEVERITY]

EXPORT is the output of \`aws iam get-account-authorization-details\` for one account (the CLI's
form, or raw API pages: one page per file or a JSON list of pages). Several files of one account
are merged; several accounts are audited together; one file merging several accounts' exports
is split by the account in each ARN, with a warning. --credential-report takes the CSV or the JSON
of \`aws iam get-credential-report\`. An EXPORT may also be a folder written by \`sekisho collect\`:
each ACCOUNT/ folder in it gives its export, credential report, SAML and OIDC providers. An
EXPORT named *.saml-providers.json or *.oidc-providers.json (as \`sekisho plan\` writes in
state/) is read as --saml-providers or --oidc-providers.

Prints the headline (the three problems: too many IAM users, users that are too powerful, no
per-person boundaries) and the critical and high findings. With -o, writes DIR/audit.json
(stable finding ids), DIR/audit.html (self-contained, escalation paths step by step),
DIR/audit.md and DIR/audit.sarif.

Options:
  --credential-report FILE   credential report (CSV, or get-credential-report JSON); repeatable
  --saml-providers FILE      output of \`aws iam list-saml-providers\`: report trusts naming a
                             provider the account lacks, and metadata expiring; repeatable
  --oidc-providers FILE      list-open-id-connect-providers output (or collect's
                             oidc-providers.json): report providers no role trusts and issuers
                             with two providers; repeatable
  -o, --out DIR              write the reports
  --design FILE              also compare with the access model: map IAM users to people and kept
                             users, and Sekisho-managed roles to the compiled design
  --fail-on SEVERITY         exit 1 when a finding at or above it exists: ${SEVERITIES.join(", ")} (default high)

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it or an invalid --design
model, 2 usage or I/O error, unreadable or malformed exports (file: JSON path: what was expected).
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        ...EXPORT_OPTIONS,
        out: { type: "string", short: "o" },
        "fail-on": { type: "string" },
        design: { type: "string" },
      },
      { min: 1, max: 10_000, names: "EXPORT" },
    );
    const failOn = (values["fail-on"] ?? "high") as Severity;
    if (!SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on takes one of ${SEVERITIES.join(", ")}`);
    const imported = importedAccounts(
      positionals,
      values["credential-report"],
      values["saml-providers"],
      values["oidc-providers"],
    );
    let report = audit(imported.state, `${today()}T00:00:00Z`, {
      providersListed: imported.providersListed,
    });
    if (values.design) {
      // The model stage (YAML, schema, compiler) is loaded only when a design is given.
      const [
        { validateAll },
        { failed },
        { printDiagnostics },
        { compile },
        { designFindings, withoutGrantedEscalations },
      ] = await Promise.all([
        import("./validate-command.js"),
        import("./read-model.js"),
        import("./report.js"),
        import("../compile/compile.js"),
        import("../audit/design.js"),
      ]);
      const design = validateAll(values.design);
      printDiagnostics(design.diagnostics);
      if (failed(design)) return 1;
      report = withoutGrantedEscalations(design.model!, report);
      report.findings.push(...designFindings(design.model!, compile(design.model!), imported.state));
      sortFindings(report.findings);
    }
    process.stdout.write(auditTerminal(report));
    if (values.out) {
      const artifact = (principal: string) => {
        const account = /:(\d{12}):/.exec(principal)?.[1] ?? "";
        return imported.files.get(account)?.[0] ?? positionals[0]!;
      };
      writeOutputDir(
        values.out,
        new Map([
          ["audit.json", auditJson(report)],
          ["audit.html", auditHtml(report)],
          ["audit.md", auditMarkdown(report)],
          ["audit.sarif", auditSarif(report, version(), artifact)],
        ]),
        "audit",
      );
    }
    return report.findings.some((f) => atLeast(f.severity, failOn)) ? 1 : 0;
  },
};
