// Console switch-role links (reference §3):
//   https://signin.aws.amazon.com/switchrole?account=ID&roleName=PATH+NAME&displayName=TEXT&color=HEX
// roleName is the role's path without its leading slash followed by its name; color is the
// environment's console colour, 6 hex digits without '#', left out when the environment has
// none. Every value is encoded with encodeURIComponent (a space is %20, '/' is %2F).
//
// Private to the portal until src/profiles/ exports switchLinks(model, person); then this
// module should delegate to it so that the portal and the profile files cannot disagree.
import { envRoleName, switchRoleName } from "../model/naming.js";
import type { AccessModel, Environment } from "../model/types.js";

export const SWITCH_ROLE_URL = "https://signin.aws.amazon.com/switchrole";

export interface SwitchLink {
  env: string;
  level: string;
  accountId: string;
  /** Path without the leading slash, then the name: "sekisho/admin". */
  roleName: string;
  /** "prod · admin". */
  displayName: string;
  /** 6 lower-case hex digits, no '#'; absent when the environment has no colour. */
  color?: string;
  url: string;
}

export function displayName(env: string, level: string): string {
  return `${env} · ${level}`;
}

export function switchLink(model: AccessModel, env: Environment, level: string): SwitchLink {
  const roleName = switchRoleName(model.options.path, envRoleName(level));
  const name = displayName(env.name, level);
  const params: [string, string][] = [
    ["account", env.accountId],
    ["roleName", roleName],
    ["displayName", name],
  ];
  if (env.color) params.push(["color", env.color]);
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
  return {
    env: env.name,
    level,
    accountId: env.accountId,
    roleName,
    displayName: name,
    ...(env.color ? { color: env.color } : {}),
    url: `${SWITCH_ROLE_URL}?${query}`,
  };
}
