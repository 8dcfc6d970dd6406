import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { stackTemplates } from "../../src/emit/cloudformation.js";
import { stackSetGroups } from "../../src/emit/deploy.js";
import { exampleModel, exampleState, exampleText, model } from "../helpers.js";

// Properties of each resource type, from the CloudFormation resource reference
// (docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/AWS_IAM.html).
const PROPERTIES: Record<string, string[]> = {
  "AWS::IAM::Role": [
    "AssumeRolePolicyDocument",
    "Description",
    "ManagedPolicyArns",
    "MaxSessionDuration",
    "Path",
    "PermissionsBoundary",
    "Policies",
    "RoleName",
    "Tags",
  ],
  "AWS::IAM::Group": ["GroupName", "ManagedPolicyArns", "Path", "Policies"],
  "AWS::IAM::ManagedPolicy": [
    "Description",
    "Groups",
    "ManagedPolicyName",
    "Path",
    "PolicyDocument",
    "Roles",
    "Users",
  ],
  "AWS::IAM::SAMLProvider": [
    "AddPrivateKey",
    "AssertionEncryptionMode",
    "Name",
    "PrivateKeyList",
    "RemovePrivateKey",
    "SamlMetadataDocument",
    "Tags",
  ],
  "AWS::IAM::UserToGroupAddition": ["GroupName", "Users"],
  "AWS::IAM::OIDCProvider": ["ClientIdList", "Tags", "ThumbprintList", "Url"],
  "AWS::IAM::User": [
    "Groups",
    "LoginProfile",
    "ManagedPolicyArns",
    "Path",
    "PermissionsBoundary",
    "Policies",
    "Tags",
    "UserName",
  ],
};

test("templates use only real IAM resource types and properties, with alphanumeric logical ids", () => {
  for (const s of stackTemplates(exampleModel(), exampleState())) {
    for (const [id, r] of Object.entries(s.template.Resources)) {
      assert.match(id, /^[A-Za-z0-9]+$/);
      const allowed = PROPERTIES[r.Type];
      assert.ok(allowed, `${id}: unexpected type ${r.Type}`);
      for (const p of Object.keys(r.Properties))
        assert.ok(allowed.includes(p), `${id}: ${r.Type} has no property ${p}`);
      for (const d of r.DependsOn ?? []) assert.ok(s.template.Resources[d], `${id} depends on missing ${d}`);
    }
  }
});

test("identity stack: provider first, landing roles depend on it, metadata as parameter or inline", () => {
  const identity = stackTemplates(exampleModel(), exampleState()).find(
    (s) => s.kind === "identity",
  )!.template;
  assert.deepEqual(Object.keys(identity.Resources), [
    "SamlProviderGoogleWorkspace",
    "PolicySekishoSelfManageCredentials",
    "LandingRoleSre",
    "LandingRoleDevLead",
    "LandingRoleDevMember",
    "LandingRoleAccounting",
    "GroupSekishoSre",
    "GroupSekishoDevMember",
    "MembersSekishoSre",
    "MembersSekishoDevMember",
  ]);
  assert.deepEqual(identity.Resources.LandingRoleSre!.DependsOn, ["SamlProviderGoogleWorkspace"]);
  assert.deepEqual(identity.Resources.GroupSekishoSre!.DependsOn, ["PolicySekishoSelfManageCredentials"]);
  assert.deepEqual(identity.Resources.MembersSekishoDevMember!.Properties, {
    GroupName: { Ref: "GroupSekishoDevMember" },
    Users: ["ci-deployer"],
  });
  assert.deepEqual(identity.Resources.SamlProviderGoogleWorkspace!.Properties.SamlMetadataDocument, {
    Ref: "SamlMetadataDocument",
  });
  const inline = stackTemplates(exampleModel(), exampleState(), "<EntityDescriptor/>").find(
    (s) => s.kind === "identity",
  )!.template;
  assert.equal(inline.Parameters, undefined);
  assert.equal(
    inline.Resources.SamlProviderGoogleWorkspace!.Properties.SamlMetadataDocument,
    "<EntityDescriptor/>",
  );
});

test("environments with the same grants share one StackSet template; prod, which differs, gets its own", () => {
  // Without its workloads (infra-plan alone in dev, api-deploy in stg too, would split dev from stg).
  const m = model(exampleText().replace(/\nworkloads:[\s\S]*?\n\noptions:/, "\noptions:"));
  assert.equal(m.workloads.length, 0);
  const groups = stackSetGroups(stackTemplates(m, compile(m)));
  assert.deepEqual(
    groups.map((g) => [g.file, g.accounts.map((a) => a.accountName)]),
    [
      ["cloudformation/stackset-environment-1.json", ["dev", "stg"]],
      ["cloudformation/stackset-environment-2.json", ["prod"]],
    ],
  );
});
