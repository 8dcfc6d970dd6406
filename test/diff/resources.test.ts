// Sekisho-managed resources of one account, designed against deployed: inline policies,
// boundaries, session length, customer policies — the kinds the end-to-end cases leave out.
import assert from "node:assert/strict";
import { test } from "node:test";
import { resourceDrift } from "../../src/diff/resources.js";
import { account, arn, deployed, designed, IDENTITY, model } from "./helpers.js";

const designedAccount = (id: string) => designed.accounts.find((a) => a.accountId === id)!;
const realAccount = (state: ReturnType<typeof deployed>, id: string) =>
  state.accounts.find((a) => a.accountId === id)!;

test("inline policies missing, extra and changed (Version too), boundary and session length", () => {
  const real = deployed();
  const stg = account(real, "222222222222");
  const developer = stg.RoleDetailList.find((r) => r.RoleName === "developer")!;
  developer.PermissionsBoundary = {
    PermissionsBoundaryType: "Policy",
    PermissionsBoundaryArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
  };
  developer.MaxSessionDuration = 43200;
  developer.RolePolicyList.push({
    PolicyName: "extra",
    PolicyDocument: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "S3:*", Resource: "*" }],
    },
  });
  const r = resourceDrift(
    model,
    designedAccount("222222222222"),
    realAccount(real, "222222222222"),
    false,
    true,
  );
  const dev = arn.role("222222222222", "developer");
  assert.deepEqual(
    r.items.map((i) => [i.id, i.message, i.details]),
    [
      [
        `changed-session/${dev}`,
        "role sekisho/developer allows sessions of 43200 s; the design has 3600 s",
        [],
      ],
      [
        `extra-inline/${dev}#inline:extra`,
        "role sekisho/developer has inline policy extra, which the design does not",
        ['deployed only: {"Effect":"Allow","Action":["s3:*"],"Resource":["*"]}'],
      ],
      [
        `changed-boundary/${dev}`,
        "the permissions boundary of role sekisho/developer is arn:aws:iam::aws:policy/ReadOnlyAccess; the design has none",
        [],
      ],
    ],
  );
  assert.deepEqual(r.warnings, []);
  assert.equal(r.compared, 6); // 3 roles, 2 workload roles, GitHub's OIDC provider

  const id = account(real, IDENTITY);
  const sreGroup = id.GroupDetailList.find((g) => g.GroupName === "sekisho-sre")!;
  const switchPolicy = sreGroup.GroupPolicyList[0]!;
  sreGroup.GroupPolicyList = [];
  const landing = id.RoleDetailList.find((r) => r.Arn === arn.landing("sre"))!;
  landing.RolePolicyList[0]!.PolicyDocument = { ...switchPolicy.PolicyDocument, Version: "2008-10-17" };
  const own = id.Policies.find((p) => p.PolicyName === "sekisho-self-manage-credentials")!;
  own.PolicyVersionList[0]!.Document.Statement.pop();
  const i = resourceDrift(model, designedAccount(IDENTITY), realAccount(real, IDENTITY), true);
  const group = "arn:aws:iam::111111111111:group/sekisho/sekisho-sre";
  assert.deepEqual(
    i.items.map((x) => [x.id, x.message]),
    [
      [
        `changed-inline/${arn.landing("sre")}#inline:sekisho-switch-targets`,
        "inline policy sekisho-switch-targets of role sekisho/landing-sre differs from the design (0 statements only deployed, 0 only designed; Version 2008-10-17, designed 2012-10-17)",
      ],
      [
        `missing-inline/${group}#inline:sekisho-switch-targets`,
        "inline policy sekisho-switch-targets of group sekisho/sekisho-sre is in the design but not deployed",
      ],
      [
        "changed-policy/arn:aws:iam::111111111111:policy/sekisho/sekisho-self-manage-credentials",
        "the default version of managed policy sekisho-self-manage-credentials differs from the design (0 statements only deployed, 1 only designed)",
      ],
    ],
  );
  assert.equal(i.compared, 14);
});
