// Console switch-role links (reference §3): one per environment × level a person (or kept
// IAM user) may switch into. The portal renders these; nothing here is HTML.
import { CONSOLE_COLORS } from "../model/colors.js";
import type { AccessModel, Person } from "../model/types.js";
import { targetTitle } from "./plan.js";
import { switchTargets } from "./targets.js";

export const SWITCH_ROLE_URL = "https://signin.aws.amazon.com/switchrole";
/** AESR truncates display names to 64 characters; the console's own limit is not documented. */
export const DISPLAY_NAME_MAX = 64;

export interface SwitchLink {
  env: string;
  level: string;
  url: string;
  displayName: string;
  /** 6 lower-case hex digits without #, when the environment has a colour. */
  color?: string;
  accountId: string;
  /** The roleName parameter: role path without its leading slash, plus the name. */
  roleName: string;
  roleArn: string;
  /** Last day of access (UTC, inclusive), when the grant expires. */
  until?: string;
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join("");
}

export function displayName(env: string, level: string): string {
  return truncate(targetTitle({ env, level }), DISPLAY_NAME_MAX);
}

export function switchUrl(p: {
  accountId: string;
  roleName: string;
  displayName: string;
  color?: string;
}): string {
  const q = [
    `account=${encodeURIComponent(p.accountId)}`,
    `roleName=${encodeURIComponent(p.roleName)}`,
    `displayName=${encodeURIComponent(p.displayName)}`,
    ...(p.color ? [`color=${encodeURIComponent(p.color)}`] : []),
  ];
  return `${SWITCH_ROLE_URL}?${q.join("&")}`;
}

/** The switch-role links of a person or kept user, in environment then level order. */
export function switchLinks(model: AccessModel, person: Pick<Person, "teams">): SwitchLink[] {
  return switchTargets(model, person.teams).map((t) => {
    const name = displayName(t.env, t.level);
    return {
      env: t.env,
      level: t.level,
      url: switchUrl({
        accountId: t.accountId,
        roleName: t.switchRoleName,
        displayName: name,
        ...(t.color ? { color: t.color } : {}),
      }),
      displayName: name,
      ...(t.color ? { color: t.color } : {}),
      accountId: t.accountId,
      roleName: t.switchRoleName,
      roleArn: t.roleArn,
      ...(t.until ? { until: t.until } : {}),
    };
  });
}

/** Environments whose colour the console may ignore, and display names cut to 64 characters. */
export function switchLinkWarnings(model: AccessModel): string[] {
  const accepted = Object.values(CONSOLE_COLORS);
  const warnings: string[] = [];
  for (const env of model.environments) {
    if (env.color !== undefined && !accepted.includes(env.color)) {
      warnings.push(
        `environment '${env.name}': colour ${env.color} is not one the console accepts (${accepted.join(", ")}); switch-role links may show no colour`,
      );
    }
  }
  const granted = new Set(model.teams.flatMap((t) => t.grants.map((g) => targetTitle(g))));
  for (const title of granted) {
    if (Array.from(title).length > DISPLAY_NAME_MAX) {
      warnings.push(`display name '${title}' is cut to ${DISPLAY_NAME_MAX} characters in switch-role links`);
    }
  }
  return warnings;
}
