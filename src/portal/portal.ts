// The switch-role portal: a static site with an index of teams and people and one page per
// access class (people with the same teams see the same thing) — where they land after Google
// sign-in, a coloured switch-role button per environment and level they may use (admin and
// read-only look different), their AWS CLI profiles, and what expires soon. The index links
// each person to their class's page, where their address is shown (CSS :target, no script).
// A class of several teams links instead to one page of buttons per landing role, shared by
// every class with that team.
// Pure: the model, today's date and optionally prove's result in; path → content out.
import { formatDuration } from "../model/durations.js";
import type { AccessModel, LevelAccess, Person } from "../model/types.js";
import { awsConfig } from "../profiles/aws-config.js";
import { type AccessClass, accessClasses, classSlug, teamsText } from "../profiles/classes.js";
import { CLASS_SESSION_NAME, classPlan, landingProfileName, type ProfileOptions } from "../profiles/plan.js";
import type { ClassCell, Proof } from "../prove/types.js";
import { AccessIndex, daysBetween, EXPIRY_WARNING_DAYS, type Landing, type RoleAccess } from "./access.js";
import { textOn } from "./contrast.js";
import { BASE_CSS, h, pageRenderer } from "./html.js";
import { switchLink } from "./links.js";

export const PORTAL_DIR = "portal";

/** From this many people on, the index groups people by first letter. */
const LETTER_INDEX_FROM = 50;

/** Button colour of an environment without a console colour. */
export const NEUTRAL_COLOR = "e6e8eb";

export interface PortalOptions extends ProfileOptions {
  /** YYYY-MM-DD (UTC): grants that ended before it are left out; those ending within 30 days are listed. */
  today: string;
  /** prove's result: each page says whether the compiled policies give its people exactly what it shows. */
  proof?: Proof;
  /**
   * What each level allows (prove's resolved access): admin and write buttons are marked.
   * Without it, from proof.levels, else only the levels whose access the model declares.
   */
  levelAccess?: ReadonlyMap<string, LevelAccess>;
  /**
   * Each class's ~/.aws/config by class slug, when the caller has rendered them already (plan
   * writes the same text under profiles/): the page shows exactly that file.
   */
  classConfigs?: (slug: string) => string | undefined;
}

/**
 * A person's page file name (without .html), injective over emails that differ ignoring case:
 * lower-case letters, digits and @ . _ + - stay; any other character, and a leading dot,
 * becomes ~ and its UTF-8 bytes in hex. The result is safe as a file name on Linux, macOS and
 * Windows and as a relative URL path segment.
 */
export function personSlug(email: string): string {
  let out = "";
  const lower = email.toLowerCase();
  for (const ch of lower) {
    if (/^[a-z0-9@._+-]$/.test(ch) && !(out === "" && ch === ".")) out += ch;
    else for (const b of Buffer.from(ch, "utf8")) out += `~${b.toString(16).padStart(2, "0")}`;
  }
  return out || "~";
}

/** The page of an access class. */
export function classPath(c: Pick<AccessClass, "slug">): string {
  return `${PORTAL_DIR}/${c.slug}.html`;
}

/**
 * The page of one landing role's buttons (`from-sre.html`), for people of several teams: the
 * console checks a switch against the landing role signed in with, so every button of the page
 * works from that one session, and all classes with the team share the page.
 */
export function switchPath(team: string): string {
  return `${PORTAL_DIR}/${switchSlug(team)}.html`;
}

function switchSlug(team: string): string {
  return `from-${classSlug([team]).slice("access-".length)}`;
}

/** Where a person's link points: their class's page, at their own line. */
export function personHref(c: Pick<AccessClass, "slug">, email: string): string {
  return `${c.slug}.html#${personAnchor(email)}`;
}

function personAnchor(email: string): string {
  return `p-${personSlug(email)}`;
}

/** Base CLI profile of a landing role: the same name as in the generated ~/.aws/config (src/profiles). */
export function baseProfileName(model: AccessModel, team: string): string {
  return landingProfileName(model, team);
}

/**
 * Badges for what a button's level allows. Text, not only colour, says it; white on these
 * backgrounds is above 4.5:1 (a test checks with contrast.ts).
 */
export const ACCESS_BADGE: Record<LevelAccess, { label: string; color: string }> = {
  admin: { label: "admin", color: "8c1d18" },
  write: { label: "write", color: "6b4400" },
  read: { label: "read-only", color: "1f5f3a" },
};

export function envColor(model: AccessModel, envIndex: number): string {
  return model.environments[envIndex]?.color ?? NEUTRAL_COLOR;
}

/** One class per environment (by index: names never reach CSS): its colour, and text that contrasts. */
export function envCss(model: AccessModel, envs: Iterable<number> = model.environments.keys()): string {
  return [...envs]
    .map((i) => {
      const bg = envColor(model, i);
      return `.env-${i}{background-color:#${bg};color:${textOn(bg)}}`;
    })
    .join("\n");
}

function portalCss(model: AccessModel, envs: Iterable<number>): string {
  const badges = (Object.keys(ACCESS_BADGE) as LevelAccess[]).map((a) => {
    const bg = ACCESS_BADGE[a].color;
    return `.access-${a} .badge{background:#${bg};color:${textOn(bg)}}`;
  });
  return [
    BASE_CSS,
    ".skip{position:absolute;left:-100rem}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}",
    ".env{margin:0 0 1rem}",
    ".buttons{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.5rem}",
    ".btn{display:inline-block;min-width:9rem;padding:.5rem .9rem;border-radius:6px;border:1px solid rgba(0,0,0,.45);text-decoration:none;font-weight:600}",
    ".btn:hover{text-decoration:underline}",
    ".btn:focus-visible{outline:3px solid var(--focus);outline-offset:3px}",
    ".btn small{display:block;font-weight:400;font-size:.85rem}",
    ".badge{display:inline-block;margin-left:.4rem;padding:0 .35rem;border-radius:3px;font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em}",
    // Admin stands out beyond its badge: a heavy dark-red frame around the environment colour.
    ".btn.access-admin{border:3px solid #8c1d18;box-shadow:0 0 0 2px #fff,0 0 0 4px #8c1d18}",
    ".btn.access-read{border-style:dashed}",
    ...badges,
    ".you{display:none;font-weight:600}.you:target{display:block;border-left:4px solid var(--focus);background:#e8f0fe;padding:.5rem .75rem}",
    ".people{columns:20rem;padding-left:1.25rem}",
    ".letters{display:flex;flex-wrap:wrap;gap:.25rem .75rem;padding:0;list-style:none}",
    envCss(model, envs),
  ].join("\n");
}

/** Where everyone lands: the identity account, and its environment when it is one. */
function identityAccount(model: AccessModel): string {
  const id = model.identity;
  return `account <code>${h(id.accountId)}</code>${id.envName ? ` (${h(id.envName)})` : ""}`;
}

function signInText(model: AccessModel, landings: Landing[]): string {
  const id = model.identity;
  const where = identityAccount(model);
  const as =
    landings.length === 0
      ? ""
      : landings.length === 1
        ? ` as <code>${h(landings[0]!.roleName)}</code>`
        : `; AWS then asks which role: ${landings.map((l) => `<code>${h(l.roleName)}</code>`).join(", ")}`;
  return `Open AWS from your Google account (the Google apps menu, or the link your administrator gave you). You land read-only, at level <code>${h(id.landing)}</code>, in ${where}${as}, for up to ${h(formatDuration(id.sessionDuration))}. From there each button switches role in a new tab, for up to 1 hour at a time (role chaining).`;
}

function skipLink(): string {
  return `<a class="skip" href="#main">Skip to content</a>`;
}

function footer(model: AccessModel, today: string): string {
  return `<footer><p>Generated by Sekisho from the access model of ${h(model.organization)}, as of ${h(today)} (UTC). These pages hold no secret: they show who may switch where; every switch still needs a Google sign-in.</p></footer>`;
}

function cellsByPerson(proof: Proof | undefined): Map<string, ClassCell[]> {
  const m = new Map<string, ClassCell[]>();
  if (!proof) return m;
  for (const c of proof.matrix) if (c.kind === "person") for (const who of c.members) m.set(who, c.cells);
  return m;
}

function proofNote(proof: Proof | undefined, cells: ClassCell[] | undefined, roles: RoleAccess[]): string {
  if (!proof) return "";
  // prove may list only the cells someone is granted or reaches: a missing cell is neither.
  const have = new Set((cells ?? []).map((c) => `${c.env}\n${c.level}`));
  const unproven = roles.filter((r) => !have.has(`${r.env.name}\n${r.level}`));
  const wrong = (cells ?? []).filter((c) => c.actual !== c.expected);
  if (wrong.length === 0 && unproven.length === 0)
    return `<p class="ok">Proven: evaluated on the compiled policies at ${h(proof.evaluatedAt)}, you reach exactly the roles below.</p>`;
  const items = [
    ...wrong.map(
      (c) =>
        `<li>${h(c.env)} · ${h(c.level)}: ${c.expected ? "granted, but the compiled policies do not let you in" : "not granted, but the compiled policies let you in"}</li>`,
    ),
    ...unproven.map((r) => `<li>${h(r.env.name)} · ${h(r.level)}: prove has no result for it</li>`),
  ];
  return `<div class="warn" role="note"><p>prove found differences between the model and the compiled policies (evaluated at ${h(proof.evaluatedAt)}):</p><ul>${items.join("")}</ul></div>`;
}

type AccessOf = (level: string) => LevelAccess | undefined;

const SWITCH_HELP = `<p id="switch-help">Each button opens the AWS console's switch-role page in a new tab, for the account named above it. Its badge says what the level allows: admin buttons have a dark red frame.</p>`;

/** A class of several teams: a link to each landing role's page, with what it reaches. */
function landingPages(access: AccessIndex, landings: Landing[]): string {
  const items = landings.map(
    (l) =>
      `<li><a href="${h(switchSlug(l.team))}.html">From <code>${h(l.roleName)}</code></a> (team ${h(l.team)}): ${grantSummary(access, l.team)}</li>`,
  );
  return `<ul class="landing-pages">\n${items.join("\n")}\n</ul>`;
}

/** The buttons of one landing role, shared by every class with its team. */
function switchPage(
  model: AccessModel,
  team: string,
  access: AccessIndex,
  options: PortalOptions,
  teamIndex: Map<string, number>,
  accessOf: AccessOf,
  rendered: ButtonCache,
): string {
  const landing = access.landings([team])[0]!;
  const roles = access.roles([team]);
  const i = teamIndex.get(team);
  const body = [
    `${skipLink()}\n<header><nav aria-label="Breadcrumb"><a href="index.html">All teams and people of ${h(model.organization)}</a></nav>`,
    `<h1>Switch role from ${h(landing.roleName)}</h1>`,
    `<p>For everyone in team ${i === undefined ? h(team) : `<a href="index.html#team-${i}">${h(team)}</a>`} who signed in to AWS from Google as <code>${h(landing.roleName)}</code> (${identityAccount(model)}): every button below works from that session, for up to 1 hour at a time (role chaining). Signed in as another landing role? Go back to your page from the index.</p></header>`,
    `<main id="main">`,
    `<section aria-labelledby="switch"><h2 id="switch">Switch role</h2>`,
    SWITCH_HELP,
    buttons(model, roles, accessOf, rendered),
    `</section>`,
    `</main>`,
    footer(model, options.today),
  ].join("\n");
  const css = portalCss(model, new Set(roles.map((r) => r.envIndex)));
  return pageRenderer(css)({ title: `${landing.roleName}: switch role (${model.organization})`, body });
}

function button(model: AccessModel, r: RoleAccess, accessOf: AccessOf): string {
  const link = switchLink(model, r.env, r.level);
  const notes: string[] = [];
  if (r.until) notes.push(`until ${r.until}`);
  const access = accessOf(r.level);
  const badge = access ? `<span class="badge">${ACCESS_BADGE[access].label}</span>` : "";
  // The visible text is the accessible name (environment · level, its access, and any notes);
  // the shared description says what a button does and that it opens a new tab.
  return `<li><a class="btn env-${r.envIndex}${access ? ` access-${access}` : ""}" href="${h(link.url)}" target="_blank" rel="noopener noreferrer" aria-describedby="switch-help">${h(link.displayName)}${badge}${notes.map((n) => `<small>${h(n)}</small>`).join("")}</a></li>`;
}

/** Buttons already rendered, by what they show: classes of overlapping teams share most of them. */
type ButtonCache = Map<string, string>;

function buttons(model: AccessModel, roles: RoleAccess[], accessOf: AccessOf, rendered: ButtonCache): string {
  if (roles.length === 0) return "<p>You may not switch into any environment role today.</p>";
  const out: string[] = [];
  let i = 0;
  while (i < roles.length) {
    const env = roles[i]!.env;
    const envIndex = roles[i]!.envIndex;
    const group: RoleAccess[] = [];
    while (i < roles.length && roles[i]!.envIndex === envIndex) group.push(roles[i++]!);
    out.push(
      `<section class="env" aria-labelledby="env-${envIndex}"><h3 id="env-${envIndex}">${h(env.name)} <span class="muted">account ${h(env.accountId)}${env.description ? ` — ${h(env.description)}` : ""}</span></h3>`,
      `<ul class="buttons">${group
        .map((r) => {
          const key = `${r.envIndex}\u0000${r.level}\u0000${r.until ?? ""}`;
          let html = rendered.get(key);
          if (html === undefined) {
            html = button(model, r, accessOf);
            rendered.set(key, html);
          }
          return html;
        })
        .join("")}</ul></section>`,
    );
  }
  return out.join("\n");
}

function expiringSection(today: string, expiring: RoleAccess[]): string {
  const head = `<section aria-labelledby="expiring"><h2 id="expiring">Access ending soon</h2>`;
  if (expiring.length === 0)
    return `${head}<p>None of your access ends in the next ${EXPIRY_WARNING_DAYS} days.</p></section>`;
  const rows = expiring.map((r) => {
    const left = daysBetween(today, r.until!);
    return `<tr><td>${h(r.env.name)}</td><td>${h(r.level)}</td><td>${h(r.until!)}</td><td>${left === 0 ? "today is the last day" : `${left} day${left === 1 ? "" : "s"}`}</td></tr>`;
  });
  return `${head}<table><caption class="sr">Access ending within ${EXPIRY_WARNING_DAYS} days</caption><thead><tr><th scope="col">Environment</th><th scope="col">Level</th><th scope="col">Last day (UTC)</th><th scope="col">Left</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}

/** prove's verdict for a class: one note, or one per group of members prove judged apart. */
function classProofNote(
  proof: Proof | undefined,
  c: AccessClass,
  cells: Map<string, ClassCell[]>,
  roles: RoleAccess[],
): string {
  if (!proof) return "";
  const byNote = new Map<string, string[]>();
  // Members prove judged together share one cells list: one note for them all.
  const noteOf = new Map<ClassCell[] | undefined, string>();
  for (const m of c.members) {
    const own = cells.get(m);
    let note = noteOf.get(own);
    if (note === undefined) {
      note = proofNote(proof, own, roles);
      noteOf.set(own, note);
    }
    const who = byNote.get(note);
    if (who) who.push(m);
    else byNote.set(note, [m]);
  }
  if (byNote.size === 1) return `${[...byNote.keys()][0]!}\n`;
  return [...byNote]
    .map(([note, who]) => `<p>For ${who.map((w) => h(w)).join(", ")}:</p>\n${note}\n`)
    .join("");
}

function classPage(
  model: AccessModel,
  c: AccessClass,
  access: AccessIndex,
  options: PortalOptions,
  teamIndex: Map<string, number>,
  accessOf: AccessOf,
  proof: string,
  rendered: ButtonCache,
): string {
  const { teams } = c;
  const roles = access.roles(teams);
  const landings = access.landings(teams);
  const multi = landings.length > 1;
  const teamLinks = teams.map((t) => {
    const i = teamIndex.get(t);
    return i === undefined ? h(t) : `<a href="index.html#team-${i}">${h(t)}</a>`;
  });
  const landingRows = landings.map(
    (l) =>
      `<tr><td>${h(l.team)}</td><td><code>${h(l.roleName)}</code></td><td><code>${h(l.arn)}</code></td></tr>`,
  );
  const n = c.members.length;
  // The page is shared; each member's line is shown when the index's link targets it.
  const you = c.members.map(
    (m) => `<p class="you" id="${h(personAnchor(m))}">This page is yours, ${h(m)}.</p>`,
  );
  const config = options.classConfigs?.(c.slug) ?? awsConfig(model, classPlan(model, c, options));
  const members = c.members.map((m) => `<li>${h(m)}</li>`);
  const body = [
    `${skipLink()}\n<header><nav aria-label="Breadcrumb"><a href="index.html">All teams and people of ${h(model.organization)}</a></nav>`,
    `<h1>Access for ${h(teamsText(teams))}</h1>`,
    you.join("\n"),
    `<p>Team${teams.length === 1 ? "" : "s"}: ${teamLinks.join(", ") || "none"}. This page is for the ${n} ${n === 1 ? "person" : "people"} with exactly ${teams.length === 1 ? "this team" : "these teams"} (<a href="#members">listed below</a>).</p></header>`,
    `<main id="main">`,
    `<section aria-labelledby="sign-in"><h2 id="sign-in">How to sign in</h2><p>${signInText(model, landings)}</p>`,
    landings.length
      ? `<table><caption>Your landing role${multi ? "s" : ""}</caption><thead><tr><th scope="col">Team</th><th scope="col">Role</th><th scope="col">ARN</th></tr></thead><tbody>${landingRows.join("")}</tbody></table>`
      : "",
    `</section>\n<section aria-labelledby="switch"><h2 id="switch">Switch role</h2>`,
    multi
      ? `<p>The console checks a switch against the landing role you signed in with, so your switch-role buttons are on one page per landing role: open the page of the role you chose at sign-in. Each page is shared by everyone in its team.</p>\n${proof}${landingPages(access, landings)}`
      : `${SWITCH_HELP}\n${proof}${buttons(model, roles, accessOf, rendered)}`,
    `</section>\n<section aria-labelledby="cli"><h2 id="cli">AWS CLI profiles</h2>`,
    `<p>Add these to <code>~/.aws/config</code> and replace each <code>${h(CLASS_SESSION_NAME)}</code> with your email: it is your session name, what CloudTrail shows for everything you do (AWS refuses the placeholder, so a config left as it is fails rather than hides you). Your administrator can also give you your own copy (<code>sekisho profiles ACCESS-YAML --who YOUR-EMAIL</code>). The first profile holds your landing session, which a SAML tool fills in; each other one switches from it, for at most 1 hour because switching is role chaining.</p>`,
    `<pre tabindex="0" aria-label="AWS CLI profiles for ${h(teamsText(teams))}"><code>${h(config)}</code></pre>\n</section>`,
    expiringSection(options.today, access.expiring(teams)),
    `<section aria-labelledby="members"><h2 id="members">Who this page is for (${n})</h2>`,
    `<ul class="people">\n${members.join("\n")}\n</ul></section>`,
    `</main>`,
    footer(model, options.today),
  ].join("\n");
  const css = portalCss(model, new Set(roles.map((r) => r.envIndex)));
  return pageRenderer(css)({ title: `${teamsText(teams)}: access (${model.organization})`, body });
}

function grantSummary(access: AccessIndex, team: string): string {
  const roles = access.roles([team]);
  const parts: string[] = [];
  let i = 0;
  while (i < roles.length) {
    const env = roles[i]!.env;
    const levels: string[] = [];
    while (i < roles.length && roles[i]!.env === env) {
      const r = roles[i++]!;
      levels.push(r.until ? `${h(r.level)} (until ${h(r.until)})` : h(r.level));
    }
    parts.push(`<strong>${h(env.name)}</strong>: ${levels.join(", ")}`);
  }
  return parts.join("; ") || "nothing today";
}

function byEmail(a: Person, b: Person): number {
  const x = a.email.toLowerCase();
  const y = b.email.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function indexPage(
  model: AccessModel,
  access: AccessIndex,
  today: string,
  classOf: Map<string, AccessClass>,
): string {
  const members = new Map<string, number>();
  for (const p of model.people) for (const t of p.teams) members.set(t, (members.get(t) ?? 0) + 1);
  const teamRows = model.teams.map(
    (t, i) =>
      `<tr id="team-${i}"><th scope="row">${h(t.name)}</th><td>${t.description ? h(t.description) : ""}</td><td><code>${h(access.landings([t.name])[0]?.roleName ?? "")}</code></td><td>${members.get(t.name) ?? 0}</td><td>${grantSummary(access, t.name)}</td></tr>`,
  );
  const people = [...model.people].sort(byEmail);
  // Past a few dozen people, a list per first letter with a letter index keeps the page usable.
  const lettered = people.length > LETTER_INDEX_FROM;
  const groups: { label: string; items: string[] }[] = [];
  for (const p of people) {
    const first = lettered ? ([...p.email.toLowerCase()][0] ?? "") : "";
    let g = groups.at(-1);
    if (!g || g.label !== first) {
      g = { label: first, items: [] };
      groups.push(g);
    }
    g.items.push(
      `<li><a href="${h(personHref(classOf.get(p.email)!, p.email))}">${h(p.email)}</a> <span class="muted">${h(p.teams.join(", "))}</span></li>`,
    );
  }
  const letters = groups.map((g, i) => `<li><a href="#people-${i}">${h(g.label)}</a></li>`);
  const lists = groups.map(
    (g, i) =>
      `${lettered ? `<h3 id="people-${i}">${h(g.label)}</h3>\n` : ""}<ul class="people">\n${g.items.join("\n")}\n</ul>`,
  );
  return [
    skipLink(),
    `<header><h1>${h(model.organization)}: access portal</h1>`,
    `<p>${signInText(model, [])} Find your name below for your switch-role buttons and CLI profiles.</p></header>`,
    `<main id="main">`,
    `<nav aria-label="Contents"><ul><li><a href="#teams">Teams (${model.teams.length})</a></li><li><a href="#people">People (${model.people.length})</a></li></ul></nav>`,
    `<section aria-labelledby="teams"><h2 id="teams">Teams</h2>`,
    `<table><caption class="sr">Teams, their landing roles, and what they may switch into</caption><thead><tr><th scope="col">Team</th><th scope="col">Description</th><th scope="col">Landing role</th><th scope="col">People</th><th scope="col">May switch into</th></tr></thead><tbody>`,
    teamRows.join("\n"),
    `</tbody></table></section>`,
    `<section aria-labelledby="people"><h2 id="people">People</h2>`,
    lettered
      ? `<nav aria-label="People by first letter"><ul class="letters">${letters.join("")}</ul></nav>`
      : "",
    lists.join("\n"),
    `</section>`,
    `</main>`,
    footer(model, today),
  ].join("\n");
}

/** Each level's access: options.levelAccess, else prove's resolved levels, else what the model declares. */
function levelAccessOf(model: AccessModel, options: PortalOptions): AccessOf {
  const map = new Map<string, LevelAccess>();
  for (const l of model.levels) if (l.access) map.set(l.name, l.access);
  for (const r of options.proof?.levels ?? []) map.set(r.level, r.access);
  for (const [level, a] of options.levelAccess ?? []) map.set(level, a);
  return (level) => map.get(level);
}

export function portalFiles(model: AccessModel, options: PortalOptions): Map<string, string> {
  const access = new AccessIndex(model, options.today);
  const teamIndex = new Map(model.teams.map((t, i) => [t.name, i]));
  const cells = cellsByPerson(options.proof);
  const accessOf = levelAccessOf(model, options);
  const classes = accessClasses(model);
  const classOf = new Map<string, AccessClass>();
  for (const c of classes) for (const m of c.members) classOf.set(m, c);
  const files = new Map<string, string>();
  const render = pageRenderer(portalCss(model, []));
  files.set(
    `${PORTAL_DIR}/index.html`,
    render({
      title: `${model.organization}: access portal`,
      body: indexPage(model, access, options.today, classOf),
    }),
  );
  const rendered: ButtonCache = new Map();
  const shared = new Set<string>();
  for (const c of classes) {
    const note = classProofNote(options.proof, c, cells, access.roles(c.teams));
    files.set(classPath(c), classPage(model, c, access, options, teamIndex, accessOf, note, rendered));
    if (access.landings(c.teams).length > 1) for (const t of c.teams) shared.add(t);
  }
  for (const team of model.teams) {
    if (!shared.has(team.name)) continue;
    files.set(
      switchPath(team.name),
      switchPage(model, team.name, access, options, teamIndex, accessOf, rendered),
    );
  }
  return files;
}
