// Check 4, no escalation: reachability over the escalation graph (src/graph) from every entry
// point of the design — each team's landing role, each kept user — must stay within what the
// model grants it. Being granted an admin level in an account covers everything in that account.
import type { ScanCache } from "../engine/scan-cache.js";
import {
  accountOfNode,
  buildGraph,
  type Edge,
  isAdminNode,
  isResourcesNode,
  pathTo,
  reach,
} from "../graph/graph.js";
import { envRoleName, landingRoleArn, roleArn, userArn, workloadRoleArn } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import type { Clock } from "../sessions/contexts.js";
import type { StateIndex } from "../sessions/principals.js";
import { accessOf, type LevelAccessMap } from "./level-access.js";
import { type CheckResult, decisionEvidence, type Evidence, type Finding } from "./types.js";

/** Accounts where the teams hold a level of access admin: being admin there covers everything in them. */
export function adminAccounts(model: AccessModel, teams: string[], access: LevelAccessMap): Set<string> {
  const out = new Set<string>();
  for (const team of model.teams.filter((t) => teams.includes(t.name))) {
    for (const g of team.grants) {
      const env = model.environments.find((e) => e.name === g.env);
      if (accessOf(access, g.level) === "admin" && env) out.add(env.accountId);
    }
  }
  return out;
}

export function edgeEvidence(e: Edge): Evidence {
  return {
    what: `${e.from} → ${e.to} by ${e.method}`,
    chain: [e.from, e.to],
    statements: e.evidence.flatMap((x) => {
      if (!x.decision) return [];
      // Stryker disable next-line ArrayDeclaration: equivalent, decisionEvidence always lists statements
      return decisionEvidence(x.what, x.decision).statements ?? [];
    }),
  };
}

export function describeChain(chain: Edge[]): string {
  return chain.map((e) => `${e.from} —[${e.method}]→ ${e.to}`).join(" ; ");
}

export function checkEscalation(
  model: AccessModel,
  index: StateIndex,
  cache: ScanCache,
  clock: Clock,
  access: LevelAccessMap,
): CheckResult {
  // People's sessions carry their email as source identity; a workload's session has none, so
  // its switches need no sts:SetSourceIdentity: judging it as a person's would miss its paths.
  const graph = buildGraph(index, cache, {
    clock,
    sourceIdentity: (p) =>
      model.options.sourceIdentity && !(p.role?.Tags?.some((t) => t.Key === "sekisho:workload") ?? false),
  });
  const failures: Finding[] = graph.undecided.map((u) => ({
    rule: "escalation/undecided",
    subject: u.subject,
    message: u.message,
  }));
  const entries = [
    ...model.teams.map((t) => ({
      label: `team ${t.name}`,
      start: landingRoleArn(model, t.name),
      teams: [t.name],
    })),
    ...model.users.map((u) => ({
      label: `user ${u.name}`,
      start: userArn(model.identity.accountId, u.name),
      teams: u.teams,
    })),
  ];
  // A workload starts in each of its roles; it is granted those roles, and all of an account
  // where its level is admin.
  const workloadEntries = model.workloads.flatMap((w) => {
    const own = w.grants.map((g) => {
      const env = model.environments.find((e) => e.name === g.env)!;
      return {
        arn: workloadRoleArn(model, w.name, env.accountId),
        account: env.accountId,
        level: g.level,
      };
    });
    return own.map((o) => ({
      label: `workload ${w.name}`,
      start: o.arn,
      teams: [] as string[],
      granted: own.map((x) => x.arn),
      admin: own.filter((x) => accessOf(access, x.level) === "admin").map((x) => x.account),
    }));
  });
  for (const entry of [
    ...entries.map((e) => ({ ...e, granted: [] as string[], admin: [] as string[] })),
    ...workloadEntries,
  ]) {
    const granted = new Set<string>([entry.start, ...entry.granted]);
    for (const team of model.teams.filter((t) => entry.teams.includes(t.name))) {
      for (const g of team.grants) {
        const env = model.environments.find((e) => e.name === g.env)!;
        granted.add(roleArn(env.accountId, model.options.path, envRoleName(g.level)));
      }
    }
    const admin = new Set([...adminAccounts(model, entry.teams, access), ...entry.admin]);
    const prev = reach(graph, entry.start);
    for (const node of prev.keys()) {
      const account = accountOfNode(node);
      if (
        granted.has(node) ||
        admin.has(account) ||
        isResourcesNode(node) ||
        node.startsWith(`${entry.start}+group:`)
      )
        continue;
      const chain = pathTo(prev, node);
      failures.push({
        rule: "escalation/path",
        subject: node,
        message: `${entry.label} can reach ${isAdminNode(node) ? `admin of account ${account}` : node}, which the model does not grant: ${describeChain(chain)}`,
        evidence: chain.map(edgeEvidence),
      });
    }
  }
  const kinds = new Set(
    graph.edges.filter((e) => !isResourcesNode(e.from)).map((e) => e.method.split(" ")[0]),
  );
  return {
    id: "no-escalation",
    title: "No escalation",
    passed: failures.length === 0,
    summary: `${index.principals.length} principals, ${graph.edges.length} edges (${kinds.size} kinds of method); ${entries.length + workloadEntries.length} entry points checked`,
    failures,
    notes: [],
  };
}
