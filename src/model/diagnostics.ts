// Diagnostics: every problem found in an input, with where it is and what was expected.
// Validation collects them all before reporting, so a user fixes a file in one pass.

export type Severity = "error" | "warning";

export interface Position {
  line: number;
  column: number;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable, kebab-case id of the class of problem (documented in the README). */
  code: string;
  file: string;
  line: number;
  column: number;
  message: string;
  /** What was expected there, in words. */
  expected?: string;
  /** The closest valid name, for misspellings. */
  didYouMean?: string;
  /** In a JSON input: the JSON path of the value (shown instead of line and column). */
  path?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const at = d.path !== undefined ? `${d.file}: ${d.path}:` : `${d.file}:${d.line}:${d.column}:`;
  let text = `${at} ${d.severity} [${d.code}] ${d.message}`;
  if (d.expected) text += `\n  expected: ${d.expected}`;
  if (d.didYouMean) text += `\n  did you mean '${d.didYouMean}'?`;
  return text;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** File order, then line, column and code: output is the same whatever order checks ran in. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.path ?? "").localeCompare(b.path ?? "") ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}

/** Shows a found value briefly and unambiguously: strings quoted, long values cut. */
export function show(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
