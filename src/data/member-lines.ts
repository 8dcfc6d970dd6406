// Sekisho's data files (data/actions.json, data/managed-policies.json) are JSON objects written
// one member per line by the build step: a head line ending in "{", then `"KEY":VALUE` lines,
// then "}}". They stay valid JSON, and a command can index the lines by key without parsing
// them, then parse only the members it uses (one service's actions, one managed policy).

export interface MemberLines {
  /** The head line as an object, the member object itself empty. */
  head: Record<string, unknown>;
  /** Each member's line (without its trailing comma), by key, in file order. */
  members: Map<string, string>;
}

/** Indexes the member lines of `text`; throws, naming the line, when it is not in that form. */
export function memberLines(text: string): MemberLines {
  const lines = text.split("\n");
  const first = lines[0] ?? "";
  if (!first.endsWith("{")) throw new Error('line 1: expected a head line ending in "{"');
  const head = JSON.parse(`${first}}}`) as Record<string, unknown>;
  const members = new Map<string, string>();
  let closed = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "}}") {
      closed = true;
      continue;
    }
    if (line === "") continue;
    const colon = line.indexOf('":');
    if (closed || !line.startsWith('"') || colon < 0)
      throw new Error(`line ${i + 1}: expected "KEY":VALUE on one line`);
    members.set(
      JSON.parse(line.slice(0, colon + 1)) as string,
      line.endsWith(",") ? line.slice(0, -1) : line,
    );
  }
  if (!closed) throw new Error('expected the last line to be "}}"');
  return { head, members };
}

/** The value of one member line from `memberLines`. */
export function memberValue(line: string): unknown {
  return JSON.parse(line.slice(line.indexOf('":') + 2));
}
