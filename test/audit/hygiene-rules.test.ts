import assert from "node:assert/strict";
import { test } from "node:test";
import { audit, HYGIENE_RULES } from "../../src/audit/audit.js";
import { importExports } from "../../src/import/import.js";

const NOW = "2026-11-28T00:00:00Z";
const ACCOUNT = "123456789012";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/Google`;

/** One role per audited hygiene rule, each trust breaking exactly that rule. */
const TRUSTS: Record<string, object> = {
  "hygiene/wildcard-principal": { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" },
  "hygiene/bare-root": {
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: "sts:AssumeRole",
  },
  "hygiene/saml-aud": {
    Effect: "Allow",
    Principal: { Federated: PROVIDER },
    Action: "sts:AssumeRoleWithSAML",
  },
  "hygiene/mfa-if-exists": {
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/ops` },
    Action: "sts:AssumeRole",
    Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } },
  },
  "hygiene/external-id": {
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/ops` },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "sts:ExternalId": "x" } },
  },
  "hygiene/orphaned-principal": {
    Effect: "Allow",
    Principal: { AWS: "AIDAEXAMPLEDELETED01" },
    Action: "sts:AssumeRole",
  },
  "hygiene/not-principal": {
    Effect: "Deny",
    NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:user/ops` },
    Action: "sts:AssumeRole",
  },
};

const roleName = (rule: string) => `breaks-${rule.replace("hygiene/", "")}`;

function exportText(): string {
  return JSON.stringify({
    UserDetailList: [
      {
        Path: "/",
        UserName: "ops",
        UserId: "AIDAEXAMPLEOPS000001",
        Arn: `arn:aws:iam::${ACCOUNT}:user/ops`,
        GroupList: [],
        AttachedManagedPolicies: [],
      },
    ],
    GroupDetailList: [],
    RoleDetailList: Object.entries(TRUSTS).map(([rule, statement], i) => ({
      Path: "/",
      RoleName: roleName(rule),
      RoleId: `AROAEXAMPLEROLE0000${i}`,
      Arn: `arn:aws:iam::${ACCOUNT}:role/${roleName(rule)}`,
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [statement] },
      InstanceProfileList: [],
      RolePolicyList: [],
      AttachedManagedPolicies: [],
    })),
    Policies: [],
  });
}

test("every trust rule audit lists yields its finding, at its severity, on the role that breaks it", () => {
  // A rule added to the table without a case here fails: each audited rule is shown to fire.
  assert.deepEqual(Object.keys(TRUSTS).sort(), Object.keys(HYGIENE_RULES).sort());
  const r = importExports([{ path: "trusts.json", text: exportText() }]);
  assert.deepEqual(r.diagnostics, []);
  const findings = audit(r.state, NOW).findings.filter((f) => f.rule.startsWith("trust/"));
  for (const rule of Object.keys(TRUSTS)) {
    const arn = `arn:aws:iam::${ACCOUNT}:role/${roleName(rule)}`;
    const id = `${rule.replace("hygiene/", "trust/")}/${arn}`;
    const f = findings.find((x) => x.id === id);
    assert.ok(f, `${id} missing; found: ${findings.map((x) => x.id).join(", ")}`);
    assert.equal(f.severity, HYGIENE_RULES[rule]!.severity, id);
    assert.equal(f.fix, HYGIENE_RULES[rule]!.fix, id);
  }
});
