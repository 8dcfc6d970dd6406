// Catalog scans are the expensive step; roles of one level share their policies across
// hundreds of accounts. Reuse a scan when the policies are the same objects and none of them
// can tell two principals apart (no principal or session keys, no policy variables): then
// the principal-specific context keys cannot change the result either.

import type { PolicyDocument } from "../state/policy.js";
import { asList } from "../state/policy.js";
import { catalogService } from "./catalog.js";
import { scanCatalog } from "./scan.js";
import type { CatalogAction, CatalogHit, CatalogResult, Context, PolicySet, Principal } from "./types.js";

const PRINCIPAL_SPECIFIC =
  /aws:(principal|userid|username|sourceidentity|tokenissuetime)|sts:sourceidentity|\$\{|saml:/i;
const PRINCIPAL_KEYS = /^(aws:(userid|username|sourceidentity|tokenissuetime)|sts:sourceidentity)$/i;

const ids = new WeakMap<object, number>();
const neutral = new WeakMap<object, boolean>();
let next = 1;

function idOf(o: object): number {
  let id = ids.get(o);
  if (!id) {
    id = next++;
    ids.set(o, id);
  }
  return id;
}

function isNeutral(doc: object): boolean {
  let n = neutral.get(doc);
  if (n === undefined) {
    n = !PRINCIPAL_SPECIFIC.test(JSON.stringify(doc));
    neutral.set(doc, n);
  }
  return n;
}

function hasDeny(doc: PolicyDocument): boolean {
  return doc.Statement.some((s) => s.Effect !== "Allow");
}

/** Identity policies without denies allow the union of what each allows (no layer can take away). */
function union(results: CatalogResult[]): CatalogResult {
  const hits = new Map<string, CatalogHit>();
  for (const r of results) {
    for (const h of r.allowed) {
      const seen = hits.get(h.action);
      hits.set(
        h.action,
        seen ? { action: h.action, certain: seen.certain || h.certain, via: [...seen.via, ...h.via] } : h,
      );
    }
  }
  return {
    allowed: [...hits.values()].sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0)),
    uncertain: results.flatMap((r) => r.uncertain),
  };
}

const subsets = new Map<string, CatalogAction[]>();

/**
 * Without a resource policy, an action can only be allowed by an identity statement whose Action
 * names its service. When every Allow names its services literally (no NotAction, no wildcard in
 * the service part), the scan need only visit those services: a policy naming two actions costs
 * microseconds instead of a pass over 22,091. sts:GetCallerIdentity, always allowed, stays in.
 */
function catalogFor(policies: PolicySet): readonly CatalogAction[] | undefined {
  if (policies.resource || policies.session?.length) return undefined;
  const services = new Set<string>(["sts"]);
  for (const ref of policies.identity) {
    for (const st of ref.document.Statement) {
      if (st.Effect !== "Allow") continue;
      if (st.NotAction !== undefined || st.Action === undefined) return undefined;
      for (const a of asList(st.Action)) {
        if (typeof a !== "string") return undefined;
        const service = a.includes(":") ? a.slice(0, a.indexOf(":")) : "";
        if (!service || /[*?]/.test(service)) return undefined;
        services.add(service.toLowerCase());
      }
    }
  }
  const key = [...services].sort().join(",");
  let subset = subsets.get(key);
  if (!subset) {
    // Only the named services are read from the catalog file (see catalog.ts).
    subset = [...services].sort().flatMap((s) => catalogService(s));
    subsets.set(key, subset);
  }
  return subset;
}

const intersections = new WeakMap<
  readonly CatalogAction[],
  WeakMap<readonly CatalogAction[], CatalogAction[]>
>();

/** `only`'s actions of the services a policy can allow at all (`subset`), or all of `only`. */
function within(
  only: readonly CatalogAction[],
  subset: readonly CatalogAction[] | undefined,
): readonly CatalogAction[] {
  if (!subset) return only;
  let bySubset = intersections.get(only);
  if (!bySubset) {
    bySubset = new WeakMap();
    intersections.set(only, bySubset);
  }
  let list = bySubset.get(subset);
  if (!list) {
    const services = new Set(subset.map((a) => a.service.toLowerCase()));
    list = only.filter((a) => services.has(a.service.toLowerCase()));
    bySubset.set(subset, list);
  }
  return list;
}

export class ScanCache {
  private readonly results = new Map<string, CatalogResult>();
  private readonly unions = new Map<string, CatalogResult>();
  scans = 0;
  /**
   * @param only scan just these actions (the same array each time, so its scans are shared):
   * each action is judged on its own, so the answer for them is the whole scan's; the rest of
   * the catalog is not looked at.
   */
  scan(
    policies: PolicySet,
    principal: Principal,
    context: Context,
    only?: readonly CatalogAction[],
  ): CatalogResult {
    // Split a deny-free identity layer into its policies: the shared big ones (ReadOnlyAccess)
    // are scanned once, the small per-role ones cheaply.
    const alone =
      !policies.resource && !policies.boundary && !policies.scps?.length && !policies.session?.length;
    if (alone && policies.identity.length > 1 && policies.identity.every((p) => !hasDeny(p.document))) {
      const parts = policies.identity.map((p) => this.scanOne({ identity: [p] }, principal, context, only));
      // The same scans give the same union object, so callers can cache what they derive from it.
      const key = parts.map(idOf).join(",");
      let u = this.unions.get(key);
      if (!u) {
        u = union(parts);
        this.unions.set(key, u);
      }
      return u;
    }
    return this.scanOne(policies, principal, context, only);
  }

  private scanOne(
    policies: PolicySet,
    principal: Principal,
    context: Context,
    only?: readonly CatalogAction[],
  ): CatalogResult {
    const docs = [...policies.identity, ...(policies.boundary ? [policies.boundary] : [])];
    const shareable = !policies.resource && docs.every((p) => isNeutral(p.document));
    let key: string | undefined;
    if (shareable) {
      const ctx = Object.entries(context)
        .filter(([k]) => !PRINCIPAL_KEYS.test(k))
        .sort(([a], [b]) => a.localeCompare(b));
      key = `${docs.map((p) => `${p.kind}:${idOf(p.document)}`).join(",")}|${principal.sessionArn ? "session" : "direct"}|${JSON.stringify(ctx)}${only ? `|only:${idOf(only)}` : ""}`;
      const hit = this.results.get(key);
      if (hit) return hit;
    }
    this.scans++;
    const r = scanCatalog(
      policies,
      principal,
      context,
      only ? within(only, catalogFor(policies)) : catalogFor(policies),
    );
    if (key) this.results.set(key, r);
    return r;
  }
}
