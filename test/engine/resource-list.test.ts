// A switch policy names hundreds of roles (here: queues): the engine indexes a long Resource list by its literal
// ARNs. Its answers must be exactly those of the same patterns judged one by one (a short list).
import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluate } from "../../src/engine/index.js";
import { ACCOUNT, doc, identity, req, roleSession } from "./helpers.js";

const caller = roleSession("landing", "alice@example.com");
const queue = (n: string | number) => `arn:aws:sqs:us-east-1:${ACCOUNT}:env-${n}`;
const LONG = [...Array.from({ length: 12 }, (_, i) => queue(i)), `arn:aws:sqs:us-east-1:${ACCOUNT}:team-*`];

const answer = (patterns: string[], notResource: boolean, resource: string) => {
  const st = notResource
    ? { Effect: "Allow" as const, Action: "sqs:SendMessage", NotResource: patterns }
    : { Effect: "Allow" as const, Action: "sqs:SendMessage", Resource: patterns };
  const d = evaluate(req(caller, "sqs:SendMessage", resource), identity(doc(st)));
  return `${d.verdict}${d.accessCertain ? "" : " (undecided)"}`;
};

/** The same question asked of the long list and of each short piece of it, joined as "any of". */
const byPieces = (resource: string) => {
  const pieces = [LONG.slice(0, 7), LONG.slice(7)].map((p) => answer(p, false, resource));
  return pieces.includes("Allow") ? "Allow" : (pieces.find((p) => p.includes("undecided")) ?? pieces[0]);
};

test("a long Resource list answers as its patterns one by one: exact, other case, wildcard, absent", () => {
  const cases: [string, string][] = [
    [queue(7), "Allow"],
    [queue(11), "Allow"],
    // AWS compares ARNs case-sensitively but never says how "arn", partition and service are read.
    [`ARN:aws:SQS:us-east-1:${ACCOUNT}:env-3`, "ImplicitDeny (undecided)"],
    // The rest of an ARN is case-sensitive: another queue.
    [`arn:aws:sqs:us-east-1:${ACCOUNT}:ENV-3`, "ImplicitDeny"],
    [`arn:aws:sqs:us-east-1:${ACCOUNT}:team-sre`, "Allow"],
    [`arn:aws:sqs:us-east-1:${ACCOUNT}:env-12`, "ImplicitDeny"],
  ];
  for (const [resource, expected] of cases) {
    assert.equal(answer(LONG, false, resource), expected, resource);
    assert.equal(byPieces(resource), expected, `${resource}, in pieces`);
  }
});

test("a long NotResource list: everything but its queues", () => {
  assert.equal(answer(LONG, true, queue(5)), "ImplicitDeny");
  assert.equal(answer(LONG, true, `arn:aws:sqs:us-east-1:${ACCOUNT}:team-x`), "ImplicitDeny");
  assert.equal(answer(LONG, true, `arn:aws:sqs:us-east-1:${ACCOUNT}:admin`), "Allow");
});
