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
import { ActionSet, actionsOfScan } from "./action-set.js";

/** Account id → what can be done there. */
export type Access = Map<string, ActionSet>;

export class AccessView {
  private readonly index: StateIndex;
  private readonly graph: Graph;
  private readonly selfAdmin: Set<string>;
  private readonly scans = new Map<string, ActionSet>();
  private readonly reached = new Map<string, Access>();

  constructor(
    state: OrgState,
    private readonly cache: ScanCache,
    private readonly options: GraphOptions,
  ) {
    this.index = indexState(state);
    this.graph = buildGraph(this.index, cache, options);
    this.selfAdmin = new Set(
      // Stryker disable next-line all: equivalent, a shortcut: from() of any principal walks to admin of its account as well
      this.graph.edges.filter((e) => e.kind === "grant" && e.from === e.to).map((e) => e.from),
    );
  }

  has(arn: string): boolean {
    return this.index.byArn.has(arn);
  }

  /** The union of what each entry reaches; entries the state lacks give nothing. */
  of(entries: readonly string[]): Access {
    const out: Access = new Map();
    // Stryker disable next-line ConditionalExpression: equivalent, from() of a principal the state lacks reaches nothing
    for (const e of entries) if (this.has(e)) merge(out, this.from(e));
    return out;
  }

  private from(entry: string): Access {
    const hit = this.reached.get(entry);
    // Stryker disable next-line ConditionalExpression: equivalent, a cache: walking again gives the same access
    if (hit) return hit;
    // A principal that can rewrite its own permissions reaches exactly what admin of its account
    // reaches (reach() goes there first): one walk per account serves all of them.
    // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent, the walk below reaches the same admin node
    if (this.selfAdmin.has(entry)) {
      const admin = adminNode(accountOfNode(entry));
      const same = this.from(admin);
      this.reached.set(entry, same);
      return same;
    }
    const out: Access = new Map();
    const prev = reach(this.graph, entry);
    for (const node of prev.keys()) {
      // Stryker disable next-line ConditionalExpression: equivalent, a resources node is no principal: actionsOf() gives nothing
      if (isResourcesNode(node)) continue;
      const account = accountOfNode(node);
      if (isAdminNode(node)) {
        out.set(account, ActionSet.everything());
        continue;
      }
      // Stryker disable next-line ConditionalExpression: equivalent, everything united with more is everything
      if (out.get(account)?.all) continue;
      const actions = this.actionsOf(node);
      if (actions) out.set(account, out.get(account)?.union(actions) ?? actions);
    }
    this.reached.set(entry, out);
    return out;
  }

  /** How one of the entries becomes admin of the account, step by step, if it does. */
  adminPath(entries: readonly string[], account: string): string | undefined {
    for (const e of entries) {
      // Stryker disable next-line ConditionalExpression: equivalent, a walk from a principal the state lacks finds no admin
      if (!this.has(e)) continue;
      const target = adminNode(account);
      const prev = reach(this.graph, e, (n) => n === target);
      if (prev.has(target)) return describeChain(pathTo(prev, target));
    }
    return undefined;
  }

  /** A principal's own allowed actions; a user that joined groups (node "user+group:g") has theirs too. */
  private actionsOf(node: string): ActionSet | undefined {
    const hit = this.scans.get(node);
    // Stryker disable next-line ConditionalExpression: equivalent, a cache: scanning again gives the same actions
    if (hit) return hit;
    const [base, ...joined] = node.split("+group:");
    const p = this.index.byArn.get(base!);
    if (!p) return undefined;
    const groups = this.index.groups.filter((g) => g.account === p.account && joined.includes(g.name));
    const who: PrincipalInfo = { ...p, identity: [...p.identity, ...groups.flatMap((g) => g.policies)] };
    const { principal, context } = sessionRequest(who, this.options);
    const actions = actionsOfScan(this.cache.scan(identityPolicies(who), principal, context));
    this.scans.set(node, actions);
    return actions;
  }
}

export function merge(into: Access, from: Access): Access {
  for (const [account, actions] of from) into.set(account, into.get(account)?.union(actions) ?? actions);
  return into;
}

export function unionOf(...accesses: Access[]): Access {
  const out: Access = new Map();
  for (const a of accesses) merge(out, a);
  return out;
}

/** What `need` has that `have` lacks, per account, sorted; [ALL] when `need` is admin and `have` is not. */
export function lacking(need: Access, have: Access): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [account, actions] of [...need].sort(([a], [b]) => a.localeCompare(b))) {
    const h = have.get(account);
    const missing = actions.minus(h ?? ActionSet.none());
    if (missing.length) out.set(account, missing);
  }
  return out;
}

/** What both allow, per account. */
export function intersection(a: Access, b: Access): Access {
  const out: Access = new Map();
  for (const [account, x] of a) {
    const y = b.get(account);
    if (!y) continue;
    const both = x.intersection(y);
    if (!both.empty) out.set(account, both);
  }
  return out;
}
