// Policy variables ("IAM policy elements: Variables and tags") and wildcard matching of
// actions and ARNs ("IAM JSON policy elements: Action / Resource").
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { actionMatches, arnMatches, evaluate } from "../../src/engine/index.js";
import type { PolicyDocument } from "../../src/state/policy.js";
import { doc, identity, req, roleSession, user } from "./helpers.js";

const david = user("David");
const session = roleSession("dev", "alice");

function verdictFor(
  document: PolicyDocument,
  resource: string,
  principal = david,
  context = {},
  action = "s3:GetObject",
) {
  return evaluate(req(principal, action, resource, context), identity(document));
}

describe("policy variables", () => {
  const home = doc({
    Effect: "Allow",
    Action: ["s3:GetObject", "s3:PutObject"],
    Resource: ["arn:aws:s3:::mybucket/${aws:username}/*"],
  });

  test("${aws:username} becomes the user's friendly name", () => {
    assert.equal(verdictFor(home, "arn:aws:s3:::mybucket/David/notes.txt").verdict, "Allow");
    assert.equal(verdictFor(home, "arn:aws:s3:::mybucket/Adele/notes.txt").verdict, "ImplicitDeny");
  });

  test("a variable without a value does not match (roles have no aws:username)", () => {
    const d = verdictFor(home, "arn:aws:s3:::mybucket/alice/notes.txt", session);
    assert.deepEqual([d.verdict, d.accessCertain, d.uncertain], ["ImplicitDeny", true, []]);
  });

  test("${key, 'default'} falls back to the default", () => {
    const d = doc({
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'anonymous'}/*",
    });
    assert.equal(verdictFor(d, "arn:aws:s3:::bucket/anonymous/x", session).verdict, "Allow");
    assert.equal(
      verdictFor(d, "arn:aws:s3:::bucket/sre/x", session, { "aws:PrincipalTag/team": "sre" }).verdict,
      "Allow",
    );
    assert.equal(
      verdictFor(d, "arn:aws:s3:::bucket/anonymous/x", session, { "aws:PrincipalTag/team": "sre" }).verdict,
      "ImplicitDeny",
    );
  });

  test("${*}, ${?} and ${$} are literal characters, not wildcards", () => {
    const star = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/${*}" });
    assert.equal(verdictFor(star, "arn:aws:s3:::bucket/*").verdict, "Allow");
    assert.equal(verdictFor(star, "arn:aws:s3:::bucket/anything").verdict, "ImplicitDeny");
    const q = doc({
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::bucket/what${?}-${$}5",
    });
    assert.equal(verdictFor(q, "arn:aws:s3:::bucket/what?-$5").verdict, "Allow");
    assert.equal(verdictFor(q, "arn:aws:s3:::bucket/whatX-$5").verdict, "ImplicitDeny");
  });

  test("variable values are literal even when they contain wildcard characters", () => {
    const d = doc({
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::bucket/${aws:PrincipalTag/dir}/x",
    });
    assert.equal(
      verdictFor(d, "arn:aws:s3:::bucket/abc/x", session, { "aws:PrincipalTag/dir": "*" }).verdict,
      "ImplicitDeny",
    );
    assert.equal(
      verdictFor(d, "arn:aws:s3:::bucket/*/x", session, { "aws:PrincipalTag/dir": "*" }).verdict,
      "Allow",
    );
  });

  test("variables in string conditions (the home-directory example)", () => {
    const d = doc({
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: "arn:aws:s3:::BUCKET-NAME",
      Condition: { StringLike: { "s3:prefix": ["", "home/", "home/${aws:username}/"] } },
    });
    const list = (prefix: string) =>
      verdictFor(d, "arn:aws:s3:::BUCKET-NAME", david, { "s3:prefix": prefix }, "s3:ListBucket").verdict;
    assert.deepEqual(
      [list("home/David/"), list("home/"), list("home/Adele/")],
      ["Allow", "Allow", "ImplicitDeny"],
    );
  });

  test("key names inside variables are case-insensitive", () => {
    const d = doc({
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::mybucket/${AWS:UserName}/*",
    });
    assert.equal(verdictFor(d, "arn:aws:s3:::mybucket/David/x").verdict, "Allow");
  });

  test("Version 2008-10-17 (or none) keeps ${...} literal", () => {
    const old: PolicyDocument = { Version: "2008-10-17", Statement: home.Statement };
    assert.equal(verdictFor(old, "arn:aws:s3:::mybucket/David/notes.txt").verdict, "ImplicitDeny");
    assert.equal(verdictFor(old, "arn:aws:s3:::mybucket/${aws:username}/notes.txt").verdict, "Allow");
    const none: PolicyDocument = { Statement: home.Statement };
    assert.equal(verdictFor(none, "arn:aws:s3:::mybucket/David/notes.txt").verdict, "ImplicitDeny");
  });

  test("numeric operators take no variables: the text is not a number", () => {
    const d = doc({
      Effect: "Allow",
      Action: "*",
      Resource: "*",
      Condition: { NumericEquals: { "s3:max-keys": "${aws:PrincipalTag/n}" } },
    });
    const r = verdictFor(d, "arn:aws:s3:::b/k", david, { "s3:max-keys": "5", "aws:PrincipalTag/n": "5" });
    assert.equal(r.accessCertain, false);
  });

  test("a multivalued key cannot be a variable: undecided", () => {
    const d = doc({ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b/${aws:TagKeys}" });
    assert.equal(
      verdictFor(d, "arn:aws:s3:::b/a", david, { "aws:TagKeys": ["a", "b"] }).accessCertain,
      false,
    );
  });

  test("an unresolved variable inside NotResource or a negated operator is undecided", () => {
    const nr = doc(
      { Effect: "Deny", Action: "*", NotResource: "arn:aws:s3:::b/${aws:username}/*" },
      { Effect: "Allow", Action: "*", Resource: "*" },
    );
    assert.equal(verdictFor(nr, "arn:aws:s3:::b/alice/x", session).accessCertain, false);
    const neg = doc({
      Effect: "Allow",
      Action: "*",
      Resource: "*",
      Condition: { StringNotEquals: { "aws:PrincipalTag/x": "${aws:username}" } },
    });
    assert.equal(
      verdictFor(neg, "arn:aws:s3:::b/k", session, { "aws:PrincipalTag/x": "bob" }).accessCertain,
      false,
    );
  });
});

describe("action matching", () => {
  test("case-insensitive, * and ?", () => {
    assert.equal(actionMatches("s3:GetObject", "S3:getobject"), true);
    assert.equal(actionMatches("iam:*AccessKey*", "iam:CreateAccessKey"), true);
    assert.equal(actionMatches("iam:*AccessKey*", "iam:CreateUser"), false);
    assert.equal(actionMatches("s3:Get?bject", "s3:GetObject"), true);
    assert.equal(actionMatches("s3:Get?bject", "s3:GetObjectAcl"), false);
    assert.equal(actionMatches("*", "kms:Decrypt"), true);
    assert.equal(actionMatches("s3:*", "s3express:CreateSession"), false);
  });

  test("NotAction matches every other action, in every service", () => {
    const power = doc({
      Effect: "Allow",
      NotAction: ["iam:*", "organizations:*", "account:*"],
      Resource: "*",
    });
    assert.equal(verdictFor(power, "*", david, {}, "ec2:RunInstances").verdict, "Allow");
    assert.equal(verdictFor(power, "*", david, {}, "iam:CreateUser").verdict, "ImplicitDeny");
  });
});

describe("ARN matching", () => {
  test("case-sensitive; * spans a segment, and a segment-final * may run past colons", () => {
    assert.equal(
      arnMatches("arn:aws:iam::123456789012:user/Bob", "arn:aws:iam::123456789012:user/bob"),
      false,
    );
    assert.equal(
      arnMatches(
        "arn:aws:iam::123456789012:user/accounting/*",
        "arn:aws:iam::123456789012:user/accounting/x/y",
      ),
      true,
    );
    assert.equal(
      arnMatches("arn:aws:s3:::my_corporate_bucket/*", "arn:aws:s3:::my_corporate_bucket/a:b/c"),
      true,
    );
    assert.equal(
      arnMatches("arn:aws:logs:*:*:log-group:app:*", "arn:aws:logs:eu-west-1:1:log-group:app:log-stream:s"),
      true,
    );
    assert.equal(arnMatches("arn:aws:ec2:*:*:instance/i-?", "arn:aws:ec2:eu-west-1:1:instance/i-1"), true);
    assert.equal(arnMatches("*", "*"), true);
    assert.equal(arnMatches("arn:aws:s3:::*", "*"), false);
  });

  test("a wildcard inside a segment never decides across a colon", () => {
    const d = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*.txt" });
    assert.equal(verdictFor(d, "arn:aws:s3:::bucket/a.txt").verdict, "Allow");
    assert.equal(verdictFor(d, "arn:aws:s3:::bucket/a:b.txt").accessCertain, false);
  });

  test("a Resource that is not a six-part ARN is undecided", () => {
    const d = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3*" });
    assert.equal(verdictFor(d, "arn:aws:s3:::b/k").accessCertain, false);
  });
});
