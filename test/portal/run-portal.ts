// Runs `sekisho portal` as its own process until main.ts registers the command: the same
// Command object main.ts will call, with main's exit-code convention.
import { runPortal } from "../../src/cli/portal-command.js";

process.exitCode = await runPortal.run(process.argv.slice(2));
