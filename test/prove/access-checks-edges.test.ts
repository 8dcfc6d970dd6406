// Checks 2 and 3 on their own, at their edges: what the switch policy may sanction, whose
// self-service is let through, sessions missing from the state, the order of the notes, and
// levels that share one scan result but not their acknowledgements.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import type { OrgState, RoleDetail } from "../../src/state/org-state.js";
import { model, readOnlyAcknowledged } from "../helpers.js";
import { changed, DEV_STG, landing, levels, lines, SRE, USER } from "./checks-bed.js";

const not = (who: string, action: string, levels: string, level = "readonly") =>
  `landing/not-read-only ${who} | ${who} allows ${action} (${levels}), which is not read-only and not acknowledged by level '${level}'`;

/** A role outside the design: no tags at all. */
const untagged = (account: string): RoleDetail => ({
  Path: "/",
  RoleName: "plain",
  RoleId: "AROAPLAIN",
  Arn: `arn:aws:iam::${account}:role/plain`,
  CreateDate: "2026-01-01T00:00:00Z",
  AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] },
  InstanceProfileList: [],
  RolePolicyList: [],
  AttachedManagedPolicies: [],
});

test("the switch policy sanctions only switch actions, and only on environment roles (not a landing role nor an untagged one)", () => {
  const accounting = "arn:aws:iam::111111111111:role/sekisho/landing-accounting";
  const c = landing(
    changed((state, find) => {
      state.accounts[0]!.authorizationDetails.RoleDetailList.push(untagged("111111111111"));
      find(SRE)
        .RolePolicyList.find((p) => p.PolicyName === "sekisho-switch-targets")!
        .PolicyDocument.Statement.push(
          { Effect: "Allow", Action: "s3:PutObject", Resource: DEV_STG },
          {
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: [accounting, "arn:aws:iam::111111111111:role/plain"],
          },
        );
    }),
  );
  assert.equal(c.passed, false);
  assert.deepEqual(lines(c), [not(SRE, "s3:PutObject", "Write"), not(SRE, "sts:AssumeRole", "Write")]);
});

test("a landing role holding the kept users' self-service policy gets no self-service pass", () => {
  const c = landing(
    changed((state, find) => {
      const self = state.accounts[0]!.authorizationDetails.Policies.find(
        (p) => p.PolicyName === "sekisho-self-manage-credentials",
      )!;
      // Its MFA deny (which would deny a role everything) dropped, keys allowed on any user.
      const doc = self.PolicyVersionList[0]!.Document;
      doc.Statement = [
        ...doc.Statement.filter((s) => s.Effect === "Allow"),
        { Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "*" },
      ];
      find(SRE).AttachedManagedPolicies.push({ PolicyName: self.PolicyName, PolicyArn: self.Arn });
    }),
  );
  // The kept users may create their own keys through it; the role may not.
  assert.deepEqual(lines(c), [not(SRE, "iam:CreateAccessKey", "Write")]);
});

test("a kept user missing from the state is no landing session and no failure", () => {
  const c = landing(
    changed((state) => {
      const users = state.accounts[0]!.authorizationDetails.UserDetailList;
      users.splice(
        users.findIndex((u) => u.Arn === USER),
        1,
      );
    }),
  );
  assert.deepEqual([c.passed, c.failures], [true, []]);
  assert.match(c.summary, /^5 landing sessions \(4 roles, 2 kept users\) over the whole catalog: /);
});

const design = `organization: acme
identity:
  account: "111111111111"
  provider: { name: GoogleWorkspace }
  landing: look
environments:
  dev: { account: "222222222222" }
levels:
  look:
    access: read
    inline: { p: { Statement: [{ Effect: Allow, Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" }] } }
    acknowledge: { s3:PutObject: x, athena:StartQueryExecution: y }
  peek: { managed: [ReadOnlyAccess], access: read }
  peek2:
    managed: [ReadOnlyAccess]
    access: read
    acknowledge:
${readOnlyAcknowledged("      ")}
  iam1: { managed: [IAMFullAccess], access: write, acknowledge: { iam:CreateUser: z } }
  iam2: { managed: [IAMFullAccess], access: write }
teams:
  ops: { can: { dev: [look, peek, peek2, iam1, iam2] } }
people:
  a@example.com: [ops]
users:
  bot: { teams: [ops], reason: CI }
`;

function designState(): { m: ReturnType<typeof model>; state: OrgState } {
  const m = model(design);
  const state = compile(m);
  const account = (id: string) => state.accounts.find((a) => a.accountId === id)!.authorizationDetails;
  // The kept user, judged after the landing roles, reads and writes more than they do.
  account("111111111111").UserDetailList[0]!.UserPolicyList = [
    {
      PolicyName: "more",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["athena:GetQueryResults", "athena:StartQueryExecution"],
            Resource: "*",
          },
        ],
      },
    },
  ];
  account("222222222222").RoleDetailList.push(untagged("222222222222"));
  return { m, state };
}

test("landing notes list data reads and acknowledgements sorted, whichever session brought them", () => {
  const { m, state } = designState();
  const c = landing(state, m);
  assert.deepEqual(
    [c.passed, c.summary, c.notes.map((n) => [n.rule, n.subject, n.message])],
    [
      true,
      "2 landing sessions (1 roles, 1 kept users) over the whole catalog: up to 14 actions allowed, 2 acknowledged, 2 data reads",
      [
        [
          "landing/data-read",
          "level look",
          "landing sessions can read data, not just metadata: athena:GetQueryResults, s3:GetObject",
        ],
        [
          "landing/acknowledged",
          "level look",
          "acknowledged beyond read: athena:StartQueryExecution: y; s3:PutObject: x",
        ],
      ],
    ],
  );
});

test("levels sharing one scan result are judged each by its own acknowledgements; declared access is said as declared", () => {
  const { m, state } = designState();
  const c = levels(state, m);
  const role = (level: string) => `arn:aws:iam::222222222222:role/sekisho/${level}`;
  assert.deepEqual(
    [c.passed, c.summary, c.notes.map((n) => n.message)],
    [
      false,
      "5 environment roles: read levels allow no write, write levels no IAM change or pass-role",
      [
        "look: access read",
        "peek: access read",
        "peek2: access read",
        "iam1: access write",
        "iam2: access write",
      ],
    ],
  );
  const of = (level: string) => lines(c).filter((l) => l.includes(`${role(level)} |`));
  assert.deepEqual(of("look"), []);
  assert.deepEqual(of("peek2"), []);
  const peek = (action: string, levels: string) =>
    `levels/not-read-only ${role("peek")} | ${role("peek")} allows ${action} (${levels}), which is not read-only and not acknowledged by level 'peek'`;
  assert.deepEqual(of("peek"), [
    peek("athena:GetSessionEndpoint", "Write"),
    peek("backup:ListIndexedRecoveryPointsForSearch", "Permissions management, Write"),
    peek("billing:GetResourcePolicy", "Permissions management, Write"),
    peek("cognito-idp:GetTokensFromRefreshToken", "Write"),
    peek("iot:GetConnection", "Write"),
    peek("iot:ListSubscriptions", "Write"),
    peek("s3express:CreateSession", "Write"),
    peek("ssm-sap:GetResourcePermission", "Permissions management, Write"),
  ]);
  // iam1 acknowledges iam:CreateUser, iam2 does not: the rest of IAM fails both.
  const createUser = (level: string) => of(level).filter((l) => l.includes(" allows iam:CreateUser:"));
  assert.deepEqual(createUser("iam1"), []);
  assert.deepEqual(createUser("iam2"), [
    `levels/iam-change ${role("iam2")} | ${role("iam2")} (level 'iam2', access write) allows iam:CreateUser: it may change IAM`,
  ]);
  assert.equal(of("iam1").length, of("iam2").length - 1);
  assert.ok(of("iam1").length > 100, String(of("iam1").length));
});
