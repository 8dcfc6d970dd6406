// The level of a permission set, decided by the engine on the policies: admin-equivalent,
// read-only or anything else, with escalation paths, unknown policies and conditions.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ScanCache } from "../../src/engine/scan-cache.js";
import { buildGraph } from "../../src/graph/graph.js";
import { withAwsManagedDocuments } from "../../src/import/aws-managed.js";
import { importExports } from "../../src/import/import.js";
import { type Inference, inferLevel, levelEngine, representative } from "../../src/init/infer-levels.js";
import { indexState } from "../../src/sessions/principals.js";
import type { PolicyDocument } from "../../src/state/policy.js";
import { type AccountSpec, allow, exportOf } from "./fixtures.js";
import { NOW } from "./helpers.js";

const ACCOUNT = "555555555555";

function infer(spec: Omit<AccountSpec, "account">, user: string): Inference {
  const imported = importExports([{ path: "a.json", text: exportOf({ account: ACCOUNT, ...spec }) }]);
  const { state } = withAwsManagedDocuments(imported.state);
  const index = indexState(state);
  const cache = new ScanCache();
  const clock = { now: NOW };
  const engine = levelEngine(buildGraph(index, cache, { clock }), cache, clock);
  const p = index.principals.find((x) => x.kind === "user" && x.name === user);
  assert.ok(p, `user ${user}`);
  return inferLevel(engine, p);
}

const one = (name: string, policies: { managed?: string[]; inline?: Record<string, PolicyDocument> }) =>
  infer({ users: [{ name, ...policies }] }, name);

test("IAMFullAccess alone is admin: it can give itself anything", () => {
  assert.deepEqual(one("u", { managed: ["IAMFullAccess"] }), {
    level: "admin",
    why: "it can rewrite its own permissions (iam:PutUserPolicy on itself): admin-equivalent",
    review: [],
    notes: [],
  });
});

test("an allow of everything that needs MFA is admin: the scan signs in with MFA", () => {
  const mfa: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: "*",
        Resource: "*",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
      },
    ],
  };
  assert.equal(one("u", { inline: { mfa } }).level, "admin");
});

test("everything but IAM and Organizations is developer, and says what developer would not allow", () => {
  const doc: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "*", Resource: "*" },
      { Effect: "Deny", Action: ["iam:*", "organizations:*"], Resource: "*" },
    ],
  };
  const r = one("u", { inline: { almost: doc } });
  assert.equal(r.level, "developer");
  assert.equal(r.why, "it writes (12,334 actions beyond reads) but cannot rewrite its own permissions");
  assert.match(r.review[0]!, /^developer is a guess: it allows 12,334 actions beyond reads, e\.g\. /);
  assert.match(
    r.review[1]!,
    /^\d+ actions it allows today are not in developer \(PowerUserAccess\), e\.g\. account:/,
  );
  assert.equal(r.review.length, 2);
});

test("ReadOnlyAccess is readonly; its eight acknowledged non-reads do not make it developer", () => {
  assert.deepEqual(one("u", { managed: ["ReadOnlyAccess"] }), {
    level: "readonly",
    why: "it reads only (6,910 actions)",
    review: [],
    notes: [],
  });
});

test("no policy at all is readonly, flagged: readonly gives more than today", () => {
  assert.deepEqual(one("u", {}), {
    level: "readonly",
    why: "it allows no action of its own",
    review: [
      "it allows nothing today, and readonly reads every service: drop the person if they need no access",
    ],
    notes: [],
  });
});

test("only sts:AssumeRole: nothing of its own, and a note that the roles it reaches are not judged", () => {
  const r = one("u", { inline: { switch: allow(["sts:AssumeRole"]) } });
  assert.equal(r.level, "readonly");
  assert.deepEqual(r.notes, [
    "it may assume roles (sts:AssumeRole): what those roles allow is not part of this guess",
  ]);
});

test("a policy the export lacks fails closed: developer, with a REVIEW naming it", () => {
  const imported = JSON.parse(
    exportOf({ account: ACCOUNT, users: [{ name: "u", managed: ["ReadOnlyAccess"] }] }),
  );
  imported.UserDetailList[0].AttachedManagedPolicies.push({
    PolicyName: "Gone",
    PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Gone`,
  });
  const state = withAwsManagedDocuments(
    importExports([{ path: "a.json", text: JSON.stringify(imported) }]).state,
  ).state;
  const index = indexState(state);
  const cache = new ScanCache();
  const clock = { now: NOW };
  const r = inferLevel(levelEngine(buildGraph(index, cache, { clock }), cache, clock), index.principals[0]!);
  assert.equal(r.level, "developer");
  assert.equal(r.why, "it reads only as far as the export tells, and the rest is unknown");
  assert.equal(r.review[0], "the export lacks Gone: the level is inferred without it");
});

test("a user that can pass an admin role to EC2 is developer, with the escalation path to review", () => {
  const r = infer(
    {
      roles: [{ name: "ops-admin", managed: ["AdministratorAccess"], instanceProfile: true }],
      users: [
        {
          name: "u",
          inline: { launch: allow(["iam:PassRole", "ec2:RunInstances", "ec2:AssociateIamInstanceProfile"]) },
        },
      ],
    },
    "u",
  );
  assert.equal(r.level, "developer");
  assert.equal(
    r.escalation,
    "it can escalate to admin-equivalent role ops-admin (ec2:RunInstances with an instance profile → role ops-admin): admin in effect today",
  );
  assert.ok(r.review.includes(r.escalation!));
});

test("representative actions: the services with most actions first, telling verbs and short names first", () => {
  assert.deepEqual(
    representative(
      [
        "s3:PutObject",
        "s3:PutBucketPolicy",
        "s3:AbortMultipartUpload",
        "ec2:RunInstances",
        "ec2:StopInstances",
        "kms:Decrypt",
      ],
      4,
    ),
    ["s3:PutObject", "ec2:RunInstances", "kms:Decrypt", "s3:PutBucketPolicy"],
  );
});
