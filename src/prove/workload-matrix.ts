// The matrix for workloads: each workload's tokens (one per subject the model gives it) are
// exchanged with AssumeRoleWithWebIdentity against every environment and workload role, on the
// compiled trusts. A workload must reach exactly its level in each environment it is granted,
// with every subject; and each of its roles must refuse a stranger's token: the right subject
// with another audience, a subject next to its own (another repository, branch, user; a longer
// or shorter name), or the right claims from another issuer.
import { oidcProviderArn, workloadRoleArn } from "../model/naming.js";
import type { AccessModel, Workload } from "../model/types.js";
import { issuerHost, isWildcard } from "../model/workload-issuers.js";
import type { Clock } from "../sessions/contexts.js";
import type { PrincipalInfo, StateIndex } from "../sessions/principals.js";
import { switchEvidence } from "./matrix.js";
import { type SwitchResult, tokenSignIn } from "./switch.js";
import type { ClassCell, Finding, MatrixClass } from "./types.js";

export const PROBE = "sekisho-probe";
export const PROBE_AUDIENCE = "sekisho-probe-audience";
export const PROBE_ISSUER = "https://sekisho-probe.invalid";

/** A token standing for every one an allowed wildcard subject matches. */
function concrete(subject: string): string {
  return subject.replace(/\*/g, "sekisho-any").replace(/\?/g, "x");
}

const globRe = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\/]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "s",
  );

/**
 * Subjects next to an exact one: with something added before or after it, and with each of its
 * `:` fields (and the last `/` part of a field) replaced — what a wildcard or a missing
 * condition would let in.
 */
export function strangerSubjects(subject: string): string[] {
  const out = new Set<string>([`${subject}-${PROBE}`, `${PROBE}-${subject}`]);
  const fields = subject.split(":");
  fields.forEach((f, i) => {
    const swap = (v: string) => fields.map((x, j) => (j === i ? v : x)).join(":");
    out.add(swap(PROBE));
    // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, a field without "/" gives the probe just added
    if (f.includes("/")) {
      out.add(swap(`${f.slice(0, f.lastIndexOf("/") + 1)}${PROBE}`));
    }
  });
  out.delete(subject);
  return [...out];
}

interface Role {
  info: PrincipalInfo;
  env: string;
  level: string;
}

function tagOf(p: PrincipalInfo, key: string): string | undefined {
  return p.role?.Tags?.find((t) => t.Key === key)?.Value;
}

export interface WorkloadMatrix {
  failures: Finding[];
  classes: MatrixClass[];
  evaluated: number;
  /** Cells (workload × environment) reachable. */
  granted: number;
}

/** AssumeRoleWithWebIdentity into `role` with a token of `w`'s issuer (or `claims.issuer`). */
export function workloadSignIn(
  role: PrincipalInfo,
  w: Workload,
  claims: { subject: string; audience?: string; issuer?: string },
  clock: Clock,
): SwitchResult {
  const url = claims.issuer ?? w.issuer.url;
  return tokenSignIn(role, {
    providerArn: oidcProviderArn(role.account, url),
    account: role.account,
    host: issuerHost(url),
    audience: claims.audience ?? w.issuer.audience,
    subject: claims.subject,
    clock,
  });
}

/** A token standing for what `subject` (a wildcard one too) matches. */
export const concreteSubject = (subject: string) => concrete(subject);

export function checkWorkloadMatrix(model: AccessModel, index: StateIndex, now: string): WorkloadMatrix {
  const clock: Clock = { now };
  const failures: Finding[] = [];
  const classes: MatrixClass[] = [];
  let evaluated = 0;
  let granted = 0;
  const envAccounts = new Map(model.environments.map((e) => [e.accountId, e.name]));
  // Every role a token could be exchanged for: the environment roles and the workload roles, a
  // cell each, and every other role of the state (a landing role): no workload may reach those.
  const roles: Role[] = [];
  const others: PrincipalInfo[] = [];
  for (const p of index.principals) {
    if (p.kind !== "role") continue;
    const env = envAccounts.get(p.account);
    const level = tagOf(p, "sekisho:level");
    if (env !== undefined && level !== undefined) roles.push({ info: p, env, level });
    else others.push(p);
  }
  const exchange = (
    role: PrincipalInfo,
    w: Workload,
    claims: { subject: string; audience?: string; issuer?: string },
  ): SwitchResult => {
    evaluated++;
    return workloadSignIn(role, w, claims, clock);
  };
  for (const w of model.workloads) {
    const wanted = new Set(w.grants.map((g) => `${g.env}\u0000${g.level}`));
    const reached = new Set<string>();
    // Stryker disable next-line MethodExpression: equivalent, an exact subject's pattern matches only itself, which own_ already holds
    const allowed = w.subjects.filter(isWildcard).map(globRe);
    for (const role of roles) {
      for (const subject of w.subjects) {
        const r = exchange(role.info, w, { subject: concrete(subject) });
        if (r.uncertain)
          failures.push({
            rule: "matrix/undecided",
            subject: role.info.arn,
            message: `cannot decide whether workload ${w.name} (sub ${subject}) reaches ${role.info.arn}: ${r.steps.flatMap((s) => s.decision.uncertain.map((u) => `${u.policyId}[${u.index}]: ${u.reason}`)).join("; ")}`,
            evidence: switchEvidence(r, "web identity →"),
          });
        if (!r.allowed) continue;
        const key = `${role.env}\u0000${role.level}`;
        reached.add(key);
        if (!wanted.has(key))
          failures.push({
            rule: "matrix/unexpected-access",
            subject: role.info.arn,
            message: `workload ${w.name} (sub ${subject}) reaches ${role.env} ${role.level} through ${role.info.arn} but the model does not grant it`,
            evidence: switchEvidence(r, "web identity →"),
          });
      }
    }
    for (const role of others) {
      for (const subject of w.subjects) {
        const r = exchange(role, w, { subject: concrete(subject) });
        if (!r.allowed && !r.uncertain) continue;
        failures.push({
          rule: "matrix/unexpected-access",
          subject: role.arn,
          message: `workload ${w.name} (sub ${subject}) ${r.uncertain ? "may reach" : "reaches"} ${role.arn}, which is neither an environment role nor a workload role: a workload is granted its own roles only`,
          evidence: switchEvidence(r, "web identity →"),
        });
      }
    }
    for (const g of w.grants) {
      const env = model.environments.find((e) => e.name === g.env)!;
      const arn = workloadRoleArn(model, w.name, env.accountId);
      const own = index.byArn.get(arn);
      if (!own) {
        failures.push({
          rule: "matrix/missing-access",
          subject: arn,
          message: `workload ${w.name} should reach ${g.env} ${g.level} but its role ${arn} is not in the compiled state`,
        });
        continue;
      }
      for (const subject of w.subjects) {
        const r = exchange(own, w, { subject: concrete(subject) });
        if (!r.allowed)
          failures.push({
            rule: "matrix/missing-access",
            subject: arn,
            message: `workload ${w.name} (sub ${subject}) should reach ${g.env} ${g.level} but cannot`,
            evidence: switchEvidence(r, "web identity →"),
          });
      }
      // Strangers: each must be refused by this role.
      const stranger = (what: string, claims: { subject: string; audience?: string; issuer?: string }) => {
        const r = exchange(own, w, claims);
        if (!r.allowed && !r.uncertain) return;
        failures.push({
          rule: "matrix/workload-stranger",
          subject: arn,
          message: `${arn} ${r.uncertain ? "may accept" : "accepts"} ${what}: the trust must pin the issuer, aud and sub to exactly the model's`,
          evidence: switchEvidence(r, "web identity →"),
        });
      };
      const first = w.subjects[0];
      // Stryker disable next-line ConditionalExpression: equivalent, the model refuses a workload without a subject
      if (first !== undefined) {
        stranger(`a token with aud '${PROBE_AUDIENCE}' (workload ${w.name}'s is '${w.issuer.audience}')`, {
          subject: concrete(first),
          audience: PROBE_AUDIENCE,
        });
        stranger(`a token of issuer ${PROBE_ISSUER} with workload ${w.name}'s aud and sub`, {
          subject: concrete(first),
          issuer: PROBE_ISSUER,
        });
      }
      const own_ = new Set(w.subjects);
      for (const subject of w.subjects.filter((s) => !isWildcard(s)))
        for (const probe of strangerSubjects(subject)) {
          if (own_.has(probe) || allowed.some((re) => re.test(probe))) continue;
          stranger(`a token with sub '${probe}', which the model does not give workload ${w.name}`, {
            subject: probe,
          });
        }
    }
    const cells: ClassCell[] = [];
    for (const env of model.environments)
      for (const level of model.levels) {
        const key = `${env.name}\u0000${level.name}`;
        const expected = wanted.has(key);
        const actual = reached.has(key);
        if (expected || actual) cells.push({ env: env.name, level: level.name, expected, actual });
        if (actual) granted++;
      }
    classes.push({ kind: "workload", teams: [], members: [w.name], cells });
  }
  return { failures, classes, evaluated, granted };
}
