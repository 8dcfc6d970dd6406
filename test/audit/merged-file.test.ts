// A file that merges several accounts' exports (as people concatenate them) is audited split by
// account, with a warning; each account's findings are exactly those of its own export. A merged
// file with an ARN naming no account cannot be split: an error naming it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { audit } from "../../src/audit/audit.js";
import { importExports } from "../../src/import/import.js";
import { datasetText } from "../datasets.js";

const NOW = "2026-11-28T00:00:00Z";
const one = datasetText("cloudsplaining-test-example-authz-details.json");
// The same account exported again under another id: a second account of the organisation.
const other = one.replaceAll("012345678901", "999988887777");

function merged(a: string, b: string): string {
  const x = JSON.parse(a) as Record<string, unknown[]>;
  const y = JSON.parse(b) as Record<string, unknown[]>;
  const lists = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"] as const;
  return JSON.stringify(Object.fromEntries(lists.map((k) => [k, [...(x[k] ?? []), ...(y[k] ?? [])]])));
}

test("a merged file is split by account, with a warning, and audited as the separate exports are", () => {
  const r = importExports([{ path: "all.json", text: merged(one, other) }]);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.severity, d.code, d.file, d.message]),
    [
      [
        "warning",
        "mixed-accounts",
        "all.json",
        "the file merges the exports of 2 accounts (012345678901, 999988887777): each is audited apart",
      ],
    ],
  );
  assert.deepEqual(
    r.state.accounts.map((a) => [
      a.accountId,
      a.authorizationDetails.UserDetailList.length,
      a.authorizationDetails.RoleDetailList.length,
    ]),
    [
      ["012345678901", 3, 3],
      ["999988887777", 3, 3],
    ],
  );
  const apart = importExports([
    { path: "a.json", text: one },
    { path: "b.json", text: other },
  ]);
  const ids = (s: typeof r.state) => audit(s, NOW).findings.map((f) => f.id);
  assert.deepEqual(ids(r.state), ids(apart.state));
  assert.deepEqual(r.files.get("999988887777"), ["all.json"]);
});

test("a merged file with an ARN naming no account is refused, naming it", () => {
  const odd = JSON.parse(other) as { UserDetailList: { Arn: string }[] };
  odd.UserDetailList[0]!.Arn = "arn:aws:iam::aws:user/USER";
  const r = importExports([{ path: "all.json", text: merged(one, JSON.stringify(odd)) }]);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.severity, d.code, d.message]),
    [
      [
        "error",
        "mixed-accounts",
        "the file holds ARNs of several accounts (012345678901, 999988887777) and an ARN naming none (arn:aws:iam::aws:user/USER): cannot tell whose it is",
      ],
    ],
  );
  assert.deepEqual(r.state.accounts, []);
});
