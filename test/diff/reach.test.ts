// Who reaches Sekisho's roles, in the two cases the per-role backward search does not cover
// alone: a trust that wants a source identity, and two grants combined.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { RoleDetail } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import { account, arn, diffAfter, findRole, foreignRole, ids, item } from "./helpers.js";

const PROD = "333333333333";
const PROD_ADMIN = arn.role(PROD, "admin");
const prodRole = (name: string) => `arn:aws:iam::${PROD}:role/${name}`;

function role(name: string, statements: Statement[], trust?: Statement): RoleDetail {
  const r = foreignRole(PROD, name);
  r.RolePolicyList = statements.length
    ? [{ PolicyName: "inline", PolicyDocument: { Version: "2012-10-17", Statement: statements } }]
    : [];
  if (trust) r.AssumeRolePolicyDocument = { Version: "2012-10-17", Statement: [trust] };
  return r;
}

test("a trust that lets in only sessions with a source identity: found by the sessions that set one", () => {
  const bot = prodRole("si-bot");
  const r = diffAfter((s) => {
    account(s, PROD).RoleDetailList.push(
      role("si-bot", [
        { Effect: "Allow", Action: ["sts:AssumeRole", "sts:SetSourceIdentity"], Resource: "*" },
      ]),
    );
    findRole(s, PROD_ADMIN).AssumeRolePolicyDocument.Statement.push({
      Effect: "Allow",
      Principal: { AWS: bot },
      Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
      Condition: { Null: { "sts:SourceIdentity": "false" } },
    });
  });
  assert.deepEqual(ids(r.items), [`changed-trust/${PROD_ADMIN}`, `foreign-reach/${bot}`]);
  assert.deepEqual(item(r, `foreign-reach/${bot}`).details, [
    `path: ${bot} —[P1 sts:AssumeRole]→ ${PROD_ADMIN}`,
  ]);
});

test("two grants combined: a principal that can act as a role and as one that may rewrite it", () => {
  const ops = prodRole("ops");
  const editor = prodRole("editor");
  const app = prodRole("app");
  const accountRoot: Statement = {
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${PROD}:root` },
    Action: "sts:AssumeRole",
  };
  const r = diffAfter((s) => {
    account(s, PROD).RoleDetailList.push(
      role("ops", [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: [editor, app] }]),
      // The editor may rewrite app's policies but cannot act as app; ops can act as both.
      role("editor", [{ Effect: "Allow", Action: "iam:PutRolePolicy", Resource: app }], accountRoot),
      role("app", [], accountRoot),
    );
  });
  assert.deepEqual(ids(r.items), [`foreign-reach/${ops}`]);
  const f = item(r, `foreign-reach/${ops}`);
  assert.equal(
    f.message,
    `role ops is not in the design but can reach Sekisho-managed roles ${PROD_ADMIN}, ${arn.role(PROD, "developer")}, ${arn.role(PROD, "readonly")} and 2 more`,
  );
  assert.deepEqual(f.details, [
    `path: ${ops} —[P1 sts:AssumeRole]→ ${editor} ; ${editor} —[7-12 iam:PutRolePolicy, then act as ${app}]→ admin-of:${PROD} ; then, as admin of the account: sekisho/admin, sekisho/developer, sekisho/readonly, sekisho/workload-api-deploy, sekisho/workload-infra-plan`,
  ]);
});
