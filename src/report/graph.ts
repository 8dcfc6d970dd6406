// The access graph: people → teams → landing roles → environment roles (and kept IAM users →
// teams → their IAM groups → environment roles), laid out by dagre and drawn as inline SVG.
//
// Large organisations are condensed so the picture stays readable, and the page says how:
// people are grouped by the exact set of teams they belong to, and past that shown only as a
// count on each team; environment roles are merged per environment past a few hundred.
import { Graph, layout } from "@dagrejs/dagre";
import { envRoleName, landingRoleName, userGroupName } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { textOn } from "../portal/contrast.js";
import { h } from "../portal/html.js";
import { NEUTRAL_COLOR } from "../portal/portal.js";

/** At most this many people are drawn one node each. */
export const GRAPH_PEOPLE_MAX = 40;
/** At most this many team sets are drawn one node each; past that, people are counts on teams. */
export const GRAPH_GROUPS_MAX = 60;
/** Past this many environment roles, one node per environment. */
export const GRAPH_ROLES_MAX = 200;

export type NodeKind = "person" | "people" | "user" | "team" | "landing" | "group" | "role" | "env";

export interface GraphNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** Tooltip and accessible description. */
  title: string;
  /** 6 hex digits, no '#'. */
  fill: string;
  /** For environment roles: their environment. */
  env?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** A grant with an end date: drawn dashed. */
  until?: string;
}

export interface AccessGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** How the graph was condensed, for the reader. */
  notes: string[];
}

const FILL: Record<Exclude<NodeKind, "role" | "env">, string> = {
  person: "ffffff",
  people: "ffffff",
  user: "fff4e5",
  team: "e8eefb",
  landing: "eef0f3",
  group: "eef0f3",
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Grants in force on `today` (all of them when today is not given). */
function activeGrants(model: AccessModel, today: string | undefined) {
  return model.teams.map((t) => ({
    team: t,
    grants: t.grants.filter((g) => today === undefined || g.until === undefined || g.until >= today),
  }));
}

export function accessGraph(model: AccessModel, today?: string): AccessGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const notes: string[] = [];
  const add = (n: GraphNode) => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
  };
  const link = (from: string, to: string, until?: string) => {
    const key = `${from}\u0000${to}`;
    const old = edges.get(key);
    if (!old) edges.set(key, { from, to, ...(until ? { until } : {}) });
    else if (old.until && (!until || until > old.until))
      edges.set(key, until ? { from, to, until } : { from, to });
  };

  const grants = activeGrants(model, today);
  const envs = new Map(model.environments.map((e) => [e.name, e]));
  const roleCount = new Set(grants.flatMap((t) => t.grants.map((g) => `${g.env}\n${g.level}`))).size;
  const byEnv = roleCount > GRAPH_ROLES_MAX;
  if (byEnv)
    notes.push(
      `${plural(roleCount, "environment role")} are drawn as ${plural(envs.size, "environment")}; hover over an environment for its levels.`,
    );
  const targetId = (env: string, level: string) => (byEnv ? `e:${env}` : `r:${env}\n${level}`);
  const envLevels = new Map<string, Set<string>>();
  for (const { grants: gs } of grants)
    for (const g of gs) {
      let s = envLevels.get(g.env);
      if (!s) {
        s = new Set();
        envLevels.set(g.env, s);
      }
      s.add(g.level);
    }
  const addTarget = (env: string, level: string) => {
    const e = envs.get(env);
    const fill = e?.color ?? NEUTRAL_COLOR;
    if (byEnv) {
      const levels = model.levels.filter((l) => envLevels.get(env)?.has(l.name)).map((l) => l.name);
      add({
        id: `e:${env}`,
        kind: "env",
        label: env,
        title: `${env} (account ${e?.accountId ?? "?"}): ${levels.join(", ")}`,
        fill,
      });
    } else {
      add({
        id: `r:${env}\n${level}`,
        kind: "role",
        env,
        label: `${env} · ${level}`,
        title: `role ${model.options.path}${envRoleName(level)} in ${env} (account ${e?.accountId ?? "?"})`,
        fill,
      });
    }
  };

  // Subjects: people one by one, or grouped by team set, or only counted on their teams.
  const bySet = new Map<string, string[]>();
  for (const p of model.people) {
    const key = p.teams.join("\n");
    const list = bySet.get(key);
    if (list) list.push(p.email);
    else bySet.set(key, [p.email]);
  }
  const members = new Map<string, number>();
  for (const p of model.people) for (const t of p.teams) members.set(t, (members.get(t) ?? 0) + 1);
  const peopleMode =
    model.people.length <= GRAPH_PEOPLE_MAX ? "each" : bySet.size <= GRAPH_GROUPS_MAX ? "sets" : "counts";
  if (peopleMode === "sets")
    notes.push(
      `${plural(model.people.length, "person", "people")} are grouped into ${plural(bySet.size, "node")}: people with exactly the same teams share one.`,
    );
  if (peopleMode === "counts")
    notes.push(
      `${plural(model.people.length, "person", "people")} in ${plural(bySet.size, "distinct team set")} are too many to draw: each team shows how many people it has.`,
    );

  for (const { team } of grants) {
    const count = members.get(team.name) ?? 0;
    add({
      id: `t:${team.name}`,
      kind: "team",
      label: peopleMode === "counts" ? `${team.name} (${count})` : team.name,
      title: `team ${team.name}${team.description ? `: ${team.description}` : ""} (${plural(count, "person", "people")})`,
      fill: FILL.team,
    });
  }
  if (peopleMode === "each") {
    for (const p of model.people) {
      add({
        id: `p:${p.email}`,
        kind: "person",
        label: p.email,
        title: `${p.email}: ${p.teams.join(", ")}`,
        fill: FILL.person,
      });
      for (const t of p.teams) link(`p:${p.email}`, `t:${t}`);
    }
  } else if (peopleMode === "sets") {
    for (const [key, emails] of bySet) {
      const teams = key.split("\n");
      const shown = emails.slice(0, 10).join(", ");
      add({
        id: `s:${key}`,
        kind: "people",
        label: plural(emails.length, "person", "people"),
        title: `${teams.join(" + ")}: ${shown}${emails.length > 10 ? `, and ${emails.length - 10} more` : ""}`,
        fill: FILL.people,
      });
      for (const t of teams) link(`s:${key}`, `t:${t}`);
    }
  }
  for (const u of model.users) {
    add({
      id: `u:${u.name}`,
      kind: "user",
      label: `${u.name} (IAM user)`,
      title: `IAM user ${u.name}${u.breakGlass ? " (break-glass)" : ""}: ${u.reason}`,
      fill: FILL.user,
    });
    for (const t of u.teams) link(`u:${u.name}`, `t:${t}`);
  }

  const withUsers = new Set(model.users.flatMap((u) => u.teams));
  for (const { team, grants: gs } of grants) {
    const landing = `l:${team.name}`;
    add({
      id: landing,
      kind: "landing",
      label: landingRoleName(team.name),
      title: `landing role ${model.options.path}${landingRoleName(team.name)} in account ${model.identity.accountId}`,
      fill: FILL.landing,
    });
    link(`t:${team.name}`, landing);
    const sources = [landing];
    if (withUsers.has(team.name)) {
      const group = `g:${team.name}`;
      add({
        id: group,
        kind: "group",
        label: `${userGroupName(team.name)} (group)`,
        title: `IAM group ${model.options.path}${userGroupName(team.name)} for kept users; every switch needs MFA`,
        fill: FILL.group,
      });
      link(`t:${team.name}`, group);
      sources.push(group);
    }
    for (const g of gs) {
      addTarget(g.env, g.level);
      for (const s of sources) link(s, targetId(g.env, g.level), g.until);
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], notes };
}

interface Box {
  width: number;
  height: number;
  x?: number;
  y?: number;
}

const CHAR = 7.3; // advance of a 12px monospace character
const NODE_H = 26;
const TOP = 34; // room for the column captions

function r1(n: number): string {
  return String(Math.round(n * 10) / 10);
}

const CAPTIONS: [string, NodeKind[]][] = [
  ["People and kept IAM users", ["person", "people", "user"]],
  ["Teams", ["team"]],
  ["Landing roles and IAM groups", ["landing", "group"]],
  ["Environment roles", ["role", "env"]],
];

/** Lays the graph out with dagre (left to right) and draws it as SVG. */
export function graphSvg(graph: AccessGraph, title: string): string {
  const g = new Graph<Record<string, unknown>, Box, { points?: { x: number; y: number }[] }>({
    multigraph: false,
    compound: true,
  });
  // Every edge spans one layer, so longest-path ranks as well as network-simplex, and is far
  // faster (0.4 s instead of 15 s for the 20,000-person synthetic organisation).
  g.setGraph({
    rankdir: "LR",
    ranker: "longest-path",
    nodesep: 8,
    ranksep: 70,
    edgesep: 4,
    marginx: 8,
    marginy: 8,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes)
    g.setNode(n.id, { width: Math.ceil(n.label.length * CHAR + 20), height: NODE_H });
  for (const e of graph.edges) g.setEdge(e.from, e.to, {});
  // The roles of one environment are kept together in a box (a dagre cluster).
  const clusters = new Map<string, string>();
  for (const n of graph.nodes) {
    if (n.kind !== "role" || n.env === undefined) continue;
    const id = `c:${n.env}`;
    if (!clusters.has(id)) {
      clusters.set(id, n.env);
      g.setNode(id, { width: 0, height: 0, paddingTop: 22 });
    }
    g.setParent(n.id, id);
  }
  layout(g);
  const size = g.graph() as { width?: number; height?: number };
  const width = Math.ceil((size.width ?? 0) + 16);
  const height = Math.ceil((size.height ?? 0) + 16 + TOP);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="graph-title graph-desc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace,SFMono-Regular,Menlo,Consolas,monospace" font-size="12">`,
    `<title id="graph-title">${h(title)}</title>`,
    `<desc id="graph-desc">${h(`${graph.nodes.length} nodes and ${graph.edges.length} edges, left to right: people and kept IAM users, their teams, the landing roles and IAM groups of those teams, and the environment roles these may switch into. The access matrix above holds the same facts as a table.`)}</desc>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#5f6b7a"/></marker></defs>`,
  );
  for (const [caption, kinds] of CAPTIONS) {
    const xs = graph.nodes.filter((n) => kinds.includes(n.kind)).map((n) => g.node(n.id).x ?? 0);
    if (xs.length === 0) continue;
    const x = xs.reduce((a, b) => a + b, 0) / xs.length;
    out.push(
      `<text x="${r1(x + 8)}" y="18" text-anchor="middle" font-family="system-ui,sans-serif" font-weight="600" fill="#1b1f24">${h(caption)}</text>`,
    );
  }
  for (const [id, env] of clusters) {
    const b = g.node(id);
    const x = (b.x ?? 0) - b.width / 2 + 8;
    const y = (b.y ?? 0) - b.height / 2 + 8 + TOP;
    out.push(
      `<g class="cluster"><rect x="${r1(x)}" y="${r1(y)}" width="${r1(b.width)}" height="${r1(b.height)}" rx="6" fill="#f7f8fa" stroke="#8a94a3" stroke-dasharray="2 2"/><text x="${r1(x + 6)}" y="${r1(y + 13)}" font-family="system-ui,sans-serif" fill="#1b1f24">${h(env)}</text></g>`,
    );
  }
  out.push(`<g class="edges" fill="none" stroke="#5f6b7a" stroke-width="1.2">`);
  for (const e of graph.edges) {
    const pts: { x: number; y: number }[] = g.edge(e.from, e.to)?.points ?? [];
    if (pts.length === 0) continue;
    const d = pts.map((p, i) => `${i === 0 ? "M" : "L"}${r1(p.x + 8)},${r1(p.y + 8 + TOP)}`).join("");
    out.push(
      `<path d="${d}" marker-end="url(#arrow)"${e.until ? ` stroke-dasharray="5 3"` : ""}>${e.until ? `<title>${h(`until ${e.until}`)}</title>` : ""}</path>`,
    );
  }
  out.push("</g>", `<g class="nodes">`);
  for (const n of graph.nodes) {
    const b = g.node(n.id);
    const x = (b.x ?? 0) - b.width / 2 + 8;
    const y = (b.y ?? 0) - b.height / 2 + 8 + TOP;
    out.push(
      `<g class="node node-${n.kind}"><title>${h(n.title)}</title><rect x="${r1(x)}" y="${r1(y)}" width="${b.width}" height="${b.height}" rx="${n.kind === "team" ? 13 : 4}" fill="#${n.fill}" stroke="#5f6b7a"/><text x="${r1(x + b.width / 2)}" y="${r1(y + b.height / 2)}" text-anchor="middle" dominant-baseline="central" fill="${textOn(n.fill)}">${h(n.label)}</text></g>`,
    );
  }
  out.push("</g>", "</svg>");
  return out.join("\n");
}
