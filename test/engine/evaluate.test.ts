// Concrete mode against the IAM User Guide's evaluation-logic pages, examples taken
// from "Policy evaluation logic", "Policy evaluation for requests within a single
// account", "Cross-account policy evaluation logic", "Permissions boundaries for IAM
// entities", "Session policies" and "AWS JSON policy elements: Principal/NotPrincipal".
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluate } from "../../src/engine/index.js";
import type { PolicySet } from "../../src/engine/types.js";
import { ACCOUNT, allowAll, doc, identity, OTHER, ref, req, roleSession, user } from "./helpers.js";

const carlos = user("carlossalazar");

// "Example identity-based and resource-based policy evaluation" (single account page).
const carlosIdentity = doc(
  {
    Sid: "AllowS3ListRead",
    Effect: "Allow",
    Action: [
      "s3:GetBucketLocation",
      "s3:GetAccountPublicAccessBlock",
      "s3:ListAccessPoints",
      "s3:ListAllMyBuckets",
    ],
    Resource: "arn:aws:s3:::*",
  },
  {
    Sid: "AllowS3Self",
    Effect: "Allow",
    Action: "s3:*",
    Resource: ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"],
  },
  { Sid: "DenyS3Logs", Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::*log*" },
);
const carlosBucket = doc({
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/carlossalazar` },
  Action: "s3:*",
  Resource: ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"],
});

describe("explicit deny, implicit deny, allow", () => {
  test("Carlos: the log bucket is explicitly denied", () => {
    const d = evaluate(req(carlos, "s3:PutObject", "arn:aws:s3:::carlossalazar-logs/file.txt"), {
      ...identity(carlosIdentity),
    });
    assert.equal(d.verdict, "ExplicitDeny");
    assert.deepEqual(
      d.decisive.map((s) => s.sid),
      ["DenyS3Logs"],
    );
    assert.deepEqual(d.uncertain, []);
  });

  test("Carlos: his own bucket is allowed by both policies", () => {
    const policies: PolicySet = { ...identity(carlosIdentity), resource: ref("resource", carlosBucket) };
    const d = evaluate(req(carlos, "s3:PutObject", "arn:aws:s3:::carlossalazar/file.txt"), policies);
    assert.equal(d.verdict, "Allow");
    assert.equal(d.decisive[0]?.sid, "AllowS3Self");
  });

  test("same account: the resource policy alone suffices when it names the user", () => {
    // "If either the identity-based policy or the resource-based policy within the same
    // account allows the request and the other doesn't, the request is still allowed."
    const d = evaluate(req(carlos, "s3:GetObject", "arn:aws:s3:::carlossalazar/file.txt"), {
      identity: [],
      resource: ref("resource", carlosBucket),
    });
    assert.equal(d.verdict, "Allow");
    assert.deepEqual(
      d.decisive.map((s) => s.kind),
      ["resource"],
    );
  });

  // "The difference between explicit and implicit denies"
  const reports = doc(
    { Sid: "AllowGetList", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
    { Sid: "DenyReports", Effect: "Deny", Action: "iam:*Report", Resource: "*" },
  );
  test("explicit vs implicit deny example", () => {
    const p = identity(reports);
    assert.equal(evaluate(req(carlos, "iam:GetUser", "*"), p).verdict, "Allow");
    assert.equal(evaluate(req(carlos, "iam:GetOrganizationsAccessReport", "*"), p).verdict, "ExplicitDeny");
    const create = evaluate(req(carlos, "iam:CreatePolicy", "*"), p);
    assert.equal(create.verdict, "ImplicitDeny");
    assert.deepEqual(create.missing, ["identity"]);
    // "report-related requests are still denied because of this explicit deny"
    const more = identity(
      reports,
      doc({ Effect: "Allow", Action: "iam:GenerateCredentialReport", Resource: "*" }),
    );
    assert.equal(evaluate(req(carlos, "iam:GenerateCredentialReport", "*"), more).verdict, "ExplicitDeny");
  });

  test("no policy at all is an implicit deny with the identity layer missing", () => {
    const d = evaluate(req(carlos, "s3:GetObject", "arn:aws:s3:::b/k"), { identity: [] });
    assert.deepEqual([d.verdict, d.missing, d.uncertain], ["ImplicitDeny", ["identity"], []]);
  });

  test("the root user has full access unless something denies", () => {
    const root = { arn: `arn:aws:iam::${ACCOUNT}:root`, account: ACCOUNT };
    assert.equal(evaluate(req(root, "s3:DeleteBucket", "arn:aws:s3:::b"), { identity: [] }).verdict, "Allow");
    const scp = [[ref("scp", doc({ Effect: "Allow", Action: "ec2:*", Resource: "*" }))]];
    assert.equal(
      evaluate(req(root, "s3:DeleteBucket", "arn:aws:s3:::b"), { identity: [], scps: scp }).verdict,
      "ImplicitDeny",
    );
  });

  test("sts:GetCallerIdentity is allowed even under an explicit deny", () => {
    const p = identity(doc({ Effect: "Deny", Action: "*", Resource: "*" }));
    assert.equal(evaluate(req(carlos, "sts:GetCallerIdentity", "*"), p).verdict, "Allow");
  });
});

describe("cross-account", () => {
  const dev = roleSession("dev", "alice", OTHER);
  const bucket = "arn:aws:s3:::shared/data.csv";
  const toAccount = doc({
    Effect: "Allow",
    Principal: { AWS: OTHER },
    Action: "s3:GetObject",
    Resource: "arn:aws:s3:::shared/*",
  });
  const read = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });

  test("both sides must allow", () => {
    const r = { ...req(dev, "s3:GetObject", bucket), resourceAccount: ACCOUNT };
    assert.equal(evaluate(r, { ...identity(read), resource: ref("resource", toAccount) }).verdict, "Allow");
    const noIdentity = evaluate(r, { identity: [], resource: ref("resource", toAccount) });
    assert.deepEqual([noIdentity.verdict, noIdentity.missing], ["ImplicitDeny", ["identity"]]);
    const noResource = evaluate(r, identity(read));
    assert.deepEqual([noResource.verdict, noResource.missing], ["ImplicitDeny", ["resource"]]);
  });

  test("naming the role itself still needs the caller's identity policy across accounts", () => {
    const toRole = doc({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${OTHER}:role/dev` },
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::shared/*",
    });
    const r = { ...req(dev, "s3:GetObject", bucket), resourceAccount: ACCOUNT };
    assert.equal(evaluate(r, { identity: [], resource: ref("resource", toRole) }).verdict, "ImplicitDeny");
  });

  test("the resource account comes from the ARN when it has one", () => {
    const queue = `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`;
    const d = evaluate(req(dev, "sqs:SendMessage", queue), identity(allowAll));
    assert.deepEqual([d.verdict, d.missing], ["ImplicitDeny", ["resource"]]);
  });
});

describe("permissions boundaries", () => {
  const alice = user("alice");
  const boundary = ref("boundary", doc({ Effect: "Allow", Action: "s3:Get*", Resource: "*" }));
  const policies: PolicySet = {
    ...identity(doc({ Effect: "Allow", Action: "s3:*", Resource: "*" })),
    boundary,
  };

  test("identity and boundary intersect", () => {
    assert.equal(evaluate(req(alice, "s3:GetObject", "arn:aws:s3:::b/k"), policies).verdict, "Allow");
    const put = evaluate(req(alice, "s3:PutObject", "arn:aws:s3:::b/k"), policies);
    assert.deepEqual([put.verdict, put.missing], ["ImplicitDeny", ["boundary"]]);
  });

  test("a resource policy naming the IAM user is not limited by the boundary", () => {
    const bucket = doc({
      Effect: "Allow",
      Principal: { AWS: alice.arn },
      Action: "s3:PutObject",
      Resource: "*",
    });
    const d = evaluate(req(alice, "s3:PutObject", "arn:aws:s3:::b/k"), {
      ...policies,
      resource: ref("resource", bucket),
    });
    assert.equal(d.verdict, "Allow");
  });

  test("a resource policy naming the role is limited by the boundary; naming the session is not", () => {
    const s = roleSession("app", "job-1");
    const base: PolicySet = { identity: [], boundary };
    const toRole = doc({ Effect: "Allow", Principal: { AWS: s.arn }, Action: "s3:PutObject", Resource: "*" });
    const toSession = doc({
      Effect: "Allow",
      Principal: { AWS: s.sessionArn ?? "" },
      Action: "s3:PutObject",
      Resource: "*",
    });
    const r = req(s, "s3:PutObject", "arn:aws:s3:::b/k");
    const role = evaluate(r, { ...base, resource: ref("resource", toRole) });
    assert.deepEqual([role.verdict, role.missing], ["ImplicitDeny", ["boundary"]]);
    assert.equal(evaluate(r, { ...base, resource: ref("resource", toSession) }).verdict, "Allow");
  });

  test("an explicit deny in the boundary denies", () => {
    const b = ref(
      "boundary",
      doc(...allowAll.Statement, { Effect: "Deny", Action: "s3:GetObject", Resource: "*" }),
    );
    assert.equal(
      evaluate(req(alice, "s3:GetObject", "arn:aws:s3:::b/k"), { ...policies, boundary: b }).verdict,
      "ExplicitDeny",
    );
  });
});

describe("SCPs", () => {
  const alice = user("alice");
  const root = ref("scp", allowAll);
  const ou = ref("scp", doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }));

  test("every level must allow", () => {
    const p: PolicySet = { ...identity(allowAll), scps: [[root], [ou]] };
    assert.equal(evaluate(req(alice, "s3:GetObject", "arn:aws:s3:::b/k"), p).verdict, "Allow");
    const ec2 = evaluate(req(alice, "ec2:DescribeInstances", "*"), p);
    assert.deepEqual([ec2.verdict, ec2.missing], ["ImplicitDeny", ["scp"]]);
  });

  test("an SCP deny is explicit, and an empty level allows nothing", () => {
    const deny = ref(
      "scp",
      doc(...allowAll.Statement, { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }),
    );
    assert.equal(
      evaluate(req(alice, "s3:DeleteBucket", "arn:aws:s3:::b"), {
        ...identity(allowAll),
        scps: [[root], [deny]],
      }).verdict,
      "ExplicitDeny",
    );
    assert.equal(
      evaluate(req(alice, "s3:GetObject", "arn:aws:s3:::b/k"), { ...identity(allowAll), scps: [[root], []] })
        .verdict,
      "ImplicitDeny",
    );
  });

  test("SCPs also limit what a resource policy grants", () => {
    const bucket = doc({ Effect: "Allow", Principal: { AWS: alice.arn }, Action: "s3:*", Resource: "*" });
    const ec2Only = ref("scp", doc({ Effect: "Allow", Action: "ec2:*", Resource: "*" }));
    const d = evaluate(req(alice, "s3:GetObject", "arn:aws:s3:::b/k"), {
      identity: [],
      resource: ref("resource", bucket),
      scps: [[ec2Only]],
    });
    assert.deepEqual([d.verdict, d.missing], ["ImplicitDeny", ["scp"]]);
  });
});

describe("session policies", () => {
  const s = roleSession("app", "job-1");
  const p: PolicySet = {
    ...identity(doc({ Effect: "Allow", Action: "s3:*", Resource: "*" })),
    session: [ref("session", doc({ Effect: "Allow", Action: "s3:Get*", Resource: "*" }))],
  };

  test("identity and session policy intersect", () => {
    assert.equal(evaluate(req(s, "s3:GetObject", "arn:aws:s3:::b/k"), p).verdict, "Allow");
    const put = evaluate(req(s, "s3:PutObject", "arn:aws:s3:::b/k"), p);
    assert.deepEqual([put.verdict, put.missing], ["ImplicitDeny", ["session"]]);
  });

  test("a resource policy naming the session ARN is not limited by the session policy", () => {
    // Session policies page: "the permissions from the resource-based policy are added
    // after the session is created. The resource-based policy permissions are not
    // limited by the session policy."
    const bucket = doc({
      Effect: "Allow",
      Principal: { AWS: s.sessionArn ?? "" },
      Action: "s3:PutObject",
      Resource: "*",
    });
    assert.equal(
      evaluate(req(s, "s3:PutObject", "arn:aws:s3:::b/k"), { ...p, resource: ref("resource", bucket) })
        .verdict,
      "Allow",
    );
    const toRole = doc({ Effect: "Allow", Principal: { AWS: s.arn }, Action: "s3:PutObject", Resource: "*" });
    assert.equal(
      evaluate(req(s, "s3:PutObject", "arn:aws:s3:::b/k"), { ...p, resource: ref("resource", toRole) })
        .verdict,
      "ImplicitDeny",
    );
  });
});

describe("trust policies (sts:AssumeRole*)", () => {
  const landing = roleSession("landing-sre", "alice@example.com");
  const target = `arn:aws:iam::${ACCOUNT}:role/admin`;
  const assume = doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: target });
  const trust = (principal: string, condition?: Record<string, Record<string, string>>) =>
    ref(
      "resource",
      doc({
        Effect: "Allow",
        Principal: { AWS: principal },
        Action: "sts:AssumeRole",
        ...(condition ? { Condition: condition } : {}),
      }),
    );

  test("a trust naming the role suffices in the same account", () => {
    const d = evaluate(req(landing, "sts:AssumeRole", target), {
      identity: [],
      resource: trust(landing.arn),
    });
    assert.equal(d.verdict, "Allow");
  });

  test("a trust naming the account root delegates: the identity policy must allow too", () => {
    const root = `arn:aws:iam::${ACCOUNT}:root`;
    const r = req(landing, "sts:AssumeRole", target);
    assert.equal(evaluate(r, { identity: [], resource: trust(root) }).verdict, "ImplicitDeny");
    assert.equal(evaluate(r, { ...identity(assume), resource: trust(root) }).verdict, "Allow");
  });

  test("the trust policy must allow even when the identity policy does", () => {
    const other = ref(
      "resource",
      doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
    );
    const d = evaluate(req(landing, "sts:AssumeRole", target), { ...identity(assume), resource: other });
    assert.deepEqual([d.verdict, d.missing], ["ImplicitDeny", ["resource"]]);
  });

  test("a missing trust policy is reported, not assumed", () => {
    const d = evaluate(req(landing, "sts:AssumeRole", target), identity(assume));
    assert.equal(d.verdict, "ImplicitDeny");
    assert.equal(d.accessCertain, false);
    assert.match(d.uncertain[0]?.reason ?? "", /trust policy was not supplied/);
  });

  test("aws:PrincipalArn is derived from the principal (recommended env-role trust)", () => {
    const t = trust(`arn:aws:iam::${OTHER}:root`, {
      ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${OTHER}:role/landing-sre` },
    });
    const from = roleSession("landing-sre", "alice@example.com", OTHER);
    const r = { ...req(from, "sts:AssumeRole", target), resourceAccount: ACCOUNT };
    assert.equal(evaluate(r, { ...identity(assume), resource: t }).verdict, "Allow");
    const intruder = roleSession("landing-dev", "bob@example.com", OTHER);
    assert.equal(
      evaluate({ ...r, principal: intruder }, { ...identity(assume), resource: t }).verdict,
      "ImplicitDeny",
    );
  });

  test("IAM users need MFA: Bool aws:MultiFactorAuthPresent", () => {
    const mfa = trust(`arn:aws:iam::${ACCOUNT}:root`, { Bool: { "aws:MultiFactorAuthPresent": "true" } });
    const bob = user("bob");
    const r = req(bob, "sts:AssumeRole", target);
    const p = { ...identity(assume), resource: mfa };
    assert.equal(evaluate(r, p).verdict, "ImplicitDeny"); // long-term keys: key absent
    assert.equal(
      evaluate({ ...r, context: { "aws:MultiFactorAuthPresent": "false" } }, p).verdict,
      "ImplicitDeny",
    );
    assert.equal(evaluate({ ...r, context: { "aws:MultiFactorAuthPresent": "true" } }, p).verdict, "Allow");
  });

  test("SAML sign-in: the trust names the provider and checks SAML:aud", () => {
    const provider = `arn:aws:iam::${ACCOUNT}:saml-provider/GoogleWorkspace`;
    const t = ref(
      "resource",
      doc({
        Effect: "Allow",
        Principal: { Federated: provider },
        Action: ["sts:AssumeRoleWithSAML", "sts:TagSession", "sts:SetSourceIdentity"],
        Condition: { StringEquals: { "SAML:aud": ["https://signin.aws.amazon.com/saml"] } },
      }),
    );
    const idp = { arn: provider, account: ACCOUNT };
    const r = req(idp, "sts:AssumeRoleWithSAML", `arn:aws:iam::${ACCOUNT}:role/landing-sre`, {
      "saml:aud": "https://signin.aws.amazon.com/saml",
    });
    assert.equal(evaluate(r, { identity: [], resource: t }).verdict, "Allow");
    assert.equal(
      evaluate({ ...r, context: { "saml:aud": "https://evil.example/saml" } }, { identity: [], resource: t })
        .verdict,
      "ImplicitDeny",
    );
  });
});

describe("KMS key policies", () => {
  const key = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const alice = user("alice");
  test("the key policy must allow; naming the account delegates to IAM", () => {
    const keyPolicy = ref(
      "resource",
      doc({
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: "kms:*",
        Resource: "*",
      }),
    );
    const r = req(alice, "kms:Decrypt", key);
    assert.equal(evaluate(r, { ...identity(allowAll), resource: keyPolicy }).verdict, "Allow");
    assert.equal(evaluate(r, { identity: [], resource: keyPolicy }).verdict, "ImplicitDeny");
    assert.equal(evaluate(r, identity(allowAll)).accessCertain, false);
  });
});

describe("Principal and NotPrincipal", () => {
  const s = roleSession("cross-account-read-only-role", "cross-account-audit-app", OTHER);
  const r = { ...req(s, "s3:GetObject", "arn:aws:s3:::Bucket_AccountAudit/x"), resourceAccount: ACCOUNT };
  const allowRead = identity(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }));
  const bucket = (notPrincipal: string[]) =>
    ref(
      "resource",
      doc(
        {
          Effect: "Allow",
          Principal: { AWS: OTHER },
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::Bucket_AccountAudit/*",
        },
        {
          Effect: "Deny",
          NotPrincipal: { AWS: notPrincipal },
          Action: "s3:*",
          Resource: "arn:aws:s3:::Bucket_AccountAudit/*",
        },
      ),
    );

  test("NotPrincipal with Deny exempts a session only when session, role and account are listed", () => {
    const all = [s.sessionArn ?? "", s.arn, `arn:aws:iam::${OTHER}:root`];
    assert.equal(evaluate(r, { ...allowRead, resource: bucket(all) }).verdict, "Allow");
    assert.equal(
      evaluate(r, { ...allowRead, resource: bucket([`arn:aws:iam::${OTHER}:role/someone-else`]) }).verdict,
      "ExplicitDeny",
    );
    // "the effect of the policy might be to explicitly deny access to the role": might.
    const partial = evaluate(r, { ...allowRead, resource: bucket([s.sessionArn ?? ""]) });
    assert.equal(partial.accessCertain, false);
  });

  test("NotPrincipal with Deny always denies a principal with a permissions boundary", () => {
    const all = [s.sessionArn ?? "", s.arn, `arn:aws:iam::${OTHER}:root`];
    const d = evaluate(r, { ...allowRead, boundary: ref("boundary", allowAll), resource: bucket(all) });
    assert.equal(d.verdict, "ExplicitDeny");
  });

  test("a wildcard inside a principal ARN is reported", () => {
    const bad = ref(
      "resource",
      doc({
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${OTHER}:role/*` },
        Action: "s3:GetObject",
        Resource: "*",
      }),
    );
    const d = evaluate(r, { ...allowRead, resource: bad });
    assert.equal(d.accessCertain, false);
    assert.match(d.uncertain.map((u) => u.reason).join(), /wildcard inside principal/);
  });
});

describe("uncertainty is reported, never guessed", () => {
  const alice = user("alice");
  const r = req(alice, "s3:GetObject", "arn:aws:s3:::b/k", { "aws:PrincipalTag/team": "sre" });

  test("an unknown operator in an Allow", () => {
    const d = evaluate(
      r,
      identity(
        doc({
          Effect: "Allow",
          Action: "s3:*",
          Resource: "*",
          Condition: { StringEqualsAnyCase: { "aws:PrincipalTag/team": "SRE" } },
        }),
      ),
    );
    assert.deepEqual([d.verdict, d.accessCertain], ["ImplicitDeny", false]);
    assert.match(d.uncertain[0]?.reason ?? "", /unknown condition operator StringEqualsAnyCase/);
  });

  test("an unknown operator in a Deny that could override an Allow", () => {
    const d = evaluate(
      r,
      identity(
        allowAll,
        doc({
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { Stringequals: { "aws:PrincipalTag/team": "sre" } },
        }),
      ),
    );
    assert.deepEqual([d.verdict, d.accessCertain], ["ExplicitDeny", false]);
  });

  test("an undecided Deny on a request nothing allows leaves only the kind of deny open", () => {
    const d = evaluate(
      r,
      identity(doc({ Effect: "Deny", Action: "*", Resource: "*", Condition: { FooBar: { k: "v" } } })),
    );
    assert.deepEqual([d.verdict, d.accessCertain, d.uncertain.length > 0], ["ImplicitDeny", true, true]);
  });

  test("a decided Deny makes other unknowns irrelevant", () => {
    const d = evaluate(
      r,
      identity(
        allowAll,
        doc(
          { Effect: "Deny", Action: "s3:*", Resource: "*" },
          { Effect: "Allow", Action: "*", Resource: "*", Condition: { Nope: {} } },
        ),
      ),
    );
    assert.deepEqual([d.verdict, d.uncertain], ["ExplicitDeny", []]);
  });

  for (const [name, statement] of [
    ["both Action and NotAction", { Effect: "Allow", Action: "s3:*", NotAction: "iam:*", Resource: "*" }],
    [
      "a misspelt element",
      {
        Effect: "Allow",
        Action: "s3:*",
        Resource: "*",
        Conditon: { Bool: { "aws:SecureTransport": "true" } },
      },
    ],
    ["a bad Effect", { Effect: "allow", Action: "s3:*", Resource: "*" }],
    ["a Principal in an identity policy", { Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }],
    ["no Resource", { Effect: "Allow", Action: "s3:*" }],
    ["a malformed action", { Effect: "Allow", Action: "s3GetObject", Resource: "*" }],
  ] as const) {
    test(`a malformed statement is reported: ${name}`, () => {
      const d = evaluate(r, {
        identity: [ref("identity", { Version: "2012-10-17", Statement: [statement as never] })],
      });
      assert.equal(d.accessCertain, false, JSON.stringify(d));
    });
  }

  test("an unknown policy Version is reported", () => {
    const d = evaluate(r, {
      identity: [ref("identity", { Version: "2013-01-01" as never, Statement: allowAll.Statement })],
    });
    assert.equal(d.accessCertain, false);
  });
});
