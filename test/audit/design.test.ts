import assert from "node:assert/strict";
import { test } from "node:test";
import { audit } from "../../src/audit/audit.js";
import { designFindings, withoutGrantedEscalations } from "../../src/audit/design.js";
import type { AuditReport } from "../../src/audit/types.js";
import { compile } from "../../src/compile/compile.js";
import type { OrgState } from "../../src/state/org-state.js";
import { exampleModel, exampleState } from "../helpers.js";

const NOW = "2026-11-28T00:00:00Z";

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

test("audit --design compares trusts as diff does: a copy AWS reformatted is not a changed trust", () => {
  const model = exampleModel();
  const deployed: OrgState = structuredClone(exampleState());
  for (const a of deployed.accounts)
    for (const r of a.authorizationDetails.RoleDetailList) {
      // What IAM does to a stored document: statements as one object when single, Sid kept or not,
      // action lists reordered and cased differently, a one-element list as a string.
      const statements = r.AssumeRolePolicyDocument.Statement.map((s) => {
        const { Sid: _sid, ...rest } = s;
        const actions = [s.Action ?? []]
          .flat()
          .reverse()
          .map((x) => x.toUpperCase());
        return { ...rest, Action: actions.length === 1 ? actions[0]! : actions };
      });
      r.AssumeRolePolicyDocument = { Version: "2012-10-17", Statement: statements.reverse() };
    }
  const findings = designFindings(model, compile(model), deployed);
  assert.deepEqual(
    findings.filter((f) => f.rule === "design/changed-trust").map((f) => f.id),
    [],
  );
  // A real change still shows.
  const prodAdmin = deployed.accounts[2]!.authorizationDetails.RoleDetailList.find(
    (r) => r.RoleName === "admin",
  )!;
  prodAdmin.AssumeRolePolicyDocument.Statement[0]!.Condition!.ArnEquals!["aws:PrincipalArn"] =
    "arn:aws:iam::111111111111:role/other";
  assert.deepEqual(
    designFindings(model, compile(model), deployed)
      .filter((f) => f.rule === "design/changed-trust")
      .map((f) => f.id),
    ["design/changed-trust/arn:aws:iam::333333333333:role/sekisho/admin"],
  );
});

test("audit --design does not report the model's own admin grants as escalations; others stay", () => {
  const model = exampleModel();
  const state = structuredClone(exampleState());
  const escalations = (r: AuditReport) => r.findings.filter((f) => f.rule === "escalation").map((f) => f.id);
  const plain = audit(state, NOW);
  assert.deepEqual(escalations(plain), [
    "escalation/arn:aws:iam::111111111111:role/sekisho/landing-dev-lead",
    "escalation/arn:aws:iam::111111111111:role/sekisho/landing-sre",
    "escalation/arn:aws:iam::111111111111:user/break-glass",
  ]);
  const designed = withoutGrantedEscalations(model, plain);
  assert.deepEqual(escalations(designed), []);
  assert.deepEqual(designed.headline.canEscalateToAdmin, { users: 0, roles: 0 });
  // dev-member is granted no admin: a prod admin role that also trusts its landing role, which
  // may also assume it, is an escalation. (A fresh copy: audit caches its index per state.)
  const state2 = structuredClone(exampleState());
  const prodAdmin = state2.accounts[2]!.authorizationDetails.RoleDetailList.find(
    (r) => r.RoleName === "admin",
  )!;
  const principals = prodAdmin.AssumeRolePolicyDocument.Statement[0]!.Condition!.ArnEquals!;
  principals["aws:PrincipalArn"] = [
    ...[principals["aws:PrincipalArn"]!].flat().map(String),
    "arn:aws:iam::111111111111:role/sekisho/landing-dev-member",
  ];
  const landing = state2.accounts[0]!.authorizationDetails.RoleDetailList.find(
    (r) => r.RoleName === "landing-dev-member",
  )!;
  landing.RolePolicyList.push({
    PolicyName: "extra",
    PolicyDocument: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
          Resource: prodAdmin.Arn,
        },
      ],
    },
  });
  const widened = withoutGrantedEscalations(model, audit(state2, NOW));
  assert.deepEqual(escalations(widened), [
    "escalation/arn:aws:iam::111111111111:role/sekisho/landing-dev-member",
  ]);
  assert.deepEqual(widened.headline.canEscalateToAdmin, { users: 0, roles: 1 });
});
