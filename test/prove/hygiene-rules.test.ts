// Hygiene's static rules, one trust statement at a time on hand-written roles: each rule's exact
// finding, and the near misses it must leave alone.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkHygiene } from "../../src/prove/hygiene.js";
import type { PrincipalInfo, StateIndex } from "../../src/sessions/principals.js";
import type { RoleDetail } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";

const ACCOUNT = "111111111111";
const ENV = "arn:aws:iam::111111111111:role/sekisho/admin";
const SAML = "arn:aws:iam::111111111111:saml-provider/GoogleWorkspace";

function role(
  arn: string,
  trust: Statement[] | undefined,
  extra: Partial<RoleDetail> = {},
  tags: Record<string, string> = {},
): PrincipalInfo {
  const name = arn.slice(arn.lastIndexOf("/") + 1);
  const detail: RoleDetail = {
    Path: "/sekisho/",
    RoleName: name,
    RoleId: `AROA${name.toUpperCase().replace(/[^A-Z]/g, "")}`,
    Arn: arn,
    CreateDate: "2026-01-01T00:00:00Z",
    AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: trust ?? [] },
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [],
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    ...extra,
  };
  return {
    kind: "role",
    arn,
    account: ACCOUNT,
    name,
    identity: [],
    role: detail,
    ...(trust
      ? {
          trust: { id: `${arn}#trust`, kind: "resource" as const, document: detail.AssumeRolePolicyDocument },
        }
      : {}),
    unknownPolicies: [],
  };
}

function index(...principals: PrincipalInfo[]): StateIndex {
  return { principals, byArn: new Map(principals.map((p) => [p.arn, p])), policies: new Map(), groups: [] };
}

const lines = (c: ReturnType<typeof checkHygiene>) => c.failures.map((f) => `${f.rule} | ${f.message}`);
const notes = (c: ReturnType<typeof checkHygiene>) => c.notes.map((f) => `${f.rule} | ${f.message}`);

const landing = (): Statement => ({
  Sid: "LandingRoles",
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
  Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/sekisho/landing-sre" } },
});

test("a clean trust passes; users and roles without a trust are not counted", () => {
  const user: PrincipalInfo = {
    kind: "user",
    arn: "arn:aws:iam::111111111111:user/ann",
    account: ACCOUNT,
    name: "ann",
    identity: [],
    unknownPolicies: [],
  };
  const c = checkHygiene(index(role(ENV, [landing()]), role(`${ENV}-no-trust`, undefined), user));
  assert.deepEqual([c.id, c.title, c.passed, c.failures, c.notes], ["hygiene", "Hygiene", true, [], []]);
  assert.equal(
    c.summary,
    "1 trust policies: SAML:aud, chaining durations, path+name ≤ 64, no ExternalId, no wildcard or bare-root principals, Bool MFA, no NotPrincipal",
  );
});

test("NotPrincipal is flagged even in a Deny, with the statement as evidence", () => {
  const deny: Statement = {
    Sid: "NoOne",
    Effect: "Deny",
    NotPrincipal: { AWS: "x" },
    Action: "sts:AssumeRole",
  };
  const c = checkHygiene(index(role(ENV, [landing(), deny])));
  assert.equal(c.passed, false);
  assert.deepEqual(lines(c), [`hygiene/not-principal | ${ENV}: trust statement 1 uses NotPrincipal`]);
  assert.deepEqual(c.failures[0]!.subject, ENV);
  assert.deepEqual(c.failures[0]!.evidence, [
    {
      what: "statement 1 (NoOne)",
      statements: [{ policy: `${ENV}#trust`, index: 1, sid: "NoOne", statement: deny }],
    },
  ]);
});

test("any principal, as * or inside Principal.AWS; a Deny naming them is no finding", () => {
  const c = checkHygiene(
    index(
      role(ENV, [
        { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
        {
          Effect: "Allow",
          Principal: { AWS: ["arn:aws:iam::111111111111:role/x", "*"] },
          Action: "sts:AssumeRole",
        },
        { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" },
      ]),
    ),
  );
  assert.deepEqual(lines(c), [
    `hygiene/wildcard-principal | ${ENV}: trust statement 0 allows any principal`,
    `hygiene/wildcard-principal | ${ENV}: trust statement 1 allows any principal`,
  ]);
  assert.deepEqual(c.failures[0]!.evidence, [
    {
      what: "statement 0",
      statements: [
        {
          policy: `${ENV}#trust`,
          index: 0,
          statement: { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
        },
      ],
    },
  ]);
});

test("a bare account root, as an id or a :root ARN, needs an aws:PrincipalArn equality or like", () => {
  const root = (condition?: Statement["Condition"]): Statement => ({
    Effect: "Allow",
    Principal: {
      AWS: ["222222222222", "arn:aws:iam::333333333333:root", "1234567890123", "arn:aws:iam::4:rootx"],
    },
    Action: "sts:AssumeRole",
    ...(condition ? { Condition: condition } : {}),
  });
  const c = checkHygiene(
    index(
      role(ENV, [
        root(),
        root({ StringNotEquals: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/x" } }),
        root({ ArnLike: { "aws:SourceArn": "arn:aws:iam::222222222222:role/x" } }),
        root({ ArnLike: { "AWS:PrincipalArn": "arn:aws:iam::222222222222:role/x" } }),
        root({ arnequals: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/x" } }),
        root({ StringEquals: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/x" } }),
        root({ StringLike: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/x" } }),
        root({ "ForAnyValue:StringLike": { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/x" } }),
      ]),
    ),
  );
  const bare = (i: number) =>
    `hygiene/bare-root | ${ENV}: trust statement ${i} trusts account 222222222222, arn:aws:iam::333333333333:root without an aws:PrincipalArn condition: every principal there allowed sts:AssumeRole can switch in`;
  assert.deepEqual(lines(c), [bare(0), bare(1), bare(2), bare(7)]);
});

test("the unique id of a deleted role or user in a trust", () => {
  const c = checkHygiene(
    index(
      role(ENV, [
        {
          Effect: "Allow",
          Principal: {
            AWS: ["AROAEXAMPLE123", "AIDAEXAMPLE456", "AXDAEXAMPLE", "aroaexample", "AROAEX-1", "XAROAEX"],
          },
          Action: "sts:AssumeRole",
        },
      ]),
    ),
  );
  assert.deepEqual(lines(c), [
    `hygiene/orphaned-principal | ${ENV}: trust names AROAEXAMPLE123, the unique id of a deleted principal`,
    `hygiene/orphaned-principal | ${ENV}: trust names AIDAEXAMPLE456, the unique id of a deleted principal`,
  ]);
});

test("SAML trusts must test SAML:aud, for AssumeRoleWithSAML, sts:* or *", () => {
  const saml = (action: string, condition?: Statement["Condition"]): Statement => ({
    Effect: "Allow",
    Principal: { Federated: SAML },
    Action: action,
    ...(condition ? { Condition: condition } : {}),
  });
  const c = checkHygiene(
    index(
      role("arn:aws:iam::111111111111:role/sekisho/landing-sre", [
        saml("sts:AssumeRoleWithSAML"),
        saml("sts:*"),
        saml("*"),
        saml("sts:AssumeRoleWithSAML", {
          StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" },
        }),
        saml("sts:TagSession"),
        {
          Effect: "Allow",
          Principal: {
            Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
          },
          Action: "*",
        },
      ]),
    ),
  );
  const miss = (i: number) =>
    `hygiene/saml-aud | arn:aws:iam::111111111111:role/sekisho/landing-sre: SAML trust statement ${i} has no SAML:aud condition`;
  assert.deepEqual(lines(c), [miss(0), miss(1), miss(2)]);
});

test("sts:ExternalId, and MFA tested with an IfExists operator", () => {
  const c = checkHygiene(
    index(
      role(ENV, [
        { ...landing(), Condition: { StringEquals: { "sts:ExternalId": "x", "aws:PrincipalArn": "arn:r" } } },
        {
          ...landing(),
          Condition: {
            ArnEquals: { "aws:PrincipalArn": "arn:r" },
            BoolIfExists: { "aws:MultiFactorAuthPresent": "true" },
          },
        },
        {
          ...landing(),
          Condition: {
            ArnEquals: { "aws:PrincipalArn": "arn:r" },
            Bool: { "aws:MultiFactorAuthPresent": "true" },
          },
        },
      ]),
    ),
  );
  assert.deepEqual(lines(c), [
    `hygiene/external-id | ${ENV}: trust statement 0 requires sts:ExternalId, which console switching cannot send`,
    `hygiene/mfa-if-exists | ${ENV}: trust statement 1 allows with BoolIfExists on aws:MultiFactorAuthPresent: long-term keys without MFA pass it; use Bool`,
  ]);
});

test("environment roles: path+name at most 64 characters, unless a workload's", () => {
  const long = `arn:aws:iam::111111111111:role/sekisho/${"a".repeat(56)}`; // "/sekisho/" + 56 = 65
  const exact = `arn:aws:iam::111111111111:role/sekisho/${"b".repeat(55)}`; // 64
  const c = checkHygiene(
    index(
      role(long, [landing()], {}, { "sekisho:level": "admin" }),
      role(exact, [landing()], {}, { "sekisho:level": "admin" }),
      role(`${long}w`, [landing()], {}, { "sekisho:level": "admin", "sekisho:workload": "api" }),
      role(`${long}x`, [landing()]),
    ),
  );
  assert.deepEqual(lines(c), [
    `hygiene/switch-role-length | ${long}: path+name is 65 characters; console switch role fails above 64`,
  ]);
});

test("sessions longer than an hour: a failure when reached by chaining and not the model's choice, else a note", () => {
  const level = { "sekisho:level": "admin" };
  const chained = (arn: string, max?: number) =>
    role(arn, [landing()], max === undefined ? {} : { MaxSessionDuration: max }, level);
  const usersOnly = role(
    `${ENV}-users`,
    [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:user/ann" }, Action: "sts:AssumeRole" }],
    { MaxSessionDuration: 7200 },
    level,
  );
  const userCondition = role(
    `${ENV}-user-condition`,
    [
      {
        ...landing(),
        Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/ann" } },
      },
    ],
    { MaxSessionDuration: 7200 },
    level,
  );
  const mixedCondition = role(
    `${ENV}-mixed-condition`,
    [
      {
        ...landing(),
        Condition: {
          ArnEquals: {
            "aws:PrincipalArn": ["arn:aws:iam::111111111111:user/ann", "arn:aws:iam::111111111111:role/r"],
          },
        },
      },
    ],
    { MaxSessionDuration: 7200 },
    level,
  );
  const federatedOnly = role(
    `${ENV}-federated`,
    [
      {
        Effect: "Allow",
        Principal: { Federated: SAML },
        Action: "sts:AssumeRoleWithSAML",
        Condition: { StringEquals: { "SAML:aud": "x" } },
      },
    ],
    { MaxSessionDuration: 7200 },
    level,
  );
  const c = checkHygiene(
    index(
      chained(`${ENV}-long`, 7200),
      chained(`${ENV}-hour`, 3600),
      chained(`${ENV}-default`),
      chained(`${ENV}-chosen`, 43200),
      role(`${ENV}-untagged`, [landing()], { MaxSessionDuration: 7200 }),
      usersOnly,
      userCondition,
      mixedCondition,
      federatedOnly,
    ),
    (l) => (l === "admin" ? 43200 : undefined),
  );
  assert.deepEqual(lines(c), [
    `hygiene/chained-duration | ${ENV}-long: MaxSessionDuration is 7200s but landing sessions reach it by role chaining, capped at 3600s; CLI profiles asking for more fail`,
    `hygiene/chained-duration | ${ENV}-mixed-condition: MaxSessionDuration is 7200s but landing sessions reach it by role chaining, capped at 3600s; CLI profiles asking for more fail`,
  ]);
  const note = (arn: string, max: number) =>
    `hygiene/chained-duration | ${arn}: ${max}s applies only to IAM users assuming it directly; chained sessions get 3600s`;
  assert.deepEqual(notes(c), [
    note(`${ENV}-chosen`, 43200),
    note(`${ENV}-users`, 7200),
    note(`${ENV}-user-condition`, 7200),
    note(`${ENV}-federated`, 7200),
  ]);
  assert.equal(c.failures[0]!.subject, `${ENV}-long`);
  assert.equal(c.notes[0]!.subject, `${ENV}-chosen`);
  // Without the model's intent, a long chained session is always a failure.
  assert.equal(checkHygiene(index(chained(`${ENV}-chosen`, 43200))).failures.length, 1);
});
