// What someone can do, per account, as the engine sees it: everything reachable from their
// ways in (an IAM user, a SAML sign-in into a landing role), each principal's own policies
// scanned over the catalog. "Admin of an account" is everything there. Actions, not resources:
// the dry run compares by action name per account (see docs/migrate.md).
import type { ScanCache } from "../engine/scan-cache.js";
import {
  accountOfNode,
  adminNode,
  buildGraph,
  type Graph,
  type GraphOptions,
  isAdminNode,
  isResourcesNode,
  pathTo,
  reach,
  sessionRequest,
} from "../graph/graph.js";
import { describeChain } from "../prove/escalation.js";
import { identityPolicies, indexState, type PrincipalInfo, type StateIndex } from "../sessions/principals.js";
import type { OrgState } from "../state/org-state.js";

/** Everything in an account: what admin of it can do. */
export const ALL = "*";

/** Account id → lower-case actions (or just ALL). */
export type Access = Map<string, Set<string>>;

export class AccessView {
  private readonly index: StateIndex;
  private readonly graph: Graph;
  private readonly scans = new Map<string, Set<string>>();
  private readonly reached = new Map<string, Access>();
  private readonly paths = new Map<string, ReturnType<typeof reach>>();

  constructor(
    state: OrgState,
    private readonly cache: ScanCache,
    private readonly options: GraphOptions,
  ) {
    this.index = indexState(state);
    this.graph = buildGraph(this.index, cache, options);
  }

  has(arn: string): boolean {
    return this.index.byArn.has(arn);
  }

  /** The union of what each entry reaches; entries the state lacks give nothing. */
  of(entries: readonly string[]): Access {
    const out: Access = new Map();
    for (const e of entries) if (this.has(e)) merge(out, this.from(e));
    return out;
  }

  private from(entry: string): Access {
    const hit = this.reached.get(entry);
    if (hit) return hit;
    const out: Access = new Map();
    const prev = reach(this.graph, entry);
    this.paths.set(entry, prev);
    for (const node of prev.keys()) {
      if (isResourcesNode(node)) continue;
      const account = accountOfNode(node);
      if (isAdminNode(node)) {
        out.set(account, new Set([ALL]));
        continue;
      }
      if (out.get(account)?.has(ALL)) continue;
      const actions = this.actionsOf(node);
      if (actions) merge(out, new Map([[account, actions]]));
    }
    this.reached.set(entry, out);
    return out;
  }

  /** How one of the entries becomes admin of the account, step by step, if it does. */
  adminPath(entries: readonly string[], account: string): string | undefined {
    for (const e of entries) {
      if (!this.has(e)) continue;
      this.from(e);
      const prev = this.paths.get(e)!;
      if (prev.has(adminNode(account))) return describeChain(pathTo(prev, adminNode(account)));
    }
    return undefined;
  }

  /** A principal's own allowed actions; a user that joined groups (node "user+group:g") has theirs too. */
  private actionsOf(node: string): Set<string> | undefined {
    const hit = this.scans.get(node);
    if (hit) return hit;
    const [base, ...joined] = node.split("+group:");
    const p = this.index.byArn.get(base!);
    if (!p) return undefined;
    const groups = this.index.groups.filter((g) => g.account === p.account && joined.includes(g.name));
    const who: PrincipalInfo = { ...p, identity: [...p.identity, ...groups.flatMap((g) => g.policies)] };
    const { principal, context } = sessionRequest(who, this.options);
    const scan = this.cache.scan(identityPolicies(who), principal, context);
    const actions = new Set(scan.allowed.map((h) => h.action.toLowerCase()));
    this.scans.set(node, actions);
    return actions;
  }
}

export function merge(into: Access, from: Access): Access {
  for (const [account, actions] of from) {
    const have = into.get(account);
    if (have?.has(ALL)) continue;
    if (actions.has(ALL)) into.set(account, new Set([ALL]));
    else if (have) for (const a of actions) have.add(a);
    else into.set(account, new Set(actions));
  }
  return into;
}

export function unionOf(...accesses: Access[]): Access {
  const out: Access = new Map();
  for (const a of accesses) merge(out, a);
  return out;
}

/** What `need` has that `have` lacks, per account, sorted; ALL when `need` is admin and `have` is not. */
export function lacking(need: Access, have: Access): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [account, actions] of need) {
    const h = have.get(account);
    if (h?.has(ALL)) continue;
    const missing = actions.has(ALL) ? [ALL] : [...actions].filter((a) => !h?.has(a)).sort();
    if (missing.length) out.set(account, missing);
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** What both allow, per account. */
export function intersection(a: Access, b: Access): Access {
  const out: Access = new Map();
  for (const [account, x] of a) {
    const y = b.get(account);
    if (!y) continue;
    if (x.has(ALL)) out.set(account, new Set(y));
    else if (y.has(ALL)) out.set(account, new Set(x));
    else {
      const both = new Set([...x].filter((v) => y.has(v)));
      if (both.size) out.set(account, both);
    }
  }
  return out;
}
