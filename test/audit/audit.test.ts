import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { audit } from "../../src/audit/audit.js";
import { importExports } from "../../src/import/import.js";

const D = "../shared/datasets/";
const file = (name: string) => ({ path: name, text: readFileSync(D + name, "utf8") });
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
    importExports(files).diagnostics.map(
      (d) => `${d.file}:${d.line}:${d.column}: ${d.severity} [${d.code}] ${d.message}`,
    );
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
      "d.json:1:1: error [policy-document] arn:aws:iam::111122223333:role/r trust policy: the policy document is not valid JSON (nor URL-encoded JSON)",
    ],
  );
  assert.deepEqual(lines([{ path: "e.json", text: "" }]), ["e.json:1:1: error [empty] file is empty"]);
});
