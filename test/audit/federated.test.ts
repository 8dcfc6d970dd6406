// Federated trusts without an audience (docs/federated-trusts.md): a positive and a negative
// case per rule, each asserting the exact findings of a one-role account.
import assert from "node:assert/strict";
import { test } from "node:test";
import { audit } from "../../src/audit/audit.js";
import type { OpenIdConnectProvider, OrgState } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";

const A = "111122223333";
const NOW = "2026-11-28T00:00:00Z";
const GH = "token.actions.githubusercontent.com";
const GH_ARN = `arn:aws:iam::${A}:oidc-provider/${GH}`;
const ROLE = `arn:aws:iam::${A}:role/deploy`;

function state(trust: Statement[], providers?: OpenIdConnectProvider[]): OrgState {
  return {
    accounts: [
      {
        accountId: A,
        samlProviders: [],
        ...(providers ? { openIdConnectProviders: providers } : {}),
        authorizationDetails: {
          UserDetailList: [],
          GroupDetailList: [],
          RoleDetailList: [
            {
              Path: "/",
              RoleName: "deploy",
              RoleId: "AROADEPLOY",
              Arn: ROLE,
              CreateDate: "x",
              AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: trust },
              InstanceProfileList: [],
              RolePolicyList: [],
              AttachedManagedPolicies: [],
            },
          ],
          Policies: [],
        },
      },
    ],
  };
}

const web = (federated: string, condition?: Statement["Condition"]): Statement => ({
  Effect: "Allow",
  Principal: { Federated: federated },
  Action: "sts:AssumeRoleWithWebIdentity",
  ...(condition ? { Condition: condition } : {}),
});

/** [id, severity, title] of the findings of the trust rules (rule starts with trust/ or oidc/). */
const found = (s: OrgState) =>
  audit(s, NOW)
    .findings.filter((f) => /^(trust|oidc)\//.test(f.rule))
    .map((f) => [f.id, f.severity, f.title]);

test("GitHub OIDC trust without sub: critical; without aud: high", () => {
  assert.deepEqual(found(state([web(GH_ARN)])), [
    [
      `trust/oidc-no-sub/${ROLE}/${GH}`,
      "critical",
      `Role deploy: trust statement 0 lets any token of ${GH} in: no condition on ${GH}:sub (any GitHub repository can assume it)`,
    ],
    [
      `trust/oidc-no-aud/${ROLE}/${GH}`,
      "high",
      `Role deploy: trust statement 0 has no condition on ${GH}:aud: a token ${GH} issued for any audience is accepted`,
    ],
  ]);
});

test("GitHub OIDC trust pinned to one repository and the STS audience: no finding", () => {
  assert.deepEqual(
    found(
      state([
        web(GH_ARN, {
          StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" },
          StringLike: { [`${GH}:sub`]: "repo:octo-org/octo-repo:ref:refs/heads/*" },
        }),
      ]),
    ),
    [],
  );
});

test("GitHub sub for every repository of an owner: high; for any owner: critical; a Null check is no condition", () => {
  const aud = { [`${GH}:aud`]: "sts.amazonaws.com" };
  assert.deepEqual(
    found(state([web(GH_ARN, { StringEquals: aud, StringLike: { [`${GH}:sub`]: "repo:octo-org/*" } })])),
    [
      [
        `trust/oidc-wide-sub/${ROLE}/${GH}`,
        "high",
        `Role deploy: trust statement 0 matches every repository of an owner: ${GH}:sub repo:octo-org/*`,
      ],
    ],
  );
  assert.deepEqual(
    found(state([web(GH_ARN, { StringEquals: aud, StringLike: { [`${GH}:sub`]: "repo:*" } })])),
    [
      [
        `trust/oidc-no-sub/${ROLE}/${GH}`,
        "critical",
        `Role deploy: trust statement 0 matches any GitHub repository: ${GH}:sub repo:*`,
      ],
    ],
  );
  assert.deepEqual(
    found(state([web(GH_ARN, { StringEquals: aud, Null: { [`${GH}:sub`]: "false" } })])).map((f) => f[0]),
    [`trust/oidc-no-sub/${ROLE}/${GH}`],
  );
});

test("another OIDC provider: a wildcard sub is high; exact sub and aud pass", () => {
  const eks = "oidc.eks.eu-west-1.amazonaws.com/id/ABC";
  const arn = `arn:aws:iam::${A}:oidc-provider/${eks}`;
  assert.deepEqual(
    found(
      state([
        web(arn, {
          StringEquals: { [`${eks}:aud`]: "sts.amazonaws.com" },
          StringLike: { [`${eks}:sub`]: "system:serviceaccount:*" },
        }),
      ]),
    ),
    [
      [
        `trust/oidc-wide-sub/${ROLE}/${eks}`,
        "high",
        `Role deploy: trust statement 0 matches a wildcard subject: ${eks}:sub system:serviceaccount:*`,
      ],
    ],
  );
  assert.deepEqual(
    found(
      state([
        web(arn, {
          StringEquals: {
            [`${eks}:aud`]: "sts.amazonaws.com",
            [`${eks}:sub`]: "system:serviceaccount:ns:app",
          },
        }),
      ]),
    ),
    [],
  );
});

test("Cognito identity trust with amr but no aud: critical; with the pool id: none", () => {
  const amr = { "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" } };
  assert.deepEqual(found(state([web("cognito-identity.amazonaws.com", amr)])), [
    [
      `trust/cognito-no-aud/${ROLE}/cognito-identity.amazonaws.com`,
      "critical",
      "Role deploy: trust statement 0 trusts Cognito identity pools with amr authenticated but no cognito-identity.amazonaws.com:aud: an identity pool in any account can obtain it",
    ],
  ]);
  assert.deepEqual(
    found(
      state([
        web("cognito-identity.amazonaws.com", {
          ...amr,
          StringEquals: {
            "cognito-identity.amazonaws.com:aud": "us-east-1:12345678-aaaa-bbbb-cccc-123456789012",
          },
        }),
      ]),
    ),
    [],
  );
});

test("Google sign-in without accounts.google.com:aud: critical; with it: none", () => {
  assert.deepEqual(found(state([web("accounts.google.com")])), [
    [
      `trust/web-identity-no-aud/${ROLE}/accounts.google.com`,
      "critical",
      "Role deploy: trust statement 0 trusts accounts.google.com without accounts.google.com:aud: a token of any application signed in with accounts.google.com is accepted",
    ],
  ]);
  assert.deepEqual(
    found(
      state([
        web("accounts.google.com", {
          StringEquals: { "accounts.google.com:aud": "app.apps.googleusercontent.com" },
        }),
      ]),
    ),
    [],
  );
});

test("SAML trust without SAML:aud: high (the trust rule audit already had); with it: none", () => {
  const saml = (condition?: Statement["Condition"]): Statement => ({
    Effect: "Allow",
    Principal: { Federated: `arn:aws:iam::${A}:saml-provider/idp` },
    Action: "sts:AssumeRoleWithSAML",
    ...(condition ? { Condition: condition } : {}),
  });
  assert.deepEqual(found(state([saml()])), [
    [`trust/saml-aud/${ROLE}`, "high", `${ROLE}: SAML trust statement 0 has no SAML:aud condition`],
  ]);
  assert.deepEqual(
    found(state([saml({ StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } })])),
    [],
  );
});

test("OIDC providers, when listed: unused and duplicated are low; one in use is fine", () => {
  const provider = (arn: string, url: string): OpenIdConnectProvider => ({
    Arn: arn,
    Url: url,
    ClientIDList: ["sts.amazonaws.com"],
    ThumbprintList: [],
  });
  const pinned = web(GH_ARN, {
    StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: "repo:o/r:ref:refs/heads/main" },
  });
  const old = `arn:aws:iam::${A}:oidc-provider/${GH}/`;
  assert.deepEqual(found(state([pinned], [provider(GH_ARN, GH), provider(old, `https://${GH}/`)])), [
    [
      `oidc/duplicate-provider/${GH_ARN}`,
      "low",
      `2 OIDC providers of ${A} point at ${GH}: ${GH_ARN}, ${old}`,
    ],
    [`oidc/unused-provider/${old}`, "low", `OIDC provider ${GH} is trusted by no role of ${A}`],
  ]);
  assert.deepEqual(found(state([pinned], [provider(GH_ARN, GH)])), []);
});

test("a pull request's token reaching a role that can change things: high; a read-only role, or branches only: none", () => {
  const aud = { [`${GH}:aud`]: "sts.amazonaws.com" };
  const withPolicy = (trust: Statement[], actions: string[]) => {
    const s = state(trust);
    s.accounts[0]!.authorizationDetails.RoleDetailList[0]!.RolePolicyList = [
      {
        PolicyName: "work",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }],
        },
      },
    ];
    return s;
  };
  const deploys = ["s3:PutObject", "ec2:DescribeInstances"];
  const pr = (condition: Statement["Condition"], actions = deploys) =>
    found(withPolicy([web(GH_ARN, condition)], actions)).filter(
      (f) => f[0] === `trust/oidc-pull-request-writes/${ROLE}/${GH}`,
    );
  assert.deepEqual(pr({ StringEquals: { ...aud, [`${GH}:sub`]: "repo:acme/api:pull_request" } }), [
    [
      `trust/oidc-pull-request-writes/${ROLE}/${GH}`,
      "high",
      `Role deploy: a pull request's workflow can assume it (trust statement 0, ${GH}:sub repo:acme/api:pull_request) and it can change things: s3:PutObject`,
    ],
  ]);
  // A wildcard after the repository matches the pull request's subject too (StringLike's * spans ':').
  assert.equal(
    pr({
      StringEquals: aud,
      StringLike: { [`${GH}:sub`]: ["repo:acme/api:ref:refs/heads/main", "repo:acme/api:*"] },
    }).length,
    1,
  );
  assert.match(
    String(pr({ StringEquals: aud, StringLike: { [`${GH}:sub`]: "repo:acme/api:*" } })[0]![2]),
    /sub repo:acme\/api:\*\) and it can change things: s3:PutObject$/,
  );
  // StringEquals takes '*' literally; branches only; or a role that only reads: no finding.
  assert.deepEqual(pr({ StringEquals: { ...aud, [`${GH}:sub`]: "repo:acme/api:*" } }), []);
  assert.deepEqual(
    pr({ StringEquals: aud, StringLike: { [`${GH}:sub`]: "repo:acme/api:ref:refs/heads/*" } }),
    [],
  );
  assert.deepEqual(
    pr({ StringEquals: { ...aud, [`${GH}:sub`]: "repo:acme/api:pull_request" } }, [
      "ec2:DescribeInstances",
      "s3:GetObject",
    ]),
    [],
  );
});
