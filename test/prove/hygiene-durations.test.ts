// Which roles the chained-duration and path-length rules read: environment roles by their level
// tag, among other tags, whatever order; roles without tags are none of them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkHygiene } from "../../src/prove/hygiene.js";
import type { PrincipalInfo, StateIndex } from "../../src/sessions/principals.js";
import type { Tag } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";

const LANDING = "arn:aws:iam::111111111111:role/sekisho/landing-sre";

function role(name: string, trust: Statement[], tags: Tag[] | undefined, max: number): PrincipalInfo {
  const arn = `arn:aws:iam::111111111111:role/sekisho/${name}`;
  return {
    kind: "role",
    arn,
    account: "111111111111",
    name,
    identity: [],
    role: {
      Path: "/sekisho/",
      RoleName: name,
      RoleId: "AROAX",
      Arn: arn,
      CreateDate: "2026-01-01T00:00:00Z",
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: trust },
      InstanceProfileList: [],
      RolePolicyList: [],
      AttachedManagedPolicies: [],
      MaxSessionDuration: max,
      ...(tags ? { Tags: tags } : {}),
    },
    trust: { id: `${arn}#trust`, kind: "resource", document: { Version: "2012-10-17", Statement: trust } },
    unknownPolicies: [],
  };
}

const chained: Statement[] = [{ Effect: "Allow", Principal: { AWS: LANDING }, Action: "sts:AssumeRole" }];

function run(...principals: PrincipalInfo[]) {
  const index: StateIndex = {
    principals,
    byArn: new Map(principals.map((p) => [p.arn, p])),
    policies: new Map(),
    groups: [],
  };
  const c = checkHygiene(index, (level) => (level === "admin" ? 7200 : undefined));
  return [...c.failures, ...c.notes].map((f) => `${f.rule} ${f.subject}`);
}

test("roles without tags, or with other tags only, are no environment roles", () => {
  const long = "x".repeat(60);
  assert.deepEqual(
    run(
      role(long, chained, undefined, 7200),
      role(`${long}y`, chained, [{ Key: "team", Value: "sre" }], 7200),
    ),
    [],
  );
});

test("the level is read from its own tag, not the first one", () => {
  const tags = [
    { Key: "team", Value: "sre" },
    { Key: "sekisho:level", Value: "admin" },
  ];
  // admin's 7200 s is the model's choice: a note, not a failure.
  assert.deepEqual(run(role("admin", chained, tags, 7200)), [
    "hygiene/chained-duration arn:aws:iam::111111111111:role/sekisho/admin",
  ]);
  const c = checkHygiene(
    {
      principals: [role("admin", chained, tags, 7200)],
      byArn: new Map(),
      policies: new Map(),
      groups: [],
    },
    (level) => (level === "admin" ? 7200 : undefined),
  );
  assert.deepEqual([c.failures.length, c.notes.length], [0, 1]);
});

test("a trust naming users and roles together is reached by chaining", () => {
  const mixed: Statement[] = [
    {
      Effect: "Allow",
      Principal: { AWS: ["arn:aws:iam::111111111111:user/ann", LANDING] },
      Action: "sts:AssumeRole",
    },
  ];
  const c = checkHygiene({
    principals: [role("dev", mixed, [{ Key: "sekisho:level", Value: "developer" }], 7200)],
    byArn: new Map(),
    policies: new Map(),
    groups: [],
  });
  assert.deepEqual(
    c.failures.map((f) => f.rule),
    ["hygiene/chained-duration"],
  );
});
