// audit.html in headless Chromium from file://, on the real datasets: no console errors, the
// per-severity counts equal audit.json's, escalation paths render as ordered steps, and a
// hostile principal name from the export shows as text. Screenshot: artifacts/audit.png.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { audit } from "../../src/audit/audit.js";
import { type AuditFinding, type AuditReport, SEVERITIES } from "../../src/audit/types.js";
import { auditHtml } from "../../src/emit/audit-html.js";
import { auditJson } from "../../src/emit/audit-report.js";
import { type InputFile, importExports } from "../../src/import/import.js";
import { DATASETS } from "../datasets.js";
import {
  artifact,
  type BrowserGlobals,
  browserSkip,
  type DomElement,
  launchChromium,
  watch,
} from "../portal/browser.js";

const D = DATASETS;
const NOW = "2026-11-28T00:00:00Z";
const CLOUDMAPPER = "cloudmapper-demo-authz-details.json";
const HOSTILE = `<img src=x onerror=alert(1)>"'&`;

const file = (dir: string, name: string): InputFile => ({
  path: name,
  text: readFileSync(join(dir, name), "utf8"),
});

function run(exports: InputFile[], reports: InputFile[] = []): AuditReport {
  const r = importExports(exports, reports);
  assert.ok(r.state.accounts.length > 0, "the export imports");
  return audit(r.state, NOW);
}

const texts = (page: Page, selector: string) =>
  page.$$eval(selector, (els) => (els as unknown as DomElement[]).map((e) => e.textContent ?? ""));

describe("audit.html in headless Chromium", { skip: browserSkip() }, () => {
  let browser: Browser;
  let base: string;
  const sites: Record<string, AuditReport> = {};

  before(async () => {
    base = mkdtempSync(join(tmpdir(), "sekisho-audit-html-"));
    sites.cloudmapper = run([file(D, CLOUDMAPPER)], [file(D, "cloudmapper-demo-credential-report.json")]);
    sites.cloudsplaining = run([file(D, "cloudsplaining-test-example-authz-details.json")]);
    // The cloudmapper export with the role "exfiller" (the start of an escalation path) renamed.
    const renamed = readFileSync(join(D, CLOUDMAPPER), "utf8").replaceAll(
      "exfiller",
      JSON.stringify(HOSTILE).slice(1, -1),
    );
    sites.hostile = run([{ path: CLOUDMAPPER, text: renamed }]);
    for (const [name, report] of Object.entries(sites))
      writeFileSync(join(base, `${name}.html`), auditHtml(report), "utf8");
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  const url = (name: string) => pathToFileURL(join(base, `${name}.html`)).href;

  for (const name of ["cloudmapper", "cloudsplaining", "hostile"]) {
    test(`${name}: opens cleanly, headline first, counts equal audit.json's`, async () => {
      const page = await browser.newPage();
      const w = watch(page);
      await page.goto(url(name));
      assert.equal(await page.title(), "Sekisho audit");
      assert.deepEqual(await texts(page, "h2"), [
        "Headline",
        "Findings",
        ...(sites[name]!.warnings.length ? ["Warnings"] : []),
      ]);
      const headline = await texts(page, "ol.headline > li");
      assert.equal(headline.length, 3);
      assert.match(headline[0]!, /^Too many IAM users:/);
      assert.match(headline[1]!, /^Too powerful:/);
      assert.match(headline[2]!, /^No per-person boundaries:/);
      assert.equal(await page.locator("script, img, iframe, link[rel=stylesheet]").count(), 0);

      const json = JSON.parse(auditJson(sites[name]!)) as { findings: AuditFinding[] };
      const expected = SEVERITIES.map((s) => json.findings.filter((f) => f.severity === s).length);
      assert.ok(expected.some((n) => n > 0));
      const shown = await page.$$eval("td.count", (tds) =>
        (tds as unknown as DomElement[]).map((t) => [t.getAttribute("data-severity"), t.textContent]),
      );
      assert.deepEqual(
        shown,
        SEVERITIES.map((s, i) => [s, String(expected[i])]),
      );
      for (const [i, s] of SEVERITIES.entries()) {
        assert.equal(await page.locator(`#sev-${s}-h .n`).textContent(), String(expected[i]));
        assert.equal(await page.locator(`#sev-${s} article.finding`).count(), expected[i]);
      }
      assert.deepEqual(
        await texts(page, "code.id"),
        SEVERITIES.flatMap((s) => json.findings.filter((f) => f.severity === s).map((f) => f.id)),
      );
      assert.deepEqual(w.problems, []);
      for (const r of w.requests) assert.equal(r, url(name));
      await page.close();
    });
  }

  test("an escalation path is an ordered list of its steps", async () => {
    const page = await browser.newPage();
    await page.goto(url("cloudsplaining"));
    const f = sites.cloudsplaining!.findings.find(
      (x) => x.id === "escalation/arn:aws:iam::012345678901:role/MyOtherRole",
    )!;
    const chain = f.evidence[0]!.chain!;
    assert.equal(chain.length, 3);
    const article = page.locator("article.finding", {
      has: page.locator("code.id", { hasText: f.id }),
    });
    const steps = await article
      .locator("ol.path > li.step")
      .evaluateAll((lis) =>
        (lis as unknown as (DomElement & { querySelectorAll(s: string): DomElement[] })[]).map((li) =>
          Array.from(li.querySelectorAll(":scope > code")).map((c) => c.textContent),
        ),
      );
    assert.deepEqual(steps, [
      [chain[0], chain[1]],
      [chain[1], chain[2]],
    ]);
    assert.match((await article.locator("ol.path > li.step").first().textContent()) ?? "", /ec2:Associate/);
    await page.close();
  });

  test("a hostile principal name renders as text", async () => {
    const page = await browser.newPage();
    const w = watch(page);
    await page.goto(url("hostile"));
    const arn = `arn:aws:iam::123456789012:role/${HOSTILE}`;
    assert.ok((await texts(page, "code.principal")).includes(arn), "the principal is shown verbatim");
    assert.ok((await texts(page, "ol.path code")).includes(arn), "and in its escalation path");
    assert.equal(await page.locator("img").count(), 0);
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.scripts.length),
      0,
    );
    assert.deepEqual(w.problems, [], "no dialog, no console error");
    await page.close();
  });

  test("screenshot of audit.html (CI artefact)", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url("cloudsplaining"));
    await page.screenshot({ path: artifact("audit.png"), fullPage: true });
    await page.close();
  });
});
