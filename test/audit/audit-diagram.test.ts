// audit.html draws each escalation path as a small diagram (one box per step's end, the step on
// the arrow), every text escaped; the headline says once that the credential counts need a
// report, and how to get it, instead of "unknown" four times.
import assert from "node:assert/strict";
import { test } from "node:test";
import { audit } from "../../src/audit/audit.js";
import { auditHtml } from "../../src/emit/audit-html.js";
import { auditMarkdown, auditTerminal } from "../../src/emit/audit-report.js";
import { importExports } from "../../src/import/import.js";
import { datasetText } from "../datasets.js";

const file = (name: string) => ({ path: name, text: datasetText(name) });
const NOW = "2026-11-28T00:00:00Z";

function article(html: string, id: string): string {
  const start = html.indexOf(`<code class="id">${id}</code>`);
  assert.ok(start > 0, id);
  const from = html.lastIndexOf("<article", start);
  return html.slice(from, html.indexOf("</article>", start));
}

test("an escalation path is drawn: a box per principal, the step on the arrow, whole texts in titles", () => {
  const a = audit(
    importExports(
      [file("cloudmapper-demo-authz-details.json")],
      [file("cloudmapper-demo-credential-report.json")],
    ).state,
    NOW,
  );
  const f = a.findings.find((x) => x.id === "escalation/arn:aws:iam::123456789012:role/exfiller")!;
  const html = article(auditHtml(a), f.id);
  const svg = /<svg class="path-diagram"[^>]*>[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
  assert.ok(
    svg.startsWith(
      '<svg class="path-diagram" role="img" aria-label="escalation path from arn:aws:iam::123456789012:role/exfiller in ',
    ),
  );
  const boxes = [...svg.matchAll(/<g class="node"><title>([^<]*)<\/title>/g)].map((m) => m[1]);
  const arrows = [...svg.matchAll(/<g class="edge"><title>([^<]*)<\/title>/g)].map((m) => m[1]);
  const chain = f.evidence[0]!.chain!;
  assert.equal(boxes[0], chain[0]);
  assert.equal(boxes.at(-1), chain.at(-1));
  assert.equal(arrows.length, f.evidence.length - 1);
  assert.equal(boxes.length, arrows.length + 1);
  assert.deepEqual(
    arrows,
    f.evidence
      .slice(1)
      .map((e) =>
        e.what
          .replaceAll("&", "&amp;")
          .replaceAll("<", "&lt;")
          .replaceAll(">", "&gt;")
          .replaceAll('"', "&quot;")
          .replaceAll("'", "&#39;"),
      ),
  );
});

test("a hostile principal name stays text inside the diagram", () => {
  const text = datasetText("cloudmapper-demo-authz-details.json").replaceAll(
    "exfiller",
    "ex<svg onload=alert(1)>filler",
  );
  const a = audit(importExports([{ path: "x.json", text }]).state, NOW);
  const html = auditHtml(a);
  const svgs = html.match(/<svg class="path-diagram"[\s\S]*?<\/svg>/g) ?? [];
  assert.ok(svgs.length > 0);
  for (const svg of svgs) assert.doesNotMatch(svg, /<svg onload/);
  assert.ok(svgs.some((s) => s.includes("ex&lt;svg onload=alert(1)&gt;filler")));
});

test("without a credential report the headline says so once, with the command that gets it", () => {
  const a = audit(importExports([file("cloudmapper-demo-authz-details.json")]).state, NOW);
  const line =
    "1. Too many IAM users: 2 users; console passwords, access keys and MFA unknown without a credential report (aws iam generate-credential-report && aws iam get-credential-report --output json > credential-report.json, then audit --credential-report credential-report.json)";
  assert.ok(auditTerminal(a).split("\n").includes(line));
  assert.doesNotMatch(auditHtml(a), /unknown \(no credential report\)/);
  assert.match(
    auditMarkdown(a),
    /- 1\. Too many IAM users: 2 users; console passwords, access keys and MFA unknown without a credential report/,
  );
  // With the report, the counts.
  const b = audit(
    importExports(
      [file("cloudmapper-demo-authz-details.json")],
      [file("cloudmapper-demo-credential-report.json")],
    ).state,
    NOW,
  );
  assert.ok(
    auditTerminal(b)
      .split("\n")
      .includes("1. Too many IAM users: 2 users; console password 1, active access keys 2, MFA 0, no MFA 2"),
  );
});
