// audit.html: the audit as one self-contained page (no script, no external resource, the
// portal's Content-Security-Policy). The headline first, then the findings grouped by severity
// with their counts; each escalation path is a small diagram and an ordered list of its steps. Every string from
// the report passes through escapeHtml: principal names in real exports are hostile input.
import {
  type AuditEvidence,
  type AuditFinding,
  type AuditReport,
  SEVERITIES,
  type Severity,
} from "../audit/types.js";
import { BASE_CSS, h, pageRenderer } from "../portal/html.js";
import { credentialCounts } from "./audit-report.js";

/** Severity colours: white text on each, contrast ≥ 4.5:1. */
const SEVERITY_COLOUR: Record<Severity, string> = {
  critical: "#8c1d18",
  high: "#b3261e",
  medium: "#8a4b00",
  low: "#1f5f99",
  info: "#4a5360",
};

const CSS = [
  BASE_CSS,
  ...SEVERITIES.map((s) => `.sev-${s}{background:${SEVERITY_COLOUR[s]};color:#fff}`),
  ".badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.85rem;font-weight:600}",
  "ol.headline li{margin:.4rem 0}",
  "article.finding{border:1px solid var(--line);border-radius:4px;padding:.5rem .75rem;margin:.75rem 0}",
  "article.finding h4{margin:.25rem 0 .5rem;font-size:1rem}",
  "dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .75rem;margin:.25rem 0}",
  "dt{font-weight:600}",
  "dd{margin:0;overflow-wrap:anywhere}",
  "ol.path li{margin:.35rem 0;overflow-wrap:anywhere}",
  "pre{white-space:pre-wrap;overflow-wrap:anywhere}",
  "svg.path-diagram{display:block;max-width:100%;height:auto;margin:.5rem 0}",
].join("\n");

const render = pageRenderer(CSS);

function headline(r: AuditReport): string {
  const x = r.headline;
  return [
    '<section aria-labelledby="headline">',
    '<h2 id="headline">Headline</h2>',
    `<p>Accounts audited: <strong>${h(x.accounts)}</strong></p>`,
    '<ol class="headline">',
    `<li><strong>Too many IAM users:</strong> ${h(x.users.total)} users; ${h(credentialCounts(x.users))}.</li>`,
    `<li><strong>Too powerful:</strong> admin-equivalent ${h(x.adminEquivalent.users)} users and ${h(x.adminEquivalent.roles)} roles; can escalate to admin ${h(x.canEscalateToAdmin.users)} users and ${h(x.canEscalateToAdmin.roles)} roles.</li>`,
    `<li><strong>No per-person boundaries:</strong> ${h(x.boundaries.usersWithDirectPolicies)} users with policies of their own, ${h(x.boundaries.usersOnlyThroughGroups)} only through groups, ${h(x.boundaries.usersWithNoPolicy)} with none; ${h(x.boundaries.usersWithBoundary)} with a permissions boundary.</li>`,
    "</ol>",
    "</section>",
  ].join("\n");
}

function statements(e: AuditEvidence): string {
  if (!e.statements?.length) return "";
  const items = e.statements.map(
    (s) =>
      `<li><code>${h(s.policy)}</code> statement ${h(s.index)}${s.sid === undefined ? "" : ` (${h(s.sid)})`}<pre>${h(JSON.stringify(s.statement, null, 2) ?? "")}</pre></li>`,
  );
  return `<details><summary>Statements</summary><ul>${items.join("")}</ul></details>`;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A small diagram of the path, top to bottom: one box per principal or resource, the step
 * between them on the arrow. Inline SVG (no script, no style attribute: the CSP allows it);
 * each box's and arrow's whole text is in its <title>.
 */
function pathDiagram(nodes: string[], steps: string[]): string {
  const W = 600;
  const BOX = 28;
  const GAP = 44;
  const height = nodes.length * (BOX + GAP) - GAP + 2;
  const parts = nodes.map((node, i) => {
    const y = 1 + i * (BOX + GAP);
    const box = `<g class="node"><title>${h(node)}</title><rect x="1" y="${y}" width="${W - 2}" height="${BOX}" rx="4" fill="#f4f6f8" stroke="#4a5360"/><text x="10" y="${y + 19}" font-family="monospace" font-size="13" fill="#1b1f24">${h(clip(node, 78))}</text></g>`;
    if (i === nodes.length - 1) return box;
    const y1 = y + BOX;
    const y2 = y1 + GAP;
    const label = steps[i] ?? "";
    return `${box}<g class="edge"><title>${h(label)}</title><line x1="24" y1="${y1}" x2="24" y2="${y2 - 6}" stroke="#8c1d18" stroke-width="2"/><path d="M18 ${y2 - 8} L24 ${y2} L30 ${y2 - 8} Z" fill="#8c1d18"/><text x="38" y="${y1 + GAP / 2 + 5}" font-size="12" fill="#8c1d18">${h(clip(label, 84))}</text></g>`;
  });
  return `<svg class="path-diagram" role="img" aria-label="${h(`escalation path from ${nodes[0] ?? ""} in ${steps.length} step${steps.length === 1 ? "" : "s"}`)}" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" xmlns="http://www.w3.org/2000/svg">${parts.join("")}</svg>`;
}

/** An escalation path: a diagram, its start, then one list item per edge (evidence[1..]). */
function path(f: AuditFinding): string {
  const chain = f.evidence[0]?.chain ?? [];
  const edges = f.evidence.slice(1);
  const ends = edges.map((e, i) => ({
    from: e.chain?.[0] ?? chain[i] ?? "",
    to: e.chain?.[e.chain.length - 1] ?? chain[i + 1] ?? "",
  }));
  const diagram = pathDiagram(
    [chain[0] ?? f.principal, ...ends.map((x) => x.to)],
    edges.map((e) => e.what),
  );
  const steps = edges.map((e, i) => {
    const { from, to } = ends[i]!;
    return `<li class="step"><code>${h(from)}</code> → <code>${h(to)}</code><br><span class="muted">${h(e.what)}</span>${statements(e)}</li>`;
  });
  return [
    diagram,
    `<p>Starts at <code>${h(chain[0] ?? f.principal)}</code>; ${h(edges.length)} step${edges.length === 1 ? "" : "s"}:</p>`,
    `<ol class="path">${steps.join("")}</ol>`,
  ].join("\n");
}

function evidence(f: AuditFinding): string {
  if (f.rule === "escalation" && f.evidence[0]?.chain) return path(f);
  if (!f.evidence.length) return '<p class="muted">none</p>';
  return `<ul class="evidence">${f.evidence.map((e) => `<li>${h(e.what)}${statements(e)}</li>`).join("")}</ul>`;
}

function finding(f: AuditFinding): string {
  return [
    `<article class="finding" data-rule="${h(f.rule)}">`,
    `<h4><span class="badge sev-${f.severity}">${h(f.severity)}</span> ${h(f.title)}</h4>`,
    "<dl>",
    `<dt>Id</dt><dd><code class="id">${h(f.id)}</code></dd>`,
    `<dt>Principal</dt><dd><code class="principal">${h(f.principal)}</code></dd>`,
    `<dt>Fix</dt><dd>${h(f.fix)}</dd>`,
    "</dl>",
    `<div class="evidence"><strong>Evidence</strong>${evidence(f)}</div>`,
    "</article>",
  ].join("\n");
}

function findings(r: AuditReport): string {
  const by = new Map(SEVERITIES.map((s) => [s, r.findings.filter((f) => f.severity === s)]));
  const counts = SEVERITIES.map(
    (s) =>
      `<tr><th scope="row"><a href="#sev-${s}">${s}</a></th><td class="count" data-severity="${s}">${by.get(s)!.length}</td></tr>`,
  );
  const out = [
    '<section aria-labelledby="findings">',
    '<h2 id="findings">Findings</h2>',
    `<table class="counts"><caption class="sr">Findings by severity</caption><thead><tr><th scope="col">Severity</th><th scope="col">Findings</th></tr></thead><tbody>${counts.join("")}</tbody></table>`,
  ];
  for (const s of SEVERITIES) {
    const list = by.get(s)!;
    out.push(
      `<section class="severity" id="sev-${s}" aria-labelledby="sev-${s}-h" data-severity="${s}">`,
      `<h3 id="sev-${s}-h"><span class="badge sev-${s}">${s}</span> <span class="n">${list.length}</span> finding${list.length === 1 ? "" : "s"}</h3>`,
      list.length ? list.map(finding).join("\n") : '<p class="muted">None.</p>',
      "</section>",
    );
  }
  out.push("</section>");
  return out.join("\n");
}

function warnings(r: AuditReport): string {
  if (!r.warnings.length) return "";
  return [
    '<section aria-labelledby="warnings">',
    '<h2 id="warnings">Warnings</h2>',
    `<ul class="warn">${r.warnings.map((w) => `<li>${h(w)}</li>`).join("")}</ul>`,
    "</section>",
  ].join("\n");
}

export function auditHtml(report: AuditReport): string {
  const body = [
    "<header>",
    "<h1>Sekisho audit</h1>",
    `<p class="muted">Accounts: ${h(report.generatedFor)}</p>`,
    "</header>",
    "<main>",
    headline(report),
    findings(report),
    warnings(report),
    "</main>",
    "<footer>Generated by sekisho audit. Finding ids are stable across runs: diff audit.json to compare.</footer>",
  ].join("\n");
  return render({ title: "Sekisho audit", body });
}
