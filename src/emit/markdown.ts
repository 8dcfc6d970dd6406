// Markdown tables whose cells may hold literal Markdown (`code`) written by Sekisho from the
// validated model: a pipe or a newline must not break the table, and no HTML may get through.
// Text from exports goes through textTable (src/text/markdown.ts) instead.
import { htmlEntities } from "../text/markdown.js";

export function cell(text: string): string {
  return htmlEntities(text.replaceAll("\\", "\\\\").replaceAll("|", "\\|").replaceAll(/\r?\n/g, " "));
}

export function table(head: string[], rows: string[][]): string {
  const lines = [`| ${head.map(cell).join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(" | ")} |`);
  return `${lines.join("\n")}\n`;
}
