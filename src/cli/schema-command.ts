import { accessModelJsonSchema } from "../model/schema.js";
import { type Command, parse } from "./command.js";

export const runSchema: Command = {
  name: "schema",
  help: `Usage: sekisho schema

Prints the JSON Schema (draft 2020-12) of the access model. Point your editor's YAML
language server at it, e.g. with a first line in access.yaml:
  # yaml-language-server: $schema=./access.schema.json
`,
  async run(args) {
    parse(args, {}, { min: 0, max: 0, names: "" });
    process.stdout.write(`${JSON.stringify(accessModelJsonSchema(), null, 2)}\n`);
    return 0;
  },
};
