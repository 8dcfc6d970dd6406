// The engine normalises a frozen request context once (prove evaluates one session against
// thousands of roles); a context that can still change must be read anew every time.
import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluate } from "../../src/engine/index.js";
import type { Context } from "../../src/engine/types.js";
import { doc, identity, req, roleSession } from "./helpers.js";

const policies = identity(
  doc({
    Effect: "Allow",
    Action: "s3:GetObject",
    Resource: "*",
    Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
  }),
);
const verdict = (context: Context, principal = roleSession("r", "s")) =>
  evaluate(req(principal, "s3:GetObject", "arn:aws:s3:::b/k", context), policies).verdict;

test("a context changed between two requests is read anew", () => {
  const context: Record<string, string> = { "aws:MultiFactorAuthPresent": "true" };
  assert.equal(verdict(context), "Allow");
  context["aws:MultiFactorAuthPresent"] = "false";
  assert.equal(verdict(context), "ImplicitDeny");
});

test("a frozen context gives the same answers as a fresh one, for each principal", () => {
  const principal = Object.freeze(roleSession("r", "s"));
  const yes = Object.freeze({ "aws:MultiFactorAuthPresent": "true" });
  const no = Object.freeze({ "aws:MultiFactorAuthPresent": "false" });
  for (let i = 0; i < 2; i++) {
    assert.equal(verdict(yes, principal), "Allow");
    assert.equal(verdict(no, principal), "ImplicitDeny");
  }
  // Keys derived from the principal (aws:username for a user) follow the principal, not the context.
  const byName = identity(
    doc({
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "*",
      Condition: { StringEquals: { "aws:username": "alice" } },
    }),
  );
  const user = (name: string) =>
    Object.freeze({ arn: `arn:aws:iam::111122223333:user/${name}`, account: "111122223333" });
  const ask = (name: string) =>
    evaluate(req(user(name), "s3:GetObject", "arn:aws:s3:::b/k", yes), byName).verdict;
  assert.equal(ask("alice"), "Allow");
  assert.equal(ask("bob"), "ImplicitDeny");
});
