import type { Command } from "./command.js";

export const runDiff: Command = {
  name: "diff",
  summary: "drift between the model and the deployed accounts (exit 1 on drift)",
  help: `Usage: sekisho diff FILE EXPORT... [-o DIR]
`,
  async run() {
    process.stderr.write("sekisho diff: not implemented yet\n");
    return 2;
  },
};
