// The explanation parts of a Decision: which statements decided an Allow, which
// layers were missing for an ImplicitDeny.
import type { LayerTris, Paths, Reach } from "./combine.js";
import { firstTrue, type Hit, type Layer } from "./layers.js";
import type { PolicyKind, StatementRef, Uncertainty } from "./types.js";

export function nonEmpty(list: Uncertainty[]): Uncertainty[] {
  return list.length > 0 ? list : [{ policyId: "", index: -1, reason: "undecided" }];
}

export interface LayerHits {
  identity: Layer;
  boundary: Layer | undefined;
  session: Layer | undefined;
  scpLevels: Layer[];
  reachHits: Record<Reach, Hit[]>;
}

export function decisiveAllows(t: LayerTris, p: Paths, h: LayerHits): StatementRef[] {
  const out: StatementRef[] = [];
  const limits = () => [
    ...(h.boundary ? firstTrue(h.boundary.allows) : []),
    ...(h.session ? firstTrue(h.session.allows) : []),
  ];
  const r = t.resource;
  const viaIdentity = p.identityPath === "T" && (t.sameAccount || t.external) && !t.mandatory;
  if (viaIdentity) out.push(...firstTrue(h.identity.allows), ...limits());
  else if (r.free === "T" && (t.sameAccount || t.external)) out.push(...firstTrue(h.reachHits.free));
  else if (r.limited === "T" && (t.sameAccount || t.external))
    out.push(...firstTrue(h.reachHits.limited), ...limits());
  else if (r.wild === "T" && (t.sameAccount || t.external))
    out.push(...firstTrue(h.reachHits.wild), ...limits());
  else {
    // Both sides needed: cross-account, or a trust/key policy delegating to the account.
    out.push(...firstTrue(h.identity.allows), ...limits());
    const res = [...h.reachHits.free, ...h.reachHits.limited, ...h.reachHits.wild, ...h.reachHits.account];
    out.push(...firstTrue(t.mandatory ? h.reachHits.account : res));
  }
  for (const level of h.scpLevels) out.push(...firstTrue(level.allows));
  return out;
}

export function missingLayers(t: LayerTris, p: Paths): PolicyKind[] {
  const out: PolicyKind[] = [];
  if (t.scp !== "T") out.push("scp");
  const local = t.sameAccount || t.external;
  const r = t.resource;
  const free = local && r.free === "T";
  // A resource policy that names the requester replaces the identity policy locally.
  const named = local && (free || r.limited === "T" || r.wild === "T");
  if (!t.external && !free) {
    if (!named && t.identity !== "T") out.push("identity");
    if (t.boundary !== undefined && t.boundary !== "T") out.push("boundary");
    if (t.session !== undefined && t.session !== "T") out.push("session");
  }
  if ((!t.sameAccount || t.mandatory || t.external) && p.resourceAny !== "T" && !named) out.push("resource");
  return out;
}
