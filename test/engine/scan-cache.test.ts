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
