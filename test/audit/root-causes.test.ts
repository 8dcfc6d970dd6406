// Root causes on the shared datasets: the escalations are grouped by the step that opens them,
// each cause once with every principal it affects; finding ids stay one per principal.
import assert from "node:assert/strict";
import { test } from "node:test";
import { audit } from "../../src/audit/audit.js";
import { rootCauses } from "../../src/audit/types.js";
import { auditMarkdown, auditTerminal } from "../../src/emit/audit-report.js";
import { importExports } from "../../src/import/import.js";
import { datasetText } from "../datasets.js";

const NOW = "2026-11-28T00:00:00Z";
const file = (name: string) => ({ path: name, text: datasetText(name) });

test("cloudmapper demo: five escalations, one root cause (bad_role's trust)", () => {
  const r = importExports(
    [file("cloudmapper-demo-authz-details.json")],
    [file("cloudmapper-demo-credential-report.json")],
  );
  const a = audit(r.state, NOW);
  assert.deepEqual(rootCauses(a.findings), [
    {
      cause:
        "the trust of arn:aws:iam::123456789012:role/bad_role lets its callers assume it (sts:AssumeRole)",
      principals: [
        "arn:aws:iam::123456789012:role/exfiller",
        "arn:aws:iam::123456789012:role/level3",
        "arn:aws:iam::123456789012:role/service-role/level1",
        "arn:aws:iam::aws:user/USER",
        "arn:aws:iam::aws:user/USER_WITH_BAD_INLINE_POLICY",
      ],
    },
  ]);
  assert.equal(a.findings.filter((f) => f.rule === "escalation").length, 5, "ids stay one per principal");
  assert.ok(
    auditTerminal(a).includes(
      "Root causes of the escalations (1):\n  the trust of arn:aws:iam::123456789012:role/bad_role lets its callers assume it (sts:AssumeRole): opens the paths of 5 (",
    ),
  );
  assert.match(auditMarkdown(a), /## Root causes/);
});

test("cloudsplaining example: three escalations opened by OverprivilegedEC2's iam:CreateAccessKey on obama", () => {
  const a = audit(importExports([file("cloudsplaining-test-example-authz-details.json")]).state, NOW);
  assert.deepEqual(rootCauses(a.findings), [
    {
      cause:
        "arn:aws:iam::012345678901:role/OverprivilegedEC2 gives itself the user's credentials (iam:CreateAccessKey) → arn:aws:iam::012345678901:user/obama",
      principals: [
        "arn:aws:iam::012345678901:role/MyOtherRole",
        "arn:aws:iam::012345678901:role/MyRole",
        "arn:aws:iam::012345678901:role/OverprivilegedEC2",
      ],
    },
  ]);
});
