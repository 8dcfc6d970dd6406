// Policy variables (IAM User Guide, "IAM policy elements: Variables and tags"):
// ${key} is replaced by the request's value of that context key, ${key, 'default'}
// falls back to the default when the key has no value, and ${*} ${?} ${$} stand
// for the literal characters. Variables exist only in policies of Version 2012-10-17;
// elsewhere the text is literal.

import { isMultivaluedKey, type KeyLookup } from "./context.js";
import { type GlobToken, globTokens } from "./glob.js";

export type TemplateToken =
  | GlobToken
  | { t: "var"; key: string; fallback?: string }
  | { t: "bad"; raw: string };

export interface TemplateOptions {
  variables: boolean;
  wildcards: boolean;
}

const SPECIAL: Record<string, string> = { "*": "*", "?": "?", $: "$" };
// Exactly the documented forms: ${key} and ${key, 'default'} ("separate the variable text
// and the default value with a comma and space"). AWS says nothing of other spacing, so any
// other form is an unparseable variable: undecided, never read one way or the other.
const VARIABLE = /^([^\s,'}]+)(?:, '([^']*)')?$/;

function pushText(out: TemplateToken[], text: string, wildcards: boolean): void {
  if (wildcards) out.push(...globTokens(text));
  // (Equivalent mutant: without wildcards an empty literal changes no match.)
  else if (text) out.push({ t: "lit", v: text });
}

export function parseTemplate(text: string, options: TemplateOptions): TemplateToken[] {
  const out: TemplateToken[] = [];
  if (!options.variables) {
    pushText(out, text, options.wildcards);
    return out;
  }
  let rest = text;
  for (;;) {
    const open = rest.indexOf("${");
    const close = rest.indexOf("}", open + 2);
    if (open < 0 || close < 0) {
      pushText(out, rest, options.wildcards);
      return out;
    }
    pushText(out, rest.slice(0, open), options.wildcards);
    const inner = rest.slice(open + 2, close);
    // Only the documented spelling: "${ * }" is as undocumented as "${ key }".
    const special = SPECIAL[inner];
    if (special !== undefined) {
      out.push({ t: "lit", v: special });
    } else {
      const m = VARIABLE.exec(inner);
      if (m?.[1]) {
        const token: TemplateToken = { t: "var", key: m[1].toLowerCase() };
        // (Equivalent mutant: assigning an undefined fallback changes nothing.)
        if (m[2] !== undefined) token.fallback = m[2];
        out.push(token);
      } else {
        out.push({ t: "bad", raw: rest.slice(open, close + 1) });
      }
    }
    rest = rest.slice(close + 1);
  }
}

export function hasVariables(tokens: readonly TemplateToken[]): boolean {
  return tokens.some((tok) => tok.t === "var" || tok.t === "bad");
}

export type Resolved =
  | { kind: "ok"; tokens: GlobToken[] }
  /** A variable had no value and no default: AWS says matching it fails. */
  | { kind: "unresolved"; reason: string }
  /** The value cannot be known (multi-valued key, key unknown to a scan, bad syntax). */
  | { kind: "unknown"; reason: string };

export function resolveTemplate(tokens: readonly TemplateToken[], lookup: KeyLookup): Resolved {
  const out: GlobToken[] = [];
  for (const tok of tokens) {
    if (tok.t === "bad") return { kind: "unknown", reason: `unparseable policy variable ${tok.raw}` };
    if (tok.t !== "var") {
      out.push(tok);
      continue;
    }
    const found = lookup(tok.key);
    if (found.kind === "unknown")
      return { kind: "unknown", reason: `variable \${${tok.key}}: ${found.reason}` };
    // "You cannot use a multivalued context key as a policy variable" (Variables and tags
    // page): what AWS then does is not said, even for a list of one value.
    if (isMultivaluedKey(tok.key) || (found.kind === "present" && typeof found.value !== "string"))
      return { kind: "unknown", reason: `variable \${${tok.key}} names a multivalued context key` };
    const value = found.kind === "present" ? (found.value as string) : undefined;
    // AWS does not say whether an empty value falls back to the default, nor what an empty
    // default substitutes.
    if (value === "" && tok.fallback !== undefined)
      return { kind: "unknown", reason: `variable \${${tok.key}} is empty and has a default` };
    if (value === undefined && tok.fallback === "")
      return { kind: "unknown", reason: `variable \${${tok.key}} falls back to an empty default` };
    const text = value ?? tok.fallback;
    if (text === undefined) return { kind: "unresolved", reason: `variable \${${tok.key}} has no value` };
    out.push({ t: "lit", v: text });
  }
  return { kind: "ok", tokens: out };
}
