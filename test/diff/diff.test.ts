// diff on the example: no drift against its own deployment, and each injected drift caught
// with its exact ids and messages; a deployment written differently but equal is no drift.
import assert from "node:assert/strict";
import { test } from "node:test";
import { diffStates } from "../../src/diff/diff.js";
import type { AuthorizationDetails } from "../../src/state/org-state.js";
import type { ConditionBlock, PolicyDocument, Statement } from "../../src/state/policy.js";
import {
  account,
  arn,
  deployed,
  deployedImport,
  designed,
  diffAfter,
  findRole,
  foreignRole,
  foreignUser,
  IDENTITY,
  ids,
  item,
  model,
  NOW,
} from "./helpers.js";

const PROD_ADMIN = arn.role("333333333333", "admin");
const STG_ADMIN = arn.role("222222222222", "admin");

const arnEquals = (s: Statement) => (s.Condition as ConditionBlock).ArnEquals!;

test("no drift: the example against its own compiled state, as plan writes it", () => {
  const imported = deployedImport();
  assert.deepEqual(imported.diagnostics, []);
  const r = diffStates(model, designed, imported.state, {
    now: NOW,
    providersListed: imported.providersListed,
    oidcListed: imported.oidcListed,
  });
  assert.deepEqual([...imported.oidcListed], ["111111111111", "222222222222", "333333333333"]);
  assert.equal(r.drift, false);
  assert.deepEqual(r.items, []);
  assert.deepEqual(r.ignored, []);
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(r.accounts, [
    { account: "111111111111", name: "dev", status: "checked" },
    { account: "222222222222", name: "stg", status: "checked" },
    { account: "333333333333", name: "prod", status: "checked" },
  ]);
  // dev: 3 environment roles, 4 landing roles, 2 groups, 2 kept users, 1 policy, 1 provider;
  // stg and prod: 3 roles each; GitHub's OIDC provider in each account. Cells: 12 people and 2
  // kept users and 2 workloads × 3 environments × 3 levels.
  assert.deepEqual(r.compared, { resources: 27, matrixCells: 144, foreignPrincipals: 0 });
});

test("edited trust policy: changed-trust, and the people it locks out lose access", () => {
  const r = diffAfter((s) => {
    const landing = findRole(s, PROD_ADMIN).AssumeRolePolicyDocument.Statement[0]!;
    arnEquals(landing)["aws:PrincipalArn"] = arn.landing("sre");
  });
  assert.equal(r.drift, true);
  assert.deepEqual(ids(r.items), [
    `changed-trust/${PROD_ADMIN}`,
    "lost-access/daisuke@example.com/prod/admin",
    "lost-access/emma@example.com/prod/admin",
  ]);
  const trust = item(r, `changed-trust/${PROD_ADMIN}`);
  assert.equal(trust.account, "333333333333");
  assert.equal(
    trust.message,
    "the trust policy of role sekisho/admin differs from the design (1 statement only deployed, 1 only designed)",
  );
  const head =
    '{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:root"]},"Action":["sts:assumerole","sts:setsourceidentity","sts:tagsession"],"Condition":{"ArnEquals":{"aws:principalarn":';
  assert.deepEqual(trust.details, [
    `deployed only: ${head}["arn:aws:iam::111111111111:role/sekisho/landing-sre"]}}}`,
    `designed only: ${head}["arn:aws:iam::111111111111:role/sekisho/landing-dev-lead","arn:aws:iam::111111111111:role/sekisho/landing-sre"]}}}`,
  ]);
  const lost = item(r, "lost-access/emma@example.com/prod/admin");
  assert.equal(lost.message, "emma@example.com cannot reach prod admin, which the design grants");
  assert.deepEqual(
    [lost.account, lost.subject, lost.expected, lost.actual, lost.cell],
    [
      "333333333333",
      PROD_ADMIN,
      true,
      false,
      { who: "emma@example.com", kind: "person", env: "prod", level: "admin" },
    ],
  );
  // The evidence is the refused switch, judged by the engine on the deployed trust.
  assert.deepEqual(
    lost.evidence.map((e) => e.what),
    ["sts:AssumeRole", "sts:SetSourceIdentity"].map(
      (a) => `SAML sign-in to ${arn.landing("dev-lead")} → ${a}: ImplicitDeny (no allow in: resource)`,
    ),
  );
});

test("extra attached policy on a managed role: extra-attached, and who escalates through it", () => {
  const r = diffAfter((s) => {
    findRole(s, arn.role("222222222222", "readonly")).AttachedManagedPolicies.push({
      PolicyName: "AdministratorAccess",
      PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    });
  });
  const stgReadonly = arn.role("222222222222", "readonly");
  assert.deepEqual(ids(r.items), [
    `escalation/${arn.landing("accounting")}`,
    `escalation/${arn.landing("dev-member")}`,
    `escalation/${arn.user("ci-deployer")}`,
    `extra-attached/arn:aws:iam::aws:policy/AdministratorAccess@${stgReadonly}`,
  ]);
  assert.equal(
    item(r, `extra-attached/arn:aws:iam::aws:policy/AdministratorAccess@${stgReadonly}`).message,
    "managed policy arn:aws:iam::aws:policy/AdministratorAccess is attached to role sekisho/readonly, which the design does not",
  );
  const dm = item(r, `escalation/${arn.landing("dev-member")}`);
  assert.equal(
    dm.message,
    `team dev-member (its landing role) can reach Sekisho-managed roles ${STG_ADMIN}, ${arn.role("222222222222", "workload-api-deploy")}, ${arn.role("222222222222", "workload-infra-plan")}, which the model does not grant it`,
  );
  const viaReadonly = `${stgReadonly} —[7-12 iam:PutRolePolicy, then act as ${stgReadonly}]→ admin-of:222222222222`;
  assert.deepEqual(dm.details, [
    `path: ${arn.landing("dev-member")} —[P1 sts:AssumeRole]→ ${stgReadonly} ; ${viaReadonly} ; then, as admin of the account: sekisho/admin, sekisho/workload-api-deploy, sekisho/workload-infra-plan`,
  ]);
  const accounting = item(r, `escalation/${arn.landing("accounting")}`);
  assert.equal(
    accounting.message,
    `team accounting (its landing role) can reach Sekisho-managed roles ${STG_ADMIN}, ${arn.role("222222222222", "developer")}, ${arn.role("222222222222", "workload-api-deploy")} and 1 more, which the model does not grant it`,
  );
  assert.deepEqual(accounting.details, [
    `path: ${arn.landing("accounting")} —[P1 sts:AssumeRole]→ ${stgReadonly} ; ${viaReadonly} ; then, as admin of the account: sekisho/admin, sekisho/developer, sekisho/workload-api-deploy, sekisho/workload-infra-plan`,
  ]);
});

test("deleted role: missing-role, and everyone granted it loses access", () => {
  const r = diffAfter((s) => {
    const prod = account(s, "333333333333");
    prod.RoleDetailList = prod.RoleDetailList.filter((x) => x.Arn !== PROD_ADMIN);
  });
  assert.deepEqual(ids(r.items), [
    `missing-role/${PROD_ADMIN}`,
    "lost-access/alice@example.com/prod/admin",
    "lost-access/break-glass/prod/admin",
    "lost-access/bruno@example.com/prod/admin",
    "lost-access/chiara@example.com/prod/admin",
    "lost-access/daisuke@example.com/prod/admin",
    "lost-access/emma@example.com/prod/admin",
  ]);
  assert.equal(
    item(r, `missing-role/${PROD_ADMIN}`).message,
    "role sekisho/admin is in the design but not deployed",
  );
  assert.equal(item(r, `missing-role/${PROD_ADMIN}`).actual, null);
  assert.deepEqual(item(r, "lost-access/break-glass/prod/admin").evidence, [
    { what: `role ${PROD_ADMIN} is not deployed` },
  ]);
  assert.equal(item(r, "lost-access/break-glass/prod/admin").cell?.kind, "user");
});

test("foreign role added to a trust: foreign-reach with the path, and changed-trust", () => {
  const opsBot = "arn:aws:iam::111111111111:role/ops-bot";
  const r = diffAfter((s) => {
    account(s, IDENTITY).RoleDetailList.push(foreignRole(IDENTITY, "ops-bot"));
    const landing = findRole(s, PROD_ADMIN).AssumeRolePolicyDocument.Statement[0]!;
    arnEquals(landing)["aws:PrincipalArn"] = [arn.landing("dev-lead"), arn.landing("sre"), opsBot];
  });
  assert.deepEqual(ids(r.items), [`foreign-reach/${opsBot}`, `changed-trust/${PROD_ADMIN}`]);
  const f = item(r, `foreign-reach/${opsBot}`);
  assert.equal(f.account, IDENTITY);
  assert.equal(
    f.message,
    `role ops-bot is not in the design but can reach Sekisho-managed roles ${PROD_ADMIN} and 4 more`,
  );
  assert.deepEqual(f.details, [`path: ${opsBot} —[P1 sts:AssumeRole]→ ${PROD_ADMIN}`]);
  // Through prod admin (AdministratorAccess: it may rewrite any trust of its account) the rest of prod.
  assert.deepEqual(f.actual, [
    PROD_ADMIN,
    arn.role("333333333333", "developer"),
    arn.role("333333333333", "readonly"),
    arn.role("333333333333", "workload-api-deploy"),
    arn.role("333333333333", "workload-infra-plan"),
  ]);
  assert.deepEqual(f.evidence[0], {
    what: `${opsBot} —[P1 sts:AssumeRole]→ ${PROD_ADMIN}`,
    chain: [opsBot, PROD_ADMIN],
  });
  assert.equal(r.compared.foreignPrincipals, 1);
});

test("bare-root trust edit: a foreign IAM user, and teams through their own environment roles", () => {
  const mallory = arn.user("mallory");
  const devDeveloper = arn.role(IDENTITY, "developer");
  const r = diffAfter((s) => {
    account(s, IDENTITY).UserDetailList.push(foreignUser("mallory"));
    const trust = findRole(s, STG_ADMIN).AssumeRolePolicyDocument;
    for (const st of trust.Statement) delete st.Condition;
  });
  assert.deepEqual(ids(r.items), [
    `foreign-reach/${mallory}`,
    `escalation/${arn.landing("dev-member")}`,
    `escalation/${arn.user("ci-deployer")}`,
    `changed-trust/${STG_ADMIN}`,
  ]);
  assert.equal(
    item(r, `foreign-reach/${mallory}`).message,
    `IAM user mallory is not in the design but can reach Sekisho-managed roles ${STG_ADMIN} and 4 more`,
  );
  assert.deepEqual(item(r, `foreign-reach/${mallory}`).details, [
    `path: ${mallory} —[P1 sts:AssumeRole]→ ${STG_ADMIN}`,
  ]);
  // dev developer (PowerUserAccess, in the identity account) may call sts:AssumeRole: the bare
  // root now lets it into stg admin, which dev-member is not granted. sre and dev-lead are admins of stg.
  assert.deepEqual(item(r, `escalation/${arn.user("ci-deployer")}`).details, [
    `path: ${arn.user("ci-deployer")} —[P1 sts:AssumeRole]→ ${devDeveloper} ; ${devDeveloper} —[P1 sts:AssumeRole]→ ${STG_ADMIN}`,
  ]);
  assert.equal(
    item(r, `escalation/${arn.user("ci-deployer")}`).message,
    `kept IAM user ci-deployer can reach Sekisho-managed roles ${STG_ADMIN} and 2 more, which the model does not grant it`,
  );
  assert.equal(
    item(r, `changed-trust/${STG_ADMIN}`).message,
    "the trust policy of role sekisho/admin differs from the design (2 statements only deployed, 2 only designed)",
  );
});

test("an administrator outside the model reaches Sekisho's roles of its account; --ignore accepts it", () => {
  const admin = "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole";
  const edit = (s: Parameters<Parameters<typeof diffAfter>[0]>[0]) => {
    const role = foreignRole("333333333333", "OrganizationAccountAccessRole");
    role.AssumeRolePolicyDocument = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" },
      ],
    };
    role.RolePolicyList = [];
    role.AttachedManagedPolicies = [
      { PolicyName: "AdministratorAccess", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
    ];
    account(s, "333333333333").RoleDetailList.push(role);
  };
  const r = diffAfter(edit);
  assert.deepEqual(ids(r.items), [`foreign-reach/${admin}`]);
  const f = item(r, `foreign-reach/${admin}`);
  assert.equal(
    f.message,
    `role OrganizationAccountAccessRole is not in the design but can reach Sekisho-managed roles ${PROD_ADMIN}, ${arn.role("333333333333", "developer")}, ${arn.role("333333333333", "readonly")} and 2 more`,
  );
  assert.deepEqual(f.details, [
    `path: ${admin} —[7-12 iam:PutRolePolicy, then act as ${admin}]→ admin-of:333333333333 ; then, as admin of the account: sekisho/admin, sekisho/developer, sekisho/readonly, sekisho/workload-api-deploy, sekisho/workload-infra-plan`,
  ]);
  const accepted = diffAfter(edit, {
    ignore: ["foreign-reach/arn:aws:iam::*:role/OrganizationAccountAccessRole"],
  });
  assert.equal(accepted.drift, false);
  assert.deepEqual(ids(accepted.ignored), [`foreign-reach/${admin}`]);
  assert.deepEqual(accepted.warnings, []);
});

test("a deployment written differently but meaning the same is no drift", () => {
  // Edited as text, before the import, as IAM and CloudFormation might have written it.
  const imported = deployedImport((files) => {
    const edit = (path: string, f: (d: AuthorizationDetails) => void) => {
      const d = JSON.parse(files.get(path)!) as AuthorizationDetails;
      f(d);
      files.set(path, JSON.stringify(d));
    };
    edit("state/333333333333.json", (d) => {
      const admin = d.RoleDetailList.find((r) => r.Arn === PROD_ADMIN)!;
      const [landing] = admin.AssumeRolePolicyDocument.Statement as [Statement, Statement];
      // Statements reversed, Sids gone or renamed, lists for single values and back, action
      // and condition key case, a boolean for "true", the account id for its root ARN.
      admin.AssumeRolePolicyDocument.Statement = [
        {
          Effect: "Allow",
          Principal: { AWS: ["111111111111"] },
          Action: "STS:AssumeRole",
          Condition: {
            Bool: { "AWS:MultiFactorAuthPresent": true },
            ArnEquals: { "aws:principalarn": ["arn:aws:iam::111111111111:user/break-glass"] },
          },
        },
        {
          ...landing,
          Sid: "Renamed",
          Action: ["sts:TagSession", "sts:assumerole", "sts:SetSourceIdentity", "sts:TagSession"],
          Condition: { ArnEquals: { "aws:PrincipalArn": [arn.landing("sre"), arn.landing("dev-lead")] } },
        },
      ];
      admin.AttachedManagedPolicies.reverse();
    });
    edit("state/111111111111.json", (d) => {
      // A single statement as an object, resources reordered.
      const inline = d.RoleDetailList.find((r) => r.Arn === arn.landing("accounting"))!.RolePolicyList[0]!;
      const st = inline.PolicyDocument.Statement[0]!;
      (inline.PolicyDocument as unknown as { Statement: Statement }).Statement = {
        ...st,
        Resource: [...(st.Resource as string[])].reverse(),
      };
      // Sekisho's managed policy: statements shuffled, one twice.
      const own = d.Policies.find((p) => p.PolicyName === "sekisho-self-manage-credentials")!;
      const doc: PolicyDocument = own.PolicyVersionList[0]!.Document;
      doc.Statement = [doc.Statement[3]!, ...doc.Statement.slice(0, 3).reverse(), doc.Statement[0]!];
    });
  });
  assert.deepEqual(imported.diagnostics, []);
  const r = diffStates(model, designed, imported.state, {
    now: NOW,
    providersListed: imported.providersListed,
  });
  assert.deepEqual(ids(r.items), []);
  assert.equal(r.drift, false);
  // The edits did land: the deployed text differs from the design's.
  const trust = findRole(imported.state, PROD_ADMIN).AssumeRolePolicyDocument;
  assert.notDeepEqual(trust, findRole(designed, PROD_ADMIN).AssumeRolePolicyDocument);
});

test("a semantic change is drift: BoolIfExists on the kept users' MFA lets access keys in", () => {
  const selfManage = "arn:aws:iam::111111111111:policy/sekisho/sekisho-self-manage-credentials";
  const sreGroup = "arn:aws:iam::111111111111:group/sekisho/sekisho-sre";
  const trustOnly = diffAfter((s) => {
    const c = findRole(s, PROD_ADMIN).AssumeRolePolicyDocument.Statement[1]!.Condition!;
    c.BoolIfExists = c.Bool!;
    delete c.Bool;
  });
  // The group's own deny without MFA still stops access keys: the trust alone is no new access.
  assert.deepEqual(ids(trustOnly.items), [`changed-trust/${PROD_ADMIN}`]);
  const r = diffAfter((s) => {
    const c = findRole(s, PROD_ADMIN).AssumeRolePolicyDocument.Statement[1]!.Condition!;
    c.BoolIfExists = c.Bool!;
    delete c.Bool;
    const sre = account(s, IDENTITY).GroupDetailList.find((g) => g.GroupName === "sekisho-sre")!;
    sre.AttachedManagedPolicies = sre.AttachedManagedPolicies.filter((p) => p.PolicyArn !== selfManage);
  });
  assert.deepEqual(ids(r.items), [
    `missing-attached/${selfManage}@${sreGroup}`,
    `changed-trust/${PROD_ADMIN}`,
    "access-without-mfa/break-glass/prod/admin",
  ]);
  assert.equal(
    item(r, `missing-attached/${selfManage}@${sreGroup}`).message,
    `managed policy ${selfManage} is not attached to group sekisho/sekisho-sre, as the design has it`,
  );
  const noMfa = item(r, "access-without-mfa/break-glass/prod/admin");
  assert.equal(noMfa.message, "IAM user break-glass can switch to prod admin without MFA");
  assert.deepEqual(
    noMfa.evidence.map((e) => e.what.replace(/ \(no allow in.*$/, "")),
    ["console without MFA → sts:AssumeRole: ImplicitDeny", "access keys → sts:AssumeRole: Allow"],
  );
});

test("matrix: a team gains an environment it is not granted, cell by cell", () => {
  const prodDeveloper = arn.role("333333333333", "developer");
  const r = diffAfter((s) => {
    const landing = findRole(s, arn.landing("accounting"));
    const st = landing.RolePolicyList[0]!.PolicyDocument.Statement[0]!;
    st.Resource = [...(st.Resource as string[]), prodDeveloper];
    const trust = findRole(s, prodDeveloper).AssumeRolePolicyDocument.Statement[0]!;
    arnEquals(trust)["aws:PrincipalArn"] = [
      arn.landing("accounting"),
      arn.landing("dev-lead"),
      arn.landing("sre"),
    ];
  });
  assert.deepEqual(ids(r.items), [
    `changed-inline/${arn.landing("accounting")}#inline:sekisho-switch-targets`,
    `changed-trust/${prodDeveloper}`,
    "gained-access/kenji@example.com/prod/developer",
    "gained-access/lena@example.com/prod/developer",
  ]);
  const gained = item(r, "gained-access/lena@example.com/prod/developer");
  assert.equal(gained.message, "lena@example.com reaches prod developer, which the design does not grant");
  assert.deepEqual([gained.expected, gained.actual, gained.account], [false, true, "333333333333"]);
  assert.deepEqual(
    gained.evidence.map((e) => e.what),
    [
      `SAML sign-in to ${arn.landing("accounting")} → sts:AssumeRole: Allow`,
      `SAML sign-in to ${arn.landing("accounting")} → sts:SetSourceIdentity: Allow`,
    ],
  );
  assert.equal(
    item(r, `changed-inline/${arn.landing("accounting")}#inline:sekisho-switch-targets`).message,
    "inline policy sekisho-switch-targets of role sekisho/landing-accounting differs from the design (1 statement only deployed, 1 only designed)",
  );
});

test("matrix: a kept user taken out of its group loses each cell, and the membership is missing", () => {
  const r = diffAfter((s) => {
    account(s, IDENTITY).UserDetailList.find((u) => u.UserName === "ci-deployer")!.GroupList = [];
  });
  // Sorted by account (dev 111…, stg 222…, prod 333…), then kind, then id.
  assert.deepEqual(ids(r.items), [
    `missing-membership/${arn.user("ci-deployer")}#group:sekisho-dev-member`,
    "lost-access/ci-deployer/dev/developer",
    "lost-access/ci-deployer/dev/readonly",
    "lost-access/ci-deployer/stg/developer",
    "lost-access/ci-deployer/stg/readonly",
    "lost-access/ci-deployer/prod/readonly",
  ]);
  assert.equal(
    item(r, `missing-membership/${arn.user("ci-deployer")}#group:sekisho-dev-member`).message,
    "kept IAM user ci-deployer is not in group sekisho-dev-member, as the design has it",
  );
});

test("memberships, extra roles, groups and policies, and the SAML provider", () => {
  const r = diffAfter(
    (s) => {
      const id = account(s, IDENTITY);
      // Someone else in Sekisho's sre group: no access (the trusts name the kept users), still drift.
      id.UserDetailList.push({ ...foreignUser("mallory"), UserPolicyList: [], GroupList: ["sekisho-sre"] });
      id.UserDetailList.find((u) => u.UserName === "break-glass")!.GroupList.push("Admins");
      const legacy = structuredClone(findRole(s, arn.role("222222222222", "readonly")));
      Object.assign(legacy, { RoleName: "legacy", Arn: arn.role("222222222222", "legacy") });
      legacy.AssumeRolePolicyDocument = { Version: "2012-10-17", Statement: [] };
      account(s, "222222222222").RoleDetailList.push(legacy);
      id.GroupDetailList = id.GroupDetailList.filter((g) => g.GroupName !== "sekisho-dev-member");
      id.Policies = id.Policies.filter((p) => p.PolicyName !== "sekisho-self-manage-credentials");
      s.accounts.find((a) => a.accountId === IDENTITY)!.samlProviders = [];
    },
    { providersListed: [IDENTITY] },
  );
  const selfManage = "arn:aws:iam::111111111111:policy/sekisho/sekisho-self-manage-credentials";
  // Without its group, ci-deployer has no switch policy left: the matrix shows what that costs.
  assert.deepEqual(ids(r.items), [
    "missing-saml-provider/arn:aws:iam::111111111111:saml-provider/GoogleWorkspace",
    "missing-group/arn:aws:iam::111111111111:group/sekisho/sekisho-dev-member",
    `missing-policy/${selfManage}`,
    `extra-membership/${arn.user("break-glass")}#group:Admins`,
    `extra-membership/${arn.user("mallory")}#group:sekisho-sre`,
    "lost-access/ci-deployer/dev/developer",
    "lost-access/ci-deployer/dev/readonly",
    `extra-role/${arn.role("222222222222", "legacy")}`,
    "lost-access/ci-deployer/stg/developer",
    "lost-access/ci-deployer/stg/readonly",
    "lost-access/ci-deployer/prod/readonly",
  ]);
  assert.deepEqual(
    r.items.filter((i) => i.kind !== "lost-access").map((i) => i.message),
    [
      "SAML provider GoogleWorkspace is in the design but not in the account's list-saml-providers",
      "group sekisho/sekisho-dev-member is in the design but not deployed",
      "managed policy sekisho-self-manage-credentials is in the design but not deployed",
      "kept IAM user break-glass is also in group Admins, which the design does not have it in",
      "IAM user mallory is in Sekisho's group sekisho-sre but is not a kept user of the model",
      "role sekisho/legacy looks Sekisho-managed (path /sekisho/ or tag sekisho:managed) but is not in the design",
    ],
  );
});

test("accounts: not exported is a warning, not drift; providers not listed are not checked", () => {
  const real = deployed();
  real.accounts = real.accounts.filter((a) => a.accountId !== "333333333333");
  real.accounts.push({
    accountId: "444444444444",
    authorizationDetails: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] },
    samlProviders: [],
  });
  const r = diffStates(model, designed, real, { now: NOW, providersListed: new Set() });
  assert.equal(r.drift, false);
  assert.deepEqual(r.items, []);
  assert.deepEqual(r.accounts, [
    { account: "111111111111", name: "dev", status: "checked" },
    { account: "222222222222", name: "stg", status: "checked" },
    { account: "333333333333", name: "prod", status: "not-exported" },
    { account: "444444444444", status: "not-in-model" },
  ]);
  assert.deepEqual(r.warnings, [
    "111111111111: SAML providers not listed (give --saml-providers or a sekisho collect folder): the provider's presence was not checked",
    "111111111111: OIDC providers not listed (give --oidc-providers or a sekisho collect folder): the workloads' providers (token.actions.githubusercontent.com) were not checked",
    "222222222222: OIDC providers not listed (give --oidc-providers or a sekisho collect folder): the workloads' providers (token.actions.githubusercontent.com) were not checked",
    "333333333333 (prod) not checked: no export of it was given",
    "444444444444: exported but not in the model; its resources are not compared, its principals count as foreign",
  ]);
  // prod's cells are not compared: 16 × 2 environments × 3 levels.
  assert.equal(r.compared.matrixCells, 96);

  const noIdentity = deployed();
  noIdentity.accounts = noIdentity.accounts.filter((a) => a.accountId !== IDENTITY);
  const n = diffStates(model, designed, noIdentity, { now: NOW, providersListed: new Set() });
  assert.deepEqual(n.items, []);
  assert.equal(n.compared.matrixCells, 0);
  assert.ok(
    n.warnings.includes(
      "access matrix not compared: the identity account 111111111111, where every sign-in starts, was not exported",
    ),
  );
});

test("OIDC providers: missing, audiences changed, left over with Sekisho's tags; the customer's own are not extra", () => {
  const GITHUB = "token.actions.githubusercontent.com";
  const provider = (account: string, host: string) => `arn:aws:iam::${account}:oidc-provider/${host}`;
  const r = diffAfter((s) => {
    const stg = s.accounts.find((a) => a.accountId === "222222222222")!;
    const prod = s.accounts.find((a) => a.accountId === "333333333333")!;
    stg.openIdConnectProviders = [];
    const github = prod.openIdConnectProviders!.find((p) => p.Url === GITHUB)!;
    github.ClientIDList = ["sts.amazonaws.com", "https://github.com/example"];
    prod.openIdConnectProviders!.push(
      { ...structuredClone(github), Arn: provider("333333333333", "gitlab.com"), Url: "gitlab.com" },
      { Arn: provider("333333333333", "oidc.circleci.com/org/x"), Url: "oidc.circleci.com/org/x" },
    );
  });
  assert.deepEqual(
    r.items.filter((i) => i.kind.endsWith("oidc-provider")).map((i) => [i.id, i.message, i.details]),
    [
      [
        `missing-oidc-provider/${provider("222222222222", GITHUB)}`,
        `OIDC provider ${GITHUB} is in the design but not in the account: no workload can assume its roles`,
        [],
      ],
      [
        `extra-oidc-provider/${provider("333333333333", "gitlab.com")}`,
        "OIDC provider gitlab.com carries Sekisho's tags but no workload of the design uses it",
        [],
      ],
      [
        `changed-oidc-provider/${provider("333333333333", GITHUB)}`,
        `the audiences (client ids) of OIDC provider ${GITHUB} differ from the design: it also accepts https://github.com/example`,
        ["deployed only: https://github.com/example"],
      ],
    ],
  );
  assert.deepEqual(item(r, `missing-oidc-provider/${provider("222222222222", GITHUB)}`).expected, {
    Url: GITHUB,
    ClientIDList: ["sts.amazonaws.com"],
  });

  // An audience the design needs is missing: its workloads' tokens are refused.
  const lacking = diffAfter((s) => {
    s.accounts.find((a) => a.accountId === "333333333333")!.openIdConnectProviders![0]!.ClientIDList = [];
  });
  assert.deepEqual(
    lacking.items.filter((i) => i.kind === "changed-oidc-provider").map((i) => i.message),
    [
      `the audiences (client ids) of OIDC provider ${GITHUB} differ from the design: tokens for sts.amazonaws.com are refused`,
    ],
  );

  // Listed by ARN only (list-open-id-connect-providers): presence is checked, audiences are not, and it says so.
  const arnsOnly = diffAfter((s) => {
    for (const a of s.accounts) for (const p of a.openIdConnectProviders ?? []) delete p.ClientIDList;
  });
  assert.deepEqual(ids(arnsOnly.items), []);
  assert.deepEqual(
    arnsOnly.warnings.filter((w) => w.includes("OIDC")),
    ["111111111111", "222222222222", "333333333333"].map(
      (a) =>
        `${a}: OIDC provider ${GITHUB} listed without its audiences (list-open-id-connect-providers gives ARNs only; sekisho collect writes them): its client ids were not compared`,
    ),
  );

  // Not listed at all: a warning per account with workloads, never "no drift" silently.
  const unlisted = diffAfter(() => {}, { oidcListed: [] });
  assert.deepEqual(ids(unlisted.items), []);
  assert.deepEqual(
    unlisted.warnings.filter((w) => w.includes("OIDC")),
    ["111111111111", "222222222222", "333333333333"].map(
      (a) =>
        `${a}: OIDC providers not listed (give --oidc-providers or a sekisho collect folder): the workloads' providers (${GITHUB}) were not checked`,
    ),
  );
});

test("workload roles: a trust pinned to another branch is changed-trust, and the workload loses its cell", () => {
  const prod = "arn:aws:iam::333333333333:role/sekisho/workload-api-deploy";
  const r = diffAfter((s) => {
    const cond = findRole(s, prod).AssumeRolePolicyDocument.Statement[0]!.Condition as ConditionBlock;
    cond.StringEquals!["token.actions.githubusercontent.com:sub"] = "repo:example/api:ref:refs/heads/release";
  });
  assert.deepEqual(
    r.items.map((i) => [i.id, i.message]),
    [
      [
        `changed-trust/${prod}`,
        "the trust policy of role sekisho/workload-api-deploy differs from the design (1 statement only deployed, 1 only designed)",
      ],
      [
        "lost-access/api-deploy/prod/developer",
        "workload api-deploy cannot reach prod developer, which the design grants",
      ],
    ],
  );
  const lost = item(r, "lost-access/api-deploy/prod/developer");
  assert.equal(lost.subject, prod);
  assert.deepEqual(lost.cell, { who: "api-deploy", kind: "workload", env: "prod", level: "developer" });
  assert.match(
    lost.evidence[0]!.what,
    /^web identity \(sub repo:example\/api:ref:refs\/heads\/main\) → sts:AssumeRoleWithWebIdentity/,
  );
});

test("--ignore accepts items by id, with * for any characters; unused patterns are warned", () => {
  const edit = (s: Parameters<Parameters<typeof diffAfter>[0]>[0]) => {
    const landing = findRole(s, PROD_ADMIN).AssumeRolePolicyDocument.Statement[0]!;
    arnEquals(landing)["aws:PrincipalArn"] = [
      arn.landing("dev-lead"),
      arn.landing("sre"),
      arn.role(IDENTITY, "x"),
    ];
  };
  const partly = diffAfter(edit, { ignore: ["changed-trust/*:role/sekisho/admin", "foreign-reach/*"] });
  assert.equal(partly.drift, false);
  assert.deepEqual(ids(partly.items), []);
  assert.deepEqual(ids(partly.ignored), [`changed-trust/${PROD_ADMIN}`]);
  assert.deepEqual(partly.warnings, ["--ignore foreign-reach/* matched no item"]);
  const none = diffAfter(edit, { ignore: ["changed-trust/arn:aws:iam::333333333333:role/sekisho/*x"] });
  assert.equal(none.drift, true);
  assert.deepEqual(ids(none.items), [`changed-trust/${PROD_ADMIN}`]);
});
