// Where our engine and @cloud-copilot/iam-simulate disagree, each case recorded with
// the AWS documentation that decides it. Each test asserts both sides: if iam-simulate
// changes, the record must be revisited (and the differential classifier with it).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluate } from "../../src/engine/index.js";
import type { PolicySet, Request, Verdict } from "../../src/engine/types.js";
import { ACCOUNT, allowAll, doc, identity, OTHER, ref, req, roleSession, user } from "./helpers.js";
import { oracle } from "./oracle.js";

const alice = user("alice");

async function both(
  r: Request,
  p: PolicySet,
): Promise<[Verdict, Verdict | "undecided", Verdict | undefined]> {
  const ours = evaluate(r, p);
  const theirs = await oracle(r, p, r.resourceAccount ?? ACCOUNT);
  return [ours.verdict, ours.accessCertain ? ours.verdict : "undecided", theirs.verdict];
}

function withCondition(condition: Record<string, Record<string, string>>): PolicySet {
  return identity(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: condition }));
}

describe("we are right, by the AWS documentation", () => {
  test("cidr-zero-prefix: IpAddress 0.0.0.0/0 contains every IPv4 address", async () => {
    // Condition operators page: "The value must be in the standard CIDR format (for
    // example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64)". In CIDR notation a /0 prefix
    // fixes no bits (RFC 4632, section 3.1): 0.0.0.0/0 is the whole IPv4 space.
    const r = req(alice, "s3:GetObject", "arn:aws:s3:::b/k", { "aws:SourceIp": "10.1.2.3" });
    const [ours, , theirs] = await both(r, withCondition({ IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }));
    assert.deepEqual([ours, theirs], ["Allow", "ImplicitDeny"]);
  });

  test("ip-address-family: NotIpAddress on an IPv4 range holds for an IPv6 caller", async () => {
    // Condition operators page: NotIpAddress is "All IP addresses except the specified
    // IP address or range". An IPv6 address is not in 203.0.113.10/32.
    const r = req(alice, "s3:GetObject", "arn:aws:s3:::b/k", { "aws:SourceIp": "2001:db8:1234:5678::42" });
    const [ours, , theirs] = await both(
      r,
      withCondition({ NotIpAddress: { "aws:SourceIp": "203.0.113.10" } }),
    );
    assert.deepEqual([ours, theirs], ["Allow", "ImplicitDeny"]);
  });

  test("epoch-seconds: a numeric date is seconds since 1970, not milliseconds", async () => {
    // Condition operators page: "You must specify date/time values with one of the W3C
    // implementations of the ISO 8601 date formats or in epoch (UNIX) time." Global keys
    // page, aws:EpochTime: "This key also accepts the number of seconds since January 1,
    // 1970." 1764324000 s is 2025-11-28T10:00:00Z, after the request's 2020 date.
    const r = req(alice, "s3:GetObject", "arn:aws:s3:::b/k", { "aws:CurrentTime": "2020-01-01T00:00:00Z" });
    const [ours, , theirs] = await both(
      r,
      withCondition({ DateGreaterThan: { "aws:CurrentTime": "1764324000" } }),
    );
    assert.deepEqual([ours, theirs], ["ImplicitDeny", "Allow"]);
  });

  test("session-policy-vs-direct-session-grant: a grant to the session ARN escapes the session policy", async () => {
    // IAM User Guide, "Policies and permissions", Session policies: "A resource-based
    // policy can specify the ARN of the session as a principal. In that case, the
    // permissions from the resource-based policy are added after the session is created.
    // The resource-based policy permissions are not limited by the session policy."
    const s = roleSession("app", "job-1");
    const p: PolicySet = {
      identity: [],
      session: [ref("session", doc({ Effect: "Allow", Action: "ec2:*", Resource: "*" }))],
      resource: ref(
        "resource",
        doc({
          Effect: "Allow",
          Principal: { AWS: s.sessionArn ?? "" },
          Action: "s3:PutObject",
          Resource: "*",
        }),
      ),
    };
    const [ours, , theirs] = await both(req(s, "s3:PutObject", "arn:aws:s3:::b/k"), p);
    assert.deepEqual([ours, theirs], ["Allow", "ImplicitDeny"]);
  });

  test("root user: full access unless denied", async () => {
    // "How AWS enforcement code logic evaluates requests": "By default, all requests are
    // implicitly denied with the exception of the AWS account root user, which has full access."
    const root = { arn: `arn:aws:iam::${ACCOUNT}:root`, account: ACCOUNT };
    const [ours, , theirs] = await both(req(root, "s3:GetObject", "arn:aws:s3:::b/k"), { identity: [] });
    assert.deepEqual([ours, theirs], ["Allow", "ImplicitDeny"]);
  });

  test("variables-need-version-2012-10-17: without it ${...} is literal text", async () => {
    // Variables page: "If you don't include the Version element and set it to an
    // appropriate version date, variables like ${aws:username} are treated as literal
    // strings in the policy."
    const st = {
      Effect: "Allow" as const,
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::b/${aws:username}/*",
    };
    const r = req(alice, "s3:GetObject", "arn:aws:s3:::b/alice/k");
    for (const document of [{ Version: "2008-10-17" as const, Statement: [st] }, { Statement: [st] }]) {
      const [ours, , theirs] = await both(r, { identity: [ref("identity", document)] });
      assert.deepEqual([ours, theirs], ["ImplicitDeny", "Allow"]);
    }
  });

  test("aws-owned-write-under-explicit-deny: an explicit Deny decides before AWS's own refusal", async () => {
    // Evaluation logic: "An explicit deny in any of these policies overrides the allow."
    // The request is denied either way; iam-simulate reports the refusal as an implicit deny
    // even when a Deny statement applies.
    const r = req(alice, "iam:CreatePolicyVersion", "arn:aws:iam::aws:policy/ReadOnlyAccess");
    const [ours, , theirs] = await both(
      r,
      identity(allowAll, doc({ Effect: "Deny", Action: "iam:CreatePolicyVersion", Resource: "*" })),
    );
    assert.deepEqual([ours, theirs], ["ExplicitDeny", "ImplicitDeny"]);
  });

  test("aws:PrincipalArn is part of every signed request: we derive it, iam-simulate needs it passed", async () => {
    // Global condition keys page, aws:PrincipalArn: "This key is included in the request
    // context for all signed requests." (aws-iam-facts.md 11: iam-simulate does not derive it.)
    const from = roleSession("landing-sre", "alice@example.com", OTHER);
    const r: Request = {
      ...req(from, "sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/admin`),
      resourceAccount: ACCOUNT,
    };
    const p: PolicySet = {
      ...identity(allowAll),
      resource: ref(
        "resource",
        doc({
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
          Action: "sts:AssumeRole",
          Condition: { ArnEquals: { "aws:PrincipalArn": from.arn } },
        }),
      ),
    };
    assert.equal(evaluate(r, p).verdict, "Allow");
    // Our oracle wrapper passes the derived keys; without them iam-simulate denies.
    const { runSimulation } = await import("@cloud-copilot/iam-simulate");
    const bare = await runSimulation(
      {
        request: {
          principal: from.sessionArn ?? "",
          action: r.action,
          resource: { resource: r.resource, accountId: ACCOUNT },
          contextVariables: {},
        },
        identityPolicies: [{ name: "i", policy: allowAll }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: p.resource?.document,
      },
      {},
    );
    assert.equal(bare.resultType === "error" ? "error" : bare.overallResult, "ImplicitlyDenied");
  });
});

describe("we report undecided where iam-simulate picks an answer", () => {
  test("unknown operators: reported, never silently false", async () => {
    // Condition operators page lists the operators; anything else has no documented
    // meaning. iam-simulate lets it pass validation and never matches it (facts, 11).
    const r = req(alice, "s3:GetObject", "arn:aws:s3:::b/k", { "aws:PrincipalTag/team": "sre" });
    const [, ours, theirs] = await both(
      r,
      withCondition({ StringEqualsAnyCase: { "aws:PrincipalTag/team": "sre" } }),
    );
    assert.deepEqual([ours, theirs], ["undecided", "ImplicitDeny"]);
    const deny = identity(
      allowAll,
      doc({
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { StringEqualsAnyCase: { "aws:PrincipalTag/team": "sre" } },
      }),
    );
    const [, ours2, theirs2] = await both(r, deny);
    assert.deepEqual([ours2, theirs2], ["undecided", "Allow"]);
  });

  test("a missing trust policy: the role's trust must allow sts:AssumeRole", async () => {
    // Evaluation logic: "IAM role trust policies and KMS key policies are exceptions to
    // this logic, because they must explicitly allow access for principals."
    const s = roleSession("dev", "alice");
    const [, ours, theirs] = await both(
      req(s, "sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/admin`),
      identity(allowAll),
    );
    assert.deepEqual([ours, theirs], ["undecided", "Allow"]);
  });

  test("NotPrincipal with Deny listing the role but not the session and account", async () => {
    // NotPrincipal page: "If the NotPrincipal element was missing the ARN of the role,
    // the effect of the policy might be to explicitly deny access to the role" (might).
    const s = roleSession("reader", "job", OTHER);
    const r: Request = { ...req(s, "s3:GetObject", "arn:aws:s3:::b/k"), resourceAccount: ACCOUNT };
    const p: PolicySet = {
      ...identity(allowAll),
      resource: ref(
        "resource",
        doc(
          { Effect: "Allow", Principal: { AWS: OTHER }, Action: "s3:GetObject", Resource: "*" },
          { Effect: "Deny", NotPrincipal: { AWS: s.arn }, Action: "s3:*", Resource: "*" },
        ),
      ),
    };
    const [, ours, theirs] = await both(r, p);
    assert.deepEqual([ours, theirs], ["undecided", "Allow"]);
  });

  test("a wildcard inside an ARN segment against a resource with a colon", async () => {
    // Resource element page: "If the * wildcard is the last character of a resource ARN
    // segment, it can expand to match beyond colon boundaries. We recommend that you use
    // wildcards (* and ?) within ARN segments separated by a colon." A mid-segment * is
    // not said to cross a colon, nor not to.
    const r = req(alice, "s3:GetObject", "arn:aws:s3:::bucket/a:b.txt");
    const [, ours, theirs] = await both(
      r,
      identity(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*.txt" })),
    );
    assert.deepEqual([ours, theirs], ["undecided", "Allow"]);
  });

  test("a Resource that is not a six-part ARN", async () => {
    const r = req(alice, "s3:GetObject", "arn:aws:s3:::b/k");
    const p = identity(allowAll, doc({ Effect: "Deny", Action: "*", NotResource: "arn:aws:ec2:*" }));
    const [, ours, theirs] = await both(r, p);
    assert.deepEqual([ours, theirs], ["undecided", "Allow"]);
  });

  test("a multivalued key under an operator without ForAnyValue/ForAllValues", async () => {
    // Multivalued context keys page: "Multivalued context keys require a condition set
    // operator." What AWS does without one is not documented.
    const r = req(alice, "s3:GetObject", "arn:aws:s3:::b/k", { "aws:TagKeys": ["a", "b"] });
    const [, ours, theirs] = await both(r, withCondition({ StringEquals: { "aws:TagKeys": "a" } }));
    assert.deepEqual([ours, theirs], ["undecided", "ImplicitDeny"]);
  });

  // Issue 13: constructs the AWS text forbids or never describes (test/engine/aws-silent.test.ts).
  async function onResource(resource: string, r: Request): Promise<[string, Verdict | undefined]> {
    const [, ours, theirs] = await both(
      r,
      identity(doc({ Effect: "Allow", Action: r.action, Resource: resource })),
    );
    return [ours, theirs];
  }

  test("a policy variable before the fifth colon of a Resource ARN", async () => {
    // Variables and tags page: "You can't use a variable to replace parts of the ARN before
    // the fifth colon, such as the service or account." What AWS then does is not said.
    const r = req(alice, "iam:GetRole", `arn:aws:iam::${ACCOUNT}:role/app`);
    assert.deepEqual(await onResource("arn:aws:iam::${aws:PrincipalAccount}:role/app", r), [
      "undecided",
      "ImplicitDeny",
    ]);
  });

  test("a multivalued key as a policy variable, even with one value", async () => {
    // Variables and tags page: "you cannot use a multivalued context key as a policy variable."
    const r = req(alice, "s3:GetObject", "arn:aws:s3:::b/env", { "aws:TagKeys": ["env"] });
    assert.deepEqual(await onResource("arn:aws:s3:::b/${aws:TagKeys}", r), ["undecided", "ImplicitDeny"]);
  });

  test("defaults of policy variables: no space, empty default, empty value", async () => {
    // Variables and tags page: "separate the variable text and the default value with a
    // comma and space"; nothing is said of other forms, empty defaults or empty values.
    const s = roleSession("dev", "alice");
    assert.deepEqual(
      await onResource(
        "arn:aws:s3:::b/${aws:PrincipalTag/team,'none'}/*",
        req(s, "s3:GetObject", "arn:aws:s3:::b/none/x"),
      ),
      ["undecided", "ImplicitDeny"],
    );
    assert.deepEqual(
      await onResource(
        "arn:aws:s3:::b/${aws:PrincipalTag/team, ''}/*",
        req(s, "s3:GetObject", "arn:aws:s3:::b//x"),
      ),
      ["undecided", "ImplicitDeny"],
    );
    assert.deepEqual(
      await onResource(
        "arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}/*",
        req(s, "s3:GetObject", "arn:aws:s3:::b/none/x", { "aws:PrincipalTag/team": "" }),
      ),
      ["undecided", "Allow"],
    );
  });

  test("a plain operator on a multivalued key holding one value", async () => {
    // Multivalued context keys page: "Multivalued context keys require a condition set operator."
    const r = req(alice, "s3:GetObject", "arn:aws:s3:::b/k", { "aws:TagKeys": ["env"] });
    const [, ours, theirs] = await both(r, withCondition({ StringEquals: { "aws:TagKeys": "env" } }));
    assert.deepEqual([ours, theirs], ["undecided", "ImplicitDeny"]);
  });

  test("Null on a key given as an empty list", async () => {
    // Condition operators page: Null checks "whether the key is absent"; a key present
    // with no values is neither documented case.
    const r = req(alice, "s3:GetObject", "arn:aws:s3:::b/k", { "aws:TagKeys": [] });
    const [, ours, theirs] = await both(r, withCondition({ Null: { "aws:TagKeys": "false" } }));
    assert.deepEqual([ours, theirs], ["undecided", "Allow"]);
  });

  test("arn, partition or service in another case in Resource", async () => {
    // Resource element page: ARN matching is case-sensitive; whether the fixed lower-case
    // "arn", partition and service are compared as written is not said.
    const r = req(alice, "s3:GetObject", "arn:aws:s3:::b/k");
    assert.deepEqual(await onResource("ARN:AWS:S3:::b/*", r), ["undecided", "Allow"]);
  });

  test("NumericEquals on 1e3", async () => {
    // Condition operators page, numeric operators: examples and text show plain decimals only.
    const r = req(alice, "s3:GetObject", "arn:aws:s3:::b/k", { "s3:max-keys": "1000" });
    const [, ours, theirs] = await both(r, withCondition({ NumericEquals: { "s3:max-keys": "1e3" } }));
    assert.deepEqual([ours, theirs], ["undecided", "ImplicitDeny"]);
  });

  test("BinaryEquals on non-canonical base-64", async () => {
    // Condition operators page, BinaryEquals: values are base-64; "QR==" is not the
    // canonical encoding of any byte string (RFC 4648, 3.5), though lenient decoders read "A".
    const r = req(alice, "s3:GetObject", "arn:aws:s3:::b/k", { "custom:bin": "QQ==" });
    const [, ours, theirs] = await both(r, withCondition({ BinaryEquals: { "custom:bin": "QR==" } }));
    assert.deepEqual([ours, theirs], ["undecided", "ImplicitDeny"]);
  });
});

describe("AWS-owned resources: refused whatever the policies say (both engines agree)", () => {
  // src/engine/aws-owned.ts quotes the AWS text for each class; an allow-all identity
  // policy must not give a confident Allow.
  for (const [action, resource, text] of [
    [
      "iam:CreatePolicyVersion",
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
      "You cannot change the permissions defined in AWS managed policies.",
    ],
    [
      "iam:PutRolePolicy",
      `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1`,
      "Cannot perform the operation on the protected role ... this role is only modifiable by AWS",
    ],
    [
      "kms:CreateAlias",
      `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/aws/s3`,
      "The alias/aws/ prefix is reserved for AWS managed key.",
    ],
  ] as const) {
    test(`${action} on ${resource}`, async () => {
      const r = req(alice, action, resource);
      const d = evaluate(r, identity(allowAll));
      const theirs = await oracle(r, identity(allowAll), resource.includes("::aws:") ? "aws" : ACCOUNT);
      assert.deepEqual([d.verdict, d.accessCertain, theirs.verdict], ["ImplicitDeny", true, "ImplicitDeny"]);
      assert.ok(d.refusedBy?.includes(text), text);
    });
  }
});
