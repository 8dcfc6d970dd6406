import { compile } from "../compile/compile.js";
import { diffStates } from "../diff/diff.js";
import { diffJson, diffTerminal } from "../emit/diff-report.js";
import { type Command, parse, UsageError } from "./command.js";
import { writeOutputDir } from "./output-dir.js";
import { EXPORT_OPTIONS, importedAccounts } from "./read-exports.js";
import { failed, InputError, today } from "./read-model.js";
import { printDiagnostics } from "./report.js";
import { validateAll } from "./validate-command.js";

export const runDiff: Command = {
  name: "diff",
  help: `Usage: sekisho diff FILE EXPORT... [--saml-providers FILE]... [--oidc-providers FILE]... [--credential-report FILE]... [-o DIR] [--ignore ID]...

Compares the access model FILE, compiled, with the accounts as they are. EXPORT is the output of
\`aws iam get-account-authorization-details\` for one account (the CLI's form, or raw API pages),
or a folder written by \`sekisho collect\` (each ACCOUNT/ folder gives its export and SAML
and OIDC providers); an EXPORT named *.saml-providers.json or *.oidc-providers.json is read as
--saml-providers or --oidc-providers. The files
\`sekisho plan\` writes in state/ are exactly what a perfectly deployed organisation exports:
\`sekisho diff FILE DIR/state/*.json\` reports no drift.

Reported per account, each item with a stable id (KIND/SUBJECT):
  Sekisho-managed resources (path options.path, or roles tagged sekisho:managed)
    missing-role, extra-role, changed-trust, changed-session (only when the export has
    MaxSessionDuration), missing-group, extra-group, missing-policy, extra-policy,
    changed-policy (customer managed policies Sekisho creates), missing-inline, extra-inline,
    changed-inline, missing-attached, extra-attached, changed-boundary (roles, groups, kept
    users), missing-user (a kept user that does not exist), missing-membership,
    extra-membership (kept users in other groups, anyone else in Sekisho's groups),
    missing-saml-provider (only for accounts whose SAML providers were listed),
    missing-oidc-provider, extra-oidc-provider, changed-oidc-provider (the audiences; only for
    accounts whose OIDC providers were listed).
    Policy documents are compared in canonical form: statement order, duplicates, Sid, single
    value or list, action case and condition key case do not matter.
  Who reaches Sekisho's roles, on the escalation graph of the accounts
    foreign-reach   a role or user the design does not have can reach one of our roles
                    (through a trust, IAM rights over the role, or further), with the path
    escalation      a team's landing role or a kept user reaches one of our roles the model
                    does not grant it, beyond the direct switch (admin of an account covers it)
  Access, computed by the engine: the effective matrix of the accounts against the proven
  matrix of the design (person or kept user × environment × level, SAML sign-in then switch)
    lost-access, gained-access, access-without-mfa (kept users)

Prints one headline ("no drift: ..." or "drift: N items in M accounts"), then the items grouped
per account, then warnings: accounts of the model without an export are not checked, exports
of accounts the model does not name are not compared (their principals still count as
foreign). Access is evaluated at the start of today (UTC; SEKISHO_TODAY pins the day).
With -o, writes DIR/diff.json: every item with kind, account, subject, expected and actual
(normalised), evidence (statements, paths, request context), the ignored items and warnings.

Options:
  --saml-providers FILE      output of \`aws iam list-saml-providers\`; without it (or a collect
                             folder) the SAML provider's presence is not checked; repeatable
  --oidc-providers FILE      output of \`aws iam list-open-id-connect-providers\` (ARNs only:
                             presence is checked) or collect's oidc-providers.json (audiences
                             too); without it the workloads' providers are not checked; repeatable
  --credential-report FILE   credential report, read as audit reads it; diff compares no
                             credential facts (passwords, keys and MFA are not in the model);
                             repeatable
  -o, --out DIR              write DIR/diff.json
  --ignore ID                accept a known item: its id, \`*\` matching any characters (e.g.
                             'foreign-reach/arn:aws:iam::*:role/OrganizationAccountAccessRole');
                             ignored items are listed but are not drift; repeatable

Exit codes: 0 no drift, 1 drift or an invalid model, 2 usage or I/O error, unreadable or malformed
exports, or exports of none of the model's accounts (nothing compared is never "no drift").
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        ...EXPORT_OPTIONS,
        out: { type: "string", short: "o" },
        ignore: { type: "string", multiple: true },
      },
      { min: 1, max: 10_000, names: "FILE" },
    );
    const [file, ...exports] = positionals as [string, ...string[]];
    if (exports.length === 0) throw new UsageError("missing EXPORT");
    const design = validateAll(file);
    printDiagnostics(design.diagnostics);
    if (failed(design)) {
      process.stderr.write("diff not run: fix the model errors above\n");
      return 1;
    }
    const model = design.model!;
    const imported = importedAccounts(
      exports,
      values["credential-report"],
      values["saml-providers"],
      values["oidc-providers"],
    );
    const designed = compile(model);
    // Zero accounts compared is not "no drift": the exports are of other accounts (or the model's ids are wrong).
    const exported = imported.state.accounts.map((a) => a.accountId);
    if (!designed.accounts.some((a) => exported.includes(a.accountId)))
      throw new InputError(
        `nothing compared: no export is of an account the model names (the model: ${designed.accounts.map((a) => `${a.accountId} (${a.name ?? ""})`).join(", ")}; the exports: ${exported.join(", ")})`,
      );
    const report = diffStates(model, designed, imported.state, {
      now: `${today()}T00:00:00Z`,
      providersListed: imported.providersListed,
      oidcListed: imported.oidcListed,
      ignore: values.ignore ?? [],
    });
    process.stdout.write(diffTerminal(report));
    if (values.out) writeOutputDir(values.out, new Map([["diff.json", diffJson(report)]]), "diff");
    return report.drift ? 1 : 0;
  },
};
