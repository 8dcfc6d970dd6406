// Does one statement apply to one concrete request? Action, resource, principal and
// conditions are ANDed; each may be undecided, and malformed parts cap it at U.
import { actionSetMatches } from "./action.js";
import { resourceMatch, resourceMatcher } from "./arn.js";
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

export function resourceApplies(st: CompiledStatement, resource: string, lookup: KeyLookup): Judged {
  const res = st.resources;
  // Trust and other resource-based policies may omit Resource: the statement then
  // covers the resource the policy is attached to.
  if (!res) return st.principal ? YES : unknown("no Resource/NotResource");
  const any = anyOf(res.patterns.map((p) => onePattern(p, resource, lookup, res.negated)));
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
