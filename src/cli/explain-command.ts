import { compile } from "../compile/compile.js";
import { ExplainError, explain } from "../prove/explain.js";
import { type Command, parse, UsageError } from "./command.js";
import { proofInstant } from "./prove-run.js";
import { failed } from "./read-model.js";
import { printDiagnostics } from "./report.js";
import { validateAll } from "./validate-command.js";

export const runExplain: Command = {
  name: "explain",
  help: `Usage: sekisho explain FILE --who EMAIL|USER --env ENV [--level L] [--action A [--resource ARN] [--region R]]

Prints the chain, evaluated on the compiled policies: the SAML Role attribute Google sends,
the sign-in to each landing role, the trust statement that allows or refuses the switch (with
its conditions and the context values it was judged on), and, with --action, the statement
that allows or denies that action in the environment role. The action's request carries what
a real one does: aws:RequestedRegion is the environment's region (environments.ENV.region, else
options.region, else us-east-1) unless --region sets it; a key every real request has whose value
explain cannot know (aws:SourceIp, aws:UserAgent) is shown as such, never as absent, and a verdict
that depends on it is undecided.

Examples:
  sekisho explain access.yaml --who bob@example.com --env prod --level admin
  sekisho explain access.yaml --who alice@example.com --env prod --level admin --action s3:PutObject --resource arn:aws:s3:::logs/x

Exit codes: 0 allowed (every level asked, and the --action in each), 1 a switch or the --action
denied or undecided, or an invalid model, 2 usage or I/O error.
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        who: { type: "string" },
        env: { type: "string" },
        level: { type: "string" },
        action: { type: "string" },
        resource: { type: "string" },
        region: { type: "string" },
      },
      { min: 1, max: 1, names: "FILE" },
    );
    if (!values.who || !values.env) throw new UsageError("--who and --env are required");
    if (values.resource && !values.action) throw new UsageError("--resource needs --action");
    if (values.region && !values.action) throw new UsageError("--region needs --action");
    if (values.region && !/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/.test(values.region))
      throw new UsageError(`--region '${values.region}' is not an AWS region name (e.g. eu-west-1)`);
    const r = validateAll(positionals[0]!);
    printDiagnostics(r.diagnostics);
    if (failed(r)) return 1;
    let results: ReturnType<typeof explain>;
    try {
      results = explain(
        r.model!,
        compile(r.model!),
        {
          who: values.who,
          env: values.env,
          ...(values.level ? { level: values.level } : {}),
          ...(values.action ? { action: values.action } : {}),
          ...(values.resource ? { resource: values.resource } : {}),
          ...(values.region ? { region: values.region } : {}),
        },
        proofInstant(),
      );
    } catch (e) {
      if (e instanceof ExplainError) throw new UsageError(e.message);
      throw e;
    }
    process.stdout.write(`${results.map((x) => x.lines.join("\n")).join("\n\n")}\n`);
    return results.every((x) => x.allowed && x.actionAllowed !== false) ? 0 : 1;
  },
};
