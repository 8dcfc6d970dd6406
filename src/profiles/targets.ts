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

export function switchTargets(model: AccessModel, teams: readonly string[]): SwitchTarget[] {
  const mine = model.teams.filter((t) => teams.includes(t.name));
  const out: SwitchTarget[] = [];
  for (const env of model.environments) {
    for (const level of model.levels) {
      let best: { team: string; until?: string } | undefined;
      for (const team of mine) {
        for (const g of team.grants) {
          if (g.env !== env.name || g.level !== level.name) continue;
          // No expiry beats any expiry; a later expiry beats an earlier one; else the first team.
          const better =
            !best || (best.until !== undefined && (g.until === undefined || g.until > best.until));
          if (better) best = { team: team.name, ...(g.until !== undefined ? { until: g.until } : {}) };
        }
      }
      if (!best) continue;
      const name = envRoleName(level.name);
      out.push({
        env: env.name,
        level: level.name,
        team: best.team,
        ...(best.until !== undefined ? { until: best.until } : {}),
        accountId: env.accountId,
        roleArn: roleArn(env.accountId, model.options.path, name),
        switchRoleName: switchRoleName(model.options.path, name),
        region: env.region ?? model.options.region,
        ...(env.color !== undefined ? { color: env.color } : {}),
      });
    }
  }
  return out;
}
