// The access graph: people and kept IAM users → teams → environments, laid out by dagre and
// drawn as inline SVG. One edge per team and environment, labelled with the levels it grants
// there (through the team's landing role, or its IAM group for kept users, named on the team's
// node): a reader follows a person to their team and on to each environment and level, without
// the dozens of crossing edges one per role would draw. Environments are in model order.
//
// Large organisations are condensed so the picture stays readable, and the page says how:
// people are grouped by the exact set of teams they belong to, and past that shown only as a
// count on each team.
import { Graph, layout } from "@dagrejs/dagre";
import { landingRoleName, userGroupName } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { textOn } from "../portal/contrast.js";
import { h } from "../portal/html.js";
import { NEUTRAL_COLOR } from "../portal/portal.js";

/** At most this many people are drawn one node each. */
export const GRAPH_PEOPLE_MAX = 40;
/** At most this many team sets are drawn one node each; past that, people are counts on teams. */
export const GRAPH_GROUPS_MAX = 60;
/**
 * Past this many arrows nobody can follow one in a drawing (and the layout alone takes most of a
 * second): the report lists each team's reach as text instead.
 */
export const GRAPH_EDGES_MAX = 400;
export type NodeKind = "person" | "people" | "user" | "team" | "env";

export interface GraphNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** Tooltip and accessible description. */
  title: string;
  /** 6 hex digits, no '#'. */
  fill: string;
  /** Environments: their place in the model, the order they are drawn in. */
  order?: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** Into an environment: the levels granted there, in model order, each with its end if it has one. */
  levels?: { level: string; until?: string }[];
  /** Every grant of the edge has an end date (the latest is given): drawn dashed. */
  until?: string;
}

export interface AccessGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** How the graph was condensed, for the reader. */
  notes: string[];
}

const FILL: Record<Exclude<NodeKind, "env">, string> = {
  person: "ffffff",
  people: "ffffff",
  user: "fff4e5",
  team: "e8eefb",
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
  const envIndex = new Map(model.environments.map((e, i) => [e.name, i]));
  const levelIndex = new Map(model.levels.map((l, i) => [l.name, i]));
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
  const addEnv = (env: string) => {
    const i = envIndex.get(env);
    const e = i === undefined ? undefined : model.environments[i];
    const levels = model.levels.filter((l) => envLevels.get(env)?.has(l.name)).map((l) => l.name);
    add({
      id: `e:${env}`,
      kind: "env",
      label: env,
      title: `${env} (account ${e?.accountId ?? "?"}): roles ${levels.join(", ")}`,
      fill: e?.color ?? NEUTRAL_COLOR,
      order: i ?? model.environments.length,
    });
  };
  /** One edge per source and environment, its levels merged: no end beats any end, a later end an earlier one. */
  const linkEnv = (from: string, env: string, level: string, until?: string) => {
    const key = `${from}\u0000e:${env}`;
    let e = edges.get(key);
    if (!e) {
      e = { from, to: `e:${env}`, levels: [] };
      edges.set(key, e);
    }
    const levels = e.levels!;
    const had = levels.find((l) => l.level === level);
    if (!had) levels.push(until ? { level, until } : { level });
    else if (had.until && (!until || until > had.until)) {
      if (until) had.until = until;
      else delete had.until;
    }
    levels.sort((a, b) => (levelIndex.get(a.level) ?? 0) - (levelIndex.get(b.level) ?? 0));
    const ends = levels.map((l) => l.until);
    if (ends.every((u) => u !== undefined)) e.until = ends.sort().at(-1)!;
    else delete e.until;
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

  const withUsers = new Set(model.users.flatMap((u) => u.teams));
  for (const { team } of grants) {
    const count = members.get(team.name) ?? 0;
    add({
      id: `t:${team.name}`,
      kind: "team",
      label: peopleMode === "counts" ? `${team.name} (${count})` : team.name,
      title: `team ${team.name}${team.description ? `: ${team.description}` : ""} (${plural(count, "person", "people")}); people switch from landing role ${model.options.path}${landingRoleName(team.name)}${withUsers.has(team.name) ? `, kept IAM users from group ${model.options.path}${userGroupName(team.name)} (MFA)` : ""}`,
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

  // A team's landing role (people) and IAM group (kept users) reach exactly what the team is
  // granted: they are named on the team's node, not drawn as a column of their own.
  for (const { grants: gs, team } of grants)
    for (const g of gs) {
      addEnv(g.env);
      linkEnv(`t:${team.name}`, g.env, g.level, g.until);
    }
  // Environments in model order (dagre keeps the order nodes are given in when it can).
  const all = [...nodes.values()];
  const envs = all.filter((n) => n.kind === "env").sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  return { nodes: [...all.filter((n) => n.kind !== "env"), ...envs], edges: [...edges.values()], notes };
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
/** Between the landing roles and the environments: room for the level labels on the edges. */
const ENV_GAP = 260;

function r1(n: number): string {
  return String(Math.round(n * 10) / 10);
}

const CAPTIONS: [string, NodeKind[]][] = [
  ["People and kept IAM users", ["person", "people", "user"]],
  ["Teams (their landing roles)", ["team"]],
  ["Environments (levels on the edges)", ["env"]],
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
  layout(g);
  // Environments in model order, top to bottom, spread over the height of the graph and moved
  // right, so the edges into them fan out and their level labels have room (dagre would order
  // the column to cut crossings and pack it in the middle).
  const size = g.graph() as { width?: number; height?: number };
  const envs = graph.nodes.filter((n) => n.kind === "env");
  const others = graph.nodes.filter((n) => n.kind !== "env").map((n) => g.node(n.id));
  const top = Math.min(...others.map((b) => (b.y ?? 0) - b.height / 2), NODE_H / 2);
  const bottom = Math.max(...others.map((b) => (b.y ?? 0) + b.height / 2), size.height ?? 0);
  const step = envs.length > 1 ? Math.max(NODE_H + 10, (bottom - top - NODE_H) / (envs.length - 1)) : 0;
  const right = Math.max(...others.map((b) => (b.x ?? 0) + b.width / 2), 0);
  const widest = Math.max(...envs.map((n) => g.node(n.id).width), 0);
  for (const [i, n] of envs.entries()) {
    const b = g.node(n.id);
    b.x = right + ENV_GAP + widest / 2;
    b.y = top + NODE_H / 2 + i * step;
  }
  const envBottom = envs.length ? top + NODE_H + (envs.length - 1) * step : 0;
  // The last column's caption is wider than its boxes: room for it.
  const width = Math.ceil(
    Math.max(size.width ?? 0, envs.length ? right + ENV_GAP + widest / 2 + 150 : 0) + 16,
  );
  const height = Math.ceil(Math.max(size.height ?? 0, envBottom) + 16 + TOP);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="graph-title graph-desc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace,SFMono-Regular,Menlo,Consolas,monospace" font-size="12">`,
    `<title id="graph-title">${h(title)}</title>`,
    `<desc id="graph-desc">${h(`${graph.nodes.length} nodes and ${graph.edges.length} edges, left to right: people and kept IAM users, their teams, and the environments each team may switch into (from its landing role, or its IAM group for kept users), in model order, each edge labelled with the levels it grants there. The access matrix above holds the same facts as a table.`)}</desc>`,
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
  out.push(`<g class="edges" fill="none" stroke="#5f6b7a" stroke-width="1.2">`);
  // Every edge joins neighbouring columns: a straight line from the right side of one box to the
  // left side of the next (the environments were moved after layout, so dagre's routes are stale).
  const labels: string[] = [];
  for (const e of graph.edges) {
    const a = g.node(e.from);
    const b = g.node(e.to);
    if (!a || !b) continue;
    const x1 = (a.x ?? 0) + a.width / 2 + 8;
    const y1 = (a.y ?? 0) + 8 + TOP;
    const x2 = (b.x ?? 0) - b.width / 2 + 8;
    const y2 = (b.y ?? 0) + 8 + TOP;
    const text = e.levels?.map((l) => (l.until ? `${l.level} (until ${l.until})` : l.level)).join(", ");
    const tip = text ?? (e.until ? `until ${e.until}` : "");
    out.push(
      `<path d="M${r1(x1)},${r1(y1)}L${r1(x2)},${r1(y2)}" marker-end="url(#arrow)"${e.until ? ` stroke-dasharray="5 3"` : ""}>${tip ? `<title>${h(tip)}</title>` : ""}</path>`,
    );
    // The levels, on the edge near the environment, over a white halo so crossing lines stay behind.
    if (text) {
      const t = 0.4;
      labels.push(
        `<text x="${r1(x1 + (x2 - x1) * t)}" y="${r1(y1 + (y2 - y1) * t - 3)}" text-anchor="middle">${h(text)}</text>`,
      );
    }
  }
  out.push("</g>");
  if (labels.length)
    out.push(
      `<g class="levels" font-size="10" fill="#1b1f24" stroke="#ffffff" stroke-width="3" paint-order="stroke">`,
      ...labels,
      "</g>",
    );
  out.push(`<g class="nodes">`);
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

/** Per team, as text: the environments its landing role reaches, each with its levels (and ends). */
export function teamReach(graph: AccessGraph): { team: string; reach: string[] }[] {
  const labels = new Map(graph.nodes.map((n) => [n.id, n.label]));
  return graph.nodes
    .filter((n) => n.kind === "team")
    .map((team) => ({
      team: team.id.slice(2),
      reach: graph.edges
        .filter((e) => e.from === team.id && e.levels)
        .map(
          (e) =>
            `${labels.get(e.to) ?? e.to}: ${e.levels!.map((l) => (l.until ? `${l.level} (until ${l.until})` : l.level)).join(", ")}`,
        ),
    }));
}
