// Markdown text from model strings: nothing a name says may become markup. HTML-significant
// characters become entities (renderers that allow inline HTML show them as text), and the
// punctuation that makes links, emphasis or code is backslash-escaped.

export function mdText(value: string | number): string {
  return String(value)
    .replace(/[\\`*_[\]~]/g, "\\$&")
    .replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"))
    .replace(/\r?\n|\r/g, " ");
}

/** A table cell: mdText plus escaped pipes. */
export function mdCell(value: string | number): string {
  return mdText(value).replaceAll("|", "\\|");
}

/** A table whose cells are already Markdown (made with mdCell or literal). */
export function mdTable(head: string[], rows: string[][]): string {
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const r of rows) lines.push(`| ${r.join(" | ")} |`);
  return `${lines.join("\n")}\n`;
}
