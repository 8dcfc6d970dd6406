// prove on workloads: the example's api-deploy (GitHub example/api, main → stg and prod at
// developer) and infra-plan (example/infra pull requests → readonly everywhere). Each defect a
// real OIDC trust has — no sub, a sub widened to the organisation, no aud — fails the matrix (a
// stranger's token gets in) and hygiene (the trust does not pin the model's values), with
// exact messages; a workload reaching more than its level by a role switch fails escalation.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { prove } from "../../src/prove/prove.js";
import type { CheckId, Proof } from "../../src/prove/types.js";
import type { OrgState, RoleDetail } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import { exampleModel, exampleState, model as loadModel, MINIMAL } from "../helpers.js";

const NOW = "2026-11-28T00:00:00Z";
const model = exampleModel();
const PROD_DEPLOY = "arn:aws:iam::333333333333:role/sekisho/workload-api-deploy";
const HOST = "token.actions.githubusercontent.com";

function mutate(f: (find: (arn: string) => RoleDetail) => void): Proof {
  const state: OrgState = structuredClone(exampleState());
  const find = (arn: string) => {
    for (const a of state.accounts) {
      const r = a.authorizationDetails.RoleDetailList.find((x) => x.Arn === arn);
      if (r) return r;
    }
    throw new Error(arn);
  };
  f(find);
  return prove(model, state, NOW);
}

const failed = (p: Proof) => p.checks.filter((c) => !c.passed).map((c) => c.id);
const messages = (p: Proof, id: CheckId) => p.checks.find((c) => c.id === id)!.failures.map((f) => f.message);
const condition = (r: RoleDetail) => (r.AssumeRolePolicyDocument.Statement[0] as Statement).Condition!;

test("the example's workloads: exactly their levels, every check passing", () => {
  const p = prove(model, exampleState(), NOW);
  assert.deepEqual(failed(p), []);
  assert.deepEqual(
    p.matrix
      .filter((c) => c.kind === "workload")
      .map((c) => [c.members, c.cells.map((x) => `${x.env} ${x.level}`)]),
    [
      [["api-deploy"], ["stg developer", "prod developer"]],
      [["infra-plan"], ["dev readonly", "stg readonly", "prod readonly"]],
    ],
  );
});

test("sub dropped: any repository's token gets in; matrix and hygiene fail", () => {
  const p = mutate((find) => {
    delete condition(find(PROD_DEPLOY)).StringEquals![`${HOST}:sub`];
  });
  assert.deepEqual(failed(p), ["matrix", "hygiene"]);
  assert.deepEqual(messages(p, "hygiene"), [
    `${PROD_DEPLOY}: trust statement 0 does not pin ${HOST}:sub: every ${HOST} token with the audience (any repository, project or user of the platform) can assume the role`,
  ]);
  assert.ok(
    messages(p, "matrix").includes(
      `${PROD_DEPLOY} accepts a token with sub 'repo:example/api:ref:refs/heads/main-sekisho-probe', which the model does not give workload api-deploy: the trust must pin the issuer, aud and sub to exactly the model's`,
    ),
  );
  // infra-plan's pull-request token now reaches prod at developer.
  assert.ok(
    messages(p, "matrix").includes(
      `workload infra-plan (sub repo:example/infra:pull_request) reaches prod developer through ${PROD_DEPLOY} but the model does not grant it`,
    ),
  );
});

test("sub widened to the organisation (repo:example/*): matrix and hygiene fail", () => {
  const p = mutate((find) => {
    const c = condition(find(PROD_DEPLOY));
    delete c.StringEquals![`${HOST}:sub`];
    c.StringLike = { [`${HOST}:sub`]: "repo:example/*" };
  });
  assert.deepEqual(failed(p), ["matrix", "hygiene"]);
  assert.deepEqual(messages(p, "hygiene"), [
    `${PROD_DEPLOY}: trust statement 0 accepts ${HOST}:sub 'repo:example/*' (StringLike), which is not a wildcard the model allows workload api-deploy`,
  ]);
  assert.ok(
    messages(p, "matrix").includes(
      `${PROD_DEPLOY} accepts a token with sub 'repo:example/sekisho-probe:ref:refs/heads/main', which the model does not give workload api-deploy: the trust must pin the issuer, aud and sub to exactly the model's`,
    ),
  );
});

test("aud dropped: a token minted for another service gets in; matrix and hygiene fail", () => {
  const p = mutate((find) => {
    delete condition(find(PROD_DEPLOY)).StringEquals![`${HOST}:aud`];
  });
  assert.deepEqual(failed(p), ["matrix", "hygiene"]);
  assert.deepEqual(messages(p, "hygiene"), [
    `${PROD_DEPLOY}: trust statement 0 does not pin ${HOST}:aud: a token minted for any other service can assume the role`,
  ]);
  assert.deepEqual(messages(p, "matrix"), [
    `${PROD_DEPLOY} accepts a token with aud 'sekisho-probe-audience' (workload api-deploy's is 'sts.amazonaws.com'): the trust must pin the issuer, aud and sub to exactly the model's`,
  ]);
});

test("a workload role allowed to switch into the admin role: escalation fails with the path", () => {
  const p = mutate((find) => {
    const admin = find("arn:aws:iam::333333333333:role/sekisho/admin");
    const st = admin.AssumeRolePolicyDocument.Statement[0] as Statement;
    st.Principal = { AWS: "arn:aws:iam::333333333333:root" };
    st.Condition = {
      ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::333333333333:role/sekisho/workload-infra-plan" },
    };
    find("arn:aws:iam::333333333333:role/sekisho/workload-infra-plan").RolePolicyList.push({
      PolicyName: "switch",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: "arn:aws:iam::333333333333:role/sekisho/admin",
          },
        ],
      },
    });
  });
  assert.ok(failed(p).includes("no-escalation"));
  // People's sessions carry a source identity, a workload's does not: its switch needs no
  // sts:SetSourceIdentity, and the graph must not ask for one (it did, and missed this path).
  assert.equal(
    messages(p, "no-escalation")[0],
    "workload infra-plan can reach arn:aws:iam::333333333333:role/sekisho/admin, which the model does not grant: arn:aws:iam::333333333333:role/sekisho/workload-infra-plan —[P1 sts:AssumeRole]→ arn:aws:iam::333333333333:role/sekisho/admin",
  );
});

test("a long workload name: its role is never switched to in the console, so path+name may pass 64", () => {
  const name = "a-deploy-pipeline-with-a-rather-long-name-for-prod-1"; // workload- + 52 = 61 characters
  const text = `${MINIMAL}workloads:\n  ${name}:\n    github: { repo: example/api, branches: [main] }\n    can: { prod: readonly }\n`;
  const m = loadModel(text);
  const p = prove(m, compile(m), NOW);
  assert.deepEqual(
    p.checks.find((c) => c.id === "hygiene")!.failures.map((f) => f.message),
    [],
  );
});
