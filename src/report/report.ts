// The plan report: report.html (self-contained, no script) and report.md. The access matrix as
// a heat map (prove's cells when a proof is given), the access graph as inline SVG laid out by
// dagre, the deployment steps, and prove's checks. Pure: everything comes in as arguments.
import { formatDuration } from "../model/durations.js";
import { landingRoleName } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { BASE_CSS, h, pageRenderer } from "../portal/html.js";
import { envCss } from "../portal/portal.js";
import type { CheckResult, Finding, Proof } from "../prove/types.js";
import { mdCell, mdTable, mdText } from "../text/markdown.js";
import { type AccessGraph, accessGraph, GRAPH_EDGES_MAX, graphSvg, teamReach } from "./graph.js";
import { heatCss, type MatrixView, matrixHtml, matrixMd, matrixView } from "./matrix.js";
import type { DeployStep } from "./steps.js";

export type { DeployStep } from "./steps.js";

/** Failures and notes shown per check; the rest are counted (proof.json has them all). */
export const FINDINGS_SHOWN = 200;

export interface ReportOptions {
  proof?: Proof;
  /** In deployment order. */
  deploySteps?: DeployStep[];
  /** YYYY-MM-DD (UTC): without a proof, grants that ended before it are left out. */
  today?: string;
}

function reportCss(model: AccessModel): string {
  return [
    BASE_CSS,
    "main{max-width:none}",
    "main>section{max-width:72rem;margin:0 auto}",
    "main>section.wide{max-width:none;padding:0 1rem}",
    // position:relative keeps the absolutely placed screen-reader texts inside the scroll box.
    ".scroll{position:relative;overflow:auto;max-height:80vh;border:1px solid var(--line);margin:.5rem 0}",
    ".scroll table{margin:0}",
    ".matrix td{text-align:center;white-space:nowrap;min-width:4.5rem}",
    ".matrix th[scope=row]{font-weight:600;min-width:14rem;position:sticky;left:0;z-index:1}",
    ".matrix details{font-weight:400}",
    ".legend{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;padding:0}",
    ".swatch{display:inline-block;min-width:1.75rem;text-align:center;border:1px solid var(--line)}",
    ".badge{display:inline-block;padding:0 .5rem;border-radius:4px;font-weight:700}",
    ".pass{background:#1e7b34;color:#ffffff}",
    ".fail{background:#b3261e;color:#ffffff}",
    "svg text{pointer-events:none}",
    envCss(model),
    heatCss(),
  ].join("\n");
}

function intro(model: AccessModel): string {
  const id = model.identity;
  return `People sign in through the SAML provider ${id.provider.name} and land in account ${id.accountId}${id.envName ? ` (${id.envName})` : ""} at level ${id.landing}, for up to ${formatDuration(id.sessionDuration)}; from there they switch role into environment accounts, for up to 1 hour at a time (role chaining). ${model.people.length} people, ${model.users.length} kept IAM users, ${model.teams.length} teams, ${model.environments.length} environments, ${model.levels.length} levels.`;
}

function proofBanner(proof: Proof | undefined): { cls: string; text: string } {
  if (!proof) return { cls: "warn", text: "Not proven: prove did not run for this report." };
  return proof.passed
    ? {
        cls: "ok",
        text: `prove passed: every check holds on the compiled policies (evaluated at ${proof.evaluatedAt}).`,
      }
    : {
        cls: "warn",
        text: `prove FAILED: ${proof.checks.filter((c) => !c.passed).length} of ${proof.checks.length} checks fail (evaluated at ${proof.evaluatedAt}). Do not deploy this plan.`,
      };
}

function findingsHtml(list: Finding[]): string {
  const items = list
    .slice(0, FINDINGS_SHOWN)
    .map(
      (f) =>
        `<li><code>${h(f.rule)}</code> ${h(f.message)} <span class="muted">(${h(f.subject)})</span></li>`,
    );
  const more =
    list.length > FINDINGS_SHOWN ? `<p>… and ${list.length - FINDINGS_SHOWN} more in proof.json.</p>` : "";
  return `<ul>${items.join("\n")}</ul>${more}`;
}

function proofHtml(proof: Proof | undefined): string {
  if (!proof)
    return `<p>prove did not run. <code>sekisho plan</code> runs it and writes this report with its results; <code>sekisho prove FILE</code> runs it alone.</p>`;
  const rows = proof.checks.map(
    (c) =>
      `<tr><th scope="row">${h(c.title)}</th><td><span class="badge ${c.passed ? "pass" : "fail"}">${c.passed ? "PASS" : "FAIL"}</span></td><td>${h(c.summary)}</td></tr>`,
  );
  const out = [
    `<table><caption class="sr">prove's checks</caption><thead><tr><th scope="col">Check</th><th scope="col">Result</th><th scope="col">Summary</th></tr></thead><tbody>${rows.join("")}</tbody></table>`,
  ];
  for (const c of proof.checks.filter((x) => x.failures.length > 0))
    out.push(`<h3>${h(c.title)}: ${plural(c.failures.length, "failure")}</h3>`, findingsHtml(c.failures));
  const notes = proof.checks.flatMap((c) => c.notes);
  if (notes.length)
    out.push(
      `<details><summary>Notes: exposure and acknowledgements (${notes.length})</summary>${findingsHtml(notes)}</details>`,
    );
  return out.join("\n");
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function stepsHtml(steps: DeployStep[] | undefined): string {
  if (!steps) return `<p>Not given here: see <code>deploy.md</code> in the plan's output.</p>`;
  if (steps.length === 0) return `<p>Nothing to deploy.</p>`;
  const rows = steps.map(
    (s, i) =>
      `<tr><td>${i + 1}</td><td>${h(s.account)}</td><td><code>${h(s.stack)}</code></td><td><code>${h(s.template)}</code></td></tr>`,
  );
  return `<p>In this order: environment accounts first, the identity account last, so the first person to sign in finds every role there. Commands are in <code>deploy.md</code>.</p><table><caption class="sr">Deployment steps, in order</caption><thead><tr><th scope="col">Step</th><th scope="col">Account</th><th scope="col">Stack</th><th scope="col">Template</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function usersHtml(model: AccessModel): string {
  if (model.users.length === 0) return "";
  const rows = model.users.map(
    (u) =>
      `<tr><th scope="row">${h(u.name)}${u.breakGlass ? " (break-glass)" : ""}</th><td>${h(u.teams.join(", "))}</td><td>${h(u.reason)}</td></tr>`,
  );
  return `<section aria-labelledby="users"><h2 id="users">Kept IAM users</h2><p>They land read-only like everyone else and can do nothing without MFA, switching included.</p><table><caption class="sr">IAM users kept on purpose, with the reason</caption><thead><tr><th scope="col">User</th><th scope="col">Teams</th><th scope="col">Reason</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}

/** Which repository and refs reach which environment at which level, with their OIDC tokens. */
function workloadsHtml(model: AccessModel): string {
  if (model.workloads.length === 0) return "";
  const envs = model.environments;
  const head = envs.map((e) => `<th scope="col">${h(e.name)}</th>`).join("");
  const rows = model.workloads.map(
    (w) =>
      `<tr><th scope="row">${h(w.name)}</th><td>${h(w.from)}</td>${envs.map((e) => `<td>${h(w.grants.find((g) => g.env === e.name)?.level ?? "—")}</td>`).join("")}</tr>`,
  );
  return `<section aria-labelledby="workloads"><h2 id="workloads">Workloads</h2><p>CI/CD pipelines: their OIDC tokens go straight to their own role, no keys, sessions of at most 1 hour. Pipeline snippets: <code>workloads/NAME.md</code>.</p><table><caption class="sr">Which repository and refs reach which environment, at which level</caption><thead><tr><th scope="col">Workload</th><th scope="col">OIDC tokens of</th>${head}</tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}

function reportHtml(
  model: AccessModel,
  options: ReportOptions,
  view: MatrixView,
  graph: AccessGraph,
): string {
  const render = pageRenderer(reportCss(model));
  const banner = proofBanner(options.proof);
  const title = `${model.organization}: access plan report`;
  const body = [
    `<header><h1>${h(title)}</h1>`,
    `<p>${h(intro(model))}</p>`,
    `<p class="${banner.cls}" role="status">${h(banner.text)}</p>`,
    `<nav aria-label="Contents"><ol><li><a href="#matrix">Access matrix</a></li><li><a href="#graph">Access graph</a></li>${model.users.length ? `<li><a href="#users">Kept IAM users</a></li>` : ""}${model.workloads.length ? `<li><a href="#workloads">Workloads</a></li>` : ""}<li><a href="#deploy">Deployment steps</a></li><li><a href="#proof">Proof results</a></li></ol></nav></header>`,
    `<main>`,
    `<section class="wide" aria-labelledby="matrix"><h2 id="matrix">Access matrix</h2>`,
    matrixHtml(model, view),
    `</section>`,
    `<section class="wide" aria-labelledby="graph"><h2 id="graph">Access graph</h2>`,
    ...(graph.edges.length <= GRAPH_EDGES_MAX
      ? [
          `<p>Laid out by dagre, left to right. Dashed arrows are grants with an end date; hover over a box for details.</p>`,
          ...graph.notes.map((n) => `<p class="muted">${h(n)}</p>`),
          `<div class="scroll" role="region" aria-label="Access graph (scrollable)" tabindex="0">`,
          graphSvg(graph, `Access graph of ${model.organization}`),
          `</div></section>`,
        ]
      : [
          `<p>${graph.edges.length} arrows are too many to draw legibly; per team, what its landing role reaches (the matrix above shows the same):</p>`,
          ...graph.notes.map((n) => `<p class="muted">${h(n)}</p>`),
          `<ul class="reach">${teamReach(graph)
            .map(
              ({ team, reach }) =>
                `<li><strong>${h(team)}</strong> (<code>${h(landingRoleName(team))}</code>): ${h(reach.join("; ") || "nothing")}</li>`,
            )
            .join("\n")}</ul></section>`,
        ]),
    usersHtml(model),
    workloadsHtml(model),
    `<section aria-labelledby="deploy"><h2 id="deploy">Deployment steps</h2>`,
    stepsHtml(options.deploySteps),
    `</section>`,
    `<section aria-labelledby="proof"><h2 id="proof">Proof results</h2>`,
    proofHtml(options.proof),
    `</section>`,
    `</main>`,
    `<footer><p>Generated by Sekisho from the access model of ${h(model.organization)}.</p></footer>`,
  ].join("\n");
  return render({ title, body });
}

function checkMd(c: CheckResult): string[] {
  if (c.failures.length === 0) return [];
  const lines = [`### ${mdText(c.title)}: ${plural(c.failures.length, "failure")}`, ""];
  for (const f of c.failures.slice(0, FINDINGS_SHOWN))
    lines.push(`- \`${f.rule.replaceAll("`", "")}\` ${mdText(f.message)} (${mdText(f.subject)})`);
  if (c.failures.length > FINDINGS_SHOWN)
    lines.push(`- … and ${c.failures.length - FINDINGS_SHOWN} more in proof.json`);
  lines.push("");
  return lines;
}

function reportMd(model: AccessModel, options: ReportOptions, view: MatrixView, graph: AccessGraph): string {
  const banner = proofBanner(options.proof);
  const lines: string[] = [
    `# ${mdText(model.organization)}: access plan report`,
    "",
    mdText(intro(model)),
    "",
  ];
  lines.push(`**${mdText(banner.text)}**`, "");
  lines.push("## Access matrix", "", matrixMd(model, view));
  lines.push("## Access graph", "");
  lines.push(
    graph.edges.length <= GRAPH_EDGES_MAX
      ? "Drawn in report.html (inline SVG laid out by dagre). As text, per team:"
      : `${graph.edges.length} arrows are too many to draw legibly; per team, what its landing role reaches:`,
    "",
  );
  for (const n of graph.notes) lines.push(mdText(n), "");
  for (const { team, reach } of teamReach(graph))
    lines.push(
      `- team ${mdText(team)} (${mdText(landingRoleName(team))}): ${reach.map(mdText).join("; ") || "nothing"}`,
    );
  lines.push("");
  if (model.users.length)
    lines.push(
      "## Kept IAM users",
      "",
      "They land read-only like everyone else and can do nothing without MFA, switching included.",
      "",
      mdTable(
        ["user", "teams", "reason"],
        model.users.map((u) => [
          `${mdCell(u.name)}${u.breakGlass ? " (break-glass)" : ""}`,
          mdCell(u.teams.join(", ")),
          mdCell(u.reason),
        ]),
      ),
    );
  if (model.workloads.length) {
    lines.push(
      "## Workloads",
      "",
      "CI/CD pipelines: their OIDC tokens go straight to their own role, no keys, sessions of at most 1 hour. Pipeline snippets: `workloads/NAME.md`.",
      "",
      mdTable(
        ["workload", "OIDC tokens of", ...model.environments.map((e) => mdCell(e.name))],
        model.workloads.map((w) => [
          mdCell(w.name),
          mdCell(w.from),
          ...model.environments.map((e) => mdCell(w.grants.find((g) => g.env === e.name)?.level ?? "—")),
        ]),
      ),
    );
  }
  lines.push("## Deployment steps", "");
  if (!options.deploySteps) lines.push("Not given here: see deploy.md in the plan's output.", "");
  else
    lines.push(
      mdTable(
        ["step", "account", "stack", "template"],
        options.deploySteps.map((s, i) => [
          String(i + 1),
          mdCell(s.account),
          mdCell(s.stack),
          mdCell(s.template),
        ]),
      ),
    );
  lines.push("## Proof results", "");
  if (!options.proof) lines.push("prove did not run.", "");
  else {
    lines.push(
      mdTable(
        ["check", "result", "summary"],
        options.proof.checks.map((c) => [mdCell(c.title), c.passed ? "pass" : "FAIL", mdCell(c.summary)]),
      ),
    );
    for (const c of options.proof.checks) lines.push(...checkMd(c));
  }
  return `${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

/** report.html and report.md, for plan's output directory. */
export function reportFiles(model: AccessModel, options: ReportOptions = {}): Map<string, string> {
  const view = matrixView(model, options.proof, options.today);
  const graph = accessGraph(model, options.today);
  return new Map([
    ["report.html", reportHtml(model, options, view, graph)],
    ["report.md", reportMd(model, options, view, graph)],
  ]);
}
