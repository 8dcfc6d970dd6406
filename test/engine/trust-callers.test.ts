// Who a trust can let in, read before evaluation: prove skips the callers outside the answer,
// so every case the reading does not cover must give no answer (undefined), never a short list.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mayCall, trustCallers } from "../../src/engine/trust-callers.js";
import type { PolicyDocument, Statement } from "../../src/state/policy.js";

const ID = "111122223333";
const LANDING = `arn:aws:iam::${ID}:role/sekisho/landing-sre`;
const OTHER = `arn:aws:iam::${ID}:role/sekisho/landing-dev`;
const trust = (...Statement: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement });
const rootWithList = (list: string | string[], op = "ArnEquals"): Statement => ({
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${ID}:root` },
  Action: "sts:AssumeRole",
  Condition: { [op]: { "aws:PrincipalArn": list } },
});
const shape = (doc: PolicyDocument) => {
  const c = trustCallers(doc);
  return c && { arns: [...c.arns].sort(), accounts: [...c.accounts].sort() };
};

test("Sekisho's environment trust: the account root with an aws:PrincipalArn list lets in only the listed roles", () => {
  assert.deepEqual(shape(trust(rootWithList(LANDING))), { arns: [LANDING], accounts: [] });
  assert.deepEqual(shape(trust(rootWithList([LANDING, OTHER], "StringEquals"))), {
    arns: [OTHER, LANDING],
    accounts: [],
  });
  const callers = trustCallers(trust(rootWithList(LANDING)));
  assert.equal(mayCall(callers, LANDING, ID), true);
  assert.equal(mayCall(callers, LANDING.toUpperCase(), ID), true, "case never narrows the answer");
  assert.equal(mayCall(callers, OTHER, ID), false);
});

test("named roles and users, whole accounts, and principals that are never an IAM caller", () => {
  assert.deepEqual(
    shape(
      trust(
        { Effect: "Allow", Principal: { AWS: [LANDING, "444455556666"] }, Action: "sts:AssumeRole" },
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        { Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole" },
      ),
    ),
    { arns: [LANDING], accounts: ["444455556666"] },
  );
  const whole = trustCallers(
    trust({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ID}:root` }, Action: "sts:AssumeRole" }),
  );
  assert.equal(mayCall(whole, OTHER, ID), true);
  assert.equal(mayCall(whole, OTHER, "444455556666"), false);
  assert.deepEqual(shape(trust()), { arns: [], accounts: [] });
});

test("no answer where the text alone cannot bound the callers", () => {
  const cases: [string, PolicyDocument][] = [
    ["Principal *", trust({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" })],
    ["AWS *", trust({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" })],
    ["NotPrincipal", trust({ Effect: "Allow", NotPrincipal: { AWS: LANDING }, Action: "sts:AssumeRole" })],
    ["a session ARN", trust({ Effect: "Allow", Principal: { AWS: `arn:aws:sts::${ID}:assumed-role/r/s` } })],
    ["an unknown principal type", trust({ Effect: "Allow", Principal: { Aws: LANDING } as never })],
    [
      "an Effect IAM does not know",
      JSON.parse(`{"Statement":[{"Effect":"allow","Principal":{"AWS":"${LANDING}"}}]}`),
    ],
    [
      "a malformed statement",
      trust({ Effect: "Allow", Principal: { AWS: LANDING }, Action: "sts:Assume Role" }),
    ],
  ];
  for (const [what, doc] of cases) assert.equal(trustCallers(doc), undefined, what);
  assert.equal(mayCall(undefined, OTHER, "444455556666"), true);
});

test("a list under another operator, or with a wildcard or a variable, does not narrow: the account stays whole", () => {
  assert.deepEqual(shape(trust(rootWithList(`arn:aws:iam::${ID}:role/sekisho/*`))), {
    arns: [],
    accounts: [ID],
  });
  assert.deepEqual(shape(trust(rootWithList(`arn:aws:iam::${ID}:role/\${aws:username}`))), {
    arns: [],
    accounts: [ID],
  });
  assert.deepEqual(shape(trust(rootWithList(LANDING, "ArnLike"))), { arns: [], accounts: [ID] });
  assert.deepEqual(shape(trust(rootWithList(LANDING, "ForAnyValue:StringEquals"))), {
    arns: [],
    accounts: [ID],
  });
});
