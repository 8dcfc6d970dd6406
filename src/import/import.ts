// Exports of real accounts → OrgState, the shape the compiler also produces. Several files
// may be pages of one account (merged) or different accounts (kept apart).
import { type Diagnostic, sortDiagnostics } from "../model/diagnostics.js";
import type {
  AccountState,
  AuthorizationDetails,
  CredentialReportRow,
  OpenIdConnectProvider,
  OrgState,
  SamlProvider,
} from "../state/org-state.js";
import { importAuthorizationDetails } from "./authorization-details.js";
import { importCredentialReport } from "./credential-report.js";
import { importOidcProviders } from "./oidc-providers.js";
import { importSamlProviders } from "./saml-providers.js";

export interface InputFile {
  path: string;
  text: string;
}

export interface ImportResult {
  state: OrgState;
  diagnostics: Diagnostic[];
  /** The export files each account came from, for locating findings. */
  files: Map<string, string[]>;
  /** Accounts whose SAML providers were listed (list-saml-providers), not inferred from trusts. */
  providersListed: Set<string>;
  /** Accounts whose OIDC providers were listed; elsewhere the state leaves them undefined (not known). */
  oidcListed: Set<string>;
}

/** An empty list names no account: collect's layout (ACCOUNT/NAME.json) does. */
const accountOfPath = (path: string) => /(?:^|[\\/])(\d{12})[\\/][^\\/]+$/.exec(path)?.[1] ?? "";

/** Provider lists by account, each kept only for an exported account (a warning names the others). */
function listedProviders<T>(
  files: InputFile[],
  what: string,
  read: (f: InputFile) => { byAccount?: Map<string, T[]>; diagnostics: Diagnostic[] },
  exported: ReadonlyMap<string, unknown>,
  diagnostics: Diagnostic[],
): Map<string, T[]> {
  const listed = new Map<string, T[]>();
  for (const f of files) {
    const r = read(f);
    diagnostics.push(...r.diagnostics);
    if (!r.byAccount) continue;
    const byAccount = r.byAccount.size > 0 ? r.byAccount : new Map([[accountOfPath(f.path), []]]);
    for (const [id, providers] of byAccount) {
      if (!exported.has(id)) {
        diagnostics.push({
          severity: "warning",
          code: "unmatched-providers",
          file: f.path,
          line: 1,
          column: 1,
          message: id
            ? `${what} of account ${id}, for which no authorization-details export was given`
            : `an empty ${what.replace(/s$/, "")} list outside an ACCOUNT/ folder: cannot tell whose it is, ignored`,
        });
        continue;
      }
      listed.set(id, [...(listed.get(id) ?? []), ...providers]);
    }
  }
  return listed;
}

const byArnOnce = <T extends { Arn: string }>(list: T[]) =>
  [...new Map(list.map((p) => [p.Arn, p])).values()].sort((x, y) => x.Arn.localeCompare(y.Arn));

function mergeInto(target: AuthorizationDetails, source: AuthorizationDetails): void {
  const byArn = <T extends { Arn: string }>(a: T[], b: T[]) => {
    const seen = new Set(a.map((x) => x.Arn));
    for (const x of b) if (!seen.has(x.Arn)) a.push(x);
  };
  byArn(target.UserDetailList, source.UserDetailList);
  byArn(target.GroupDetailList, source.GroupDetailList);
  byArn(target.RoleDetailList, source.RoleDetailList);
  byArn(target.Policies, source.Policies);
}

/** SAML providers named by federated trust statements, when no list-saml-providers output was given. */
function providersFromTrusts(details: AuthorizationDetails): SamlProvider[] {
  const arns = new Set<string>();
  for (const r of details.RoleDetailList) {
    for (const s of r.AssumeRolePolicyDocument.Statement) {
      if (s.Principal && s.Principal !== "*")
        for (const f of [s.Principal.Federated ?? []].flat()) if (f.includes(":saml-provider/")) arns.add(f);
    }
  }
  return [...arns].sort().map((Arn) => ({ Arn }));
}

/**
 * Rows added to an account's report, one per user: a row repeated exactly (the same report given
 * twice) is read once with a warning; two different rows for one user are an error, since the
 * headline counts would disagree with the per-user findings.
 */
function addRows(
  into: CredentialReportRow[],
  rows: CredentialReportRow[],
  file: string,
  diagnostics: Diagnostic[],
): CredentialReportRow[] {
  const byArn = new Map(into.map((r) => [r.arn, r]));
  const same = (a: CredentialReportRow, b: CredentialReportRow) => JSON.stringify(a) === JSON.stringify(b);
  for (const row of rows) {
    const seen = byArn.get(row.arn);
    if (!seen) {
      byArn.set(row.arn, row);
      continue;
    }
    diagnostics.push({
      severity: same(seen, row) ? "warning" : "error",
      code: "duplicate-row",
      file,
      line: 1,
      column: 1,
      message: same(seen, row)
        ? `the credential report repeats the row of ${row.arn}: read once`
        : `the credential report has two different rows for ${row.arn}`,
      ...(same(seen, row) ? {} : { expected: "one row per user" }),
    });
  }
  return [...byArn.values()];
}

export function importExports(
  exports: InputFile[],
  credentialReports: InputFile[] = [],
  samlProviders: InputFile[] = [],
  oidcProviders: InputFile[] = [],
): ImportResult {
  const diagnostics: Diagnostic[] = [];
  const accounts = new Map<string, AccountState>();
  const files = new Map<string, string[]>();
  for (const f of exports) {
    const r = importAuthorizationDetails(f.path, f.text);
    diagnostics.push(...r.diagnostics);
    if (!r.imported) continue;
    const parts =
      r.imported.parts ??
      (r.imported.accountId ? [{ accountId: r.imported.accountId, details: r.imported.details }] : []);
    for (const { accountId: id, details } of parts) {
      files.set(id, [...(files.get(id) ?? []), f.path]);
      const existing = accounts.get(id);
      if (existing) mergeInto(existing.authorizationDetails, details);
      else accounts.set(id, { accountId: id, authorizationDetails: details, samlProviders: [] });
    }
  }
  for (const f of credentialReports) {
    const r = importCredentialReport(f.path, f.text);
    diagnostics.push(...r.diagnostics);
    if (!r.rows) continue;
    const byAccount = new Map<string, CredentialReportRow[]>();
    for (const row of r.rows) {
      const id = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(row.arn)?.[1];
      if (id) byAccount.set(id, [...(byAccount.get(id) ?? []), row]);
    }
    for (const [id, rows] of byAccount) {
      const account = accounts.get(id);
      if (!account) {
        // An error, not a warning: the report would be dropped and its account read as having none.
        diagnostics.push({
          severity: "error",
          code: "unmatched-report",
          file: f.path,
          line: 1,
          column: 1,
          message: `credential report of account ${id}, but no authorization-details export of ${id} was given (exports: ${[...accounts.keys()].sort().join(", ") || "none"})`,
          expected: "the credential report of an exported account",
        });
        continue;
      }
      account.credentialReport = addRows(account.credentialReport ?? [], rows, f.path, diagnostics);
    }
  }
  const listed = listedProviders(
    samlProviders,
    "SAML providers",
    (f) => {
      const r = importSamlProviders(f.path, f.text);
      return { ...(r.imported ? { byAccount: r.imported.byAccount } : {}), diagnostics: r.diagnostics };
    },
    accounts,
    diagnostics,
  );
  const oidc = listedProviders<OpenIdConnectProvider>(
    oidcProviders,
    "OIDC providers",
    (f) => importOidcProviders(f.path, f.text),
    accounts,
    diagnostics,
  );
  for (const a of accounts.values()) {
    const given = listed.get(a.accountId);
    a.samlProviders = given ? byArnOnce(given) : providersFromTrusts(a.authorizationDetails);
    const openId = oidc.get(a.accountId);
    if (openId) a.openIdConnectProviders = byArnOnce(openId);
  }
  return {
    state: { accounts: [...accounts.values()].sort((a, b) => a.accountId.localeCompare(b.accountId)) },
    diagnostics: sortDiagnostics(diagnostics),
    files,
    providersListed: new Set(listed.keys()),
    oidcListed: new Set(oidc.keys()),
  };
}
