// How long a session outlives a grant that ends. The end date is checked when a role is assumed
// (the DateLessThan aws:CurrentTime condition on both sides); credentials already issued stay
// valid until they expire: a switched session of a person is role chaining, capped at 1 hour; a
// kept IAM user assumes the role directly and gets up to the level's maxSession (IAM User Guide,
// "Using IAM roles": role chaining, MaxSessionDuration). To cut them off at once, AWS's way is to
// revoke the role's older sessions: a deny of everything for tokens issued before now
// (aws:TokenIssueTime), which the IAM console's "Revoke active sessions" attaches.
import { expiryInstant } from "../compile/time.js";
import { formatDuration } from "../model/durations.js";
import { type AccessModel, CHAINED_SESSION_MAX } from "../model/types.js";

function plus(instant: string, seconds: number): string {
  return new Date(Date.parse(instant) + seconds * 1000).toISOString().replace(".000Z", "Z");
}

/** One row per expiring grant: when the switch is refused, and how long a session may still run. */
export function expiringRows(model: AccessModel): string[][] {
  return model.teams.flatMap((t) =>
    t.grants
      .filter((g) => g.until)
      .map((g) => {
        const ends = expiryInstant(g.until!);
        const level = model.levels.find((l) => l.name === g.level)!;
        const people = model.people.some((p) => p.teams.includes(t.name));
        const users = model.users.some((u) => u.teams.includes(t.name));
        const lasts = [
          ...(people || !users ? [`${plus(ends, CHAINED_SESSION_MAX)} (people: 1h, chained)`] : []),
          ...(users
            ? [`${plus(ends, level.maxSession)} (kept users: maxSession ${formatDuration(level.maxSession)})`]
            : []),
        ];
        return [t.name, g.env, g.level, g.until!, ends, lasts.join("; ")];
      }),
  );
}

export const EXPIRING_HEADER = [
  "team",
  "environment",
  "level",
  "last day (UTC)",
  "switch refused from",
  "a session started before may last until",
];

export function revokeNote(path: string): string {
  return `A grant's end stops new switches; sessions already started run until they expire (above). To end them at once, revoke the role's older sessions: in the IAM console, the role's "Revoke active sessions" (it attaches a deny of everything for sessions whose aws:TokenIssueTime is before now), or the same deny as an inline policy on the role under \`${path}\`; see docs/landing.md.`;
}
