// Catalog mode, first step: every statement judged once per scan for all that does
// not depend on the action (conditions, principal, which resources it may cover),
// and indexed by service so the per-action step only visits relevant statements.
import { resourceMatch, resourceMatcher } from "./arn.js";
import { type CompiledResource, type CompiledStatement, compilePolicy, type Shape } from "./compile.js";
import { evaluateConditions } from "./conditions.js";
import type { KeyLookup } from "./context.js";
import { type GlobToken, matchesEverything } from "./glob.js";
import { matchPrincipal, type NamedAs } from "./principal.js";
import { and3, anyOf, type Judged, NO, type Tri, unknown, YES } from "./tri.js";
import type { PolicyRef, Principal, StatementRef } from "./types.js";
import { resolveTemplate } from "./variables.js";

/** Marks reasons that only say "the scan cannot know this key": expected, not reported. */
export const REQUEST_SPECIFIC = "depends on the request or resource";

/** One statement, judged once per scan for everything that does not depend on the action. */
export interface Prepared {
  ref: StatementRef;
  st: CompiledStatement;
  effect: "Allow" | "Deny" | "Unknown";
  /** Conditions, principal and well-formedness. */
  base: Judged;
  as?: NamedAs;
  /** May the statement cover some resource of a wildcard-only / a typed action? */
  allowRes: [Judged, Judged];
  /** Does it surely cover every resource (for a Deny to remove the action)? */
  covers: [boolean, boolean];
  /** Could it cover some resource at all? */
  touches: [boolean, boolean];
  stamp: number;
}

export interface LayerResult {
  allow: Tri;
  allowVia: Prepared[];
  /** A Deny that surely applies to every resource. */
  sureDeny: boolean;
  /** A Deny that might apply to some resource (the hit is then not certain). */
  mayDeny: boolean;
  undecided: Prepared[];
}

export function emptyResult(): LayerResult {
  return { allow: "F", allowVia: [], sureDeny: false, mayDeny: false, undecided: [] };
}

export interface Layer {
  byService: Map<string, Prepared[]>;
  /** Statements checked for every action: wildcard services, NotAction, no action. */
  everywhere: Prepared[];
  /** Reused for every action of a scan (read before the next action is judged). */
  scratch: LayerResult;
}

type Resolved = { tokens: GlobToken[] } | { unresolved: string } | { unknown: string };

function resolvePattern(p: CompiledResource, lookup: KeyLookup): Resolved {
  const r = resolveTemplate(p.tokens, lookup);
  if (r.kind === "ok") return { tokens: r.tokens };
  return r.kind === "unresolved" ? { unresolved: r.reason } : { unknown: r.reason };
}

type ResourceJudgement = {
  allowRes: [Judged, Judged];
  covers: [boolean, boolean];
  touches: [boolean, boolean];
};

// A statement whose patterns hold no variable is judged the same under every context: once per
// compiled statement (compiled once per document), not once per scan. Read only once made.
const fixedJudgements = new WeakMap<CompiledStatement, ResourceJudgement>();

function judgeResources(st: CompiledStatement, lookup: KeyLookup): ResourceJudgement {
  const fixed = st.resources?.patterns.every((p) => p.fixed !== undefined || p.unreadable !== undefined);
  if (!fixed) return judgeResourcesUnder(st, lookup);
  let j = fixedJudgements.get(st);
  if (!j) {
    j = judgeResourcesUnder(st, lookup);
    fixedJudgements.set(st, j);
  }
  return j;
}

function judgeResourcesUnder(st: CompiledStatement, lookup: KeyLookup): ResourceJudgement {
  const res = st.resources;
  if (!res) {
    const j = st.principal ? YES : unknown("no Resource/NotResource");
    return {
      allowRes: [j, j] as [Judged, Judged],
      covers: [false, false] as [boolean, boolean],
      touches: [true, true] as [boolean, boolean],
    };
  }
  const resolved = res.patterns.map((p) => ({
    raw: p.raw,
    r: p.unreadable ? ({ unknown: p.unreadable } as Resolved) : resolvePattern(p, lookup),
  }));
  const everything = resolved.some(({ r }) => "tokens" in r && matchesEverything(r.tokens));
  const matchesStar = (tokens: GlobToken[]) => resourceMatch(resourceMatcher(tokens), "*") === "T";
  if (!res.negated) {
    const one = (wildcardOnly: boolean) =>
      anyOf(
        resolved.map(({ raw, r }): Judged => {
          if ("unresolved" in r) return NO;
          if ("unknown" in r) return unknown(`Resource ${raw}: ${r.unknown}`);
          if (matchesEverything(r.tokens)) return YES;
          if (wildcardOnly && matchesStar(r.tokens)) return YES;
          return unknown(`Resource ${raw}: ${REQUEST_SPECIFIC}`);
        }),
      );
    const touches = resolved.some(({ r }) => !("unresolved" in r));
    return {
      allowRes: [one(true), one(false)] as [Judged, Judged],
      covers: [everything, everything] as [boolean, boolean],
      touches: [touches, touches] as [boolean, boolean],
    };
  }
  // NotResource: the statement covers whatever the patterns leave out.
  if (everything)
    return {
      allowRes: [NO, NO] as [Judged, Judged],
      covers: [false, false] as [boolean, boolean],
      touches: [false, false] as [boolean, boolean],
    };
  const undecided = resolved.filter(({ r }) => !("tokens" in r));
  const notes = undecided.map(({ raw }) => `NotResource ${raw}: cannot be resolved`);
  const star = resolved.some(({ r }) => "tokens" in r && matchesStar(r.tokens));
  const allLiteral = resolved.every(({ r }) => "tokens" in r && r.tokens.every((t) => t.t === "lit"));
  const wc: Judged =
    notes.length > 0
      ? { tri: "U", reasons: notes }
      : star
        ? unknown(`NotResource: ${REQUEST_SPECIFIC}`)
        : YES;
  const typed: Judged =
    notes.length > 0
      ? { tri: "U", reasons: notes }
      : allLiteral
        ? YES
        : unknown(`NotResource: ${REQUEST_SPECIFIC}`);
  return {
    allowRes: [wc, typed] as [Judged, Judged],
    covers: [false, false] as [boolean, boolean],
    touches: [true, true] as [boolean, boolean],
  };
}

export function prepare(
  policies: readonly PolicyRef[],
  shape: Shape,
  lookup: KeyLookup,
  principal: Principal,
  hasBoundary: boolean,
): Layer {
  const layer: Layer = { byService: new Map(), everywhere: [], scratch: emptyResult() };
  for (const policy of policies) {
    const compiled = compilePolicy(policy.document, shape);
    const statements: CompiledStatement[] = [...compiled.statements];
    if (compiled.issues.length > 0)
      statements.push({
        index: -1,
        // A broken document has no statement to point at: refer to the document itself.
        statement: policy.document as unknown as CompiledStatement["statement"],
        conditions: [],
        issues: compiled.issues,
      });
    for (const st of statements) {
      const parts: Judged[] = [];
      if (st.issues.length > 0) parts.push({ tri: "U", reasons: st.issues });
      let as: NamedAs | undefined;
      if (st.principal) {
        const pm = matchPrincipal(st.principal, principal, st.effect ?? "Allow", hasBoundary);
        parts.push({ tri: pm.tri, reasons: pm.reasons });
        as = pm.as;
      }
      parts.push(evaluateConditions(st.conditions, lookup));
      const base = parts.reduce<Judged>(
        (acc, p) => ({
          tri: and3(acc.tri, p.tri),
          reasons: p.tri === "U" ? [...acc.reasons, ...p.reasons] : acc.reasons,
        }),
        YES,
      );
      if (base.tri === "F") continue;
      const ref: StatementRef = {
        policyId: policy.id,
        kind: policy.kind,
        index: st.index,
        statement: st.statement,
      };
      if (st.sid !== undefined) ref.sid = st.sid;
      const prepared: Prepared = {
        ref,
        st,
        effect: st.effect ?? "Unknown",
        base,
        ...judgeResources(st, lookup),
        stamp: -1,
      };
      if (as) prepared.as = as;
      const actions = st.actions;
      if (
        !actions ||
        actions.negated ||
        actions.set.anyService !== undefined ||
        actions.set.malformed.length > 0
      ) {
        layer.everywhere.push(prepared);
        continue;
      }
      for (const service of actions.set.byService.keys()) {
        const list = layer.byService.get(service);
        if (list) list.push(prepared);
        else layer.byService.set(service, [prepared]);
      }
    }
  }
  return layer;
}
