// The level a permission set amounts to, decided by the engine on the policies themselves, never
// by their names: admin-equivalent (it can rewrite its own permissions, or allows every action)
// is admin; only reads is readonly; anything else is developer, marked for review with what it
// allows beyond reads. The scans run as the user signed in with MFA: the most it can do.
import { awsManagedPolicy } from "../data/managed-policies.js";
import { loadCatalog } from "../engine/catalog.js";
import type { ScanCache } from "../engine/scan-cache.js";
import type { CatalogResult, Context, PolicyRef, Principal } from "../engine/types.js";
import { accountOfNode, type Graph, isAdminNode, pathTo, reach, sessionRequest } from "../graph/graph.js";
import { isReadOnly } from "../prove/classify.js";
import type { Clock } from "../sessions/contexts.js";
import { identityPolicies, type PrincipalInfo } from "../sessions/principals.js";
import { LEVELS, type LevelName, READONLY_ACKNOWLEDGED } from "./levels.js";

export type { LevelName } from "./levels.js";

export interface Inference {
  level: LevelName;
  /** Why this level, one sentence. */
  why: string;
  /** What a human must decide (empty when the guess is sound). */
  review: string[];
  /** Facts worth knowing that do not change the guess. */
  notes: string[];
  /** How it can make itself admin through other principals, when it can. */
  escalation?: string;
}

export interface LevelEngine {
  graph: Graph;
  cache: ScanCache;
  clock: Clock;
  /** Principals that can rewrite their own permissions (a grant edge onto themselves). */
  adminEq: Set<string>;
}

export function levelEngine(graph: Graph, cache: ScanCache, clock: Clock): LevelEngine {
  const adminEq = new Set<string>();
  for (const e of graph.edges) if (e.kind === "grant" && e.from === e.to) adminEq.add(e.from);
  return { graph, cache, clock, adminEq };
}

/** Verbs that tell what a policy changes at a glance; short names are the everyday actions. */
const TELLING = /^(Create|Put|Run|Invoke|Update|Delete|Start|Pass|Attach)/;

/**
 * A few actions that show what a set can change: the services with the most such actions
 * first, from each its most telling action (Create, Put, Run, ..., the shortest first).
 */
export function representative(actions: readonly string[], n: number): string[] {
  const byService = new Map<string, { id: string; rank: number; length: number }[]>();
  for (const id of actions) {
    const colon = id.indexOf(":");
    const name = id.slice(colon + 1);
    const list = byService.get(id.slice(0, colon));
    const entry = { id, rank: TELLING.test(name) ? 0 : 1, length: name.length };
    if (list) list.push(entry);
    else byService.set(id.slice(0, colon), [entry]);
  }
  const services = [...byService.entries()]
    .map(([s, list]) => ({
      s,
      list: list.sort(
        (a, b) => a.rank - b.rank || a.length - b.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      ),
    }))
    .sort((a, b) => b.list.length - a.list.length || (a.s < b.s ? -1 : 1));
  const out: string[] = [];
  for (let round = 0; out.length < n; round++) {
    let added = false;
    for (const { list } of services) {
      const a = list[round];
      if (a === undefined || out.length >= n) continue;
      out.push(a.id);
      added = true;
    }
    if (!added) break;
  }
  return out;
}

/** "6,910 actions": grouped by hand, so the text never depends on the runtime's locale data. */
const count = (n: number, what: string) =>
  `${String(n).replace(/\B(?=(\d{3})+$)/g, ",")} ${what}${n === 1 ? "" : "s"}`;

/** "7-12 iam:PutUserPolicy" → "iam:PutUserPolicy": the graph's method numbers mean nothing here. */
const method = (m: string) => m.replace(/^[\d/P-]+ /, "");

export function inferLevel(engine: LevelEngine, p: PrincipalInfo): Inference {
  const notes: string[] = [];
  const review: string[] = [];
  const unknown = p.unknownPolicies;
  if (unknown.length)
    review.push(
      `the export lacks ${unknown.map((u) => u.split("/").pop()).join(", ")}: the level is inferred without ${unknown.length === 1 ? "it" : "them"}`,
    );
  const request = sessionRequest(p, { clock: engine.clock });
  const scan = engine.cache.scan(identityPolicies(p), request.principal, request.context);

  const self = engine.graph.edges.find((e) => e.kind === "grant" && e.from === p.arn && e.to === p.arn);
  if (self)
    return {
      level: "admin",
      why: `it can rewrite its own permissions (${method(self.method)} on itself): admin-equivalent`,
      review,
      notes,
    };
  if (scan.allowed.length >= loadCatalog().length)
    return { level: "admin", why: "it allows every action of the catalog", review, notes };

  // sts: everyone may call GetCallerIdentity; AssumeRole is a switch, judged by the role it reaches.
  const own = scan.allowed.filter((h) => !h.action.toLowerCase().startsWith("sts:"));
  if (scan.allowed.some((h) => h.action.toLowerCase() === "sts:assumerole"))
    notes.push("it may assume roles (sts:AssumeRole): what those roles allow is not part of this guess");
  const beyond = own.filter(
    (h) => !isReadOnly(h.action) && !READONLY_ACKNOWLEDGED.has(h.action.toLowerCase()),
  );
  const conditional = beyond.filter((h) => !h.certain).length;
  if (conditional) notes.push(`${count(conditional, "write")} only under conditions (counted as allowed)`);

  const escalation = escalationOf(engine, p);
  if (escalation) review.push(escalation);
  const found = escalation ? { escalation } : {};
  const level: LevelName = beyond.length || unknown.length ? "developer" : "readonly";
  // What people would lose: today's actions the level's policy does not allow, by the same scan.
  const lost = lostActions(
    engine,
    own.map((h) => h.action),
    level,
    request,
  );
  if (lost.length)
    review.push(
      `${count(lost.length, "action")} it allows today ${lost.length === 1 ? "is" : "are"} not in ${level} (${LEVELS.find((l) => l.name === level)!.managed}), e.g. ${representative(lost, 5).join(", ")}: add a level if they are needed`,
    );

  if (level === "readonly") {
    if (own.length === 0)
      review.push(
        "it allows nothing today, and readonly reads every service: drop the person if they need no access",
      );
    return {
      level,
      why: own.length ? `it reads only (${count(own.length, "action")})` : "it allows no action of its own",
      review,
      notes,
      ...found,
    };
  }
  if (beyond.length)
    review.unshift(
      `developer is a guess: it allows ${count(beyond.length, "action")} beyond reads, e.g. ${representative(
        beyond.map((h) => h.action),
        5,
      ).join(", ")}; developer (PowerUserAccess) allows all but IAM and Organizations`,
    );
  return {
    level,
    why: beyond.length
      ? `it writes (${count(beyond.length, "action")} beyond reads) but cannot rewrite its own permissions`
      : "it reads only as far as the export tells, and the rest is unknown",
    review,
    notes,
    ...found,
  };
}

const levelDocs = new Map<string, PolicyRef>();

function lostActions(
  engine: LevelEngine,
  actions: string[],
  level: LevelName,
  request: { principal: Principal; context: Context },
): string[] {
  const name = LEVELS.find((l) => l.name === level)!.managed;
  let ref = levelDocs.get(name);
  if (!ref) {
    ref = { id: `level:${name}`, kind: "identity", document: awsManagedPolicy(name)!.document };
    levelDocs.set(name, ref);
  }
  const result = engine.cache.scan({ identity: [ref] }, request.principal, request.context);
  // The cache hands back the same result for every user the level's policy cannot tell apart.
  let granted = grantedSets.get(result);
  if (!granted) {
    granted = new Set(result.allowed.map((h) => h.action));
    grantedSets.set(result, granted);
  }
  return actions.filter((a) => !granted.has(a));
}

const grantedSets = new WeakMap<CatalogResult, Set<string>>();

/** "role bad_role", "admin of account 111111111111", "user ci (222222222222)". */
function shortName(node: string, account: string): string {
  if (isAdminNode(node)) return `admin of account ${accountOfNode(node)}`;
  const m = /^arn:aws[\w-]*:iam::(\w*):(role|user)\/(?:.*\/)?([^/]+)$/.exec(node);
  if (!m) return node;
  return `${m[2]} ${m[3]}${m[1] && m[1] !== account && m[1] !== "aws" ? ` (${m[1]})` : ""}`;
}

/** Whether the user can make itself admin through other principals: a path the graph finds. */
function escalationOf(engine: LevelEngine, p: PrincipalInfo): string | undefined {
  const isTarget = (n: string) => n !== p.arn && (isAdminNode(n) || engine.adminEq.has(n));
  const prev = reach(engine.graph, p.arn, isTarget);
  const target = [...prev.keys()].find(isTarget);
  if (!target) return undefined;
  const steps = pathTo(prev, target).map((e) => `${method(e.method)} → ${shortName(e.to, p.account)}`);
  const what = isAdminNode(target) ? "" : "admin-equivalent ";
  return `it can escalate to ${what}${shortName(target, p.account)} (${steps.join("; ")}): admin in effect today`;
}
