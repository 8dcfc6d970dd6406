// The scan cache's shortcuts (per-policy union, services-only catalogs) must give exactly what a
// full scan of the whole policy set gives.
import assert from "node:assert/strict";
import { test } from "node:test";
import { scanCatalog } from "../../src/engine/scan.js";
import { ScanCache } from "../../src/engine/scan-cache.js";
import type { PolicyRef } from "../../src/engine/types.js";
import type { PolicyDocument } from "../../src/state/policy.js";

const principal = {
  arn: "arn:aws:iam::111122223333:role/r",
  sessionArn: "arn:aws:sts::111122223333:assumed-role/r/s",
  account: "111122223333",
};
const context = { "aws:CurrentTime": "2026-11-28T00:00:00Z", "aws:SecureTransport": "true" };
const ref = (id: string, document: PolicyDocument): PolicyRef => ({ id, kind: "identity", document });

const SETS: PolicyRef[][] = [
  [
    ref("a", {
      Statement: [
        { Effect: "Allow", Action: ["s3:GetObject", "S3:PutObject"], Resource: "arn:aws:s3:::b/*" },
      ],
    }),
  ],
  [
    ref("b", {
      Statement: [
        {
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: "*",
          Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
        },
      ],
    }),
    ref("c", {
      Statement: [{ Effect: "Allow", Action: ["lambda:Update*", "ec2:Describe*"], Resource: "*" }],
    }),
  ],
  [
    ref("d", {
      Statement: [
        { Effect: "Allow", Action: "dynamodb:*", Resource: "*" },
        { Effect: "Deny", Action: "dynamodb:Delete*", Resource: "*" },
      ],
    }),
  ],
  [ref("e", { Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] })],
  // A malformed pattern may match anything in the scan, so the catalog must not be cut to s3.
  [
    ref("m", {
      Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "ec2:Describe Instances"], Resource: "*" }],
    }),
  ],
  // An Effect that is neither Allow nor Deny is undecided: it may allow, so its actions stay in.
  [
    ref("x", { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }),
    // Typed as a document, an Effect IAM would refuse: as read from a file.
    ref("y", JSON.parse('{"Statement":[{"Effect":"allow","Action":"iam:CreateUser","Resource":"*"}]}')),
  ],
  [
    ref("f", { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
    ref("g", { Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }] }),
  ],
];

test("cached, split and service-filtered scans equal a full scan", () => {
  const cache = new ScanCache();
  for (const identity of SETS) {
    const full = scanCatalog({ identity }, principal, context);
    const fast = cache.scan({ identity }, principal, context);
    assert.deepEqual(
      fast.allowed.map((h) => [h.action, h.certain]),
      full.allowed.map((h) => [h.action, h.certain]),
      identity.map((r) => r.id).join("+"),
    );
  }
});

const user = { arn: "arn:aws:iam::111122223333:user/u", account: "111122223333" };
const rows = (r: { allowed: { action: string; certain: boolean }[] }) =>
  r.allowed.map((h) => `${h.action}${h.certain ? "" : "?"}`);

test("a policy with no condition is scanned once for users and role sessions alike", () => {
  const cache = new ScanCache();
  const identity = [
    ref("plain", {
      Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" }],
    }),
  ];
  const asSession = cache.scan({ identity }, principal, context);
  const asUser = cache.scan({ identity }, user, { ...context, "aws:MultiFactorAuthPresent": "true" });
  assert.equal(cache.scans, 1);
  assert.equal(asUser, asSession);
  assert.deepEqual(rows(asUser), ["s3:GetObject", "s3:PutObject", "sts:GetCallerIdentity"]);
});

test("a policy with a condition is scanned per context: MFA present and absent differ", () => {
  const cache = new ScanCache();
  const identity = [
    ref("mfa", {
      Statement: [
        {
          Effect: "Allow",
          Action: "iam:CreateUser",
          Resource: "*",
          Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
        },
      ],
    }),
  ];
  const withMfa = cache.scan({ identity }, user, { ...context, "aws:MultiFactorAuthPresent": "true" });
  const keysOnly = cache.scan({ identity }, user, context);
  assert.equal(cache.scans, 2);
  assert.deepEqual(rows(withMfa), ["iam:CreateUser", "sts:GetCallerIdentity"]);
  assert.deepEqual(rows(keysOnly), ["sts:GetCallerIdentity"]);
});

test("the root user's scan is the whole catalog, whatever its policies name", () => {
  const root = { arn: "arn:aws:iam::111122223333:root", account: "111122223333" };
  const identity = [
    ref("small", { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }),
  ];
  const r = new ScanCache().scan({ identity }, root, context);
  assert.deepEqual(
    rows(r).filter((a) => a === "iam:CreateUser" || a === "s3:GetObject"),
    ["iam:CreateUser", "s3:GetObject"],
  );
});

// The exposure check's question: anything but reads (STS aside)?
const BEYOND_READING = {
  at: (a: { id: string; service: string }) => a.service !== "sts" && !/:(Get|List|Describe)/.test(a.id),
};

test("scanUntil ends at the first allowed action the stop names, and says which", () => {
  const cache = new ScanCache();
  const writes = [
    ref("w", { Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" }] }),
  ];
  const r = cache.scanUntil({ identity: writes }, principal, context, BEYOND_READING);
  assert.equal(r.stoppedAt, "s3:PutObject");
  assert.deepEqual(rows(r), ["s3:GetObject", "s3:PutObject"]);
});

test("scanUntil: one policy of a deny-free layer that allows a write answers for the layer", () => {
  const cache = new ScanCache();
  const identity = [
    ref("r", { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }),
    ref("w", { Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }] }),
  ];
  assert.equal(
    cache.scanUntil({ identity }, principal, context, BEYOND_READING).stoppedAt,
    "sqs:SendMessage",
  );
});

test("scanUntil without a stopping action is the whole scan, and a deny still removes the write", () => {
  const cache = new ScanCache();
  const reads = [
    ref("r", { Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" }] }),
  ];
  const r = cache.scanUntil({ identity: reads }, principal, context, BEYOND_READING);
  assert.equal(r.stoppedAt, undefined);
  assert.deepEqual(rows(r), rows(scanCatalog({ identity: reads }, principal, context)));
  const denied = [
    ref("d", {
      Statement: [
        { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" },
        { Effect: "Deny", Action: "s3:PutObject", Resource: "*" },
      ],
    }),
  ];
  const d = cache.scanUntil({ identity: denied }, principal, context, BEYOND_READING);
  assert.equal(d.stoppedAt, undefined);
  assert.deepEqual(rows(d), ["s3:GetObject", "sts:GetCallerIdentity"]);
});
