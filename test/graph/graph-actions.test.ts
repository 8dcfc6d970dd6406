// The escalation graph scans each principal for just the actions it asks about (the methods'
// and a few by name), not the whole catalog: for those actions the answer must be exactly the
// whole scan's, on real exports and on the example's compiled accounts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { ScanCache } from "../../src/engine/scan-cache.js";
import { graphActions, sessionRequest } from "../../src/graph/graph.js";
import { withAwsManagedDocuments } from "../../src/import/aws-managed.js";
import { importExports } from "../../src/import/import.js";
import { identityPolicies, indexState } from "../../src/sessions/principals.js";
import type { OrgState } from "../../src/state/org-state.js";
import { datasetText } from "../datasets.js";
import { exampleModel } from "../helpers.js";

const NOW = "2026-11-28T00:00:00Z";

function compareOn(state: OrgState): number {
  const index = indexState(withAwsManagedDocuments(state).state);
  const only = graphActions();
  const names = new Set(only.map((a) => a.id.toLowerCase()));
  const compared = new ScanCache();
  const whole = new ScanCache();
  let checked = 0;
  for (const p of index.principals) {
    const { principal, context } = sessionRequest(p, { clock: { now: NOW } });
    const full = whole
      .scan(identityPolicies(p), principal, context)
      .allowed.filter((h) => names.has(h.action.toLowerCase()))
      .map((h) => `${h.action} ${h.certain}`);
    const part = compared
      .scan(identityPolicies(p), principal, context, only)
      .allowed.map((h) => `${h.action} ${h.certain}`);
    assert.deepEqual(part.sort(), full.sort(), p.arn);
    checked++;
  }
  return checked;
}

test("the graph's actions: the same allowed answers as a whole-catalog scan, principal by principal", () => {
  assert.equal(graphActions().length, 80);
  assert.ok(graphActions().some((a) => a.id.toLowerCase() === "iam:passrole"));
  let checked = 0;
  for (const name of [
    "cloudsplaining-test-example-authz-details.json",
    "cloudmapper-demo-authz-details.json",
    "aws-cli-example-authz-details.json",
  ])
    checked += compareOn(importExports([{ path: name, text: datasetText(name) }]).state);
  checked += compareOn(compile(exampleModel()));
  assert.ok(checked >= 30, `only ${checked} principals`);
});
