// The graph's finer rules, each on a small account: no step into oneself, one edge per target
// and method, instance profiles for EC2, hubs only when a role can run there, canonical group
// nodes, and the caller-controlled keys' names and reasons as audit prints them.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Decision } from "../../src/engine/types.js";
import { CALLER_KEYS, callerKey, conditionalOn, keyName } from "../../src/graph/caller-keys.js";
import { type GraphOptions, reach } from "../../src/graph/graph.js";
import type { OrgState, RoleDetail } from "../../src/state/org-state.js";
import {
  A,
  ATTACKER,
  allow,
  customerPolicy,
  graphOf,
  group,
  groupArn,
  role,
  roleArn,
  state,
  trustService,
  trustUser,
  user,
  userArn,
} from "./account.js";

const edgesOf = (s: OrgState, o: Partial<GraphOptions> = {}) =>
  graphOf(s, o).edges.map((e) => [e.from, e.to, e.kind, e.method, e.evidence.map((x) => x.what).join(", ")]);

test("no step into oneself: a role trusting its own account, a user with keys on itself", () => {
  assert.deepEqual(
    edgesOf(
      state(
        [user("attacker", [allow(["iam:CreateAccessKey", "iam:CreateLoginProfile"], ATTACKER)])],
        [role("loop", [trustUser(`arn:aws:iam::${A}:root`)], [allow("sts:AssumeRole")])],
      ),
    ),
    [],
  );
});

test("one edge per target and kind of step: the first method that works", () => {
  const mine = customerPolicy("mine");
  assert.deepEqual(
    edgesOf(
      state(
        [
          user("attacker", [
            allow(["iam:PutRolePolicy", "iam:AttachRolePolicy"], roleArn("helper")),
            allow(
              ["iam:CreateAccessKey", "iam:UpdateLoginProfile", "iam:PutUserPolicy", "iam:AttachUserPolicy"],
              userArn("bob"),
            ),
            allow(["iam:PutGroupPolicy", "iam:AttachGroupPolicy"], groupArn("devs")),
            allow(["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"], mine.Arn),
            allow("iam:PassRole", roleArn("helper")),
            allow(["lambda:CreateFunction", "lambda:InvokeFunction", "lambda:AddPermission"]),
          ]),
          user("bob", [], ["devs"], [mine.Arn]),
        ],
        [role("helper", [trustService("lambda.amazonaws.com")], [])],
        [group("devs")],
        [mine],
      ),
    ),
    [
      [ATTACKER, roleArn("helper"), "grant", "7-12 iam:PutRolePolicy", "iam:PutRolePolicy"],
      [ATTACKER, roleArn("helper"), "move", "15 lambda:CreateFunction + InvokeFunction", "iam:PassRole"],
      [ATTACKER, userArn("bob"), "grant", "7-12 iam:PutUserPolicy", "iam:PutUserPolicy"],
      [ATTACKER, userArn("bob"), "move", "4-6 iam:CreateAccessKey", "iam:CreateAccessKey"],
      [ATTACKER, userArn("bob"), "grant", "8/11 iam:PutGroupPolicy on devs", "iam:PutGroupPolicy"],
      [
        ATTACKER,
        userArn("bob"),
        "grant",
        `1-2 iam:CreatePolicyVersion on ${mine.Arn}`,
        "iam:CreatePolicyVersion",
      ],
    ],
  );
});

test("EC2 needs an instance profile: the role's own, or one the caller can make and fill", () => {
  const ec2 = (profile: boolean, extra: string[]) =>
    edgesOf(
      state(
        [user("attacker", [allow("iam:PassRole", roleArn("box")), allow(["ec2:RunInstances", ...extra])])],
        [role("box", [trustService("ec2.amazonaws.com")], [], profile)],
      ),
    );
  const edge = [
    [ATTACKER, roleArn("box"), "move", "3 ec2:RunInstances with an instance profile", "iam:PassRole"],
  ];
  assert.deepEqual(ec2(true, []), edge);
  assert.deepEqual(ec2(false, []), []);
  assert.deepEqual(ec2(false, ["iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile"]), edge);
  assert.deepEqual(ec2(false, ["iam:CreateInstanceProfile"]), []);
  assert.deepEqual(ec2(false, ["iam:AddRoleToInstanceProfile"]), []);
  // PassRole is needed as well as the service's actions.
  assert.deepEqual(
    edgesOf(
      state(
        [user("attacker", [allow(["ec2:RunInstances", "lambda:CreateFunction", "lambda:InvokeFunction"])])],
        [role("box", [trustService("ec2.amazonaws.com")], [], true)],
      ),
    ),
    [],
  );
  // Taking over an instance needs its profile too; a role without one runs on no instance.
  const ssm = (profile: boolean) =>
    edgesOf(
      state(
        [user("attacker", [allow("ssm:SendCommand")])],
        [role("box", [trustService("ec2.amazonaws.com")], [], profile)],
      ),
    ).map((e) => e[3]);
  assert.deepEqual(ssm(true), ["if a resource runs as the role", "P2 ssm:SendCommand / StartSession"]);
  assert.deepEqual(ssm(false), []);
});

test("a takeover method needs every one of its actions, and a role that can run there", () => {
  const methods = (actions: string[], roles: RoleDetail[]) =>
    edgesOf(state([user("attacker", [allow(actions)])], roles))
      .filter((e) => e[0] === ATTACKER)
      .map((e) => e[3]);
  const glue = [role("job", [trustService("glue.amazonaws.com")], [])];
  assert.deepEqual(methods(["glue:UpdateJob", "glue:StartJobRun"], glue), [
    "glue:UpdateJob + StartJobRun or CreateTrigger",
  ]);
  assert.deepEqual(methods(["glue:UpdateJob", "glue:CreateTrigger"], glue), [
    "glue:UpdateJob + StartJobRun or CreateTrigger",
  ]);
  assert.deepEqual(methods(["glue:StartJobRun"], glue), []);
  assert.deepEqual(methods(["glue:UpdateJob"], glue), []);
  // No role the service may assume: no hub, no edge.
  assert.deepEqual(methods(["lambda:UpdateFunctionCode"], glue), []);
  assert.deepEqual(methods(["lambda:UpdateFunctionCode"], []), []);
  // Two methods of the same service share its roles: one hub each, both reached.
  const g = graphOf(
    state(
      [user("attacker", [allow(["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"])])],
      [
        role("fn", [trustService("lambda.amazonaws.com")], []),
        role("fn2", [trustService("lambda.amazonaws.com")], []),
      ],
    ),
  );
  assert.deepEqual(
    [...reach(g, ATTACKER).keys()].filter((n) => n.startsWith("arn:")),
    [ATTACKER, roleArn("fn"), roleArn("fn2")],
  );
  assert.equal(g.edges.filter((e) => e.method === "if a resource runs as the role").length, 4);
});

test("joining groups: each set of groups is one node, visited once whatever the order", () => {
  const g = graphOf(
    state(
      [user("attacker", [allow("iam:AddUserToGroup", [groupArn("a"), groupArn("b"), groupArn("c")])])],
      [],
      [
        group("a", [allow("s3:ListBucket")]),
        group("b", [allow("s3:ListBucket")]),
        group("c", [allow("s3:ListBucket")]),
      ],
    ),
  );
  const to = g.edges.map((e) => e.to);
  const node = (...gs: string[]) => [ATTACKER, ...gs].join("+group:");
  // Every non-empty set of the three groups, reached by each of its one-smaller subsets.
  assert.equal(to.length, 3 + 6 + 3);
  assert.deepEqual(
    [...new Set(to)].sort(),
    [
      node("a"),
      node("a", "b"),
      node("a", "b", "c"),
      node("a", "c"),
      node("b"),
      node("b", "c"),
      node("c"),
    ].sort(),
  );
  assert.equal(to.filter((t) => t === node("a", "b", "c")).length, 3);
});

test("a user's own session carries no SetSourceIdentity step; a role's does", () => {
  const evidence = (o: Partial<GraphOptions>) =>
    graphOf(
      state(
        [user("attacker", [allow(["sts:AssumeRole", "sts:SetSourceIdentity"])])],
        [
          role(
            "target",
            [{ ...trustUser(ATTACKER), Action: ["sts:AssumeRole", "sts:SetSourceIdentity"] }],
            [],
          ),
        ],
      ),
      o,
    ).edges.map((e) => e.evidence.map((x) => x.what));
  assert.deepEqual(evidence({ sourceIdentity: true }), [["sts:AssumeRole"]]);
});

test("caller-controlled keys: each one's name as AWS spells it and why the caller meets it", () => {
  assert.deepEqual(
    Object.keys(CALLER_KEYS).map((k) => [keyName(k), callerKey(k)]),
    [
      [
        "aws:TokenIssueTime",
        {
          how: "free",
          why: "a user with access keys gets it by calling sts:GetSessionToken; console sign-ins and role sessions carry it",
        },
      ],
      ["aws:RequestedRegion", { how: "free", why: "the caller picks the region of its request" }],
      ["aws:UserAgent", { how: "free", why: "the caller writes its own User-Agent header" }],
      ["aws:TagKeys", { how: "free", why: "the caller chooses the tags its request sets" }],
      [
        "aws:SourceIp",
        {
          how: "network",
          why: "met by calling from an address the condition names, e.g. from inside that network",
        },
      ],
      [
        "aws:SourceVpc",
        {
          how: "network",
          why: "met by calling through an endpoint of that VPC, e.g. from an instance in it",
        },
      ],
      [
        "aws:SourceVpce",
        {
          how: "network",
          why: "met by calling through that VPC endpoint, e.g. from an instance that uses it",
        },
      ],
    ],
  );
  assert.equal(keyName("aws:requesttag/CostCenter"), "aws:RequestTag/CostCenter");
  assert.equal(keyName("s3:prefix"), "s3:prefix");
  assert.equal(callerKey("xaws:requesttag/x"), undefined);
  const open = (reason: string) =>
    ({
      verdict: "ImplicitDeny",
      accessCertain: false,
      uncertain: [{ policyId: "p", index: 0, reason }],
    }) as unknown as Decision;
  const unknown = "aws:sourceip is in every real request and its value is not known here";
  assert.deepEqual(conditionalOn(open(unknown)), ["aws:sourceip"]);
  assert.equal(conditionalOn(open(`${unknown}, and more`)), undefined);
  assert.equal(conditionalOn(open(`aws:source ip ${unknown.slice("aws:sourceip ".length)}`)), undefined);
  assert.deepEqual(conditionalOn(open(unknown.replace("aws:sourceip", "aws:requesttag/team"))), [
    "aws:requesttag/team",
  ]);
});

test("trusts naming principals that are not accounts, in another partition or another form", () => {
  const callers = (AWS: string | string[]) =>
    graphOf(
      state(
        [user("attacker", [allow("sts:AssumeRole")]), user("idle", [])],
        [role("target", [{ Effect: "Allow", Principal: { AWS }, Action: "sts:AssumeRole" }], [])],
      ),
    )
      .edges.filter((e) => e.to === roleArn("target"))
      .map((e) => e.from);
  // An assumed-role session ARN is neither a role nor an account: everyone is tried, and the
  // engine decides (here nobody matches it).
  assert.deepEqual(callers(`arn:aws:sts::${A}:assumed-role/x/y`), []);
  assert.deepEqual(callers([`arn:aws:sts::${A}:assumed-role/x/y`, userArn("idle")]), [userArn("idle")]);
  // The account, as its root ARN in any partition or as the bare id.
  assert.deepEqual(callers(`arn:aws:iam::${A}:root`), [ATTACKER]);
  assert.deepEqual(callers(A), [ATTACKER]);
  assert.deepEqual(callers([userArn("idle"), `arn:aws:iam::${A}:root`]), [userArn("idle"), ATTACKER]);
});
