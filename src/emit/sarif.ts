// The SARIF 2.1.0 log around a tool's results: one run, its rules by id and description.
import { json } from "./json.js";

export function sarifLog(
  name: string,
  version: string,
  rules: { id: string; text: string }[],
  results: unknown[],
): string {
  return json({
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: {
          driver: { name, version, rules: rules.map(({ id, text }) => ({ id, shortDescription: { text } })) },
        },
        results,
      },
    ],
  });
}
