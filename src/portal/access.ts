// What one person may use today, read off the model: the landing roles they can sign in to
// and the environment roles they can switch into, with the teams that grant each and the
// last day of access. Pure: `today` (YYYY-MM-DD, UTC) is passed in.
import { landingRoleArn, landingRoleName } from "../model/naming.js";
import type { AccessModel, Environment, Team } from "../model/types.js";

export const EXPIRY_WARNING_DAYS = 30;

export interface RoleAccess {
  env: Environment;
  /** Index of the environment in the model, for stable CSS classes. */
  envIndex: number;
  level: string;
  /** Last day of access (inclusive, UTC); absent when some grant has no end. */
  until?: string;
  /** The person's teams that grant it, in the person's team order. */
  teams: string[];
}

export interface Landing {
  team: string;
  roleName: string;
  arn: string;
}

/** YYYY-MM-DD plus n days, in UTC. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw new Error(`not a date: ${day}`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b (both YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * Access for a set of teams, memoised by team list: in a large organisation most people share
 * their team set with others, so each distinct set is worked out once.
 */
export class AccessIndex {
  private readonly teams: Map<string, Team>;
  private readonly envIndex: Map<string, number>;
  private readonly levelIndex: Map<string, number>;
  private readonly cache = new Map<string, RoleAccess[]>();

  constructor(
    private readonly model: AccessModel,
    private readonly today: string,
  ) {
    this.teams = new Map(model.teams.map((t) => [t.name, t]));
    this.envIndex = new Map(model.environments.map((e, i) => [e.name, i]));
    this.levelIndex = new Map(model.levels.map((l, i) => [l.name, i]));
  }

  /** Environment roles reachable today, in environment then level declaration order. */
  roles(teams: string[]): RoleAccess[] {
    const key = teams.join("\n");
    const hit = this.cache.get(key);
    if (hit) return hit;
    const byKey = new Map<string, RoleAccess & { forever: boolean }>();
    for (const name of teams) {
      const team = this.teams.get(name);
      if (!team) continue;
      for (const g of team.grants) {
        if (g.until !== undefined && g.until < this.today) continue;
        const envIndex = this.envIndex.get(g.env);
        if (envIndex === undefined) continue;
        const k = `${g.env}\n${g.level}`;
        let a = byKey.get(k);
        if (!a) {
          a = {
            env: this.model.environments[envIndex]!,
            envIndex,
            level: g.level,
            teams: [],
            forever: false,
          };
          byKey.set(k, a);
        }
        if (!a.teams.includes(name)) a.teams.push(name);
        if (g.until === undefined) a.forever = true;
        else if (a.until === undefined || g.until > a.until) a.until = g.until;
      }
    }
    const out: RoleAccess[] = [...byKey.values()]
      .map(({ forever, until, ...rest }) => (forever || until === undefined ? rest : { ...rest, until }))
      .sort(
        (a, b) =>
          a.envIndex - b.envIndex ||
          (this.levelIndex.get(a.level) ?? 0) - (this.levelIndex.get(b.level) ?? 0),
      );
    this.cache.set(key, out);
    return out;
  }

  landings(teams: string[]): Landing[] {
    return teams
      .filter((t) => this.teams.has(t))
      .map((team) => ({ team, roleName: landingRoleName(team), arn: landingRoleArn(this.model, team) }));
  }

  /** Roles whose access ends within EXPIRY_WARNING_DAYS of today (today included). */
  expiring(teams: string[]): RoleAccess[] {
    const limit = addDays(this.today, EXPIRY_WARNING_DAYS);
    return this.roles(teams).filter((r) => r.until !== undefined && r.until <= limit);
  }
}
