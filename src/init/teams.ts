// Proposed teams: people whose IAM users hold the same permission sets, account by account,
// form one team (so a team's grants can differ per environment). A team is named after the IAM
// group whose policies are exactly its set in every account it spans; else team-1, team-2, ...
import { NAME_CHARS } from "../model/iam-limits.js";

export interface Holding {
  account: string;
  setKey: string;
  /** The IAM user name, for group membership. */
  userName: string;
}

export interface GroupFacts {
  account: string;
  name: string;
  setKey: string;
  members: Set<string>;
}

export interface ProposedTeam {
  name: string;
  /** The IAM group it is named after, when one is. */
  group?: string;
  /** Sorted emails. */
  members: string[];
  /** Distinct (account, set) pairs, sorted by account then set. */
  sets: { account: string; setKey: string }[];
}

/** landing-TEAM is a role name (64 characters at most). */
const TEAM_MAX = 64 - "landing-".length;

function usableName(name: string): string | undefined {
  const n = name.toLowerCase();
  return NAME_CHARS.test(n) && n.length <= TEAM_MAX ? n : undefined;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function proposeTeams(
  people: Map<string, Holding[]>,
  groups: GroupFacts[],
  reserved: Set<string> = new Set(),
): { teams: ProposedTeam[]; teamOf: Map<string, string> } {
  const bySignature = new Map<string, { members: string[]; holdings: Holding[] }>();
  for (const email of [...people.keys()].sort(cmp)) {
    const holdings = people.get(email)!;
    const sets = [...new Set(holdings.map((h) => `${h.account}\t${h.setKey}`))].sort(cmp);
    const signature = sets.join("\n\n");
    const entry = bySignature.get(signature) ?? { members: [], holdings: [] };
    entry.members.push(email);
    entry.holdings.push(...holdings);
    bySignature.set(signature, entry);
  }
  const used = new Set(reserved);
  const unique = (name: string) => {
    let n = name;
    for (let i = 2; used.has(n); i++) n = `${name}-${i}`;
    used.add(n);
    return n;
  };
  const teams: ProposedTeam[] = [];
  let numbered = 0;
  // Map order is the first member's email order: deterministic, and team-N follow it.
  for (const { members, holdings } of bySignature.values()) {
    const sets = [
      ...new Map(
        holdings.map((h) => [`${h.account}\t${h.setKey}`, { account: h.account, setKey: h.setKey }]),
      ),
    ]
      .sort(([a], [b]) => cmp(a, b))
      .map(([, s]) => s);
    const userNames = new Set(holdings.map((h) => `${h.account}\t${h.userName}`));
    // Per set, the groups with exactly its policies, those the members are in first.
    const namesPerSet = sets.map((s) =>
      groups
        .filter((g) => g.account === s.account && g.setKey === s.setKey)
        .map((g) => ({
          name: usableName(g.name),
          joined: [...g.members].some((m) => userNames.has(`${g.account}\t${m}`)),
          group: g.name,
        }))
        .filter((g): g is { name: string; joined: boolean; group: string } => g.name !== undefined)
        .sort((a, b) => Number(b.joined) - Number(a.joined) || cmp(a.name, b.name)),
    );
    // A name every account of the team agrees on; a free one first, else the first (suffixed).
    const shared = (namesPerSet[0] ?? []).filter((c) =>
      namesPerSet.every((list) => list.some((x) => x.name === c.name)),
    );
    const fromGroup = shared.find((c) => !used.has(c.name)) ?? shared[0];
    teams.push(
      fromGroup
        ? { name: unique(fromGroup.name), group: fromGroup.group, members, sets }
        : { name: unique(`team-${++numbered}`), members, sets },
    );
  }
  const teamOf = new Map<string, string>();
  for (const t of teams) for (const m of t.members) teamOf.set(m, t.name);
  return { teams, teamOf };
}
