// Catalog scans are the expensive step; roles of one level share their policies across
// hundreds of accounts. Reuse a scan when the policies are the same objects and none of them
// can tell two principals apart (no principal or session keys, no policy variables): then
// the principal-specific context keys cannot change the result either.

import type { PolicyDocument } from "../state/policy.js";
import { asList } from "../state/policy.js";
import { actionSetMatches, compileActions } from "./action.js";
import { catalogService } from "./catalog.js";
import { principalShape } from "./context.js";
import { alwaysAllowed } from "./rules.js";
import { scanCatalog } from "./scan.js";
import type {
  CatalogAction,
  CatalogHit,
  CatalogResult,
  Context,
  PolicySet,
  Principal,
  ScanStop,
} from "./types.js";

const PRINCIPAL_SPECIFIC =
  /aws:(principal|userid|username|sourceidentity|tokenissuetime)|sts:sourceidentity|\$\{|saml:/i;
const PRINCIPAL_KEYS = /^(aws:(userid|username|sourceidentity|tokenissuetime)|sts:sourceidentity)$/i;

// A document with no condition and no principal element reads nothing of the request: its scan
// is the same under every context, so it is shared between users and role sessions too. The
// text test is case-insensitive and may match a Sid or a name: that only loses a share.
const CONTEXT_READING = /"(condition|principal|notprincipal)"/i;

const ids = new WeakMap<object, number>();
const neutral = new WeakMap<object, boolean>();
const contextFree = new WeakMap<object, boolean>();
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

function isContextFree(doc: object): boolean {
  let n = contextFree.get(doc);
  if (n === undefined) {
    n = isNeutral(doc) && !CONTEXT_READING.test(JSON.stringify(doc));
    contextFree.set(doc, n);
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
 * matches it. When every statement that may allow names its actions as text with a literal
 * service (no NotAction, no wildcard in the service part, nothing malformed), the scan need only
 * visit the catalog actions those patterns match: a policy naming two actions costs microseconds
 * instead of a pass over 22,091. sts:GetCallerIdentity, always allowed, stays in.
 */
function catalogFor(policies: PolicySet): readonly CatalogAction[] | undefined {
  if (policies.resource || policies.session?.length) return undefined;
  const services = new Set<string>(["sts"]);
  const patterns = new Set<string>();
  for (const ref of policies.identity) {
    for (const st of ref.document.Statement) {
      // An Effect that is neither Allow nor Deny is undecided in the scan, so it may allow.
      if (st.Effect === "Deny") continue;
      if (st.NotAction !== undefined || st.Action === undefined) return undefined;
      for (const a of asList(st.Action)) {
        if (typeof a !== "string") return undefined;
        const service = a.includes(":") ? a.slice(0, a.indexOf(":")) : "";
        if (!service || /[*?]/.test(service)) return undefined;
        services.add(service.toLowerCase());
        patterns.add(a.toLowerCase());
      }
    }
  }
  const key = [...patterns].sort().join(",");
  let subset = subsets.get(key);
  if (!subset) {
    const set = compileActions([...patterns]);
    // The scan lets a malformed pattern match anything: so must the subset.
    if (set.malformed.length > 0) return undefined;
    // Only the named services are read from the catalog file (see catalog.ts).
    subset = [...services]
      .sort()
      .flatMap((s) =>
        catalogService(s).filter((a) => alwaysAllowed(a.id) || actionSetMatches(set, a.id.toLowerCase(), s)),
      );
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
    return this.run(policies, principal, context, only, undefined);
  }

  /**
   * The scan, ended at the first allowed action `stop` names (`stoppedAt`): split into its
   * policies, the first policy that allows one answers for the whole layer.
   */
  scanUntil(policies: PolicySet, principal: Principal, context: Context, stop: ScanStop): CatalogResult {
    return this.run(policies, principal, context, undefined, stop);
  }

  private run(
    policies: PolicySet,
    principal: Principal,
    context: Context,
    only: readonly CatalogAction[] | undefined,
    stop: ScanStop | undefined,
  ): CatalogResult {
    // Split a deny-free identity layer into its policies: the shared big ones (ReadOnlyAccess)
    // are scanned once, the small per-role ones cheaply.
    const alone =
      !policies.resource && !policies.boundary && !policies.scps?.length && !policies.session?.length;
    if (alone && policies.identity.length > 1 && policies.identity.every((p) => !hasDeny(p.document))) {
      const parts: CatalogResult[] = [];
      for (const p of policies.identity) {
        const part = this.scanOne({ identity: [p] }, principal, context, only, stop);
        // Without a deny, what one policy allows the layer allows.
        if (part.stoppedAt !== undefined) return part;
        parts.push(part);
      }
      // The same scans give the same union object, so callers can cache what they derive from it.
      const key = parts.map(idOf).join(",");
      let u = this.unions.get(key);
      if (!u) {
        u = union(parts);
        this.unions.set(key, u);
      }
      return u;
    }
    return this.scanOne(policies, principal, context, only, stop);
  }

  private scanOne(
    policies: PolicySet,
    principal: Principal,
    context: Context,
    only: readonly CatalogAction[] | undefined,
    stop: ScanStop | undefined,
  ): CatalogResult {
    const docs = [...policies.identity, ...(policies.boundary ? [policies.boundary] : [])];
    // The key names the identity and boundary documents only: any other layer makes it unshareable.
    const shareable =
      !policies.resource &&
      !policies.scps?.length &&
      !policies.session?.length &&
      docs.every((p) => isNeutral(p.document));
    let key: string | undefined;
    if (shareable) {
      const ids = docs.map((p) => `${p.kind}:${idOf(p.document)}`).join(",");
      const scope = `${only ? `|only:${idOf(only)}` : ""}${stop ? `|stop:${idOf(stop)}` : ""}`;
      if (docs.every((p) => isContextFree(p.document))) {
        // Only the principal's kind is left that such a scan reads: the root user is allowed
        // everything, and a principal outside the account (service, provider) needs no identity
        // policy. Users, roles and their sessions are alike here.
        const shape = principalShape(principal);
        key = `${ids}|${shape === "root" || shape === "other" ? shape : "in-account"}${scope}`;
      } else {
        const ctx = Object.entries(context)
          .filter(([k]) => !PRINCIPAL_KEYS.test(k))
          .sort(([a], [b]) => a.localeCompare(b));
        key = `${ids}|${principal.sessionArn ? "session" : "direct"}|${JSON.stringify(ctx)}${scope}`;
      }
      const hit = this.results.get(key);
      if (hit) return hit;
    }
    this.scans++;
    // The root user is allowed what no policy names: its scan is the whole catalog.
    const subset = principalShape(principal) === "root" ? undefined : catalogFor(policies);
    const r = scanCatalog(policies, principal, context, only ? within(only, subset) : subset, stop);
    if (key) this.results.set(key, r);
    return r;
  }
}
