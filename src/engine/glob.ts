// Wildcard patterns as IAM writes them: "*" is any run of characters, "?" exactly one.
// Patterns are kept as tokens so that a literal "*" coming from ${*} or from a policy
// variable's value never turns into a wildcard.

export type GlobToken = { t: "lit"; v: string } | { t: "star" } | { t: "one" };

export type GlobMode =
  /** "*" and "?" match anything, colons included (Action, StringLike). */
  | "plain"
  /**
   * Resource element: wildcards stay inside a colon-separated segment, except a "*"
   * that ends a segment, which may run past colons (IAM User Guide, "Using wildcards
   * in resource ARNs").
   */
  | "segment";

/** Splits a pattern string on its wildcards. */
export function globTokens(pattern: string): GlobToken[] {
  const out: GlobToken[] = [];
  let lit = "";
  for (const ch of pattern) {
    if (ch === "*" || ch === "?") {
      if (lit) out.push({ t: "lit", v: lit });
      lit = "";
      out.push(ch === "*" ? { t: "star" } : { t: "one" });
    } else {
      lit += ch;
    }
  }
  if (lit) out.push({ t: "lit", v: lit });
  return out;
}

export function hasWildcard(tokens: readonly GlobToken[]): boolean {
  return tokens.some((tok) => tok.t !== "lit");
}

/** True when the tokens are only "*": such a pattern matches every string. */
export function matchesEverything(tokens: readonly GlobToken[]): boolean {
  return tokens.length > 0 && tokens.every((tok) => tok.t === "star");
}

/** Joins the literal text of wildcard-free tokens. */
export function literalText(tokens: readonly GlobToken[]): string | undefined {
  let s = "";
  for (const tok of tokens) {
    if (tok.t !== "lit") return undefined;
    s += tok.v;
  }
  return s;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function endsSegment(tokens: readonly GlobToken[], i: number): boolean {
  const next = tokens[i + 1];
  if (next === undefined) return true;
  return next.t === "lit" && next.v.startsWith(":");
}

/** The regular expression body (unanchored) for the tokens. */
export function globBody(tokens: readonly GlobToken[], mode: GlobMode): string {
  let src = "";
  tokens.forEach((tok, i) => {
    if (tok.t === "lit") src += escapeRegex(tok.v);
    else if (tok.t === "one") src += mode === "plain" ? "." : "[^:]";
    else src += mode === "plain" || endsSegment(tokens, i) ? ".*" : "[^:]*";
  });
  return src;
}

export function globSource(tokens: readonly GlobToken[], mode: GlobMode): string {
  return `^${globBody(tokens, mode)}$`;
}

export function globRegex(tokens: readonly GlobToken[], mode: GlobMode, ignoreCase = false): RegExp {
  return new RegExp(globSource(tokens, mode), ignoreCase ? "is" : "s");
}

/** True when segment and plain matching can disagree for these tokens. */
export function segmentSensitive(tokens: readonly GlobToken[]): boolean {
  return tokens.some((tok, i) => tok.t === "one" || (tok.t === "star" && !endsSegment(tokens, i)));
}

/** A string key for tokens (wildcards as control characters), for caching compiled forms. */
export function tokenKey(tokens: readonly GlobToken[]): string {
  let key = "";
  for (const tok of tokens) key += tok.t === "lit" ? tok.v : tok.t === "star" ? "\u0001" : "\u0002";
  return key;
}

const regexCache = new Map<string, RegExp>();

/** globRegex with a bounded cache: policy variables make patterns per request. */
export function cachedGlobRegex(tokens: readonly GlobToken[], mode: GlobMode, ignoreCase = false): RegExp {
  const key = `${mode}${ignoreCase ? "i" : ""}\u0000${tokenKey(tokens)}`;
  let re = regexCache.get(key);
  if (!re) {
    if (regexCache.size > 20_000) regexCache.clear();
    re = globRegex(tokens, mode, ignoreCase);
    regexCache.set(key, re);
  }
  return re;
}
