import assert from "node:assert/strict";
import { test } from "node:test";
import { audit } from "../../src/audit/audit.js";
import { importExports } from "../../src/import/import.js";
import { formatDiagnostic } from "../../src/model/diagnostics.js";
import { datasetText } from "../datasets.js";

const file = (name: string) => ({ path: name, text: datasetText(name) });
const NOW = "2026-11-28T00:00:00Z";

test("cloudmapper demo: headline, wildcard trust, and escalation through it", () => {
  const r = importExports(
    [file("cloudmapper-demo-authz-details.json")],
    [file("cloudmapper-demo-credential-report.json")],
  );
  assert.deepEqual(
    r.state.accounts.map((a) => a.accountId),
    ["123456789012"],
  );
  const a = audit(r.state, NOW);
  assert.deepEqual(a.headline.users, {
    total: 2,
    withPassword: 1,
    withActiveKeys: 2,
    withMfa: 0,
    withoutMfa: 2,
  });
  const ids = a.findings.map((f) => f.id);
  assert.ok(ids.includes("trust/wildcard-principal/arn:aws:iam::123456789012:role/bad_role"));
  assert.ok(ids.includes("credentials/root-keys/arn:aws:iam::123456789012:root"));
  const esc = a.findings.find((f) => f.id === "escalation/arn:aws:iam::123456789012:role/exfiller")!;
  assert.equal(esc.severity, "critical");
  assert.deepEqual(esc.evidence[0]!.chain, [
    "arn:aws:iam::123456789012:role/exfiller",
    "arn:aws:iam::123456789012:role/bad_role",
  ]);
});

test("cloudsplaining example: admin-equivalent users are found by what their policies allow", () => {
  const r = importExports([file("cloudsplaining-test-example-authz-details.json")]);
  assert.deepEqual(r.diagnostics, []);
  const a = audit(r.state, NOW);
  assert.deepEqual(
    a.findings.filter((f) => f.rule === "admin-equivalent").map((f) => f.principal),
    ["arn:aws:iam::012345678901:user/obama", "arn:aws:iam::012345678901:user/userwithlotsofpermissions"],
  );
  assert.equal(a.headline.users.withPassword, null, "unknown without a credential report");
  assert.ok(a.warnings.includes("no credential report given: password, key and MFA counts are unknown"));
});

test("import: raw API pages with URL-encoded documents are decoded and merged", () => {
  const trust = encodeURIComponent(
    JSON.stringify({
      Version: "2012-10-17",
      Statement: { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
    }),
  );
  const page1 = {
    RoleDetailList: [
      {
        Path: "/",
        RoleName: "a",
        RoleId: "AROAA",
        Arn: "arn:aws:iam::111122223333:role/a",
        CreateDate: "x",
        AssumeRolePolicyDocument: trust,
        RolePolicyList: [],
        AttachedManagedPolicies: [],
        InstanceProfileList: [],
        Extra: 1,
      },
    ],
    IsTruncated: true,
    Marker: "m",
  };
  const page2 = {
    RoleDetailList: [
      {
        Path: "/",
        RoleName: "b",
        RoleId: "AROAB",
        Arn: "arn:aws:iam::111122223333:role/b",
        CreateDate: "x",
        AssumeRolePolicyDocument: trust,
      },
    ],
    IsTruncated: false,
  };
  const r = importExports([{ path: "pages.json", text: JSON.stringify([page1, page2]) }]);
  assert.deepEqual(r.diagnostics, []);
  const roles = r.state.accounts[0]!.authorizationDetails.RoleDetailList;
  assert.deepEqual(
    roles.map((x) => x.RoleName),
    ["a", "b"],
  );
  assert.deepEqual(roles[0]!.AssumeRolePolicyDocument.Statement[0]!.Principal, {
    Service: "ec2.amazonaws.com",
  });
  const partial = importExports([{ path: "p1.json", text: JSON.stringify(page1) }]);
  assert.deepEqual(
    partial.diagnostics.map((d) => [d.code, d.severity]),
    [["partial-data", "warning"]],
  );
});

test("import: wrong, truncated and broken input get clear errors naming the file", () => {
  const cr = file("cloudmapper-demo-credential-report.json");
  const lines = (files: { path: string; text: string }[]) =>
    importExports(files).diagnostics.map((d) => formatDiagnostic(d).split("\n")[0]);
  assert.deepEqual(lines([cr]), [
    "cloudmapper-demo-credential-report.json:1:1: error [wrong-file] not a get-account-authorization-details export (this is a credential report: pass it with --credential-report)",
  ]);
  assert.deepEqual(lines([{ path: "t.json", text: '{"UserDetailList": [\n  {"UserName": "a"' }]), [
    "t.json:2:19: error [truncated-json] the JSON ends early: the file is truncated",
  ]);
  assert.deepEqual(
    lines([
      {
        path: "d.json",
        text: JSON.stringify({
          RoleDetailList: [
            {
              RoleName: "r",
              Arn: "arn:aws:iam::111122223333:role/r",
              AssumeRolePolicyDocument: "%7Bnot json",
            },
          ],
        }),
      },
    ]),
    [
      "d.json: $.RoleDetailList[0].AssumeRolePolicyDocument: error [policy-document] expected a policy document: not valid JSON (nor URL-encoded JSON)",
    ],
  );
  assert.deepEqual(lines([{ path: "e.json", text: "" }]), ["e.json:1:1: error [empty] file is empty"]);
});

test("SAML providers: a trust naming a provider the account lacks, and metadata expired or expiring", () => {
  const A = "111122223333";
  const provider = (name: string) => `arn:aws:iam::${A}:saml-provider/${name}`;
  const samlRole = (name: string, idp: string) => ({
    Path: "/",
    RoleName: name,
    RoleId: `AROA${name}`,
    Arn: `arn:aws:iam::${A}:role/${name}`,
    CreateDate: "2024-01-01T00:00:00Z",
    AssumeRolePolicyDocument: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: provider(idp) },
          Action: "sts:AssumeRoleWithSAML",
          Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
        },
      ],
    },
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [],
  });
  const details = {
    path: "a.json",
    text: JSON.stringify({
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: [samlRole("via-google", "google"), samlRole("via-okta", "okta")],
      Policies: [],
    }),
  };
  const list = (...providers: { Arn: string; ValidUntil?: string }[]) => ({
    path: "p.json",
    text: JSON.stringify({ SAMLProviderList: providers }),
  });
  const rules = (providers: { path: string; text: string }[]) => {
    const r = importExports([details], [], providers);
    return audit(r.state, NOW, { providersListed: r.providersListed })
      .findings.filter((f) => f.rule.startsWith("saml/") || f.rule === "trust/missing-saml-provider")
      .map((f) => `${f.severity} ${f.title}`);
  };
  // Without the list, providers are inferred from the trusts: nothing can be said.
  assert.deepEqual(rules([]), []);
  assert.deepEqual(rules([list({ Arn: provider("google"), ValidUntil: "2126-01-01T00:00:00Z" })]), [
    "low Role via-okta trusts SAML provider okta, which the account does not have: nobody signs in through it",
  ]);
  assert.deepEqual(
    rules([
      list(
        { Arn: provider("google"), ValidUntil: "2026-12-08T00:00:00Z" },
        { Arn: provider("okta"), ValidUntil: "2026-11-01T00:00:00Z" },
      ),
    ]),
    [
      "high SAML provider okta expired 27 days ago: sign-in through it fails",
      "medium SAML provider google expires in 10 days: sign-in through it will fail",
    ],
  );
  const bad = importExports(
    [details],
    [],
    [{ path: "p.json", text: '{"SAMLProviderList": [{"Arn": "x"}]}' }],
  );
  assert.deepEqual(
    bad.diagnostics.map(
      (d) => `${d.file}:${d.line}: ${d.severity} [${d.code}] ${d.message} (expected ${d.expected})`,
    ),
    [
      'p.json:1: error [not-saml-providers] SAMLProviderList[0]: "x" is not a SAML provider ARN (expected arn:aws:iam::ACCOUNT:saml-provider/NAME)',
    ],
  );
  const wrong = importExports([details], [], [details]);
  assert.deepEqual(
    wrong.diagnostics.map((d) => d.message),
    ["not a list-saml-providers output"],
  );
});

test("an export without its AWS managed policies is completed from Sekisho's copy; a missing customer policy is said", () => {
  const A = "111122223333";
  const text = JSON.stringify({
    UserDetailList: [
      {
        Path: "/",
        UserName: "root-ish",
        UserId: "AIDAROOTISH",
        Arn: `arn:aws:iam::${A}:user/root-ish`,
        CreateDate: "2024-01-01T00:00:00Z",
        UserPolicyList: [],
        GroupList: [],
        AttachedManagedPolicies: [
          { PolicyName: "AdministratorAccess", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
          { PolicyName: "team-tools", PolicyArn: `arn:aws:iam::${A}:policy/team-tools` },
        ],
      },
    ],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  });
  const r = importExports([{ path: "local-only.json", text }]);
  const a = audit(r.state, NOW);
  assert.deepEqual(
    a.findings.filter((f) => f.rule === "admin-equivalent").map((f) => f.principal),
    [`arn:aws:iam::${A}:user/root-ish`],
    "AdministratorAccess is judged although the export left its document out",
  );
  assert.deepEqual(a.warnings.slice(0, 2), [
    "the exports lack 1 AWS managed policy attached in them, read from Sekisho's copy: AdministratorAccess",
    `partial data (arn:aws:iam::${A}:user/root-ish): arn:aws:iam::${A}:policy/team-tools attached but not in the export: what root-ish can do through it is not analysed, so its findings may be incomplete`,
  ]);
});
