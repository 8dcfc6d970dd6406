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
import { cliSnippet, personPath, personSlug, portalFiles } from "../../src/portal/portal.js";
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

const ALICE = "portal/alice@example.com.html";

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
  test("an index and one page per person, nothing else", () => {
    const files = example();
    assert.deepEqual(
      [...files.keys()],
      ["portal/index.html", ...exampleModel().people.map((p) => `portal/${p.email}.html`)],
    );
  });

  test("golden: alice's prod admin button", () => {
    const page = example().get(ALICE)!;
    assert.ok(
      page.includes(
        `<li><a class="btn env-2" href="https://signin.aws.amazon.com/switchrole?account=333333333333&amp;roleName=sekisho%2Fadmin&amp;displayName=prod%20%C2%B7%20admin&amp;color=f2b0a9" target="_blank" rel="noopener noreferrer" aria-describedby="switch-help">prod · admin</a></li>`,
      ),
    );
    assert.ok(page.includes(`<style>`) && page.includes(`.env-2{background-color:#f2b0a9;color:#000000}`));
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

  test("golden: the CLI profile of kenji (accounting: read-only everywhere)", () => {
    const m = exampleModel();
    const kenji = m.people.find((p) => p.email === "kenji@example.com")!;
    const a = new AccessIndex(m, TODAY);
    assert.equal(
      cliSnippet(m, kenji, a.roles(kenji.teams), a.landings(kenji.teams)),
      `# Base profiles: the landing session after Google sign-in, one per landing role.
# Your SAML tool fills them in; they are not written here.
# example-landing-accounting = arn:aws:iam::111111111111:role/sekisho/landing-accounting

[profile dev-readonly]
role_arn = arn:aws:iam::111111111111:role/sekisho/readonly
source_profile = example-landing-accounting
role_session_name = kenji@example.com
duration_seconds = 3600
region = eu-west-1

[profile stg-readonly]
role_arn = arn:aws:iam::222222222222:role/sekisho/readonly
source_profile = example-landing-accounting
role_session_name = kenji@example.com
duration_seconds = 3600
region = eu-west-1

[profile prod-readonly]
role_arn = arn:aws:iam::333333333333:role/sekisho/readonly
source_profile = example-landing-accounting
role_session_name = kenji@example.com
duration_seconds = 3600
region = eu-west-1
`,
    );
    assert.ok(
      example()
        .get("portal/kenji@example.com.html")!
        .includes("[profile prod-readonly]\nrole_arn = arn:aws:iam::333333333333:role/sekisho/readonly"),
    );
  });

  test("golden: the index row of team sre and the link to alice", () => {
    const index = example().get("portal/index.html")!;
    assert.ok(
      index.includes(
        `<tr id="team-0"><th scope="row">sre</th><td>Site reliability engineering</td><td><code>landing-sre</code></td><td>3</td><td><strong>dev</strong>: admin, developer, readonly; <strong>stg</strong>: admin, developer, readonly; <strong>prod</strong>: admin, developer, readonly</td></tr>`,
      ),
    );
    assert.ok(
      index.includes(
        `<li><a href="alice@example.com.html">alice@example.com</a> <span class="muted">sre</span></li>`,
      ),
    );
  });

  test("a dev member sees developer and readonly, and only readonly in prod", () => {
    const page = example().get("portal/farid@example.com.html")!;
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
  const files = portalFiles(hostileModel(), { today: TODAY });
  const page = files.get(personPath(HOSTILE_EMAIL))!;

  test("no file contains markup from the model", () => {
    for (const [path, html] of files) {
      assert.doesNotMatch(html, /<script|<img/i, path);
    }
  });
  test("email, team, descriptions render escaped in text and attributes", () => {
    const email = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;x@example.com";
    assert.ok(page.includes(`<h1>Access for ${email}</h1>`));
    assert.ok(page.includes(`<title>${email}: access (example)</title>`));
    assert.ok(page.includes(`<pre tabindex="0" aria-label="AWS CLI profiles for ${email}">`));
    assert.ok(page.includes(`role_session_name = ${email}\n`));
    assert.ok(page.includes(escapeHtml(HOSTILE_TEAM)));
    assert.ok(page.includes(escapeHtml(HOSTILE_ENV_DESCRIPTION)));
    const index = files.get("portal/index.html")!;
    assert.ok(index.includes(`<td>${escapeHtml(HOSTILE_DESCRIPTION)}</td>`));
    assert.ok(index.includes(`<a href="${personSlug(HOSTILE_EMAIL)}.html">${email}</a>`));
  });
  test("several teams: each button says which landing role it needs; grants ending soon are listed", () => {
    assert.ok(
      page.includes(`prod · developer<small>until ${SOON}</small><small>via landing-dev-member</small>`),
    );
    assert.ok(page.includes(`<tr><td>prod</td><td>developer</td><td>${SOON}</td><td>10 days</td></tr>`));
    assert.ok(!page.includes("stg · admin"), "a grant that ended before today is not a button");
  });
  test("an environment without a colour gets the neutral colour and no color parameter", () => {
    assert.ok(page.includes(".env-3{background-color:#e6e8eb;color:#000000}"));
    assert.ok(page.includes('displayName=sandbox%20%C2%B7%20admin" target'));
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
      for (const p of m.people)
        assert.ok(
          files
            .get(personPath(p.email))!
            .includes(`<p class="ok">Proven: evaluated on the compiled policies at ${TODAY}T00:00:00Z`),
          p.email,
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
    assert.ok(
      files
        .get("portal/kenji@example.com.html")!
        .includes("<li>prod · admin: not granted, but the compiled policies let you in</li>"),
    );
    assert.ok(
      files
        .get("portal/lena@example.com.html")!
        .includes("<li>dev · readonly: prove has no result for it</li>"),
    );
    assert.ok(files.get("portal/alice@example.com.html")!.includes(`<p class="ok">Proven`));
  });
});

describe("portal at scale", () => {
  test("20,000 people: linear index, every page written", () => {
    const small = bigModel(5000);
    const big = bigModel(20000);
    const files = portalFiles(big, { today: TODAY });
    assert.equal(files.size, 20001);
    const perPerson = (f: Map<string, string>, n: number) => f.get("portal/index.html")!.length / n;
    const ratio = perPerson(files, 20000) / perPerson(portalFiles(small, { today: TODAY }), 5000);
    assert.ok(ratio > 0.9 && ratio < 1.1, `index size per person grows with the organisation: ${ratio}`);
    assert.ok(perPerson(files, 20000) < 150, "index entry per person stays small");
    assert.ok(files.get("portal/index.html")!.includes(`<nav aria-label="People by first letter">`));
  });
});
