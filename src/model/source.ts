// Reading access.yaml: bytes → text → YAML document with positions → plain value.
// Every failure becomes a Diagnostic with file:line:column; nothing throws.
import { type Document, isMap, isScalar, isSeq, type Node, parseDocument } from "yaml";
import type { Diagnostic } from "./diagnostics.js";

/** Access models are small (a 20,000-person org is ~1 MB); larger input is a mistake or an attack. */
export const MAX_MODEL_BYTES = 10 * 1024 * 1024;
/** Aliases may expand; more than this many is a "billion laughs" document. */
const MAX_ALIASES = 200;

export type Path = readonly (string | number)[];

export interface Source {
  file: string;
  value: unknown;
  /** Line and column (1-based) of the value at path, or of the nearest existing parent. */
  locate(path: Path): { line: number; column: number };
  /** Position of the key (not the value) at path; for unknown-key and name errors. */
  locateKey(path: Path): { line: number; column: number };
}

function at(
  file: string,
  line: number,
  column: number,
  code: string,
  message: string,
  expected?: string,
): Diagnostic {
  return { severity: "error", code, file, line, column, message, ...(expected ? { expected } : {}) };
}

/** Decodes bytes as UTF-8 strictly; the first bad byte is reported with its line and column. */
export function tooLarge(file: string, size: number): Diagnostic {
  const mb = (size / 1024 / 1024).toFixed(1);
  return at(
    file,
    1,
    1,
    "too-large",
    `file is ${mb} MB; an access model may be at most 10 MB`,
    "a YAML access model",
  );
}

export function decodeText(file: string, bytes: Uint8Array): { text?: string; diagnostics: Diagnostic[] } {
  if (bytes.length > MAX_MODEL_BYTES) return { diagnostics: [tooLarge(file, bytes.length)] };
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    return {
      diagnostics: [
        at(file, 1, 1, "encoding", "file is UTF-16 (byte order mark found); save it as UTF-8", "UTF-8 text"),
      ],
    };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const { line, column } = firstInvalidUtf8(bytes);
    return {
      diagnostics: [
        at(
          file,
          line,
          column,
          "encoding",
          "file is not valid UTF-8 (is it Latin-1 or binary?)",
          "UTF-8 text",
        ),
      ],
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    const { line, column } = lineColumn(text, nul);
    return {
      diagnostics: [
        at(
          file,
          line,
          column,
          "binary",
          "file contains NUL bytes: it is binary, not YAML",
          "UTF-8 YAML text",
        ),
      ],
    };
  }
  if (text.trim() === "") {
    return {
      diagnostics: [
        at(
          file,
          1,
          1,
          "empty",
          "file is empty",
          "an access model with organization, identity, environments, levels, teams and people",
        ),
      ],
    };
  }
  return { text, diagnostics: [] };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629 table 3-7), as line and column in characters. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  let i = 0;
  let bad = bytes.length;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => k < bytes.length && bytes[k]! >= lo && bytes[k]! <= hi;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let len = 0;
    if (b < 0x80) len = 1;
    else if (b >= 0xc2 && b <= 0xdf && cont(i + 1)) len = 2;
    else if (b === 0xe0 && cont(i + 1, 0xa0) && cont(i + 2)) len = 3;
    else if (((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) && cont(i + 1) && cont(i + 2)) len = 3;
    else if (b === 0xed && cont(i + 1, 0x80, 0x9f) && cont(i + 2)) len = 3;
    else if (b === 0xf0 && cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3)) len = 4;
    else if (b >= 0xf1 && b <= 0xf3 && cont(i + 1) && cont(i + 2) && cont(i + 3)) len = 4;
    else if (b === 0xf4 && cont(i + 1, 0x80, 0x8f) && cont(i + 2) && cont(i + 3)) len = 4;
    if (len === 0) {
      bad = i;
      break;
    }
    i += len;
  }
  let lineStart = 0;
  let line = 1;
  for (let k = 0; k < bad; k++) {
    if (bytes[k] === 10) {
      line++;
      lineStart = k + 1;
    }
  }
  const prefix = new TextDecoder().decode(bytes.subarray(lineStart, bad));
  return { line, column: [...prefix].length + 1 };
}

const YAML_MESSAGES: Record<string, string> = {
  DUPLICATE_KEY: "duplicate key: this key already appears in the same mapping",
};

/**
 * Offsets → line and column, from the text itself: yaml's LineCounter misses newlines inside
 * multi-line scalars of a broken document, and errors are exactly where positions matter.
 */
function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** Offsets of keys that repeat an earlier key of the same mapping, in one pass over the document. */
function duplicateKeys(doc: Document): number[] {
  const out: number[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? `s:${String(pair.key.value)}` : `n:${JSON.stringify(pair.key)}`;
        if (seen.has(key)) {
          const range = (pair.key as Node | null)?.range;
          if (range) out.push(range[0]);
        }
        seen.add(key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return out.sort((a, b) => a - b);
}

export function parseSource(file: string, text: string): { source?: Source; diagnostics: Diagnostic[] } {
  // yaml's own uniqueKeys check compares each key with every earlier one (quadratic: minutes for
  // a 10 MB file); duplicates are found below with one set per mapping instead.
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: true });
  const pos = lineIndex(text);
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const { line, column } = pos(e.pos[0]);
    // yaml's own first line is specific ("Missing closing \"quote"); ours only where it is vague.
    const detail = YAML_MESSAGES[e.code] ?? e.message.split("\n")[0] ?? e.code;
    diagnostics.push(at(file, line, column, "yaml-syntax", `YAML: ${detail}`, "valid YAML"));
  }
  for (const offset of duplicateKeys(doc)) {
    const { line, column } = pos(offset);
    diagnostics.push(
      at(file, line, column, "yaml-syntax", `YAML: ${YAML_MESSAGES.DUPLICATE_KEY}`, "valid YAML"),
    );
  }
  if (diagnostics.length > 0)
    return { diagnostics: diagnostics.sort((a, b) => a.line - b.line || a.column - b.column) };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const code = /alias/i.test(message) ? "yaml-aliases" : "yaml-syntax";
    const text2 = /alias/i.test(message)
      ? `YAML aliases expand too far (more than ${MAX_ALIASES}): refusing a possible "billion laughs" document`
      : `YAML: ${message}`;
    return { diagnostics: [at(file, 1, 1, code, text2, "a YAML document without excessive aliases")] };
  }
  return { source: makeSource(file, doc, value, pos), diagnostics };
}

function makeSource(
  file: string,
  doc: Document,
  value: unknown,
  pos: (offset: number) => { line: number; column: number },
): Source {
  const walk = (path: Path, wantKey: boolean): { line: number; column: number } => {
    let node: unknown = doc.contents;
    let best: { line: number; column: number } = nodePos(node) ?? { line: 1, column: 1 };
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return best;
        if (last && wantKey) return nodePos(pair.key) ?? best;
        node = pair.value;
        best = nodePos(node) ?? nodePos(pair.key) ?? best;
      } else if (isSeq(node) && typeof seg === "number") {
        node = node.items[seg];
        best = nodePos(node) ?? best;
      } else {
        return best;
      }
    }
    return best;
  };
  function nodePos(node: unknown): { line: number; column: number } | undefined {
    const range = (node as Node | null)?.range;
    return range ? pos(range[0]) : undefined;
  }
  return { file, value, locate: (path) => walk(path, false), locateKey: (path) => walk(path, true) };
}
