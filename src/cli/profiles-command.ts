import { personalFiles } from "../profiles/files.js";
import { type Command, parse, UsageError } from "./command.js";
import { writeOutputDir } from "./output-dir.js";
import { failed } from "./read-model.js";
import { printDiagnostics } from "./report.js";
import { validateAll } from "./validate-command.js";

export const runProfiles: Command = {
  name: "profiles",
  help: `Usage: sekisho profiles FILE -o DIR

Validates FILE and writes into DIR:
  google/saml-app.md                  the Google Workspace SAML app, step by step, for the IdP admin
  google/users.csv                    each person's Role values (role-arn,provider-arn)
  google/directory-api.jsonl          one Directory API users.update request per person
  profiles/EMAIL/aws-config           the person's ~/.aws/config: landing profile, one profile per
                                      environment and level (e.g. prod-admin)
  profiles/EMAIL/aesr-config          the same targets for the AWS Extend Switch Roles extension
  profiles/iam-users/USER/...         the same for each kept IAM user (with mfa_serial)

EMAIL is the address in lower case; a leading . - or _ gets a _ in front, a trailing . or _
gets a _ after. See docs/cli-profiles.md and docs/google-workspace.md.

DIR is written whole or not at all. An existing DIR is replaced only if it is empty or was
written by Sekisho.

Options:
  -o, --out DIR   output directory (required)
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      { out: { type: "string", short: "o" } },
      { min: 1, max: 1, names: "FILE" },
    );
    if (!values.out) throw new UsageError("missing -o DIR");
    const r = validateAll(positionals[0]!);
    printDiagnostics(r.diagnostics);
    if (failed(r)) {
      process.stderr.write("nothing written\n");
      return 1;
    }
    const { files, warnings } = personalFiles(r.model!);
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    writeOutputDir(values.out, files, "profiles");
    process.stdout.write(`wrote ${files.size} files to ${values.out}\n`);
    return 0;
  },
};
