// Runs `sekisho google ...` as the CLI's main does (exit codes, error handling), for the tests,
// until the command is registered in src/cli/main.ts.
import { UsageError } from "../../src/cli/command.js";
import { runGoogle } from "../../src/cli/google-command.js";
import { InputError } from "../../src/cli/read-model.js";

try {
  process.exitCode = await runGoogle.run(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError || e instanceof InputError) {
    process.stderr.write(`sekisho google: ${e.message}\n`);
    process.exitCode = 2;
  } else throw e;
}
