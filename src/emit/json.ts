// JSON as Sekisho writes it: two-space indent, a final newline, key order as built.
// Builders construct objects in a fixed order, so output is byte-identical run to run.
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
