// Checks 2 and 3 on their own, over the example's compiled state with one change each: the exact
// findings and notes a reviewer reads for landing sessions and for each level.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { exampleState, model as load } from "../helpers.js";
import { changed, extra, landing, lines, SRE, USER } from "./checks-bed.js";

test("the example's landing sessions: read-only, with the data reads, acknowledgements and identity account said", () => {
  const c = landing(exampleState());
  assert.deepEqual(
    [c.id, c.title, c.passed, c.failures],
    ["landing-read-only", "Landing is read-only", true, []],
  );
  assert.equal(
    c.summary,
    "6 landing sessions (4 roles, 2 kept users) over the whole catalog: up to 6920 actions allowed, 8 acknowledged, 37 data reads",
  );
  assert.deepEqual(
    c.notes.map((n) => [n.rule, n.subject]),
    [
      ["landing/data-read", "level readonly"],
      ["landing/identity-is-environment", "account 111111111111"],
      ["landing/acknowledged", "level readonly"],
    ],
  );
  assert.match(
    c.notes[0]!.message,
    /^landing sessions can read data, not just metadata: athena:GetQueryResults, athena:GetQueryResultsStream, codecommit:GetBlob, .*, s3:GetObject, .*, s3express:CreateSession, sqs:ReceiveMessage, ssm:GetParameter, ssm:GetParameterHistory, ssm:GetParameters, ssm:GetParametersByPath$/,
  );
  assert.equal(
    c.notes[1]!.message,
    "the identity account 111111111111 is also environment 'dev': every landing session (up to 8h) reads it with level readonly, data reads included, without switching; a dedicated identity account with no workloads keeps landing away from data (docs/landing.md)",
  );
  assert.match(
    c.notes[2]!.message,
    /^acknowledged beyond read: athena:GetSessionEndpoint: returns the endpoint of an existing Spark session; changes nothing; backup:ListIndexedRecoveryPointsForSearch: .*; ssm-sap:GetResourcePermission: reads the resource policy of an SAP application$/,
  );
});

test("a landing role allowed writes, tagging or a switch outside the environment roles fails, with the statement", () => {
  const state = changed((_, find) => {
    const sre = find(SRE);
    extra(sre, [
      { Effect: "Allow", Action: ["s3:PutObject", "iam:TagRole"], Resource: "*" },
      {
        Effect: "Allow",
        Action: "s3:DeleteObject",
        Resource: "*",
        Condition: { StringEquals: { "s3:ExistingObjectTag/team": "sre" } },
      },
    ]);
    // The switch policy naming a role that is no environment role.
    sre.RolePolicyList.find((p) => p.PolicyName === "sekisho-switch-targets")!.PolicyDocument.Statement.push({
      Effect: "Allow",
      Action: "sts:TagSession",
      Resource: ["arn:aws:iam::222222222222:role/sekisho/admin", "arn:aws:iam::222222222222:role/other"],
    });
  });
  const c = landing(state);
  const not = (action: string, levels: string) =>
    `landing/not-read-only ${SRE} | ${SRE} allows ${action} (${levels}), which is not read-only and not acknowledged by level 'readonly'`;
  assert.equal(c.passed, false);
  assert.deepEqual(lines(c), [
    not("iam:TagRole", "Tagging, Write"),
    not("s3:DeleteObject", "Write"),
    not("s3:PutObject", "Write"),
    not("sts:TagSession", "Tagging, Write"),
  ]);
  assert.deepEqual(
    c.failures.map((f) =>
      f.evidence!.map((e) => [e.what, e.statements!.map((s) => `${s.policy}[${s.index}]`)]),
    ),
    [
      [["iam:TagRole (Tagging, Write)", [`${SRE}#inline:extra[0]`]]],
      [
        [
          "s3:DeleteObject (Write): may be allowed (a condition or resource the scan could not fix)",
          [`${SRE}#inline:extra[1]`],
        ],
      ],
      [["s3:PutObject (Write)", [`${SRE}#inline:extra[0]`]]],
      [
        [
          "sts:TagSession (Tagging, Write): may be allowed (a condition or resource the scan could not fix)",
          [`${SRE}#inline:sekisho-switch-targets[0]`, `${SRE}#inline:sekisho-switch-targets[1]`],
        ],
      ],
    ],
  );
});

test("a switch allowed by another policy than Sekisho's switch policy is not sanctioned", () => {
  const c = landing(
    changed((_, find) =>
      extra(find(SRE), [
        {
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Resource: "arn:aws:iam::222222222222:role/sekisho/admin",
        },
      ]),
    ),
  );
  assert.deepEqual(lines(c), [
    `landing/not-read-only ${SRE} | ${SRE} allows sts:AssumeRole (Write), which is not read-only and not acknowledged by level 'readonly'`,
  ]);
  // ... nor one whose statement names no Resource (NotResource).
  const n = landing(
    changed((_, find) => {
      const sw = find(SRE).RolePolicyList.find((p) => p.PolicyName === "sekisho-switch-targets")!;
      sw.PolicyDocument.Statement.push({
        Effect: "Allow",
        Action: "sts:AssumeRole",
        NotResource: "arn:aws:iam::222222222222:role/sekisho/admin",
      });
    }),
  );
  assert.deepEqual(lines(n), [
    `landing/not-read-only ${SRE} | ${SRE} allows sts:AssumeRole (Write), which is not read-only and not acknowledged by level 'readonly'`,
  ]);
});

test("kept users' self-service passes only through Sekisho's own policy", () => {
  const c = landing(
    changed((state) => {
      const u = state.accounts[0]!.authorizationDetails.UserDetailList.find((x) => x.Arn === USER)!;
      u.UserPolicyList = [
        {
          PolicyName: "extra",
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:DeleteLoginProfile"], Resource: "*" },
            ],
          },
        },
      ];
    }),
  );
  const not = (action: string, levels: string) =>
    `landing/not-read-only ${USER} | ${USER} allows ${action} (${levels}), which is not read-only and not acknowledged by level 'readonly'`;
  assert.deepEqual(lines(c), [not("iam:CreateAccessKey", "Write"), not("iam:DeleteLoginProfile", "Write")]);
});

test("a missing landing role, a policy without a document, an undecided statement", () => {
  const c = landing(
    changed((state, find) => {
      const roles = state.accounts[0]!.authorizationDetails.RoleDetailList;
      roles.splice(
        roles.findIndex((r) => r.RoleName === "landing-accounting"),
        1,
      );
      find(SRE).AttachedManagedPolicies.push({
        PolicyName: "Gone",
        PolicyArn: "arn:aws:iam::111111111111:policy/Gone",
      });
      extra(find(SRE), [
        {
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "*",
          Condition: { StringEqualsFancy: { "aws:username": "x" } },
        },
      ]);
    }),
  );
  const accounting = "arn:aws:iam::111111111111:role/sekisho/landing-accounting";
  assert.deepEqual(lines(c), [
    `landing/missing ${accounting} | landing role of team accounting is missing`,
    `landing/not-read-only ${SRE} | ${SRE}: policy arn:aws:iam::111111111111:policy/Gone has no document in the state; cannot prove what it allows`,
    `landing/not-read-only ${SRE} | ${SRE}: undecided statement ${SRE}#inline:extra[0]: unknown condition operator StringEqualsFancy`,
  ]);
  assert.match(c.summary, /^5 landing sessions \(4 roles, 2 kept users\) over the whole catalog: /);
});

test("a landing level with no data reads nor acknowledgements, in an identity account that is no environment", () => {
  const text = (identityAccount: string) => `organization: acme
identity:
  account: ${identityAccount}
  provider: { name: GoogleWorkspace }
  landing: look
environments:
  dev: { account: "111111111111" }
levels:
  look: { inline: { p: { Statement: [{ Effect: Allow, Action: "ec2:DescribeInstances", Resource: "*" }] } } }
teams:
  ops: { can: { "*": [look] } }
people:
  a@example.com: [ops]
`;
  const inDev = load(text("dev"));
  const c = landing(compile(inDev), inDev);
  assert.deepEqual(
    [c.passed, c.summary],
    [
      true,
      "1 landing sessions (1 roles, 0 kept users) over the whole catalog: up to 3 actions allowed, 0 acknowledged, 0 data reads",
    ],
  );
  assert.deepEqual(
    c.notes.map((n) => n.message),
    [
      "the identity account 111111111111 is also environment 'dev': every landing session (up to 8h) reads it with level look, without switching; a dedicated identity account with no workloads keeps landing away from data (docs/landing.md)",
    ],
  );
  const apart = load(text('"999999999999"'));
  assert.deepEqual(landing(compile(apart), apart).notes, []);
});
