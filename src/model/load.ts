// The model stage's entry: bytes of access.yaml → AccessModel, or every diagnostic.
import { type Diagnostic, hasErrors, sortDiagnostics } from "./diagnostics.js";
import { normalise } from "./normalise.js";
import type { RawAccessModel } from "./schema.js";
import { checkSemantics } from "./semantic.js";
import { decodeText, parseSource, type Source } from "./source.js";
import { checkStructure } from "./structure.js";
import type { AccessModel } from "./types.js";

export interface LoadOptions {
  /** Today, YYYY-MM-DD (UTC). */
  today: string;
}

export interface LoadResult {
  model?: AccessModel;
  source?: Source;
  diagnostics: Diagnostic[];
}

export function loadModel(file: string, bytes: Uint8Array, options: LoadOptions): LoadResult {
  const decoded = decodeText(file, bytes);
  if (decoded.text === undefined) return { diagnostics: decoded.diagnostics };
  return loadModelText(file, decoded.text, options);
}

export function loadModelText(file: string, text: string, options: LoadOptions): LoadResult {
  const parsed = parseSource(file, text);
  if (!parsed.source) return { diagnostics: sortDiagnostics(parsed.diagnostics) };
  const source = parsed.source;
  if (source.value === null || typeof source.value !== "object" || Array.isArray(source.value)) {
    return {
      source,
      diagnostics: [
        {
          severity: "error",
          code: "wrong-type",
          file,
          ...source.locate([]),
          message: `the document is ${Array.isArray(source.value) ? "a list" : `a scalar (${JSON.stringify(source.value)})`}`,
          expected: "a mapping with organization, identity, environments, levels, teams and people",
        },
      ],
    };
  }
  const diagnostics = sortDiagnostics([...checkStructure(source), ...checkSemantics(source, options)]);
  if (hasErrors(diagnostics)) return { source, diagnostics };
  return { model: normalise(source.value as RawAccessModel), source, diagnostics };
}
