// Who can reach Sekisho-managed roles in the accounts, on the escalation graph of the real
// state (src/graph): every principal the design does not have (foreign-reach), and the
// design's entry points — team landing roles, kept users — reaching a role the model does not
// grant them, by a path the matrix does not walk (escalation; prove's check 4 on reality).
import { ScanCache } from "../engine/scan-cache.js";
import { buildGraph, chainFrom, type Edge, type Graph, pathTo, reach, towards } from "../graph/graph.js";
import { envRoleArn, landingRoleArn, userArn } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { adminAccounts, describeChain, edgeEvidence } from "../prove/escalation.js";
import { resolveLevelAccess } from "../prove/level-access.js";
import type { Evidence } from "../prove/types.js";
import type { StateIndex } from "../sessions/principals.js";
import { crossGrantSources, movesInto } from "./move-graph.js";
import { byText, type DriftItem, type DriftKind } from "./types.js";

/**
 * Sessions are evaluated without a source identity, as audit evaluates real accounts: a
 * foreign session usually has none, and asking for one adds a step (sts:SetSourceIdentity)
 * that only makes edges rarer. Only where a condition or resource names a source identity
 * can a session carrying one pass where one without cannot: then the graph also gets the
 * edges of sessions with one (over-report, never miss).
 */
function sourceIdentityMatters(index: StateIndex): boolean {
  // A managed policy is one document shared by every principal it is attached to: look once.
  const documents = new Set(
    [
      ...index.principals.flatMap((p) => [p.trust, p.boundary, ...p.identity]),
      ...index.groups.flatMap((g) => g.policies),
    ].map((r) => r?.document),
  );
  return [...documents].some((d) =>
    d?.Statement.some((st) =>
      /sourceidentity/i.test(
        JSON.stringify([st.Condition ?? null, st.Resource ?? null, st.NotResource ?? null]),
      ),
    ),
  );
}

function unionGraph(a: Graph, b: Graph): Graph {
  const key = (e: Edge) => `${e.from}\n${e.to}\n${e.kind}\n${e.method}`;
  const seen = new Set(a.edges.map(key));
  const edges = [...a.edges, ...b.edges.filter((e) => !seen.has(key(e)))];
  const out = new Map<string, Edge[]>();
  for (const e of edges) {
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  const undecided = new Map([...a.undecided, ...b.undecided].map((u) => [`${u.subject}\n${u.message}`, u]));
  return { edges, out, undecided: [...undecided.values()], accountPrincipals: a.accountPrincipals };
}

interface Start {
  arn: string;
  kind: DriftKind;
  /** How the message names it. */
  label: string;
  account: string;
  /** Targets the model grants it (none for a foreign principal). */
  granted: string[];
}

interface Reached {
  /** Every Sekisho role reached. */
  all: string[];
  /** Those it should not reach. */
  outside: string[];
  /** Of those, where a path first enters (no earlier role it should not reach on it), with the path. */
  entries: Map<string, Edge[]>;
}

function reachItem(start: Start, r: Reached): DriftItem {
  const evidence: Evidence[] = [];
  // Paths that end "admin of the account, so any principal in it" share all but the last step: one line.
  const lines = new Map<string, string[]>();
  for (const [t, chain] of r.entries) {
    evidence.push({ what: describeChain(chain), chain: [start.arn, ...chain.map((e) => e.to)] });
    evidence.push(...chain.map(edgeEvidence));
    const viaAdmin = chain.length > 1 && chain.at(-1)!.method === "account admin";
    const key = describeChain(viaAdmin ? chain.slice(0, -1) : chain);
    lines.set(key, [...(lines.get(key) ?? []), ...(viaAdmin ? [t.slice(t.indexOf(":role/") + 6)] : [])]);
  }
  const details = [...lines].map(([chain, roles]) =>
    roles.length ? `path: ${chain} ; then, as admin of the account: ${roles.join(", ")}` : `path: ${chain}`,
  );
  const shown = [...r.entries.keys()].slice(0, 3);
  const rest = r.outside.length - shown.length;
  const what = `Sekisho-managed role${r.outside.length === 1 ? "" : "s"} ${shown.join(", ")}${rest ? ` and ${rest} more` : ""}`;
  return {
    id: `${start.kind}/${start.arn}`,
    kind: start.kind,
    account: start.account,
    subject: start.arn,
    message:
      start.kind === "foreign-reach"
        ? `${start.label} is not in the design but can reach ${what}`
        : `${start.label} can reach ${what}, which the model does not grant it`,
    expected: start.granted,
    actual: r.all,
    details,
    evidence,
  };
}

/** From reach()'s search tree: the targets reached, and the paths into those outside `allowed`. */
function fromSearch(
  prev: Map<string, Edge | undefined>,
  start: string,
  targets: ReadonlySet<string>,
  allowed: (t: string) => boolean,
  skip: (t: string, chain: Edge[]) => boolean = () => false,
): Reached {
  const all = [...targets].filter((t) => t !== start && prev.has(t)).sort(byText);
  const outside = all.filter((t) => !allowed(t));
  const entries = new Map<string, Edge[]>();
  for (const t of outside) {
    const chain = pathTo(prev, t);
    if (skip(t, chain)) continue;
    if (chain.slice(0, -1).every((e) => !(targets.has(e.to) && !allowed(e.to)))) entries.set(t, chain);
  }
  return { all, outside, entries };
}

/**
 * Foreign principals reaching any target: one backward search per target over movesInto;
 * reach() only for those that might need two grants combined and were not found otherwise.
 */
function foreignReached(
  graph: Graph,
  foreign: ReadonlySet<string>,
  targets: ReadonlySet<string>,
): Map<string, Reached> {
  const into = movesInto(graph);
  const found = new Map<string, Reached>();
  for (const t of [...targets].sort(byText)) {
    const next = towards(into, [t]);
    for (const node of next.keys()) {
      if (node === t || !foreign.has(node)) continue;
      let r = found.get(node);
      if (!r) {
        r = { all: [], outside: [], entries: new Map() };
        found.set(node, r);
      }
      r.all.push(t);
      r.outside.push(t);
      const chain = chainFrom(next, node);
      if (chain.slice(0, -1).every((e) => !targets.has(e.to))) r.entries.set(t, chain);
    }
  }
  const grants = crossGrantSources(graph);
  if (grants.size > 0) {
    for (const node of towards(into, grants).keys()) {
      if (!foreign.has(node) || found.has(node)) continue;
      const r = fromSearch(reach(graph, node), node, targets, () => false);
      if (r.all.length > 0) found.set(node, r);
    }
  }
  return found;
}

export interface ReachDrift {
  items: DriftItem[];
  /** Real principals not in the design: those looked at. */
  foreign: number;
  warnings: string[];
}

/**
 * @param design ARNs of the design's principals (designed roles, kept users): never foreign.
 * @param targets ARNs of the Sekisho-managed roles deployed (designed or not).
 */
export function reachDrift(
  model: AccessModel,
  index: StateIndex,
  design: ReadonlySet<string>,
  targets: ReadonlySet<string>,
  now: string,
): ReachDrift {
  const cache = new ScanCache();
  const clock = { now };
  const access = resolveLevelAccess(model, cache, clock);
  const plain = buildGraph(index, cache, { clock, sourceIdentity: false });
  const graph = sourceIdentityMatters(index)
    ? unionGraph(plain, buildGraph(index, cache, { clock, sourceIdentity: true }))
    : plain;
  const warnings = graph.undecided
    .filter((u) => targets.has(u.subject) || [...targets].some((t) => u.message.includes(t)))
    .map((u) => `undecided (${u.subject}): ${u.message}`)
    .sort(byText);
  const items: DriftItem[] = [];

  const foreign = index.principals.filter((p) => !design.has(p.arn));
  const reached = foreignReached(graph, new Set(foreign.map((p) => p.arn)), targets);
  for (const p of [...foreign].sort((x, y) => byText(x.arn, y.arn))) {
    const r = reached.get(p.arn);
    if (!r) continue;
    const label = `${p.kind === "user" ? "IAM user" : "role"} ${p.name}`;
    items.push(reachItem({ arn: p.arn, kind: "foreign-reach", label, account: p.account, granted: [] }, r));
  }

  // The design's entry points, as prove's escalation check takes them; a direct switch into an
  // environment role is the matrix's to compare, person by person.
  const inMatrix = new Set(
    model.environments.flatMap((env) => model.levels.map((l) => envRoleArn(model, env.name, l.name))),
  );
  const entries = [
    ...model.teams.map((t) => ({
      arn: landingRoleArn(model, t.name),
      label: `team ${t.name} (its landing role)`,
      teams: [t.name],
    })),
    ...model.users.map((u) => ({
      arn: userArn(model.identity.accountId, u.name),
      label: `kept IAM user ${u.name}`,
      teams: u.teams,
    })),
  ];
  for (const e of entries) {
    if (!index.byArn.has(e.arn)) continue;
    const granted = new Set(
      model.teams
        .filter((t) => e.teams.includes(t.name))
        .flatMap((t) => t.grants.map((g) => envRoleArn(model, g.env, g.level))),
    );
    const admin = adminAccounts(model, e.teams, access);
    const r = fromSearch(
      reach(graph, e.arn),
      e.arn,
      targets,
      (t) => granted.has(t) || admin.has(t.split(":")[4]!),
      (t, chain) => chain.length === 1 && chain[0]!.method.startsWith("P1 ") && inMatrix.has(t),
    );
    if (r.entries.size === 0) continue;
    const start = {
      arn: e.arn,
      kind: "escalation" as const,
      label: e.label,
      account: model.identity.accountId,
      granted: [...granted].filter((t) => targets.has(t)).sort(byText),
    };
    items.push(reachItem(start, r));
  }
  return { items, foreign: foreign.length, warnings };
}
