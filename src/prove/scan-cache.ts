// Catalog scans are the expensive step; roles of one level share their policies across
// hundreds of accounts. Reuse a scan when the policies are the same objects and none of them
// can tell two principals apart (no principal or session keys, no policy variables): then
// the principal-specific context keys cannot change the result either.
import { scanCatalog } from "../engine/scan.js";
import type { CatalogResult, Context, PolicySet, Principal } from "../engine/types.js";

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

export class ScanCache {
  private readonly results = new Map<string, CatalogResult>();
  scans = 0;
  scan(policies: PolicySet, principal: Principal, context: Context): CatalogResult {
    const docs = [...policies.identity, ...(policies.boundary ? [policies.boundary] : [])];
    const shareable = !policies.resource && docs.every((p) => isNeutral(p.document));
    let key: string | undefined;
    if (shareable) {
      const ctx = Object.entries(context)
        .filter(([k]) => !PRINCIPAL_KEYS.test(k))
        .sort(([a], [b]) => a.localeCompare(b));
      key = `${docs.map((p) => `${p.kind}:${idOf(p.document)}`).join(",")}|${principal.sessionArn ? "session" : "direct"}|${JSON.stringify(ctx)}`;
      const hit = this.results.get(key);
      if (hit) return hit;
    }
    this.scans++;
    const r = scanCatalog(policies, principal, context);
    if (key) this.results.set(key, r);
    return r;
  }
}
