// A Google Workspace user list, as the Admin console's Directory > Users > "Download users"
// writes it (CSV; headers such as "First Name [Required]", "Last Name [Required]",
// "Email Address [Required]", "Status [READ ONLY]"). Columns are found by name, ignoring the
// bracketed suffix and case, so a list trimmed to some columns reads the same.
import type { Diagnostic } from "../model/diagnostics.js";
import { parseCsv } from "./credential-report.js";

export interface DirectoryPerson {
  email: string;
  firstName: string;
  lastName: string;
  /** "Active", "Suspended", ...; empty when the list has no Status column. */
  status: string;
}

export interface WorkspaceUsers {
  people: DirectoryPerson[];
  diagnostics: Diagnostic[];
}

const column = (header: string) =>
  header
    .replace(/^\uFEFF/, "")
    .replace(/\[[^\]]*\]/g, "")
    .trim()
    .toLowerCase();

export function importWorkspaceUsers(file: string, text: string): WorkspaceUsers {
  const rows = parseCsv(text);
  const header = (rows[0] ?? []).map(column);
  const at = (name: string) => header.indexOf(name);
  const [first, last, email, status] = [at("first name"), at("last name"), at("email address"), at("status")];
  const missing = [
    ["First Name", first],
    ["Last Name", last],
    ["Email Address", email],
  ].filter(([, i]) => i === -1);
  if (missing.length)
    return {
      people: [],
      diagnostics: [
        {
          severity: "error",
          code: "workspace-users",
          file,
          line: 1,
          column: 1,
          message: `not a Google Workspace user list: no ${missing.map(([n]) => `"${n}"`).join(", ")} column`,
          expected:
            'the CSV the Admin console writes (Directory > Users > Download users), with "First Name", "Last Name" and "Email Address" columns',
        },
      ],
    };
  const people: DirectoryPerson[] = [];
  for (const row of rows.slice(1)) {
    const address = (row[email] ?? "").trim().toLowerCase();
    if (!address) continue;
    people.push({
      email: address,
      firstName: (row[first] ?? "").trim(),
      lastName: (row[last] ?? "").trim(),
      status: status === -1 ? "" : (row[status] ?? "").trim(),
    });
  }
  return { people, diagnostics: [] };
}
