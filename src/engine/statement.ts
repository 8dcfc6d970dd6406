// Does one statement apply to one concrete request? Action, resource, principal and
// conditions are ANDed; each may be undecided, and malformed parts cap it at U.
import { actionSetMatches } from "./action.js";
import { foldText, resourceMatch, resourceMatcher } from "./arn.js";
import type { CompiledResource, CompiledStatement } from "./compile.js";
import { evaluateConditions } from "./conditions.js";
import type { KeyLookup } from "./context.js";
import { matchPrincipal, type NamedAs } from "./principal.js";
import { allOf, anyOf, type Judged, NO, negate, unknown, YES } from "./tri.js";
import type { Principal } from "./types.js";
import { resolveTemplate } from "./variables.js";

export interface RequestView {
  /** "service:Name" as requested. */
  action: string;
  /** Lower-cased service prefix of the action. */
  service: string;
  resource: string;
  principal: Principal;
  lookup: KeyLookup;
  hasBoundary: boolean;
}

export interface Applies extends Judged {
  /** For resource-based statements: how the requester was named. */
  as?: NamedAs;
}

/** true/false, or undefined when the Action element is missing or has malformed patterns. */
export function actionApplies(st: CompiledStatement, action: string, service: string): boolean | undefined {
  if (!st.actions) return undefined;
  const hit = actionSetMatches(st.actions.set, action.toLowerCase(), service);
  if (!hit && st.actions.set.malformed.length > 0) return undefined;
  return st.actions.negated ? !hit : hit;
}

function onePattern(p: CompiledResource, resource: string, lookup: KeyLookup, negated: boolean): Judged {
  if (p.unreadable) return unknown(`Resource ${p.raw}: ${p.unreadable}`);
  let matcher = p.fixed;
  if (!matcher) {
    const r = resolveTemplate(p.tokens, lookup);
    // A variable without a value makes the match fail (Policy variables page); inside
    // NotResource that would widen the statement, which AWS does not spell out.
    if (r.kind === "unresolved") return negated ? unknown(`NotResource ${p.raw}: ${r.reason}`) : NO;
    if (r.kind === "unknown") return unknown(`Resource ${p.raw}: ${r.reason}`);
    matcher = resourceMatcher(r.tokens);
  }
  const t = resourceMatch(matcher, resource);
  return t === "U"
    ? unknown(`Resource ${p.raw}: wildcard inside an ARN segment, AWS only recommends a rule`)
    : t === "T"
      ? YES
      : NO;
}

type Resources = NonNullable<CompiledStatement["resources"]>;

/**
 * A long Resource list (a switch policy naming hundreds of roles) indexed once: its literal
 * patterns by their text with "arn", partition and service lower-cased, the others by position.
 * A literal pattern matches only its own text, and is undecided only for a text equal to it
 * but for the case of those components (resourceMatch); every other literal gives NO, which
 * anyOf passes over. So only the candidates are judged, in the list's order, as before.
 */
interface PatternIndex {
  literal: Map<string, number[]>;
  rest: number[];
}

const INDEX_FROM = 8;
const indexes = new WeakMap<Resources, PatternIndex>();

function indexOf(res: Resources): PatternIndex {
  let index = indexes.get(res);
  if (!index) {
    index = { literal: new Map(), rest: [] };
    for (const [i, p] of res.patterns.entries()) {
      if (p.fixed && !p.unreadable && p.tokens.every((t) => t.t === "lit")) {
        const key = foldText(p.tokens.map((t) => (t.t === "lit" ? t.v : "")).join(""));
        const at = index.literal.get(key);
        if (at) at.push(i);
        else index.literal.set(key, [i]);
      } else index.rest.push(i);
    }
    indexes.set(res, index);
  }
  return index;
}

function candidates(res: Resources, resource: string): CompiledResource[] {
  const index = indexOf(res);
  const hit = index.literal.get(foldText(resource));
  const at = hit ? [...hit, ...index.rest].sort((a, b) => a - b) : index.rest;
  return at.map((i) => res.patterns[i]!);
}

export function resourceApplies(st: CompiledStatement, resource: string, lookup: KeyLookup): Judged {
  const res = st.resources;
  // Trust and other resource-based policies may omit Resource: the statement then
  // covers the resource the policy is attached to.
  if (!res) return st.principal ? YES : unknown("no Resource/NotResource");
  const patterns = res.patterns.length < INDEX_FROM ? res.patterns : candidates(res, resource);
  const any = anyOf(patterns.map((p) => onePattern(p, resource, lookup, res.negated)));
  return res.negated ? negate(any) : any;
}

export function statementApplies(st: CompiledStatement, req: RequestView): Applies {
  const reasons: string[] = [...st.issues];
  const act = actionApplies(st, req.action, req.service);
  if (act === false) return NO;
  const parts: Judged[] = [];
  if (act === undefined) parts.push(unknown("the Action/NotAction element cannot be read"));
  const res = resourceApplies(st, req.resource, req.lookup);
  if (res.tri === "F") return NO;
  parts.push(res);
  let as: NamedAs | undefined;
  if (st.principal) {
    const effect = st.effect ?? "Allow";
    const pm = matchPrincipal(st.principal, req.principal, effect, req.hasBoundary);
    if (pm.tri === "F") return NO;
    parts.push({ tri: pm.tri, reasons: pm.reasons });
    as = pm.as;
  }
  const cond = evaluateConditions(st.conditions, req.lookup);
  if (cond.tri === "F") return NO;
  parts.push(cond);
  if (reasons.length > 0) parts.push({ tri: "U", reasons });
  const all = allOf(parts);
  return as ? { ...all, as } : all;
}
