// Live collection: reads one or more AWS accounts with the SDK and returns the files `audit`
// reads (authorization details in the AWS CLI's form, the credential report, SAML and OIDC providers).
// Written against the SDK clients' `send`, so tests serve recorded exports through mocks.
// Credentials never leave the clients: nothing here prints or returns them.
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  GetCredentialReportCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  type IAMClient,
  type IAMClientConfig,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";

/** What a client may be given as credentials: a static identity or a provider. */
export type ClientCredentials = NonNullable<IAMClientConfig["credentials"]>;

export interface CollectOptions {
  /** Credentials of the caller (the standard chain in the CLI). */
  credentials: ClientCredentials;
  /** Roles to assume, one per further account. */
  assumeRoleArns: string[];
  makeIam(credentials: ClientCredentials): Pick<IAMClient, "send">;
  makeSts(credentials: ClientCredentials): Pick<STSClient, "send">;
  /** Progress lines (no newline). */
  log?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** GenerateCredentialReport calls before giving up (default 10), and the wait between them. */
  reportAttempts?: number;
  reportWaitMs?: number;
  /** Guard against a Marker that never ends (default 10,000 pages). */
  maxPages?: number;
}

export interface AccountCollection {
  accountId: string;
  /** How the account was reached: "caller" or the assumed role's ARN. */
  via: string;
  authorizationDetails: AuthorizationDetailsExport;
  credentialReport: CredentialReportExport;
  samlProviders: { SAMLProviderList: SamlProviderExport[] };
  oidcProviders: { OpenIDConnectProviderList: OidcProviderExport[] };
  pages: number;
}

export interface AuthorizationDetailsExport {
  UserDetailList: Record<string, unknown>[];
  GroupDetailList: Record<string, unknown>[];
  RoleDetailList: Record<string, unknown>[];
  Policies: Record<string, unknown>[];
}

/** The JSON of `aws iam get-credential-report`: Content is the base64 CSV. */
export interface CredentialReportExport {
  Content: string;
  ReportFormat: string;
  GeneratedTime?: string;
}

export interface SamlProviderExport {
  Arn: string;
  CreateDate?: string;
  ValidUntil?: string;
  SAMLProviderUUID?: string;
  Tags?: { Key?: string; Value?: string }[];
}

/** list-open-id-connect-providers' entry, completed with get-open-id-connect-provider's fields. */
export interface OidcProviderExport {
  Arn: string;
  Url: string;
  ClientIDList: string[];
  ThumbprintList: string[];
  CreateDate?: string;
  Tags?: { Key?: string; Value?: string }[];
}

export class CollectError extends Error {}

export const SESSION_NAME = "sekisho-collect";
export const SESSION_SECONDS = 900;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function errorText(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== "Error" ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}

/** Runs one call, naming the account and the call when it fails. */
async function step<T>(where: string, call: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof CollectError) throw e;
    throw new CollectError(`${where}: ${call} failed: ${errorText(e)}`);
  }
}

type Obj = Record<string, unknown>;

/** A URL-encoded policy document as the API returns it → the JSON the AWS CLI prints. */
function decodeDocument(value: unknown, where: string, warn: (m: string) => void): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(/^\s*[{[]/.test(value) ? value : decodeURIComponent(value));
  } catch {
    warn(`${where}: policy document is not URL-encoded JSON; kept as returned`);
    return value;
  }
}

function plain(value: unknown): Obj {
  // Dates become ISO strings; undefined fields disappear, as in the CLI's output.
  return JSON.parse(JSON.stringify(value)) as Obj;
}

function decodeInline(list: unknown, owner: string, warn: (m: string) => void): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((p: Obj) => ({
    ...p,
    PolicyDocument: decodeDocument(p.PolicyDocument, `${owner} inline policy ${String(p.PolicyName)}`, warn),
  }));
}

/** Merges API pages into the CLI's form, with decoded documents. */
export function toCliForm(
  pages: GetAccountAuthorizationDetailsCommandOutput[],
  warn: (m: string) => void = () => {},
): AuthorizationDetailsExport {
  const out: AuthorizationDetailsExport = {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  };
  for (const page of pages) {
    for (const u of page.UserDetailList ?? []) {
      const o = plain(u);
      o.UserPolicyList = decodeInline(o.UserPolicyList, String(o.Arn), warn);
      out.UserDetailList.push(o);
    }
    for (const g of page.GroupDetailList ?? []) {
      const o = plain(g);
      o.GroupPolicyList = decodeInline(o.GroupPolicyList, String(o.Arn), warn);
      out.GroupDetailList.push(o);
    }
    for (const r of page.RoleDetailList ?? []) {
      const o = plain(r);
      const name = String(o.Arn);
      if (o.AssumeRolePolicyDocument !== undefined)
        o.AssumeRolePolicyDocument = decodeDocument(o.AssumeRolePolicyDocument, `${name} trust policy`, warn);
      o.RolePolicyList = decodeInline(o.RolePolicyList, name, warn);
      out.RoleDetailList.push(o);
    }
    for (const p of page.Policies ?? []) {
      const o = plain(p);
      if (Array.isArray(o.PolicyVersionList)) {
        o.PolicyVersionList = o.PolicyVersionList.map((v: Obj) => ({
          ...v,
          Document: decodeDocument(v.Document, `${String(o.Arn)} version ${String(v.VersionId)}`, warn),
        }));
      }
      out.Policies.push(o);
    }
  }
  return out;
}

async function authorizationDetails(
  iam: Pick<IAMClient, "send">,
  where: string,
  maxPages: number,
): Promise<GetAccountAuthorizationDetailsCommandOutput[]> {
  const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
  let marker: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const page = await step(where, "GetAccountAuthorizationDetails", () =>
      iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000, Marker: marker })),
    );
    pages.push(page);
    if (!page.IsTruncated) return pages;
    if (!page.Marker || seen.has(page.Marker))
      throw new CollectError(
        `${where}: GetAccountAuthorizationDetails said IsTruncated without a new Marker; the export would be partial`,
      );
    if (pages.length >= maxPages)
      throw new CollectError(`${where}: GetAccountAuthorizationDetails returned more than ${maxPages} pages`);
    seen.add(page.Marker);
    marker = page.Marker;
  }
}

async function credentialReport(
  iam: Pick<IAMClient, "send">,
  where: string,
  attempts: number,
  waitMs: number,
  sleep: (ms: number) => Promise<void>,
): Promise<CredentialReportExport> {
  let state: string | undefined;
  for (let i = 1; ; i++) {
    const r = await step(where, "GenerateCredentialReport", () =>
      iam.send(new GenerateCredentialReportCommand({})),
    );
    state = r.State;
    if (state === "COMPLETE") break;
    if (i >= attempts)
      throw new CollectError(
        `${where}: the credential report is still ${state ?? "not ready"} after ${attempts} GenerateCredentialReport calls ` +
          `(${Math.round(((attempts - 1) * waitMs) / 1000)} s); AWS is still generating it: run collect again in a minute`,
      );
    await sleep(waitMs);
  }
  const report = await step(where, "GetCredentialReport", () => iam.send(new GetCredentialReportCommand({})));
  if (!report.Content)
    throw new CollectError(
      `${where}: GetCredentialReport returned no Content although the report is COMPLETE`,
    );
  return {
    Content: Buffer.from(report.Content).toString("base64"),
    ReportFormat: report.ReportFormat ?? "text/csv",
    ...(report.GeneratedTime ? { GeneratedTime: new Date(report.GeneratedTime).toISOString() } : {}),
  };
}

async function samlProviders(iam: Pick<IAMClient, "send">, where: string): Promise<SamlProviderExport[]> {
  const list = await step(where, "ListSAMLProviders", () => iam.send(new ListSAMLProvidersCommand({})));
  const out: SamlProviderExport[] = [];
  for (const p of list.SAMLProviderList ?? []) {
    if (!p.Arn) continue;
    const arn = p.Arn;
    const d = await step(where, `GetSAMLProvider ${arn}`, () =>
      iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })),
    );
    // The metadata document (the IdP's XML) is left out to keep the files small.
    const created = d.CreateDate ?? p.CreateDate;
    const valid = d.ValidUntil ?? p.ValidUntil;
    out.push({
      Arn: arn,
      ...(created ? { CreateDate: new Date(created).toISOString() } : {}),
      ...(valid ? { ValidUntil: new Date(valid).toISOString() } : {}),
      ...(d.SAMLProviderUUID ? { SAMLProviderUUID: d.SAMLProviderUUID } : {}),
      ...(d.Tags?.length ? { Tags: d.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {}),
    });
  }
  return out.sort((a, b) => a.Arn.localeCompare(b.Arn));
}

async function oidcProviders(iam: Pick<IAMClient, "send">, where: string): Promise<OidcProviderExport[]> {
  const list = await step(where, "ListOpenIDConnectProviders", () =>
    iam.send(new ListOpenIDConnectProvidersCommand({})),
  );
  const out: OidcProviderExport[] = [];
  for (const p of list.OpenIDConnectProviderList ?? []) {
    if (!p.Arn) continue;
    const arn = p.Arn;
    const d = await step(where, `GetOpenIDConnectProvider ${arn}`, () =>
      iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
    );
    // Without its Url and audiences a provider cannot be compared or audited: an answer that
    // lacks them is a failed read, not an empty list.
    if (!d.Url || !d.ClientIDList)
      throw new CollectError(`${where}: GetOpenIDConnectProvider ${arn} returned no Url or ClientIDList`);
    out.push({
      Arn: arn,
      Url: d.Url,
      ClientIDList: [...d.ClientIDList].sort(),
      ThumbprintList: [...(d.ThumbprintList ?? [])].sort(),
      ...(d.CreateDate ? { CreateDate: new Date(d.CreateDate).toISOString() } : {}),
      ...(d.Tags?.length ? { Tags: d.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {}),
    });
  }
  return out.sort((a, b) => a.Arn.localeCompare(b.Arn));
}

interface Target {
  via: string;
  credentials: ClientCredentials;
}

/** Collects every account: the caller's, then one per role to assume. Nothing is written here. */
export async function collect(options: CollectOptions): Promise<AccountCollection[]> {
  const log = options.log ?? (() => {});
  const sleep = options.sleep ?? defaultSleep;
  const attempts = Math.max(1, options.reportAttempts ?? 10);
  const waitMs = options.reportWaitMs ?? 2000;
  const maxPages = options.maxPages ?? 10_000;
  const callerSts = options.makeSts(options.credentials);

  const targets: Target[] = [{ via: "caller", credentials: options.credentials }];
  for (const arn of options.assumeRoleArns) {
    const r = await step(arn, "AssumeRole", () =>
      callerSts.send(
        new AssumeRoleCommand({
          RoleArn: arn,
          RoleSessionName: SESSION_NAME,
          DurationSeconds: SESSION_SECONDS,
        }),
      ),
    );
    const c = r.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new CollectError(`${arn}: AssumeRole returned no credentials`);
    targets.push({
      via: arn,
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
      },
    });
  }

  const results: AccountCollection[] = [];
  for (const [i, t] of targets.entries()) {
    const n = `[${i + 1}/${targets.length}]`;
    const sts = t.via === "caller" ? callerSts : options.makeSts(t.credentials);
    const who = await step(t.via, "GetCallerIdentity", () => sts.send(new GetCallerIdentityCommand({})));
    const accountId = who.Account;
    if (!accountId || !/^\d{12}$/.test(accountId))
      throw new CollectError(`${t.via}: GetCallerIdentity returned no account id`);
    const earlier = results.find((r) => r.accountId === accountId);
    if (earlier)
      throw new CollectError(
        `${t.via}: account ${accountId} is already collected (via ${earlier.via}); give each account once`,
      );
    const where = `account ${accountId}`;
    log(`${n} ${accountId}: GetCallerIdentity (${t.via === "caller" ? "caller" : `assumed ${t.via}`})`);
    const iam = options.makeIam(t.credentials);

    const pages = await authorizationDetails(iam, where, maxPages);
    const details = toCliForm(pages, (m) => log(`${n} ${accountId}: warning: ${m}`));
    log(
      `${n} ${accountId}: GetAccountAuthorizationDetails: ${pages.length} page${pages.length === 1 ? "" : "s"}, ` +
        `${details.UserDetailList.length} users, ${details.GroupDetailList.length} groups, ` +
        `${details.RoleDetailList.length} roles, ${details.Policies.length} policies`,
    );
    const report = await credentialReport(iam, where, attempts, waitMs, sleep);
    log(`${n} ${accountId}: GetCredentialReport: ${report.GeneratedTime ?? "generated"}`);
    const saml = await samlProviders(iam, where);
    log(`${n} ${accountId}: ListSAMLProviders: ${saml.length} provider${saml.length === 1 ? "" : "s"}`);
    const oidc = await oidcProviders(iam, where);
    log(
      `${n} ${accountId}: ListOpenIDConnectProviders: ${oidc.length} provider${oidc.length === 1 ? "" : "s"}`,
    );
    results.push({
      accountId,
      via: t.via,
      authorizationDetails: details,
      credentialReport: report,
      samlProviders: { SAMLProviderList: saml },
      oidcProviders: { OpenIDConnectProviderList: oidc },
      pages: pages.length,
    });
  }
  return results;
}

/** The files `audit` reads, by path relative to the output directory. */
export function collectionFiles(accounts: AccountCollection[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const a of accounts) {
    files.set(
      `${a.accountId}/authorization-details.json`,
      `${JSON.stringify(a.authorizationDetails, null, 2)}\n`,
    );
    files.set(`${a.accountId}/credential-report.json`, `${JSON.stringify(a.credentialReport, null, 2)}\n`);
    files.set(`${a.accountId}/saml-providers.json`, `${JSON.stringify(a.samlProviders, null, 2)}\n`);
    files.set(`${a.accountId}/oidc-providers.json`, `${JSON.stringify(a.oidcProviders, null, 2)}\n`);
  }
  return files;
}
