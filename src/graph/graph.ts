// The escalation graph: nodes are principals (users, roles) and "admin of an account"; an
// edge is something a principal can do, judged by the engine on the exact resource, that
// lets it act as another. Shared by prove (on a design) and audit (on real accounts).
import { evaluate } from "../engine/evaluate.js";
import type { ScanCache } from "../engine/scan-cache.js";
import type { Context, Decision, PolicySet, Principal } from "../engine/types.js";
import { type Clock, principalRequest } from "../sessions/contexts.js";
import { identityPolicies, type PrincipalInfo, type StateIndex } from "../sessions/principals.js";
import {
  ADMIN_POLICY_ARN,
  EXISTING_RESOURCE_METHODS,
  GROUP_PERMISSION_ACTIONS,
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
}

export const adminNode = (account: string) => `admin-of:${account}`;
export const isAdminNode = (node: string) => node.startsWith("admin-of:");
export const accountOfNode = (node: string) =>
  isAdminNode(node) ? node.slice(9) : (node.split(":")[4] ?? "");

export interface GraphOptions {
  clock: Clock;
  /** Sessions carry a source identity (Sekisho designs with sourceIdentity on). */
  sourceIdentity?: boolean;
}

export function sessionRequest(
  p: PrincipalInfo,
  o: GraphOptions,
): { principal: Principal; context: Context } {
  const name = "analysis@sekisho";
  return principalRequest(p, {
    sessionName: name,
    ...(o.sourceIdentity ? { sourceIdentity: name } : {}),
    clock: o.clock,
  });
}

/** Does the role's trust let the AWS service assume it? Undecided counts as yes (over-report, never miss). */
function trustsService(role: PrincipalInfo, service: string): boolean {
  if (!role.trust) return false;
  const d = evaluate(
    {
      principal: { arn: service, account: "" },
      action: "sts:AssumeRole",
      resource: role.arn,
      context: { "aws:PrincipalIsAWSService": "true", "aws:PrincipalServiceName": service },
    },
    { identity: [], resource: role.trust },
  );
  return d.verdict === "Allow" || !d.accessCertain;
}

/** Trusts that list their principals exactly (by ARN or an exact aws:PrincipalArn list) need only those tried. */
function trustCandidates(p: PrincipalInfo): Set<string> | undefined {
  const doc = p.trust?.document;
  if (!doc) return new Set();
  const out = new Set<string>();
  for (const s of doc.Statement) {
    if (s.Effect !== "Allow") continue;
    if (s.NotPrincipal || s.Principal === "*" || !s.Principal) return undefined;
    const aws = [s.Principal.AWS ?? []].flat();
    if (aws.length === 0) continue; // services and federated providers are not principals of the graph
    const named = aws.filter((a) => /:(role|user)\//.test(a));
    if (aws.some((a) => !/:(role|user)\//.test(a))) {
      const cond = s.Condition ?? {};
      const eq = Object.entries(cond).find(([op]) => /^(ArnEquals|StringEquals)$/i.test(op))?.[1];
      const listed = eq && Object.entries(eq).find(([k]) => k.toLowerCase() === "aws:principalarn")?.[1];
      const values = listed === undefined ? undefined : [listed].flat().map(String);
      if (!values || values.some((v) => /[*?$]/.test(v))) return undefined;
      for (const v of values) out.add(v);
    }
    for (const n of named) out.add(n);
  }
  return out;
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

  // P1: role assumption, through each role's trust and the caller's identity policies.
  for (const to of principals) {
    if (to.kind !== "role") continue;
    const candidates = trustCandidates(to);
    const sources =
      candidates === undefined ? principals : [...candidates].flatMap((a) => index.byArn.get(a) ?? []);
    for (const from of sources) {
      if (from.arn === to.arn) continue;
      const { principal, context } = sessionRequest(from, o);
      const policies: PolicySet = { ...identityPolicies(from), ...(to.trust ? { resource: to.trust } : {}) };
      const steps = [
        "sts:AssumeRole",
        ...(o.sourceIdentity && from.kind === "role" ? ["sts:SetSourceIdentity"] : []),
      ].map((action) => evaluate({ principal, action, resource: to.arn, context }, policies));
      if (steps.every((d) => d.verdict === "Allow")) {
        edges.push({
          from: from.arn,
          to: to.arn,
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
  while (worklist.length) {
    const from = worklist.shift()!;
    const { principal, context } = sessionRequest(from, o);
    const scan = cache.scan(identityPolicies(from), principal, context);
    const may = new Set(scan.allowed.map((h) => h.action.toLowerCase()));
    const mayAny = (actions: string[]) => actions.some((a) => may.has(a.toLowerCase()));
    const ask = (action: string, resource: string, extra: Record<string, string> = {}) =>
      evaluate({ principal, action, resource, context: { ...context, ...extra } }, identityPolicies(from));
    const edge = (to: string, kind: Edge["kind"], method: string, decisions: [string, Decision][]) => {
      if (decisions.every(([, d]) => d.verdict === "Allow")) {
        edges.push({
          from: from.arn,
          to,
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
    const sameAccount = principals.filter((x) => x.account === from.account);
    const iamAny = mayAny([
      ...ROLE_PERMISSION_ACTIONS,
      ...USER_PERMISSION_ACTIONS,
      ...GROUP_PERMISSION_ACTIONS,
      ...USER_CREDENTIAL_ACTIONS,
      ...POLICY_VERSION_ACTIONS,
      "iam:UpdateAssumeRolePolicy",
      "iam:AddUserToGroup",
      "iam:PassRole",
    ]);
    const serviceAny = EXISTING_RESOURCE_METHODS.some((m) => mayAny(m.anyOf));
    if (!iamAny && !serviceAny) continue;

    for (const to of sameAccount) {
      if (to.kind === "role") {
        for (const a of ROLE_PERMISSION_ACTIONS) {
          if (may.has(a.toLowerCase()) && edge(to.arn, "grant", `7-12 ${a}`, [[a, ask(a, to.arn, attach)]]))
            break;
        }
        if (to.arn !== from.arn && may.has("iam:updateassumerolepolicy")) {
          edge(to.arn, "move", "14 iam:UpdateAssumeRolePolicy", [
            ["iam:UpdateAssumeRolePolicy", ask("iam:UpdateAssumeRolePolicy", to.arn)],
          ]);
        }
        if (to.arn === from.arn) continue;
        const profile =
          (to.role?.InstanceProfileList.length ?? 0) > 0 ||
          (may.has("iam:createinstanceprofile") && may.has("iam:addroletoinstanceprofile"));
        const trusted = new Map<string, boolean>();
        const trusts = (svc: string) => {
          if (!trusted.has(svc)) trusted.set(svc, trustsService(to, svc));
          return trusted.get(svc)!;
        };
        if (may.has("iam:passrole")) {
          for (const m of PASS_ROLE_METHODS) {
            if (
              !m.actions.every((a) => may.has(a.toLowerCase())) ||
              !trusts(m.service) ||
              (m.needsInstanceProfile && !profile)
            )
              continue;
            const pass = ask("iam:PassRole", to.arn, { "iam:PassedToService": m.service });
            if (edge(to.arn, "move", m.id, [["iam:PassRole", pass]])) break;
          }
        }
        for (const m of EXISTING_RESOURCE_METHODS) {
          if (
            !mayAny(m.anyOf) ||
            !trusts(m.service) ||
            (m.needsInstanceProfile && (to.role?.InstanceProfileList.length ?? 0) === 0)
          )
            continue;
          edges.push({
            from: from.arn,
            to: to.arn,
            kind: "move",
            method: `${m.id} (if a resource runs as the role)`,
            evidence: [{ what: `${m.anyOf.join(" or ")} may be allowed (catalog scan)` }],
          });
          break;
        }
      } else {
        for (const a of USER_PERMISSION_ACTIONS) {
          if (may.has(a.toLowerCase()) && edge(to.arn, "grant", `7-12 ${a}`, [[a, ask(a, to.arn, attach)]]))
            break;
        }
        if (to.arn !== from.arn) {
          for (const a of USER_CREDENTIAL_ACTIONS) {
            if (may.has(a.toLowerCase()) && edge(to.arn, "move", `4-6 ${a}`, [[a, ask(a, to.arn)]])) break;
          }
        }
        for (const g of index.groups.filter((x) => x.members.includes(to.arn))) {
          for (const a of GROUP_PERMISSION_ACTIONS) {
            if (
              may.has(a.toLowerCase()) &&
              edge(to.arn, "grant", `8/11 ${a} on ${g.name}`, [[a, ask(a, g.arn, attach)]])
            )
              break;
          }
        }
      }
    }
    // 1-2: a new or older default version of a customer policy changes everyone it is attached to.
    if (mayAny(POLICY_VERSION_ACTIONS)) {
      for (const [arn] of index.policies) {
        if (arn.startsWith("arn:aws:iam::aws:") || !arn.includes(`::${from.account}:`)) continue;
        for (const a of POLICY_VERSION_ACTIONS) {
          const d = ask(a, arn);
          if (d.verdict !== "Allow") {
            note(from.arn, d, `${a} on ${arn}`);
            continue;
          }
          for (const p of sameAccount) {
            if (p.identity.some((ref) => ref.id.startsWith(`${arn}@`)))
              edges.push({
                from: from.arn,
                to: p.arn,
                kind: "grant",
                method: `1-2 ${a} on ${arn}`,
                evidence: [{ what: a, decision: d }],
              });
          }
          break;
        }
      }
    }
    // 13: a user joining a group acts with the group's policies too: a node for the user with
    // that set of extra groups (canonical, so joining groups in any order meets the same node).
    if (from.kind === "user" && may.has("iam:addusertogroup")) {
      const [base, ...joined] = from.arn.split("+group:");
      for (const g of index.groups.filter(
        (x) => x.account === from.account && !x.members.includes(base!) && !joined.includes(x.name),
      )) {
        const d = ask("iam:AddUserToGroup", g.arn);
        if (d.verdict !== "Allow") continue;
        const id = [base, ...[...joined, g.name].sort()].join("+group:");
        edges.push({
          from: from.arn,
          to: id,
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
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  return { edges, out, undecided };
}

/**
 * Everything reachable from a start node, with the edge that first reached each node.
 * A grant edge counts once its source can also act as its target: then the source can give
 * itself anything in that account.
 */
export function reach(graph: Graph, index: StateIndex, start: string): Map<string, Edge | undefined> {
  const prev = new Map<string, Edge | undefined>([[start, undefined]]);
  const queue = [start];
  const visit = (e: Edge) => {
    if (prev.has(e.to)) return;
    prev.set(e.to, e);
    queue.push(e.to);
  };
  let changed = true;
  while (changed) {
    changed = false;
    while (queue.length) {
      const node = queue.shift()!;
      if (isAdminNode(node)) {
        const account = accountOfNode(node);
        for (const p of index.principals)
          if (p.account === account)
            visit({ from: node, to: p.arn, kind: "move", method: "account admin", evidence: [] });
        continue;
      }
      for (const e of graph.out.get(node) ?? []) if (e.kind === "move") visit(e);
    }
    for (const node of [...prev.keys()]) {
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
