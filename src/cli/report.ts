// Diagnostics to the terminal (stderr), errors first in file order.
import { type Diagnostic, formatDiagnostic } from "../model/diagnostics.js";

export function printDiagnostics(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length)
    process.stderr.write(
      `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}\n`,
    );
}
