// The portal as strings: escaping, links, contrast, slugs, golden fragments of the example's
// pages, determinism, and size and speed for 20,000 people. The browser tests are in
// portal-browser.test.ts.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { AccessIndex, addDays } from "../../src/portal/access.js";
import { contrastRatio, MIN_CONTRAST, textOn } from "../../src/portal/contrast.js";
import { escapeHtml } from "../../src/portal/html.js";
import { switchLink } from "../../src/portal/links.js";
import {
  ACCESS_BADGE,
  classPath,
  personHref,
  personSlug,
  portalFiles,
  switchPath,
} from "../../src/portal/portal.js";
import { awsConfig } from "../../src/profiles/aws-config.js";
import { accessClasses, classSlug } from "../../src/profiles/classes.js";
import { classPlan } from "../../src/profiles/plan.js";
import type { MatrixCell, Proof } from "../../src/prove/types.js";
import { classesOf, exampleModel } from "../helpers.js";
import {
  bigModel,
  HOSTILE_DESCRIPTION,
  HOSTILE_EMAIL,
  HOSTILE_ENV_DESCRIPTION,
  HOSTILE_TEAM,
  hostileModel,
  SOON,
  TODAY,
} from "./fixtures.js";

/** alice, bruno and chiara (sre) share this page. */
const ALICE = "portal/access-sre.html";

function example(): Map<string, string> {
  return portalFiles(exampleModel(), { today: TODAY });
}

describe("escapeHtml", () => {
  test("escapes the five HTML-significant characters, for text and attributes alike", () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&amp;</a>`),
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
    );
    assert.equal(escapeHtml(42), "42");
    assert.equal(escapeHtml("plain · text"), "plain · text");
  });
});

describe("contrast", () => {
  test("matches the WCAG reference values", () => {
    assert.equal(Math.round(contrastRatio("000000", "ffffff") * 100) / 100, 21);
    assert.equal(contrastRatio("777777", "777777"), 1);
    assert.ok(Math.abs(contrastRatio("#767676", "#ffffff") - 4.54) < 0.01);
  });
  test("the console colours take black text", () => {
    for (const hex of ["f2b0a9", "fbc8aa", "efda95", "b7ca9d", "83d4e8"]) {
      assert.equal(textOn(hex), "#000000", hex);
      assert.ok(contrastRatio(hex, "000000") >= MIN_CONTRAST);
    }
    assert.equal(textOn("1f4f82"), "#ffffff");
  });
  test("black or white always reaches 4.5:1, over a grid of the whole colour cube", () => {
    for (let r = 0; r < 256; r += 15)
      for (let g = 0; g < 256; g += 15)
        for (let b = 0; b < 256; b += 15) {
          const hex = [r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("");
          assert.ok(contrastRatio(hex, textOn(hex).slice(1)) >= MIN_CONTRAST, hex);
        }
  });
});

describe("switch-role links", () => {
  test("follow reference §3 exactly, URL-encoded", () => {
    const m = exampleModel();
    const prod = m.environments.find((e) => e.name === "prod")!;
    assert.equal(
      switchLink(m, prod, "admin").url,
      "https://signin.aws.amazon.com/switchrole?account=333333333333&roleName=sekisho%2Fadmin&displayName=prod%20%C2%B7%20admin&color=f2b0a9",
    );
  });
  test("leave the colour out when the environment has none", () => {
    const m = hostileModel();
    const sandbox = m.environments.find((e) => e.name === "sandbox")!;
    assert.equal(
      switchLink(m, sandbox, "admin").url,
      "https://signin.aws.amazon.com/switchrole?account=444444444444&roleName=sekisho%2Fadmin&displayName=sandbox%20%C2%B7%20admin",
    );
  });
  test("a path other than /sekisho/ goes into roleName without its leading slash", () => {
    const m = exampleModel();
    m.options.path = "/team/access/";
    assert.equal(
      switchLink(m, m.environments[0]!, "readonly").url,
      "https://signin.aws.amazon.com/switchrole?account=111111111111&roleName=team%2Faccess%2Freadonly&displayName=dev%20%C2%B7%20readonly&color=b7ca9d",
    );
  });
});

describe("person slugs", () => {
  test("keep readable emails readable", () => {
    assert.equal(personSlug("alice@example.com"), "alice@example.com");
    assert.equal(personSlug("Bob.Smith+aws@Example.com"), "bob.smith+aws@example.com");
    assert.equal(personSlug("first_last@example.com"), "first_last@example.com");
  });
  test("encode everything else, so the slug is a safe file name and URL segment", () => {
    assert.equal(personSlug("a=b,c@x.io"), "a~3db~2cc@x.io");
    assert.equal(personSlug(".hidden@x.io"), "~2ehidden@x.io");
    assert.equal(personSlug("../../etc/passwd"), "~2e.~2f..~2fetc~2fpasswd");
    const hostile = personSlug(HOSTILE_EMAIL);
    assert.match(hostile, /^[a-z0-9@._+~-]+$/);
    assert.equal(personSlug("é@x.io"), "~c3~a9@x.io");
  });
  test("are injective over emails that differ ignoring case", () => {
    const emails = [
      "a~3db@x.io",
      "a=b@x.io",
      "a.b@x.io",
      "a,b@x.io",
      "~2e@x.io",
      ".@x.io",
      "a_b@x.io",
      "a-b@x.io",
    ];
    assert.equal(new Set(emails.map(personSlug)).size, emails.length);
  });
});

describe("access", () => {
  test("addDays crosses months and years", () => {
    assert.equal(addDays("2026-11-28", 30), "2026-12-28");
    assert.equal(addDays("2026-12-31", 1), "2027-01-01");
  });
  test("grants that ended before today are left out; the latest end of several grants wins; no end beats any end", () => {
    const m = hostileModel();
    m.teams
      .find((t) => t.name === "accounting")!
      .grants.push({ env: "prod", level: "developer", until: "2027-02-01" });
    const a = new AccessIndex(m, TODAY);
    const member = a
      .roles(["dev-member"])
      .map((r) => `${r.env.name}/${r.level}${r.until ? `@${r.until}` : ""}`);
    assert.deepEqual(member, [
      "dev/developer",
      "dev/readonly",
      "stg/developer",
      "stg/readonly",
      "prod/developer@2026-12-08",
      "prod/readonly",
    ]);
    const both = a
      .roles(["dev-member", "accounting"])
      .find((r) => r.env.name === "prod" && r.level === "developer")!;
    assert.equal(both.until, "2027-02-01");
    assert.deepEqual(both.teams, ["dev-member", "accounting"]);
    const forever = a
      .roles(["dev-member", "sre"])
      .find((r) => r.env.name === "prod" && r.level === "developer")!;
    assert.equal(forever.until, undefined);
    assert.deepEqual(
      a.expiring(["dev-member"]).map((r) => r.until),
      [SOON],
    );
    assert.deepEqual(new AccessIndex(m, "2026-12-09").expiring(["dev-member"]), []);
  });
});

describe("portal pages of the example", () => {
  test("an index and one page per access class (people with the same teams), nothing else", () => {
    const files = example();
    assert.deepEqual(
      [...files.keys()],
      [
        "portal/index.html",
        "portal/access-accounting.html",
        "portal/access-dev-lead.html",
        "portal/access-dev-member.html",
        "portal/access-sre.html",
      ],
    );
  });

  test("class slugs: teams in model order joined by +, escaped, long sets shortened with a hash", () => {
    assert.equal(classSlug(["sre", "dev-member"]), "access-sre+dev-member");
    assert.equal(classSlug(["a+b"]), "access-a~2bb");
    assert.equal(classSlug(["Ops"]), "access-ops");
    assert.equal(classSlug([]), "access-~none");
    const many = Array.from({ length: 12 }, (_, i) => `team-with-a-long-name-${i}`);
    assert.match(classSlug(many), /^access-team-with-a-long-name-0\+~11-more-[0-9a-f]{16}$/);
    assert.notEqual(classSlug(many), classSlug([...many.slice(0, 11), "other"]));
  });

  test("golden: alice's prod admin button, badged admin", () => {
    const page = portalFiles(exampleModel(), {
      today: TODAY,
      levelAccess: new Map([
        ["admin", "admin"],
        ["developer", "write"],
        ["readonly", "read"],
      ] as const),
    }).get(ALICE)!;
    assert.ok(
      page.includes(
        `<li><a class="btn env-2 access-admin" href="https://signin.aws.amazon.com/switchrole?account=333333333333&amp;roleName=sekisho%2Fadmin&amp;displayName=prod%20%C2%B7%20admin&amp;color=f2b0a9" target="_blank" rel="noopener noreferrer" aria-describedby="switch-help">prod · admin<span class="badge">admin</span></a></li>`,
      ),
    );
    assert.ok(page.includes(`>prod · readonly<span class="badge">read-only</span></a>`));
    assert.ok(page.includes(`>prod · developer<span class="badge">write</span></a>`));
    assert.ok(page.includes(`<style>`) && page.includes(`.env-2{background-color:#f2b0a9;color:#000000}`));
  });

  test("admin buttons look different from read-only ones: their own class, frame and badge colour, contrast checked", () => {
    const page = portalFiles(exampleModel(), {
      today: TODAY,
      levelAccess: new Map([
        ["admin", "admin"],
        ["readonly", "read"],
      ] as const),
    }).get(ALICE)!;
    const css = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    assert.ok(css.includes(".btn.access-admin{border:3px solid #8c1d18;"));
    assert.ok(css.includes(".btn.access-read{border-style:dashed}"));
    const colours = new Set(Object.values(ACCESS_BADGE).map((b) => b.color));
    assert.equal(colours.size, 3, "admin, write and read badges differ");
    for (const [access, { color }] of Object.entries(ACCESS_BADGE)) {
      assert.ok(css.includes(`.access-${access} .badge{background:#${color};color:${textOn(color)}}`));
      assert.ok(contrastRatio(color, textOn(color).slice(1)) >= MIN_CONTRAST, access);
    }
    // The frame stands out against every console colour a button can have.
    for (const bg of ["f2b0a9", "fbc8aa", "efda95", "b7ca9d", "83d4e8", "e6e8eb"])
      assert.ok(contrastRatio("8c1d18", bg) >= 3, bg);
    // Without a known access (no proof, nothing declared) a button has no badge.
    assert.ok(example().get(ALICE)!.includes(`>prod · admin</a></li>`));
  });

  test("golden: the sign-in line and the landing role", () => {
    const page = example().get(ALICE)!;
    assert.ok(
      page.includes(
        "You land read-only, at level <code>readonly</code>, in account <code>111111111111</code> (dev) as <code>landing-sre</code>, for up to 8h.",
      ),
    );
    assert.ok(page.includes("<td><code>arn:aws:iam::111111111111:role/sekisho/landing-sre</code></td>"));
  });

  test("golden: the CLI snippet of accounting is its class's ~/.aws/config, landing profile first", () => {
    const m = exampleModel();
    const accounting = accessClasses(m).find((c) => c.slug === "access-accounting")!;
    const config = awsConfig(m, classPlan(m, accounting));
    const page = example().get("portal/access-accounting.html")!;
    assert.ok(page.includes(`<code>${escapeHtml(config)}</code></pre>`));
    assert.ok(
      page.includes(
        "[profile example-landing-accounting]\nregion = eu-west-1\n# credential_process = SAML_HELPER --role arn:aws:iam::111111111111:role/sekisho/landing-accounting",
      ),
    );
    assert.ok(
      page.includes(
        "[profile example-prod-readonly]\nrole_arn = arn:aws:iam::333333333333:role/sekisho/readonly\nsource_profile = example-landing-accounting\nrole_session_name = &lt;your-email&gt;\n",
      ),
    );
    const short = portalFiles(m, { today: TODAY, shortNames: true }).get("portal/access-accounting.html")!;
    assert.ok(
      short.includes("[profile prod-readonly]\n") && !short.includes("[profile example-prod-readonly]"),
    );
  });

  test("golden: the index row of team sre and the link to alice, at her line of the sre page", () => {
    const index = example().get("portal/index.html")!;
    assert.ok(
      index.includes(
        `<tr id="team-0"><th scope="row">sre</th><td>Site reliability engineering</td><td><code>landing-sre</code></td><td>3</td><td><strong>dev</strong>: admin, developer, readonly; <strong>stg</strong>: admin, developer, readonly; <strong>prod</strong>: admin, developer, readonly</td></tr>`,
      ),
    );
    assert.ok(
      index.includes(
        `<li><a href="access-sre.html#p-alice@example.com">alice@example.com</a> <span class="muted">sre</span></li>`,
      ),
    );
    const page = example().get(ALICE)!;
    assert.ok(
      page.includes(`<p class="you" id="p-alice@example.com">This page is yours, alice@example.com.</p>`),
    );
    assert.ok(page.includes("<h1>Access for sre</h1>"));
    assert.ok(
      page.includes("<li>alice@example.com</li>\n<li>bruno@example.com</li>\n<li>chiara@example.com</li>"),
    );
  });

  test("a dev member sees developer and readonly, and only readonly in prod", () => {
    const page = example().get("portal/access-dev-member.html")!;
    const names = [...page.matchAll(/aria-describedby="switch-help">([^<]+)</g)].map((m) => m[1]);
    assert.deepEqual(names, [
      "dev · developer",
      "dev · readonly",
      "stg · developer",
      "stg · readonly",
      "prod · readonly",
    ]);
  });

  test("pages are self-contained: no script, no external style, font or image, CSP with the style's hash", () => {
    for (const [path, html] of example()) {
      assert.doesNotMatch(
        html,
        /<script|<link rel="stylesheet"|<img|@import|url\(|@font-face|<iframe/i,
        path,
      );
      const external = [...html.matchAll(/(?:href|src)="(https?:[^"]*)"/g)].map((m) => m[1]!);
      for (const url of external)
        assert.ok(url.startsWith("https://signin.aws.amazon.com/switchrole?"), `${path}: ${url}`);
      const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
      const hash = createHash("sha256").update(css, "utf8").digest("base64");
      assert.ok(html.includes(`default-src &#39;none&#39;; style-src &#39;sha256-${hash}&#39;`), path);
      assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
      assert.match(html, /<title>[^<]+<\/title>/);
    }
  });

  test("deterministic: the same model gives the same files", () => {
    assert.deepEqual([...example()], [...example()]);
  });
});

describe("portal of the hostile model", () => {
  const m = hostileModel();
  const files = portalFiles(m, { today: TODAY });
  const cls = accessClasses(m).find((c) => c.members.includes(HOSTILE_EMAIL))!;
  const page = files.get(classPath(cls))!;

  test("no file contains markup from the model", () => {
    for (const [path, html] of files) {
      assert.doesNotMatch(html, /<script|<img/i, path);
    }
  });
  test("email, team, descriptions render escaped in text and attributes", () => {
    const email = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;x@example.com";
    const teams = `dev-member and ${escapeHtml(HOSTILE_TEAM)}`;
    assert.equal(cls.slug, "access-dev-member+ops~22~3e~3cscript~3ealert~282~29~3c~2fscript~3e~26");
    assert.ok(page.includes(`<h1>Access for ${teams}</h1>`));
    assert.ok(page.includes(`<title>${teams}: access (example)</title>`));
    assert.ok(page.includes(`<pre tabindex="0" aria-label="AWS CLI profiles for ${teams}">`));
    assert.ok(page.includes(`id="p-${personSlug(HOSTILE_EMAIL)}">This page is yours, ${email}.</p>`));
    assert.ok(page.includes(`<li>${email}</li>`));
    // The environment's description is on the hostile team's page of buttons, escaped.
    assert.ok(
      files.get(switchPath(HOSTILE_TEAM))!.includes(escapeHtml(HOSTILE_ENV_DESCRIPTION)),
      "env description",
    );
    const index = files.get("portal/index.html")!;
    assert.ok(index.includes(`<td>${escapeHtml(HOSTILE_DESCRIPTION)}</td>`));
    assert.ok(index.includes(`<a href="${escapeHtml(personHref(cls, HOSTILE_EMAIL))}">${email}</a>`));
  });
  const fromMember = files.get(switchPath("dev-member"))!;
  const fromHostile = files.get(switchPath(HOSTILE_TEAM))!;
  test("several teams: a page of buttons per landing role, linked from the class page with what it reaches", () => {
    assert.deepEqual(
      [...files.keys()].filter((k) => k.includes("/from-")),
      ["portal/from-dev-member.html", "portal/from-ops~22~3e~3cscript~3ealert~282~29~3c~2fscript~3e~26.html"],
    );
    assert.equal(switchPath("dev-member"), "portal/from-dev-member.html");
    assert.ok(!page.includes('class="btn'), "the class page has no button");
    const team = escapeHtml(HOSTILE_TEAM);
    assert.ok(
      page.includes(
        `<ul class="landing-pages">\n<li><a href="from-dev-member.html">From <code>landing-dev-member</code></a> (team dev-member): <strong>dev</strong>: developer, readonly; <strong>stg</strong>: developer, readonly; <strong>prod</strong>: developer (until ${SOON}), readonly</li>\n<li><a href="${escapeHtml(switchPath(HOSTILE_TEAM).slice("portal/".length))}">From <code>landing-${team}</code></a> (team ${team}): <strong>dev</strong>: readonly; <strong>sandbox</strong>: admin</li>\n</ul>`,
      ),
    );
    assert.ok(fromMember.includes("<h1>Switch role from landing-dev-member</h1>"));
    assert.ok(fromHostile.includes(`<h1>Switch role from landing-${team}</h1>`));
    // Every button of a landing page works from that landing role: no "via" note is needed.
    assert.ok(fromMember.includes(`>prod · developer<small>until ${SOON}</small></a>`));
    assert.ok(!fromMember.includes("via landing"));
    assert.equal([...fromMember.matchAll(/class="btn /g)].length, 6);
    assert.equal([...fromHostile.matchAll(/class="btn /g)].length, 2);
    assert.ok(page.includes(`<tr><td>prod</td><td>developer</td><td>${SOON}</td><td>10 days</td></tr>`));
    for (const html of [page, fromMember, fromHostile])
      assert.ok(!html.includes("stg · admin"), "a grant that ended before today is not a button");
  });
  test("an environment without a colour gets the neutral colour and no color parameter", () => {
    assert.ok(fromHostile.includes(".env-3{background-color:#e6e8eb;color:#000000}"));
    assert.ok(fromHostile.includes('displayName=sandbox%20%C2%B7%20admin" target'));
  });
});

describe("portal with a proof", () => {
  function proofOf(cells: MatrixCell[]): Proof {
    return {
      passed: cells.every((c) => c.actual === c.expected),
      evaluatedAt: `${TODAY}T00:00:00Z`,
      checks: [],
      matrix: classesOf(cells, exampleModel()),
      levels: [],
    };
  }
  const m = exampleModel();
  const a = new AccessIndex(m, TODAY);
  const cells: MatrixCell[] = m.people.flatMap((p) =>
    m.environments.flatMap((e) =>
      m.levels.map((l) => {
        const want = a.roles(p.teams).some((r) => r.env.name === e.name && r.level === l.name);
        return {
          who: p.email,
          kind: "person" as const,
          env: e.name,
          level: l.name,
          expected: want,
          actual: want,
        };
      }),
    ),
  );

  test("each page says the roles are proven, from a full matrix or from only the granted cells", () => {
    const sparse = cells.filter((c) => c.expected || c.actual);
    for (const matrix of [cells, sparse]) {
      const files = portalFiles(m, { today: TODAY, proof: proofOf(matrix) });
      for (const c of accessClasses(m))
        assert.ok(
          files
            .get(classPath(c))!
            .includes(`<p class="ok">Proven: evaluated on the compiled policies at ${TODAY}T00:00:00Z`),
          c.slug,
        );
    }
  });
  test("a difference found by prove is shown on that person's page", () => {
    const bad = [
      ...cells.filter((c) => c.expected && !(c.who === "lena@example.com" && c.env === "dev")),
      {
        who: "kenji@example.com",
        kind: "person" as const,
        env: "prod",
        level: "admin",
        expected: false,
        actual: true,
      },
    ];
    const files = portalFiles(m, { today: TODAY, proof: proofOf(bad) });
    // kenji and lena share the accounting page: each difference is shown for whom prove found it.
    const accounting = files.get("portal/access-accounting.html")!;
    assert.ok(
      accounting.includes(
        `<p>For kenji@example.com:</p>\n<div class="warn" role="note"><p>prove found differences between the model and the compiled policies (evaluated at ${TODAY}T00:00:00Z):</p><ul><li>prod · admin: not granted, but the compiled policies let you in</li></ul></div>`,
      ),
    );
    assert.ok(
      accounting.includes("<p>For lena@example.com:</p>") &&
        accounting.includes("<li>dev · readonly: prove has no result for it</li>"),
    );
    assert.ok(files.get(ALICE)!.includes(`<p class="ok">Proven`));
  });
});

describe("portal at scale", () => {
  test("20,000 people: linear index, a page per access class, each person linked to theirs", () => {
    const small = bigModel(5000);
    const big = bigModel(20000);
    const files = portalFiles(big, { today: TODAY });
    const classes = accessClasses(big);
    // The index, a page per class, and a page of buttons per team that some class shares.
    const shared = new Set(classes.filter((c) => c.teams.length > 1).flatMap((c) => c.teams));
    assert.equal(files.size, 1 + classes.length + shared.size);
    for (const t of shared) assert.ok(files.has(switchPath(t)), t);
    // A button is written once per landing role, not once per class of several teams.
    const buttons = [...files.values()].reduce((n, html) => n + html.split('class="btn ').length - 1, 0);
    const reach = new AccessIndex(big, TODAY);
    const teamButtons = (c: { teams: string[] }) => (c.teams.length > 1 ? 0 : reach.roles(c.teams).length);
    const perLanding = [...shared].reduce((n, t) => n + reach.roles([t]).length, 0);
    assert.equal(buttons, classes.reduce((n, c) => n + teamButtons(c), 0) + perLanding);
    assert.ok(classes.length < 2000, `${classes.length} classes`);
    const index = files.get("portal/index.html")!;
    for (const c of classes.slice(0, 50)) {
      assert.ok(files.has(classPath(c)));
      for (const who of c.members) assert.ok(index.includes(`<a href="${escapeHtml(personHref(c, who))}">`));
    }
    const perPerson = (f: Map<string, string>, n: number) => f.get("portal/index.html")!.length / n;
    const ratio = perPerson(files, 20000) / perPerson(portalFiles(small, { today: TODAY }), 5000);
    assert.ok(ratio > 0.9 && ratio < 1.1, `index size per person grows with the organisation: ${ratio}`);
    assert.ok(perPerson(files, 20000) < 150, "index entry per person stays small");
    assert.ok(files.get("portal/index.html")!.includes(`<nav aria-label="People by first letter">`));
  });
});
