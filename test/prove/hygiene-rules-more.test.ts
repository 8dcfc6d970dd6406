// Hygiene's edge cases: an Allow with NotPrincipal, operators that only look like the ones a rule
// accepts, several MFA operators in one statement.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkHygiene } from "../../src/prove/hygiene.js";
import type { PrincipalInfo, StateIndex } from "../../src/sessions/principals.js";
import type { Statement } from "../../src/state/policy.js";

const ROLE = "arn:aws:iam::111111111111:role/sekisho/admin";

function check(statements: Statement[]): string[] {
  const p: PrincipalInfo = {
    kind: "role",
    arn: ROLE,
    account: "111111111111",
    name: "admin",
    identity: [],
    role: {
      Path: "/sekisho/",
      RoleName: "admin",
      RoleId: "AROAADMIN",
      Arn: ROLE,
      CreateDate: "2026-01-01T00:00:00Z",
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: statements },
      InstanceProfileList: [],
      RolePolicyList: [],
      AttachedManagedPolicies: [],
    },
    trust: {
      id: `${ROLE}#trust`,
      kind: "resource",
      document: { Version: "2012-10-17", Statement: statements },
    },
    unknownPolicies: [],
  };
  const index: StateIndex = { principals: [p], byArn: new Map([[ROLE, p]]), policies: new Map(), groups: [] };
  return checkHygiene(index).failures.map((f) => `${f.rule} | ${f.message}`);
}

test("an Allow with NotPrincipal is flagged once, and read as naming no principal", () => {
  assert.deepEqual(
    check([
      {
        Effect: "Allow",
        NotPrincipal: { AWS: "arn:aws:iam::111111111111:user/x" },
        Action: "sts:AssumeRole",
      },
    ]),
    [`hygiene/not-principal | ${ROLE}: trust statement 0 uses NotPrincipal`],
  );
});

test("a bare root with an IfExists operator on aws:PrincipalArn is still bare; an account id with a prefix is no account", () => {
  assert.deepEqual(
    check([
      {
        Effect: "Allow",
        Principal: { AWS: ["222222222222", "x222222222222"] },
        Action: "sts:AssumeRole",
        Condition: { ArnLikeIfExists: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/x" } },
      },
    ]),
    [
      `hygiene/bare-root | ${ROLE}: trust statement 0 trusts account 222222222222 without an aws:PrincipalArn condition: every principal there allowed sts:AssumeRole can switch in`,
    ],
  );
});

test("several IfExists operators on MFA are all named", () => {
  assert.deepEqual(
    check([
      {
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:user/ann" },
        Action: "sts:AssumeRole",
        Condition: {
          BoolIfExists: { "aws:MultiFactorAuthPresent": "true" },
          StringEqualsIfExists: { "AWS:MultiFactorAuthPresent": "true" },
        },
      },
    ]),
    [
      `hygiene/mfa-if-exists | ${ROLE}: trust statement 0 allows with BoolIfExists, StringEqualsIfExists on aws:MultiFactorAuthPresent: long-term keys without MFA pass it; use Bool`,
    ],
  );
});

test("a SAML trust needs SAML:aud itself, whatever else it tests; any SAML provider among several counts", () => {
  const saml = "arn:aws:iam::111111111111:saml-provider/GoogleWorkspace";
  const oidc = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
  assert.deepEqual(
    check([
      {
        Effect: "Allow",
        Principal: { Federated: saml },
        Action: "sts:AssumeRoleWithSAML",
        Condition: { StringEquals: { "SAML:sub": "ann" } },
      },
      { Effect: "Allow", Principal: { Federated: [oidc, saml] }, Action: "sts:AssumeRoleWithSAML" },
    ]),
    [
      `hygiene/saml-aud | ${ROLE}: SAML trust statement 0 has no SAML:aud condition`,
      `hygiene/saml-aud | ${ROLE}: SAML trust statement 1 has no SAML:aud condition`,
    ],
  );
});
