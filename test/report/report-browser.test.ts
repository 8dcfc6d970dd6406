// report.html in headless Chromium, from file:// and from the loopback server: no console
// errors, nothing from the model runs, the SVG graph renders with readable colours, the heat
// map's text contrasts with its cells; screenshots for CI.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { writeOutputDir } from "../../src/cli/output-dir.js";
import { type PortalServer, servePortal } from "../../src/portal/serve.js";
import { accessGraph } from "../../src/report/graph.js";
import { reportFiles } from "../../src/report/report.js";
import {
  artifact,
  type BrowserGlobals,
  browserSkip,
  contrast,
  type DomElement,
  hexToRgb,
  launchChromium,
  watch,
} from "../portal/browser.js";
import {
  bigModel,
  HOSTILE_DESCRIPTION,
  HOSTILE_EMAIL,
  HOSTILE_REASON,
  hostileModel,
  TODAY,
} from "../portal/fixtures.js";
import { failedProof, provenExample } from "./fixtures.js";

interface Painted {
  text: string;
  background: string;
  color: string;
}

async function painted(page: Page, selector: string): Promise<Painted[]> {
  return page.$$eval(selector, (els) =>
    (els as unknown as DomElement[]).map((e) => {
      const s = (globalThis as unknown as BrowserGlobals).getComputedStyle(e);
      return { text: e.textContent ?? "", background: s.backgroundColor, color: s.color };
    }),
  );
}

describe("report in headless Chromium", { skip: browserSkip() }, () => {
  let browser: Browser;
  let base: string;
  let server: PortalServer;
  const sites = ["proven", "failed", "hostile", "large"] as const;

  before(async () => {
    base = mkdtempSync(join(tmpdir(), "sekisho-report-browser-"));
    const { model, proof, steps } = provenExample();
    const reports = {
      proven: reportFiles(model, { proof, deploySteps: steps, today: TODAY }),
      failed: reportFiles(model, { proof: failedProof(proof), deploySteps: steps, today: TODAY }),
      hostile: reportFiles(hostileModel(), { today: TODAY }),
      large: reportFiles(bigModel(300, 12, 8), { today: TODAY }),
    };
    for (const name of sites) writeOutputDir(join(base, name), reports[name], "plan");
    server = await servePortal(base, 0);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(base, { recursive: true, force: true });
  });

  const origins = { file: () => `${pathToFileURL(base).href}/`, http: () => server.url };

  for (const [via, origin] of Object.entries(origins)) {
    for (const site of sites) {
      test(`${via}: ${site} report renders cleanly, with readable colours`, async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        const w = watch(page);
        const response = await page.goto(`${origin()}${site}/report.html`);
        if (via === "http") assert.equal(response?.status(), 200);
        assert.equal(await page.getAttribute("html", "lang"), "en");
        assert.match(await page.title(), /: access plan report$/);
        assert.equal(await page.locator("h1").count(), 1);
        assert.deepEqual(
          await page.$$eval("h2", (hs) => (hs as unknown as DomElement[]).map((x) => x.textContent)),
          [
            "Access matrix",
            "Access graph",
            "Kept IAM users",
            "Workloads",
            "Deployment steps",
            "Proof results",
          ],
        );
        assert.equal(await page.locator("script, img, iframe").count(), 0);

        // The graph: one box per node, drawn where dagre put it, with text that contrasts.
        const svg = page.locator("svg[role=img]");
        assert.equal(await svg.count(), 1);
        const box = await svg.boundingBox();
        assert.ok(box && box.width > 200 && box.height > 100, "the SVG has a size");
        assert.ok(
          (await page.locator("svg title#graph-title").textContent())?.startsWith("Access graph of "),
        );
        const nodes = await page.$$eval("svg g.node", (gs) =>
          (gs as unknown as (DomElement & { querySelector(s: string): DomElement })[]).map((g) => ({
            fill: g.querySelector("rect").getAttribute("fill") ?? "",
            ink: g.querySelector("text").getAttribute("fill") ?? "",
            kind: g.className,
          })),
        );
        assert.ok(nodes.length > 5);
        for (const n of nodes) {
          const ratio = contrast(hexToRgb(n.fill.slice(1)), hexToRgb(n.ink.slice(1)));
          assert.ok(ratio >= 4.5, `${n.kind}: ${n.fill} on ${n.ink}: ${ratio.toFixed(2)}`);
        }

        // The heat map: every coloured cell and environment heading has contrasting text.
        const cells = await painted(page, "table.matrix td[class], table.matrix th[class]");
        assert.ok(cells.length > 0);
        for (const c of cells) {
          const ratio = contrast(c.color, c.background);
          assert.ok(ratio >= 4.5, `"${c.text}": ${c.color} on ${c.background}: ${ratio.toFixed(2)}`);
        }
        const envHeads = await painted(page, "table.matrix thead th.env-0");
        assert.equal(envHeads[0]?.background, hexToRgb(site === "large" ? "b7ca9d" : "b7ca9d"));

        assert.deepEqual(w.problems, []);
        for (const url of w.requests) assert.ok(url.startsWith(origin()) || url.startsWith("data:"), url);
        await context.close();
      });
    }

    test(`${via}: the hostile report shows the model's strings as text`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const w = watch(page);
      await page.goto(`${origin()}hostile/report.html`);
      const rowHeads = await page.$$eval("table.matrix tbody th", (ths) =>
        (ths as unknown as (DomElement & { firstChild: { textContent: string | null } | null })[]).map(
          (t) => t.firstChild?.textContent ?? "",
        ),
      );
      assert.ok(rowHeads.includes(`${HOSTILE_EMAIL} `));
      const reasons = await page.$$eval("section[aria-labelledby=users] tbody td:last-child", (tds) =>
        (tds as unknown as DomElement[]).map((t) => t.textContent),
      );
      assert.ok(reasons.includes(HOSTILE_REASON));
      const titles = await page.$$eval("svg g.node > title", (ts) =>
        (ts as unknown as DomElement[]).map((t) => t.textContent ?? ""),
      );
      assert.ok(titles.some((t) => t.includes(HOSTILE_DESCRIPTION)));
      assert.equal(
        await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.scripts.length),
        0,
      );
      assert.deepEqual(w.problems, []);
      await context.close();
    });
  }

  test("the graph has one box per node of the access graph", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}proven/report.html`);
    assert.equal(await page.locator("svg g.node").count(), accessGraph(provenExample().model).nodes.length);
    await page.close();
  });

  test("screenshots of report.html (CI artefacts)", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    for (const [site, file] of [
      ["proven", "report.png"],
      ["failed", "report-failed.png"],
      ["large", "report-grouped.png"],
    ] as const) {
      await page.goto(`${server.url}${site}/report.html`);
      await page.screenshot({ path: artifact(file), fullPage: true });
    }
    await context.close();
  });
});
