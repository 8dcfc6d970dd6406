// explain: the chain behind one person's access to one environment and level, step by step,
// with the statements that decided each step and the context values they were judged on.

import { derivedContext } from "../engine/context.js";
import { evaluate } from "../engine/evaluate.js";
import type { Context, Decision, PolicyRef, Principal } from "../engine/types.js";
import { envRoleName, landingRoleArn, roleArn, samlProviderArn, userArn } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { type Clock, roleSession } from "../sessions/contexts.js";
import { identityPolicies, indexState, type PrincipalInfo } from "../sessions/principals.js";
import type { OrgState } from "../state/org-state.js";
import { asList } from "../state/policy.js";
import { expected } from "./matrix.js";
import { ALWAYS_PRESENT, alwaysPresent, environmentRegion, unknownAlwaysKeys } from "./request-keys.js";
import { assume, type Step, signIn } from "./switch.js";

export interface ExplainQuery {
  who: string;
  env: string;
  level?: string;
  action?: string;
  resource?: string;
  /** aws:RequestedRegion of the action; default the environment's region (else options.region). */
  region?: string;
}

export interface Explanation {
  who: string;
  env: string;
  level: string;
  granted: boolean;
  /** The switch into the level is allowed. */
  allowed: boolean;
  /** With an action: it is allowed, certainly, in the level reached (false when the switch is refused). */
  actionAllowed?: boolean;
  lines: string[];
}

export class ExplainError extends Error {}

function keysOf(policies: (PolicyRef | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const p of policies)
    for (const s of p?.document.Statement ?? [])
      for (const block of Object.values(s.Condition ?? {})) for (const k of Object.keys(block)) keys.add(k);
  return [...keys].sort();
}

function contextLines(context: Context, principal: Principal, keys: string[], indent: string): string[] {
  // The engine derives principal keys (aws:PrincipalArn, ...) itself; show them as it sees them.
  const lower = new Map(
    Object.entries({ ...derivedContext(principal), ...context }).map(([k, v]) => [k.toLowerCase(), v]),
  );
  return keys.map(
    (k) =>
      `${indent}context ${k} = ${
        lower.has(k.toLowerCase())
          ? JSON.stringify(lower.get(k.toLowerCase()))
          : alwaysPresent(k.toLowerCase())
            ? "(in every real request; explain does not know its value)"
            : "(absent)"
      }`,
  );
}

const MAX_STATEMENT = 600;

function statementLine(policy: string, index: number, statement: unknown, indent: string): string {
  const text = JSON.stringify(statement);
  return `${indent}${policy} statement ${index}: ${text.length > MAX_STATEMENT ? `${text.slice(0, MAX_STATEMENT)}... (${text.length} characters)` : text}`;
}

function describe(
  step: Step,
  resource: PolicyRef | undefined,
  identity: PolicyRef[],
  indent: string,
): string[] {
  const d: Decision = step.decision;
  const out = [`${indent}${step.action}: ${d.verdict}${d.uncertain.length ? " (UNDECIDED)" : ""}`];
  for (const s of d.decisive)
    out.push(statementLine(s.policyId, s.index, s.statement, `${indent}  decided by `));
  if (d.verdict !== "Allow") {
    if (d.refusedBy) out.push(`${indent}  AWS refuses it whatever the policies say: ${d.refusedBy}`);
    if (d.missing.length) out.push(`${indent}  no statement allows it in: ${d.missing.join(", ")}`);
    if (resource && d.missing.includes("resource")) {
      resource.document.Statement.forEach((s, i) => {
        if (s.Effect === "Allow") out.push(statementLine(resource.id, i, s, `${indent}  does not match: `));
      });
    }
    if (d.missing.includes("identity")) {
      const switching = identity.flatMap((p) =>
        p.document.Statement.map((s, i) => ({ p, s, i })).filter(({ s }) =>
          asList(s.Action).some((a) => ["sts:assumerole", "sts:*", "*"].includes(a.toLowerCase())),
        ),
      );
      for (const { p, s, i } of switching)
        out.push(statementLine(p.id, i, s, `${indent}  identity allows only: `));
    }
  }
  for (const u of d.uncertain) out.push(`${indent}  undecided: ${u.policyId}[${u.index}]: ${u.reason}`);
  const decisive = d.decisive.map((r) => ({
    id: r.policyId,
    kind: r.kind,
    document: { Statement: [r.statement] },
  }));
  out.push(...contextLines(step.context, step.principal, keysOf([resource, ...decisive]), `${indent}  `));
  return out;
}

export function explain(model: AccessModel, state: OrgState, q: ExplainQuery, now: string): Explanation[] {
  const index = indexState(state);
  const clock: Clock = { now };
  const env = model.environments.find((e) => e.name === q.env);
  if (!env)
    throw new ExplainError(
      `unknown environment '${q.env}' (known: ${model.environments.map((e) => e.name).join(", ")})`,
    );
  const person = model.people.find((p) => p.email.toLowerCase() === q.who.toLowerCase());
  const user = model.users.find((u) => u.name === q.who);
  if (!person && !user)
    throw new ExplainError(`'${q.who}' is neither a person nor a kept IAM user of the model`);
  const levels = q.level ? model.levels.filter((l) => l.name === q.level) : model.levels;
  if (levels.length === 0)
    throw new ExplainError(
      `unknown level '${q.level}' (known: ${model.levels.map((l) => l.name).join(", ")})`,
    );
  const region = q.region ?? environmentRegion(env, model.options.region);
  const teams = person?.teams ?? user!.teams;
  const who = person?.email ?? user!.name;
  const providerArn = samlProviderArn(model.identity.accountId, model.identity.provider.name);

  return levels.map((level) => {
    const target = roleArn(env.accountId, model.options.path, envRoleName(level.name));
    const to = index.byArn.get(target);
    const granted = expected(model, teams, env.name, level.name, now);
    const lines: string[] = [];
    let reached: PrincipalInfo | undefined;
    let via = "";
    if (person) {
      const landings = teams.map((t) => landingRoleArn(model, t));
      lines.push(
        `1. Google Workspace sends the SAML attribute https://aws.amazon.com/SAML/Attributes/Role with:`,
      );
      for (const l of landings) lines.push(`     ${l},${providerArn}`);
      lines.push(
        `2. Sign-in (RoleSessionName ${who}${model.options.sourceIdentity ? `, SourceIdentity ${who}` : ""}):`,
      );
      for (const arn of landings) {
        const landing = index.byArn.get(arn);
        if (!landing) {
          lines.push(`   ${arn}: not in the compiled state`);
          continue;
        }
        const s = signIn(landing, {
          providerArn,
          account: model.identity.accountId,
          audience: model.identity.audiences[0]!,
          email: who,
          sourceIdentity: model.options.sourceIdentity,
          clock,
        });
        lines.push(`   landing role ${arn}:`);
        for (const step of s.steps) lines.push(...describe(step, landing.trust, [], "     "));
        if (!s.allowed || !to) continue;
        const r = assume(landing, to, {
          sessionName: who,
          ...(model.options.sourceIdentity ? { sourceIdentity: who } : {}),
          clock,
        });
        lines.push(`3. Switch from ${arn} to ${target}:`);
        for (const step of r.steps) lines.push(...describe(step, to.trust, landing.identity, "     "));
        if (r.allowed && !reached) {
          reached = to;
          via = arn;
        }
      }
    } else {
      const arn = userArn(model.identity.accountId, user!.name);
      const from = index.byArn.get(arn);
      lines.push(`1. IAM user ${arn} (${user!.reason}), signed in with MFA`);
      if (from && to) {
        const r = assume(from, to, { sessionName: who, userAuth: "mfa", clock });
        lines.push(`2. Switch to ${target}:`);
        for (const step of r.steps) lines.push(...describe(step, to.trust, from.identity, "     "));
        if (r.allowed) reached = to;
        const noMfa = assume(from, to, { sessionName: who, userAuth: "keys", clock });
        lines.push(
          `   without MFA (access keys): ${noMfa.allowed ? "ALLOWED (a defect)" : noMfa.steps[0]!.decision.verdict}`,
        );
        via = arn;
      }
    }
    if (!to) lines.push(`   ${target} does not exist: no team is granted ${level.name} in ${env.name}`);
    const allowedSwitch = reached !== undefined;
    let actionAllowed: boolean | undefined;
    if (q.action) actionAllowed = false;
    if (reached && q.action) {
      const resource = q.resource ?? "*";
      const { principal, context: session } = roleSession({
        roleArn: reached.arn,
        roleId: reached.role?.RoleId ?? "",
        account: reached.account,
        sessionName: who,
        ...(model.options.sourceIdentity ? { sourceIdentity: who } : {}),
        clock,
      });
      const context = { ...session, "aws:RequestedRegion": region };
      const d = evaluate(
        { principal, action: q.action, resource, context, unknownKeys: ALWAYS_PRESENT },
        identityPolicies(reached),
      );
      const policies = [...reached.identity, ...(reached.boundary ? [reached.boundary] : [])];
      const unknown = unknownAlwaysKeys(
        policies.flatMap((p) => p.document.Statement),
        context,
      );
      actionAllowed = d.verdict === "Allow" && d.uncertain.length === 0 && unknown.length === 0;
      lines.push(`4. ${q.action} on ${resource} in ${region} as ${reached.arn}:`);
      lines.push(
        ...describe(
          { action: q.action, decision: d, principal, context },
          undefined,
          reached.identity,
          "     ",
        ),
      );
      if (unknown.length)
        lines.push(
          `     UNDECIDED: the policies read ${unknown.join(", ")}, which every real request carries and explain does not know`,
        );
    }
    const verdict = allowedSwitch ? `ALLOWED (via ${via})` : "DENIED";
    lines.unshift(
      `${who} → ${env.name} ${level.name}: ${verdict}; the model ${granted ? "grants" : "does not grant"} it`,
    );
    if (q.action && reached === undefined) lines.push(`4. ${q.action}: not evaluated, the switch is refused`);
    if (q.action)
      lines.push(
        `${q.action} in ${env.name} ${level.name}: ${actionAllowed ? "ALLOWED" : "DENIED or undecided"}`,
      );
    return {
      who,
      env: env.name,
      level: level.name,
      granted,
      allowed: allowedSwitch,
      ...(actionAllowed !== undefined ? { actionAllowed } : {}),
      lines,
    };
  });
}
