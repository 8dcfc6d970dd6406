// The switch-role portal: a static site with an index of teams and people and one page per
// person — where they land after Google sign-in, a coloured switch-role button per
// environment and level they may use, their AWS CLI profiles, and what expires soon.
// Pure: the model, today's date and optionally prove's result in; path → content out.
import { formatDuration } from "../model/durations.js";
import { envRoleArn, landingRoleName } from "../model/naming.js";
import { type AccessModel, CHAINED_SESSION_MAX, type Person } from "../model/types.js";
import { landingProfileName } from "../profiles/plan.js";
import type { ClassCell, Proof } from "../prove/types.js";
import { AccessIndex, daysBetween, EXPIRY_WARNING_DAYS, type Landing, type RoleAccess } from "./access.js";
import { textOn } from "./contrast.js";
import { BASE_CSS, h, pageParts, pageRenderer } from "./html.js";
import { switchLink } from "./links.js";

export const PORTAL_DIR = "portal";

/** From this many people on, the index groups people by first letter. */
const LETTER_INDEX_FROM = 50;

/** Button colour of an environment without a console colour. */
export const NEUTRAL_COLOR = "e6e8eb";

export interface PortalOptions {
  /** YYYY-MM-DD (UTC): grants that ended before it are left out; those ending within 30 days are listed. */
  today: string;
  /** prove's result: each person page says whether the compiled policies give exactly what it shows. */
  proof?: Proof;
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

export function personPath(email: string): string {
  return `${PORTAL_DIR}/${personSlug(email)}.html`;
}

/** Base CLI profile of a landing role: the landing session, filled by the person's SAML tool. */
/** The same name as the landing profile in the person's generated ~/.aws/config (src/profiles). */
export function baseProfileName(model: AccessModel, team: string): string {
  return landingProfileName(model, team);
}

export function cliProfileName(env: string, level: string): string {
  return `${env}-${level}`;
}

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
  return [
    BASE_CSS,
    ".skip{position:absolute;left:-100rem}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}",
    ".env{margin:0 0 1rem}",
    ".buttons{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.5rem}",
    ".btn{display:inline-block;min-width:9rem;padding:.5rem .9rem;border-radius:6px;border:1px solid rgba(0,0,0,.45);text-decoration:none;font-weight:600}",
    ".btn:hover{text-decoration:underline}",
    ".btn:focus-visible{outline:3px solid var(--focus);outline-offset:3px}",
    ".btn small{display:block;font-weight:400;font-size:.85rem}",
    ".people{columns:20rem;padding-left:1.25rem}",
    ".letters{display:flex;flex-wrap:wrap;gap:.25rem .75rem;padding:0;list-style:none}",
    envCss(model, envs),
  ].join("\n");
}

function signInText(model: AccessModel, landings: Landing[]): string {
  const id = model.identity;
  const where = `account <code>${h(id.accountId)}</code>${id.envName ? ` (${h(id.envName)})` : ""}`;
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

function button(model: AccessModel, r: RoleAccess, multi: boolean): string {
  const link = switchLink(model, r.env, r.level);
  const notes: string[] = [];
  if (r.until) notes.push(`until ${r.until}`);
  if (multi) notes.push(`via ${r.teams.map((t) => landingRoleName(t)).join(" or ")}`);
  // The visible text is the accessible name (environment · level, and any notes); the shared
  // description says what a button does and that it opens a new tab.
  return `<li><a class="btn env-${r.envIndex}" href="${h(link.url)}" target="_blank" rel="noopener noreferrer" aria-describedby="switch-help">${h(link.displayName)}${notes.map((n) => `<small>${h(n)}</small>`).join("")}</a></li>`;
}

function buttons(model: AccessModel, roles: RoleAccess[], multi: boolean): string {
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
      `<ul class="buttons">${group.map((r) => button(model, r, multi)).join("")}</ul></section>`,
    );
  }
  return out.join("\n");
}

/** Where a person's email goes in a template shared by everyone with the same teams. */
const EMAIL: unique symbol = Symbol("email");
/** Where prove's verdict for the person goes. */
const PROOF: unique symbol = Symbol("proof");
type Part = string | typeof EMAIL | typeof PROOF;

function cliParts(model: AccessModel, roles: RoleAccess[], landings: Landing[]): Part[] {
  const parts: Part[] = [
    "# Base profiles: the landing session after Google sign-in, one per landing role.\n",
    "# Your SAML tool fills them in; they are not written here.\n",
  ];
  for (const l of landings) parts.push(`# ${baseProfileName(model, l.team)} = ${l.arn}\n`);
  for (const r of roles) {
    parts.push(
      `\n[profile ${cliProfileName(r.env.name, r.level)}]\nrole_arn = ${envRoleArn(model, r.env.name, r.level)}\nsource_profile = ${baseProfileName(model, r.teams[0]!)}\nrole_session_name = `,
      EMAIL,
      `\nduration_seconds = ${CHAINED_SESSION_MAX}\nregion = ${r.env.region ?? model.options.region}\n`,
    );
  }
  return parts;
}

/**
 * The person's ~/.aws/config profiles: one [profile ENV-LEVEL] per role they may switch into,
 * from the base profile of the first of their landing roles that grants it.
 */
export function cliSnippet(
  model: AccessModel,
  person: Person,
  roles: RoleAccess[],
  landings: Landing[],
): string {
  return cliParts(model, roles, landings)
    .map((p) => (p === EMAIL ? person.email : p === PROOF ? "" : p))
    .join("");
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

interface PersonTemplate {
  parts: { before: string; between: string; after: string };
  body: Part[];
}

/** Everything on a person page that depends only on their teams, with slots for the rest. */
function personTemplate(
  model: AccessModel,
  teams: string[],
  access: AccessIndex,
  today: string,
  teamIndex: Map<string, number>,
  shells: Map<string, PersonTemplate["parts"]>,
): PersonTemplate {
  const roles = access.roles(teams);
  const landings = access.landings(teams);
  const multi = landings.length > 1;
  const css = portalCss(model, new Set(roles.map((r) => r.envIndex)));
  let parts = shells.get(css);
  if (!parts) {
    parts = pageParts(css);
    shells.set(css, parts);
  }
  const teamLinks = teams.map((t) => {
    const i = teamIndex.get(t);
    return i === undefined ? h(t) : `<a href="index.html#team-${i}">${h(t)}</a>`;
  });
  const landingRows = landings.map(
    (l) =>
      `<tr><td>${h(l.team)}</td><td><code>${h(l.roleName)}</code></td><td><code>${h(l.arn)}</code></td></tr>`,
  );
  const body: Part[] = [
    `${skipLink()}\n<header><nav aria-label="Breadcrumb"><a href="index.html">All teams and people of ${h(model.organization)}</a></nav>\n<h1>Access for `,
    EMAIL,
    `</h1>\n<p>Team${teams.length === 1 ? "" : "s"}: ${teamLinks.join(", ") || "none"}</p></header>\n<main id="main">\n`,
    `<section aria-labelledby="sign-in"><h2 id="sign-in">How to sign in</h2><p>${signInText(model, landings)}</p>\n`,
    landings.length
      ? `<table><caption>Your landing role${multi ? "s" : ""}</caption><thead><tr><th scope="col">Team</th><th scope="col">Role</th><th scope="col">ARN</th></tr></thead><tbody>${landingRows.join("")}</tbody></table>\n`
      : "",
    `</section>\n<section aria-labelledby="switch"><h2 id="switch">Switch role</h2>\n`,
    `<p id="switch-help">Each button opens the AWS console's switch-role page in a new tab, for the account named above it.${multi ? " It also says which landing role it needs: the console checks a switch against the role you signed in with." : ""}</p>\n`,
    PROOF,
    buttons(model, roles, multi),
    `\n</section>\n<section aria-labelledby="cli"><h2 id="cli">AWS CLI profiles</h2>\n`,
    `<p>Add these to <code>~/.aws/config</code>. Each switches from a base profile holding your landing session, which a SAML tool fills in; sessions last at most 1 hour because they are chained.</p>\n`,
    `<pre tabindex="0" aria-label="AWS CLI profiles for `,
    EMAIL,
    `"><code>`,
    ...cliParts(model, roles, landings).map((p) => (typeof p === "string" ? h(p) : p)),
    `</code></pre>\n</section>\n`,
    expiringSection(today, access.expiring(teams)),
    `\n</main>\n`,
    footer(model, today),
  ];
  return { parts, body };
}

function personPage(model: AccessModel, person: Person, t: PersonTemplate, proof: string): string {
  const email = h(person.email);
  const body = t.body.map((p) => (p === EMAIL ? email : p === PROOF ? proof : p)).join("");
  return `${t.parts.before}${email}: access (${h(model.organization)})${t.parts.between}${body}${t.parts.after}`;
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

function indexPage(model: AccessModel, access: AccessIndex, today: string): string {
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
      `<li><a href="${h(personSlug(p.email))}.html">${h(p.email)}</a> <span class="muted">${h(p.teams.join(", "))}</span></li>`,
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

export function portalFiles(model: AccessModel, options: PortalOptions): Map<string, string> {
  const access = new AccessIndex(model, options.today);
  const teamIndex = new Map(model.teams.map((t, i) => [t.name, i]));
  const cells = cellsByPerson(options.proof);
  const files = new Map<string, string>();
  const render = pageRenderer(portalCss(model, []));
  files.set(
    `${PORTAL_DIR}/index.html`,
    render({ title: `${model.organization}: access portal`, body: indexPage(model, access, options.today) }),
  );
  // Most people share their team set with others: one template per set, filled per person.
  const templates = new Map<string, PersonTemplate>();
  const shells = new Map<string, PersonTemplate["parts"]>();
  for (const p of [...model.people].sort(byEmail)) {
    const path = personPath(p.email);
    if (files.has(path)) throw new Error(`two people share the portal page ${path}`);
    const key = p.teams.join("\n");
    let t = templates.get(key);
    if (!t) {
      t = personTemplate(model, p.teams, access, options.today, teamIndex, shells);
      templates.set(key, t);
    }
    const note = proofNote(options.proof, cells.get(p.email), access.roles(p.teams));
    files.set(path, personPage(model, p, t, note ? `${note}\n` : ""));
  }
  return files;
}
