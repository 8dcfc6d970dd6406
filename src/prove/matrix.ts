// Check 1, the matrix: every person and kept IAM user reaches an environment role if and
// only if the model grants it — evaluated on the compiled policies along the real path
// (SAML sign-in, then the switch), at now and at the moment each expiring grant ends.
import { expiryInstant } from "../compile/time.js";
import { mayCall, trustCallers } from "../engine/trust-callers.js";
import { envRoleName, landingRoleArn, roleArn, samlProviderArn, userArn } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import type { PrincipalInfo, StateIndex } from "../sessions/principals.js";
import { assume, type SwitchResult, signIn } from "./switch.js";
import {
  type CheckResult,
  type ClassCell,
  decisionEvidence,
  type Evidence,
  type Finding,
  type MatrixCell,
  type MatrixClass,
} from "./types.js";
import { checkWorkloadMatrix } from "./workload-matrix.js";

interface Who {
  /** The member evaluated (its email is the session name). */
  id: string;
  kind: "person" | "user";
  teams: string[];
  /** Everyone this evaluation stands for: the access class (people of the same teams), when no policy tells them apart. */
  members: string[];
}

/** Is a grant in force at instant t? `until` is inclusive of its day. */
function active(until: string | undefined, t: string): boolean {
  return until === undefined || t < expiryInstant(until);
}

export function expected(
  model: AccessModel,
  teams: string[],
  env: string,
  level: string,
  t: string,
): boolean {
  return model.teams.some(
    (team) =>
      teams.includes(team.name) &&
      team.grants.some((g) => g.env === env && g.level === level && active(g.until, t)),
  );
}

/**
 * What a policy could tell two people of the same teams apart by: their session name, source
 * identity or SAML subject (and other SAML attributes but the audience), their user id, session
 * tags, a policy variable, or a principal naming one session. Action names like
 * sts:SetSourceIdentity cannot, so only conditions, resources and principals are read.
 */
const PERSONAL =
  /sourceidentity|saml:(?!aud")|aws:userid|aws:username|principaltag|rolesessionname|assumed-role\/|federated-user\/|\$\{/i;

/**
 * The roles whose trust, identity policies or boundary could tell people apart: a person whose
 * path touches one is evaluated alone; everyone else once per access class.
 */
export function personalRoles(index: StateIndex): Set<string> {
  const out = new Set<string>();
  for (const p of index.principals) {
    if (p.kind !== "role") continue;
    const personal = [p.trust, ...p.identity, p.boundary].some((r) =>
      r?.document.Statement.some((st) =>
        PERSONAL.test(
          JSON.stringify([
            st.Condition ?? null,
            st.Resource ?? null,
            st.NotResource ?? null,
            st.Principal ?? null,
            st.NotPrincipal ?? null,
          ]),
        ),
      ),
    );
    if (personal) out.add(p.arn);
  }
  return out;
}

/** AWS's RoleSessionName and SourceIdentity: 2 to 64 of letters, digits and + = , . @ _ - (reference §4). */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** Per-person cells from the classes, for comparisons cell by cell (diff). */
export function memberCells(classes: readonly MatrixClass[]): MatrixCell[] {
  return classes.flatMap((c) =>
    c.members.flatMap((who) => c.cells.map((cell) => ({ who, kind: c.kind, ...cell }))),
  );
}

export function switchEvidence(r: SwitchResult, label: string): Evidence[] {
  return r.steps.map((s) =>
    decisionEvidence(`${label} ${s.action}`, s.decision, Object.fromEntries(Object.entries(s.context))),
  );
}

export interface MatrixOutput {
  check: CheckResult;
  classes: MatrixClass[];
}

export function checkMatrix(model: AccessModel, index: StateIndex, now: string): MatrixOutput {
  const failures: Finding[] = [];
  const providerArn = samlProviderArn(model.identity.accountId, model.identity.provider.name);
  const personal = personalRoles(index);
  // A personal environment role could tell anyone apart: then nobody shares an evaluation.
  const targetsPersonal = model.environments.some((env) =>
    model.levels.some((level) =>
      personal.has(roleArn(env.accountId, model.options.path, envRoleName(level.name))),
    ),
  );
  const signIns = new Map<string, SwitchResult>();
  const instants = [
    now,
    ...new Set(
      model.teams.flatMap((t) => t.grants.flatMap((g) => (g.until ? [expiryInstant(g.until)] : []))),
    ),
  ]
    .filter((t) => t >= now)
    .sort();
  // Access classes: people of the same teams, unless a policy on their path can tell them apart.
  const classes = new Map<string, Who>();
  for (const p of model.people) {
    const alone = targetsPersonal || p.teams.some((team) => personal.has(landingRoleArn(model, team)));
    const key = alone ? `person\u0000${p.email}` : [...p.teams].sort().join("\u0000");
    const g = classes.get(key);
    if (g) g.members.push(p.email);
    else classes.set(key, { id: p.email, kind: "person", teams: p.teams, members: [p.email] });
    // What is personal even in a class: AWS rejects a session name or source identity outside this.
    if (!SESSION_NAME.test(p.email))
      failures.push({
        rule: "matrix/session-name",
        subject: landingRoleArn(model, p.teams[0] ?? ""),
        message: `${p.email} is not a valid role session name or source identity (2 to 64 of letters, digits and + = , . @ _ -): AWS refuses their sign-in`,
      });
  }
  const whos: Who[] = [
    ...classes.values(),
    ...model.users.map((u) => ({ id: u.name, kind: "user" as const, teams: u.teams, members: [u.name] })),
  ];
  let evaluated = 0;
  let granted = 0;
  const cellsOf = new Map<Who, ClassCell[]>(whos.map((w) => [w, []]));
  // Every environment × level once, in model order: the cells of the matrix.
  const cells = model.environments.flatMap((env) =>
    model.levels.map((level) => {
      const arn = roleArn(env.accountId, model.options.path, envRoleName(level.name));
      return { env, level, arn, to: index.byArn.get(arn) };
    }),
  );
  const cellIndex = new Map(cells.map((c, i) => [`${c.env.name}\u0000${c.level.name}`, i]));
  // Each team's grants as cells, so a class's wanted cells are numbers, not keys.
  const grantCells = new Map(
    model.teams.map((team) => [
      team.name,
      team.grants.flatMap((g) => {
        const i = cellIndex.get(`${g.env}\u0000${g.level}`);
        return i === undefined ? [] : [{ i, until: g.until }];
      }),
    ]),
  );
  // Switch results per source, session (a member's id, or "" for a shared one) and instant,
  // by cell: looked up for every cell of every class.
  const results = new Map<string, (SwitchResult | undefined)[]>();
  const resultsOf = (src: string, whoKey: string, t: string) => {
    const key = `${src}|${whoKey}|${t}`;
    let byCell = results.get(key);
    if (!byCell) {
      byCell = new Array<SwitchResult | undefined>(cells.length);
      results.set(key, byCell);
    }
    return byCell;
  };
  // Per source and instant, evaluated for the first class that needs it: the cells where a
  // shared (not personal) session from that source is allowed or undecided.
  const reachedBy = new Map<string, number[]>();
  // trustCallers reads each trust document once.
  const callersOf = (role: PrincipalInfo) => trustCallers(role.trust?.document);
  const reached = (src: string, first: Who, clock: { now: string }): number[] => {
    const key = `${src}|${clock.now}`;
    let hits = reachedBy.get(key);
    if (hits) return hits;
    hits = [];
    const from = index.byArn.get(src)!;
    const byCell = resultsOf(src, "", clock.now);
    for (const [i, c] of cells.entries()) {
      if (!c.to) continue;
      // A role whose trust surely refuses this source is not evaluated: not reached.
      if (!mayCall(callersOf(c.to), from.arn, from.account)) continue;
      let r = byCell[i];
      if (!r) {
        r = assume(from, c.to, {
          sessionName: first.id,
          ...(first.kind === "person" && model.options.sourceIdentity ? { sourceIdentity: first.id } : {}),
          userAuth: "mfa",
          clock,
        });
        byCell[i] = r;
        evaluated++;
      }
      if (r.allowed || r.uncertain) hits.push(i);
    }
    reachedBy.set(key, hits);
    return hits;
  };
  const sharedCells = (
    wanted: Set<number>,
    sources: { arn: string }[],
    who: Who,
    clock: { now: string },
  ): number[] => {
    const visit = new Set<number>(wanted);
    for (const src of sources) for (const i of reached(src.arn, who, clock)) visit.add(i);
    return [...visit].sort((a, b) => a - b);
  };

  for (const t of [...new Set(instants)]) {
    const clock = { now: t };
    for (const who of whos) {
      const alone =
        who.members.length === 1 &&
        (targetsPersonal ||
          who.kind === "user" ||
          who.teams.some((team) => personal.has(landingRoleArn(model, team))));
      const whoKey = alone ? who.id : "";
      // What the model grants this class at t, looked up per cell instead of rescanning every grant.
      const wanted = new Set<number>();
      for (const team of who.teams)
        for (const g of grantCells.get(team) ?? []) if (active(g.until, t)) wanted.add(g.i);
      // The entry points: landing roles the class can sign in to, or the IAM user.
      const sources: { arn: string; label: string }[] = [];
      if (who.kind === "person") {
        for (const team of who.teams) {
          const arn = landingRoleArn(model, team);
          const landing = index.byArn.get(arn);
          if (!landing) {
            failures.push({
              rule: "matrix/missing-landing",
              subject: arn,
              message: `${who.id}: landing role ${arn} of team ${team} is not in the compiled state`,
            });
            continue;
          }
          const key = `signin|${arn}|${whoKey}|${t}`;
          let s = signIns.get(key);
          if (!s) {
            s = signIn(landing, {
              providerArn,
              account: model.identity.accountId,
              audience: model.identity.audiences[0]!,
              email: who.id,
              sourceIdentity: model.options.sourceIdentity,
              clock,
            });
            signIns.set(key, s);
            evaluated++;
          }
          if (s.allowed) sources.push({ arn, label: `SAML sign-in to ${arn}` });
          else if (s.uncertain && t === now) {
            failures.push({
              rule: "matrix/undecided",
              subject: arn,
              message: `cannot decide whether ${who.id} can sign in to landing role ${arn}: ${s.steps.flatMap((st) => st.decision.uncertain.map((u) => `${u.policyId}[${u.index}]: ${u.reason}`)).join("; ")}`,
              evidence: switchEvidence(s, "sign-in"),
            });
          } else if (t === now) {
            failures.push({
              rule: "matrix/sign-in",
              subject: arn,
              message: `${who.id} cannot sign in to landing role ${arn}`,
              evidence: switchEvidence(s, "sign-in"),
            });
          }
        }
      } else {
        const arn = userArn(model.identity.accountId, who.id);
        if (index.byArn.has(arn)) sources.push({ arn, label: `IAM user ${arn}` });
      }
      // A class that shares its evaluations can only reach what one of its sources reaches:
      // visit the cells it is granted plus those its sources reach (or leave undecided), not
      // every environment × level. Alone (users, personal paths) every cell is evaluated.
      const visit = alone ? cells.map((_, i) => i) : sharedCells(wanted, sources, who, clock);
      const session = {
        sessionName: who.id,
        ...(who.kind === "person" && model.options.sourceIdentity ? { sourceIdentity: who.id } : {}),
        userAuth: "mfa" as const,
        clock,
      };
      const entries = sources.map((src) => ({
        ...src,
        info: index.byArn.get(src.arn)!,
        byCell: resultsOf(src.arn, whoKey, t),
      }));
      for (const i of visit) {
        const { env, level, arn: target, to } = cells[i]!;
        const want = wanted.has(i);
        let got = false;
        let allowedBy: { r: SwitchResult; label: string } | undefined;
        // Evidence is built only for a cell that fails: most cells of most classes pass.
        // A source the target's trust surely refuses is evaluated only when the cell fails and
        // its evidence needs it (a class of two teams visits the other team's cells too).
        const refused: { result: () => SwitchResult; label: string }[] = [];
        for (const src of entries) {
          let r = src.byCell[i];
          if (!r && to && !mayCall(callersOf(to), src.info.arn, src.info.account)) {
            refused.push({ result: () => assume(src.info, to, session), label: src.label });
            continue;
          }
          if (!r && to) {
            r = assume(src.info, to, session);
            src.byCell[i] = r;
            evaluated++;
          }
          if (r?.uncertain) {
            failures.push({
              rule: "matrix/undecided",
              subject: target,
              message: `cannot decide whether ${who.id} reaches ${env.name} ${level.name} through ${src.arn}: ${r.steps.flatMap((s) => s.decision.uncertain.map((u) => `${u.policyId}[${u.index}]: ${u.reason}`)).join("; ")}`,
              evidence: switchEvidence(r, `${src.label} →`),
            });
          }
          if (r?.allowed) {
            got = true;
            allowedBy = { r, label: src.label };
            break;
          }
          const known = r;
          if (known) refused.push({ result: () => known, label: src.label });
        }
        let withoutMfa: boolean | undefined;
        const user = who.kind === "user" ? entries[0]?.info : undefined;
        // A trust that surely refuses the user refuses it with or without MFA: nothing to ask.
        if (to && user && !mayCall(callersOf(to), user.arn, user.account)) withoutMfa = false;
        else if (to && user) {
          const noMfa = (["console", "keys"] as const).map((auth) =>
            assume(user, to, { sessionName: who.id, userAuth: auth, clock }),
          );
          evaluated += 2;
          withoutMfa = noMfa.some((r) => r.allowed);
          if (withoutMfa) {
            failures.push({
              rule: "matrix/user-without-mfa",
              subject: target,
              message: `IAM user ${who.id} can switch to ${env.name} ${level.name} without MFA${t === now ? "" : ` at ${t}`}`,
              evidence: noMfa.flatMap((r, i) =>
                switchEvidence(r, i === 0 ? "console without MFA →" : "access keys →"),
              ),
            });
          }
        }
        if (t === now && (want || got)) {
          cellsOf.get(who)!.push({
            env: env.name,
            level: level.name,
            expected: want,
            actual: got,
            ...(withoutMfa !== undefined ? { withoutMfa } : {}),
          });
          if (got) granted += who.members.length;
        }
        if (want !== got) {
          const tried = allowedBy
            ? switchEvidence(allowedBy.r, `${allowedBy.label} →`)
            : refused.flatMap((x) => switchEvidence(x.result(), `${x.label} →`));
          for (const member of who.members) {
            const when = t === now ? "" : ` at ${t} (when a grant has expired)`;
            failures.push({
              rule: want ? "matrix/missing-access" : "matrix/unexpected-access",
              subject: target,
              message: want
                ? `${member} should reach ${env.name} ${level.name}${when} but cannot`
                : `${member} reaches ${env.name} ${level.name}${when} but the model does not grant it`,
              evidence: tried.length
                ? tried
                : [
                    {
                      what: to
                        ? "no entry point could sign in"
                        : `role ${target} is not in the compiled state`,
                    },
                  ],
            });
          }
        }
      }
    }
  }
  const people = model.people.length;
  const users = model.users.length;
  const cellsCount = (people + users) * model.environments.length * model.levels.length;
  const workloads = checkWorkloadMatrix(model, index, now);
  failures.push(...workloads.failures);
  const workloadText = model.workloads.length
    ? `; ${model.workloads.length} workloads: ${workloads.granted} environment roles reached with their OIDC tokens, strangers' tokens refused, ${workloads.evaluated} evaluations`
    : "";
  return {
    classes: [
      ...whos.map((w) => ({ kind: w.kind, teams: w.teams, members: w.members, cells: cellsOf.get(w)! })),
      ...workloads.classes,
    ],
    check: {
      id: "matrix",
      title: "Matrix exact",
      passed: failures.length === 0,
      summary: `${people} people and ${users} kept users × ${model.environments.length} environments × ${model.levels.length} levels: ${granted} of ${cellsCount} reachable; ${classes.size} access classes of people (evaluated once each unless a policy can tell their members apart); ${instants.length} instant(s) checked, ${evaluated} evaluations${workloadText}`,
      failures,
      notes: [],
    },
  };
}
