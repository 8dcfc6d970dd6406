// Writes AWS refuses on resources it owns, whatever the policies say: never a confident
// Allow. The classes follow the AWS text quoted in src/engine/aws-owned.ts; reads of the
// same resources and writes to the customer's own resources must stay allowed.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AWS_OWNED } from "../../src/engine/aws-owned.js";
import { evaluate } from "../../src/engine/index.js";
import type { Principal } from "../../src/engine/types.js";
import { ACCOUNT, allowAll, doc, identity, req, roleSession, user } from "./helpers.js";

const admin = user("admin");
const MANAGED = "arn:aws:iam::aws:policy/AdministratorAccess";
const SSO_ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef`;
const AWS_ALIAS = `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/aws/s3`;

function asAdmin(action: string, resource: string, who: Principal = admin) {
  return evaluate(req(who, action, resource), identity(allowAll));
}

function refused(action: string, resource: string, who: Principal = admin): void {
  const d = asAdmin(action, resource, who);
  assert.deepEqual(
    [d.verdict, d.accessCertain, d.decisive, d.uncertain],
    ["ImplicitDeny", true, [], []],
    `${action} on ${resource}`,
  );
  assert.match(d.refusedBy ?? "", /AWS/, `${action}: the AWS text is given`);
}

function allowed(action: string, resource: string, who: Principal = admin): void {
  assert.equal(asAdmin(action, resource, who).verdict, "Allow", `${action} on ${resource}`);
}

describe("AWS managed policies", () => {
  test("every write to the policy is refused, even with *:*", () => {
    for (const a of [
      "iam:CreatePolicyVersion",
      "iam:DeletePolicyVersion",
      "iam:SetDefaultPolicyVersion",
      "iam:DeletePolicy",
      "iam:CreatePolicy",
      "iam:TagPolicy",
      "iam:UntagPolicy",
      "IAM:createpolicyversion",
    ])
      refused(a, MANAGED);
    refused("iam:CreatePolicyVersion", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
    refused("iam:CreatePolicyVersion", "arn:aws-cn:iam::aws:policy/ReadOnlyAccess");
  });
  test("reads of it, and writes to a customer policy, are judged by the policies", () => {
    allowed("iam:GetPolicyVersion", MANAGED);
    allowed("iam:CreatePolicyVersion", `arn:aws:iam::${ACCOUNT}:policy/AdministratorAccess`);
    // Attaching an AWS managed policy is a write to the role, not to the policy.
    allowed("iam:AttachRolePolicy", `arn:aws:iam::${ACCOUNT}:role/app`);
  });
});

describe("IAM Identity Center roles (role/aws-reserved/sso.amazonaws.com/)", () => {
  test("IAM writes to the role are refused", () => {
    for (const a of [
      "iam:PutRolePolicy",
      "iam:AttachRolePolicy",
      "iam:DetachRolePolicy",
      "iam:DeleteRolePolicy",
      "iam:UpdateAssumeRolePolicy",
      "iam:PutRolePermissionsBoundary",
      "iam:DeleteRolePermissionsBoundary",
      "iam:UpdateRole",
      "iam:UpdateRoleDescription",
      "iam:DeleteRole",
      "iam:TagRole",
      "iam:UntagRole",
    ])
      refused(a, SSO_ROLE);
  });
  test("reads, assuming it, and the same writes on other roles are judged by the policies", () => {
    allowed("iam:GetRole", SSO_ROLE);
    allowed("iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/sso.amazonaws.com/AWSReservedSSO_Admin`);
    allowed("iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/aws-reserved-not/x`);
  });
  test("Identity Center's own service-linked role manages them", () => {
    const slr = roleSession("aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO", "sso");
    allowed("iam:PutRolePolicy", SSO_ROLE, slr);
    refused("iam:PutRolePolicy", SSO_ROLE, roleSession("aws-service-role/other.amazonaws.com/X", "s"));
  });
});

describe("aliases of AWS managed KMS keys (alias/aws/)", () => {
  test("creating, updating and deleting them is refused", () => {
    for (const a of ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"]) refused(a, AWS_ALIAS);
  });
  test("customer aliases, and other actions on alias/aws/, are judged by the policies", () => {
    allowed("kms:CreateAlias", `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/awsome`);
    allowed("kms:ListAliases", AWS_ALIAS);
  });
});

describe("how the refusal combines with the policies", () => {
  test("a certain explicit Deny stays the decisive one", () => {
    const d = evaluate(
      req(admin, "iam:CreatePolicyVersion", MANAGED),
      identity(allowAll, doc({ Effect: "Deny", Action: "iam:*", Resource: "*" })),
    );
    assert.deepEqual([d.verdict, d.accessCertain, d.refusedBy], ["ExplicitDeny", true, undefined]);
  });
  test("an undecided policy no longer makes access undecided: AWS refuses either way", () => {
    const d = evaluate(
      req(admin, "iam:CreatePolicyVersion", MANAGED),
      identity(
        doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: { StringEqualsAnyCase: { k: "v" } } }),
      ),
    );
    assert.deepEqual([d.verdict, d.accessCertain], ["ImplicitDeny", true]);
  });
  test("every class names the AWS text it rests on", () => {
    for (const c of AWS_OWNED) assert.match(c.text, /"[^"]+"/, c.name);
  });
});
