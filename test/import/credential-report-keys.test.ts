// A credential report where key 1 is inactive and key 2 active: the user has one active key,
// wherever the report is read (importer, audit's headline and findings, the root-keys rule).
import assert from "node:assert/strict";
import { test } from "node:test";
import { audit } from "../../src/audit/audit.js";
import { activeKeys, importCredentialReport } from "../../src/import/credential-report.js";
import { emptyAuthorizationDetails, type OrgState } from "../../src/state/org-state.js";

const HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
const A = "123456789012";
const row = (user: string, arn: string, key1: string, key2: string) =>
  `${user},${arn},2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,${key1},${key2},false,N/A,false,N/A`;
// key N: active, last rotated, last used date, region, service
const OFF = "false,N/A,N/A,N/A,N/A";
const OLD_USED = "true,2020-01-01T00:00:00+00:00,2026-11-20T00:00:00+00:00,us-east-1,s3";
const CSV = [
  HEADER,
  row("<root_account>", `arn:aws:iam::${A}:root`, OFF, OLD_USED).replace(
    ",false,N/A,N/A,N/A,false,",
    ",not_supported,N/A,N/A,N/A,false,",
  ),
  row("second", `arn:aws:iam::${A}:user/second`, OFF, OLD_USED),
  row("first", `arn:aws:iam::${A}:user/first`, OLD_USED, OFF),
  row("none", `arn:aws:iam::${A}:user/none`, OFF, OFF),
].join("\n");

test("key 1 inactive and key 2 active counts as one active key", () => {
  const r = importCredentialReport("report.csv", CSV);
  assert.deepEqual(r.diagnostics, []);
  const rows = r.rows!;
  assert.deepEqual(
    rows.map((x) => [x.user, x.access_key_1_active, x.access_key_2_active, activeKeys(x)]),
    [
      ["<root_account>", false, true, 1],
      ["second", false, true, 1],
      ["first", true, false, 1],
      ["none", false, false, 0],
    ],
  );
});

test("audit: a user whose only active key is key 2 has active keys; key 2 is judged, key 1 is not; root's key 2 is found", () => {
  const rows = importCredentialReport("report.csv", CSV).rows!;
  const details = emptyAuthorizationDetails();
  details.UserDetailList = ["second", "first", "none"].map((n, i) => ({
    Path: "/",
    UserName: n,
    UserId: `AIDA${i}EXAMPLE`,
    Arn: `arn:aws:iam::${A}:user/${n}`,
    CreateDate: "2020-01-01T00:00:00Z",
    GroupList: [],
    AttachedManagedPolicies: [],
  }));
  const state: OrgState = {
    accounts: [{ accountId: A, authorizationDetails: details, samlProviders: [], credentialReport: rows }],
  };
  const a = audit(state, "2026-11-28T00:00:00Z");
  assert.equal(a.headline.users.withActiveKeys, 2);
  const ids = a.findings.map((f) => f.id).filter((id) => /key/.test(id));
  assert.deepEqual(ids.sort(), [
    `credentials/root-keys/arn:aws:iam::${A}:root`,
    `old-key/arn:aws:iam::${A}:user/first/1`,
    `old-key/arn:aws:iam::${A}:user/second/2`,
  ]);
});
