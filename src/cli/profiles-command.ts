import { ownProfiles, personalFiles } from "../profiles/files.js";
import { type Command, parse, UsageError } from "./command.js";
import { writeOutputDir } from "./output-dir.js";
import { failed } from "./read-model.js";
import { printDiagnostics } from "./report.js";
import { validateAll } from "./validate-command.js";

export const runProfiles: Command = {
  name: "profiles",
  help: `Usage: sekisho profiles FILE -o DIR [--short-names]
       sekisho profiles FILE --who EMAIL|USER [--aesr] [--short-names]

Validates FILE and writes into DIR:
  google/saml-app.md                  the Google Workspace SAML app, step by step, for the IdP admin
  google/users.csv                    each person's Role values (role-arn,provider-arn)
  google/directory-api.jsonl          one Directory API users.update request per person
  profiles/people.csv                 each person's teams and the directory of their access class
  profiles/access-TEAMS/aws-config    the ~/.aws/config of everyone with these teams: landing profile,
                                      one profile per environment and level (e.g. acme-prod-admin);
                                      each member puts their email as role_session_name (or uses --who)
  profiles/access-TEAMS/aesr-config   the same targets for the AWS Extend Switch Roles extension
  profiles/iam-users/USER/...         the same for each kept IAM user (with mfa_serial)

With --who, nothing is written: the ~/.aws/config of that person (their email as
role_session_name, so CloudTrail names them) or kept IAM user goes to stdout; with --aesr,
their AWS Extend Switch Roles config instead.

TEAMS is the class's teams in model order, lower case, joined by +. See docs/cli-profiles.md
and docs/google-workspace.md.

DIR is written whole or not at all. An existing DIR is replaced only if it is empty or was
written by Sekisho.

Options:
  -o, --out DIR      output directory
  --who EMAIL|USER   print one person's (or kept IAM user's) config to stdout
  --aesr             with --who: the AWS Extend Switch Roles config
  --short-names      target profiles named ENV-LEVEL (prod-admin) instead of ORG-ENV-LEVEL:
                     shorter, but they may collide with profiles already in ~/.aws/config
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        out: { type: "string", short: "o" },
        who: { type: "string" },
        aesr: { type: "boolean" },
        "short-names": { type: "boolean" },
      },
      { min: 1, max: 1, names: "FILE" },
    );
    if (values.who !== undefined && values.out) throw new UsageError("--who prints to stdout: leave out -o");
    if (values.who === undefined && !values.out) throw new UsageError("missing -o DIR (or --who EMAIL)");
    if (values.aesr && values.who === undefined) throw new UsageError("--aesr goes with --who");
    const options = values["short-names"] ? { shortNames: true } : {};
    const r = validateAll(positionals[0]!);
    printDiagnostics(r.diagnostics);
    if (failed(r)) {
      process.stderr.write("nothing written\n");
      return 1;
    }
    if (values.who !== undefined) {
      const own = ownProfiles(r.model!, values.who, options);
      if (!own) {
        process.stderr.write(
          `sekisho profiles: ${positionals[0]} has no person with email '${values.who}' and no kept IAM user of that name\n`,
        );
        return 2;
      }
      for (const w of own.warnings) process.stderr.write(`warning: ${w}\n`);
      process.stdout.write(values.aesr ? own.aesrConfig : own.awsConfig);
      return 0;
    }
    const { files, warnings } = personalFiles(r.model!, undefined, options);
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    writeOutputDir(values.out!, files, "profiles");
    process.stdout.write(`wrote ${files.size} files to ${values.out}\n`);
    return 0;
  },
};
