// Access classes: people with the same teams have the same access, so the portal and the CLI
// profiles are written once per class, not once per person. A kept IAM user is never in a
// class (its profiles carry its own MFA device and key), so only people are grouped here.
import { createHash } from "node:crypto";
import type { AccessModel } from "../model/types.js";
import { teamsInOrder } from "./targets.js";

export interface AccessClass {
  /** File-name-safe, unique per team set: "access-sre+dev-member". */
  slug: string;
  /** The class's teams, in model declaration order. */
  teams: string[];
  /** Emails, in model order. */
  members: string[];
}

/**
 * A team name as a slug part: lower-case letters, digits and @ . _ - stay; anything else
 * (the `+` that joins teams among them) becomes ~ and its UTF-8 bytes in hex. Team names are
 * unique ignoring case (IAM), so the parts, and their join with `+`, are unique too.
 */
function teamPart(team: string): string {
  let out = "";
  for (const ch of team.toLowerCase()) {
    if (/^[a-z0-9@._-]$/.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, "utf8")) out += `~${b.toString(16).padStart(2, "0")}`;
  }
  return out;
}

/** Past this length a slug keeps its first team and a hash of all: file names stay short. */
const SLUG_MAX = 100;

export function classSlug(teams: readonly string[]): string {
  if (teams.length === 0) return "access-~none"; // `~n` never comes out of teamPart
  const full = `access-${teams.map(teamPart).join("+")}`;
  if (full.length <= SLUG_MAX) return full;
  const hash = createHash("sha256").update(teams.join("\n"), "utf8").digest("hex").slice(0, 16);
  return `access-${teamPart(teams[0]!).slice(0, 40)}+~${teams.length - 1}-more-${hash}`;
}

/** The people grouped by their team set, classes in order of their slug. */
export function accessClasses(model: AccessModel): AccessClass[] {
  const byKey = new Map<string, AccessClass>();
  for (const p of model.people) {
    const teams = teamsInOrder(model, p.teams);
    const key = teams.join("\n");
    let c = byKey.get(key);
    if (!c) {
      c = { slug: classSlug(teams), teams, members: [] };
      byKey.set(key, c);
    }
    c.members.push(p.email);
  }
  const out = [...byKey.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  for (let i = 1; i < out.length; i++)
    if (out[i]!.slug === out[i - 1]!.slug)
      throw new Error(`two team sets share the class name ${out[i]!.slug}`);
  return out;
}

/** "sre and dev-member", "a, b and c": a class's teams in a sentence. */
export function teamsText(teams: readonly string[]): string {
  if (teams.length === 0) return "no team";
  if (teams.length === 1) return teams[0]!;
  return `${teams.slice(0, -1).join(", ")} and ${teams.at(-1)}`;
}
