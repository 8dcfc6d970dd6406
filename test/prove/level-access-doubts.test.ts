// A level's doubts, each counted and all named; a level policy that names the level's own role.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ScanCache } from "../../src/engine/scan-cache.js";
import { resolveLevelAccess } from "../../src/prove/level-access.js";
import { levelModel } from "./level-model.js";

function why(level: string): string {
  const m = levelModel(level);
  return resolveLevelAccess(m, new ScanCache(), { now: "2026-11-28T00:00:00Z" }).get("lvl")!.why;
}

test("two undecided statements in two inline policies count as two; a missing document and them are all named", () => {
  const odd =
    '{ Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*", Condition: { StringEqualsFancy: { "aws:username": x } } }] }';
  assert.equal(
    why(`  lvl:
    managed: ["arn:aws:iam::111111111111:policy/Custom"]
    inline: { a: ${odd}, b: ${odd} }`),
    "inferred from its policies: they cannot be shown to allow only reads; arn:aws:iam::111111111111:policy/Custom has no document, 2 statements undecided, so never admin; declare access: to hold it to another",
  );
});

test("a level policy is judged as the level's role in the identity account", () => {
  assert.equal(
    why(`  lvl:
    inline:
      p: { Statement: [{ Effect: Allow, Action: "s3:PutObject", Resource: "*", Condition: { StringEquals: { "aws:PrincipalArn": "arn:aws:iam::999999999999:role/sekisho/lvl" } } }] }`),
    "inferred from its policies: they allow 1 action beyond reads (e.g. s3:PutObject); declare access: to hold it to another",
  );
});
