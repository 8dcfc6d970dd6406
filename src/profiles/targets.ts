// What a person (or kept IAM user) may switch into, one entry per environment × level, in
// environment then level declaration order. Read off the model's team grants: the compiled
// policies grant exactly these (prove checks that), so every tool here agrees with the plan.
import { envRoleName, landingRoleName, roleArn, switchRoleName } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";

export interface SwitchTarget {
  env: string;
  level: string;
  /** The team whose landing role (or group) reaches the role: the longest-lasting grant, then the first team. */
  team: string;
  /** Last day of access (UTC, inclusive), when every grant of it expires. */
  until?: string;
  accountId: string;
  roleArn: string;
  /** What the console's switch-role form takes: the path without its leading slash, plus the name. */
  switchRoleName: string;
  region: string;
  /** 6 lower-case hex digits, no #. */
  color?: string;
}

/** The teams of `teams` in model declaration order (unknown names dropped). */
export function teamsInOrder(model: AccessModel, teams: readonly string[]): string[] {
  return model.teams.filter((t) => teams.includes(t.name)).map((t) => t.name);
}

export function regionOf(model: AccessModel, env: string | undefined): string {
  return model.environments.find((e) => e.name === env)?.region ?? model.options.region;
}

export function landingRegion(model: AccessModel): string {
  return regionOf(model, model.identity.envName);
}

export function landingArn(model: AccessModel, team: string): string {
  return roleArn(model.identity.accountId, model.options.path, landingRoleName(team));
}

/** Declaration positions of environments and levels, per model (switchTargets runs per class). */
const positions = new WeakMap<AccessModel, { env: Map<string, number>; level: Map<string, number> }>();

function positionsOf(model: AccessModel): { env: Map<string, number>; level: Map<string, number> } {
  let p = positions.get(model);
  if (!p) {
    p = {
      env: new Map(model.environments.map((e, i) => [e.name, i])),
      level: new Map(model.levels.map((l, i) => [l.name, i])),
    };
    positions.set(model, p);
  }
  return p;
}

export function switchTargets(model: AccessModel, teams: readonly string[]): SwitchTarget[] {
  const mine = model.teams.filter((t) => teams.includes(t.name));
  const { env: envAt, level: levelAt } = positionsOf(model);
  // Only the cells some grant names, keyed by position: env × levels + level.
  const best = new Map<number, { team: string; until?: string }>();
  for (const team of mine) {
    for (const g of team.grants) {
      const e = envAt.get(g.env);
      const l = levelAt.get(g.level);
      if (e === undefined || l === undefined) continue;
      const cell = e * model.levels.length + l;
      const had = best.get(cell);
      // No expiry beats any expiry; a later expiry beats an earlier one; else the first team.
      const better = !had || (had.until !== undefined && (g.until === undefined || g.until > had.until));
      if (better) best.set(cell, { team: team.name, ...(g.until !== undefined ? { until: g.until } : {}) });
    }
  }
  const out: SwitchTarget[] = [];
  for (const cell of [...best.keys()].sort((a, b) => a - b)) {
    const b = best.get(cell)!;
    const env = model.environments[Math.floor(cell / model.levels.length)]!;
    const level = model.levels[cell % model.levels.length]!;
    const name = envRoleName(level.name);
    out.push({
      env: env.name,
      level: level.name,
      team: b.team,
      ...(b.until !== undefined ? { until: b.until } : {}),
      accountId: env.accountId,
      roleArn: roleArn(env.accountId, model.options.path, name),
      switchRoleName: switchRoleName(model.options.path, name),
      region: env.region ?? model.options.region,
      ...(env.color !== undefined ? { color: env.color } : {}),
    });
  }
  return out;
}
