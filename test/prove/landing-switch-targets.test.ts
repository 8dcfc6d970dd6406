// The landing check's switch exemption names environment roles only: those tagged with a level.
// A landing role is tagged too (team, organisation), but a switch into another team's landing
// role is a way into that team's grants, not a switch the design sanctions.
import assert from "node:assert/strict";
import { test } from "node:test";
import { changed, landing, lines, SRE } from "./checks-bed.js";

test("a switch policy naming another team's landing role fails the landing check", () => {
  const accounting = "arn:aws:iam::111111111111:role/sekisho/landing-accounting";
  const c = landing(
    changed((_, find) => {
      find(SRE)
        .RolePolicyList.find((p) => p.PolicyName === "sekisho-switch-targets")!
        .PolicyDocument.Statement.push({ Effect: "Allow", Action: "sts:AssumeRole", Resource: accounting });
    }),
  );
  assert.deepEqual(lines(c), [
    `landing/not-read-only ${SRE} | ${SRE} allows sts:AssumeRole (Write), which is not read-only and not acknowledged by level 'readonly'`,
  ]);
});
