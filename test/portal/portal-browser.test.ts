// The portal in headless Chromium, from file:// and from the loopback server: exact
// switch-role hrefs, colours, contrast, labels, focus, escaping of a hostile model, no
// console errors, no request leaving the site; screenshots for CI.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { writeOutputDir } from "../../src/cli/output-dir.js";
import { sitePaths } from "../../src/cli/portal-command.js";
import { personHref, portalFiles } from "../../src/portal/portal.js";
import { type PortalServer, servePortal } from "../../src/portal/serve.js";
import { accessClasses, teamsText } from "../../src/profiles/classes.js";
import {
  artifact,
  type BrowserGlobals,
  browserSkip,
  contrast,
  type DomElement,
  hexToRgb,
  launchChromium,
  type Watch,
  watch,
} from "./browser.js";
import {
  HOSTILE_DESCRIPTION,
  HOSTILE_EMAIL,
  HOSTILE_ENV_DESCRIPTION,
  HOSTILE_TEAM,
  hostileModel,
  SOON,
  TODAY,
} from "./fixtures.js";

/** What the console's switch-role link must be, written out independently of src/portal/links.ts. */
function expectedUrl(account: string, env: string, level: string, color?: string): string {
  return `https://signin.aws.amazon.com/switchrole?account=${account}&roleName=sekisho%2F${level}&displayName=${env}%20%C2%B7%20${level}${color ? `&color=${color}` : ""}`;
}
const ACCOUNTS: Record<string, string> = {
  dev: "111111111111",
  stg: "222222222222",
  prod: "333333333333",
  sandbox: "444444444444",
};
const COLORS: Record<string, string> = { dev: "b7ca9d", stg: "efda95", prod: "f2b0a9", sandbox: "e6e8eb" };

const ALICE_URLS = [
  "https://signin.aws.amazon.com/switchrole?account=111111111111&roleName=sekisho%2Fadmin&displayName=dev%20%C2%B7%20admin&color=b7ca9d",
  "https://signin.aws.amazon.com/switchrole?account=111111111111&roleName=sekisho%2Fdeveloper&displayName=dev%20%C2%B7%20developer&color=b7ca9d",
  "https://signin.aws.amazon.com/switchrole?account=111111111111&roleName=sekisho%2Freadonly&displayName=dev%20%C2%B7%20readonly&color=b7ca9d",
  "https://signin.aws.amazon.com/switchrole?account=222222222222&roleName=sekisho%2Fadmin&displayName=stg%20%C2%B7%20admin&color=efda95",
  "https://signin.aws.amazon.com/switchrole?account=222222222222&roleName=sekisho%2Fdeveloper&displayName=stg%20%C2%B7%20developer&color=efda95",
  "https://signin.aws.amazon.com/switchrole?account=222222222222&roleName=sekisho%2Freadonly&displayName=stg%20%C2%B7%20readonly&color=efda95",
  "https://signin.aws.amazon.com/switchrole?account=333333333333&roleName=sekisho%2Fadmin&displayName=prod%20%C2%B7%20admin&color=f2b0a9",
  "https://signin.aws.amazon.com/switchrole?account=333333333333&roleName=sekisho%2Fdeveloper&displayName=prod%20%C2%B7%20developer&color=f2b0a9",
  "https://signin.aws.amazon.com/switchrole?account=333333333333&roleName=sekisho%2Freadonly&displayName=prod%20%C2%B7%20readonly&color=f2b0a9",
];

/**
 * Sample people and the exact env · level buttons each must have, in page order; a person of
 * several teams finds them on one page per landing role (`from`, in team order).
 */
const SAMPLES: { email: string; buttons: [string, string][]; from?: [string, number][] }[] = [
  {
    email: "alice@example.com",
    buttons: ["dev", "stg", "prod"].flatMap((e) =>
      ["admin", "developer", "readonly"].map((l): [string, string] => [e, l]),
    ),
  },
  {
    email: "farid@example.com",
    buttons: [
      ["dev", "developer"],
      ["dev", "readonly"],
      ["stg", "developer"],
      ["stg", "readonly"],
      ["prod", "developer"],
      ["prod", "readonly"],
    ],
  },
  {
    email: "kenji@example.com",
    buttons: ["dev", "stg", "prod"].map((e): [string, string] => [e, "readonly"]),
  },
  {
    email: HOSTILE_EMAIL,
    buttons: [
      ["dev", "developer"],
      ["dev", "readonly"],
      ["stg", "developer"],
      ["stg", "readonly"],
      ["prod", "developer"],
      ["prod", "readonly"],
      ["dev", "readonly"],
      ["sandbox", "admin"],
    ],
    from: [
      ["dev-member", 6],
      [HOSTILE_TEAM, 2],
    ],
  },
];

const LEVEL_ACCESS = new Map([
  ["admin", "admin"],
  ["developer", "write"],
  ["readonly", "read"],
] as const);

/** A person's link from the index: their class's page, at their line. */
function hrefOf(email: string): string {
  const c = accessClasses(hostileModel()).find((x) => x.members.includes(email))!;
  return personHref(c, email);
}
function teamsOf(email: string): string {
  return teamsText(accessClasses(hostileModel()).find((x) => x.members.includes(email))!.teams);
}

interface ButtonFacts {
  href: string;
  text: string;
  target: string;
  rel: string;
  background: string;
  color: string;
  describedBy: string;
  className: string;
  border: string;
  badge: string;
  badgeBackground: string;
  badgeColor: string;
}

async function buttons(page: Page): Promise<ButtonFacts[]> {
  return page.$$eval("a.btn", (as) =>
    (as as unknown as (DomElement & { querySelector(s: string): DomElement | null })[]).map((a) => {
      const g = globalThis as unknown as BrowserGlobals;
      const s = g.getComputedStyle(a);
      return {
        href: a.getAttribute("href") ?? "",
        text: a.firstChild?.textContent ?? "",
        target: a.getAttribute("target") ?? "",
        rel: a.getAttribute("rel") ?? "",
        background: s.backgroundColor,
        color: s.color,
        describedBy: g.document.getElementById(a.getAttribute("aria-describedby") ?? "")?.textContent ?? "",
        className: a.className,
        border: `${s.borderTopStyle} ${s.borderTopWidth} ${s.borderTopColor}`,
        badge: a.querySelector(".badge")?.textContent ?? "",
        badgeBackground: a.querySelector(".badge")
          ? g.getComputedStyle(a.querySelector(".badge")!).backgroundColor
          : "",
        badgeColor: a.querySelector(".badge") ? g.getComputedStyle(a.querySelector(".badge")!).color : "",
      };
    }),
  );
}

describe("portal in headless Chromium", { skip: browserSkip() }, () => {
  let browser: Browser;
  let base: string;
  let site: string;
  let server: PortalServer;

  before(async () => {
    base = mkdtempSync(join(tmpdir(), "sekisho-portal-browser-"));
    site = join(base, "site");
    writeOutputDir(
      site,
      sitePaths(portalFiles(hostileModel(), { today: TODAY, levelAccess: LEVEL_ACCESS })),
      "portal",
    );
    server = await servePortal(site, 0);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(base, { recursive: true, force: true });
  });

  const origins = {
    file: () => `${pathToFileURL(site).href}/`,
    http: () => server.url,
  };

  for (const [via, origin] of Object.entries(origins)) {
    async function open(path: string): Promise<{ context: BrowserContext; page: Page; w: Watch }> {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      const page = await context.newPage();
      const w = watch(page);
      const response = await page.goto(`${origin()}${path}`);
      if (via === "http") assert.equal(response?.status(), 200, path);
      return { context, page, w };
    }
    function clean(w: Watch): void {
      assert.deepEqual(w.problems, []);
      for (const url of w.requests)
        assert.ok(url.startsWith(origin()) || url.startsWith("data:"), `request left the site: ${url}`);
    }

    test(`${via}: the index lists every team and person, escaped, and its links open the pages`, async () => {
      const { context, page, w } = await open("index.html");
      assert.equal(await page.getAttribute("html", "lang"), "en");
      assert.equal(await page.title(), "example: access portal");
      assert.equal(await page.locator("h1").count(), 1);
      const teams = await page.$$eval(
        "#teams ~ table tbody tr th, section[aria-labelledby=teams] tbody th",
        (ths) => ths.map((t) => t.textContent),
      );
      assert.deepEqual(teams, ["sre", "dev-lead", "dev-member", "accounting", HOSTILE_TEAM]);
      assert.equal(await page.locator("tr#team-0 td").first().textContent(), HOSTILE_DESCRIPTION);
      const people = await page.$$eval("section[aria-labelledby=people] li a", (as) =>
        as.map((a) => a.textContent),
      );
      assert.equal(people.length, 13);
      assert.ok(people.includes(HOSTILE_EMAIL));
      assert.equal(await page.locator("script, img, iframe").count(), 0);
      await page.getByRole("link", { name: HOSTILE_EMAIL, exact: true }).click();
      await page.waitForURL(/\/access-dev-member\+[^/]*\.html#p-/);
      assert.equal(await page.locator("h1").textContent(), `Access for ${teamsOf(HOSTILE_EMAIL)}`);
      // The shared page greets the person whose link was followed, and only them.
      assert.deepEqual(await page.locator("p.you:visible").allTextContents(), [
        `This page is yours, ${HOSTILE_EMAIL}.`,
      ]);
      clean(w);
      await context.close();
    });

    for (const sample of SAMPLES) {
      test(`${via}: ${sample.email.length > 30 ? "the hostile person" : sample.email}: exact hrefs, colours, contrast, labels`, async () => {
        const { context, page, w } = await open(hrefOf(sample.email));
        assert.equal(await page.getAttribute("html", "lang"), "en");
        assert.equal(await page.title(), `${teamsOf(sample.email)}: access (example)`);
        assert.equal(await page.locator("h1").textContent(), `Access for ${teamsOf(sample.email)}`);
        assert.deepEqual(await page.locator("p.you:visible").allTextContents(), [
          `This page is yours, ${sample.email}.`,
        ]);
        assert.ok(
          (await page.locator("section[aria-labelledby=members] li").allTextContents()).includes(
            sample.email,
          ),
        );
        let facts: ButtonFacts[] = [];
        if (!sample.from) facts = await buttons(page);
        else {
          // No button on the class page: a link per landing role to the page of its buttons.
          assert.equal(await page.locator("a.btn").count(), 0);
          for (const [team, count] of sample.from) {
            await page.getByRole("link", { name: `From landing-${team}`, exact: true }).click();
            assert.equal(await page.locator("h1").textContent(), `Switch role from landing-${team}`);
            const more = await buttons(page);
            assert.equal(more.length, count, team);
            facts.push(...more);
            clean(w);
            await page.goBack();
          }
        }
        assert.deepEqual(
          facts.map((f) => f.href),
          sample.buttons.map(([e, l]) =>
            expectedUrl(ACCOUNTS[e]!, e, l, e === "sandbox" ? undefined : COLORS[e]),
          ),
        );
        if (sample.email === "alice@example.com")
          assert.deepEqual(
            facts.map((f) => f.href),
            ALICE_URLS,
          );
        for (const [i, f] of facts.entries()) {
          const [env, level] = sample.buttons[i]!;
          assert.equal(f.text, `${env} · ${level}`);
          // What the level allows is written on the button, in a badge that contrasts; admin is framed.
          const access = LEVEL_ACCESS.get(level as "admin")!;
          assert.equal(f.badge, access === "read" ? "read-only" : access);
          assert.ok(f.className.split(" ").includes(`access-${access}`), f.className);
          assert.ok(contrast(f.badgeColor, f.badgeBackground) >= 4.5, `${level} badge contrast`);
          if (access === "admin") assert.equal(f.border, "solid 3px rgb(140, 29, 24)");
          else assert.notEqual(f.border, "solid 3px rgb(140, 29, 24)");
          assert.equal(f.target, "_blank");
          assert.ok(f.rel.split(" ").includes("noopener"), f.rel);
          assert.equal(f.background, hexToRgb(COLORS[env]!), `${env} button colour`);
          const ratio = contrast(f.color, f.background);
          assert.ok(ratio >= 4.5, `${env} · ${level}: contrast ${ratio.toFixed(2)}`);
          assert.match(f.describedBy, /opens the AWS console's switch-role page in a new tab/);
          if (!sample.from)
            assert.equal(await page.getByRole("link", { name: new RegExp(`^${env} · ${level}`) }).count(), 1);
        }
        for (const id of ["sign-in", "switch", "cli", "expiring"])
          assert.equal(await page.locator(`section[aria-labelledby="${id}"] h2#${id}`).count(), 1, id);
        const cli = await page.locator("pre code").textContent();
        for (const [e, l] of sample.buttons)
          assert.ok(
            cli?.includes(
              `[profile example-${e}-${l}]\nrole_arn = arn:aws:iam::${ACCOUNTS[e]}:role/sekisho/${l}\n`,
            ),
            `${e}-${l}`,
          );
        // The snippet is the class's ~/.aws/config: the landing profile first, a placeholder session name.
        assert.ok(cli?.includes("role_session_name = <your-email>\n"));
        assert.match(cli ?? "", /\n\[profile example-landing-[^\]]+\]\nregion = eu-west-1\n/);
        assert.equal(
          await page.locator("pre").getAttribute("aria-label"),
          `AWS CLI profiles for ${teamsOf(sample.email)}`,
        );
        assert.equal(await page.locator("script, img, iframe").count(), 0);
        clean(w);
        await context.close();
      });
    }

    test(`${via}: the hostile person's page: everything from the model is text, nothing runs`, async () => {
      const { context, page, w } = await open(hrefOf(HOSTILE_EMAIL));
      const text = (await page.locator("body").textContent()) ?? "";
      assert.ok(text.includes(HOSTILE_EMAIL));
      assert.ok(text.includes(HOSTILE_TEAM));
      assert.equal(await page.locator("header p:not(.you) a").nth(1).textContent(), HOSTILE_TEAM);
      assert.equal(
        await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.scripts.length),
        0,
      );
      const expiring = await page.$$eval("section[aria-labelledby=expiring] tbody td", (tds) =>
        tds.map((t) => t.textContent),
      );
      assert.deepEqual(expiring, ["prod", "developer", SOON, "10 days"]);
      // The hostile team's landing page: its name and the environment's description are text.
      await page.getByRole("link", { name: `From landing-${HOSTILE_TEAM}`, exact: true }).click();
      assert.equal(await page.locator("h1").textContent(), `Switch role from landing-${HOSTILE_TEAM}`);
      const landing = (await page.locator("body").textContent()) ?? "";
      assert.ok(landing.includes(HOSTILE_ENV_DESCRIPTION));
      assert.equal(await page.locator("header p a").nth(0).textContent(), HOSTILE_TEAM);
      assert.equal(
        await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.scripts.length),
        0,
      );
      clean(w);
      await context.close();
    });

    test(`${via}: focus is visible on a switch-role button, and it opens the exact URL in a new tab without an opener`, async () => {
      const { context, page, w } = await open("access-sre.html");
      await context.route("https://signin.aws.amazon.com/**", (route) =>
        route.fulfill({ status: 200, contentType: "text/html", body: "<title>stub</title>" }),
      );
      let focused = "";
      for (let i = 0; i < 40 && !focused.startsWith("btn"); i++) {
        await page.keyboard.press("Tab");
        focused = await page.evaluate(
          () => (globalThis as unknown as BrowserGlobals).document.activeElement?.className ?? "",
        );
      }
      assert.match(focused, /^btn env-0 access-admin$/);
      const outline = await page.evaluate(() => {
        const g = globalThis as unknown as BrowserGlobals;
        const s = g.getComputedStyle(g.document.activeElement!);
        return { style: s.outlineStyle, width: Number.parseFloat(s.outlineWidth), color: s.outlineColor };
      });
      assert.equal(outline.style, "solid");
      assert.ok(outline.width >= 2, `outline ${outline.width}px`);
      assert.ok(contrast(outline.color, "rgb(255, 255, 255)") >= 3, "focus ring contrasts with the page");
      const [popup] = await Promise.all([context.waitForEvent("page"), page.keyboard.press("Enter")]);
      await popup.waitForLoadState();
      assert.equal(popup.url(), ALICE_URLS[0]);
      assert.equal(await popup.evaluate(() => (globalThis as unknown as BrowserGlobals).opener), null);
      clean({
        problems: w.problems,
        requests: w.requests.filter((u) => !u.startsWith("https://signin.aws.amazon.com/")),
      });
      await context.close();
    });
  }

  test("screenshots of a person page and the index (CI artefacts)", async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}${hrefOf("alice@example.com")}`);
    await page.screenshot({ path: artifact("portal-person.png"), fullPage: true });
    await page.goto(`${server.url}${hrefOf(HOSTILE_EMAIL)}`);
    await page.screenshot({ path: artifact("portal-hostile-person.png"), fullPage: true });
    await page.goto(`${server.url}index.html`);
    await page.screenshot({ path: artifact("portal-index.png"), fullPage: true });
    await context.close();
  });
});
