// `sekisho collect` against mocked IAM and STS serving the real exports of test/fixtures/datasets:
// the API's form (pages with IsTruncated/Marker, URL-encoded documents, report bytes) in, the
// files `audit` reads out. No test reaches AWS.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  GetCredentialReportCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { type CollectDeps, collectCommand } from "../../src/cli/collect-command.js";
import { readExports } from "../../src/cli/read-exports.js";
import { type ClientCredentials, CollectError, collect } from "../../src/collect/collect.js";
import { importExports } from "../../src/import/import.js";
import { datasetText } from "../datasets.js";

const CALLER = "012345678901"; // cloudsplaining's example account
const OTHER = "123456789012"; // cloudmapper's demo account
const ROLE_ARN = `arn:aws:iam::${OTHER}:role/audit`;
const SAML_ARN = `arn:aws:iam::${CALLER}:saml-provider/okta`;
const OIDC_ARN = `arn:aws:iam::${CALLER}:oidc-provider/token.actions.githubusercontent.com`;
const STATIC = { accessKeyId: "AKIDCALLEREXAMPLE", secretAccessKey: "caller-secret-do-not-print" };
const ASSUMED = {
  AccessKeyId: "ASIAASSUMEDEXAMPLE",
  SecretAccessKey: "assumed-secret-do-not-print",
  SessionToken: "assumed-token-do-not-print",
  Expiration: new Date("2026-11-28T12:15:00Z"),
};

type Obj = Record<string, unknown>;

/** The CLI's form → the API's: documents URL-encoded as IAM returns them. */
function encodeDocs(details: Obj): Obj {
  const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
  const inline = (list: unknown) =>
    Array.isArray(list) ? list.map((p: Obj) => ({ ...p, PolicyDocument: enc(p.PolicyDocument) })) : list;
  const lists = (k: string) => (details[k] ?? []) as Obj[];
  return {
    UserDetailList: lists("UserDetailList").map((u) => ({ ...u, UserPolicyList: inline(u.UserPolicyList) })),
    GroupDetailList: lists("GroupDetailList").map((g) => ({
      ...g,
      GroupPolicyList: inline(g.GroupPolicyList),
    })),
    RoleDetailList: lists("RoleDetailList").map((r) => ({
      ...r,
      AssumeRolePolicyDocument: enc(r.AssumeRolePolicyDocument),
      RolePolicyList: inline(r.RolePolicyList),
    })),
    Policies: lists("Policies").map((p) => ({
      ...p,
      PolicyVersionList: ((p.PolicyVersionList ?? []) as Obj[]).map((v) => ({
        ...v,
        Document: enc(v.Document),
      })),
    })),
  };
}

/** cloudsplaining's export as two API pages, split in the middle of roles and policies. */
function cloudsplainingPages(): GetAccountAuthorizationDetailsCommandOutput[] {
  const api = encodeDocs(JSON.parse(datasetText("cloudsplaining-test-example-authz-details.json")));
  const roles = api.RoleDetailList as Obj[];
  const policies = api.Policies as Obj[];
  const first = {
    UserDetailList: api.UserDetailList,
    GroupDetailList: api.GroupDetailList,
    RoleDetailList: roles.slice(0, 1),
    Policies: policies.slice(0, 16),
    IsTruncated: true,
    Marker: "page-2-marker",
  };
  const second = {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: roles.slice(1),
    Policies: policies.slice(16),
    IsTruncated: false,
  };
  return [first, second] as unknown as GetAccountAuthorizationDetailsCommandOutput[];
}

function cloudmapperPage(): GetAccountAuthorizationDetailsCommandOutput {
  const api = encodeDocs(JSON.parse(datasetText("cloudmapper-demo-authz-details.json")));
  return { ...api, IsTruncated: false } as unknown as GetAccountAuthorizationDetailsCommandOutput;
}

/** cloudmapper's credential report as the SDK returns it for ACCOUNT (its rows name that account): Content as bytes. */
function reportBytes(account = OTHER): Uint8Array {
  const content = (JSON.parse(datasetText("cloudmapper-demo-credential-report.json")) as { Content: string })
    .Content;
  const csv = content.startsWith("user,") ? content : Buffer.from(content, "base64").toString("utf8");
  return new Uint8Array(Buffer.from(csv.replaceAll(`:${OTHER}:`, `:${account}:`), "utf8"));
}

const mockIam = (c: IAMClient) => mockClient(c);
const mockSts = (c: STSClient) => mockClient(c);

interface Fixture {
  deps: CollectDeps;
  callerIam: IAMClient;
  otherIam: IAMClient;
  callerSts: STSClient;
  iamMock: ReturnType<typeof mockIam>;
  otherIamMock: ReturnType<typeof mockIam>;
  stsMock: ReturnType<typeof mockSts>;
  /** The credentials each created client was given, in creation order. */
  made: { kind: "iam" | "sts"; credentials: ClientCredentials }[];
  sleeps: number[];
}

function isAssumed(c: ClientCredentials): boolean {
  return typeof c !== "function" && c.accessKeyId === ASSUMED.AccessKeyId;
}

function fixture(options: { reportStates?: string[] } = {}): Fixture {
  const callerIam = new IAMClient({ region: "us-east-1", credentials: STATIC });
  const otherIam = new IAMClient({ region: "us-east-1", credentials: STATIC });
  const callerSts = new STSClient({ region: "us-east-1", credentials: STATIC });
  const otherSts = new STSClient({ region: "us-east-1", credentials: STATIC });
  const made: Fixture["made"] = [];
  const sleeps: number[] = [];

  const iamMock = mockClient(callerIam);
  const pages = cloudsplainingPages();
  iamMock
    .on(GetAccountAuthorizationDetailsCommand)
    .callsFake((input: { Marker?: string }) => (input.Marker === "page-2-marker" ? pages[1] : pages[0]));
  const states = options.reportStates ?? ["STARTED", "COMPLETE"];
  let calls = 0;
  iamMock
    .on(GenerateCredentialReportCommand)
    .callsFake(() => ({ State: states[Math.min(calls++, states.length - 1)] }));
  iamMock.on(GetCredentialReportCommand).resolves({
    Content: reportBytes(CALLER),
    ReportFormat: "text/csv",
    GeneratedTime: new Date("2026-11-28T09:00:00Z"),
  });
  iamMock.on(ListSAMLProvidersCommand).resolves({
    SAMLProviderList: [{ Arn: SAML_ARN, CreateDate: new Date("2024-01-02T03:04:05Z") }],
  });
  iamMock.on(GetSAMLProviderCommand, { SAMLProviderArn: SAML_ARN }).resolves({
    SAMLMetadataDocument: "<EntityDescriptor>large XML</EntityDescriptor>",
    CreateDate: new Date("2024-01-02T03:04:05Z"),
    ValidUntil: new Date("2124-01-02T03:04:05Z"),
    Tags: [{ Key: "owner", Value: "security" }],
  });

  iamMock.on(ListOpenIDConnectProvidersCommand).resolves({ OpenIDConnectProviderList: [{ Arn: OIDC_ARN }] });
  iamMock.on(GetOpenIDConnectProviderCommand, { OpenIDConnectProviderArn: OIDC_ARN }).resolves({
    Url: "token.actions.githubusercontent.com",
    ClientIDList: ["sts.amazonaws.com"],
    ThumbprintList: ["6938fd4d98bab03faadb97b34396831e3780aea1"],
    CreateDate: new Date("2025-03-04T05:06:07Z"),
    Tags: [{ Key: "owner", Value: "platform" }],
  });

  const otherIamMock = mockClient(otherIam);
  otherIamMock.on(GetAccountAuthorizationDetailsCommand).resolves(cloudmapperPage());
  otherIamMock.on(GenerateCredentialReportCommand).resolves({ State: "COMPLETE" });
  otherIamMock.on(GetCredentialReportCommand).resolves({ Content: reportBytes(), ReportFormat: "text/csv" });
  otherIamMock.on(ListSAMLProvidersCommand).resolves({ SAMLProviderList: [] });
  otherIamMock.on(ListOpenIDConnectProvidersCommand).resolves({ OpenIDConnectProviderList: [] });

  const stsMock = mockClient(callerSts);
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: CALLER, Arn: `arn:aws:iam::${CALLER}:user/me` });
  stsMock.on(AssumeRoleCommand).resolves({ Credentials: ASSUMED });
  mockClient(otherSts)
    .on(GetCallerIdentityCommand)
    .resolves({ Account: OTHER, Arn: `arn:aws:sts::${OTHER}:assumed-role/audit/sekisho-collect` });

  const deps: CollectDeps = {
    credentials: () => STATIC,
    makeIam(credentials) {
      made.push({ kind: "iam", credentials });
      return isAssumed(credentials) ? otherIam : callerIam;
    },
    makeSts(credentials) {
      made.push({ kind: "sts", credentials });
      return isAssumed(credentials) ? otherSts : callerSts;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  return { deps, callerIam, otherIam, callerSts, iamMock, otherIamMock, stsMock, made, sleeps };
}

/** The fixture's clients as collect() takes them. */
function clients(f: Fixture) {
  return {
    makeIam: (c: ClientCredentials) => f.deps.makeIam(c, "us-east-1"),
    makeSts: (c: ClientCredentials) => f.deps.makeSts(c, "us-east-1"),
    sleep: f.deps.sleep!,
  };
}

async function captureStderr<T>(f: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  const original = process.stderr.write.bind(process.stderr);
  let stderr = "";
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  }) as typeof process.stderr.write;
  try {
    return { value: await f(), stderr };
  } finally {
    process.stderr.write = original;
  }
}

const tempOut = () => join(mkdtempSync(join(tmpdir(), "sekisho-collect-")), "out");

describe("sekisho collect", () => {
  it("writes the files audit reads, for the caller and an assumed account", async () => {
    const f = fixture();
    const out = tempOut();
    const { value: code, stderr } = await captureStderr(() =>
      collectCommand(f.deps).run(["-o", out, "--assume-role-arn", ROLE_ARN]),
    );
    assert.equal(code, 0, stderr);
    assert.deepEqual(readdirSync(out).sort(), [".sekisho-output", CALLER, OTHER]);
    for (const id of [CALLER, OTHER])
      assert.deepEqual(readdirSync(join(out, id)).sort(), [
        "authorization-details.json",
        "credential-report.json",
        "oidc-providers.json",
        "saml-providers.json",
      ]);
    // Progress: one line per account and call, then the summary.
    const lines = stderr.trim().split("\n");
    for (const call of ["GetCallerIdentity", "GetAccountAuthorizationDetails", "GetCredentialReport"])
      for (const id of [CALLER, OTHER])
        assert.ok(
          lines.some((l) => l.includes(id) && l.includes(call)),
          `no progress line for ${id} ${call}`,
        );
    assert.match(stderr, /\[1\/2\] 012345678901: GetAccountAuthorizationDetails: 2 pages, 3 users/);
    assert.match(lines.at(-1)!, /^collected 2 accounts .*: 5 users, 7 roles, 34 policies/);
    // Never a credential, on stderr or in a file.
    const written = [CALLER, OTHER]
      .flatMap((id) => readdirSync(join(out, id)).map((n) => readFileSync(join(out, id, n), "utf8")))
      .join("\n");
    for (const secret of [STATIC.secretAccessKey, ASSUMED.SecretAccessKey, ASSUMED.SessionToken]) {
      assert.ok(!stderr.includes(secret));
      assert.ok(!written.includes(secret));
    }
    // The credential report is the get-credential-report envelope, Content base64.
    const report = JSON.parse(readFileSync(join(out, CALLER, "credential-report.json"), "utf8"));
    assert.equal(report.ReportFormat, "text/csv");
    assert.equal(report.GeneratedTime, "2026-11-28T09:00:00.000Z");
    assert.deepEqual(new Uint8Array(Buffer.from(report.Content, "base64")), reportBytes(CALLER));
    // SAML providers: listed and described, without the metadata XML.
    const saml = JSON.parse(readFileSync(join(out, CALLER, "saml-providers.json"), "utf8"));
    assert.deepEqual(saml, {
      SAMLProviderList: [
        {
          Arn: SAML_ARN,
          CreateDate: "2024-01-02T03:04:05.000Z",
          ValidUntil: "2124-01-02T03:04:05.000Z",
          Tags: [{ Key: "owner", Value: "security" }],
        },
      ],
    });
    // OIDC providers: the list's ARNs, each completed with what GetOpenIDConnectProvider says.
    assert.deepEqual(JSON.parse(readFileSync(join(out, CALLER, "oidc-providers.json"), "utf8")), {
      OpenIDConnectProviderList: [
        {
          Arn: OIDC_ARN,
          Url: "token.actions.githubusercontent.com",
          ClientIDList: ["sts.amazonaws.com"],
          ThumbprintList: ["6938fd4d98bab03faadb97b34396831e3780aea1"],
          CreateDate: "2025-03-04T05:06:07.000Z",
          Tags: [{ Key: "owner", Value: "platform" }],
        },
      ],
    });
    assert.deepEqual(JSON.parse(readFileSync(join(out, OTHER, "oidc-providers.json"), "utf8")), {
      OpenIDConnectProviderList: [],
    });
    assert.match(stderr, /\[1\/2\] 012345678901: ListOpenIDConnectProviders: 1 provider\n/);
  });

  it("writes what importExports reads back as the datasets, with no error", async () => {
    const f = fixture();
    const out = tempOut();
    const { value: code } = await captureStderr(() =>
      collectCommand(f.deps).run(["-o", out, "--assume-role-arn", ROLE_ARN]),
    );
    assert.equal(code, 0);
    const file = (id: string, name: string) => {
      const path = join(out, id, name);
      return { path, text: readFileSync(path, "utf8") };
    };
    const collected = importExports(
      [file(CALLER, "authorization-details.json"), file(OTHER, "authorization-details.json")],
      [file(OTHER, "credential-report.json")],
    );
    assert.deepEqual(collected.diagnostics, []);
    const original = importExports(
      [
        { path: "a.json", text: datasetText("cloudsplaining-test-example-authz-details.json") },
        { path: "b.json", text: datasetText("cloudmapper-demo-authz-details.json") },
      ],
      [{ path: "r.json", text: datasetText("cloudmapper-demo-credential-report.json") }],
    );
    assert.deepEqual(
      collected.state.accounts.map((a) => a.accountId),
      [CALLER, OTHER],
    );
    // Same users, groups, roles and policies, documents decoded as the AWS CLI prints them.
    assert.deepEqual(collected.state, original.state);
    const caller = collected.state.accounts[0]!.authorizationDetails;
    assert.equal(caller.UserDetailList.length, 3);
    assert.equal(caller.GroupDetailList.length, 2);
    assert.equal(caller.RoleDetailList.length, 3);
    assert.equal(caller.Policies.length, 32);
    assert.equal(collected.state.accounts[1]!.credentialReport?.length, 3);
    // The caller's report decodes too (its rows name the demo account, so audit would say so).
    const callerReport = importExports(
      [file(CALLER, "authorization-details.json")],
      [file(CALLER, "credential-report.json")],
    );
    assert.ok(callerReport.diagnostics.every((d) => d.severity !== "error"));
    // The file itself is the CLI's form: decoded documents, no pagination fields.
    const text = readFileSync(join(out, CALLER, "authorization-details.json"), "utf8");
    assert.ok(!text.includes("IsTruncated") && !text.includes("%22"));
  });

  it("writes a folder audit takes whole: exports, reports, SAML and OIDC providers of every account", async () => {
    const f = fixture();
    const out = tempOut();
    const { value: code } = await captureStderr(() =>
      collectCommand(f.deps).run(["-o", out, "--assume-role-arn", ROLE_ARN]),
    );
    assert.equal(code, 0);
    const inputs = readExports([out]);
    assert.deepEqual(
      inputs.exports.map((x) => x.path),
      [join(out, CALLER, "authorization-details.json"), join(out, OTHER, "authorization-details.json")],
    );
    const imported = importExports(
      inputs.exports,
      inputs.credentialReports,
      inputs.samlProviders,
      inputs.oidcProviders,
    );
    assert.deepEqual(imported.diagnostics, []);
    // The OIDC lists too: the caller's provider with its audiences, the other account's none.
    assert.deepEqual([...imported.oidcListed].sort(), [CALLER, OTHER]);
    assert.deepEqual(imported.state.accounts[0]!.openIdConnectProviders, [
      {
        Arn: OIDC_ARN,
        Url: "token.actions.githubusercontent.com",
        ClientIDList: ["sts.amazonaws.com"],
        ThumbprintList: ["6938fd4d98bab03faadb97b34396831e3780aea1"],
        Tags: [{ Key: "owner", Value: "platform" }],
      },
    ]);
    assert.deepEqual(imported.state.accounts[1]!.openIdConnectProviders, []);
    // Both accounts' lists were read, the empty one (named by its folder) too.
    assert.deepEqual([...imported.providersListed].sort(), [CALLER, OTHER]);
    assert.deepEqual(imported.state.accounts[0]!.samlProviders, [
      { Arn: SAML_ARN, ValidUntil: "2124-01-02T03:04:05.000Z" },
    ]);
    assert.deepEqual(imported.state.accounts[1]!.samlProviders, []);
    assert.throws(
      () => readExports([join(out, "..")]),
      /neither it nor its subfolders hold authorization-details\.json/,
      "a folder one level too high",
    );
  });

  it("fails, writing nothing, when an OIDC provider cannot be read or is read without its audiences", async () => {
    for (const [inject, message] of [
      [
        (f: Fixture) =>
          f.iamMock
            .on(ListOpenIDConnectProvidersCommand)
            .rejects(Object.assign(new Error("Rate exceeded"), { name: "Throttling" })),
        /account 012345678901: ListOpenIDConnectProviders failed: Throttling: Rate exceeded/,
      ],
      [
        (f: Fixture) =>
          f.iamMock
            .on(GetOpenIDConnectProviderCommand, { OpenIDConnectProviderArn: OIDC_ARN })
            .rejects(Object.assign(new Error("denied"), { name: "AccessDenied" })),
        /GetOpenIDConnectProvider arn:aws:iam::012345678901:oidc-provider\/token\.actions\.githubusercontent\.com failed: AccessDenied: denied/,
      ],
      [
        (f: Fixture) =>
          f.iamMock.on(GetOpenIDConnectProviderCommand, { OpenIDConnectProviderArn: OIDC_ARN }).resolves({}),
        /GetOpenIDConnectProvider arn:aws:iam::012345678901:oidc-provider\/token\.actions\.githubusercontent\.com returned no Url or ClientIDList/,
      ],
    ] as const) {
      const f = fixture();
      inject(f);
      const out = tempOut();
      const { value: code, stderr } = await captureStderr(() => collectCommand(f.deps).run(["-o", out]));
      assert.equal(code, 1, stderr);
      assert.match(stderr, message);
      assert.match(stderr, /nothing written/);
      assert.equal(existsSync(out), false);
    }
  });

  it("follows Marker/IsTruncated pagination", async () => {
    const f = fixture();
    const accounts = await collect({
      credentials: STATIC,
      assumeRoleArns: [],
      ...clients(f),
    });
    const calls = f.iamMock.commandCalls(GetAccountAuthorizationDetailsCommand);
    assert.equal(calls.length, 2);
    assert.equal(calls[0]!.args[0].input.Marker, undefined);
    assert.equal(calls[1]!.args[0].input.Marker, "page-2-marker");
    assert.equal(accounts[0]!.pages, 2);
    assert.equal(accounts[0]!.authorizationDetails.RoleDetailList.length, 3);
    assert.equal(accounts[0]!.authorizationDetails.Policies.length, 32);
  });

  it("fails on a truncated page without a Marker rather than writing a partial export", async () => {
    const f = fixture();
    f.iamMock
      .on(GetAccountAuthorizationDetailsCommand)
      .resolves({ ...cloudsplainingPages()[0]!, Marker: undefined });
    await assert.rejects(
      collect({ credentials: STATIC, assumeRoleArns: [], ...clients(f) }),
      (e: unknown) => e instanceof CollectError && /IsTruncated without a new Marker/.test(e.message),
    );
  });

  it("waits for the credential report, and fails clearly when it stays STARTED", async () => {
    const f = fixture({ reportStates: ["STARTED"] });
    const out = tempOut();
    const { value: code, stderr } = await captureStderr(() => collectCommand(f.deps).run(["-o", out]));
    assert.equal(code, 1);
    assert.match(
      stderr,
      /account 012345678901: the credential report is still STARTED after 10 GenerateCredentialReport calls/,
    );
    assert.match(stderr, /nothing written/);
    assert.equal(f.iamMock.commandCalls(GenerateCredentialReportCommand).length, 10);
    assert.equal(f.iamMock.commandCalls(GetCredentialReportCommand).length, 0);
    assert.deepEqual(f.sleeps, Array(9).fill(2000));
    assert.equal(existsSync(out), false);

    const g = fixture({ reportStates: ["STARTED", "STARTED", "COMPLETE"] });
    await collect({
      credentials: STATIC,
      assumeRoleArns: [],
      ...clients(g),
      reportWaitMs: 5,
    });
    assert.equal(g.iamMock.commandCalls(GenerateCredentialReportCommand).length, 3);
    assert.deepEqual(g.sleeps, [5, 5]);
  });

  it("assumes each --assume-role-arn and uses its credentials for that account", async () => {
    const f = fixture();
    const accounts = await collect({
      credentials: STATIC,
      assumeRoleArns: [ROLE_ARN],
      ...clients(f),
    });
    const assume = f.stsMock.commandCalls(AssumeRoleCommand);
    assert.equal(assume.length, 1);
    assert.deepEqual(assume[0]!.args[0].input, {
      RoleArn: ROLE_ARN,
      RoleSessionName: "sekisho-collect",
      DurationSeconds: 900,
    });
    assert.deepEqual(
      accounts.map((a) => [a.accountId, a.via]),
      [
        [CALLER, "caller"],
        [OTHER, ROLE_ARN],
      ],
    );
    // The assumed account's clients were made with the returned credentials, and only they.
    const assumedClients = f.made.filter((m) => isAssumed(m.credentials));
    assert.deepEqual(
      assumedClients.map((m) => m.kind),
      ["sts", "iam"],
    );
    assert.deepEqual(assumedClients[1]!.credentials, {
      accessKeyId: ASSUMED.AccessKeyId,
      secretAccessKey: ASSUMED.SecretAccessKey,
      sessionToken: ASSUMED.SessionToken,
      expiration: ASSUMED.Expiration,
    });
    assert.equal(f.otherIamMock.commandCalls(GetAccountAuthorizationDetailsCommand).length, 1);
    assert.equal(f.iamMock.commandCalls(GetAccountAuthorizationDetailsCommand).length, 2);
    assert.equal(accounts[1]!.authorizationDetails.RoleDetailList.length, 4);
  });

  it("reports a failed AssumeRole with the role, and writes nothing", async () => {
    const f = fixture();
    f.stsMock
      .on(AssumeRoleCommand)
      .rejects(Object.assign(new Error("not authorized"), { name: "AccessDenied" }));
    const out = tempOut();
    const { value: code, stderr } = await captureStderr(() =>
      collectCommand(f.deps).run(["-o", out, "--assume-role-arn", ROLE_ARN]),
    );
    assert.equal(code, 1);
    assert.match(
      stderr,
      /arn:aws:iam::123456789012:role\/audit: AssumeRole failed: AccessDenied: not authorized/,
    );
    assert.equal(existsSync(out), false);
  });

  it("rejects bad usage before any call", async () => {
    const f = fixture();
    const run = (args: string[]) => collectCommand(f.deps).run(args);
    await assert.rejects(run([]), /missing -o DIR/);
    await assert.rejects(run(["-o", tempOut(), "--assume-role-arn", "audit"]), /not a role ARN/);
    await assert.rejects(run(["-o", tempOut(), "--region", "nowhere"]), /not a region/);
    await assert.rejects(run(["-o", tempOut(), "extra"]), /unexpected argument 'extra'/);
    assert.equal(f.stsMock.calls().length + f.iamMock.calls().length, 0);
  });
});
