// Check 4, no escalation: a graph of principals whose edges are what a principal can do to
// become another — assume it, change its policies or trust, create its credentials, pass it
// to a service — evaluated with the engine, never by matching action names. Reachability from
// every entry point (a team's landing role, a kept user) must stay within what the model grants.
import { evaluate } from "../engine/evaluate.js";
import type { Context, Decision, Principal } from "../engine/types.js";
import { envRoleName, landingRoleArn, roleArn, userArn } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { type Clock, roleSession, userRequest } from "../sessions/contexts.js";
import type { PrincipalInfo, StateIndex } from "../sessions/principals.js";
import type { ScanCache } from "./scan-cache.js";
import { assume } from "./switch.js";
import { type CheckResult, decisionEvidence, type Evidence, type Finding } from "./types.js";

export interface Edge {
  from: string;
  to: string;
  how: string;
  evidence: Evidence[];
}

const adminNode = (account: string) => `admin-of:${account}`;

/** Actions that rewrite a role's permissions or trust (reference §7: 7-12, 14). */
const ROLE_PERMISSION_ACTIONS = [
  "iam:PutRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DeleteRolePermissionsBoundary",
  "iam:PutRolePermissionsBoundary",
];
const USER_PERMISSION_ACTIONS = [
  "iam:PutUserPolicy",
  "iam:AttachUserPolicy",
  "iam:DeleteUserPermissionsBoundary",
];
const USER_CREDENTIAL_ACTIONS = ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"];
const GROUP_ACTIONS = ["iam:PutGroupPolicy", "iam:AttachGroupPolicy", "iam:AddUserToGroup"];
const POLICY_VERSION_ACTIONS = ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"];

/** Pass a role to a service that runs code as it (reference §7: 3, 15-17, 19, 21, 22, 27, P3, P4). */
const PASS_ROLE_SERVICES: { service: string; actions: string[] }[] = [
  { service: "ec2.amazonaws.com", actions: ["ec2:RunInstances"] },
  { service: "lambda.amazonaws.com", actions: ["lambda:CreateFunction"] },
  { service: "glue.amazonaws.com", actions: ["glue:CreateDevEndpoint", "glue:CreateJob"] },
  {
    service: "cloudformation.amazonaws.com",
    actions: ["cloudformation:CreateStack", "cloudformation:UpdateStack"],
  },
  { service: "datapipeline.amazonaws.com", actions: ["datapipeline:CreatePipeline"] },
  {
    service: "sagemaker.amazonaws.com",
    actions: [
      "sagemaker:CreateNotebookInstance",
      "sagemaker:CreateTrainingJob",
      "sagemaker:CreateProcessingJob",
    ],
  },
  { service: "codebuild.amazonaws.com", actions: ["codebuild:CreateProject", "codebuild:UpdateProject"] },
  { service: "autoscaling.amazonaws.com", actions: ["autoscaling:CreateAutoScalingGroup"] },
  { service: "ecs-tasks.amazonaws.com", actions: ["ecs:RunTask", "ecs:RegisterTaskDefinition"] },
];

const ESCALATION_ACTIONS = new Set(
  [
    ...ROLE_PERMISSION_ACTIONS,
    "iam:UpdateAssumeRolePolicy",
    ...USER_PERMISSION_ACTIONS,
    ...USER_CREDENTIAL_ACTIONS,
    ...GROUP_ACTIONS,
    ...POLICY_VERSION_ACTIONS,
    "iam:PassRole",
  ].map((a) => a.toLowerCase()),
);

function request(
  p: PrincipalInfo,
  model: AccessModel,
  clock: Clock,
): { principal: Principal; context: Context } {
  return p.kind === "role"
    ? roleSession({
        roleArn: p.arn,
        roleId: p.role?.RoleId ?? "AROAUNKNOWN",
        account: p.account,
        sessionName: "prove@sekisho",
        ...(model.options.sourceIdentity ? { sourceIdentity: "prove@sekisho" } : {}),
        clock,
      })
    : userRequest({
        userArn: p.arn,
        userId: p.user?.UserId ?? "AIDAUNKNOWN",
        account: p.account,
        auth: "mfa",
        clock,
      });
}

/** Principals a trust policy can possibly admit, when it lists them explicitly; undefined = anyone. */
function trustCandidates(p: PrincipalInfo): Set<string> | undefined {
  const doc = p.trust?.document;
  if (!doc) return new Set();
  const out = new Set<string>();
  for (const s of doc.Statement) {
    if (s.Effect !== "Allow") continue;
    if (s.NotPrincipal || s.Principal === "*" || !s.Principal) return undefined;
    const aws = [s.Principal.AWS ?? []].flat();
    const named = aws.filter((a) => /:(role|user)\//.test(a));
    const broad = aws.some((a) => !/:(role|user)\//.test(a));
    if (broad) {
      // An account principal narrowed by an exact aws:PrincipalArn list names its candidates.
      const cond = s.Condition ?? {};
      const arnEq = Object.entries(cond).find(([op]) => /^(ArnEquals|StringEquals)$/i.test(op))?.[1];
      const listed =
        arnEq && Object.entries(arnEq).find(([k]) => k.toLowerCase() === "aws:principalarn")?.[1];
      const values = listed === undefined ? undefined : [listed].flat().map(String);
      if (!values || values.some((v) => /[*?$]/.test(v))) return undefined;
      for (const v of values) out.add(v);
    }
    for (const n of named) out.add(n);
  }
  return out;
}

function allowed(d: Decision): boolean {
  return d.verdict === "Allow" && d.uncertain.length === 0;
}

export function escalationGraph(
  model: AccessModel,
  index: StateIndex,
  cache: ScanCache,
  clock: Clock,
): { edges: Edge[]; undecided: Finding[] } {
  const edges: Edge[] = [];
  const undecided: Finding[] = [];
  const principals = index.principals;

  // Assume edges, through the trust of every role.
  for (const to of principals) {
    if (to.kind !== "role") continue;
    const candidates = trustCandidates(to);
    const sources =
      candidates === undefined
        ? principals
        : [...candidates].map((a) => index.byArn.get(a)).filter((p): p is PrincipalInfo => !!p);
    for (const from of sources) {
      if (from.arn === to.arn) continue;
      const r = assume(from, to, {
        sessionName: "prove@sekisho",
        ...(model.options.sourceIdentity && from.kind === "role" ? { sourceIdentity: "prove@sekisho" } : {}),
        userAuth: "mfa",
        clock,
      });
      if (r.allowed)
        edges.push({
          from: from.arn,
          to: to.arn,
          how: "sts:AssumeRole",
          evidence: r.steps.map((s) => decisionEvidence(s.action, s.decision)),
        });
      else if (r.uncertain)
        undecided.push({
          rule: "escalation/undecided",
          subject: to.arn,
          message: `cannot decide whether ${from.arn} can assume ${to.arn}`,
        });
    }
  }

  // Permission, credential and pass-role edges, only for principals whose catalog scan shows an escalation action.
  for (const from of principals) {
    const { principal, context } = request(from, model, clock);
    const scan = cache.scan(
      { identity: from.identity, ...(from.boundary ? { boundary: from.boundary } : {}) },
      principal,
      context,
    );
    const hits = scan.allowed.filter((h) => ESCALATION_ACTIONS.has(h.action.toLowerCase()));
    if (hits.length === 0) continue;
    const ask = (action: string, resource: string, extra: Record<string, string> = {}) =>
      evaluate(
        { principal, action, resource, context: { ...context, ...extra } },
        { identity: from.identity, ...(from.boundary ? { boundary: from.boundary } : {}) },
      );
    const edge = (to: string, how: string, d: Decision) => {
      if (allowed(d)) edges.push({ from: from.arn, to, how, evidence: [decisionEvidence(how, d)] });
      else if (d.verdict === "Allow" || d.uncertain.length)
        undecided.push({
          rule: "escalation/undecided",
          subject: from.arn,
          message: `cannot decide ${how} by ${from.arn} on ${to}: ${d.uncertain.map((u) => u.reason).join("; ")}`,
        });
    };
    // Changing one's own permissions makes a principal admin of its account.
    const self = from.kind === "role" ? ROLE_PERMISSION_ACTIONS : USER_PERMISSION_ACTIONS;
    for (const a of self) {
      const d = ask(a, from.arn);
      if (allowed(d)) {
        edges.push({
          from: from.arn,
          to: adminNode(from.account),
          how: `${a} on itself`,
          evidence: [decisionEvidence(a, d)],
        });
        break;
      }
    }
    for (const to of principals) {
      if (to.account !== from.account || to.arn === from.arn) continue;
      if (to.kind === "role") {
        edge(
          to.arn,
          "iam:UpdateAssumeRolePolicy (rewrite its trust)",
          ask("iam:UpdateAssumeRolePolicy", to.arn),
        );
        for (const a of ROLE_PERMISSION_ACTIONS) edge(to.arn, `${a} (then use it)`, ask(a, to.arn));
        const trusts = JSON.stringify(to.trust?.document ?? {});
        for (const svc of PASS_ROLE_SERVICES) {
          if (!trusts.includes(svc.service)) continue;
          const pass = ask("iam:PassRole", to.arn, { "iam:PassedToService": svc.service });
          if (!allowed(pass)) continue;
          for (const a of svc.actions) {
            const run = ask(a, "*");
            if (allowed(run)) {
              edges.push({
                from: from.arn,
                to: to.arn,
                how: `iam:PassRole to ${svc.service} + ${a}`,
                evidence: [decisionEvidence("iam:PassRole", pass), decisionEvidence(a, run)],
              });
              break;
            }
          }
        }
      } else {
        for (const a of USER_CREDENTIAL_ACTIONS) edge(to.arn, `${a} (authenticate as it)`, ask(a, to.arn));
        for (const a of USER_PERMISSION_ACTIONS) edge(to.arn, `${a} (then use it)`, ask(a, to.arn));
      }
    }
    // Customer managed policies: a new default version changes every principal it is attached to.
    for (const [arn, pol] of index.policies) {
      if (arn.startsWith("arn:aws:iam::aws:")) continue;
      if (!arn.includes(`::${from.account}:`)) continue;
      const d = ask("iam:CreatePolicyVersion", arn);
      if (!allowed(d)) continue;
      for (const p of principals) {
        const attached = [
          ...(p.role?.AttachedManagedPolicies ?? []),
          ...(p.user?.AttachedManagedPolicies ?? []),
        ].some((x) => x.PolicyArn === arn);
        const viaGroup = p.identity.some((ref) => ref.id.startsWith(`${arn}@`));
        if (attached || viaGroup)
          edges.push({
            from: from.arn,
            to: p.arn,
            how: `iam:CreatePolicyVersion on ${pol.PolicyName} (attached to it)`,
            evidence: [decisionEvidence("iam:CreatePolicyVersion", d)],
          });
      }
    }
    // Joining or rewriting a group gives its policies.
    for (const a of ["iam:AddUserToGroup", "iam:PutGroupPolicy", "iam:AttachGroupPolicy"]) {
      const d = ask(a, `arn:aws:iam::${from.account}:group/*`);
      if (allowed(d) && from.kind === "user") {
        edges.push({
          from: from.arn,
          to: adminNode(from.account),
          how: `${a} (give itself any group's rights)`,
          evidence: [decisionEvidence(a, d)],
        });
        break;
      }
    }
  }
  // Admin of an account can become anything in it.
  const accounts = new Set(
    edges.filter((e) => e.to.startsWith("admin-of:")).map((e) => e.to.slice("admin-of:".length)),
  );
  for (const account of accounts) {
    for (const p of principals)
      if (p.account === account)
        edges.push({ from: adminNode(account), to: p.arn, how: "account admin", evidence: [] });
  }
  return { edges, undecided };
}

/** Roles that are admin-equivalent: they can rewrite their own permissions. */
function adminAccounts(model: AccessModel, teams: string[]): Set<string> {
  const out = new Set<string>();
  for (const team of model.teams) {
    if (!teams.includes(team.name)) continue;
    for (const g of team.grants) {
      const level = model.levels.find((l) => l.name === g.level);
      const env = model.environments.find((e) => e.name === g.env);
      if (level?.access === "admin" && env) out.add(env.accountId);
    }
  }
  return out;
}

export function checkEscalation(
  model: AccessModel,
  index: StateIndex,
  cache: ScanCache,
  clock: Clock,
): CheckResult & { edges: Edge[] } {
  const { edges, undecided } = escalationGraph(model, index, cache, clock);
  const out = new Map<string, Edge[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  const failures: Finding[] = [...undecided];
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
  for (const entry of entries) {
    const granted = new Set<string>([entry.start]);
    for (const team of model.teams.filter((t) => entry.teams.includes(t.name))) {
      for (const g of team.grants) {
        const env = model.environments.find((e) => e.name === g.env)!;
        granted.add(roleArn(env.accountId, model.options.path, envRoleName(g.level)));
      }
    }
    const admin = adminAccounts(model, entry.teams);
    // Breadth-first, remembering the path to each node for the evidence.
    const prev = new Map<string, Edge | undefined>([[entry.start, undefined]]);
    const queue = [entry.start];
    while (queue.length) {
      const node = queue.shift()!;
      for (const e of out.get(node) ?? []) {
        if (prev.has(e.to)) continue;
        prev.set(e.to, e);
        queue.push(e.to);
      }
    }
    for (const node of prev.keys()) {
      const account = node.startsWith("admin-of:") ? node.slice("admin-of:".length) : node.split(":")[4]!;
      if (granted.has(node) || admin.has(account)) continue;
      const chain: Edge[] = [];
      for (let e = prev.get(node); e; e = prev.get(e.from)) chain.unshift(e);
      failures.push({
        rule: "escalation/path",
        subject: node,
        message: `${entry.label} can reach ${node.startsWith("admin-of:") ? `admin of account ${account}` : node}, which the model does not grant: ${chain.map((e) => `${e.from} —[${e.how}]→ ${e.to}`).join(" ; ")}`,
        evidence: chain.map((e) => ({
          what: `${e.from} → ${e.to} by ${e.how}`,
          chain: [e.from, e.to],
          statements: e.evidence.flatMap((x) => x.statements ?? []),
        })),
      });
    }
  }
  return {
    id: "no-escalation",
    title: "No escalation",
    passed: failures.length === 0,
    summary: `${index.principals.length} principals, ${edges.length} edges (assume, policy and trust changes, credentials, pass-role); ${entries.length} entry points checked`,
    failures,
    notes: [],
    edges,
  };
}
