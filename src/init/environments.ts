// One environment per account of the exports. Its name is guessed from environment words
// (prod, stg, dev, test, sandbox and their spellings) in the account's own names: roles, users,
// groups, customer policies, and tags named env/environment/stage. Each word found is evidence;
// a clear winner names the environment, anything else is account-ID, to be renamed.
import type { AccountState, Tag } from "../state/org-state.js";

export interface EnvGuess {
  account: string;
  name: string;
  color?: string;
  comment: string[];
}

interface Word {
  name: string;
  spellings: string[];
  color?: string;
}

export const WORDS: Word[] = [
  { name: "prod", spellings: ["prod", "production", "prd"], color: "red" },
  { name: "stg", spellings: ["stg", "staging", "stage", "preprod"], color: "yellow" },
  { name: "dev", spellings: ["dev", "development", "develop"], color: "green" },
  { name: "test", spellings: ["test", "testing", "qa"], color: "blue" },
  { name: "sandbox", spellings: ["sandbox", "sbx"] },
];

const SPELLING = new Map(WORDS.flatMap((w) => w.spellings.map((s) => [s, w] as const)));
const ENV_TAG = /^(env|environment|stage|tier)$/i;
/** A tag that says the environment outright weighs as much as three names that contain it. */
const TAG_WEIGHT = 3;

/** "ProdDeployRole" → prod, deploy, role; "ci_stg2" → ci, stg, 2. */
export function tokens(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])/g, " ")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

interface Score {
  word: Word;
  score: number;
  evidence: string[];
}

function scores(a: AccountState): Score[] {
  const found = new Map<string, Score>();
  const add = (text: string, what: string, weight: number) => {
    const seen = new Set<string>();
    for (const t of tokens(text)) {
      const w = SPELLING.get(t);
      if (!w || seen.has(w.name)) continue;
      seen.add(w.name);
      const s = found.get(w.name) ?? { word: w, score: 0, evidence: [] };
      s.score += weight;
      s.evidence.push(what);
      found.set(w.name, s);
    }
  };
  const tags = (list: Tag[] | undefined, owner: string) => {
    for (const t of list ?? [])
      if (ENV_TAG.test(t.Key)) add(t.Value, `tag ${t.Key}=${t.Value} on ${owner}`, TAG_WEIGHT);
  };
  const d = a.authorizationDetails;
  for (const r of d.RoleDetailList) {
    // Service-linked and service roles carry AWS's names, which say nothing about the account.
    if (r.Path.startsWith("/aws-service-role/") || r.Path.startsWith("/service-role/")) continue;
    if (/^AWSReservedSSO_/.test(r.RoleName)) continue;
    add(r.RoleName, `role ${r.RoleName}`, 1);
    tags(r.Tags, `role ${r.RoleName}`);
  }
  for (const u of d.UserDetailList) {
    // An email's domain (dev.example.com) names the company, not the account.
    if (!u.UserName.includes("@")) add(u.UserName, `user ${u.UserName}`, 1);
    tags(u.Tags, `user ${u.UserName}`);
  }
  for (const g of d.GroupDetailList) add(g.GroupName, `group ${g.GroupName}`, 1);
  for (const p of d.Policies)
    if (!p.Arn.startsWith("arn:aws:iam::aws:")) add(p.PolicyName, `policy ${p.PolicyName}`, 1);
  return [...found.values()].sort((x, y) => y.score - x.score || (x.word.name < y.word.name ? -1 : 1));
}

function listed(evidence: string[]): string {
  const shown = evidence.slice(0, 3).join(", ");
  return evidence.length > 3 ? `${shown} and ${evidence.length - 3} more` : shown;
}

const NONE = (fallback: string) =>
  `GUESS: ${fallback}, as no environment word (${WORDS.map((w) => w.name).join(", ")}) is in this account's role, user, group or policy names or its env tags: rename it`;

export function guessEnvironments(accounts: AccountState[]): EnvGuess[] {
  const candidates = accounts.map((a) => ({ account: a.accountId, scores: scores(a) }));
  // The strongest evidence claims a name first; a weaker claim on a taken name falls back.
  const order = [...candidates].sort(
    (x, y) => (y.scores[0]?.score ?? 0) - (x.scores[0]?.score ?? 0) || (x.account < y.account ? -1 : 1),
  );
  const taken = new Map<string, string>();
  const byAccount = new Map<string, EnvGuess>();
  for (const c of order) {
    const fallback = `account-${c.account}`;
    const [best, second] = c.scores;
    let guess: EnvGuess;
    if (!best) guess = { account: c.account, name: fallback, comment: [NONE(fallback)] };
    else if (second && second.score === best.score)
      guess = {
        account: c.account,
        name: fallback,
        comment: [
          `GUESS: ${fallback}, as no name is clear: ${best.word.name} (${listed(best.evidence)}) and ${second.word.name} (${listed(second.evidence)}) weigh the same: rename it`,
        ],
      };
    else if (taken.has(best.word.name))
      guess = {
        account: c.account,
        name: fallback,
        comment: [
          `GUESS: ${fallback}: it looks like ${best.word.name} too (${listed(best.evidence)}), but account ${taken.get(best.word.name)} has more evidence for that name: rename it`,
        ],
      };
    else {
      taken.set(best.word.name, c.account);
      const color = best.word.color;
      guess = {
        account: c.account,
        name: best.word.name,
        ...(color ? { color } : {}),
        comment: [
          `GUESS: ${best.word.name}, from ${listed(best.evidence)}${second ? `; ${second.word.name} weighs less (${listed(second.evidence)})` : ""}${color ? `; ${color} in the console for ${best.word.name}` : ""}`,
        ],
      };
    }
    byAccount.set(c.account, guess);
  }
  return accounts.map((a) => byAccount.get(a.accountId)!);
}

export interface IdentityGuess {
  account: string;
  comment: string[];
}

/**
 * Where people land: the account with the most IAM users (they sign in there today), then the
 * most people, then the one named dev (the least sensitive place to land), then the lowest id.
 */
export function guessIdentity(
  accounts: { account: string; env: string; users: number; people: number }[],
): IdentityGuess {
  const sorted = [...accounts].sort(
    (x, y) =>
      y.users - x.users ||
      y.people - x.people ||
      Number(y.env === "dev") - Number(x.env === "dev") ||
      (x.account < y.account ? -1 : 1),
  );
  const [first, second] = sorted;
  if (!first) throw new Error("guessIdentity: no account");
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  const why = !second
    ? "the only account of the exports"
    : first.users > second.users
      ? `it has the most IAM users (${first.users}): people sign in there today`
      : first.people > second.people
        ? `it has as many IAM users as ${second.env} (${first.users}) but the most people (${first.people})`
        : first.env === "dev" && second.env !== "dev"
          ? `it ties with ${second.env} (${plural(first.users, "IAM user")}); dev is the least sensitive place to land`
          : `it ties with ${second.env} (${plural(first.users, "IAM user")}); the lowest account id`;
  return {
    account: first.account,
    comment: [
      `GUESS: ${first.env} (${first.account}), ${why}.`,
      "Everyone lands there read-only and switches on; a dedicated identity account is better if you have one.",
    ],
  };
}
