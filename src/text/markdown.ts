// Markdown text from names and from exports (an IAM path may hold `<svg onload=...>`): nothing
// they say may become markup. Every Markdown report (plan's report.md, audit.md, migrate's
// plan.md) escapes text through these. HTML-significant characters become entities (renderers
// that allow inline HTML show them as text), and the punctuation that makes links, emphasis
// or code is backslash-escaped.

/** `<`, `>` and `&` as entities: what a renderer allowing inline HTML shows as text. */
export function htmlEntities(value: string): string {
  return value.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

export function mdText(value: string | number): string {
  return htmlEntities(String(value).replace(/[\\`*_[\]~]/g, "\\$&")).replace(/\r?\n|\r/g, " ");
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

/** A table of plain text (names, messages): every cell escaped with mdCell. */
export function textTable(head: string[], rows: (string | number)[][]): string {
  return mdTable(
    head.map(mdCell),
    rows.map((r) => r.map(mdCell)),
  );
}
