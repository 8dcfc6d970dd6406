// Small, careful YAML text building for the draft: scalars quoted whenever YAML could read them
// as something else, comments kept on one line each and wrapped, so the output is exact and
// reviewable. Written by hand rather than through a YAML serializer to control the layout
// (flow maps for environments, comments before and after keys) byte for byte.
import { parse } from "yaml";

/** Inside [ ] or { }, where , [ ] { } : end a plain scalar. */
const PLAIN_FLOW = /^[A-Za-z0-9_][\w.@+/-]*$/;
/** A block value or key: anything that reads back unchanged (checked below), one line. */
const PLAIN_BLOCK = /^[A-Za-z0-9_](?:[^\n#]*[^\s:])?$/;

/** A scalar as YAML text: plain when it reads back as the same string, else double-quoted. */
export function scalar(value: string, context: "block" | "flow" = "flow"): string {
  // YAML 1.1 readers take yes/no/on/off for booleans: quoted, so every tool reads a string.
  const plain =
    (context === "flow" ? PLAIN_FLOW : PLAIN_BLOCK).test(value) &&
    !/: | #|\t/.test(value) &&
    !/^(y|yes|n|no|on|off)$/i.test(value);
  if (plain) {
    try {
      if (parse(value) === value) return value;
    } catch {
      // not plain after all: quote it
    }
  }
  // JSON strings are valid YAML double-quoted scalars.
  return JSON.stringify(value);
}

/** Always quoted: account ids must stay strings, and a leading zero must survive. */
export function quoted(value: string): string {
  return JSON.stringify(value);
}

export function flowList(values: string[]): string {
  return `[${values.map((v) => scalar(v)).join(", ")}]`;
}

/** Comment text on one line: no line breaks or control characters can end the comment early. */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, " ").trim();
}

const WIDTH = 100;

/** Comment lines at an indent, each text wrapped at word boundaries to about 100 columns. */
export function comments(indent: string, texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of texts) {
    const text = oneLine(raw);
    const prefix = `${indent}# `;
    const continuation = `${indent}#   `;
    let line = prefix;
    let empty = true;
    for (const word of text.split(" ")) {
      if (word === "") continue;
      if (!empty && line.length + 1 + word.length > WIDTH) {
        out.push(line);
        line = continuation + word;
        continue;
      }
      line += empty ? word : ` ${word}`;
      empty = false;
    }
    out.push(empty ? `${indent}#` : line);
  }
  return out;
}

/** `key: value # comment`, the comment on one line (one space before #, as formatters leave it). */
export function withComment(line: string, comment: string | undefined): string {
  return comment ? `${line} # ${oneLine(comment)}` : line;
}
