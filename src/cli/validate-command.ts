import { compile } from "../compile/compile.js";
import { checkLimits } from "../compile/limits.js";
import type { Diagnostic } from "../model/diagnostics.js";
import { sortDiagnostics } from "../model/diagnostics.js";
import type { Command } from "./command.js";
import { parse } from "./command.js";
import { failed, type ReadModel, readModel } from "./read-model.js";
import { printDiagnostics } from "./report.js";

/** Validation plus the compiled-policy size limits, which need the compiled state. */
export function validateAll(file: string): ReadModel {
  const r = readModel(file);
  if (failed(r) || !r.model || !r.source) return r;
  const source = r.source;
  const limits: Diagnostic[] = checkLimits(compile(r.model)).map((p) => ({
    severity: p.severity,
    code: p.code,
    file,
    ...source.locateKey(p.subject),
    message: p.message,
  }));
  const diagnostics = sortDiagnostics([...r.diagnostics, ...limits]);
  return limits.some((d) => d.severity === "error")
    ? { ...r, model: undefined, diagnostics }
    : { ...r, diagnostics };
}

export const runValidate: Command = {
  name: "validate",
  help: `Usage: sekisho validate FILE [--json]

Checks FILE (access.yaml): YAML syntax, structure, references between environments, levels,
teams, people and users, account ids, emails, IAM names and limits, and the sizes of the
policies it compiles to. Reports every problem at once.

Options:
  --json   print the diagnostics as JSON on stdout

Exit codes: 0 valid (warnings allowed), 1 errors found, 2 usage or I/O error.
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      { json: { type: "boolean" } },
      { min: 1, max: 1, names: "FILE" },
    );
    const r = validateAll(positionals[0]!);
    if (values.json)
      process.stdout.write(`${JSON.stringify({ valid: !failed(r), diagnostics: r.diagnostics }, null, 2)}\n`);
    else {
      printDiagnostics(r.diagnostics);
      if (!failed(r)) {
        const m = r.model!;
        process.stdout.write(
          `${positionals[0]}: valid (${m.environments.length} environments, ${m.levels.length} levels, ${m.teams.length} teams, ${m.people.length} people, ${m.users.length} kept users)\n`,
        );
      }
    }
    return failed(r) ? 1 : 0;
  },
};
