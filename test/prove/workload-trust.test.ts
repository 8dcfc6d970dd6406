// OIDC trusts of a design pin aud and sub to the model's values, statement by statement: the
// exact finding for each way a trust can be wider than the model, and the shapes it accepts.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { AccessModel } from "../../src/model/types.js";
import { checkWorkloadTrusts } from "../../src/prove/workload-trust.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import { exampleModel, exampleState } from "../helpers.js";

const ROLE = "arn:aws:iam::333333333333:role/sekisho/workload-api-deploy";
const PROVIDER = "arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com";
const HOST = "token.actions.githubusercontent.com";
const SUB = "repo:example/api:ref:refs/heads/main";

function run(statements: Statement[] | null, model: AccessModel = exampleModel()): string[] {
  const state: OrgState = structuredClone(exampleState());
  const roles = state.accounts.find((a) => a.accountId === "333333333333")!.authorizationDetails
    .RoleDetailList;
  const i = roles.findIndex((r) => r.Arn === ROLE);
  if (statements === null) roles.splice(i, 1);
  else roles[i]!.AssumeRolePolicyDocument.Statement = statements;
  return checkWorkloadTrusts(model, indexState(state)).map((f) => `${f.rule} ${f.subject} | ${f.message}`);
}

const token = (
  condition: Statement["Condition"],
  principal: Statement["Principal"] = { Federated: PROVIDER },
) =>
  ({
    Effect: "Allow",
    Principal: principal,
    Action: "sts:AssumeRoleWithWebIdentity",
    ...(condition ? { Condition: condition } : {}),
  }) as Statement;

const pinned = { StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com", [`${HOST}:sub`]: SUB } };
const at = (i: number, rule: string, message: string) =>
  `hygiene/${rule} ${ROLE} | ${ROLE}: trust statement ${i} ${message}`;

test("the example's OIDC trusts pin aud and sub: nothing to say; a missing role is not this rule's business", () => {
  assert.deepEqual(run([token(pinned)]), []);
  assert.deepEqual(run(null), []);
  // Keys compared ignoring case; StringLike on the exact subject is as tight as StringEquals.
  assert.deepEqual(
    run([
      token({
        StringEquals: { [`${HOST.toUpperCase()}:AUD`]: "sts.amazonaws.com" },
        StringLike: { [`${HOST}:Sub`]: SUB },
      }),
    ]),
    [],
  );
});

test("the federated principal must be exactly the workload's provider", () => {
  const other = "arn:aws:iam::333333333333:oidc-provider/gitlab.com";
  assert.deepEqual(run([token(pinned, { Federated: other })]), [
    at(0, "oidc-provider", `trusts ${other}, not exactly workload api-deploy's provider ${PROVIDER}`),
  ]);
  assert.deepEqual(run([token(pinned, { Federated: [PROVIDER, other] })]), [
    at(
      0,
      "oidc-provider",
      `trusts ${PROVIDER}, ${other}, not exactly workload api-deploy's provider ${PROVIDER}`,
    ),
  ]);
  assert.deepEqual(run([token(pinned, "*")]), [
    at(0, "oidc-provider", `trusts *, not exactly workload api-deploy's provider ${PROVIDER}`),
  ]);
  // Any statement that could let a token in is read: sts:* or * with another principal too.
  assert.deepEqual(
    run([
      token(pinned),
      {
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::333333333333:root" },
        Action: "sts:*",
        Condition: pinned,
      },
      {
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::333333333333:root" },
        Action: "*",
        Condition: pinned,
      },
      { Effect: "Allow", Principal: { AWS: "arn:aws:iam::333333333333:root" }, Action: "sts:AssumeRole" },
      { Effect: "Deny", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" },
    ]),
    [
      at(
        1,
        "oidc-provider",
        `trusts no federated principal, not exactly workload api-deploy's provider ${PROVIDER}`,
      ),
      at(
        2,
        "oidc-provider",
        `trusts no federated principal, not exactly workload api-deploy's provider ${PROVIDER}`,
      ),
    ],
  );
  // A statement for another action on the provider is read too: it must pin aud and sub as well.
  assert.deepEqual(
    run([token(pinned), { Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:TagSession" }]),
    [
      at(1, "oidc-aud", `does not pin ${HOST}:aud: a token minted for any other service can assume the role`),
      at(
        1,
        "oidc-sub",
        `does not pin ${HOST}:sub: every ${HOST} token with the audience (any repository, project or user of the platform) can assume the role`,
      ),
    ],
  );
});

test("aud: missing, or not one StringEquals value equal to the model's audience", () => {
  const sub = { [`${HOST}:sub`]: SUB };
  assert.deepEqual(run([token({ StringEquals: sub })]), [
    at(0, "oidc-aud", `does not pin ${HOST}:aud: a token minted for any other service can assume the role`),
  ]);
  assert.deepEqual(run([token({ StringEquals: sub, StringLike: { [`${HOST}:aud`]: "sts.*" } })]), [
    at(0, "oidc-aud", `pins ${HOST}:aud with StringLike sts.*, not StringEquals 'sts.amazonaws.com'`),
  ]);
  assert.deepEqual(
    run([token({ StringEquals: { ...sub, [`${HOST}:aud`]: ["sts.amazonaws.com", "other"] } })]),
    [
      at(
        0,
        "oidc-aud",
        `pins ${HOST}:aud with StringEquals sts.amazonaws.com, other, not StringEquals 'sts.amazonaws.com'`,
      ),
    ],
  );
  assert.deepEqual(run([token({ StringEquals: { ...sub, [`${HOST}:aud`]: "other" } })]), [
    at(0, "oidc-aud", `pins ${HOST}:aud with StringEquals other, not StringEquals 'sts.amazonaws.com'`),
  ]);
  assert.deepEqual(
    run([
      token({
        StringEquals: { ...sub, [`${HOST}:aud`]: "sts.amazonaws.com" },
        StringLike: { [`${HOST}:aud`]: "*" },
      }),
    ]),
    [
      at(
        0,
        "oidc-aud",
        `pins ${HOST}:aud with StringEquals sts.amazonaws.com; StringLike *, not StringEquals 'sts.amazonaws.com'`,
      ),
    ],
  );
});

test("sub: missing, tested with another operator, or a value the model does not give", () => {
  const aud = { [`${HOST}:aud`]: "sts.amazonaws.com" };
  assert.deepEqual(run([token({ StringEquals: aud })]), [
    at(
      0,
      "oidc-sub",
      `does not pin ${HOST}:sub: every ${HOST} token with the audience (any repository, project or user of the platform) can assume the role`,
    ),
  ]);
  assert.deepEqual(run([token({ StringEquals: aud, StringNotEquals: { [`${HOST}:sub`]: SUB } })]), [
    at(
      0,
      "oidc-sub",
      `tests ${HOST}:sub with StringNotEquals: only StringEquals (or StringLike for an allowed wildcard) pins it`,
    ),
  ]);
  assert.deepEqual(
    run([
      token({
        StringEquals: { ...aud, [`${HOST}:sub`]: [SUB, "repo:example/other:ref:refs/heads/main"] },
        StringLike: { [`${HOST}:sub`]: ["repo:example/*", "repo:example/x"] },
      }),
    ]),
    [
      at(
        0,
        "oidc-sub",
        `accepts ${HOST}:sub 'repo:example/other:ref:refs/heads/main' (StringEquals), which is not a subject the model gives workload api-deploy`,
      ),
      at(
        0,
        "oidc-sub",
        `accepts ${HOST}:sub 'repo:example/*' (StringLike), which is not a wildcard the model allows workload api-deploy`,
      ),
      at(
        0,
        "oidc-sub",
        `accepts ${HOST}:sub 'repo:example/x' (StringLike), which is not a subject the model gives workload api-deploy`,
      ),
    ],
  );
  // With StringEquals a `*` is a literal character: named wildcards are not the model's unless allowed.
  assert.deepEqual(run([token({ StringEquals: { ...aud, [`${HOST}:sub`]: "repo:example/api:*" } })]), [
    at(
      0,
      "oidc-sub",
      `accepts ${HOST}:sub 'repo:example/api:*' (StringEquals), which is not a subject the model gives workload api-deploy`,
    ),
  ]);
});

test("a wildcard subject the model allows is accepted, under StringLike (and as a literal under StringEquals)", () => {
  const model = structuredClone(exampleModel());
  const w = model.workloads.find((x) => x.name === "api-deploy")!;
  w.subjects = [SUB, "repo:example/api:environment:*"];
  w.allowWildcard = "every environment of the repository deploys";
  const aud = { [`${HOST}:aud`]: "sts.amazonaws.com" };
  assert.deepEqual(
    run(
      [
        token({
          StringEquals: aud,
          StringLike: { [`${HOST}:sub`]: [SUB, "repo:example/api:environment:*"] },
        }),
        token({ StringEquals: { ...aud, [`${HOST}:sub`]: "repo:example/api:environment:*" } }),
        token({ StringEquals: aud, StringLike: { [`${HOST}:sub`]: "repo:example/*" } }),
      ],
      model,
    ),
    [
      at(
        2,
        "oidc-sub",
        `accepts ${HOST}:sub 'repo:example/*' (StringLike), which is not a wildcard the model allows workload api-deploy`,
      ),
    ],
  );
  // Without allowWildcard the same subject list accepts no wildcard.
  delete w.allowWildcard;
  assert.deepEqual(
    run(
      [token({ StringEquals: aud, StringLike: { [`${HOST}:sub`]: "repo:example/api:environment:*" } })],
      model,
    ),
    [
      at(
        0,
        "oidc-sub",
        `accepts ${HOST}:sub 'repo:example/api:environment:*' (StringLike), which is not a wildcard the model allows workload api-deploy`,
      ),
    ],
  );
});

test("each finding carries its statement, with its Sid when it has one", () => {
  const state: OrgState = structuredClone(exampleState());
  const role = state.accounts
    .find((a) => a.accountId === "333333333333")!
    .authorizationDetails.RoleDetailList.find((r) => r.Arn === ROLE)!;
  const named: Statement = {
    ...token({ StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" } }),
    Sid: "Named",
  };
  const bare = token({ StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" } });
  role.AssumeRolePolicyDocument.Statement = [named, bare];
  const found = checkWorkloadTrusts(exampleModel(), indexState(state));
  assert.deepEqual(
    found.map((f) => f.evidence),
    [
      [
        {
          what: "statement 0 (Named)",
          statements: [{ policy: `${ROLE}#trust`, index: 0, sid: "Named", statement: named }],
        },
      ],
      [{ what: "statement 1", statements: [{ policy: `${ROLE}#trust`, index: 1, statement: bare }] }],
    ],
  );
});
