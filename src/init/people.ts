// Who is a person: an IAM user whose name is an email, or who carries an email tag (the same
// rule audit --design uses to map users to people). Everyone else is a candidate kept user,
// described by what it holds today (credential report) so a human can decide its fate.
import { emailOf } from "../audit/design.js";
import { activeKeys } from "../import/credential-report.js";
import { SESSION_NAME } from "../model/iam-limits.js";
import type { AccountState, CredentialReportRow, UserDetail } from "../state/org-state.js";

/** As validate checks people's keys. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** How a user's email was found: its name, an email tag, --map, or a name match in --people (a guess). */
export type EmailSource = "name" | "tag" | "map" | "directory";

export type EmailMatch =
  | { kind: "person"; email: string; by: EmailSource; guess?: string }
  | { kind: "invalid"; email: string; by: EmailSource; why: string }
  | { kind: "none"; note?: string };

export function emailMatch(user: UserDetail): EmailMatch {
  const email = emailOf(user);
  if (email === undefined) return { kind: "none" };
  return checkedEmail(email, user.UserName.includes("@") ? "name" : "tag");
}

/** An email as a person's key: an email address that is also a valid role session name. */
export function checkedEmail(email: string, by: EmailSource): EmailMatch {
  if (!EMAIL.test(email)) return { kind: "invalid", email, by, why: "is not an email address" };
  if (!SESSION_NAME.test(email))
    return {
      kind: "invalid",
      email,
      by,
      why: "cannot be a role session name (2-64 of letters, digits, + = , . @ _ -)",
    };
  return { kind: "person", email, by };
}

export interface Credentials {
  /** Absent: the account's credential report was not given, or does not list the user. */
  row?: CredentialReportRow;
  reported: boolean;
}

/** The user's row: by ARN, else by name (IAM user names are unique ignoring case). */
export function credentialsOf(account: AccountState, user: UserDetail): Credentials {
  const rows = account.credentialReport;
  if (!rows) return { reported: false };
  const row =
    rows.find((r) => r.arn === user.Arn) ??
    rows.find((r) => !r.arn.endsWith(":root") && r.user.toLowerCase() === user.UserName.toLowerCase());
  return { reported: true, ...(row ? { row } : {}) };
}

const day = (iso: string | undefined) => iso?.slice(0, 10);

function latest(...dates: (string | undefined)[]): string | undefined {
  const known = dates.map(day).filter((d): d is string => d !== undefined);
  return known.length ? known.sort().at(-1) : undefined;
}

/** "console password (last used 2019-03-03), no MFA, 2 active access keys (last used 2018-05-07)". */
export function describeCredentials(c: Credentials): string {
  if (!c.reported) return "credentials unknown (no credential report given)";
  const r = c.row;
  if (!r) return "not in the credential report";
  const parts: string[] = [];
  if (r.password_enabled === true)
    parts.push(
      `console password (${r.password_last_used ? `last used ${day(r.password_last_used)}` : "never used"})`,
    );
  else if (r.password_enabled === false) parts.push("no console password");
  parts.push(r.mfa_active ? "MFA" : "no MFA");
  const keys = activeKeys(r);
  if (keys === 0) parts.push("no active access key");
  else {
    const used = latest(
      r.access_key_1_active ? r.access_key_1_last_used_date : undefined,
      r.access_key_2_active ? r.access_key_2_last_used_date : undefined,
    );
    parts.push(
      `${keys} active access key${keys === 1 ? "" : "s"} (${used ? `last used ${used}` : "never used"})`,
    );
  }
  return parts.join(", ");
}

/** Access keys and no console password: a program, most likely. */
export function looksAutomated(c: Credentials): boolean {
  return c.row !== undefined && c.row.password_enabled === false && activeKeys(c.row) > 0;
}

export function looksBreakGlass(name: string): boolean {
  return /break[-_. ]?glass|emergency/i.test(name);
}
