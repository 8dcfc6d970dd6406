// Access in the accounts against access in the design, computed by the engine: prove's
// matrix (every person and kept user × environment × level, along the real path: SAML
// sign-in, then the switch) evaluated on the compiled state — the proven matrix — and on the
// imported state — the effective one — and compared cell by cell.
import { envRoleArn, landingRoleArn, samlProviderArn, userArn, workloadRoleArn } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { checkMatrix, memberCells, switchEvidence } from "../prove/matrix.js";
import { assume, signIn } from "../prove/switch.js";
import type { Evidence, MatrixCell } from "../prove/types.js";
import { concreteSubject, workloadSignIn } from "../prove/workload-matrix.js";
import type { StateIndex } from "../sessions/principals.js";
import { byText, type DriftItem, type DriftKind, type MatrixCellRef } from "./types.js";

/** Why a cell is what it is in the account: each entry point tried, step by step. */
function cellEvidence(
  model: AccessModel,
  index: StateIndex,
  cell: MatrixCellRef,
  auth: "mfa" | "console" | "keys",
  now: string,
): Evidence[] {
  const clock = { now };
  if (cell.kind === "workload") {
    const w = model.workloads.find((x) => x.name === cell.who);
    const arn = cellSubject(model, cell);
    const role = index.byArn.get(arn);
    if (!w) return [];
    if (!role) return [{ what: `workload role ${arn} is not deployed` }];
    return w.subjects.flatMap((sub) =>
      switchEvidence(
        workloadSignIn(role, w, { subject: concreteSubject(sub) }, clock),
        `web identity (sub ${sub}) →`,
      ),
    );
  }
  const targetArn = envRoleArn(model, cell.env, cell.level);
  const target = index.byArn.get(targetArn);
  if (!target) return [{ what: `role ${targetArn} is not deployed` }];
  const out: Evidence[] = [];
  if (cell.kind === "user") {
    const arn = userArn(model.identity.accountId, cell.who);
    const from = index.byArn.get(arn);
    if (!from) return [{ what: `IAM user ${arn} does not exist` }];
    const label = {
      mfa: `IAM user ${arn} with MFA →`,
      console: "console without MFA →",
      keys: "access keys →",
    };
    return switchEvidence(
      assume(from, target, { sessionName: cell.who, userAuth: auth, clock }),
      label[auth],
    );
  }
  const teams = model.people.find((p) => p.email === cell.who)?.teams ?? [];
  for (const team of teams) {
    const arn = landingRoleArn(model, team);
    const landing = index.byArn.get(arn);
    if (!landing) {
      out.push({ what: `landing role ${arn} of team ${team} is not deployed` });
      continue;
    }
    const s = signIn(landing, {
      providerArn: samlProviderArn(model.identity.accountId, model.identity.provider.name),
      account: model.identity.accountId,
      audience: model.identity.audiences[0]!,
      email: cell.who,
      sourceIdentity: model.options.sourceIdentity,
      clock,
    });
    if (!s.allowed) {
      out.push(...switchEvidence(s, `SAML sign-in to ${arn}`));
      continue;
    }
    const r = assume(landing, target, {
      sessionName: cell.who,
      ...(model.options.sourceIdentity ? { sourceIdentity: cell.who } : {}),
      userAuth: "mfa",
      clock,
    });
    const steps = switchEvidence(r, `SAML sign-in to ${arn} →`);
    // For access gained, the chain that allows it is the whole story.
    if (r.allowed) return steps;
    out.push(...steps);
  }
  return out;
}

/** The role a cell is about: a workload's own role in the environment, else the environment role. */
function cellSubject(model: AccessModel, cell: MatrixCellRef): string {
  if (cell.kind !== "workload") return envRoleArn(model, cell.env, cell.level);
  const env = model.environments.find((e) => e.name === cell.env)!;
  return workloadRoleArn(model, cell.who, env.accountId);
}

export interface MatrixDrift {
  items: DriftItem[];
  /** Cells compared: (people + kept users + workloads) × environments checked × levels. */
  compared: number;
  warnings: string[];
}

const cellKey = (c: { who: string; env: string; level: string }) => `${c.who}\u0000${c.env}\u0000${c.level}`;

/**
 * @param checked accounts exported: only environments there are compared, and nothing at all
 * without the identity account, where every path starts.
 */
export function matrixDrift(
  model: AccessModel,
  designed: StateIndex,
  real: StateIndex,
  checked: ReadonlySet<string>,
  now: string,
): MatrixDrift {
  if (!checked.has(model.identity.accountId))
    return {
      items: [],
      compared: 0,
      warnings: [
        `access matrix not compared: the identity account ${model.identity.accountId}, where every sign-in starts, was not exported`,
      ],
    };
  const envs = model.environments.filter((e) => checked.has(e.accountId));
  const envNames = new Set(envs.map((e) => e.name));
  const proven = new Map(memberCells(checkMatrix(model, designed, now).classes).map((c) => [cellKey(c), c]));
  const effective = checkMatrix(model, real, now);
  const actual = new Map(memberCells(effective.classes).map((c) => [cellKey(c), c]));
  const warnings = effective.check.failures
    .filter((f) => f.rule === "matrix/undecided")
    .map((f) => `undecided (${f.subject}): ${f.message}`)
    .sort(byText);
  const items: DriftItem[] = [];
  const keys = [...new Set([...proven.keys(), ...actual.keys()])].sort(byText);
  for (const key of keys) {
    const p: MatrixCell | undefined = proven.get(key);
    const a: MatrixCell | undefined = actual.get(key);
    const any = (p ?? a)!;
    if (!envNames.has(any.env)) continue;
    const cell: MatrixCellRef = { who: any.who, kind: any.kind, env: any.env, level: any.level };
    const account = envs.find((e) => e.name === cell.env)!.accountId;
    const subject = cellSubject(model, cell);
    const push = (kind: DriftKind, message: string, expected: boolean, got: boolean, evidence: Evidence[]) =>
      items.push({
        id: `${kind}/${cell.who}/${cell.env}/${cell.level}`,
        kind,
        account,
        subject,
        message,
        expected,
        actual: got,
        details: [],
        evidence,
        cell,
      });
    const who = cell.kind === "workload" ? `workload ${cell.who}` : cell.who;
    const want = p?.actual ?? false;
    const got = a?.actual ?? false;
    if (want && !got)
      push(
        "lost-access",
        `${who} cannot reach ${cell.env} ${cell.level}, which the design grants`,
        want,
        got,
        cellEvidence(model, real, cell, "mfa", now),
      );
    else if (!want && got)
      push(
        "gained-access",
        `${who} reaches ${cell.env} ${cell.level}, which the design does not grant`,
        want,
        got,
        cellEvidence(model, real, cell, "mfa", now),
      );
    if (a?.withoutMfa && !p?.withoutMfa)
      push(
        "access-without-mfa",
        `IAM user ${cell.who} can switch to ${cell.env} ${cell.level} without MFA`,
        false,
        true,
        [...cellEvidence(model, real, cell, "console", now), ...cellEvidence(model, real, cell, "keys", now)],
      );
  }
  const compared =
    (model.people.length + model.users.length + model.workloads.length) * envs.length * model.levels.length;
  return { items, compared, warnings };
}
