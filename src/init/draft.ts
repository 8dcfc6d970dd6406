// init --from: imported accounts → a draft access model, every guess with the reason for it.
// Pure: the state and the instant the scans evaluate at go in, the draft comes out.
import { ScanCache } from "../engine/scan-cache.js";
import { buildGraph } from "../graph/graph.js";
import { withAwsManagedDocuments } from "../import/aws-managed.js";
import type { DirectoryPerson } from "../import/workspace-users.js";
import { indexState, type PrincipalInfo } from "../sessions/principals.js";
import type { OrgState, UserDetail } from "../state/org-state.js";
import { type EnvGuess, guessEnvironments, guessIdentity } from "./environments.js";
import { type Inference, inferLevel, type LevelName, levelEngine } from "./infer-levels.js";
import { LEVEL_ORDER, LEVELS, type LevelText, withLower } from "./levels.js";
import { matchByName } from "./match-people.js";
import { guessOrganization } from "./organization.js";
import {
  type Credentials,
  checkedEmail,
  credentialsOf,
  describeCredentials,
  type EmailMatch,
  type EmailSource,
  emailMatch,
  looksAutomated,
  looksBreakGlass,
} from "./people.js";
import { describeSet, groupSetKey, type PermissionSet, userSet } from "./permission-sets.js";
import { type GroupFacts, type Holding, proposeTeams } from "./teams.js";

export interface DraftInput {
  state: OrgState;
  /** ISO instant the policies are evaluated at (conditions on aws:CurrentTime). */
  now: string;
  /** The name the draft is written under, for the commands in its header. */
  fileName?: string;
  /** --map: IAM user (name, any case, or ARN) → the person's email. Wins over everything. */
  map?: ReadonlyMap<string, string>;
  /** --people: a Google Workspace user list, to match users without an email by name. */
  directory?: readonly DirectoryPerson[];
}

/** A user's email: --map, else its name or email tag, else a name match in the user list (a guess). */
function personOf(user: UserDetail, input: DraftInput): EmailMatch {
  for (const [key, email] of input.map ?? [])
    if (key === user.Arn || key.toLowerCase() === user.UserName.toLowerCase())
      return checkedEmail(email.toLowerCase(), "map");
  const own = emailMatch(user);
  if (own.kind !== "none" || !input.directory) return own;
  const m = matchByName(user.UserName, input.directory);
  if (m.kind === "several")
    return {
      kind: "none",
      note: `its name matches ${m.people.length} people of the Google Workspace list equally (${m.people.map((p) => p.email).join(", ")}): say which with --map`,
    };
  if (m.kind === "none") return own;
  const found = checkedEmail(m.person.email, "directory");
  return found.kind === "person" ? { ...found, guess: m.how } : found;
}

export interface DraftGrant {
  /** An environment name, or "*". */
  env: string;
  levels: LevelName[];
  comment: string[];
}

export interface DraftTeam {
  name: string;
  comment: string[];
  grants: DraftGrant[];
}

export interface DraftPerson {
  email: string;
  teams: string[];
  comment: string;
}

export interface DraftUser {
  name: string;
  teams: string[];
  reason: string;
  breakGlass: boolean;
  comment: string[];
}

export interface Draft {
  header: string[];
  organization: { name: string; comment: string };
  identity: { env: string; comment: string[]; provider: string; providerComment: string };
  environments: EnvGuess[];
  levels: LevelText[];
  unusedLevels: LevelText[];
  teams: DraftTeam[];
  people: DraftPerson[];
  users: DraftUser[];
  /** One sentence per IAM user that is neither a person nor kept. */
  candidates: string[];
}

interface UserEntry {
  info: PrincipalInfo;
  env: EnvGuess;
  set: PermissionSet;
  email: EmailMatch;
  credentials: Credentials;
}

const PROVIDER = "GoogleWorkspace";
const SOURCE_NOTE: Record<EmailSource, string> = {
  name: "",
  tag: " (email tag)",
  map: " (--map)",
  directory: "",
};
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function draftModel(input: DraftInput): Draft {
  const { state, filled } = withAwsManagedDocuments(input.state);
  if (state.accounts.length === 0) throw new Error("draftModel: no account");
  const index = indexState(state);
  const cache = new ScanCache();
  const clock = { now: input.now };
  const engine = levelEngine(buildGraph(index, cache, { clock }), cache, clock);
  const environments = guessEnvironments(state.accounts);
  const envOf = new Map(environments.map((e) => [e.account, e]));
  const accountOf = new Map(state.accounts.map((a) => [a.accountId, a]));

  const users: UserEntry[] = index.principals
    .filter((p) => p.kind === "user" && p.user)
    .map((info) => {
      const account = accountOf.get(info.account)!;
      return {
        info,
        env: envOf.get(info.account)!,
        set: userSet(info.account, info.user!, account.authorizationDetails.GroupDetailList),
        email: personOf(info.user!, input),
        credentials: credentialsOf(account, info.user!),
      };
    });

  // One inference per distinct set, on its first user by ARN.
  const inferences = new Map<string, Inference>();
  const samples = new Map<string, UserEntry>();
  const setKey = (u: UserEntry) => `${u.set.account}\t${u.set.key}`;
  for (const u of [...users].sort((a, b) => cmp(a.info.arn, b.info.arn))) {
    if (samples.has(setKey(u))) continue;
    samples.set(setKey(u), u);
    inferences.set(setKey(u), inferLevel(engine, u.info));
  }
  const inferenceOf = (u: UserEntry) => inferences.get(setKey(u))!;

  // People and their holdings.
  const people = new Map<string, UserEntry[]>();
  for (const u of users) {
    if (u.email.kind !== "person") continue;
    const list = people.get(u.email.email);
    if (list) list.push(u);
    else people.set(u.email.email, [u]);
  }
  const holdings = new Map<string, Holding[]>(
    [...people].map(([email, list]) => [
      email,
      list.map((u) => ({ account: u.set.account, setKey: u.set.key, userName: u.info.name })),
    ]),
  );
  const groups: GroupFacts[] = state.accounts.flatMap((a) => {
    const members = new Map<string, Set<string>>();
    for (const u of a.authorizationDetails.UserDetailList)
      for (const g of u.GroupList) members.set(g, (members.get(g) ?? new Set()).add(u.UserName));
    return a.authorizationDetails.GroupDetailList.map((g) => ({
      account: a.accountId,
      name: g.GroupName,
      setKey: groupSetKey(g),
      members: members.get(g.GroupName) ?? new Set<string>(),
    }));
  });

  // The identity account: where IAM users sign in today.
  const identity = guessIdentity(
    state.accounts.map((a) => ({
      account: a.accountId,
      env: envOf.get(a.accountId)!.name,
      users: a.authorizationDetails.UserDetailList.length,
      people: users.filter((u) => u.info.account === a.accountId && u.email.kind === "person").length,
    })),
  );
  const identityEnv = envOf.get(identity.account)!;

  // Kept users: break-glass users of the identity account only (kept users live there).
  const breakGlass = users.filter(
    (u) => u.email.kind === "none" && u.info.account === identity.account && looksBreakGlass(u.info.name),
  );
  const { teams: proposed, teamOf } = proposeTeams(
    holdings,
    groups,
    new Set(breakGlass.length ? ["break-glass"] : []),
  );
  const envOrder = new Map(environments.map((e, i) => [e.name, i]));

  const usersOf = new Map<string, string[]>();
  for (const [email, list] of people) {
    const team = teamOf.get(email)!;
    usersOf.set(team, [...(usersOf.get(team) ?? []), ...list.map((u) => `${u.info.name} (${u.env.name})`)]);
  }
  const teams: DraftTeam[] = proposed.map((t) => {
    const sharing = (usersOf.get(t.name) ?? []).sort(cmp);
    const comment = [
      t.group
        ? `GUESS: named after IAM group ${t.group}, whose policies are exactly this team's in ${t.sets
            .map((s) => envOf.get(s.account)!.name)
            .join(", ")}.`
        : "No IAM group holds exactly these policies: rename the team.",
      `Shared by ${t.members.length === 1 ? "1 person" : `${t.members.length} people`}, ${sharing.length} IAM user${sharing.length === 1 ? "" : "s"}: ${listed(sharing, 8)}.`,
    ];
    const perEnv = new Map<string, { levels: Set<LevelName>; comment: string[] }>();
    for (const s of t.sets) {
      const env = envOf.get(s.account)!.name;
      const sample = samples.get(`${s.account}\t${s.setKey}`)!;
      const inf = inferenceOf(sample);
      const entry = perEnv.get(env) ?? { levels: new Set<LevelName>(), comment: [] };
      for (const l of withLower(inf.level)) entry.levels.add(l);
      entry.comment.push(
        `${env} today: ${describeSet(sample.set)}. Level ${inf.level}: ${inf.why}.`,
        ...inf.review.map((r) => `REVIEW: ${r}.`),
        ...inf.notes.map((n) => `Note: ${n}.`),
      );
      perEnv.set(env, entry);
    }
    // Admin of the identity account can take over every team's landing role, so it is admin of
    // every environment: proposed only to a team that is admin everywhere (else prove fails).
    const home = perEnv.get(identityEnv.name);
    const everywhere = environments.every((e) => perEnv.get(e.name)?.levels.has("admin"));
    if (home?.levels.has("admin") && !everywhere) {
      home.levels.delete("admin");
      home.comment.push(
        `REVIEW: admin in ${identityEnv.name}, the identity account, would be admin of every environment (it can take over any team's landing role), so this team gets developer there; grant it admin in every environment if it runs the platform.`,
      );
    }
    const grants = [...perEnv]
      .sort(([a], [b]) => envOrder.get(a)! - envOrder.get(b)!)
      .map(([env, g]) => ({
        env,
        levels: LEVEL_ORDER.filter((l) => g.levels.has(l)),
        comment: g.comment,
      }));
    return { name: t.name, comment, grants };
  });

  const draftPeople: DraftPerson[] = [...people.keys()].sort(cmp).map((email) => {
    const list = people.get(email)!;
    const how = list
      .map(
        (u) =>
          `${u.info.name}${SOURCE_NOTE[u.email.kind === "person" ? u.email.by : "name"]}${u.email.kind === "person" && u.email.guess ? ` (GUESS: ${u.email.guess})` : ""} in ${u.env.name}`,
      )
      .join(", ");
    return { email, teams: [teamOf.get(email)!], comment: `IAM user ${how}` };
  });

  // Break-glass: kept, in a team of its own with admin everywhere.
  const draftUsers: DraftUser[] = [];
  if (breakGlass.length) {
    teams.push({
      name: "break-glass",
      comment: [
        "GUESS: for the break-glass user below: admin in every environment, including ones added later, with MFA.",
      ],
      grants: [{ env: "*", levels: ["admin"], comment: [] }],
    });
    for (const u of breakGlass) {
      const inf = inferenceOf(u);
      const review: string[] = [];
      if (u.credentials.row && !u.credentials.row.mfa_active)
        review.push(
          "REVIEW: it has no MFA today, and kept users can do nothing without MFA: give it a hardware MFA before migrating.",
        );
      if (u.info.user!.Path !== "/")
        review.push(`REVIEW: its path is ${u.info.user!.Path}; the design assumes kept users have path /.`);
      draftUsers.push({
        name: u.info.name,
        teams: ["break-glass"],
        reason:
          "Emergency access when Google sign-in is down (guessed from its name by sekisho init: confirm)",
        breakGlass: true,
        comment: [
          `GUESS: kept as break-glass: its name says emergency access. Today: ${describeCredentials(u.credentials)}; ${describeSet(u.set)} (${inf.level}).`,
          ...review,
        ],
      });
    }
  }

  const keptArns = new Set(breakGlass.map((u) => u.info.arn));
  const candidates = users
    .filter((u) => u.email.kind !== "person" && !keptArns.has(u.info.arn))
    .sort((a, b) => cmp(a.env.name, b.env.name) || cmp(a.info.name, b.info.name))
    .map((u) => candidate(u, inferenceOf(u), identityEnv));

  const usedLevels = new Set<LevelName>(["readonly"]);
  for (const t of teams) for (const g of t.grants) for (const l of g.levels) usedLevels.add(l);

  const existing = accountOf
    .get(identity.account)!
    .samlProviders.map((p) => p.Arn.slice(p.Arn.lastIndexOf("/") + 1))
    .sort(cmp);
  const provider = existing.includes(PROVIDER) ? `${PROVIDER}Sekisho` : PROVIDER;
  const providerComment = existing.includes(PROVIDER)
    ? `${PROVIDER} exists there already: a new name keeps the identity stack from colliding with it`
    : existing.length
      ? `created by the identity stack; the account has ${existing.join(", ")} today`
      : "the IAM SAML provider the identity stack creates";

  const file = input.fileName ?? "access.yaml";
  const ids = state.accounts.map((a) => a.accountId);
  const unreported = state.accounts
    .filter((a) => !a.credentialReport && a.authorizationDetails.UserDetailList.length)
    .map((a) => envOf.get(a.accountId)!.name);
  const header = [
    `Access model drafted by \`sekisho init\` from the IAM of ${ids.length} account${ids.length === 1 ? "" : "s"} (${ids.join(", ")}).`,
    "Every guess carries a comment, and REVIEW marks what needs a decision. Edit it, then",
    `run \`sekisho validate ${file}\` and \`sekisho plan ${file} -o out\`.`,
    "Nothing changes in AWS until you deploy.",
    ...(unreported.length
      ? [
          `No credential report for ${unreported.join(", ")}: users' passwords and keys are unknown (--credential-report).`,
        ]
      : []),
    ...(filled.length
      ? [
          `The exports lack ${filled.length} AWS managed polic${filled.length === 1 ? "y" : "ies"} attached in them, read from Sekisho's copy: ${listed(filled, 5)}.`,
        ]
      : []),
  ];

  return {
    header,
    organization: guessOrganization([...people.keys()]),
    identity: { env: identityEnv.name, comment: identity.comment, provider, providerComment },
    environments,
    levels: LEVELS.filter((l) => usedLevels.has(l.name)),
    unusedLevels: LEVELS.filter((l) => !usedLevels.has(l.name)),
    teams,
    people: draftPeople,
    users: draftUsers,
    candidates,
  };
}

function candidate(u: UserEntry, inf: Inference, identity: EnvGuess): string {
  const facts = [
    `${u.info.name} (${u.env.name}):`,
    `${describeCredentials(u.credentials)};`,
    `today ${inf.level} (${describeSet(u.set)})`,
  ];
  if (u.email.kind === "invalid")
    facts.push(`; its email ${JSON.stringify(u.email.email)} ${u.email.why}, so it is no person`);
  if (u.email.kind === "none" && u.email.note) facts.push(`; ${u.email.note}`);
  if (inf.escalation) facts.push(`; ${inf.escalation}`);
  if (looksAutomated(u.credentials)) facts.push("; access keys and no console password: automation, likely");
  if (looksBreakGlass(u.info.name)) facts.push("; its name says break-glass");
  if (u.info.account !== identity.account)
    facts.push(
      `; not in the identity account ${identity.name}, where kept users live: recreate it there, or replace it by a role`,
    );
  return `${facts.join(" ").replace(/ ;/g, ";")}.`;
}

export function listed(items: string[], max: number): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
