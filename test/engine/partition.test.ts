// An account is named within a partition: 111122223333 in aws-cn is not 111122223333 in aws
// (IAM User Guide, "IAM identifiers": the partition is part of every ARN; no principal
// crosses partitions). A trust naming one partition's root must not admit the other's users.
import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluate } from "../../src/engine/index.js";
import { ACCOUNT, doc, ref } from "./helpers.js";

const ask = (trustRoot: string, caller: string) => {
  const trust = doc({ Effect: "Allow", Principal: { AWS: trustRoot }, Action: "sts:AssumeRole" });
  const d = evaluate(
    {
      principal: { arn: caller, account: ACCOUNT },
      action: "sts:AssumeRole",
      resource: "arn:aws:iam::111122223333:role/r",
      context: {},
    },
    {
      identity: [ref("identity", doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }))],
      resource: ref("resource", trust),
    },
  );
  return d.verdict;
};

test("an account root ARN admits the account's principals of its own partition only", () => {
  assert.equal(ask(`arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:user/u`), "Allow");
  assert.equal(ask(`arn:aws-cn:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:user/u`), "ImplicitDeny");
  assert.equal(ask(`arn:aws-cn:iam::${ACCOUNT}:root`, `arn:aws-cn:iam::${ACCOUNT}:user/u`), "Allow");
  // A bare account ID names no partition: it is read in the policy's own.
  assert.equal(ask(ACCOUNT, `arn:aws:iam::${ACCOUNT}:user/u`), "Allow");
});
