// Models for the portal and report tests: the example, a hostile variant whose names, emails,
// descriptions and reasons are HTML and attribute injections, and a large synthetic one built
// directly as an AccessModel (no YAML) for the speed checks.
import type { AccessModel, Grant, Level } from "../../src/model/types.js";
import { exampleModel, TODAY } from "../helpers.js";

export { TODAY };

export const HOSTILE_EMAIL = `<script>alert(1)</script>"'&x@example.com`;
export const HOSTILE_TEAM = `ops"><script>alert(2)</script>&`;
export const HOSTILE_DESCRIPTION = `<script>alert(3)</script> "double" 'single' & <img src=x onerror=alert(4)>`;
export const HOSTILE_REASON = `<script>alert(5)</script> "because" & 'so'`;
export const HOSTILE_ENV_DESCRIPTION = `</h3><script>alert(6)</script>`;
/** 10 days after TODAY: inside the 30-day warning window. */
export const SOON = "2026-12-08";

/**
 * The example plus: a hostile person in a hostile team (also in dev-member), the hostile
 * description on sre, a hostile kept-user reason, a grant of dev-member ending SOON, a grant
 * that ended before TODAY, and an environment without a colour.
 */
export function hostileModel(): AccessModel {
  const m = structuredClone(exampleModel());
  m.teams.find((t) => t.name === "sre")!.description = HOSTILE_DESCRIPTION;
  const member = m.teams.find((t) => t.name === "dev-member")!;
  member.grants.push({ env: "prod", level: "developer", until: SOON });
  member.grants.push({ env: "stg", level: "admin", until: "2026-11-01" });
  m.environments.push({ name: "sandbox", accountId: "444444444444", description: HOSTILE_ENV_DESCRIPTION });
  m.teams.push({
    name: HOSTILE_TEAM,
    description: HOSTILE_DESCRIPTION,
    grants: [
      { env: "dev", level: "readonly" },
      { env: "sandbox", level: "admin" },
    ],
  });
  m.people.push({ email: HOSTILE_EMAIL, teams: [HOSTILE_TEAM, "dev-member"] });
  m.users[0]!.reason = HOSTILE_REASON;
  return m;
}

/** A deterministic large organisation: environments × 12 levels, teams, people (80% in one team, 20% in two). */
export function bigModel(people: number, environments = 300, teams = 60): AccessModel {
  let seed = 1;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const base = exampleModel();
  const levelNames = [
    "readonly",
    "viewer",
    "auditor",
    "billing-read",
    "data-read",
    "support-read",
    "developer",
    "deployer",
    "operator",
    "data-engineer",
    "platform-admin",
    "admin",
  ];
  const levels: Level[] = levelNames.map((name) => ({
    ...structuredClone(base.levels.find((l) => l.name === "readonly")!),
    name,
    access: /admin/.test(name) ? "admin" : /read|viewer|auditor/.test(name) ? "read" : "write",
  }));
  const colors = ["b7ca9d", "efda95", "fbc8aa", "f2b0a9", "83d4e8"];
  const envs = Array.from({ length: environments }, (_, i) => ({
    name: `env-${String(i).padStart(3, "0")}`,
    accountId: String(100_000_000_000 + i * 7919),
    color: colors[i % colors.length]!,
    region: "eu-west-1",
  }));
  const teamList = Array.from({ length: teams }, (_, t) => {
    const grants: Grant[] = [];
    for (let k = 0; k < 10; k++) {
      const env = envs[Math.floor(random() * envs.length)]!.name;
      for (const l of [levelNames[t % 12]!, levelNames[Math.floor(random() * 12)]!])
        if (!grants.some((g) => g.env === env && g.level === l)) grants.push({ env, level: l });
    }
    return { name: `team-${String(t).padStart(2, "0")}`, description: `Synthetic team ${t}`, grants };
  });
  const persons = Array.from({ length: people }, (_, p) => {
    const a = teamList[Math.floor(random() * teams)]!.name;
    const b = teamList[Math.floor(random() * teams)]!.name;
    return {
      email: `person-${String(p).padStart(5, "0")}@example.com`,
      teams: random() < 0.8 || a === b ? [a] : [a, b],
    };
  });
  return {
    ...base,
    identity: { ...base.identity, accountId: envs[0]!.accountId, envName: envs[0]!.name },
    environments: envs,
    levels,
    teams: teamList,
    people: persons,
    users: [{ name: "break-glass", teams: ["team-00"], reason: "when Google is down", breakGlass: true }],
  };
}
