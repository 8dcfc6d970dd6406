// A principal ARN that equals the requester's only up to case. IAM names are "not
// distinguished by case" (CreateRole: "you cannot create resources named both
// "MyResource" and "myresource""), yet ARN matching in policies is case-sensitive, and AWS
// does not say which wins in a Principal element: undecided, never a confident Allow (a
// trust naming role/Admin must not be proved to let role/admin in) nor a confident deny.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluate } from "../../src/engine/index.js";
import type { PolicySet, Principal } from "../../src/engine/types.js";
import type { Statement } from "../../src/state/policy.js";
import { ACCOUNT, allowAll, doc, identity, OTHER, ref, req, roleSession, user } from "./helpers.js";

const TARGET = `arn:aws:iam::${ACCOUNT}:role/target`;

function assume(who: Principal, trust: Statement) {
  const p: PolicySet = { ...identity(allowAll), resource: ref("resource", doc(trust)) };
  const d = evaluate({ ...req(who, "sts:AssumeRole", TARGET), resourceAccount: ACCOUNT }, p);
  return d.accessCertain ? d.verdict : "undecided";
}

const trusting = (arn: string): Statement => ({
  Effect: "Allow",
  Principal: { AWS: arn },
  Action: "sts:AssumeRole",
});

describe("principal ARNs differing only in case", () => {
  const admin = roleSession("admin", "alice", OTHER);
  test("the exact ARN is let in; a case variant of the role name is undecided", () => {
    assert.equal(assume(admin, trusting(`arn:aws:iam::${OTHER}:role/admin`)), "Allow");
    assert.equal(assume(admin, trusting(`arn:aws:iam::${OTHER}:role/Admin`)), "undecided");
    assert.equal(assume(admin, trusting(`arn:aws:iam::${OTHER}:role/ADMIN`)), "undecided");
    assert.equal(assume(admin, trusting(`arn:aws:sts::${OTHER}:assumed-role/Admin/alice`)), "undecided");
  });

  test("a user name in another case, and another name altogether", () => {
    const bob = user("bob", OTHER);
    assert.equal(assume(bob, trusting(`arn:aws:iam::${OTHER}:user/Bob`)), "undecided");
    assert.equal(assume(bob, trusting(`arn:aws:iam::${OTHER}:user/bobby`)), "ImplicitDeny");
  });

  test("a Deny naming a case variant does not confidently spare the requester", () => {
    const p: PolicySet = {
      ...identity(allowAll),
      resource: ref(
        "resource",
        doc(trusting(`arn:aws:iam::${OTHER}:role/admin`), {
          Effect: "Deny",
          Principal: { AWS: `arn:aws:iam::${OTHER}:role/Admin` },
          Action: "sts:AssumeRole",
        }),
      ),
    };
    const d = evaluate({ ...req(admin, "sts:AssumeRole", TARGET), resourceAccount: ACCOUNT }, p);
    assert.deepEqual([d.verdict, d.accessCertain], ["ExplicitDeny", false]);
  });

  test("NotPrincipal listing a case variant is undecided", () => {
    const p: PolicySet = {
      ...identity(allowAll),
      resource: ref(
        "resource",
        doc(trusting(`arn:aws:iam::${OTHER}:root`), {
          Effect: "Deny",
          NotPrincipal: {
            AWS: [`arn:aws:iam::${OTHER}:root`, `arn:aws:iam::${OTHER}:role/Admin`, admin.sessionArn ?? ""],
          },
          Action: "sts:AssumeRole",
        }),
      ),
    };
    const d = evaluate({ ...req(admin, "sts:AssumeRole", TARGET), resourceAccount: ACCOUNT }, p);
    assert.equal(d.accessCertain, false);
  });
});
