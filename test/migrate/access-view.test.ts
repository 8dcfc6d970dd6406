// What the dry run says someone can do, called directly on one small account: a user who can
// rewrite their own permissions is admin of the account (and the path says how), a reader
// reaches exactly their actions (and sts:GetCallerIdentity, which needs no permission) and what
// the roles they may assume add, and the set algebra the gates compare with (lacking,
// intersection, union) is exact.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ScanCache } from "../../src/engine/scan-cache.js";
import { AccessView, intersection, lacking, unionOf } from "../../src/migrate/access.js";
import { ActionSet } from "../../src/migrate/action-set.js";
import {
  A,
  allow,
  group,
  groupArn,
  role,
  roleArn,
  state,
  trustUser,
  user,
  userArn,
} from "../graph/account.js";

const CLOCK = { now: "2026-11-28T00:00:00Z" };
const SELF = userArn("self-admin");
const READER = userArn("reader");
const SWITCHER = userArn("switcher");
const OTHER = "444455556666";

function view(): AccessView {
  const s = state(
    [
      // Can attach any policy to itself: whatever it lacks it can grant itself.
      user("self-admin", [allow("iam:PutUserPolicy", SELF)]),
      user("reader", [allow(["s3:GetObject", "s3:ListBucket"])]),
      user("switcher", [allow("sts:AssumeRole", roleArn("deployer"))]),
    ],
    [role("deployer", [trustUser(SWITCHER)], [allow("lambda:UpdateFunctionCode")])],
  );
  return new AccessView(s, new ScanCache(), { clock: CLOCK });
}

const names = (a: Map<string, ActionSet>) =>
  [...a].map(([account, set]) => [account, set.all ? ["*"] : set.minus(ActionSet.none())]);

test("a user who can rewrite their own permissions reaches everything in their account", () => {
  const v = view();
  assert.deepEqual(names(v.of([SELF])), [[A, ["*"]]]);
  assert.ok(v.of([SELF]).get(A)!.all);
  assert.equal(
    v.adminPath([SELF], A),
    `${SELF} —[7-12 iam:PutUserPolicy, then act as ${SELF}]→ admin-of:${A}`,
  );
});

test("a path of several steps to admin is told whole: assume a role, then rewrite the role", () => {
  const climber = userArn("climber");
  const s = state(
    [user("climber", [allow("sts:AssumeRole", roleArn("selfish"))])],
    [role("selfish", [trustUser(climber)], [allow("iam:PutRolePolicy", roleArn("selfish"))])],
  );
  const v = new AccessView(s, new ScanCache(), { clock: CLOCK });
  const selfish = roleArn("selfish");
  assert.equal(
    v.adminPath([climber], A),
    `${climber} —[P1 sts:AssumeRole]→ ${selfish} ; ${selfish} —[7-12 iam:PutRolePolicy, then act as ${selfish}]→ admin-of:${A}`,
  );
  assert.ok(v.of([climber]).get(A)!.all);
});

test("a reader reaches exactly their own actions, and is never admin", () => {
  const v = view();
  assert.deepEqual(names(v.of([READER])), [[A, ["s3:getobject", "s3:listbucket", "sts:getcalleridentity"]]]);
  assert.equal(v.adminPath([READER], A), undefined);
});

test("what a role the user may assume allows is theirs too; entries the state lacks give nothing", () => {
  const v = view();
  assert.deepEqual(names(v.of([SWITCHER])), [
    [A, ["lambda:updatefunctioncode", "sts:assumerole", "sts:getcalleridentity"]],
  ]);
  assert.deepEqual(names(v.of([userArn("gone"), READER])), [
    [A, ["s3:getobject", "s3:listbucket", "sts:getcalleridentity"]],
  ]);
  assert.deepEqual(names(v.of([userArn("gone")])), []);
  assert.equal(v.has(userArn("gone")), false);
  assert.equal(v.adminPath([userArn("gone"), SELF], A), v.adminPath([SELF], A));
});

test("a user who can join a group acts with that group's policies too, and only its own account's group", () => {
  const joiner = userArn("joiner");
  const s = state(
    [user("joiner", [allow("iam:AddUserToGroup", groupArn("deployers"))])],
    [],
    [group("deployers", [allow("lambda:UpdateFunctionCode")])],
  );
  // Another account has a group of the same name, with other rights: not the joiner's to join.
  const other = structuredClone(s.accounts[0]!);
  other.accountId = OTHER;
  other.authorizationDetails.UserDetailList = [];
  other.authorizationDetails.GroupDetailList = [
    { ...group("deployers", [allow("ec2:RunInstances")]), Arn: `arn:aws:iam::${OTHER}:group/deployers` },
  ];
  s.accounts.push(other);
  const v = new AccessView(s, new ScanCache(), { clock: CLOCK });
  assert.deepEqual(names(v.of([joiner])), [
    [A, ["iam:addusertogroup", "lambda:updatefunctioncode", "sts:getcalleridentity"]],
  ]);
});

test("lacking, intersection and union compare per account, by action name", () => {
  const some = (...a: string[]) => ActionSet.of(a);
  const need = new Map([
    [OTHER, some("s3:GetObject", "ec2:StartInstances")],
    [A, ActionSet.everything()],
  ]);
  const have = new Map([
    [A, some("s3:GetObject")],
    [OTHER, some("s3:GetObject")],
  ]);
  // Sorted by account; admin that is lost shows as the whole account.
  assert.deepEqual(
    [...lacking(need, have)],
    [
      [A, ["*"]],
      [OTHER, ["ec2:startinstances"]],
    ],
  );
  assert.deepEqual([...lacking(have, need)], []);
  assert.deepEqual(names(intersection(need, have)), [
    [OTHER, ["s3:getobject"]],
    [A, ["s3:getobject"]],
  ]);
  assert.deepEqual(names(intersection(have, new Map([[OTHER, some("iam:PassRole")]]))), []);
  assert.deepEqual(names(unionOf(have, new Map([[OTHER, some("iam:PassRole")]]))), [
    [A, ["s3:getobject"]],
    [OTHER, ["iam:passrole", "s3:getobject"]],
  ]);
});
