import assert from "node:assert/strict";
import { test } from "node:test";
import { locator } from "../../src/cli/prove-run.js";
import { proofSarif, proofTable } from "../../src/emit/proof.js";
import { prove } from "../../src/prove/prove.js";
import { EXAMPLE, exampleState, exampleText, load } from "../helpers.js";

test("SARIF: each failure is a result pointing at the model line behind it", () => {
  const r = load(exampleText(), EXAMPLE);
  const state = structuredClone(exampleState());
  const landing = state.accounts[0]!.authorizationDetails.RoleDetailList.find(
    (x) => x.RoleName === "landing-sre",
  )!;
  delete landing.AssumeRolePolicyDocument.Statement[0]!.Condition;
  const proof = prove(r.model!, state, "2026-11-28T00:00:00Z");
  const sarif = JSON.parse(proofSarif(proof, EXAMPLE, "0.1.0", locator(r.model!, r.source!)));
  assert.equal(sarif.version, "2.1.0");
  assert.deepEqual(sarif.runs[0].tool.driver.rules, [
    { id: "hygiene/saml-aud", shortDescription: { text: "Hygiene: hygiene/saml-aud" } },
  ]);
  assert.deepEqual(sarif.runs[0].results, [
    {
      ruleId: "hygiene/saml-aud",
      ruleIndex: 0,
      level: "error",
      message: {
        text: "arn:aws:iam::111111111111:role/sekisho/landing-sre: SAML trust statement 0 has no SAML:aud condition",
      },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: EXAMPLE }, region: { startLine: 41, startColumn: 3 } },
          logicalLocations: [{ fullyQualifiedName: "arn:aws:iam::111111111111:role/sekisho/landing-sre" }],
        },
      ],
    },
  ]);
  assert.equal(exampleText().split("\n")[40], "  sre:");
  const table = proofTable(proof);
  assert.match(table, /^Hygiene {20}FAIL {4}18 trust policies/m);
  assert.match(
    table,
    /\n {2}- arn:aws:iam::111111111111:role\/sekisho\/landing-sre: SAML trust statement 0 has no SAML:aud condition\n/,
  );
  assert.match(table, /proof FAILED \(evaluated at 2026-11-28T00:00:00Z\)\n$/);
});
