// Conditions the caller controls (docs/caller-controlled-conditions.md): a path allowed only on
// such a key is conditional, never absent — critical when any caller meets it, high when only a
// caller in a network does — and prove's graph (no callerControlled) still takes no such step.
import assert from "node:assert/strict";
import { test } from "node:test";
import { audit } from "../../src/audit/audit.js";
import { ScanCache } from "../../src/engine/scan-cache.js";
import { buildGraph } from "../../src/graph/graph.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";

const A = "111122223333";
const NOW = "2026-11-28T00:00:00Z";
const ATTACKER = `arn:aws:iam::${A}:user/attacker`;
const POWER = `arn:aws:iam::${A}:role/power`;

/** The attacker may assume the admin role "power" (which trusts it) only under `condition`. */
function state(condition: Statement["Condition"], extra: Statement[] = []): OrgState {
  return {
    accounts: [
      {
        accountId: A,
        samlProviders: [],
        authorizationDetails: {
          UserDetailList: [
            {
              Path: "/",
              UserName: "attacker",
              UserId: "AIDAATTACKER",
              Arn: ATTACKER,
              CreateDate: "x",
              UserPolicyList: [
                {
                  PolicyName: "p",
                  PolicyDocument: {
                    Version: "2012-10-17",
                    Statement: [
                      {
                        Effect: "Allow",
                        Action: "sts:AssumeRole",
                        Resource: POWER,
                        ...(condition ? { Condition: condition } : {}),
                      },
                      ...extra,
                    ],
                  },
                },
              ],
              GroupList: [],
              AttachedManagedPolicies: [],
            },
          ],
          GroupDetailList: [],
          RoleDetailList: [
            {
              Path: "/",
              RoleName: "power",
              RoleId: "AROAPOWER",
              Arn: POWER,
              CreateDate: "x",
              // The account's root: the attacker's own policy decides, with its condition.
              AssumeRolePolicyDocument: {
                Version: "2012-10-17",
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${A}:root` },
                    Action: "sts:AssumeRole",
                    Condition: { ArnEquals: { "aws:PrincipalArn": ATTACKER } },
                  },
                ],
              },
              InstanceProfileList: [],
              RolePolicyList: [
                {
                  PolicyName: "p",
                  PolicyDocument: {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
                  },
                },
              ],
              AttachedManagedPolicies: [],
            },
          ],
          Policies: [],
        },
      },
    ],
  };
}

const escalation = (s: OrgState) =>
  audit(s, NOW)
    .findings.filter((f) => f.rule === "escalation")
    .map((f) => [f.severity, f.title, f.evidence[1]?.what]);

const TITLE = `attacker can escalate to admin-equivalent ${POWER} in 1 step`;

const CASES: [string, Statement["Condition"], "critical" | "high", string, string][] = [
  [
    "token issue time",
    { DateGreaterThan: { "aws:TokenIssueTime": "2020-01-01T00:00:00Z" } },
    "critical",
    "aws:TokenIssueTime",
    "a user with access keys gets it by calling sts:GetSessionToken; console sign-ins and role sessions carry it",
  ],
  [
    "requested region",
    { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
    "critical",
    "aws:RequestedRegion",
    "the caller picks the region of its request",
  ],
  [
    "user agent",
    { StringLike: { "aws:UserAgent": "*terraform*" } },
    "critical",
    "aws:UserAgent",
    "the caller writes its own User-Agent header",
  ],
  [
    "request tag",
    { StringEquals: { "aws:RequestTag/team": "ops" } },
    "critical",
    "aws:RequestTag/team",
    "the caller chooses the tags its request sets",
  ],
  [
    "source IP",
    { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
    "high",
    "aws:SourceIp",
    "met by calling from an address the condition names, e.g. from inside that network",
  ],
  [
    "source VPC",
    { StringEquals: { "aws:SourceVpc": "vpc-0123456789abcdef0" } },
    "high",
    "aws:SourceVpc",
    "met by calling through an endpoint of that VPC, e.g. from an instance in it",
  ],
];

for (const [name, condition, severity, key, why] of CASES) {
  test(`a path allowed only on the ${name} is conditional (${severity}), with the condition and why it is met`, () => {
    assert.deepEqual(escalation(state(condition)), [
      [
        severity,
        `${TITLE}, conditional on ${key}, which the caller can meet`,
        `conditional on ${key}: ${why}`,
      ],
    ]);
    // prove's graph judges the same request without the caller's choice: no step.
    const graph = buildGraph(indexState(state(condition)), new ScanCache(), { clock: { now: NOW } });
    assert.equal(
      graph.edges.some((e) => e.from === ATTACKER && e.to === POWER),
      false,
    );
  });
}

test("a condition the caller does not control (its principal tag) leaves no path", () => {
  assert.deepEqual(escalation(state({ StringEquals: { "aws:PrincipalTag/team": "ops" } })), []);
});

test("a deny on a caller-chosen key is avoided by choosing another value: conditional", () => {
  assert.deepEqual(
    escalation(
      state(undefined, [
        {
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } },
        },
      ]),
    ).map((f) => f[1]),
    [`${TITLE}, conditional on aws:RequestedRegion, which the caller can meet`],
  );
});

test("when an outright path exists too, the finding is the outright one", () => {
  const both = state({ IpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, [
    { Effect: "Allow", Action: "iam:UpdateAssumeRolePolicy", Resource: POWER },
  ]);
  assert.deepEqual(escalation(both), [
    [
      "critical",
      TITLE,
      `${ATTACKER} rewrites its trust policy to let itself in (iam:UpdateAssumeRolePolicy) → ${POWER}`,
    ],
  ]);
});
