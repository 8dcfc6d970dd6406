// A compiled design names exact roles and principals: a wildcard or policy variable in a role
// path, a trusted principal or a switch target is a finding, with the exact place.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkWildcardArns } from "../../src/prove/wildcard-arns.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState, RoleDetail } from "../../src/state/org-state.js";
import { exampleState } from "../helpers.js";

const A = "arn:aws:iam::111111111111";

function findings(f: (state: OrgState, find: (arn: string) => RoleDetail) => void): string[] {
  const state: OrgState = structuredClone(exampleState());
  const find = (arn: string) => {
    for (const a of state.accounts) {
      const r = a.authorizationDetails.RoleDetailList.find((x) => x.Arn === arn);
      if (r) return r;
    }
    throw new Error(arn);
  };
  f(state, find);
  return checkWildcardArns(indexState(state)).map((x) => `${x.rule} ${x.subject} | ${x.message}`);
}

test("the example's compiled state names only exact ARNs", () => {
  assert.deepEqual(
    findings(() => {}),
    [],
  );
});

test("a wildcard in a role path", () => {
  assert.deepEqual(
    findings((_, find) => {
      find(`${A}:role/sekisho/admin`).Path = "/sekisho*/";
    }),
    [
      `hygiene/wildcard-arn ${A}:role/sekisho/admin | ${A}:role/sekisho/admin: path '/sekisho*/' contains a wildcard or policy variable; the design names exact roles and principals`,
    ],
  );
});

test("a wildcard in a trusted principal, in Principal.AWS and in aws:PrincipalArn / aws:SourceArn conditions", () => {
  const got = findings((_, find) => {
    const t = find(`${A}:role/sekisho/readonly`).AssumeRolePolicyDocument;
    t.Statement.push(
      { Effect: "Allow", Principal: { AWS: [`${A}:role/ok`, `${A}:role/x?`] }, Action: "sts:AssumeRole" },
      {
        Effect: "Allow",
        Principal: "*",
        Action: "sts:AssumeRole",
        Condition: {
          ArnLike: { "aws:PrincipalArn": `${A}:role/\${aws:username}`, "aws:userid": "AROA*" },
          StringLike: { "AWS:SourceArn": [`${A}:role/exact`, `${A}:role/any*`] },
        },
      },
    );
  });
  const subject = `${A}:role/sekisho/readonly`;
  const msg = (arn: string) =>
    `hygiene/wildcard-arn ${subject} | ${subject}: trusted principal '${arn}' contains a wildcard or policy variable; the design names exact roles and principals`;
  assert.deepEqual(got, [msg(`${A}:role/x?`), msg(`${A}:role/\${aws:username}`), msg(`${A}:role/any*`)]);
});

test("a wildcard in a switch target, of a landing role (Resource and NotResource) and of a group", () => {
  const got = findings((state, find) => {
    const landing = find(`${A}:role/sekisho/landing-sre`);
    const sw = landing.RolePolicyList.find((p) => p.PolicyName === "sekisho-switch-targets")!;
    sw.PolicyDocument.Statement.push(
      { Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::*:role/sekisho/admin" },
      { Effect: "Deny", Action: "sts:AssumeRole", NotResource: "arn:aws:iam::222222222222:role/sekisho/*" },
    );
    // Another inline policy with a wildcard is not a switch policy: not this rule's business.
    landing.RolePolicyList.push({
      PolicyName: "other",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
      },
    });
    const group = state.accounts[0]!.authorizationDetails.GroupDetailList.find(
      (g) => g.GroupName === "sekisho-sre",
    )!;
    group.GroupPolicyList.find(
      (p) => p.PolicyName === "sekisho-switch-targets",
    )!.PolicyDocument.Statement.push({
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: "arn:aws:iam::333333333333:role/sekisho/?dmin",
    });
    group.GroupPolicyList.push({
      PolicyName: "other",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
      },
    });
  });
  const landing = `${A}:role/sekisho/landing-sre`;
  const group = `${A}:group/sekisho/sekisho-sre`;
  const tail = "contains a wildcard or policy variable; the design names exact roles and principals";
  assert.deepEqual(got, [
    `hygiene/wildcard-arn ${landing} | ${landing}: switch target 'arn:aws:iam::*:role/sekisho/admin' ${tail}`,
    `hygiene/wildcard-arn ${landing} | ${landing}: switch target 'arn:aws:iam::222222222222:role/sekisho/*' ${tail}`,
    `hygiene/wildcard-arn ${group} | ${group}: switch target 'arn:aws:iam::333333333333:role/sekisho/?dmin' ${tail}`,
  ]);
});
