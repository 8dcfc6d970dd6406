// OIDC provider lists: collect's form (each entry with its Url and audiences), the bare
// list-open-id-connect-providers form (ARNs only: audiences unknown, never "none"), and bad input.
import assert from "node:assert/strict";
import { test } from "node:test";
import { audit } from "../../src/audit/audit.js";
import { importExports } from "../../src/import/import.js";
import { formatDiagnostic } from "../../src/model/diagnostics.js";

const ACCOUNT = "123456789012";
const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const GITLAB = `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.com`;
const details = {
  path: `exports/${ACCOUNT}/authorization-details.json`,
  text: JSON.stringify({
    UserDetailList: [],
    GroupDetailList: [],
    Policies: [],
    RoleDetailList: [
      {
        Path: "/",
        RoleName: "deploy",
        RoleId: "AROADEPLOY",
        Arn: `arn:aws:iam::${ACCOUNT}:role/deploy`,
        CreateDate: "2026-01-01T00:00:00Z",
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Federated: GITHUB },
              Action: "sts:AssumeRoleWithWebIdentity",
              Condition: {
                StringEquals: {
                  "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                  "token.actions.githubusercontent.com:sub": "repo:acme/api:ref:refs/heads/main",
                },
              },
            },
          ],
        },
        InstanceProfileList: [],
        RolePolicyList: [],
        AttachedManagedPolicies: [],
      },
    ],
  }),
};
const file = (path: string, value: unknown) => ({ path, text: JSON.stringify(value, null, 2) });

test("collect's form: Url, audiences, thumbprints and tags per provider, by the account in its ARN", () => {
  const r = importExports(
    [details],
    [],
    [],
    [
      file("oidc.json", {
        OpenIDConnectProviderList: [
          {
            Arn: GITHUB,
            Url: "token.actions.githubusercontent.com",
            ClientIDList: ["sts.amazonaws.com"],
            ThumbprintList: [],
            CreateDate: "2025-01-01T00:00:00.000Z",
            Tags: [{ Key: "team", Value: "platform" }],
          },
          {
            Arn: GITLAB,
            Url: "https://gitlab.com",
            ClientIDList: ["https://gitlab.com"],
            ThumbprintList: [],
          },
        ],
      }),
    ],
  );
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual([...r.oidcListed], [ACCOUNT]);
  assert.deepEqual(r.state.accounts[0]!.openIdConnectProviders, [
    { Arn: GITLAB, Url: "gitlab.com", ClientIDList: ["https://gitlab.com"], ThumbprintList: [] },
    {
      Arn: GITHUB,
      Url: "token.actions.githubusercontent.com",
      ClientIDList: ["sts.amazonaws.com"],
      ThumbprintList: [],
      Tags: [{ Key: "team", Value: "platform" }],
    },
  ]);
  // Listed, so audit judges them: GitLab's provider is trusted by no role.
  const findings = audit(r.state, "2026-12-01T00:00:00Z").findings.filter((f) => f.rule.startsWith("oidc/"));
  assert.deepEqual(
    findings.map((f) => [f.rule, f.title]),
    [["oidc/unused-provider", `OIDC provider gitlab.com is trusted by no role of ${ACCOUNT}`]],
  );
});

test("the bare list: ARNs only, the Url from the ARN, audiences left unknown; an empty list is named by its folder", () => {
  const r = importExports(
    [details],
    [],
    [],
    [file("list.json", { OpenIDConnectProviderList: [{ Arn: GITHUB }] })],
  );
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.state.accounts[0]!.openIdConnectProviders, [
    { Arn: GITHUB, Url: "token.actions.githubusercontent.com" },
  ]);
  const empty = importExports(
    [details],
    [],
    [],
    [file(`exports/${ACCOUNT}/oidc-providers.json`, { OpenIDConnectProviderList: [] })],
  );
  assert.deepEqual(empty.diagnostics, []);
  assert.deepEqual(empty.state.accounts[0]!.openIdConnectProviders, []);
  // Not given at all: unknown, so nothing is judged on it.
  const none = importExports([details]);
  assert.equal(none.state.accounts[0]!.openIdConnectProviders, undefined);
  assert.deepEqual([...none.oidcListed], []);
});

test("bad lists are errors naming the file and what was expected; another account's list is a warning", () => {
  const said = (value: unknown) =>
    importExports([details], [], [], [file("bad.json", value)]).diagnostics.map((d) => formatDiagnostic(d));
  assert.deepEqual(said({ SAMLProviderList: [] }), [
    'bad.json:1:1: error [not-oidc-providers] not a list-open-id-connect-providers output\n  expected: an object with "OpenIDConnectProviderList": [...] (aws iam list-open-id-connect-providers, or sekisho collect\'s oidc-providers.json)',
  ]);
  assert.deepEqual(
    said({ OpenIDConnectProviderList: [{ Arn: `arn:aws:iam::${ACCOUNT}:saml-provider/x` }] }),
    [
      `bad.json:1:1: error [not-oidc-providers] OpenIDConnectProviderList[0]: "arn:aws:iam::${ACCOUNT}:saml-provider/x" is not an OIDC provider ARN\n  expected: arn:aws:iam::ACCOUNT:oidc-provider/HOST[/PATH]`,
    ],
  );
  assert.deepEqual(
    said({ OpenIDConnectProviderList: [{ Arn: GITHUB, ClientIDList: "sts.amazonaws.com" }] }),
    [
      "bad.json:1:1: error [not-oidc-providers] OpenIDConnectProviderList[0].ClientIDList: not a list of strings\n  expected: a list of strings",
    ],
  );
  assert.deepEqual(
    said({ OpenIDConnectProviderList: [{ Arn: "arn:aws:iam::999999999999:oidc-provider/gitlab.com" }] }),
    [
      "bad.json:1:1: warning [unmatched-providers] OIDC providers of account 999999999999, for which no authorization-details export was given",
    ],
  );
});
