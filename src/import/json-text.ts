// JSON with positions for errors: JSON.parse reports an offset; we turn it into line:column.
import type { Diagnostic } from "../model/diagnostics.js";

export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}

export function parseJson(file: string, text: string): { value?: unknown; diagnostics: Diagnostic[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") {
    return {
      diagnostics: [
        {
          severity: "error",
          code: "empty",
          file,
          line: 1,
          column: 1,
          message: "file is empty",
          expected: "a JSON export",
        },
      ],
    };
  }
  try {
    return { value: JSON.parse(body), diagnostics: [] };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(message);
    // V8 reports a cut-off document either as "end of input" or at an offset past the last character.
    const truncated =
      /end of (JSON )?input/i.test(message) || (m !== null && Number(m[1]) >= body.trimEnd().length);
    const offset = m ? Number(m[1]) : truncated ? body.length : 0;
    const at = lineColumnAt(body, offset);
    return {
      diagnostics: [
        {
          severity: "error",
          code: truncated ? "truncated-json" : "json-syntax",
          file,
          ...at,
          message: truncated
            ? "the JSON ends early: the file is truncated"
            : `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/s, "")}`,
          expected: "a complete JSON document",
        },
      ],
    };
  }
}
