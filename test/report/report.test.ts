// The plan report as strings: golden fragments of the example (with its real proof), the
// graph's dagre layout, condensing for large organisations, escaping, Markdown.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { escapeHtml } from "../../src/portal/html.js";
import { accessGraph, GRAPH_EDGES_MAX, graphSvg, teamReach } from "../../src/report/graph.js";
import { matrixView } from "../../src/report/matrix.js";
import { reportFiles } from "../../src/report/report.js";
import { mdCell, mdText } from "../../src/text/markdown.js";
import { exampleModel } from "../helpers.js";
import {
  bigModel,
  HOSTILE_DESCRIPTION,
  HOSTILE_EMAIL,
  HOSTILE_REASON,
  hostileModel,
  TODAY,
} from "../portal/fixtures.js";
import { failedProof, provenExample } from "./fixtures.js";

function proven(): { html: string; md: string } {
  const { model, proof, steps } = provenExample();
  const files = reportFiles(model, { proof, deploySteps: steps, today: TODAY });
  assert.deepEqual([...files.keys()], ["report.html", "report.md"]);
  return { html: files.get("report.html")!, md: files.get("report.md")! };
}

interface Rect {
  kind: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

function rects(svg: string): Rect[] {
  return [
    ...svg.matchAll(
      /<g class="node node-(\w+)"><title>[^<]*<\/title><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g,
    ),
  ].map((m) => ({ kind: m[1]!, x: Number(m[2]), y: Number(m[3]), w: Number(m[4]), h: Number(m[5]) }));
}

describe("report of the example, with its proof", () => {
  test("golden: the matrix heading and cells, proven", () => {
    const { html } = proven();
    assert.ok(
      html.includes(
        `<thead><tr><th scope="col" rowspan="2">Who</th><th scope="colgroup" colspan="3" class="env-0">dev</th><th scope="colgroup" colspan="3" class="env-1">stg</th><th scope="colgroup" colspan="3" class="env-2">prod</th></tr>`,
      ),
    );
    assert.ok(
      html.includes(
        `<tr><th scope="row">kenji@example.com <span class="muted">accounting</span></th><td><span class="sr">no</span></td><td><span class="sr">no</span></td><td class="heat-read"><span aria-hidden="true">✓</span><span class="sr">yes</span></td>`,
      ),
    );
    assert.ok(
      html.includes(
        `<td class="heat-admin"><span aria-hidden="true">✓</span><span class="sr">yes</span></td>`,
      ),
    );
    assert.ok(
      html.includes(`<th scope="row">break-glass (IAM user, with MFA) <span class="muted">sre</span></th>`),
    );
    assert.ok(html.includes("Cells are prove&#39;s verdicts, evaluated on the compiled policies"));
  });

  test("golden: deployment steps and proof results", () => {
    const { html } = proven();
    assert.ok(
      html.includes(
        `<tr><td>1</td><td>111111111111 (dev)</td><td><code>sekisho-example-environment</code></td><td><code>cloudformation/111111111111-dev-environment.json</code></td></tr>`,
      ),
    );
    assert.ok(
      html.includes(
        `<tr><td>4</td><td>111111111111 (dev)</td><td><code>sekisho-example-identity</code></td><td><code>cloudformation/111111111111-dev-identity.json</code></td></tr>`,
      ),
    );
    for (const title of [
      "Matrix exact",
      "Kept users need MFA",
      "Landing is read-only",
      "Levels mean what they say",
      "No escalation",
      "Hygiene",
    ])
      assert.ok(
        html.includes(`<tr><th scope="row">${title}</th><td><span class="badge pass">PASS</span></td>`),
        title,
      );
    assert.ok(
      html.includes(
        `<p class="ok" role="status">prove passed: every check holds on the compiled policies (evaluated at ${TODAY}T00:00:00Z).</p>`,
      ),
    );
  });

  test("golden: report.md", () => {
    const { md } = proven();
    assert.ok(md.startsWith("# example: access plan report\n"));
    assert.ok(md.includes("| kenji@example.com |   |   | ✓ |   |   | ✓ |   |   | ✓ |\n"));
    assert.ok(
      md.includes(
        "| 4 | 111111111111 (dev) | sekisho-example-identity | cloudformation/111111111111-dev-identity.json |\n",
      ),
    );
    assert.ok(md.includes("| Matrix exact | pass | "));
    assert.ok(
      md.includes("- team accounting (landing-accounting): dev: readonly; stg: readonly; prod: readonly\n"),
    );
    assert.ok(md.endsWith("\n") && !md.includes("\n\n\n"));
  });

  test("the graph is laid out by dagre: columns left to right, no overlapping boxes, environments in model order", () => {
    const svg = graphSvg(accessGraph(exampleModel()), "t");
    const boxes = rects(svg);
    assert.equal(boxes.length, 12 + 2 + 4 + 3);
    const meanX = (kinds: string[]) => {
      const xs = boxes.filter((b) => kinds.includes(b.kind)).map((b) => b.x + b.w / 2);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    const columns = [meanX(["person", "user"]), meanX(["team"]), meanX(["env"])];
    const envYs = boxes.filter((b) => b.kind === "env").map((b) => b.y);
    assert.deepEqual(
      [...envYs].sort((a, b) => a - b),
      envYs,
    );
    assert.deepEqual(
      [...svg.matchAll(/<g class="node node-env"><title>([a-z]+) /g)].map((m) => m[1]),
      ["dev", "stg", "prod"],
    );
    assert.deepEqual(
      [...columns].sort((a, b) => a - b),
      columns,
    );
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        assert.ok(
          a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y,
          "boxes overlap",
        );
    assert.equal(
      (svg.match(/<path d="M[^"]*" marker-end/g) ?? []).length,
      accessGraph(exampleModel()).edges.length,
    );
    // Each team → environment edge carries its levels.
    assert.ok(svg.includes(`<text x="`) && svg.includes(`>admin, developer, readonly</text>`));
    assert.match(
      svg,
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" role="img" aria-labelledby="graph-title graph-desc"/,
    );
  });

  test("the graph's nodes and edges: people and kept users → teams → environments, one edge per team and environment with its levels", () => {
    const g = accessGraph(exampleModel());
    const count = (kind: string) => g.nodes.filter((n) => n.kind === kind).length;
    assert.deepEqual(["person", "user", "team", "env"].map(count), [12, 2, 4, 3]);
    const edge = (from: string, to: string) => g.edges.find((e) => e.from === from && e.to === to);
    assert.ok(edge("p:alice@example.com", "t:sre"));
    assert.ok(edge("u:ci-deployer", "t:dev-member"));
    assert.deepEqual(edge("t:sre", "e:prod")!.levels, [
      { level: "admin" },
      { level: "developer" },
      { level: "readonly" },
    ]);
    assert.deepEqual(edge("t:dev-member", "e:prod")!.levels, [{ level: "readonly" }]);
    assert.equal(g.edges.filter((e) => e.to.startsWith("e:")).length, 12);
    assert.match(
      g.nodes.find((n) => n.id === "t:dev-member")!.title,
      /landing role \/sekisho\/landing-dev-member, kept IAM users from group \/sekisho\/sekisho-dev-member \(MFA\)$/,
    );
    assert.deepEqual(g.notes, []);
  });

  test("deterministic", () => {
    assert.deepEqual(proven(), proven());
  });

  test("self-contained: no script, no external resource, CSP with the style's hash", () => {
    const { html } = proven();
    assert.doesNotMatch(html, /<script|<link rel="stylesheet"|<img|@import|url\(http|@font-face|<iframe/i);
    assert.doesNotMatch(html, /(?:href|src)="https?:/);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash("sha256").update(css, "utf8").digest("base64");
    assert.ok(html.includes(`style-src &#39;sha256-${hash}&#39;`));
  });
});

describe("report when prove fails", () => {
  const { model, proof, steps } = provenExample();
  const files = reportFiles(model, { proof: failedProof(proof), deploySteps: steps });
  const html = files.get("report.html")!;
  const md = files.get("report.md")!;

  test("differences are flagged in the matrix", () => {
    assert.ok(
      html.includes(
        `<td class="heat-wrong"><span aria-hidden="true">✗ NOT GRANTED</span><span class="sr">reachable but not granted</span></td>`,
      ),
    );
    assert.ok(
      html.includes(
        `<td class="heat-wrong"><span aria-hidden="true">✗ MISSING</span><span class="sr">granted but not reachable</span></td>`,
      ),
    );
    assert.ok(md.includes("| kenji@example.com |   |   | ✓ |   |   | ✓ | ✗ NOT GRANTED |   | ✓ |"));
  });
  test("the banner says not to deploy; failures are listed, the first 200", () => {
    assert.ok(html.includes(`<p class="warn" role="status">prove FAILED: 1 of 6 checks fail`));
    assert.ok(html.includes(`<span class="badge fail">FAIL</span>`));
    assert.ok(html.includes("<h3>Matrix exact: 250 failures</h3>"));
    assert.ok(html.includes("failure number 200 <span"));
    assert.ok(!html.includes("failure number 201 <span"));
    assert.ok(html.includes("<p>… and 50 more in proof.json.</p>"));
    assert.ok(md.includes("- … and 50 more in proof.json"));
  });
});

describe("report without a proof or steps", () => {
  const files = reportFiles(exampleModel(), { today: TODAY });
  test("says so", () => {
    const html = files.get("report.html")!;
    assert.ok(
      html.includes(`<p class="warn" role="status">Not proven: prove did not run for this report.</p>`),
    );
    assert.ok(html.includes("Cells are read off the model: prove did not run."));
    assert.ok(html.includes("Not given here: see <code>deploy.md</code>"));
    assert.ok(files.get("report.md")!.includes("prove did not run."));
  });
});

describe("report of the hostile model", () => {
  const files = reportFiles(hostileModel(), { today: TODAY });
  const html = files.get("report.html")!;
  const md = files.get("report.md")!;
  test("HTML: every model string is escaped, in text, SVG titles and attributes", () => {
    assert.doesNotMatch(html, /<script|<img/i);
    assert.ok(html.includes(`<th scope="row">${escapeHtml(HOSTILE_EMAIL)} <span class="muted">`));
    assert.ok(html.includes(`<td>${escapeHtml(HOSTILE_REASON)}</td>`));
    assert.ok(html.includes(escapeHtml(HOSTILE_DESCRIPTION)));
    assert.ok(
      html.includes(
        `<title>${escapeHtml(`${HOSTILE_EMAIL}: ops"><script>alert(2)</script>&, dev-member`)}</title>`,
      ),
    );
  });
  test("Markdown: no markup survives", () => {
    assert.doesNotMatch(md, /<script|<img/i);
    assert.ok(md.includes("| &lt;script&gt;alert(5)&lt;/script&gt; \"because\" &amp; 'so' |"));
    assert.ok(md.includes("&lt;script&gt;alert(1)&lt;/script&gt;\"'&amp;x@example.com"));
  });
  test("a grant that ended before today is not in the matrix; one ending soon shows its date", () => {
    const view = matrixView(hostileModel(), undefined, TODAY);
    assert.equal(view.mode, "person");
    const farid = view.rows.find((r) => r.label === "farid@example.com")!;
    const at = (env: string, level: string) =>
      farid.cells[view.columns.findIndex((c) => c.env.name === env && c.level.name === level)];
    assert.deepEqual(at("prod", "developer"), { state: "granted", until: "2026-12-08" });
    assert.deepEqual(at("stg", "admin"), { state: "none" });
  });
});

describe("markdown text", () => {
  test("cannot make links, emphasis, code or HTML, nor break a table", () => {
    assert.equal(
      mdText("[x](javascript:alert(1)) *b* `c` <i> & _u_"),
      "\\[x\\](javascript:alert(1)) \\*b\\* \\`c\\` &lt;i&gt; &amp; \\_u\\_",
    );
    assert.equal(mdCell("a|b\nc"), "a\\|b c");
  });
});

describe("report at scale", () => {
  test("a few hundred people: people grouped by team set in the graph and the matrix, and the page says so", () => {
    const m = bigModel(300, 12, 8);
    const g = accessGraph(m, TODAY);
    assert.ok(g.nodes.some((n) => n.kind === "people") && !g.nodes.some((n) => n.kind === "person"));
    assert.match(
      g.notes[0]!,
      /^300 people are grouped into \d+ nodes: people with exactly the same teams share one\.$/,
    );
    const view = matrixView(m, undefined, TODAY);
    assert.equal(view.mode, "group");
    assert.match(
      view.notes[0]!,
      /^301 people and kept users are shown in \d+ rows: people with the same teams share a row/,
    );
    const html = reportFiles(m, { today: TODAY }).get("report.html")!;
    assert.ok(html.includes(escapeHtml(g.notes[0]!)));
    assert.match(html, /<details><summary>\d+ people<\/summary>/);
  });

  test("20,000 people: teams × environments, environments as graph nodes", () => {
    const m = bigModel(20000);
    const files = reportFiles(m, { today: TODAY });
    const view = matrixView(m, undefined, TODAY);
    assert.equal(view.mode, "team");
    const g = accessGraph(m, TODAY);
    assert.ok(g.nodes.every((n) => n.kind !== "person" && n.kind !== "people"));
    // Only granted environments are drawn, in model order.
    const envs = g.nodes.filter((n) => n.kind === "env").map((n) => n.order!);
    assert.ok(envs.length > 200 && envs.length <= 300, `${envs.length} environments`);
    assert.deepEqual(
      [...envs].sort((a, b) => a - b),
      envs,
    );
    assert.ok(g.notes.some((n) => /too many to draw: each team shows how many people it has/.test(n)));
    // Past GRAPH_EDGES_MAX arrows nobody can follow the drawing: each team's reach is listed instead.
    assert.ok(g.edges.length > GRAPH_EDGES_MAX, `${g.edges.length} arrows`);
    const html = files.get("report.html")!;
    assert.ok(!html.includes("<svg"), "no drawing");
    assert.ok(
      html.includes(
        `<p>${g.edges.length} arrows are too many to draw legibly; per team, what its landing role reaches (the matrix above shows the same):</p>`,
      ),
    );
    const first = teamReach(g)[0]!;
    assert.ok(
      html.includes(
        `<li><strong>${escapeHtml(first.team)}</strong> (<code>landing-${escapeHtml(first.team)}</code>): ${escapeHtml(first.reach.join("; "))}</li>`,
      ),
    );
    assert.equal([...html.matchAll(/<li><strong>/g)].length, m.teams.length);
    assert.ok(
      files
        .get("report.md")!
        .includes(
          `${g.edges.length} arrows are too many to draw legibly; per team, what its landing role reaches:`,
        ),
    );
    assert.ok(html.length < 5_000_000);
  });
});
