// Reading exports for audit, diff, migrate and init --from: files, or a folder `collect` wrote
// (ACCOUNT/authorization-details.json, credential-report.json, saml-providers.json,
// oidc-providers.json).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type ImportResult, type InputFile, importExports } from "../import/import.js";
import { hasErrors } from "../model/diagnostics.js";
import { InputError } from "./input-error.js";
import { printDiagnostics } from "./report.js";

const MAX_EXPORT = 512 * 1024 * 1024;

export function readInput(path: string): InputFile {
  try {
    const size = statSync(path).size;
    if (size > MAX_EXPORT)
      throw new InputError(`${path}: ${size} bytes is larger than an export can be (512 MB)`);
    return { path, text: readFileSync(path, "utf8") };
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** The options every command that reads exports takes, besides the exports themselves. */
export const EXPORT_OPTIONS = {
  "credential-report": { type: "string", multiple: true },
  "saml-providers": { type: "string", multiple: true },
  "oidc-providers": { type: "string", multiple: true },
} as const;

export interface ExportInputs {
  exports: InputFile[];
  credentialReports: InputFile[];
  samlProviders: InputFile[];
  oidcProviders: InputFile[];
}

/** What is at a path, without throwing: reading it later says why it cannot be read. */
function kind(path: string): "file" | "dir" | undefined {
  try {
    const st = statSync(path);
    return st.isDirectory() ? "dir" : st.isFile() ? "file" : undefined;
  } catch {
    return undefined;
  }
}

/** Files are exports; a folder is a collection: its ACCOUNT/ folders (or itself) hold the four files. */
export function readExports(
  paths: string[],
  credentialReports: string[] = [],
  samlProviders: string[] = [],
  oidcProviders: string[] = [],
): ExportInputs {
  const out: ExportInputs = {
    exports: [],
    credentialReports: credentialReports.map(readInput),
    samlProviders: samlProviders.map(readInput),
    oidcProviders: oidcProviders.map(readInput),
  };
  for (const path of paths) {
    if (kind(path) !== "dir") {
      out.exports.push(readInput(path));
      continue;
    }
    const folders = [
      path,
      ...readdirSync(path)
        .sort()
        .map((name) => join(path, name))
        .filter((p) => kind(p) === "dir"),
    ];
    let found = 0;
    for (const folder of folders) {
      const file = (name: string) => {
        const p = join(folder, name);
        return kind(p) === "file" ? [readInput(p)] : [];
      };
      const details = file("authorization-details.json");
      if (details.length === 0) continue;
      found++;
      out.exports.push(...details);
      out.credentialReports.push(...file("credential-report.json"));
      out.samlProviders.push(...file("saml-providers.json"));
      out.oidcProviders.push(...file("oidc-providers.json"));
    }
    if (found === 0)
      throw new InputError(
        `${path}: a folder, but neither it nor its subfolders hold authorization-details.json (the layout sekisho collect writes)`,
      );
  }
  return out;
}

/**
 * Read and import the exports, print what the importer said. A broken input (or none that
 * names an account) stops the command with exit 2, as every unreadable input does: nothing is
 * analysed or written from a half-read export.
 */
export function importedAccounts(
  paths: string[],
  credentialReports: string[] = [],
  samlProviders: string[] = [],
  oidcProviders: string[] = [],
): ImportResult {
  // plan's state/ holds ACCOUNT.saml-providers.json and ACCOUNT.oidc-providers.json next to the
  // exports: `state/*.json` just works.
  const samlFiles = paths.filter((p) => p.endsWith(".saml-providers.json"));
  const oidcFiles = paths.filter((p) => p.endsWith(".oidc-providers.json"));
  const exportFiles = paths.filter(
    (p) => !p.endsWith(".saml-providers.json") && !p.endsWith(".oidc-providers.json"),
  );
  if (exportFiles.length === 0)
    throw new InputError(
      "not run: every file given is a list of identity providers (*.saml-providers.json, *.oidc-providers.json); give the authorization-details exports too",
    );
  const inputs = readExports(
    exportFiles,
    credentialReports,
    [...samlProviders, ...samlFiles],
    [...oidcProviders, ...oidcFiles],
  );
  const imported = importExports(
    inputs.exports,
    inputs.credentialReports,
    inputs.samlProviders,
    inputs.oidcProviders,
  );
  printDiagnostics(imported.diagnostics);
  if (hasErrors(imported.diagnostics) || imported.state.accounts.length === 0)
    throw new InputError("not run: fix the input errors above");
  return imported;
}
