// init on the public real exports of test/fixtures/datasets (see its README): the exact drafts,
// pinned in test/init/golden, and they validate. Their users have no emails, so a variant tags
// some of them (in memory; the datasets stay untouched) to exercise people on real policies.
import assert from "node:assert/strict";
import { test } from "node:test";
import { datasetText } from "../datasets.js";
import { draftOf, golden, parsed, validation } from "./helpers.js";

const read = (name: string) => ({ path: name, text: datasetText(name) });

const cloudmapper = draftOf(
  [read("cloudmapper-demo-authz-details.json")],
  [read("cloudmapper-demo-credential-report.json")],
);
const cloudsplaining = draftOf([read("cloudsplaining-test-example-authz-details.json")]);

test("cloudmapper demo + credential report: the draft matches test/init/golden/cloudmapper.yaml", () => {
  golden("test/init/golden/cloudmapper.yaml", cloudmapper.text);
});

test("cloudsplaining example: the draft matches test/init/golden/cloudsplaining.yaml", () => {
  golden("test/init/golden/cloudsplaining.yaml", cloudsplaining.text);
});

test("both dataset drafts validate with no error and no warning", () => {
  assert.deepEqual(validation(cloudmapper.text), []);
  assert.deepEqual(validation(cloudsplaining.text), []);
});

test("cloudmapper: no person; both users listed with credentials and the escalation the graph finds", () => {
  const m = parsed(cloudmapper.text);
  assert.deepEqual(m.people, {});
  assert.deepEqual(m.teams, {});
  assert.deepEqual(m.environments, { "account-123456789012": { account: "123456789012" } });
  assert.equal(m.identity!.account, "account-123456789012");
  // The report names the user "user"; the export "USER": IAM names are unique ignoring case.
  assert.deepEqual(cloudmapper.draft.candidates, [
    "USER (account-123456789012): console password (last used 2018-05-07), no MFA, 2 active access keys (last used 2018-05-07); today developer (AmazonEC2RoleforSSM); it can escalate to admin-equivalent role bad_role (sts:AssumeRole → role bad_role): admin in effect today.",
    "USER_WITH_BAD_INLINE_POLICY (account-123456789012): not in the credential report; today developer (AmazonEC2RoleforSSM); it can escalate to admin-equivalent role bad_role (sts:AssumeRole → role bad_role): admin in effect today.",
  ]);
});

test("cloudsplaining: admin-equivalent users are admin, the rest developer, the 012… id stays a string", () => {
  const m = parsed(cloudsplaining.text);
  assert.deepEqual(m.environments, { "account-012345678901": { account: "012345678901" } });
  assert.ok(cloudsplaining.text.includes('  account-012345678901: { account: "012345678901" }'));
  assert.deepEqual(cloudsplaining.draft.candidates, [
    "biden (account-012345678901): credentials unknown (no credential report given); today developer (AWSLambdaFullAccess, AmazonRDSFullAccess, inline policy InlinePolicyForBidenGroup, inline policy InsecureUserPolicy).",
    "obama (account-012345678901): credentials unknown (no credential report given); today admin (AdministratorAccess).",
    "userwithlotsofpermissions (account-012345678901): credentials unknown (no credential report given); today admin (AdministratorAccess, inline policy InsecureUserPolicy).",
  ]);
});

test("cloudsplaining with email tags added: real policies become teams and levels", () => {
  const details = JSON.parse(read("cloudsplaining-test-example-authz-details.json").text) as {
    UserDetailList: { UserName: string; Tags?: { Key: string; Value: string }[] }[];
  };
  for (const u of details.UserDetailList)
    if (u.UserName !== "userwithlotsofpermissions")
      u.Tags = [{ Key: "Email", Value: `${u.UserName}@example.gov` }];
  const { draft, text } = draftOf([{ path: "tagged.json", text: JSON.stringify(details) }]);
  assert.deepEqual(validation(text), []);
  const m = parsed(text);
  // obama's AdministratorAccess, attached and through group admin, is exactly group admin's set.
  assert.deepEqual(m.people, { "biden@example.gov": ["team-1"], "obama@example.gov": ["admin"] });
  assert.deepEqual(m.teams, {
    "team-1": { can: { "account-012345678901": ["developer", "readonly"] } },
    admin: { can: { "account-012345678901": ["admin", "developer", "readonly"] } },
  });
  assert.deepEqual(draft.teams[0]!.grants[0]!.comment, [
    "account-012345678901 today: AWSLambdaFullAccess, AmazonRDSFullAccess, inline policy InlinePolicyForBidenGroup, inline policy InsecureUserPolicy. Level developer: it writes (555 actions beyond reads) but cannot rewrite its own permissions.",
    "REVIEW: developer is a guess: it allows 555 actions beyond reads, e.g. rds:CreateDBProxy, s3:CreateJob, cloudwatch:CreateView, logs:PutLogEvents, lambda:RunMicrovm; developer (PowerUserAccess) allows all but IAM and Organizations.",
    "REVIEW: 7 actions it allows today are not in developer (PowerUserAccess), e.g. iam:PassRole, iam:GetRole, iam:GetPolicy, iam:GetRolePolicy, iam:GetPolicyVersion: add a level if they are needed.",
    "Note: 5 writes only under conditions (counted as allowed).",
  ]);
});
