import type { Command } from "./command.js";

export const runInit: Command = {
  name: "init",
  summary: "draft an access model from exports of today's accounts (--from)",
  help: `Usage: sekisho init --from EXPORT... [--credential-report FILE]... -o access.yaml
`,
  async run() {
    process.stderr.write("sekisho init: not implemented yet\n");
    return 2;
  },
};
