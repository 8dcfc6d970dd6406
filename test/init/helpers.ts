// Helpers for init's tests: exports in, draft text out, and the draft validated as `sekisho
// validate` does (model checks plus the compiled policies' IAM limits).
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parse } from "yaml";
import { compile } from "../../src/compile/compile.js";
import { checkLimits } from "../../src/compile/limits.js";
import { type InputFile, importExports } from "../../src/import/import.js";
import { type Draft, draftModel } from "../../src/init/draft.js";
import { renderDraft } from "../../src/init/render.js";
import { formatDiagnostic } from "../../src/model/diagnostics.js";
import { loadModelText } from "../../src/model/load.js";
import { TODAY } from "../helpers.js";

export const NOW = `${TODAY}T00:00:00Z`;

export function draftOf(
  exports: InputFile[],
  reports: InputFile[] = [],
  providers: InputFile[] = [],
): { draft: Draft; text: string } {
  const imported = importExports(exports, reports, providers);
  const errors = imported.diagnostics.filter((d) => d.severity === "error");
  assert.deepEqual(errors.map(formatDiagnostic), [], "the fixture imports without errors");
  const draft = draftModel({ state: imported.state, now: NOW });
  return { draft, text: renderDraft(draft) };
}

/** Every diagnostic validate would print for the text, as one line each. */
export function validation(text: string): string[] {
  const r = loadModelText("access.yaml", text, { today: TODAY });
  const limits = r.model
    ? checkLimits(compile(r.model)).map((p) => `${p.severity} [${p.code}] ${p.message}`)
    : [];
  return [...r.diagnostics.map((d) => formatDiagnostic(d).split("\n")[0]!), ...limits];
}

export type Yaml = Record<string, Record<string, unknown>>;

export function parsed(text: string): Yaml {
  return parse(text) as Yaml;
}

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it (review the diff like code). */
export function golden(path: string, text: string): void {
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  assert.equal(
    text,
    readFileSync(path, "utf8"),
    `${path} (regenerate with UPDATE_GOLDEN=1 after an intended change)`,
  );
}

/** The comment lines right above line i (not counting the line itself). */
export function commentsAbove(lines: string[], i: number): string[] {
  const out: string[] = [];
  for (let j = i - 1; j >= 0 && /^\s*#/.test(lines[j]!); j--) out.unshift(lines[j]!.trim());
  return out;
}
