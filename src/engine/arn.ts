// ARN matching. Two documented rules, which differ:
// * the Resource element: wildcards work within colon-separated segments, and a "*"
//   ending a segment may run past colons ("Using wildcards in resource ARNs");
// * ArnLike/ArnEquals: each of the six colon-delimited components is matched
//   separately ("Amazon Resource Name (ARN) condition operators").
// Both are case-sensitive.
import { cachedGlobRegex, type GlobToken, globRegex, globTokens, segmentSensitive } from "./glob.js";
import type { Tri } from "./tri.js";

const segmentCache = new Map<string, RegExp>();

function cached(pattern: string): RegExp {
  let re = segmentCache.get(pattern);
  if (!re) {
    re = globRegex(globTokens(pattern), "segment");
    if (segmentCache.size > 50_000) segmentCache.clear();
    segmentCache.set(pattern, re);
  }
  return re;
}

/** Resource-element match of an ARN pattern (no policy variables) against an ARN or "*". */
export function arnMatches(pattern: string, arn: string): boolean {
  return cached(pattern).test(arn);
}

/** A Resource pattern ready to test, with the plain-glob reading kept when it can differ. */
export interface ResourceMatcher {
  segment: RegExp;
  plain?: RegExp;
  /** The segment reading with "arn", partition and service lower-cased. */
  folded: RegExp;
}

/** Lower-cases the text before the third colon (the "arn", partition and service components). */
function foldPrefix(tokens: readonly GlobToken[]): GlobToken[] {
  let colons = 0;
  return tokens.map((tok) => {
    if (tok.t !== "lit" || colons >= 3) return tok;
    let v = "";
    for (const ch of tok.v) {
      v += colons < 3 ? ch.toLowerCase() : ch;
      if (ch === ":") colons++;
    }
    return { t: "lit", v };
  });
}

/** The text with "arn", partition and service (before the third colon) lower-cased. */
export function foldText(arn: string): string {
  let at = -1;
  for (let k = 0; k < 3; k++) {
    at = arn.indexOf(":", at + 1);
    if (at < 0) return arn.toLowerCase();
  }
  return arn.slice(0, at).toLowerCase() + arn.slice(at);
}

export function resourceMatcher(tokens: readonly GlobToken[]): ResourceMatcher {
  const m: ResourceMatcher = {
    segment: cachedGlobRegex(tokens, "segment"),
    folded: cachedGlobRegex(foldPrefix(tokens), "segment"),
  };
  if (segmentSensitive(tokens)) m.plain = cachedGlobRegex(tokens, "plain");
  return m;
}

/**
 * Whether the resource matches. U when the segment rule and a plain glob disagree:
 * AWS only "recommends" keeping wildcards inside segments, so we do not bet on it.
 * U too when the ARNs differ only in the case of "arn", the partition or the service:
 * AWS calls ARN matching case-sensitive but never says whether those components, fixed
 * lower-case names, are compared as written or normalised first.
 */
export function resourceMatch(m: ResourceMatcher, resource: string): Tri {
  const seg = m.segment.test(resource);
  if (m.plain && m.plain.test(resource) !== seg) return "U";
  if (seg) return "T";
  // Only when a fold changes something (the cache returns the same RegExp for equal patterns).
  const folded = foldText(resource);
  if ((folded !== resource || m.folded !== m.segment) && m.folded.test(folded)) return "U";
  return "F";
}

/** Splits an ARN into its six components; the sixth keeps any further colons. */
export function arnComponents(arn: string): string[] | undefined {
  const parts: string[] = [];
  let rest = arn;
  for (let i = 0; i < 5; i++) {
    const colon = rest.indexOf(":");
    if (colon < 0) return undefined;
    parts.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  parts.push(rest);
  return parts;
}

function tokenComponents(tokens: readonly GlobToken[]): GlobToken[][] | undefined {
  const comps: GlobToken[][] = [[]];
  for (const tok of tokens) {
    if (tok.t !== "lit") {
      comps[comps.length - 1]?.push(tok);
      continue;
    }
    let text = tok.v;
    while (comps.length < 6) {
      const colon = text.indexOf(":");
      if (colon < 0) break;
      if (colon > 0) comps[comps.length - 1]?.push({ t: "lit", v: text.slice(0, colon) });
      comps.push([]);
      text = text.slice(colon + 1);
    }
    if (text) comps[comps.length - 1]?.push({ t: "lit", v: text });
  }
  return comps.length === 6 ? comps : undefined;
}

/** ArnLike of a resolved pattern against a context value. */
export function arnLike(tokens: readonly GlobToken[], value: string): Tri {
  const pattern = tokenComponents(tokens);
  // A pattern that is not six components has no documented meaning for ArnLike.
  if (!pattern) return "U";
  const actual = arnComponents(value);
  if (!actual) return "F";
  for (let i = 0; i < 6; i++) {
    if (!cachedGlobRegex(pattern[i] ?? [], "plain").test(actual[i] ?? "")) return "F";
  }
  return "T";
}
