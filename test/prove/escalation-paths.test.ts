// Check 4 on its own, over a small compiled design with one change each: which entry points (a
// team's landing role, a kept user, a workload's role) reach what the model does not grant, with
// the exact path and evidence a reviewer reads; what an admin level, a resource hub and a group a
// user joins do not count as.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { ScanCache } from "../../src/engine/scan-cache.js";
import { checkEscalation } from "../../src/prove/escalation.js";
import { resolveLevelAccess } from "../../src/prove/level-access.js";
import type { CheckResult } from "../../src/prove/types.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState, RoleDetail } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import { model } from "../helpers.js";

const clock = { now: "2026-11-28T00:00:00Z" };
const DEV = "111111111111";
const LANDING_OPS = "arn:aws:iam::999999999999:role/sekisho/landing-ops";
const BOT = "arn:aws:iam::999999999999:user/bot";
const TWEAK = `arn:aws:iam::${DEV}:role/sekisho/tweak`;
const LOOK = `arn:aws:iam::${DEV}:role/sekisho/look`;
const SHIP = `arn:aws:iam::${DEV}:role/sekisho/workload-ship`;

/** ops holds `tweak` (one action) in dev and `look` in prod; viewers `look` everywhere. */
const design = (action: string, tweak = "", options = "", ship = "{ dev: tweak }") => `organization: acme
identity:
  account: "999999999999"
  provider: { name: GoogleWorkspace }
  landing: look
environments:
  dev: { account: "${DEV}" }
  prod: { account: "333333333333" }
levels:
  look: { inline: { p: { Statement: [{ Effect: Allow, Action: "ec2:DescribeInstances", Resource: "*" }] } } }
  tweak: { inline: { p: { Statement: [{ Effect: Allow, Action: "${action}", Resource: "*" }] } }${tweak} }
teams:
  ops: { can: { dev: [tweak], prod: [look] } }
  viewers: { can: { "*": [look] } }
people:
  a@example.com: [ops]
users:
  bot: { teams: [ops], reason: CI }
  peek: { teams: [viewers], reason: CI }
workloads:
  ship:
    github: { repo: example/api, branches: [main] }
    can: ${ship}
${options}`;

function escalation(text: string, change?: (state: OrgState, find: (arn: string) => RoleDetail) => void) {
  const m = model(text);
  const state = compile(m);
  const find = (arn: string) =>
    state.accounts.flatMap((a) => a.authorizationDetails.RoleDetailList).find((r) => r.Arn === arn)!;
  change?.(state, find);
  const cache = new ScanCache();
  return checkEscalation(m, indexState(state), cache, clock, resolveLevelAccess(m, cache, clock));
}

/** Each finding up to its path. */
const heads = (c: CheckResult) =>
  c.failures.map(
    (f) => `${f.rule} ${f.subject} | ${f.message.split(", which the model does not grant: ")[0]}`,
  );

const inline = (name: string, statements: Statement[]) => ({
  PolicyName: name,
  PolicyDocument: { Version: "2012-10-17" as const, Statement: statements },
});

/** A role outside the design (no tags) in dev. */
function plainRole(state: OrgState, name: string, trust: Statement[], policies: Statement[] = []): string {
  const arn = `arn:aws:iam::${DEV}:role/${name}`;
  state.accounts
    .find((a) => a.accountId === DEV)!
    .authorizationDetails.RoleDetailList.push({
      Path: "/",
      RoleName: name,
      RoleId: `AROA${name.toUpperCase()}`,
      Arn: arn,
      CreateDate: "2026-01-01T00:00:00Z",
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: trust },
      InstanceProfileList: [],
      RolePolicyList: policies.length ? [inline("own", policies)] : [],
      AttachedManagedPolicies: [],
    });
  return arn;
}

const joinAnyGroup = (state: OrgState) => {
  const users = state.accounts.find((a) => a.accountId === "999999999999")!.authorizationDetails
    .UserDetailList;
  users.find((u) => u.Arn === BOT)!.UserPolicyList = [
    inline("join", [{ Effect: "Allow", Action: "iam:AddUserToGroup", Resource: "*" }]),
  ];
};

test("a level that may rewrite roles: every entry point holding it reaches admin of the account and all in it, with the path", () => {
  const c = escalation(design("iam:PutRolePolicy"));
  assert.deepEqual(
    [c.id, c.title, c.passed, c.notes, c.summary],
    [
      "no-escalation",
      "No escalation",
      false,
      [],
      "8 principals, 10 edges (2 kinds of method); 5 entry points checked",
    ],
  );
  // ops is granted tweak (and its landing role), the workload only its own role.
  assert.deepEqual(heads(c), [
    `escalation/path admin-of:${DEV} | team ops can reach admin of account ${DEV}`,
    `escalation/path ${LOOK} | team ops can reach ${LOOK}`,
    `escalation/path ${SHIP} | team ops can reach ${SHIP}`,
    `escalation/path admin-of:${DEV} | user bot can reach admin of account ${DEV}`,
    `escalation/path ${LOOK} | user bot can reach ${LOOK}`,
    `escalation/path ${SHIP} | user bot can reach ${SHIP}`,
    `escalation/path admin-of:${DEV} | workload ship can reach admin of account ${DEV}`,
    `escalation/path ${LOOK} | workload ship can reach ${LOOK}`,
    `escalation/path ${TWEAK} | workload ship can reach ${TWEAK}`,
  ]);
  assert.equal(
    c.failures[1]!.message,
    `team ops can reach ${LOOK}, which the model does not grant: ${LANDING_OPS} —[P1 sts:AssumeRole]→ ${TWEAK} ; ${TWEAK} —[7-12 iam:PutRolePolicy, then act as ${TWEAK}]→ admin-of:${DEV} ; admin-of:${DEV} —[account admin]→ ${LOOK}`,
  );
  assert.deepEqual(
    c.failures[1]!.evidence!.map((e) => [
      e.what,
      e.chain,
      e.statements!.map((s) => `${s.policy}[${s.index}]`),
    ]),
    [
      [
        `${LANDING_OPS} → ${TWEAK} by P1 sts:AssumeRole`,
        [LANDING_OPS, TWEAK],
        [`${LANDING_OPS}#inline:sekisho-switch-targets[0]`, `${TWEAK}#trust[0]`],
      ],
      [
        `${TWEAK} → admin-of:${DEV} by 7-12 iam:PutRolePolicy, then act as ${TWEAK}`,
        [TWEAK, `admin-of:${DEV}`],
        [`${TWEAK}#inline:p[0]`],
      ],
      [`admin-of:${DEV} → ${LOOK} by account admin`, [`admin-of:${DEV}`, LOOK], []],
    ],
  );
  assert.equal(
    c.failures[6]!.message,
    `workload ship can reach admin of account ${DEV}, which the model does not grant: ${SHIP} —[7-12 iam:PutRolePolicy, then act as ${SHIP}]→ admin-of:${DEV}`,
  );
});

test("the same level declared admin: being admin of the account covers all in it, for teams, users and workloads", () => {
  const c = escalation(design("iam:PutRolePolicy", ", access: admin"));
  assert.deepEqual(
    [c.passed, c.failures, c.summary],
    [true, [], "8 principals, 10 edges (2 kinds of method); 5 entry points checked"],
  );
});

test("a role a Lambda function may run as: reached through the account's functions, the hub itself not a finding nor a kind of method", () => {
  let fn = "";
  const c = escalation(design("lambda:UpdateFunctionCode"), (state) => {
    fn = plainRole(state, "fn", [
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    joinAnyGroup(state);
  });
  const hub = `resources-of:${DEV}:18 lambda:UpdateFunctionCode`;
  // Methods P1, 13 (joining a group) and 18; the hub's own edges are no method.
  assert.equal(c.summary, "9 principals, 12 edges (3 kinds of method); 5 entry points checked");
  assert.deepEqual(heads(c), [
    `escalation/path ${fn} | team ops can reach ${fn}`,
    `escalation/path ${fn} | user bot can reach ${fn}`,
    `escalation/path ${fn} | workload ship can reach ${fn}`,
  ]);
  assert.equal(
    c.failures[2]!.message,
    `workload ship can reach ${fn}, which the model does not grant: ${SHIP} —[18 lambda:UpdateFunctionCode]→ ${hub} ; ${hub} —[if a resource runs as the role]→ ${fn}`,
  );
  // Steps the catalog scan or a trust's service name stand for carry no statement.
  assert.deepEqual(
    c.failures[2]!.evidence!.map((e) => [e.what, e.statements]),
    [
      [`${SHIP} → ${hub} by 18 lambda:UpdateFunctionCode`, []],
      [`${hub} → ${fn} by if a resource runs as the role`, []],
    ],
  );
});

test("a kept user who may join any group: the user with the group is not a finding, only what it reaches", () => {
  const c = escalation(design("s3:PutObject"), joinAnyGroup);
  // bot may join viewers, whose switch targets trust only viewers' landing role and user peek.
  assert.deepEqual(
    [c.passed, c.failures, c.summary],
    [true, [], "8 principals, 9 edges (2 kinds of method); 5 entry points checked"],
  );
});

test("a statement the engine cannot decide fails the check, naming it", () => {
  const c = escalation(design("s3:PutObject"), (_, find) => {
    find(TWEAK).RolePolicyList.push(
      inline("odd", [
        {
          Effect: "Allow",
          Action: "iam:PutRolePolicy",
          Resource: "*",
          Condition: { StringEqualsFancy: { "aws:username": "x" } },
        },
      ]),
    );
  });
  const undecided = (on: string) =>
    `escalation/undecided ${TWEAK} | cannot decide iam:PutRolePolicy by ${TWEAK} on ${on}: ${TWEAK}#inline:odd[0]: unknown condition operator StringEqualsFancy`;
  assert.equal(c.passed, false);
  assert.deepEqual(
    c.failures.map((f) => `${f.rule} ${f.subject} | ${f.message}`),
    [undecided(TWEAK), undecided(LOOK), undecided(SHIP)],
  );
});

test("with source identities on, a person's switch needs sts:SetSourceIdentity and a workload's does not", () => {
  // look's trust also lets ops' landing role and the workload's role in by sts:AssumeRole alone.
  const opened = (options: string) =>
    escalation(design("s3:PutObject", "", options), (_, find) => {
      find(LOOK).AssumeRolePolicyDocument.Statement.push({
        Effect: "Allow",
        Principal: { AWS: [SHIP, LANDING_OPS] },
        Action: "sts:AssumeRole",
      });
      const to = (actions: string[]) => [
        inline("switch", [{ Effect: "Allow", Action: actions, Resource: LOOK }]),
      ];
      find(LANDING_OPS).RolePolicyList.push(...to(["sts:AssumeRole", "sts:SetSourceIdentity"]));
      find(SHIP).RolePolicyList.push(...to(["sts:AssumeRole"]));
    });
  const ship = `workload ship can reach ${LOOK}, which the model does not grant: ${SHIP} —[P1 sts:AssumeRole]→ ${LOOK}`;
  assert.deepEqual(
    opened("options: { sourceIdentity: true }\n").failures.map((f) => f.message),
    [ship],
  );
  assert.deepEqual(
    opened("").failures.map((f) => f.message),
    [
      `team ops can reach ${LOOK}, which the model does not grant: ${LANDING_OPS} —[P1 sts:AssumeRole]→ ${LOOK}`,
      ship,
    ],
  );
});

test("a workload reaching its own role in another environment is granted it", () => {
  const prod = "arn:aws:iam::333333333333:role/sekisho/workload-ship";
  const c = escalation(design("s3:PutObject", "", "", "{ dev: tweak, prod: look }"), (_, find) => {
    find(prod).AssumeRolePolicyDocument.Statement.push({
      Effect: "Allow",
      Principal: { AWS: SHIP },
      Action: "sts:AssumeRole",
    });
    find(SHIP).RolePolicyList.push(
      inline("hop", [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: prod }]),
    );
  });
  assert.deepEqual(
    [c.passed, c.failures, c.summary],
    [true, [], "9 principals, 9 edges (1 kinds of method); 6 entry points checked"],
  );
});

test("a source identity sticks: a role outside the design that a person's session reached needs sts:SetSourceIdentity to switch on", () => {
  // tweak may switch (with a source identity) into `plain`, which may only sts:AssumeRole into look.
  let plain = "";
  const through = (options: string) =>
    escalation(design("sts:AssumeRole", "", options), (state, find) => {
      plain = plainRole(
        state,
        "plain",
        [{ Effect: "Allow", Principal: { AWS: TWEAK }, Action: ["sts:AssumeRole", "sts:SetSourceIdentity"] }],
        [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: LOOK }],
      );
      find(TWEAK).RolePolicyList.push(
        inline("si", [{ Effect: "Allow", Action: "sts:SetSourceIdentity", Resource: "*" }]),
      );
      find(LOOK).AssumeRolePolicyDocument.Statement.push({
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${DEV}:root` },
        Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
        Condition: { ArnEquals: { "aws:PrincipalArn": plain } },
      });
    });
  assert.deepEqual(heads(through("options: { sourceIdentity: true }\n")), [
    `escalation/path ${plain} | team ops can reach ${plain}`,
    `escalation/path ${plain} | user bot can reach ${plain}`,
  ]);
  assert.deepEqual(heads(through("")), [
    `escalation/path ${plain} | team ops can reach ${plain}`,
    `escalation/path ${LOOK} | team ops can reach ${LOOK}`,
    `escalation/path ${plain} | user bot can reach ${plain}`,
    `escalation/path ${LOOK} | user bot can reach ${LOOK}`,
  ]);
});
