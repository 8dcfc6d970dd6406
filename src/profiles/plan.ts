// The profiles of one person or kept IAM user: base profiles (where their session starts)
// and one target profile per environment × level they may switch into. Both the
// ~/.aws/config and the AESR config are rendered from this, so their names agree.
import { landingRoleName } from "../model/naming.js";
import type { AccessModel, KeptUser, Person } from "../model/types.js";
import type { AccessClass } from "./classes.js";
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
  /** A class stands for everyone with its teams: its files say how each member makes them theirs. */
  kind: "person" | "user" | "class";
  /** The email of a person, the IAM user name of a kept user, the slug of a class. */
  id: string;
  /** role_session_name: the email, or the user name; for a class, CLASS_SESSION_NAME. */
  sessionName: string;
  /** A class: its teams and how many people it has. */
  teams?: string[];
  members?: number;
  bases: BaseProfile[];
  targets: TargetProfile[];
  /** Kept users: the MFA device every switch needs. */
  mfaSerial?: string;
  warnings: string[];
}

export interface ProfileOptions {
  /**
   * Target profiles named ENV-LEVEL, as before organisation prefixes: short, but they collide
   * with other profiles of the same name when appended to an existing ~/.aws/config.
   */
  shortNames?: boolean;
}

/**
 * What a class's config has as role_session_name until a member puts their email there. STS
 * refuses it (`<` and `>` are not allowed in a session name), so a config nobody made theirs
 * fails at the first switch instead of hiding who acted (fail closed); `sekisho profiles
 * --who EMAIL` writes the person's own.
 */
export const CLASS_SESSION_NAME = "<your-email>";

/** "acme-prod-admin"; "prod-admin" with shortNames. */
export function targetProfileName(
  model: AccessModel,
  target: Pick<SwitchTarget, "env" | "level">,
  options: ProfileOptions = {},
): string {
  const short = `${profileToken(target.env)}-${profileToken(target.level)}`;
  return options.shortNames ? short : `${model.organization}-${short}`;
}

export function landingProfileName(model: AccessModel, team: string): string {
  return `${model.organization}-landing-${profileToken(team)}`;
}

export function userProfileName(model: AccessModel, user: string): string {
  return `${model.organization}-${profileToken(user)}`;
}

function finish(
  model: AccessModel,
  kind: ProfilePlan["kind"],
  id: string,
  bases: BaseProfile[],
  targets: { base: string; target: SwitchTarget }[],
  extra: Pick<ProfilePlan, "mfaSerial" | "teams" | "members"> & { sessionName?: string },
  options: ProfileOptions,
): ProfilePlan {
  const wanted = [
    ...bases.map((b) => b.name),
    ...targets.map((t) => targetProfileName(model, t.target, options)),
  ];
  const { names, renamed } = uniqueNames(wanted);
  const baseNames = new Map(bases.map((b, i) => [b.name, names[i]!]));
  return {
    kind,
    id,
    sessionName: id,
    ...extra,
    bases: bases.map((b) => ({ ...b, name: baseNames.get(b.name)! })),
    targets: targets.map((t, i) => ({
      name: names[bases.length + i]!,
      base: baseNames.get(t.base)!,
      target: t.target,
    })),
    warnings: renamed.map((r) => `${kind === "user" ? `IAM user ${id}` : id}: ${r}`),
  };
}

function peoplePlan(
  model: AccessModel,
  kind: "person" | "class",
  id: string,
  teams: readonly string[],
  extra: Pick<ProfilePlan, "teams" | "members"> & { sessionName?: string },
  options: ProfileOptions,
): ProfilePlan {
  const bases: BaseProfile[] = teamsInOrder(model, teams).map((team) => ({
    name: landingProfileName(model, team),
    team,
    roleArn: landingArn(model, team),
    roleName: landingRoleName(team),
  }));
  const byTeam = new Map(bases.map((b) => [b.team!, b.name]));
  const targets = switchTargets(model, teams).map((target) => ({
    base: byTeam.get(target.team)!,
    target,
  }));
  return finish(model, kind, id, bases, targets, extra, options);
}

/** One person's profiles: role_session_name is their email, so CloudTrail names them. */
export function personPlan(model: AccessModel, person: Person, options: ProfileOptions = {}): ProfilePlan {
  return peoplePlan(model, "person", person.email, person.teams, {}, options);
}

/** The profiles every member of a class shares, with CLASS_SESSION_NAME for each to fill in. */
export function classPlan(model: AccessModel, c: AccessClass, options: ProfileOptions = {}): ProfilePlan {
  return peoplePlan(
    model,
    "class",
    c.slug,
    c.teams,
    { teams: c.teams, members: c.members.length, sessionName: CLASS_SESSION_NAME },
    options,
  );
}

export function userPlan(model: AccessModel, user: KeptUser, options: ProfileOptions = {}): ProfilePlan {
  const base = userProfileName(model, user.name);
  const targets = switchTargets(model, user.teams).map((target) => ({ base, target }));
  return finish(
    model,
    "user",
    user.name,
    [{ name: base }],
    targets,
    { mfaSerial: `arn:aws:iam::${model.identity.accountId}:mfa/${user.name}` },
    options,
  );
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
