// Markdown table cells: a pipe or a newline in a name must not break the table.
export function cell(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("|", "\\|").replaceAll(/\r?\n/g, " ");
}

export function table(head: string[], rows: string[][]): string {
  const lines = [`| ${head.map(cell).join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(" | ")} |`);
  return `${lines.join("\n")}\n`;
}
