// OIDC trust statements of unusual shapes: any principal for another STS action, an Allow with
// NotPrincipal for the token exchange.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkWorkloadTrusts } from "../../src/prove/workload-trust.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import { exampleModel, exampleState } from "../helpers.js";

const ROLE = "arn:aws:iam::333333333333:role/sekisho/workload-api-deploy";
const PROVIDER = "arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com";
const HOST = "token.actions.githubusercontent.com";
const PINNED = {
  StringEquals: {
    [`${HOST}:aud`]: "sts.amazonaws.com",
    [`${HOST}:sub`]: "repo:example/api:ref:refs/heads/main",
  },
};

function run(extra: Statement): string[] {
  const state: OrgState = structuredClone(exampleState());
  const role = state.accounts
    .find((a) => a.accountId === "333333333333")!
    .authorizationDetails.RoleDetailList.find((r) => r.Arn === ROLE)!;
  role.AssumeRolePolicyDocument.Statement.push(extra);
  return checkWorkloadTrusts(exampleModel(), indexState(state)).map((f) => `${f.rule} | ${f.message}`);
}

test("any principal, even for sts:AssumeRole, is read as a token trust", () => {
  assert.deepEqual(run({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Condition: PINNED }), [
    `hygiene/oidc-provider | ${ROLE}: trust statement 1 trusts *, not exactly workload api-deploy's provider ${PROVIDER}`,
  ]);
});

test("an Allow with NotPrincipal for the token exchange trusts no federated principal", () => {
  assert.deepEqual(
    run({
      Effect: "Allow",
      NotPrincipal: { Federated: "arn:aws:iam::333333333333:oidc-provider/gitlab.com" },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: PINNED,
    }),
    [
      `hygiene/oidc-provider | ${ROLE}: trust statement 1 trusts no federated principal, not exactly workload api-deploy's provider ${PROVIDER}`,
    ],
  );
});

test("a statement is a token trust by its OIDC provider or by the token action, not by any federated principal", () => {
  const saml = "arn:aws:iam::333333333333:saml-provider/GoogleWorkspace";
  assert.deepEqual(
    run({ Effect: "Allow", Principal: { Federated: saml }, Action: "sts:AssumeRoleWithSAML" }),
    [],
  );
  assert.deepEqual(
    run({
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::333333333333:root" },
      Action: ["sts:TagSession", "sts:AssumeRoleWithWebIdentity"],
      Condition: PINNED,
    }),
    [
      `hygiene/oidc-provider | ${ROLE}: trust statement 1 trusts no federated principal, not exactly workload api-deploy's provider ${PROVIDER}`,
    ],
  );
});

test("aud under StringLike is not pinned, even to the right value", () => {
  assert.deepEqual(
    run({
      Effect: "Allow",
      Principal: { Federated: PROVIDER },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringLike: { [`${HOST}:aud`]: "sts.amazonaws.com" },
        StringEquals: { [`${HOST}:sub`]: "repo:example/api:ref:refs/heads/main" },
      },
    }),
    [
      `hygiene/oidc-aud | ${ROLE}: trust statement 1 pins ${HOST}:aud with StringLike sts.amazonaws.com, not StringEquals 'sts.amazonaws.com'`,
    ],
  );
});

test("a wildcard subject the model lists without allowWildcard is accepted under no operator", () => {
  const model = structuredClone(exampleModel());
  const w = model.workloads.find((x) => x.name === "api-deploy")!;
  w.subjects = ["repo:example/api:environment:*"];
  const state: OrgState = structuredClone(exampleState());
  const role = state.accounts
    .find((a) => a.accountId === "333333333333")!
    .authorizationDetails.RoleDetailList.find((r) => r.Arn === ROLE)!;
  role.AssumeRolePolicyDocument.Statement = [
    {
      Effect: "Allow",
      Principal: { Federated: PROVIDER },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          [`${HOST}:aud`]: "sts.amazonaws.com",
          [`${HOST}:sub`]: "repo:example/api:environment:*",
        },
      },
    },
  ];
  assert.deepEqual(
    checkWorkloadTrusts(model, indexState(state))
      .filter((f) => f.subject === ROLE)
      .map((f) => f.message),
    [
      `${ROLE}: trust statement 0 accepts ${HOST}:sub 'repo:example/api:environment:*' (StringEquals), which is not a subject the model gives workload api-deploy`,
    ],
  );
});
