// Catalog mode: which actions of the whole catalog may be allowed, on some resource,
// for one principal under one context. Sound by construction: a statement the scan
// cannot decide counts as a possible allow and never as a deny; only a Deny that
// surely applies to every resource removes an action.
import { actionSetMatches } from "./action.js";
import { loadCatalog } from "./catalog.js";
import { combine, type LayerTris, type Reach, reachOf } from "./combine.js";
import { principalShape, scanLookup } from "./context.js";
import { alwaysAllowed } from "./rules.js";
import {
  emptyResult,
  type Layer,
  type LayerResult,
  type Prepared,
  prepare,
  REQUEST_SPECIFIC,
} from "./scan-prepare.js";
import { and3, or3, type Tri } from "./tri.js";
import type {
  CatalogAction,
  CatalogHit,
  CatalogResult,
  Context,
  PolicySet,
  Principal,
  ScanStop,
  StatementRef,
  Uncertainty,
} from "./types.js";

function matches(p: Prepared, action: string, service: string): boolean {
  const a = p.st.actions;
  if (!a) return true; // no usable Action: may match anything (base is U)
  const hit = actionSetMatches(a.set, action, service);
  return a.negated ? !hit : hit || a.set.malformed.length > 0;
}

// The per-action loop below runs ~22,000 times per scan: it avoids closures and
// throw-away arrays so that a full pass stays in the low milliseconds.
let stampCounter = 0;

function visit(
  p: Prepared,
  stamp: number,
  action: string,
  service: string,
  wc: 0 | 1,
  out: LayerResult,
): void {
  if (p.stamp === stamp) return;
  p.stamp = stamp;
  if (!matches(p, action, service)) return;
  if (p.effect !== "Deny") {
    const t = and3(and3(p.base.tri, p.allowRes[wc].tri), p.effect === "Allow" ? "T" : "U");
    if (t !== "F") {
      out.allow = or3(out.allow, t);
      out.allowVia.push(p);
      if (t === "U") out.undecided.push(p);
    }
  }
  if (p.effect !== "Allow" && p.touches[wc]) {
    if (p.effect === "Deny" && p.base.tri === "T" && p.covers[wc]) out.sureDeny = true;
    out.mayDeny = true;
    if (p.base.tri === "U" || p.effect === "Unknown") out.undecided.push(p);
  }
}

function judgeLayer(layer: Layer, action: string, service: string, wc: 0 | 1): LayerResult {
  const out = layer.scratch;
  out.allow = "F";
  out.allowVia.length = 0;
  out.undecided.length = 0;
  out.sureDeny = false;
  out.mayDeny = false;
  const stamp = ++stampCounter;
  const list = layer.byService.get(service);
  if (list) for (let i = 0; i < list.length; i++) visit(list[i] as Prepared, stamp, action, service, wc, out);
  for (let i = 0; i < layer.everywhere.length; i++)
    visit(layer.everywhere[i] as Prepared, stamp, action, service, wc, out);
  return out;
}

const EMPTY: LayerResult = emptyResult();

function reportable(p: Prepared, out: Map<string, Uncertainty>): void {
  const reasons = [...p.base.reasons, ...p.allowRes[0].reasons, ...p.allowRes[1].reasons];
  for (const reason of reasons) {
    if (reason.includes(REQUEST_SPECIFIC)) continue;
    const key = `${p.ref.policyId}\u0000${p.ref.index}\u0000${reason}`;
    if (!out.has(key)) out.set(key, { policyId: p.ref.policyId, index: p.ref.index, reason });
  }
}

/**
 * Which actions of the catalog may be allowed on some resource for this principal
 * under this context. The resource policy, if given, is read as the policy of one
 * resource in the principal's account. With `stop`, the scan ends at the first allowed
 * action it names (`stoppedAt`).
 */
export function scanCatalog(
  policies: PolicySet,
  principal: Principal,
  context: Context,
  catalog: readonly CatalogAction[] = loadCatalog(),
  stop?: ScanStop,
): CatalogResult {
  const lookup = scanLookup(context, principal);
  const shape = principalShape(principal);
  const hasBoundary = policies.boundary !== undefined;
  const identity = prepare(policies.identity, "identity", lookup, principal, hasBoundary);
  const boundary = policies.boundary
    ? prepare([policies.boundary], "identity", lookup, principal, hasBoundary)
    : undefined;
  const sessions = (policies.session ?? []).map((p) =>
    prepare([p], "identity", lookup, principal, hasBoundary),
  );
  const scps = (policies.scps ?? []).map((level) =>
    prepare(level, "identity", lookup, principal, hasBoundary),
  );
  const resource = policies.resource
    ? prepare([policies.resource], "resource", lookup, principal, hasBoundary)
    : undefined;

  const allowed: CatalogHit[] = [];
  const uncertain = new Map<string, Uncertainty>();
  const controls: LayerResult[] = [];
  for (const a of catalog) {
    const service = a.service.toLowerCase();
    if (service === "sts" && alwaysAllowed(a.id)) {
      allowed.push({ action: a.id, certain: true, via: [] });
      if (stop?.at(a)) return finished(allowed, uncertain, a.id);
      continue;
    }
    const wc: 0 | 1 = a.resourceTypes.length === 0 ? 0 : 1;
    const lower = a.id.toLowerCase();
    const id = judgeLayer(identity, lower, service, wc);
    controls.length = 0;
    controls.push(id);
    const bd = boundary ? judgeLayer(boundary, lower, service, wc) : undefined;
    if (bd) controls.push(bd);
    let session: Tri | undefined;
    let sessionSplit = false;
    for (const l of sessions) {
      const r = judgeLayer(l, lower, service, wc);
      controls.push(r);
      session = session === undefined ? r.allow : or3(session, r.allow);
      if (r.allow !== "T") sessionSplit = true;
    }
    // Several session policies: united, undecided when they disagree (as in evaluate).
    if (session === "T" && sessionSplit) session = "U";
    let scp: Tri = "T";
    for (const l of scps) {
      const r = judgeLayer(l, lower, service, wc);
      controls.push(r);
      scp = and3(scp, r.allow);
    }
    let sureDeny = false;
    let mayDeny = false;
    for (const l of controls) {
      sureDeny ||= l.sureDeny;
      mayDeny ||= l.mayDeny;
    }
    if (sureDeny || scp === "F") continue;

    const rs = resource ? judgeLayer(resource, lower, service, wc) : EMPTY;
    const reach: Record<Reach, Tri> = { free: "F", limited: "F", wild: "F", account: "F" };
    for (const p of rs.allowVia) {
      const r = reachOf(p.as ?? "any", shape);
      const t = and3(and3(p.base.tri, p.allowRes[wc].tri), p.effect === "Allow" ? "T" : "U");
      reach[r] = or3(reach[r], rs.mayDeny ? and3(t, "U") : t);
    }
    const mandatory =
      (service === "sts" && a.resourceTypes.includes("role")) ||
      (service === "kms" && a.resourceTypes.includes("key"));
    // Other roles' trust policies and other keys' key policies are not in view: any of
    // them may delegate to the account.
    if (mandatory) reach.account = or3(reach.account, "U");
    const tris: LayerTris = {
      identity: shape === "root" ? "T" : id.allow,
      scp,
      resource: reach,
      sameAccount: true,
      mandatory,
      external: shape === "other",
    };
    if (bd) tris.boundary = bd.allow;
    if (session !== undefined) tris.session = session;
    const allow = combine(tris).allow;
    if (allow === "F") continue;
    const via: StatementRef[] = [];
    for (const p of id.allowVia) via.push(p.ref);
    for (const p of rs.allowVia) via.push(p.ref);
    allowed.push({ action: a.id, certain: allow === "T" && !mayDeny, via });
    for (const l of controls) for (const p of l.undecided) reportable(p, uncertain);
    for (const p of rs.undecided) reportable(p, uncertain);
    if (stop?.at(a)) return finished(allowed, uncertain, a.id);
  }
  return finished(allowed, uncertain);
}

function finished(
  allowed: CatalogHit[],
  uncertain: Map<string, Uncertainty>,
  stoppedAt?: string,
): CatalogResult {
  allowed.sort((x, y) => (x.action < y.action ? -1 : x.action > y.action ? 1 : 0));
  const result: CatalogResult = { allowed, uncertain: [...uncertain.values()] };
  if (stoppedAt !== undefined) result.stoppedAt = stoppedAt;
  return result;
}
