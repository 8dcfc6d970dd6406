// IAM credential reports: the CSV itself, or the JSON of `aws iam get-credential-report`
// whose Content holds the CSV (base64 in the API, plain in some exports).
import type { Diagnostic } from "../model/diagnostics.js";
import type { CredentialReportRow } from "../state/org-state.js";

const REQUIRED = [
  "user",
  "arn",
  "password_enabled",
  "mfa_active",
  "access_key_1_active",
  "access_key_2_active",
];

/** RFC 4180 fields: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== "");
}

function csvText(file: string, text: string, out: Diagnostic[]): string | undefined {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{")) return text;
  let env: unknown;
  try {
    env = JSON.parse(trimmed);
  } catch {
    out.push({
      severity: "error",
      code: "json-syntax",
      file,
      line: 1,
      column: 1,
      message: "invalid JSON in credential report",
      expected: "CSV, or the JSON of get-credential-report",
    });
    return undefined;
  }
  const content = (env as { Content?: unknown }).Content;
  if (typeof content !== "string") {
    out.push({
      severity: "error",
      code: "wrong-file",
      file,
      line: 1,
      column: 1,
      message: "not a credential report: no Content field",
      expected: "the JSON of get-credential-report",
    });
    return undefined;
  }
  if (content.startsWith("user,")) return content;
  return Buffer.from(content, "base64").toString("utf8");
}

const bool = (v: string | undefined) => v === "true";
const date = (v: string | undefined) =>
  v && v !== "N/A" && v !== "no_information" && v !== "not_supported" ? v : undefined;

export function importCredentialReport(
  file: string,
  text: string,
): { rows?: CredentialReportRow[]; diagnostics: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const csv = csvText(file, text, out);
  if (csv === undefined) return { diagnostics: out };
  const [header, ...rows] = parseCsv(csv);
  const missing = REQUIRED.filter((k) => !header?.includes(k));
  if (!header || missing.length) {
    out.push({
      severity: "error",
      code: "wrong-file",
      file,
      line: 1,
      column: 1,
      message: `not a credential report: missing columns ${missing.join(", ")}`,
      expected: `a CSV header with ${REQUIRED.join(", ")}`,
    });
    return { diagnostics: out };
  }
  const result: CredentialReportRow[] = [];
  rows.forEach((cells, i) => {
    if (cells.length !== header.length) {
      out.push({
        severity: "warning",
        code: "partial-data",
        file,
        line: i + 2,
        column: 1,
        message: `row ${i + 2} has ${cells.length} fields, the header ${header.length}: skipped`,
      });
      return;
    }
    const r = Object.fromEntries(header.map((h, j) => [h, cells[j]!]));
    const pw = r.password_enabled;
    const row: CredentialReportRow = {
      user: r.user!,
      arn: r.arn!,
      password_enabled: pw === "not_supported" ? "not_supported" : bool(pw),
      mfa_active: bool(r.mfa_active),
      access_key_1_active: bool(r.access_key_1_active),
      access_key_2_active: bool(r.access_key_2_active),
    };
    const optional = [
      "password_last_used",
      "access_key_1_last_rotated",
      "access_key_1_last_used_date",
      "access_key_2_last_rotated",
      "access_key_2_last_used_date",
    ] as const;
    for (const k of optional) {
      const v = date(r[k]);
      if (v) row[k] = v;
    }
    result.push(row);
  });
  return { rows: result, diagnostics: out };
}

/** How many of the user's two access keys are active. */
export function activeKeys(row: CredentialReportRow): number {
  return Number(row.access_key_1_active) + Number(row.access_key_2_active);
}
