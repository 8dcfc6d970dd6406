// Explain lists the always-present keys it does not know in one stable order, whatever the
// order of the statements that read them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { unknownAlwaysKeys } from "../../src/prove/request-keys.js";

test("unknown always-present keys come sorted, not in the order the statements read them", () => {
  const read = (key: string) => ({
    Effect: "Allow" as const,
    Action: "s3:GetObject",
    Resource: "*",
    Condition: { StringEquals: { [key]: "x" } },
  });
  assert.deepEqual(
    unknownAlwaysKeys([read("aws:UserAgent"), read("aws:SourceIp"), read("aws:CurrentTime")], {}),
    ["aws:CurrentTime", "aws:SourceIp", "aws:UserAgent"],
  );
});
