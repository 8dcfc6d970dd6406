// The access matrix of the report: who × environment × level, as a heat map. With a proof the
// cells are prove's (evaluated on the compiled policies); without, they are read off the model.
//
// Sizes: one row per person and kept user for small organisations; past that, people with the
// same teams and the same cells share a row; past a cell budget, one row per team and one
// column per environment (cells list the levels).
import type { AccessModel, Environment, Level, LevelAccess } from "../model/types.js";
import { textOn } from "../portal/contrast.js";
import { h } from "../portal/html.js";
import type { ClassCell, Proof } from "../prove/types.js";
import { mdCell, mdTable } from "../text/markdown.js";

/** Up to this many people and users, one row each. */
export const MATRIX_ROWS_MAX = 100;
/** Up to this many cells, rows are groups of identical people; past it, teams × environments. */
export const MATRIX_CELLS_MAX = 40_000;

export type CellState = "granted" | "none" | "unexpected" | "missing";

export interface Cell {
  state: CellState;
  until?: string;
  /** A kept user who reaches it without MFA (a failure). */
  withoutMfa?: boolean;
}

export interface Column {
  env: Environment;
  envIndex: number;
  level: Level;
}

export interface Row {
  kind: "person" | "user" | "group";
  label: string;
  teams: string[];
  members: string[];
  cells: Cell[];
}

export interface TeamRow {
  team: string;
  /** Per environment: the levels granted, with their end date. */
  cells: { level: Level; until?: string }[][];
}

export type MatrixView =
  | { mode: "person" | "group"; proven: boolean; columns: Column[]; rows: Row[]; notes: string[] }
  | { mode: "team"; proven: boolean; rows: TeamRow[]; notes: string[] };

const HEAT: Record<LevelAccess, string> = { read: "d4e6f7", write: "7fb0e0", admin: "1f4f82" };
const WRONG = "b3261e";

/** The heat classes of the report's CSS, with text colours that contrast with them. */
export function heatCss(): string {
  const rows = (Object.keys(HEAT) as LevelAccess[]).map(
    (k) => `.heat-${k}{background-color:#${HEAT[k]};color:${textOn(HEAT[k])}}`,
  );
  rows.push(`.heat-wrong{background-color:#${WRONG};color:${textOn(WRONG)};font-weight:600}`);
  return rows.join("\n");
}

interface Granted {
  until?: string;
  forever: boolean;
}

/** Model grants of a team set, active on `today` (all when not given), by "env\nlevel". */
function modelCells(model: AccessModel, teams: string[], today: string | undefined): Map<string, Granted> {
  const out = new Map<string, Granted>();
  for (const t of model.teams) {
    if (!teams.includes(t.name)) continue;
    for (const g of t.grants) {
      if (today !== undefined && g.until !== undefined && g.until < today) continue;
      const k = `${g.env}\n${g.level}`;
      const c = out.get(k) ?? { forever: false };
      if (g.until === undefined) c.forever = true;
      else if (c.until === undefined || g.until > c.until) c.until = g.until;
      out.set(k, c);
    }
  }
  return out;
}

interface Who {
  kind: "person" | "user";
  id: string;
  teams: string[];
}

export function matrixView(model: AccessModel, proof?: Proof, today?: string): MatrixView {
  const whos: Who[] = [
    ...model.people.map((p) => ({ kind: "person" as const, id: p.email, teams: p.teams })),
    ...model.users.map((u) => ({ kind: "user" as const, id: u.name, teams: u.teams })),
  ];
  const proven = proof !== undefined;
  // Each member points at their access class's cells, shared by all members.
  const classCells = new Map<string, { list: ClassCell[]; byCell: Map<string, ClassCell> }>();
  for (const c of proof?.matrix ?? []) {
    const entry = {
      list: c.cells,
      byCell: new Map(c.cells.map((cell) => [`${cell.env}\n${cell.level}`, cell])),
    };
    for (const who of c.members) classCells.set(`${c.kind}\n${who}`, entry);
  }

  // Columns: every environment × level that someone is granted or reaches.
  const used = new Set<string>();
  for (const t of model.teams)
    for (const g of t.grants)
      if (today === undefined || g.until === undefined || g.until >= today) used.add(`${g.env}\n${g.level}`);
  for (const c of proof?.matrix ?? [])
    for (const cell of c.cells) if (cell.actual || cell.expected) used.add(`${cell.env}\n${cell.level}`);
  // A level's access as prove resolved it (declared, or inferred from its policies); without a
  // proof only a declared one is known, and an unknown one gets no colour.
  const levels = model.levels.map((l) => {
    const access = proof?.levels.find((x) => x.level === l.name)?.access ?? l.access;
    return access ? { ...l, access } : l;
  });
  const columns: Column[] = [];
  model.environments.forEach((env, envIndex) => {
    for (const level of levels)
      if (used.has(`${env.name}\n${level.name}`)) columns.push({ env, envIndex, level });
  });

  const memo = new Map<string, Map<string, Granted>>();
  const cellsOf = (who: Who): Cell[] => {
    const key = who.teams.join("\n");
    let granted = memo.get(key);
    if (!granted) {
      granted = modelCells(model, who.teams, today);
      memo.set(key, granted);
    }
    return columns.map((col) => {
      const g = granted.get(`${col.env.name}\n${col.level.name}`);
      const until = g && !g.forever ? g.until : undefined;
      const base: Cell = { state: g ? "granted" : "none", ...(until ? { until } : {}) };
      if (!proof) return base;
      const c = classCells.get(`${who.kind}\n${who.id}`)?.byCell.get(`${col.env.name}\n${col.level.name}`);
      // prove may list only the cells someone is granted or reaches: no cell is neither.
      if (!c) return { state: "none" };
      const state: CellState =
        c.actual === c.expected ? (c.actual ? "granted" : "none") : c.actual ? "unexpected" : "missing";
      return {
        ...(state === "granted" && until ? { until } : {}),
        state,
        ...(c.withoutMfa ? { withoutMfa: true } : {}),
      };
    });
  };

  const notes: string[] = [];
  if (whos.length <= MATRIX_ROWS_MAX) {
    const rows: Row[] = whos.map((w) => ({
      kind: w.kind,
      label: w.id,
      teams: w.teams,
      members: [w.id],
      cells: cellsOf(w),
    }));
    return { mode: "person", proven, columns, rows, notes };
  }
  // People with the same teams have the same cells, unless prove found a difference for one of
  // them: the row key is the team set plus the person's differences, so cells are worked out
  // once per row. When even one row per team set is over the budget, go straight to teams.
  const teamSets = new Set(whos.map((w) => `${w.kind}\n${w.teams.join("\n")}`));
  const groups = new Map<string, Row>();
  if (teamSets.size * columns.length <= MATRIX_CELLS_MAX) {
    for (const w of whos) {
      const own = classCells.get(`${w.kind}\n${w.id}`)?.list ?? [];
      const odd = own
        .filter((c) => c.actual !== c.expected || c.withoutMfa)
        .map((c) => `${c.env}/${c.level}/${c.actual}/${c.withoutMfa ?? ""}`);
      const sig = `${w.kind}\n${w.teams.join("\n")}\n${proof ? own.length : ""}\n${odd.join(",")}`;
      const row = groups.get(sig);
      if (row) row.members.push(w.id);
      else
        groups.set(sig, {
          kind: w.kind === "user" ? "user" : "group",
          label: "",
          teams: w.teams,
          members: [w.id],
          cells: cellsOf(w),
        });
    }
  }
  if (groups.size > 0 && groups.size * columns.length <= MATRIX_CELLS_MAX) {
    const rows = [...groups.values()].map((r) => ({
      ...r,
      label: r.kind === "user" && r.members.length === 1 ? r.members[0]! : r.teams.join(" + "),
    }));
    notes.push(
      `${whos.length} people and kept users are shown in ${rows.length} rows: people with the same teams${proven ? " and the same proven access" : ""} share a row (open a row for its members).`,
    );
    return { mode: "group", proven, columns, rows, notes };
  }
  const rows: TeamRow[] = model.teams.map((t) => {
    const granted = modelCells(model, [t.name], today);
    return {
      team: t.name,
      cells: model.environments.map((env) =>
        levels.flatMap((level) => {
          const g = granted.get(`${env.name}\n${level.name}`);
          if (!g) return [];
          return [g.forever || g.until === undefined ? { level } : { level, until: g.until }];
        }),
      ),
    };
  });
  notes.push(
    `${whos.length} people and kept users in ${Math.max(groups.size, teamSets.size)} distinct rows would make ${Math.max(groups.size, teamSets.size) * columns.length} cells: the matrix shows teams × environments instead; each person's own roles are on their portal page.`,
  );
  if (proof) {
    const wrong = proof.matrix.reduce(
      (n, c) =>
        n +
        c.members.length * c.cells.filter((cell) => cell.actual !== cell.expected || cell.withoutMfa).length,
      0,
    );
    notes.push(
      wrong === 0
        ? "prove checked every person and kept user on the compiled policies: each reaches exactly what the model grants."
        : `prove found ${wrong} person × environment × level cell${wrong === 1 ? "" : "s"} that differ from the model: see the proof results below.`,
    );
  }
  return { mode: "team", proven, rows, notes };
}

function cellText(c: Cell): { cls: string; text: string; sr: string } {
  switch (c.state) {
    case "granted":
      return { cls: "", text: `✓${c.until ? ` to ${c.until}` : ""}`, sr: "yes" };
    case "none":
      return { cls: "", text: "", sr: "no" };
    case "unexpected":
      return { cls: "heat-wrong", text: "✗ NOT GRANTED", sr: "reachable but not granted" };
    case "missing":
      return { cls: "heat-wrong", text: "✗ MISSING", sr: "granted but not reachable" };
  }
}

function cellHtml(c: Cell, col: Column): string {
  const t = cellText(c);
  const wrong = c.state === "unexpected" || c.state === "missing" || c.withoutMfa === true;
  const cls = wrong
    ? "heat-wrong"
    : c.state === "granted" && col.level.access
      ? `heat-${col.level.access}`
      : "";
  const visible = `${t.text}${c.withoutMfa ? " ✗ without MFA" : ""}`;
  const sr = `${t.sr}${c.until ? `, until ${c.until}` : ""}${c.withoutMfa ? ", also without MFA" : ""}`;
  return `<td${cls ? ` class="${cls}"` : ""}>${visible ? `<span aria-hidden="true">${h(visible)}</span>` : ""}<span class="sr">${h(sr)}</span></td>`;
}

function rowHeader(r: Row): string {
  if (r.kind === "group") {
    const list = r.members.map((m) => h(m)).join(", ");
    return `<th scope="row">${h(r.label)}<details><summary>${r.members.length} ${r.members.length === 1 ? "person" : "people"}</summary><p>${list}</p></details></th>`;
  }
  const kind = r.kind === "user" ? " (IAM user, with MFA)" : "";
  const extra =
    r.members.length > 1
      ? `<details><summary>${r.members.length} users</summary><p>${r.members.map((m) => h(m)).join(", ")}</p></details>`
      : "";
  return `<th scope="row">${h(r.label)}${kind} <span class="muted">${h(r.teams.join(", "))}</span>${extra}</th>`;
}

const POWER: Record<LevelAccess, number> = { read: 1, write: 2, admin: 3 };

function strongest(levels: { level: Level }[]): LevelAccess | undefined {
  let best: LevelAccess | undefined;
  for (const { level } of levels)
    if (level.access && (!best || POWER[level.access] > POWER[best])) best = level.access;
  return best;
}

function teamCellText(levels: { level: Level; until?: string }[]): string {
  return levels.map((l) => (l.until ? `${l.level.name} (to ${l.until})` : l.level.name)).join(", ");
}

function legendHtml(proven: boolean): string {
  const items = [
    `<li><span class="swatch heat-read">✓</span> a read level</li>`,
    `<li><span class="swatch heat-write">✓</span> a write level</li>`,
    `<li><span class="swatch heat-admin">✓</span> an admin level</li>`,
  ];
  if (proven)
    items.push(
      `<li><span class="swatch heat-wrong">✗</span> the compiled policies differ from the model</li>`,
    );
  return `<ul class="legend" aria-label="Legend">${items.join("")}</ul>`;
}

export function matrixHtml(model: AccessModel, view: MatrixView): string {
  const source = view.proven
    ? "Cells are prove's verdicts, evaluated on the compiled policies through the SAML sign-in and the role switch."
    : "Cells are read off the model: prove did not run.";
  const head = [
    `<p>${h(source)}</p>`,
    ...view.notes.map((n) => `<p class="muted">${h(n)}</p>`),
    legendHtml(view.proven),
  ];
  const open = `<div class="scroll" role="region" aria-label="Access matrix (scrollable)" tabindex="0"><table class="matrix"><caption class="sr">Who may switch into which environment at which level</caption>`;
  if (view.mode === "team") {
    const envs = model.environments;
    const body = view.rows.map(
      (r) =>
        `<tr><th scope="row">${h(r.team)}</th>${r.cells
          .map((levels) => {
            const heat = strongest(levels);
            return levels.length === 0
              ? `<td><span class="sr">nothing</span></td>`
              : `<td${heat ? ` class="heat-${heat}"` : ""}>${h(teamCellText(levels))}</td>`;
          })
          .join("")}</tr>`,
    );
    return [
      ...head,
      open,
      `<thead><tr><th scope="col">Team</th>${envs.map((e, i) => `<th scope="col" class="env-${i}">${h(e.name)}</th>`).join("")}</tr></thead>`,
      `<tbody>\n${body.join("\n")}\n</tbody></table></div>`,
    ].join("\n");
  }
  const cols = view.columns;
  const envHead: string[] = [];
  for (let i = 0; i < cols.length; ) {
    const first = cols[i]!;
    let span = 0;
    while (i < cols.length && cols[i]!.envIndex === first.envIndex) {
      span++;
      i++;
    }
    envHead.push(
      `<th scope="colgroup" colspan="${span}" class="env-${first.envIndex}">${h(first.env.name)}</th>`,
    );
  }
  const body = view.rows.map(
    (r) => `<tr>${rowHeader(r)}${r.cells.map((c, i) => cellHtml(c, cols[i]!)).join("")}</tr>`,
  );
  return [
    ...head,
    open,
    `<thead><tr><th scope="col" rowspan="2">Who</th>${envHead.join("")}</tr>`,
    `<tr>${cols.map((c) => `<th scope="col">${h(c.level.name)}</th>`).join("")}</tr></thead>`,
    `<tbody>\n${body.join("\n")}\n</tbody></table></div>`,
  ].join("\n");
}

export function matrixMd(model: AccessModel, view: MatrixView): string {
  const lines: string[] = [
    view.proven
      ? "Cells are prove's verdicts, evaluated on the compiled policies through the SAML sign-in and the role switch."
      : "Cells are read off the model: prove did not run.",
    "",
  ];
  for (const n of view.notes) lines.push(mdCell(n), "");
  if (view.mode === "team") {
    lines.push(
      mdTable(
        ["team", ...model.environments.map((e) => mdCell(e.name))],
        view.rows.map((r) => [
          mdCell(r.team),
          ...r.cells.map((levels) => mdCell(teamCellText(levels)) || "—"),
        ]),
      ),
    );
    return lines.join("\n");
  }
  const rows = view.rows.map((r) => {
    const who =
      r.kind === "group"
        ? `${mdCell(r.label)} (${r.members.length} ${r.members.length === 1 ? "person" : "people"})`
        : `${mdCell(r.label)}${r.kind === "user" ? " (IAM user, with MFA)" : ""}`;
    return [
      who,
      ...r.cells.map((c) => {
        const t = cellText(c);
        return `${mdCell(t.text)}${c.withoutMfa ? " ✗ without MFA" : ""}` || " ";
      }),
    ];
  });
  lines.push(mdTable(["who", ...view.columns.map((c) => mdCell(`${c.env.name} · ${c.level.name}`))], rows));
  return lines.join("\n");
}
