import type { Command } from "./command.js";

export const runMigrate: Command = {
  name: "migrate",
  summary: "an ordered, lockout-safe migration plan from today's accounts to the model",
  help: `Usage: sekisho migrate FILE EXPORT... -o DIR
`,
  async run() {
    process.stderr.write("sekisho migrate: not implemented yet\n");
    return 2;
  },
};
