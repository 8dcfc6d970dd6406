// Runs `sekisho profiles ...` as the CLI's main does (exit codes, error handling), for the
// tests, until the command is registered in src/cli/main.ts.
import { UsageError } from "../../src/cli/command.js";
import { OutputError } from "../../src/cli/output-dir.js";
import { runProfiles } from "../../src/cli/profiles-command.js";
import { InputError } from "../../src/cli/read-model.js";

try {
  process.exitCode = await runProfiles.run(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError || e instanceof InputError || e instanceof OutputError) {
    process.stderr.write(`sekisho profiles: ${e.message}\n`);
    process.exitCode = 2;
  } else throw e;
}
