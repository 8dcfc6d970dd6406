// The canonical form of policy documents: what may differ without being drift, and what may not.
import assert from "node:assert/strict";
import { test } from "node:test";
import { normalisePolicy, samePolicy, statementDifference } from "../../src/state/normalise-policy.js";
import type { PolicyDocument } from "../../src/state/policy.js";

const doc = (value: unknown) => value as PolicyDocument;

test("canonical form: lists, case, Sid and Id, a statement object, account ids, condition values", () => {
  assert.deepEqual(
    normalisePolicy(
      doc({
        Id: "x",
        Statement: {
          Sid: "One",
          Effect: "Allow",
          Principal: {
            Service: "ec2.amazonaws.com",
            AWS: ["arn:aws:iam::111111111111:role/b", "222222222222"],
          },
          Action: ["STS:AssumeRole", "sts:assumerole", "sts:TagSession"],
          Resource: "arn:aws:iam::111111111111:role/X",
          Condition: {
            StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" },
            NumericLessThan: { "aws:MultiFactorAuthAge": 3600 },
            Bool: { "aws:SecureTransport": [true, "true"] },
          },
          Custom: { b: 1, a: 2 },
        },
      }),
    ),
    {
      Version: "2008-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: {
            AWS: ["arn:aws:iam::111111111111:role/b", "arn:aws:iam::222222222222:root"],
            Service: ["ec2.amazonaws.com"],
          },
          Action: ["sts:assumerole", "sts:tagsession"],
          Resource: ["arn:aws:iam::111111111111:role/X"],
          Condition: {
            Bool: { "aws:securetransport": ["true"] },
            NumericLessThan: { "aws:multifactorauthage": ["3600"] },
            StringEquals: { "saml:aud": ["https://signin.aws.amazon.com/saml"] },
          },
          Custom: { a: 2, b: 1 },
        },
      ],
    },
  );
  assert.equal(normalisePolicy(undefined), null);
  assert.deepEqual(normalisePolicy(doc({ Version: "2012-10-17", Statement: [] })), {
    Version: "2012-10-17",
    Statement: [],
  });
});

test("statement order and duplicates do not matter; a wildcard principal stays what it is", () => {
  const a = { Effect: "Allow", Action: "s3:GetObject", Resource: "*" };
  const b = { Effect: "Deny", NotAction: ["iam:*"], Resource: "*", Principal: "*" };
  const x = normalisePolicy(doc({ Version: "2012-10-17", Statement: [a, b, a] }));
  const y = normalisePolicy(doc({ Version: "2012-10-17", Statement: [b, { ...a, Sid: "Other" }] }));
  assert.ok(samePolicy(x, y));
  assert.deepEqual(x?.Statement, [
    { Effect: "Allow", Action: ["s3:getobject"], Resource: ["*"] },
    { Effect: "Deny", Principal: "*", NotAction: ["iam:*"], Resource: ["*"] },
  ]);
});

test("what changes access is a difference: resource case, operator, effect, NotAction, version", () => {
  const base = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };
  const same = (s: object, version = "2012-10-17") =>
    samePolicy(
      normalisePolicy(doc({ Version: "2012-10-17", Statement: [base] })),
      normalisePolicy(doc({ Version: version, Statement: [s] })),
    );
  assert.equal(same(base), true);
  assert.equal(same({ ...base, Resource: "arn:aws:s3:::B/*" }), false);
  assert.equal(same({ ...base, Effect: "Deny" }), false);
  assert.equal(same({ Effect: "Allow", NotAction: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }), false);
  assert.equal(same(base, "2008-10-17"), false);
  const cond = (op: string) =>
    normalisePolicy(
      doc({ Statement: [{ ...base, Condition: { [op]: { "aws:MultiFactorAuthPresent": "true" } } }] }),
    );
  assert.equal(samePolicy(cond("Bool"), cond("BoolIfExists")), false);
  assert.equal(samePolicy(cond("Bool"), cond("bool")), false);
});

test("two condition keys equal but for case stay two conditions", () => {
  const p = normalisePolicy(
    doc({
      Statement: [
        {
          Effect: "Allow",
          Action: "*",
          Resource: "*",
          Condition: { StringEquals: { "aws:a": "1", "AWS:A": "2" } },
        },
      ],
    }),
  );
  assert.deepEqual(p?.Statement[0], {
    Effect: "Allow",
    Action: ["*"],
    Resource: ["*"],
    Condition: { StringEquals: { "AWS:A": ["2"], "aws:a": ["1"] } },
  });
});

test("statementDifference lists the statements on each side, one canonical line each", () => {
  const designed = normalisePolicy(
    doc({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "a:B", Resource: "*" }] }),
  );
  const deployed = normalisePolicy(
    doc({
      Version: "2008-10-17",
      Statement: [
        { Effect: "Allow", Action: "a:b", Resource: "*" },
        { Effect: "Allow", Action: "c:d", Resource: "*" },
      ],
    }),
  );
  assert.deepEqual(statementDifference(designed, deployed), {
    designedOnly: ["Version 2012-10-17"],
    deployedOnly: ["Version 2008-10-17", '{"Effect":"Allow","Action":["c:d"],"Resource":["*"]}'],
  });
  assert.deepEqual(statementDifference(null, deployed).designedOnly, []);
  assert.equal(statementDifference(null, deployed).deployedOnly.length, 2);
});
