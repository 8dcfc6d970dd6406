// `sekisho google sync`: sets each person's AWS SAML attributes in Google Workspace through the
// Admin SDK Directory API, as a service account with domain-wide delegation acting for an
// admin. Dry run by default. It reads and writes only the people of the model, and only the
// fields of our custom schema; people outside the model who still hold values are listed, and
// cleared only with --prune.
//
// The shell: files, network, clock. What to change is decided in src/google/sync.ts.
import { createSign } from "node:crypto";
import { readFileSync } from "node:fs";
import { admin_directory_v1, auth } from "@googleapis/admin";
import { type PersonAttributes, peopleAttributes } from "../google/attributes.js";
import {
  DEFAULT_SCHEMA,
  type GoogleSchemaNames,
  SCOPE_USERS,
  SCOPE_USERS_READONLY,
} from "../google/schema.js";
import {
  type CurrentValues,
  countChanges,
  diffPerson,
  formatChanges,
  formatOutsiders,
  outsiders,
  type PersonChange,
  printable,
  pruneBody,
  readCurrent,
} from "../google/sync.js";
import type { AccessModel } from "../model/types.js";
import { type Command, parse, UsageError } from "./command.js";
import { failed, InputError } from "./read-model.js";
import { printDiagnostics } from "./report.js";
import { validateAll } from "./validate-command.js";

const DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";
/** Replaces https://admin.googleapis.com/ — for tests against a local server only. */
export const API_ROOT_ENV = "SEKISHO_GOOGLE_API_ROOT";
const CONCURRENCY = 8;

export class GoogleError extends Error {}

interface ServiceAccount {
  clientEmail: string;
  privateKey: string;
  privateKeyId?: string;
  tokenUri: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Loopback HTTP (tests) or HTTPS: a token or an assertion never travels in clear text elsewhere. */
function allowedUrl(text: string): boolean {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (u.protocol === "https:") return true;
  return u.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
}

/** Reads a service-account key file. Error messages never quote the file: it holds the private key. */
export function readServiceAccount(file: string): ServiceAccount {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError(`${file}: not a JSON service-account key`);
  }
  if (!isRecord(json) || json.type !== "service_account")
    throw new InputError(`${file}: not a service-account key (expected "type": "service_account")`);
  const { client_email, private_key, private_key_id, token_uri } = json;
  if (typeof client_email !== "string" || client_email === "")
    throw new InputError(`${file}: client_email is missing`);
  if (typeof private_key !== "string" || !private_key.includes("PRIVATE KEY"))
    throw new InputError(`${file}: private_key is missing or not a PEM private key`);
  const tokenUri = typeof token_uri === "string" && token_uri !== "" ? token_uri : DEFAULT_TOKEN_URI;
  if (!allowedUrl(tokenUri)) throw new InputError(`${file}: token_uri must be an https URL`);
  return {
    clientEmail: client_email,
    privateKey: private_key,
    ...(typeof private_key_id === "string" && private_key_id !== "" ? { privateKeyId: private_key_id } : {}),
    tokenUri,
  };
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

/** The signed JWT of the OAuth 2.0 service-account flow, with `sub` = the admin it acts for. */
export function signedAssertion(sa: ServiceAccount, scope: string, subject: string, now: number): string {
  const header = { alg: "RS256", typ: "JWT", ...(sa.privateKeyId ? { kid: sa.privateKeyId } : {}) };
  const claims = { iss: sa.clientEmail, sub: subject, scope, aud: sa.tokenUri, iat: now, exp: now + 3600 };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  let signature: Buffer;
  try {
    signature = createSign("RSA-SHA256").update(input).sign(sa.privateKey);
  } catch {
    throw new InputError("the credentials' private_key cannot sign (is it an RSA key in PEM?)");
  }
  return `${input}.${base64url(signature)}`;
}

/** Access tokens from the credentials' token_uri, fetched once and again shortly before expiry. */
function tokenSource(sa: ServiceAccount, scope: string, subject: string) {
  let pending: Promise<{ access_token: string; expiry_date: number }> | undefined;
  let expiry = 0;
  const fetchToken = async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion: signedAssertion(sa, scope, subject, now),
    });
    let res: Response;
    try {
      res = await fetch(sa.tokenUri, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      });
    } catch (e) {
      throw new GoogleError(
        `cannot reach the token endpoint ${sa.tokenUri}: ${e instanceof Error ? e.message : "error"}`,
      );
    }
    const data: unknown = await res.json().catch(() => undefined);
    if (!res.ok || !isRecord(data) || typeof data.access_token !== "string") {
      const reason =
        isRecord(data) && typeof data.error === "string"
          ? `${data.error}${typeof data.error_description === "string" ? `: ${data.error_description}` : ""}`
          : `HTTP ${res.status}`;
      throw new GoogleError(
        `the token endpoint refused the service account (${printable(reason)}). Check that its client ID has domain-wide delegation for ${scope}, and that --admin names an admin of the domain.`,
      );
    }
    const expiresIn = typeof data.expires_in === "number" ? data.expires_in : 3600;
    return { access_token: data.access_token, expiry_date: (now + expiresIn) * 1000 };
  };
  return async () => {
    // One request at a time: calls made while it is pending share it (expiry unknown until then).
    if (!pending || Date.now() > expiry - 60_000) {
      expiry = Number.POSITIVE_INFINITY;
      const p = fetchToken();
      pending = p;
      p.then(
        (t) => {
          expiry = t.expiry_date;
        },
        () => {
          if (pending === p) pending = undefined;
        },
      );
    }
    return pending;
  };
}

function apiRoot(): string | undefined {
  const root = process.env[API_ROOT_ENV];
  if (root === undefined || root === "") return undefined;
  if (!allowedUrl(root)) throw new InputError(`${API_ROOT_ENV} must be an https or loopback http URL`);
  return root;
}

function statusOf(e: unknown): number | undefined {
  if (!isRecord(e)) return undefined;
  if (typeof e.status === "number") return e.status;
  const r = e.response;
  return isRecord(r) && typeof r.status === "number" ? r.status : undefined;
}

function describe(e: unknown): string {
  const status = statusOf(e);
  const message = e instanceof Error ? e.message : "error";
  return printable(status ? `HTTP ${status}: ${message}` : message);
}

async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface SyncOptions {
  credentials: string;
  admin: string;
  apply: boolean;
  /** Clear the values of people outside the model (written only with `apply`). */
  prune: boolean;
  names?: GoogleSchemaNames;
}

/** Runs the sync; returns the exit code. Writes its report to stdout, problems to stderr. */
export async function googleSync(model: AccessModel, options: SyncOptions): Promise<number> {
  const names = options.names ?? DEFAULT_SCHEMA;
  const sa = readServiceAccount(options.credentials);
  const root = apiRoot();
  const client = new auth.OAuth2();
  client.refreshHandler = tokenSource(sa, options.apply ? SCOPE_USERS : SCOPE_USERS_READONLY, options.admin);
  const api = new admin_directory_v1.Admin({ auth: client, ...(root ? { rootUrl: root } : {}) });

  const people = peopleAttributes(model);
  const out = process.stdout;
  out.write(
    `Google Workspace, schema ${names.schema} (${names.roleField}, ${names.durationField}): ${people.length} people in the model${options.apply ? "" : " (dry run)"}${options.prune ? ", pruning people outside it" : ""}\n`,
  );
  // Every read comes before any write: a sync that cannot read everything changes nothing.
  const changes = await pool(people, CONCURRENCY, async (p: PersonAttributes): Promise<PersonChange> => {
    let current: CurrentValues | undefined;
    try {
      const res = await api.users.get({
        userKey: p.email,
        projection: "custom",
        customFieldMask: names.schema,
      });
      current = readCurrent(res.data.customSchemas, names);
    } catch (e) {
      if (statusOf(e) !== 404) throw new GoogleError(`reading ${p.email}: ${describe(e)}`);
    }
    return diffPerson(p, current, names);
  });
  out.write(formatChanges(changes, names));

  const found = outsiders(model, await listAll(api, names), names);
  out.write(formatOutsiders(found, options.prune, names));

  const counts = countChanges(changes);
  out.write(
    `${counts.update} to update, ${counts.unchanged} unchanged, ${counts.missing} not found in Google Workspace, ${found.length} outside the model with values${options.prune ? " to clear" : ""}\n`,
  );
  const toWrite = counts.update + (options.prune ? found.length : 0);
  if (!options.apply) {
    out.write(
      toWrite
        ? `dry run: nothing written; run again with --apply to write${found.length && !options.prune ? " (and --prune to clear people outside the model)" : ""}\n`
        : found.length
          ? "dry run: nothing to write without --prune\n"
          : "dry run: nothing to write\n",
    );
  } else {
    const failures: string[] = [];
    const updates = changes.filter((c) => c.kind === "update");
    await pool(updates, CONCURRENCY, async (c) => {
      try {
        await api.users.patch({ userKey: c.email, requestBody: c.body });
      } catch (e) {
        failures.push(`cannot update ${c.email}: ${describe(e)}`);
      }
    });
    out.write(`updated ${updates.length - failures.length} of ${updates.length}\n`);
    if (options.prune) {
      const before = failures.length;
      await pool(found, CONCURRENCY, async (o) => {
        try {
          await api.users.patch({ userKey: o.email, requestBody: pruneBody(o, names) });
        } catch (e) {
          failures.push(`cannot clear ${printable(o.email)}: ${describe(e)}`);
        }
      });
      out.write(`cleared ${found.length - (failures.length - before)} of ${found.length}\n`);
    }
    for (const f of failures.sort()) process.stderr.write(`sekisho google sync: ${f}\n`);
    if (failures.length) return 1;
  }
  if (counts.missing) {
    process.stderr.write(
      `sekisho google sync: ${counts.missing} ${counts.missing === 1 ? "person is" : "people are"} not in Google Workspace; they cannot sign in until their accounts exist\n`,
    );
    return 1;
  }
  // What Google holds still differs from the model: a dry run with work to do, or people outside
  // the model left with values. Exit 1, so a nightly dry run catches it.
  const pending = options.apply ? (options.prune ? 0 : found.length) : counts.update + found.length;
  if (pending) {
    const parts = [
      ...(options.apply ? [] : counts.update ? [`${counts.update} to update`] : []),
      ...(found.length && !(options.apply && options.prune)
        ? [`${found.length} outside the model with values`]
        : []),
    ];
    process.stderr.write(
      `sekisho google sync: Google Workspace differs from the model (${parts.join(", ")})\n`,
    );
    return 1;
  }
  return 0;
}

/**
 * Everyone in the domain with our schema's fields, every page. Fails closed: a page that cannot
 * be read, a page that is not a list of users, a user without a primary email or a page token
 * seen before stops the sync, since a partial list would report "in sync" for whoever is left out.
 */
async function listAll(
  api: admin_directory_v1.Admin,
  names: GoogleSchemaNames,
): Promise<{ primaryEmail: string; customSchemas?: unknown }[]> {
  const listed: { primaryEmail: string; customSchemas?: unknown }[] = [];
  const seen = new Set<string>();
  let pageToken: string | undefined;
  let page = 1;
  do {
    let data: unknown;
    try {
      const res = await api.users.list({
        customer: "my_customer",
        projection: "custom",
        customFieldMask: names.schema,
        maxResults: 500,
        ...(pageToken ? { pageToken } : {}),
      });
      data = res.data;
    } catch (e) {
      throw new GoogleError(`listing users (page ${page}): ${describe(e)}`);
    }
    if (!isRecord(data)) throw new GoogleError(`listing users (page ${page}): the response is not an object`);
    const users = data.users ?? [];
    if (!Array.isArray(users)) throw new GoogleError(`listing users (page ${page}): "users" is not a list`);
    for (const [i, u] of users.entries()) {
      if (!isRecord(u) || typeof u.primaryEmail !== "string" || u.primaryEmail === "")
        throw new GoogleError(`listing users (page ${page}): user ${i + 1} has no primaryEmail`);
      listed.push({ primaryEmail: u.primaryEmail, customSchemas: u.customSchemas });
    }
    const next = data.nextPageToken;
    if (next !== undefined && next !== null && (typeof next !== "string" || seen.has(next)))
      throw new GoogleError(`listing users (page ${page}): the next page token repeats or is not text`);
    pageToken = typeof next === "string" && next !== "" ? next : undefined;
    if (pageToken) seen.add(pageToken);
    page++;
  } while (pageToken);
  return listed;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const runGoogle: Command = {
  name: "google",
  help: `Usage: sekisho google sync FILE --credentials KEY.json --admin ADMIN_EMAIL [--prune] [--apply]

Reads each person of FILE in Google Workspace (Directory API users.get, custom schema
${DEFAULT_SCHEMA.schema}) and prints, per person, how their ${DEFAULT_SCHEMA.roleField} and ${DEFAULT_SCHEMA.durationField} values
differ from what the model says. With --apply, writes the differences (users.patch, only the
fields of ${DEFAULT_SCHEMA.schema}, the full Role list). People outside the model who still hold
${DEFAULT_SCHEMA.roleField} values are listed: they can still sign in to AWS. With --prune their
${DEFAULT_SCHEMA.roleField} and ${DEFAULT_SCHEMA.durationField} are cleared (set to null; nothing else of
theirs is touched), again only with --apply.

KEY.json is a service-account key whose client ID has domain-wide delegation for
  ${SCOPE_USERS_READONLY}   (dry run)
  ${SCOPE_USERS}            (--apply)
ADMIN_EMAIL is the Workspace admin the service account acts for. See docs/google-workspace.md.

Exit codes: 0 Google Workspace agrees with the model (after --apply, or already on a dry
run), 1 it differs (a dry run with changes pending, people outside the model with values
left), model errors, people missing in Google Workspace or failed writes, 2 usage, I/O or API
errors (including a user list that could not be read whole: nothing is written then).

Options:
  --credentials KEY.json   service-account key file (required; never printed)
  --admin EMAIL            admin to act for (required)
  --prune                  also clear the values of people outside the model
  --apply                  write the changes (default: dry run)
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        credentials: { type: "string" },
        admin: { type: "string" },
        apply: { type: "boolean", default: false },
        prune: { type: "boolean", default: false },
      },
      { min: 2, max: 2, names: "sync FILE" },
    );
    if (positionals[0] !== "sync")
      throw new UsageError(`unknown subcommand '${positionals[0]}' (expected sync)`);
    if (!values.credentials) throw new UsageError("missing --credentials KEY.json");
    if (!values.admin) throw new UsageError("missing --admin ADMIN_EMAIL");
    if (!EMAIL.test(values.admin)) throw new UsageError(`--admin '${values.admin}' is not an email address`);
    const r = validateAll(positionals[1]!);
    printDiagnostics(r.diagnostics);
    if (failed(r)) return 1;
    try {
      return await googleSync(r.model!, {
        credentials: values.credentials,
        admin: values.admin,
        apply: values.apply === true,
        prune: values.prune === true,
      });
    } catch (e) {
      if (e instanceof GoogleError) {
        process.stderr.write(`sekisho google sync: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
  },
};
