// google/users.csv: each person's Role values, one row per person and team, for the IdP
// admin to review or feed to their own tooling. RFC 4180 (CRLF, quotes doubled), and every
// cell guarded against formula injection: a cell starting with = + - @ tab or CR is opened
// by a spreadsheet as a formula, so it gets a leading apostrophe (which spreadsheets show
// as text and do not display).
import type { AccessModel } from "../model/types.js";
import { peopleAttributes } from "./attributes.js";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell: guarded against formula injection, then quoted when RFC 4180 requires it. */
export function csvCell(value: string): string {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

export function csvRows(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => `${r.map(csvCell).join(",")}\r\n`).join("");
}

export const USERS_CSV_HEADER = ["email", "team", "role", "session_duration"] as const;

export function usersCsv(model: AccessModel): string {
  const rows: string[][] = [[...USERS_CSV_HEADER]];
  for (const p of peopleAttributes(model)) {
    for (const r of p.roles) rows.push([p.email, r.team, r.value, p.sessionDuration]);
  }
  return csvRows(rows);
}
