// One layer of policies (identity, boundary, session, an SCP level, the resource
// policy) judged against one request: which statements allow, which deny, and the
// layer's overall allow and deny as three-valued results.
import { compilePolicy, type Shape } from "./compile.js";
import { type Applies, type RequestView, statementApplies } from "./statement.js";
import { or3, type Tri } from "./tri.js";
import type { PolicyRef, StatementRef, Uncertainty } from "./types.js";

export interface Hit extends Applies {
  ref: StatementRef;
  effect: "Allow" | "Deny" | "Unknown";
}

export interface Layer {
  allows: Hit[];
  denies: Hit[];
  allow: Tri;
  deny: Tri;
}

export const EMPTY_LAYER: Layer = { allows: [], denies: [], allow: "F", deny: "F" };

function refOf(policy: PolicyRef, index: number, statement: unknown, sid?: string): StatementRef {
  const ref: StatementRef = {
    policyId: policy.id,
    kind: policy.kind,
    index,
    statement: statement as StatementRef["statement"],
  };
  if (sid !== undefined) ref.sid = sid;
  return ref;
}

export function evaluatePolicies(policies: readonly PolicyRef[], shape: Shape, view: RequestView): Layer {
  const layer: Layer = { allows: [], denies: [], allow: "F", deny: "F" };
  for (const policy of policies) {
    const compiled = compilePolicy(policy.document, shape);
    if (compiled.issues.length > 0) {
      // A broken document could hold anything: it may allow and may deny.
      const hit: Hit = {
        ref: refOf(policy, -1, policy.document),
        effect: "Unknown",
        tri: "U",
        reasons: compiled.issues,
      };
      layer.allows.push(hit);
      layer.denies.push(hit);
    }
    for (const st of compiled.statements) {
      const applies = statementApplies(st, view);
      if (applies.tri === "F") continue;
      const effect = st.effect ?? "Unknown";
      const hit: Hit = { ...applies, ref: refOf(policy, st.index, st.statement, st.sid), effect };
      if (effect !== "Deny") layer.allows.push(effect === "Allow" ? hit : { ...hit, tri: "U" });
      if (effect !== "Allow") layer.denies.push(effect === "Deny" ? hit : { ...hit, tri: "U" });
    }
  }
  layer.allow = layer.allows.reduce<Tri>((acc, h) => or3(acc, h.tri), "F");
  layer.deny = layer.denies.reduce<Tri>((acc, h) => or3(acc, h.tri), "F");
  return layer;
}

export function firstTrue(hits: readonly Hit[]): StatementRef[] {
  const h = hits.find((x) => x.tri === "T");
  return h ? [h.ref] : [];
}

export function uncertainties(hits: readonly Hit[]): Uncertainty[] {
  const out: Uncertainty[] = [];
  const seen = new Set<string>();
  for (const h of hits) {
    if (h.tri !== "U") continue;
    for (const reason of h.reasons.length > 0 ? h.reasons : ["undecided"]) {
      const key = `${h.ref.policyId}\u0000${h.ref.index}\u0000${reason}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ policyId: h.ref.policyId, index: h.ref.index, reason });
    }
  }
  return out;
}
