// The escalation graph: nodes are principals (users, roles) and "admin of an account"; an
// edge is something a principal can do, judged by the engine on the exact resource, that
// lets it act as another. Shared by prove (on a design) and audit (on real accounts).
import { catalogAction } from "../engine/catalog.js";
import { evaluate } from "../engine/evaluate.js";
import type { ScanCache } from "../engine/scan-cache.js";
import { trustCallers } from "../engine/trust-callers.js";
import type {
  CatalogAction,
  CatalogResult,
  Context,
  Decision,
  PolicySet,
  Principal,
} from "../engine/types.js";
import { type Clock, principalRequest } from "../sessions/contexts.js";
import {
  type GroupInfo,
  identityPolicies,
  type PrincipalInfo,
  type StateIndex,
} from "../sessions/principals.js";
import { callerKeysOf, conditionalOn } from "./caller-keys.js";
import {
  ADMIN_POLICY_ARN,
  EXISTING_RESOURCE_METHODS,
  GROUP_PERMISSION_ACTIONS,
  METHOD_SERVICES,
  PASS_ROLE_METHODS,
  POLICY_VERSION_ACTIONS,
  ROLE_PERMISSION_ACTIONS,
  USER_CREDENTIAL_ACTIONS,
  USER_PERMISSION_ACTIONS,
} from "./methods.js";

export interface EdgeEvidence {
  what: string;
  decision?: Decision;
}

export interface Edge {
  from: string;
  to: string;
  /** The caller-controlled condition keys (lower case) the step needs: met by a request the caller chooses. */
  conditional?: string[];
  /** "move": from can act as to. "grant": from can rewrite to's permissions (escalation once from can also act as to). */
  kind: "move" | "grant";
  method: string;
  evidence: EdgeEvidence[];
}

export interface Graph {
  edges: Edge[];
  out: Map<string, Edge[]>;
  /** Statements the engine could not decide on the way: a check built on the graph fails closed. */
  undecided: { subject: string; message: string }[];
  /** Each account's principals, for "admin of the account can act as any of them". */
  accountPrincipals: Map<string, string[]>;
}

export const adminNode = (account: string) => `admin-of:${account}`;
export const isAdminNode = (node: string) => node.startsWith("admin-of:");
/**
 * "The resources of one kind in an account", e.g. its Lambda functions: the export does not
 * list them, so whoever can take one over reaches every role such a resource could run as.
 * One node per account and method keeps these edges linear in the account.
 */
export const resourcesNode = (account: string, method: string) => `resources-of:${account}:${method}`;
export const isResourcesNode = (node: string) => node.startsWith("resources-of:");
/** The account of a node: the fifth field of an ARN. Hot in reach(): indexOf, not split. */
export function accountOfNode(node: string): string {
  if (isAdminNode(node)) return node.slice(9);
  const field = isResourcesNode(node) ? 1 : 4;
  let at = -1;
  for (let k = 0; k < field; k++) {
    at = node.indexOf(":", at + 1);
    if (at < 0) return "";
  }
  const end = node.indexOf(":", at + 1);
  return node.slice(at + 1, end < 0 ? undefined : end);
}

export interface GraphOptions {
  clock: Clock;
  /**
   * Sessions carry a source identity (Sekisho designs with sourceIdentity on); a function says
   * it per principal (a workload's web identity session carries none, so needs no SetSourceIdentity).
   */
  sourceIdentity?: boolean | ((p: PrincipalInfo) => boolean);
  /**
   * Audit: a condition on a key the caller chooses (caller-keys.ts) is met by some request the
   * caller can send, and the edge is made conditional on it. Off for prove.
   */
  callerControlled?: boolean;
}

function carriesSourceIdentity(p: PrincipalInfo, o: GraphOptions): boolean {
  return typeof o.sourceIdentity === "function" ? o.sourceIdentity(p) : o.sourceIdentity === true;
}

export function sessionRequest(
  p: PrincipalInfo,
  o: GraphOptions,
): { principal: Principal; context: Context } {
  const name = "analysis@sekisho";
  return principalRequest(p, {
    sessionName: name,
    ...(carriesSourceIdentity(p, o) ? { sourceIdentity: name } : {}),
    clock: o.clock,
  });
}

/**
 * The services of the methods that a role's trust may let in, before the engine is asked: those
 * its Service principals name, or all of them when a statement could let any service in ("*",
 * an AWS "*", NotPrincipal, a wildcard in a service name). Only a Deny is passed over: the
 * engine reads an Effect it does not know as "may allow".
 */
function serviceCandidates(role: PrincipalInfo): readonly string[] {
  const named = new Set<string>();
  for (const s of role.trust?.document.Statement ?? []) {
    if (s.Effect === "Deny") continue;
    if (s.NotPrincipal !== undefined || s.Principal === "*") return METHOD_SERVICES;
    if (s.Principal === undefined) continue;
    if ([s.Principal.AWS ?? []].flat().includes("*")) return METHOD_SERVICES;
    for (const service of [s.Principal.Service ?? []].flat()) {
      if (typeof service !== "string" || /[*?]/.test(service)) return METHOD_SERVICES;
      named.add(service.toLowerCase());
    }
  }
  return METHOD_SERVICES.filter((service) => named.has(service.toLowerCase()));
}

/**
 * Does the role's trust let the AWS service assume it? Undecided counts as yes (over-report,
 * never miss). The service acts for a resource in the role's own account (a role cannot be
 * passed to another account), so aws:SourceAccount is that account; aws:SourceArn is the
 * resource's ARN, which whoever creates or takes over the resource chooses: unknown. This is
 * the confused-deputy condition AWS recommends in service roles' trusts; without these keys
 * such a role looked closed to its own service and every path through it was missed.
 * UNCONFIRMED that every service sends both keys: one that does not fails such a condition
 * in AWS, and counting it as met over-reports, the safe side.
 */
function trustsService(role: PrincipalInfo, service: string): boolean {
  if (!role.trust) return false;
  const d = evaluate(
    {
      principal: { arn: service, account: "" },
      action: "sts:AssumeRole",
      resource: role.arn,
      context: {
        "aws:PrincipalIsAWSService": "true",
        "aws:PrincipalServiceName": service,
        "aws:SourceAccount": role.account,
      },
      unknownKeys: ["aws:sourcearn"],
    },
    { identity: [], resource: role.trust },
  );
  return d.verdict === "Allow" || !d.accessCertain;
}

export function buildGraph(index: StateIndex, cache: ScanCache, o: GraphOptions): Graph {
  const edges: Edge[] = [];
  const undecided: Graph["undecided"] = [];
  const principals = index.principals;
  const note = (subject: string, d: Decision, what: string) => {
    if (!d.accessCertain)
      undecided.push({
        subject,
        message: `cannot decide ${what}: ${d.uncertain.map((u) => `${u.policyId}[${u.index}]: ${u.reason}`).join("; ")}`,
      });
  };

  // Audit: keys the caller controls are unknown to the engine, and a step open only on them is
  // conditional. Prove: none, so a step is taken only when allowed outright.
  const unknown = o.callerControlled ? { unknownKeys: callerKeysOf(index) } : {};
  /** [] when every decision allows outright; the keys when some allow only on caller-controlled keys; undefined when a step is not allowed. */
  const conditionalSteps = (ds: Decision[]): string[] | undefined => {
    const keys = new Set<string>();
    for (const d of ds) {
      if (d.verdict === "Allow" && d.accessCertain) continue;
      const on = o.callerControlled ? conditionalOn(d) : undefined;
      if (!on) return undefined;
      for (const k of on) keys.add(k);
    }
    return [...keys].sort();
  };

  // Indexes built once, so that the work for one principal does not grow with its account.
  const byLowerArn = groupBy(principals, (p) => p.arn.toLowerCase());
  const byAccount = groupBy(principals, (p) => p.account);
  const groupsByAccount = groupBy(index.groups, (g) => g.account);
  const groupsOf = new Map<string, GroupInfo[]>();
  for (const g of index.groups) for (const m of g.members) groupsOf.set(m, [...(groupsOf.get(m) ?? []), g]);
  const customerPolicies = groupBy(
    [...index.policies.keys()].filter((arn) => !arn.startsWith("arn:aws:iam::aws:")),
    (arn) => arn.split(":")[4] ?? "",
  );
  const attachedTo = new Map<string, Set<PrincipalInfo>>();
  for (const p of principals) {
    for (const ref of p.identity) {
      const at = ref.id.lastIndexOf("@arn:");
      if (at < 0) continue;
      const arn = ref.id.slice(0, at);
      attachedTo.set(arn, (attachedTo.get(arn) ?? new Set()).add(p));
    }
  }
  const requests = new Map<string, { principal: Principal; context: Context }>();
  const request = (p: PrincipalInfo) => {
    let r = requests.get(p.arn);
    // Stryker disable next-line ConditionalExpression: equivalent, a cache of the same request
    if (!r) {
      r = sessionRequest(p, o);
      requests.set(p.arn, r);
    }
    return r;
  };
  const mays = new Map<string, Set<string>>();
  /** The actions a principal's own policies may allow anywhere (a sound catalog scan), lower case. */
  const mayOf = (p: PrincipalInfo) => {
    let may = mays.get(p.arn);
    // Stryker disable next-line ConditionalExpression: equivalent, a cache of the same scan
    if (!may) {
      const { principal, context } = request(p);
      may = allowedSet(cache.scan(identityPolicies(p), principal, context, graphActions()));
      mays.set(p.arn, may);
    }
    return may;
  };
  let assumersList: PrincipalInfo[] | undefined;
  const assumers = () => {
    // Stryker disable next-line MethodExpression: equivalent, only narrows whom the engine is asked about
    assumersList ??= principals.filter((p) => mayOf(p).has("sts:assumerole"));
    return assumersList;
  };
  const serviceTrust = new Map<string, Set<string>>();
  /** Whether the role's trust lets the service assume it, decided once per role for every service of the methods. */
  const trusts = (role: PrincipalInfo, service: string) => {
    let services = serviceTrust.get(role.arn);
    // Stryker disable next-line ConditionalExpression: equivalent, a cache of the same answers
    if (!services) {
      // The engine is asked only about the services the trust may name.
      services = new Set(serviceCandidates(role).filter((svc) => trustsService(role, svc)));
      serviceTrust.set(role.arn, services);
    }
    return services.has(service);
  };

  // P1: role assumption, through each role's trust and the caller's identity policies.
  for (const to of principals) {
    // Stryker disable next-line ConditionalExpression: equivalent, a user has no trust and so no candidates
    if (to.kind !== "role") continue;
    // Only whom the trust may let in is tried: those it names, and in the accounts it names
    // whole, those whose own policies allow sts:AssumeRole at all (trusting an account's root
    // delegates to the account's identity policies, so nobody passes without one).
    const callers = trustCallers(to.trust?.document);
    const sources =
      // Stryker disable next-line ConditionalExpression: equivalent, trying everyone gives the engine the same say
      callers === undefined
        ? principals
        : [
            ...new Set([
              ...[...callers.arns].flatMap((a) => byLowerArn.get(a) ?? []),
              ...(callers.accounts.size > 0 ? assumers().filter((p) => callers.accounts.has(p.account)) : []),
            ]),
          ];
    for (const from of sources) {
      if (from.arn === to.arn) continue;
      const { principal, context } = request(from);
      const policies: PolicySet = { ...identityPolicies(from), ...(to.trust ? { resource: to.trust } : {}) };
      const steps = [
        "sts:AssumeRole",
        ...(carriesSourceIdentity(from, o) && from.kind === "role" ? ["sts:SetSourceIdentity"] : []),
      ].map((action) => evaluate({ principal, action, resource: to.arn, context, ...unknown }, policies));
      const conditional = conditionalSteps(steps);
      if (conditional) {
        edges.push({
          from: from.arn,
          to: to.arn,
          ...(conditional.length ? { conditional } : {}),
          kind: "move",
          method: "P1 sts:AssumeRole",
          evidence: steps.map((d, i) => ({
            what: i ? "sts:SetSourceIdentity" : "sts:AssumeRole",
            decision: d,
          })),
        });
      } else {
        for (const d of steps) note(to.arn, d, `whether ${from.arn} can assume ${to.arn}`);
      }
    }
  }

  // Everything else needs an IAM or service action; a catalog scan says who has any.
  const worklist: PrincipalInfo[] = [...principals];
  const virtual = new Set<string>();
  const hubs = new Map<string, PrincipalInfo[]>();
  for (let next = 0; next < worklist.length; next++) {
    const from = worklist[next]!;
    const { principal, context } = request(from);
    const own = identityPolicies(from);
    const may = mayOf(from);
    const mayAny = (actions: string[]) => actions.some((a) => may.has(a.toLowerCase()));
    const ask = (action: string, resource: string, extra: Record<string, string> = {}) =>
      evaluate({ principal, action, resource, context: { ...context, ...extra }, ...unknown }, own);
    const edge = (to: string, kind: Edge["kind"], method: string, decisions: [string, Decision][]) => {
      const conditional = conditionalSteps(decisions.map(([, d]) => d));
      if (conditional) {
        edges.push({
          from: from.arn,
          to,
          ...(conditional.length ? { conditional } : {}),
          kind,
          method,
          evidence: decisions.map(([what, decision]) => ({ what, decision })),
        });
        return true;
      }
      for (const [what, d] of decisions) note(from.arn, d, `${what} by ${from.arn} on ${to}`);
      return false;
    };
    const attach = { "iam:PolicyARN": ADMIN_POLICY_ARN };
    // What this principal may do at all, decided once: the loop over its account below then
    // costs nothing for the targets none of it applies to.
    const allowed = (actions: string[]) => actions.filter((a) => may.has(a.toLowerCase()));
    const roleGrants = allowed(ROLE_PERMISSION_ACTIONS);
    const userGrants = allowed(USER_PERMISSION_ACTIONS);
    const groupGrants = allowed(GROUP_PERMISSION_ACTIONS);
    const credentials = allowed(USER_CREDENTIAL_ACTIONS);
    const trustEdits = may.has("iam:updateassumerolepolicy");
    const existing = EXISTING_RESOURCE_METHODS.filter(
      (m) => mayAny(m.anyOf) && (m.allOf ?? []).every((a) => may.has(a.toLowerCase())),
    );
    const passing = may.has("iam:passrole")
      ? PASS_ROLE_METHODS.filter((m) => m.actions.every((a) => may.has(a.toLowerCase())))
      : [];
    const makesProfiles = may.has("iam:createinstanceprofile") && may.has("iam:addroletoinstanceprofile");
    const onRoles = roleGrants.length > 0 || trustEdits || passing.length > 0;
    const onUsers = userGrants.length + groupGrants.length + credentials.length > 0;
    const versions = mayAny(POLICY_VERSION_ACTIONS);
    const joins = from.kind === "user" && may.has("iam:addusertogroup");
    // Stryker disable next-line ConditionalExpression: equivalent, skips a principal that has nothing to try
    if (!onRoles && !onUsers && !versions && !joins && existing.length === 0) continue;

    const towards = (to: PrincipalInfo) => {
      if (to.kind === "role") {
        // Stryker disable next-line ConditionalExpression: equivalent, an early exit: nothing below applies
        if (!onRoles) return;
        for (const a of roleGrants) {
          if (edge(to.arn, "grant", `7-12 ${a}`, [[a, ask(a, to.arn, attach)]])) break;
        }
        if (to.arn !== from.arn && trustEdits) {
          edge(to.arn, "move", "14 iam:UpdateAssumeRolePolicy", [
            ["iam:UpdateAssumeRolePolicy", ask("iam:UpdateAssumeRolePolicy", to.arn)],
          ]);
        }
        if (to.arn === from.arn) return;
        const profiles = (to.role?.InstanceProfileList.length ?? 0) > 0;
        for (const m of passing) {
          if (!trusts(to, m.service) || (m.needsInstanceProfile && !profiles && !makesProfiles)) continue;
          const pass = ask("iam:PassRole", to.arn, { "iam:PassedToService": m.service });
          if (edge(to.arn, "move", m.id, [["iam:PassRole", pass]])) break;
        }
      } else {
        // Stryker disable next-line ConditionalExpression: equivalent, an early exit: nothing below applies
        if (!onUsers) return;
        for (const a of userGrants) {
          if (edge(to.arn, "grant", `7-12 ${a}`, [[a, ask(a, to.arn, attach)]])) break;
        }
        if (to.arn !== from.arn) {
          for (const a of credentials) {
            if (edge(to.arn, "move", `4-6 ${a}`, [[a, ask(a, to.arn)]])) break;
          }
        }
        // Stryker disable next-line ConditionalExpression: equivalent, an early exit: nothing below applies
        if (groupGrants.length === 0) return;
        for (const g of groupsOf.get(to.arn) ?? []) {
          for (const a of groupGrants) {
            if (edge(to.arn, "grant", `8/11 ${a} on ${g.name}`, [[a, ask(a, g.arn, attach)]])) break;
          }
        }
      }
    };
    // 1-2: a new or older default version of a customer policy changes everyone it is attached to.
    const versioned = new Set<string>();
    const policyVersions = (arns: Iterable<string>) => {
      // Stryker disable next-line ConditionalExpression: equivalent, an early exit: the scan says no version action is allowed
      if (!versions) return;
      for (const arn of arns) {
        if (versioned.has(arn)) continue;
        versioned.add(arn);
        for (const a of POLICY_VERSION_ACTIONS) {
          const d = ask(a, arn);
          const conditional = conditionalSteps([d]);
          if (!conditional) {
            note(from.arn, d, `${a} on ${arn}`);
            continue;
          }
          for (const p of attachedTo.get(arn) ?? []) {
            if (p.account !== from.account) continue;
            edges.push({
              from: from.arn,
              to: p.arn,
              ...(conditional.length ? { conditional } : {}),
              kind: "grant",
              method: `1-2 ${a} on ${arn}`,
              evidence: [{ what: a, decision: d }],
            });
          }
          break;
        }
      }
    };

    // A principal that can rewrite its own permissions is admin of its account, and reach()
    // leads from there to every principal of the account: its edges to each of them would add
    // nothing, and in a large account with many admins they are most of the work.
    const before = edges.length;
    const self = index.byArn.get(from.arn);
    if (self) {
      towards(self);
      policyVersions(
        from.identity.flatMap((ref) => {
          const at = ref.id.lastIndexOf("@arn:");
          return at < 0 ? [] : [ref.id.slice(0, at)];
        }),
      );
    }
    if (edges.slice(before).some((e) => e.kind === "grant" && e.to === from.arn)) continue;
    // Stryker disable next-line ConditionalExpression: equivalent, an early exit: towards() does nothing then
    if (onRoles || onUsers) for (const to of byAccount.get(from.account) ?? []) if (to !== self) towards(to);
    policyVersions(customerPolicies.get(from.account) ?? []);
    for (const m of existing) {
      const hub = resourcesNode(from.account, m.id);
      let runsAs = hubs.get(hub);
      if (!runsAs) {
        runsAs = (byAccount.get(from.account) ?? []).filter(
          (to) =>
            to.kind === "role" &&
            trusts(to, m.service) &&
            (!m.needsInstanceProfile || (to.role?.InstanceProfileList.length ?? 0) > 0),
        );
        hubs.set(hub, runsAs);
        for (const to of runsAs) {
          edges.push({
            from: hub,
            to: to.arn,
            kind: "move",
            method: "if a resource runs as the role",
            evidence: [
              {
                what: `the role's trust lets ${m.service} assume it${m.needsInstanceProfile ? ", and it has an instance profile" : ""}`,
              },
            ],
          });
        }
      }
      if (runsAs.length === 0) continue;
      edges.push({
        from: from.arn,
        to: hub,
        kind: "move",
        method: m.id,
        evidence: [
          {
            what: `${[m.anyOf.join(" or "), ...(m.allOf ?? [])].join(" and ")} may be allowed (catalog scan)`,
          },
        ],
      });
    }

    // 13: a user joining a group acts with the group's policies too: a node for the user with
    // that set of extra groups (canonical, so joining groups in any order meets the same node).
    if (joins) {
      const [base, ...joined] = from.arn.split("+group:");
      for (const g of groupsByAccount.get(from.account) ?? []) {
        if (g.members.includes(base!) || joined.includes(g.name)) continue;
        const d = ask("iam:AddUserToGroup", g.arn);
        const conditional = conditionalSteps([d]);
        if (!conditional) continue;
        const id = [base, ...[...joined, g.name].sort()].join("+group:");
        edges.push({
          from: from.arn,
          to: id,
          ...(conditional.length ? { conditional } : {}),
          kind: "move",
          method: "13 iam:AddUserToGroup",
          evidence: [{ what: `iam:AddUserToGroup on ${g.arn}`, decision: d }],
        });
        if (!virtual.has(id)) {
          virtual.add(id);
          worklist.push({ ...from, arn: id, identity: [...from.identity, ...g.policies] });
        }
      }
    }
  }
  const out = new Map<string, Edge[]>();
  for (const e of edges) {
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  const accountPrincipals = new Map([...byAccount].map(([a, ps]) => [a, ps.map((p) => p.arn)]));
  return { edges, out, undecided, accountPrincipals };
}

/** Actions the graph checks by name, besides the methods' own. */
const GRAPH_NAMED_ACTIONS = [
  "sts:AssumeRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:PassRole",
  "iam:CreateInstanceProfile",
  "iam:AddRoleToInstanceProfile",
  "iam:AddUserToGroup",
];

let graphCatalog: CatalogAction[] | undefined;

/**
 * Every action the graph asks a principal's allowed set about: the methods' actions and the
 * few it checks by name. Scanning just these, not the 22,091 of the catalog, gives the same
 * answer for each of them (an action is judged on its own) at a fraction of the cost.
 */
export function graphActions(): readonly CatalogAction[] {
  graphCatalog ??= [
    ...new Set(
      [
        ...ROLE_PERMISSION_ACTIONS,
        ...USER_PERMISSION_ACTIONS,
        ...GROUP_PERMISSION_ACTIONS,
        ...USER_CREDENTIAL_ACTIONS,
        ...POLICY_VERSION_ACTIONS,
        ...EXISTING_RESOURCE_METHODS.flatMap((m) => [...m.anyOf, ...(m.allOf ?? [])]),
        ...PASS_ROLE_METHODS.flatMap((m) => m.actions),
        ...GRAPH_NAMED_ACTIONS,
      ].map((a) => a.toLowerCase()),
    ),
  ]
    .sort()
    .flatMap((a) => {
      const c = catalogAction(a);
      return c ? [c] : [];
    });
  return graphCatalog;
}

const allowedSets = new WeakMap<CatalogResult, Set<string>>();

/** A scan's allowed actions, lower case; one set per scan result, which ScanCache shares. */
function allowedSet(scan: CatalogResult): Set<string> {
  let set = allowedSets.get(scan);
  // Stryker disable next-line ConditionalExpression: equivalent, a cache of the same set
  if (!set) {
    set = new Set(scan.allowed.map((h) => h.action.toLowerCase()));
    allowedSets.set(scan, set);
  }
  return set;
}

function groupBy<T>(xs: Iterable<T>, key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/**
 * Everything reachable from a start node, with the edge that first reached each node.
 * A grant edge counts once its source can also act as its target: then the source can give
 * itself anything in that account. With `stop`, the search ends at the first node it accepts.
 */
export function reach(
  graph: Graph,
  start: string,
  stop?: (node: string) => boolean,
): Map<string, Edge | undefined> {
  const prev = new Map<string, Edge | undefined>([[start, undefined]]);
  const queue = [start];
  let found = false;
  const visit = (e: Edge) => {
    if (found || prev.has(e.to)) return;
    prev.set(e.to, e);
    queue.push(e.to);
    if (stop?.(e.to)) found = true;
  };
  let changed = true;
  while (changed && !found) {
    changed = false;
    for (let next = 0; next < queue.length && !found; next++) {
      const node = queue[next]!;
      if (isAdminNode(node)) {
        for (const arn of graph.accountPrincipals.get(accountOfNode(node)) ?? [])
          visit({ from: node, to: arn, kind: "move", method: "account admin", evidence: [] });
        continue;
      }
      for (const e of graph.out.get(node) ?? []) if (e.kind === "move") visit(e);
    }
    queue.length = 0;
    for (const node of [...prev.keys()]) {
      if (found) break;
      for (const e of graph.out.get(node) ?? []) {
        const target = e.to.split("+group:")[0]!;
        if (e.kind !== "grant" || !(prev.has(e.to) || prev.has(target))) continue;
        const admin = adminNode(accountOfNode(e.to));
        if (prev.has(admin)) continue;
        visit({ ...e, to: admin, kind: "move", method: `${e.method}, then act as ${e.to}` });
        changed = true;
      }
    }
  }
  return prev;
}

/** The chain of edges from the start to a node, in order. */
export function pathTo(prev: Map<string, Edge | undefined>, node: string): Edge[] {
  const chain: Edge[] = [];
  for (let e = prev.get(node); e; e = prev.get(e.from)) chain.unshift(e);
  return chain;
}

/**
 * Every node from which reach() meets a target, for all starts at once: a start meets one
 * by moves alone, or by reaching both ends of a grant edge (reach() then adds the admin node
 * of the grant's account, itself a target). For the first kind, `next` is the first edge of
 * a shortest path to a target. Linear in the graph, plus one backward pass per grant end.
 */
export function reachers(
  graph: Graph,
  targets: Iterable<string>,
): { byMoves: Map<string, Edge | undefined>; byGrants: Set<string> } {
  const into = new Map<string, Edge[]>();
  for (const e of graph.edges) {
    if (e.kind !== "move") continue;
    const list = into.get(e.to);
    if (list) list.push(e);
    else into.set(e.to, [e]);
  }
  const backward = (from: Iterable<string>) => towards(into, from);
  const byMoves = backward(targets);
  const byGrants = new Set<string>();
  const memo = new Map<string, Map<string, Edge | undefined>>();
  const reachersOf = (nodes: string[]) => {
    const key = nodes.join("\n");
    let r = memo.get(key);
    // Stryker disable next-line ConditionalExpression: equivalent, a cache of the same search
    if (!r) {
      r = backward(nodes);
      memo.set(key, r);
    }
    return r;
  };
  for (const e of graph.edges) {
    if (e.kind !== "grant") continue;
    const base = e.to.split("+group:")[0]!;
    const source = reachersOf([e.from]);
    const target = reachersOf(base === e.to ? [e.to] : [e.to, base]);
    for (const n of source.keys()) if (target.has(n) && !byMoves.has(n)) byGrants.add(n);
  }
  return { byMoves, byGrants };
}

/** Every node from which the targets can be reached over `into` (edges by target), with the first edge of a shortest path (none at a target). */
export function towards(into: Map<string, Edge[]>, targets: Iterable<string>): Map<string, Edge | undefined> {
  const next = new Map<string, Edge | undefined>();
  const queue: string[] = [];
  for (const t of targets) {
    if (next.has(t)) continue;
    next.set(t, undefined);
    queue.push(t);
  }
  for (let i = 0; i < queue.length; i++) {
    for (const e of into.get(queue[i]!) ?? []) {
      if (next.has(e.from)) continue;
      next.set(e.from, e);
      queue.push(e.from);
    }
  }
  return next;
}

/** The path from a node to the target its `towards` map leads to. */
export function chainFrom(next: Map<string, Edge | undefined>, node: string): Edge[] {
  const chain: Edge[] = [];
  for (let e = next.get(node); e; e = next.get(e.to)) chain.push(e);
  return chain;
}
