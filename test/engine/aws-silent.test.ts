// Constructs the AWS text forbids or never describes: the engine must say "undecided" (so
// that every check built on it fails closed), never a confident Allow or Deny. Each test
// also pins the documented neighbour that must stay decided, so a rule that simply
// refused everything would fail too.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluate } from "../../src/engine/index.js";
import type { Context, Principal } from "../../src/engine/types.js";
import type { ConditionBlock, Statement } from "../../src/state/policy.js";
import { ACCOUNT, allowAll, doc, identity, req, roleSession, user } from "./helpers.js";

const alice = user("alice");
const session = roleSession("dev", "alice");

type Outcome = "Allow" | "ImplicitDeny" | "ExplicitDeny" | "undecided";

function outcome(d: ReturnType<typeof evaluate>): Outcome {
  return d.accessCertain ? d.verdict : "undecided";
}

function onResource(
  resource: string | string[],
  target: string,
  who: Principal = alice,
  context: Context = {},
) {
  return outcome(
    evaluate(
      req(who, "s3:GetObject", target, context),
      identity(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: resource })),
    ),
  );
}

/** Allow s3:GetObject under the condition; and the same condition on a Deny over allow-all. */
function underCondition(
  condition: ConditionBlock,
  context: Context,
  who: Principal = alice,
): [Outcome, Outcome] {
  const r = req(who, "s3:GetObject", "arn:aws:s3:::b/k", context);
  const allow = evaluate(
    r,
    identity(doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: condition })),
  );
  const deny: Statement = { Effect: "Deny", Action: "*", Resource: "*", Condition: condition };
  return [outcome(allow), outcome(evaluate(r, identity(allowAll, doc(deny))))];
}

describe("policy variables before the fifth colon of a Resource ARN", () => {
  // Variables and tags page: "You can't use a variable to replace parts of the ARN before
  // the fifth colon, such as the service or account."
  test("in the account, region or service field: undecided, in Resource and NotResource", () => {
    const own = `arn:aws:s3:::b/k`;
    assert.equal(onResource("arn:aws:s3:::${aws:username}/*", "arn:aws:s3:::alice/x"), "Allow");
    for (const pattern of [
      "arn:aws:iam::${aws:PrincipalAccount}:role/app",
      "arn:aws:sqs:${aws:RequestedRegion}:111122223333:jobs",
      "arn:aws:${aws:PrincipalTag/svc}:::b/k",
    ]) {
      const target = pattern.includes("iam")
        ? `arn:aws:iam::${ACCOUNT}:role/app`
        : pattern.includes("sqs")
          ? `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`
          : own;
      const ctx = { "aws:RequestedRegion": "eu-west-1", "aws:PrincipalTag/svc": "s3" };
      assert.equal(onResource(pattern, target, alice, ctx), "undecided", pattern);
      const notResource = evaluate(
        req(alice, "s3:GetObject", target, ctx),
        identity(allowAll, doc({ Effect: "Deny", Action: "*", NotResource: pattern })),
      );
      assert.equal(outcome(notResource), "undecided", `NotResource ${pattern}`);
    }
  });

  test("a variable after the fifth colon, and ${*} literals anywhere, stay decided", () => {
    assert.equal(
      onResource(`arn:aws:iam::${ACCOUNT}:user/\${aws:username}`, `arn:aws:iam::${ACCOUNT}:user/alice`),
      "Allow",
    );
    assert.equal(onResource("arn:aws:s3:::b${*}", "arn:aws:s3:::b*"), "Allow");
  });
});

describe("multivalued context keys as policy variables", () => {
  // Variables and tags page: "you cannot use a multivalued context key as a policy variable."
  test("never resolves, even with one value, a default, or absent", () => {
    const tagged = "arn:aws:s3:::b/${aws:TagKeys}";
    assert.equal(onResource(tagged, "arn:aws:s3:::b/env", alice, { "aws:TagKeys": ["env"] }), "undecided");
    assert.equal(onResource(tagged, "arn:aws:s3:::b/env", alice, { "aws:TagKeys": "env" }), "undecided");
    assert.equal(onResource("arn:aws:s3:::b/${aws:TagKeys, 'x'}", "arn:aws:s3:::b/x"), "undecided");
    // Any key the context gives as a list is multivalued.
    const listed = "arn:aws:s3:::b/${aws:PrincipalTag/team}";
    assert.equal(
      onResource(listed, "arn:aws:s3:::b/sre", session, { "aws:PrincipalTag/team": ["sre"] }),
      "undecided",
    );
    assert.equal(
      onResource(listed, "arn:aws:s3:::b/sre", session, { "aws:PrincipalTag/team": "sre" }),
      "Allow",
    );
  });
});

describe("default values of policy variables", () => {
  // Variables and tags page: the default follows the key after "a comma and space", in
  // single quotes; nothing is said of other spacing, empty defaults or empty values.
  const withDefault = (text: string) => `arn:aws:s3:::b/${text}/*`;
  test("the documented form falls back to the default", () => {
    assert.equal(
      onResource(withDefault("${aws:PrincipalTag/team, 'none'}"), "arn:aws:s3:::b/none/x", session),
      "Allow",
    );
  });
  test("${key,'default'} without the space is undecided", () => {
    assert.equal(
      onResource(withDefault("${aws:PrincipalTag/team,'none'}"), "arn:aws:s3:::b/none/x", session),
      "undecided",
    );
    assert.equal(
      onResource(withDefault("${ aws:PrincipalTag/team }"), "arn:aws:s3:::b/sre/x", session, {
        "aws:PrincipalTag/team": "sre",
      }),
      "undecided",
    );
  });
  test("an empty default is undecided when it would be used", () => {
    assert.equal(
      onResource(withDefault("${aws:PrincipalTag/team, ''}"), "arn:aws:s3:::b//x", session),
      "undecided",
    );
    assert.equal(
      onResource(withDefault("${aws:PrincipalTag/team, ''}"), "arn:aws:s3:::b/sre/x", session, {
        "aws:PrincipalTag/team": "sre",
      }),
      "Allow",
    );
  });
  test("an empty value with a default is undecided", () => {
    const ctx = { "aws:PrincipalTag/team": "" };
    assert.equal(
      onResource(withDefault("${aws:PrincipalTag/team, 'none'}"), "arn:aws:s3:::b/none/x", session, ctx),
      "undecided",
    );
    assert.equal(
      onResource(withDefault("${aws:PrincipalTag/team, 'none'}"), "arn:aws:s3:::b//x", session, ctx),
      "undecided",
    );
    // Without a default, an empty value is substituted as it is.
    assert.equal(
      onResource(withDefault("${aws:PrincipalTag/team}"), "arn:aws:s3:::b//x", session, ctx),
      "Allow",
    );
  });
  test("the same rules hold in string conditions", () => {
    const cond = { StringEquals: { "s3:prefix": "${aws:PrincipalTag/team,'none'}" } };
    assert.deepEqual(underCondition(cond, { "s3:prefix": "none" }, session), ["undecided", "undecided"]);
    const ok = { StringEquals: { "s3:prefix": "${aws:PrincipalTag/team, 'none'}" } };
    assert.deepEqual(underCondition(ok, { "s3:prefix": "none" }, session), ["Allow", "ExplicitDeny"]);
  });
});

describe("plain operators on multivalued keys", () => {
  // Single-valued vs. multivalued context keys: "Multivalued context keys require a
  // condition set operator"; without one AWS documents no result.
  test("one value is no exception", () => {
    assert.deepEqual(underCondition({ StringEquals: { "aws:TagKeys": "env" } }, { "aws:TagKeys": ["env"] }), [
      "undecided",
      "undecided",
    ]);
    assert.deepEqual(
      underCondition(
        { StringNotEquals: { "aws:CalledVia": "athena.amazonaws.com" } },
        { "aws:CalledVia": "athena.amazonaws.com" },
      ),
      ["undecided", "undecided"],
    );
    assert.deepEqual(
      underCondition({ "ForAnyValue:StringEquals": { "aws:TagKeys": "env" } }, { "aws:TagKeys": ["env"] }),
      ["Allow", "ExplicitDeny"],
    );
  });
});

describe("Null on an empty list", () => {
  test("undecided; absent and present stay decided", () => {
    assert.deepEqual(underCondition({ Null: { "aws:TagKeys": "true" } }, { "aws:TagKeys": [] }), [
      "undecided",
      "undecided",
    ]);
    assert.deepEqual(underCondition({ Null: { "aws:TagKeys": "true" } }, {}), ["Allow", "ExplicitDeny"]);
    assert.deepEqual(underCondition({ Null: { "aws:TagKeys": "false" } }, { "aws:TagKeys": ["a"] }), [
      "Allow",
      "ExplicitDeny",
    ]);
  });
});

describe("ARN prefix components in another case", () => {
  // Resource element page: ARNs are matched case-sensitively, but AWS never says whether
  // "arn", the partition and the service (fixed lower-case names) are compared as written.
  test("arn, partition or service in another case is undecided; the resource part stays case-sensitive", () => {
    for (const pattern of ["ARN:aws:s3:::b/*", "arn:AWS:s3:::b/*", "arn:aws:S3:::b/*", "Arn:Aws:S3:::b/k"])
      assert.equal(onResource(pattern, "arn:aws:s3:::b/k"), "undecided", pattern);
    assert.equal(
      onResource("arn:aws:s3:::b/*", "arn:aws:S3:::b/k"),
      "undecided",
      "request ARN in upper case",
    );
    assert.equal(onResource("arn:aws:s3:::B/*", "arn:aws:s3:::b/k"), "ImplicitDeny");
    assert.equal(onResource("arn:aws:s3:::b/*", "arn:aws:s3:::b/k"), "Allow");
    // A Deny that might apply makes the verdict undecided too.
    const d = evaluate(
      req(alice, "s3:GetObject", "arn:aws:s3:::b/k"),
      identity(allowAll, doc({ Effect: "Deny", Action: "*", Resource: "arn:aws:S3:::b/*" })),
    );
    assert.equal(outcome(d), "undecided");
  });
});

describe("numbers AWS does not show", () => {
  test("NumericEquals on 1e3, +1, .5 or 5. is undecided; plain decimals decide", () => {
    for (const v of ["1e3", "1E3", "+1000", ".5", "5.", "0x10", "Infinity"])
      assert.deepEqual(
        underCondition({ NumericEquals: { "s3:max-keys": v } }, { "s3:max-keys": "1000" }),
        ["undecided", "undecided"],
        v,
      );
    assert.deepEqual(underCondition({ NumericEquals: { "s3:max-keys": "1000" } }, { "s3:max-keys": "1e3" }), [
      "undecided",
      "undecided",
    ]);
    assert.deepEqual(
      underCondition({ NumericEquals: { "s3:max-keys": "1000" } }, { "s3:max-keys": "1000" }),
      ["Allow", "ExplicitDeny"],
    );
    assert.deepEqual(
      underCondition({ NumericLessThan: { "s3:max-keys": "-0.5" } }, { "s3:max-keys": "-1" }),
      ["Allow", "ExplicitDeny"],
    );
  });
});

describe("base-64 AWS does not show", () => {
  test("BinaryEquals on non-canonical base-64 is undecided", () => {
    // "QR==" decodes to the byte of "QQ==" ("A") in lenient decoders; the unused bits are not zero.
    assert.deepEqual(underCondition({ BinaryEquals: { "custom:key": "QR==" } }, { "custom:key": "QQ==" }), [
      "undecided",
      "undecided",
    ]);
    assert.deepEqual(underCondition({ BinaryEquals: { "custom:key": "QQ==" } }, { "custom:key": "QR==" }), [
      "undecided",
      "undecided",
    ]);
    assert.deepEqual(underCondition({ BinaryEquals: { "custom:key": "QQ==" } }, { "custom:key": "QQ==" }), [
      "Allow",
      "ExplicitDeny",
    ]);
  });
});

describe("policy variable syntax", () => {
  test("${*}, ${?}, ${$} only as written; spaced forms are undecided", () => {
    assert.equal(onResource("arn:aws:s3:::b/${*}", "arn:aws:s3:::b/*"), "Allow");
    assert.equal(onResource("arn:aws:s3:::b/${ * }", "arn:aws:s3:::b/*"), "undecided");
    assert.equal(onResource("arn:aws:s3:::b/${$}{x}", "arn:aws:s3:::b/${x}"), "Allow");
  });
  test("an unclosed ${ is literal text", () => {
    assert.equal(onResource("arn:aws:s3:::b/${aws:username", "arn:aws:s3:::b/${aws:username"), "Allow");
    assert.equal(onResource("arn:aws:s3:::b/${aws:username", "arn:aws:s3:::b/alice"), "ImplicitDeny");
  });
  test("several variables in one pattern, each resolved", () => {
    const p = "arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/team, 'none'}/*";
    assert.equal(onResource(p, "arn:aws:s3:::b/alice/none/x"), "Allow");
    assert.equal(
      onResource(p, "arn:aws:s3:::b/alice/sre/x", alice, { "aws:PrincipalTag/team": "sre" }),
      "Allow",
    );
    assert.equal(
      onResource(p, "arn:aws:s3:::b/alice/none/x", alice, { "aws:PrincipalTag/team": "sre" }),
      "ImplicitDeny",
    );
    // A role has no aws:username: the whole pattern fails to match, confidently.
    assert.equal(onResource(p, "arn:aws:s3:::b/dev/none/x", session), "ImplicitDeny");
  });
});

describe("what an undecided variable says", () => {
  const reasons = (resource: string, target: string, who: Principal, context: Context = {}) =>
    evaluate(
      req(who, "s3:GetObject", target, context),
      identity(allowAll, doc({ Effect: "Deny", Action: "*", NotResource: resource })),
    ).uncertain.map((u) => u.reason);
  test("each reason names the variable and why", () => {
    assert.deepEqual(reasons("arn:aws:s3:::b/${a b}", "arn:aws:s3:::b/x", alice), [
      "Resource arn:aws:s3:::b/${a b}: unparseable policy variable ${a b}",
    ]);
    assert.deepEqual(reasons("arn:aws:s3:::b/${aws:TagKeys}", "arn:aws:s3:::b/x", alice), [
      "Resource arn:aws:s3:::b/${aws:TagKeys}: variable ${aws:tagkeys} names a multivalued context key",
    ]);
    assert.deepEqual(reasons("arn:aws:s3:::b/${aws:PrincipalTag/t, ''}", "arn:aws:s3:::b/x", session), [
      "Resource arn:aws:s3:::b/${aws:PrincipalTag/t, ''}: variable ${aws:principaltag/t} falls back to an empty default",
    ]);
    assert.deepEqual(
      reasons("arn:aws:s3:::b/${aws:PrincipalTag/t, 'd'}", "arn:aws:s3:::b/x", session, {
        "aws:PrincipalTag/t": "",
      }),
      [
        "Resource arn:aws:s3:::b/${aws:PrincipalTag/t, 'd'}: variable ${aws:principaltag/t} is empty and has a default",
      ],
    );
    assert.deepEqual(reasons("arn:aws:s3:::b/${aws:username}", "arn:aws:s3:::b/x", session), [
      "NotResource arn:aws:s3:::b/${aws:username}: variable ${aws:username} has no value",
    ]);
  });
  test("a key the context gives twice with different values is undecided as a variable", () => {
    const ctx = { "aws:PrincipalTag/team": "sre", "AWS:PrincipalTag/Team": "dev" };
    assert.equal(
      onResource("arn:aws:s3:::b/${aws:PrincipalTag/team}", "arn:aws:s3:::b/sre", session, ctx),
      "undecided",
    );
  });
  test("text around a variable is kept; a key with a space is not a key", () => {
    assert.equal(onResource("arn:aws:s3:::b/${x aws:username}", "arn:aws:s3:::b/alice"), "undecided");
    assert.equal(onResource("arn:aws:s3:::b/}${aws:username}", "arn:aws:s3:::b/}alice"), "Allow");
    assert.equal(onResource("arn:aws:s3:::b/}${aws:username}", "arn:aws:s3:::b/alice"), "ImplicitDeny");
  });
});
