// Condition operators, from the IAM User Guide pages "IAM JSON policy elements:
// Condition operators", "Conditions with multiple context keys or values", "Single-
// valued vs. multivalued context keys" and the condition key tables in
// reference/aws-iam-facts.md (section 5, MFA).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluate } from "../../src/engine/index.js";
import type { Context, Verdict } from "../../src/engine/types.js";
import type { ConditionBlock } from "../../src/state/policy.js";
import { doc, identity, req, roleSession, user } from "./helpers.js";

const alice = user("alice");

/** Verdict of one Allow (or Deny on top of allow-all) statement with this condition. */
function allow(condition: ConditionBlock, context: Context): Verdict {
  return evaluate(
    req(alice, "s3:GetObject", "arn:aws:s3:::b/k", context),
    identity(doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: condition })),
  ).verdict;
}
function matches(condition: ConditionBlock, context: Context): boolean | "undecided" {
  const d = evaluate(
    req(alice, "s3:GetObject", "arn:aws:s3:::b/k", context),
    identity(doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: condition })),
  );
  return d.accessCertain ? d.verdict === "Allow" : "undecided";
}
function denied(condition: ConditionBlock, context: Context): Verdict {
  return evaluate(
    req(alice, "s3:GetObject", "arn:aws:s3:::b/k", context),
    identity(
      doc(
        { Effect: "Allow", Action: "*", Resource: "*" },
        { Effect: "Deny", Action: "*", Resource: "*", Condition: condition },
      ),
    ),
  ).verdict;
}

describe("string operators", () => {
  test("StringEquals is case-sensitive, IgnoreCase is not", () => {
    const ctx = { "aws:PrincipalTag/job-category": "iamuser-admin" };
    assert.equal(matches({ StringEquals: { "aws:PrincipalTag/job-category": "iamuser-admin" } }, ctx), true);
    assert.equal(matches({ StringEquals: { "aws:PrincipalTag/job-category": "IAMUser-Admin" } }, ctx), false);
    assert.equal(
      matches({ StringEqualsIgnoreCase: { "aws:PrincipalTag/job-category": "IAMUser-Admin" } }, ctx),
      true,
    );
    assert.equal(
      matches({ StringNotEqualsIgnoreCase: { "aws:PrincipalTag/job-category": "IAMUser-Admin" } }, ctx),
      false,
    );
  });

  test("a missing key: false for StringEquals, true for StringNotLike", () => {
    // "If the key that you specify in a policy condition is not present in the request
    // context, the values do not match and the condition is false. If the policy condition
    // requires that the key is not matched, such as StringNotLike or ArnNotLike, and the
    // right key is not present, the condition is true."
    assert.equal(matches({ StringEquals: { "aws:PrincipalTag/job-category": "x" } }, {}), false);
    assert.equal(matches({ StringNotLike: { "aws:PrincipalTag/job-category": "x*" } }, {}), true);
    assert.equal(matches({ StringNotEquals: { "aws:PrincipalTag/job-category": "x" } }, {}), true);
  });

  test("StringLike: * any run, ? one character, whole string", () => {
    const ctx = { "s3:prefix": "home/alice/" };
    assert.equal(matches({ StringLike: { "s3:prefix": "home/*" } }, ctx), true);
    assert.equal(matches({ StringLike: { "s3:prefix": "home/?lice/" } }, ctx), true);
    assert.equal(matches({ StringLike: { "s3:prefix": "home/" } }, ctx), false);
    assert.equal(matches({ StringLike: { "s3:prefix": "Home/*" } }, ctx), false);
    assert.equal(matches({ StringEquals: { "s3:prefix": "home/*" } }, ctx), false);
  });

  test("several values OR; negated operators NOR; keys and operators AND", () => {
    const ctx = { "aws:PrincipalTag/department": "hr", "aws:PrincipalTag/role": "audit" };
    assert.equal(matches({ StringEquals: { "aws:PrincipalTag/department": ["finance", "hr"] } }, ctx), true);
    assert.equal(
      matches({ StringNotEquals: { "aws:PrincipalTag/department": ["finance", "hr"] } }, ctx),
      false,
    );
    assert.equal(
      matches({ StringNotEquals: { "aws:PrincipalTag/department": ["finance", "legal"] } }, ctx),
      true,
    );
    assert.equal(
      matches(
        { StringEquals: { "aws:PrincipalTag/department": "hr", "aws:PrincipalTag/role": "admin" } },
        ctx,
      ),
      false,
    );
    assert.equal(
      matches(
        {
          StringEquals: { "aws:PrincipalTag/department": "hr" },
          StringLike: { "aws:PrincipalTag/role": "aud*" },
        },
        ctx,
      ),
      true,
    );
  });

  test("condition key names are case-insensitive", () => {
    assert.equal(
      matches({ StringEquals: { "AWS:PrincipalTag/Team": "sre" } }, { "aws:principaltag/team": "sre" }),
      true,
    );
    assert.equal(
      matches({ Bool: { "AWS:securetransport": "true" } }, { "aws:SecureTransport": "true" }),
      true,
    );
  });
});

describe("numeric, date, bool, binary", () => {
  test("NumericLessThanEquals s3:max-keys (documented example)", () => {
    assert.equal(matches({ NumericLessThanEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "10" }), true);
    assert.equal(matches({ NumericLessThanEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "11" }), false);
    assert.equal(matches({ NumericLessThan: { "s3:max-keys": "10.5" } }, { "s3:max-keys": "10" }), true);
    assert.equal(matches({ NumericNotEquals: { "s3:max-keys": ["1", "2"] } }, { "s3:max-keys": "3" }), true);
    assert.equal(matches({ NumericEquals: { "s3:max-keys": "ten" } }, { "s3:max-keys": "10" }), "undecided");
  });

  test("Date operators take ISO 8601 or epoch seconds", () => {
    const ctx = { "aws:TokenIssueTime": "2020-03-01T12:00:00Z" };
    assert.equal(matches({ DateGreaterThan: { "aws:TokenIssueTime": "2020-01-01T00:00:01Z" } }, ctx), true);
    assert.equal(matches({ DateGreaterThan: { "aws:TokenIssueTime": "2020-06-01" } }, ctx), false);
    assert.equal(matches({ DateLessThan: { "aws:TokenIssueTime": "1583064000" } }, ctx), false); // = 2020-03-01T12:00Z
    assert.equal(matches({ DateLessThan: { "aws:TokenIssueTime": "1583064001" } }, ctx), true);
    assert.equal(matches({ DateEquals: { "aws:TokenIssueTime": "2020-03-01T13:00:00+01:00" } }, ctx), true);
    // The key exists only for temporary credentials: IAM users with access keys fail.
    assert.equal(matches({ DateGreaterThan: { "aws:TokenIssueTime": "2020-01-01T00:00:01Z" } }, {}), false);
    assert.equal(
      matches(
        { DateEquals: { "aws:CurrentTime": "next tuesday" } },
        { "aws:CurrentTime": "2020-01-01T00:00:00Z" },
      ),
      "undecided",
    );
  });

  test("MFA table (aws-iam-facts.md section 5)", () => {
    const longTerm = {};
    const noMfa = { "aws:MultiFactorAuthPresent": "false" };
    const withMfa = { "aws:MultiFactorAuthPresent": "true" };
    const boolTrue = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
    const boolIfTrue = { BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } };
    assert.deepEqual(
      [allow(boolTrue, longTerm), allow(boolTrue, noMfa), allow(boolTrue, withMfa)],
      ["ImplicitDeny", "ImplicitDeny", "Allow"],
    );
    assert.deepEqual(
      [allow(boolIfTrue, longTerm), allow(boolIfTrue, noMfa), allow(boolIfTrue, withMfa)],
      ["Allow", "ImplicitDeny", "Allow"],
    );
    const denyBoolFalse = { Bool: { "aws:MultiFactorAuthPresent": "false" } };
    const denyIfFalse = { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } };
    assert.deepEqual(
      [denied(denyBoolFalse, longTerm), denied(denyBoolFalse, noMfa), denied(denyBoolFalse, withMfa)],
      ["Allow", "ExplicitDeny", "Allow"],
    );
    assert.deepEqual(
      [denied(denyIfFalse, longTerm), denied(denyIfFalse, noMfa), denied(denyIfFalse, withMfa)],
      ["ExplicitDeny", "ExplicitDeny", "Allow"],
    );
  });

  test("Bool accepts JSON booleans and any case", () => {
    assert.equal(
      matches({ Bool: { "aws:SecureTransport": true as never } }, { "aws:SecureTransport": "TRUE" }),
      true,
    );
    assert.equal(
      matches({ Bool: { "aws:SecureTransport": "yes" } }, { "aws:SecureTransport": "true" }),
      "undecided",
    );
  });

  test("BinaryEquals compares the bytes of base-64 values", () => {
    const b = "QmluYXJ5VmFsdWVJbkJhc2U2NA==";
    assert.equal(matches({ BinaryEquals: { "custom:key": b } }, { "custom:key": b }), true);
    assert.equal(matches({ BinaryEquals: { "custom:key": b } }, { "custom:key": "QmluYXJ5" }), false);
    assert.equal(
      matches({ BinaryEquals: { "custom:key": "not base64!" } }, { "custom:key": b }),
      "undecided",
    );
  });
});

describe("IP addresses", () => {
  test("IPv4 and IPv6 CIDR ranges (documented examples)", () => {
    const cond = { IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"] } };
    assert.equal(matches(cond, { "aws:SourceIp": "203.0.113.42" }), true);
    assert.equal(matches(cond, { "aws:SourceIp": "203.0.114.1" }), false);
    assert.equal(matches(cond, { "aws:SourceIp": "2001:db8:1234:5678:abcd::1" }), true);
    assert.equal(matches(cond, { "aws:SourceIp": "2001:db8:1234:5679::1" }), false);
  });

  test("a bare address is /32 (or /128); /0 is everything of its family", () => {
    assert.equal(
      matches({ IpAddress: { "aws:SourceIp": "203.0.113.5" } }, { "aws:SourceIp": "203.0.113.5" }),
      true,
    );
    assert.equal(
      matches({ IpAddress: { "aws:SourceIp": "203.0.113.5" } }, { "aws:SourceIp": "203.0.113.6" }),
      false,
    );
    assert.equal(
      matches({ IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }, { "aws:SourceIp": "10.1.2.3" }),
      true,
    );
    assert.equal(matches({ IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }, { "aws:SourceIp": "::1" }), false);
  });

  test("NotIpAddress: all addresses except the range; absent key (VPC endpoint) is true", () => {
    assert.equal(
      matches({ NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, { "aws:SourceIp": "198.51.100.1" }),
      true,
    );
    assert.equal(
      matches({ NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, { "aws:SourceIp": "203.0.113.9" }),
      false,
    );
    assert.equal(
      matches({ NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, { "aws:SourceIp": "2001:db8::1" }),
      true,
    );
    assert.equal(matches({ NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, {}), true);
    assert.equal(
      matches({ IpAddress: { "aws:SourceIp": "203.0.113.0/33" } }, { "aws:SourceIp": "203.0.113.9" }),
      "undecided",
    );
  });
});

describe("ARN operators", () => {
  test("ArnLike matches component by component; StringLike does not (documented example)", () => {
    const ctx = {
      "aws:SourceArn":
        "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt",
    };
    const pattern = "arn:aws:someservice:*:111122223333:finance/*";
    assert.equal(matches({ StringLike: { "aws:SourceArn": pattern } }, ctx), true);
    assert.equal(matches({ ArnLike: { "aws:SourceArn": pattern } }, ctx), false);
    assert.equal(matches({ ArnEquals: { "aws:SourceArn": pattern } }, ctx), false);
    assert.equal(matches({ ArnNotLike: { "aws:SourceArn": pattern } }, ctx), true);
  });

  test("ArnEquals and ArnLike behave identically and are case-sensitive", () => {
    const ctx = { "aws:SourceArn": "arn:aws:sns:eu-west-1:123456789012:Topic" };
    assert.equal(matches({ ArnEquals: { "aws:SourceArn": "arn:aws:sns:*:123456789012:Top?c" } }, ctx), true);
    assert.equal(matches({ ArnLike: { "aws:SourceArn": "arn:aws:sns:*:123456789012:topic" } }, ctx), false);
    assert.equal(matches({ ArnLike: { "aws:SourceArn": "*" } }, ctx), "undecided");
  });
});

describe("...IfExists and Null", () => {
  test("StringLikeIfExists: the ec2:InstanceType example", () => {
    const cond = { StringLikeIfExists: { "ec2:InstanceType": ["t1.*", "t2.*", "m3.*"] } };
    assert.equal(matches(cond, {}), true);
    assert.equal(matches(cond, { "ec2:InstanceType": "t2.micro" }), true);
    assert.equal(matches(cond, { "ec2:InstanceType": "p4d.24xlarge" }), false);
    assert.equal(matches({ StringLike: { "ec2:InstanceType": "t2.*" } }, {}), false);
  });

  test("Deny with StringNotEqualsIfExists still denies when the key is missing", () => {
    assert.equal(denied({ StringNotEqualsIfExists: { "aws:ResourceTag/env": "dev" } }, {}), "ExplicitDeny");
    assert.equal(
      denied({ StringNotEqualsIfExists: { "aws:ResourceTag/env": "dev" } }, { "aws:ResourceTag/env": "dev" }),
      "Allow",
    );
  });

  test("Null: true means the key is absent, false that it is present", () => {
    assert.equal(matches({ Null: { "aws:TokenIssueTime": "true" } }, {}), true);
    assert.equal(
      matches({ Null: { "aws:TokenIssueTime": "true" } }, { "aws:TokenIssueTime": "2020-01-01T00:00:00Z" }),
      false,
    );
    assert.equal(
      matches({ Null: { "aws:TokenIssueTime": "false" } }, { "aws:TokenIssueTime": "2020-01-01T00:00:00Z" }),
      true,
    );
    assert.equal(matches({ Null: { "aws:TagKeys": "false" } }, { "aws:TagKeys": ["env"] }), true);
    assert.equal(matches({ NullIfExists: { "aws:TokenIssueTime": "true" } }, {}), "undecided");
  });

  test("Null on a key given as an empty list is undecided (AWS documents absent or present only)", () => {
    assert.equal(matches({ Null: { "aws:TagKeys": "false" } }, { "aws:TagKeys": [] }), "undecided");
    assert.equal(matches({ Null: { "aws:TagKeys": "true" } }, { "aws:TagKeys": [] }), "undecided");
    assert.equal(matches({ Null: { "aws:TagKeys": "true" } }, {}), true);
  });
});

describe("set operators on multivalued keys", () => {
  const tags = (keys: string[] | undefined): Context => (keys ? { "aws:TagKeys": keys } : {});
  test("ForAllValues: every request value must match a policy value; true when the key is absent", () => {
    const cond = { "ForAllValues:StringEquals": { "aws:TagKeys": ["environment", "cost-center"] } };
    assert.equal(matches(cond, tags(["environment"])), true);
    assert.equal(matches(cond, tags(["environment", "cost-center"])), true);
    assert.equal(matches(cond, tags(["environment", "owner"])), false);
    // "The ForAllValues set operator also returns true if there are no context keys in the request."
    assert.equal(matches(cond, tags(undefined)), true);
    assert.equal(matches(cond, tags([])), true);
  });

  test("ForAnyValue: at least one request value must match; false when absent", () => {
    const cond = { "ForAnyValue:StringEquals": { "aws:TagKeys": ["environment", "cost-center"] } };
    assert.equal(matches(cond, tags(["owner", "environment"])), true);
    assert.equal(matches(cond, tags(["owner"])), false);
    assert.equal(matches(cond, tags(undefined)), false);
    assert.equal(
      matches({ "ForAnyValue:StringEqualsIfExists": { "aws:TagKeys": "team" } }, tags(undefined)),
      false,
    );
  });

  test("negated set operators (the DenyRestrictedTags example)", () => {
    const cond = { "ForAllValues:StringNotLike": { "aws:TagKeys": "key1*" } };
    assert.equal(denied(cond, tags(["key1legal"])), "Allow");
    assert.equal(denied(cond, tags(["key1hr", "key1personnel"])), "Allow");
    assert.equal(denied(cond, tags(["key2audit"])), "ExplicitDeny");
    assert.equal(denied(cond, tags(undefined)), "ExplicitDeny");
    const any = { "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["a", "b"] } };
    assert.equal(matches(any, tags(["a", "c"])), true);
    assert.equal(matches(any, tags(["a", "b"])), false);
  });

  test("a multivalued key without a set operator is undecided", () => {
    assert.equal(matches({ StringEquals: { "aws:TagKeys": "a" } }, tags(["a", "b"])), "undecided");
    // "Multivalued context keys require a condition set operator": a list of one value too.
    assert.equal(matches({ StringEquals: { "aws:TagKeys": "a" } }, tags(["a"])), "undecided");
    assert.equal(matches({ StringNotEquals: { "aws:TagKeys": "b" } }, tags(["a"])), "undecided");
    // aws:TagKeys is documented as multivalued even when a context gives it as one string.
    assert.equal(matches({ StringEquals: { "aws:TagKeys": "a" } }, { "aws:TagKeys": "a" }), "undecided");
    // A single-valued key with a set operator stays decided.
    assert.equal(
      matches({ StringEquals: { "aws:PrincipalTag/team": "a" } }, { "aws:PrincipalTag/team": "a" }),
      true,
    );
  });
});

describe("unknown operators", () => {
  for (const op of [
    "StringEqualsAnyCase",
    "stringequals",
    "ForEachValue:StringEquals",
    "NumericEqualsIfExist",
    "ForAllValues:Null",
  ]) {
    test(`${op} is undecided, never false`, () => {
      assert.equal(
        matches({ [op]: { "aws:PrincipalTag/team": "sre" } }, { "aws:PrincipalTag/team": "sre" }),
        "undecided",
      );
    });
  }
  test("an undecided condition in a statement the action does not reach is irrelevant", () => {
    const d = evaluate(
      req(roleSession("r", "s"), "s3:GetObject", "arn:aws:s3:::b/k"),
      identity(
        doc(
          { Effect: "Allow", Action: "s3:*", Resource: "*" },
          { Effect: "Deny", Action: "ec2:*", Resource: "*", Condition: { Bogus: { k: "v" } } },
        ),
      ),
    );
    assert.deepEqual([d.verdict, d.uncertain], ["Allow", []]);
  });
});

describe("keys the request carries with a value the caller does not know", () => {
  const unknownSourceIp = (condition: ConditionBlock, context: Context) =>
    evaluate(
      { ...req(alice, "s3:GetObject", "arn:aws:s3:::b/k", context), unknownKeys: ["aws:SourceIp"] },
      identity(doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: condition })),
    );

  test("a condition on one is undecided, with the key named, not judged as on an absent key", () => {
    const conditions: ConditionBlock[] = [
      { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
      { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
      { IpAddressIfExists: { "aws:SourceIp": "203.0.113.0/24" } },
      { Null: { "aws:SourceIp": "true" } },
    ];
    for (const condition of conditions) {
      const d = unknownSourceIp(condition, {});
      assert.equal(d.accessCertain, false, JSON.stringify(condition));
      assert.equal(d.verdict, "ImplicitDeny");
      assert.deepEqual(
        d.uncertain.map((u) => u.reason),
        ["aws:sourceip is in every real request and its value is not known here"],
      );
    }
  });

  test("a value given in the context is known; other keys are still absent", () => {
    const d = unknownSourceIp(
      { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
      { "aws:SourceIp": "203.0.113.9" },
    );
    assert.equal(d.verdict, "Allow");
    assert.equal(d.accessCertain, true);
    assert.equal(unknownSourceIp({ Null: { "aws:SourceVpc": "true" } }, {}).verdict, "Allow");
  });
});
