import assert from "node:assert/strict";
import { test } from "node:test";
import { designFindings } from "../../src/audit/design.js";
import { compile } from "../../src/compile/compile.js";
import type { OrgState } from "../../src/state/org-state.js";
import { exampleModel, exampleState } from "../helpers.js";

const user = (name: string, tags: { Key: string; Value: string }[] = []) => ({
  Path: "/",
  UserName: name,
  UserId: `AIDA${name.length}`,
  Arn: `arn:aws:iam::111111111111:user/${name}`,
  CreateDate: "x",
  GroupList: [],
  AttachedManagedPolicies: [],
  Tags: tags,
});

test("audit --design maps IAM users to people and kept users, and managed roles to the design", () => {
  const model = exampleModel();
  const deployed: OrgState = structuredClone(exampleState());
  const dev = deployed.accounts[0]!.authorizationDetails;
  dev.UserDetailList = [
    user("alice@example.com"),
    user("bob", [{ Key: "email", Value: "Farid@example.com" }]),
    user("ci-deployer"),
    user("old-admin"),
  ];
  // Drift: prod admin trusts one more role; stg developer is missing; an extra role under our path.
  const prodAdmin = deployed.accounts[2]!.authorizationDetails.RoleDetailList.find(
    (r) => r.RoleName === "admin",
  )!;
  prodAdmin.AssumeRolePolicyDocument.Statement[0]!.Condition!.ArnEquals!["aws:PrincipalArn"] =
    "arn:aws:iam::111111111111:role/other";
  const stg = deployed.accounts[1]!.authorizationDetails;
  stg.RoleDetailList = stg.RoleDetailList.filter((r) => r.RoleName !== "developer");
  stg.RoleDetailList.push({
    ...stg.RoleDetailList[0]!,
    RoleName: "legacy",
    Arn: "arn:aws:iam::222222222222:role/sekisho/legacy",
  });
  const f = designFindings(model, compile(model), deployed);
  assert.deepEqual(
    f.map((x) => [x.rule, x.principal]),
    [
      ["design/replace-user", "arn:aws:iam::111111111111:user/alice@example.com"],
      ["design/replace-user", "arn:aws:iam::111111111111:user/bob"],
      ["design/kept-user", "arn:aws:iam::111111111111:user/ci-deployer"],
      ["design/unmatched-user", "arn:aws:iam::111111111111:user/old-admin"],
      ["design/not-deployed", "arn:aws:iam::222222222222:role/sekisho/developer"],
      ["design/changed-trust", "arn:aws:iam::333333333333:role/sekisho/admin"],
      ["design/extra", "arn:aws:iam::222222222222:role/sekisho/legacy"],
    ],
  );
  assert.equal(
    f[1]!.title,
    "IAM user bob belongs to farid@example.com (teams dev-member), who signs in through Google in the model",
  );
  assert.deepEqual(
    designFindings(model, compile(model), exampleState()).filter((x) => x.rule !== "design/kept-user"),
    [],
  );
});
