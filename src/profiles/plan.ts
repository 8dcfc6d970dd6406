// The profiles of one person or kept IAM user: base profiles (where their session starts)
// and one target profile per environment × level they may switch into. Both the
// ~/.aws/config and the AESR config are rendered from this, so their names agree.
import { landingRoleName } from "../model/naming.js";
import type { AccessModel, KeptUser, Person } from "../model/types.js";
import { profileToken, uniqueNames } from "./names.js";
import { landingArn, type SwitchTarget, switchTargets, teamsInOrder } from "./targets.js";

export interface BaseProfile {
  name: string;
  /** People: the team whose landing role this session is in. */
  team?: string;
  /** People: the landing role's ARN and name (without path). */
  roleArn?: string;
  roleName?: string;
}

export interface TargetProfile {
  name: string;
  base: string;
  target: SwitchTarget;
}

export interface ProfilePlan {
  kind: "person" | "user";
  /** The email of a person, the IAM user name of a kept user. */
  id: string;
  /** role_session_name: the email, or the user name. */
  sessionName: string;
  bases: BaseProfile[];
  targets: TargetProfile[];
  /** Kept users: the MFA device every switch needs. */
  mfaSerial?: string;
  warnings: string[];
}

export function targetProfileName(target: Pick<SwitchTarget, "env" | "level">): string {
  return `${profileToken(target.env)}-${profileToken(target.level)}`;
}

export function landingProfileName(model: AccessModel, team: string): string {
  return `${model.organization}-landing-${profileToken(team)}`;
}

export function userProfileName(model: AccessModel, user: string): string {
  return `${model.organization}-${profileToken(user)}`;
}

function finish(
  kind: ProfilePlan["kind"],
  id: string,
  bases: BaseProfile[],
  targets: { base: string; target: SwitchTarget }[],
  extra: Pick<ProfilePlan, "mfaSerial">,
): ProfilePlan {
  const wanted = [...bases.map((b) => b.name), ...targets.map((t) => targetProfileName(t.target))];
  const { names, renamed } = uniqueNames(wanted);
  const baseNames = new Map(bases.map((b, i) => [b.name, names[i]!]));
  return {
    kind,
    id,
    sessionName: id,
    bases: bases.map((b) => ({ ...b, name: baseNames.get(b.name)! })),
    targets: targets.map((t, i) => ({
      name: names[bases.length + i]!,
      base: baseNames.get(t.base)!,
      target: t.target,
    })),
    ...extra,
    warnings: renamed.map((r) => `${kind === "person" ? id : `IAM user ${id}`}: ${r}`),
  };
}

export function personPlan(model: AccessModel, person: Person): ProfilePlan {
  const bases: BaseProfile[] = teamsInOrder(model, person.teams).map((team) => ({
    name: landingProfileName(model, team),
    team,
    roleArn: landingArn(model, team),
    roleName: landingRoleName(team),
  }));
  const byTeam = new Map(bases.map((b) => [b.team!, b.name]));
  const targets = switchTargets(model, person.teams).map((target) => ({
    base: byTeam.get(target.team)!,
    target,
  }));
  return finish("person", person.email, bases, targets, {});
}

export function userPlan(model: AccessModel, user: KeptUser): ProfilePlan {
  const base = userProfileName(model, user.name);
  const targets = switchTargets(model, user.teams).map((target) => ({ base, target }));
  return finish("user", user.name, [{ name: base }], targets, {
    mfaSerial: `arn:aws:iam::${model.identity.accountId}:mfa/${user.name}`,
  });
}

/** "prod · admin": how a switch target is named to people (console display name, comments). */
export function targetTitle(target: Pick<SwitchTarget, "env" | "level">): string {
  return `${target.env} · ${target.level}`;
}

/**
 * The same in ASCII, for comments in config files: botocore reads ~/.aws/config in the
 * locale's encoding, which is not UTF-8 everywhere.
 */
export function targetTitleAscii(target: Pick<SwitchTarget, "env" | "level">): string {
  return `${target.env} / ${target.level}`;
}

/** Text for a comment line: one line, no control characters. */
export function commentText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replaceAll(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ");
}
