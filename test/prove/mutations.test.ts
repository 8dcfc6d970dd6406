// Mutation tests of prove: inject one defect into the example's compiled state and assert
// that the right check fails, with the right evidence — and that the unmutated state passes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { memberCells } from "../../src/prove/matrix.js";
import { prove } from "../../src/prove/prove.js";
import type { CheckId, Proof } from "../../src/prove/types.js";
import type { OrgState, RoleDetail } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import { exampleModel, exampleState } from "../helpers.js";

const NOW = "2026-11-28T00:00:00Z";
const model = exampleModel();
const LANDING = (team: string) => `arn:aws:iam::111111111111:role/sekisho/landing-${team}`;

function mutate(f: (find: (arn: string) => RoleDetail) => void): Proof {
  const state: OrgState = structuredClone(exampleState());
  const find = (arn: string) => {
    for (const a of state.accounts) {
      const r = a.authorizationDetails.RoleDetailList.find((x) => x.Arn === arn);
      if (r) return r;
    }
    throw new Error(arn);
  };
  f(find);
  return prove(model, state, NOW);
}

function failed(p: Proof): CheckId[] {
  return p.checks.filter((c) => !c.passed).map((c) => c.id);
}

function rules(p: Proof, id: CheckId): string[] {
  return [...new Set(p.checks.find((c) => c.id === id)!.failures.map((f) => f.rule))];
}

function messages(p: Proof, id: CheckId): string[] {
  return p.checks.find((c) => c.id === id)!.failures.map((f) => f.message);
}

test("the example's compiled state passes every check", () => {
  const p = prove(model, exampleState(), NOW);
  assert.deepEqual(
    p.checks.map((c) => [c.id, c.passed, c.failures.map((f) => f.message)]),
    [
      ["matrix", true, []],
      ["kept-users", true, []],
      ["landing-read-only", true, []],
      ["levels", true, []],
      ["no-escalation", true, []],
      ["hygiene", true, []],
    ],
  );
  const cells = memberCells(p.matrix);
  assert.equal(cells.filter((c) => c.actual).length, 95);
  assert.ok(cells.every((c) => c.actual === c.expected));
});

test("trust on a bare account root: hygiene and escalation fail, with the path", () => {
  const p = mutate((find) => {
    const s = find("arn:aws:iam::222222222222:role/sekisho/admin").AssumeRolePolicyDocument.Statement[0]!;
    delete s.Condition;
  });
  // The trust alone now lets kept users in without MFA: the matrix's one-side rule sees it too.
  assert.deepEqual(failed(p), ["matrix", "no-escalation", "hygiene"]);
  assert.deepEqual(rules(p, "matrix"), ["matrix/one-side"]);
  assert.deepEqual(rules(p, "hygiene"), ["hygiene/bare-root"]);
  const path = messages(p, "no-escalation").find((m) =>
    m.startsWith("team dev-member can reach arn:aws:iam::222222222222:role/sekisho/admin"),
  );
  assert.ok(path, messages(p, "no-escalation").join("\n"));
  assert.match(
    path,
    /landing-dev-member —\[P1 sts:AssumeRole\]→ arn:aws:iam::111111111111:role\/sekisho\/developer ; arn:aws:iam::111111111111:role\/sekisho\/developer —\[P1 sts:AssumeRole\]→ arn:aws:iam::222222222222:role\/sekisho\/admin/,
  );
});

test("iam:PassRole in developer: levels fails with the statement", () => {
  const p = mutate((find) => {
    find("arn:aws:iam::333333333333:role/sekisho/developer").RolePolicyList.push({
      PolicyName: "pass",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }],
      },
    });
  });
  assert.deepEqual(failed(p), ["levels"]);
  assert.deepEqual(rules(p, "levels"), ["levels/pass-role"]);
  const f = p.checks.find((c) => c.id === "levels")!.failures[0]!;
  assert.equal(f.subject, "arn:aws:iam::333333333333:role/sekisho/developer");
  assert.equal(
    f.evidence![0]!.statements![0]!.policy,
    "arn:aws:iam::333333333333:role/sekisho/developer#inline:pass",
  );
});

test("s3:PutObject on a landing role: landing check fails naming the action and statement", () => {
  const p = mutate((find) => {
    find(LANDING("accounting")).RolePolicyList.push({
      PolicyName: "oops",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          { Sid: "Oops", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::reports/*" },
        ],
      },
    });
  });
  assert.deepEqual(failed(p), ["landing-read-only"]);
  assert.deepEqual(messages(p, "landing-read-only"), [
    `${LANDING("accounting")} allows s3:PutObject (Write), which is not read-only and not acknowledged by level 'readonly'`,
  ]);
  assert.equal(
    p.checks.find((c) => c.id === "landing-read-only")!.failures[0]!.evidence![0]!.statements![0]!.sid,
    "Oops",
  );
});

test("a dev-member landing role allowed into prod admin: matrix fails for every dev-member", () => {
  const prodAdmin = "arn:aws:iam::333333333333:role/sekisho/admin";
  const p = mutate((find) => {
    const cond = find(prodAdmin).AssumeRolePolicyDocument.Statement[0]!.Condition!.ArnEquals!;
    cond["aws:PrincipalArn"] = [...(cond["aws:PrincipalArn"] as string[]), LANDING("dev-member")];
    const sw = find(LANDING("dev-member")).RolePolicyList[0]!.PolicyDocument.Statement[0]!;
    sw.Resource = [...(sw.Resource as string[]), prodAdmin];
  });
  assert.ok(failed(p).includes("matrix"));
  assert.deepEqual(
    messages(p, "matrix"),
    ["farid", "grace", "hiro", "ines", "jonas"].map(
      (n) => `${n}@example.com reaches prod admin but the model does not grant it`,
    ),
  );
  const ev = p.checks[0]!.failures[0]!.evidence!;
  assert.ok(ev.some((e) => e.statements?.some((s) => s.policy === `${prodAdmin}#trust`)));
});

test("BoolIfExists on an MFA allow: hygiene fails", () => {
  const p = mutate((find) => {
    const s = find("arn:aws:iam::333333333333:role/sekisho/admin").AssumeRolePolicyDocument
      .Statement[1]! as Statement;
    s.Condition = {
      ArnEquals: s.Condition!.ArnEquals!,
      BoolIfExists: { "aws:MultiFactorAuthPresent": "true" },
    };
  });
  assert.deepEqual(failed(p), ["matrix", "hygiene"]);
  assert.deepEqual(rules(p, "hygiene"), ["hygiene/mfa-if-exists"]);
  // Access keys carry no MFA key: BoolIfExists lets them through the trust, only the user's own deny stops them.
  assert.deepEqual(messages(p, "matrix"), [
    "the environment role's trust alone lets IAM user break-glass switch to arn:aws:iam::333333333333:role/sekisho/admin without MFA (access keys): each side must refuse it by itself (the design puts the restriction on both)",
  ]);
});

test("missing SAML:aud: hygiene fails on that landing role", () => {
  const p = mutate((find) => {
    delete find(LANDING("sre")).AssumeRolePolicyDocument.Statement[0]!.Condition;
  });
  assert.deepEqual(failed(p), ["hygiene"]);
  assert.deepEqual(messages(p, "hygiene"), [
    `${LANDING("sre")}: SAML trust statement 0 has no SAML:aud condition`,
  ]);
});

test("a 2-hour session on a role reached by role chaining: hygiene fails", () => {
  const p = mutate((find) => {
    find("arn:aws:iam::222222222222:role/sekisho/developer").MaxSessionDuration = 7200;
  });
  assert.deepEqual(failed(p), ["hygiene"]);
  assert.deepEqual(rules(p, "hygiene"), ["hygiene/chained-duration"]);
});

test("a policy editable by developer: levels and escalation fail", () => {
  const p = mutate((find) => {
    find("arn:aws:iam::111111111111:role/sekisho/developer").RolePolicyList.push({
      PolicyName: "edit",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "iam:PutRolePolicy",
            Resource: "arn:aws:iam::111111111111:role/sekisho/*",
          },
        ],
      },
    });
  });
  assert.deepEqual(failed(p), ["levels", "no-escalation"]);
  assert.deepEqual(rules(p, "levels"), ["levels/iam-change"]);
  assert.ok(
    messages(p, "no-escalation").some((m) =>
      m.startsWith("team dev-member can reach admin of account 111111111111"),
    ),
  );
});

test("an unknown condition operator fails closed", () => {
  const p = mutate((find) => {
    find(LANDING("accounting")).RolePolicyList.push({
      PolicyName: "odd",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: "*",
            Condition: { StringEqualsMaybe: { "aws:username": "x" } },
          },
        ],
      },
    });
  });
  assert.ok(failed(p).includes("landing-read-only"));
  assert.match(messages(p, "landing-read-only").join("\n"), /undecided statement .*#inline:odd\[0\]/);
});

test("expiring grants: proven to end at the day after `until`; a dropped expiry condition is caught", async () => {
  const { compile } = await import("../../src/compile/compile.js");
  const { MINIMAL, model: load } = await import("../helpers.js");
  const m = load(
    MINIMAL.replace(
      'ops: { can: { "*": [admin, readonly] } }',
      'ops: { can: { "*": [readonly], prod: [readonly, { level: admin, until: 2027-01-31 }] } }',
    ),
  );
  const state = compile(m);
  const ok = prove(m, state, NOW);
  assert.deepEqual(ok.checks[0]!.failures, []);
  assert.match(ok.checks[0]!.summary, /2 instant\(s\) checked/);
  const broken = structuredClone(state);
  for (const a of broken.accounts) {
    for (const r of a.authorizationDetails.RoleDetailList) {
      for (const s of [
        ...r.AssumeRolePolicyDocument.Statement,
        ...r.RolePolicyList.flatMap((p) => p.PolicyDocument.Statement),
      ]) {
        if (s.Condition?.DateLessThan) delete s.Condition.DateLessThan;
        if (s.Condition && Object.keys(s.Condition).length === 0) delete s.Condition;
      }
    }
  }
  assert.deepEqual(
    prove(m, broken, NOW).checks[0]!.failures.map((f) => f.message),
    [
      "a@example.com reaches prod admin at 2027-02-01T00:00:00Z (when a grant has expired) but the model does not grant it",
      "the environment role's trust alone lets team ops's landing role switch to arn:aws:iam::333333333333:role/sekisho/admin at 2027-02-01T00:00:00Z, after the grant ended on 2027-01-31: each side must refuse it by itself (the design puts the restriction on both)",
      "the caller's own policies alone lets team ops's landing role switch to arn:aws:iam::333333333333:role/sekisho/admin at 2027-02-01T00:00:00Z, after the grant ended on 2027-01-31: each side must refuse it by itself (the design puts the restriction on both)",
    ],
  );
});

test("a trust that names one person's source identity splits their access class: each member is evaluated", () => {
  // Only alice of team sre may switch to prod admin: the members of sre can no longer share one evaluation.
  const prodAdmin = "arn:aws:iam::333333333333:role/sekisho/admin";
  const p = mutate((find) => {
    const st = find(prodAdmin).AssumeRolePolicyDocument.Statement[0]!;
    st.Condition = { ...st.Condition, StringEquals: { "aws:SourceIdentity": "alice@example.com" } };
  });
  assert.deepEqual(
    messages(p, "matrix").filter((m) => m.includes("prod admin")),
    ["bruno", "chiara", "daisuke", "emma"].map((n) => `${n}@example.com should reach prod admin but cannot`),
  );
  // Everyone is a class alone: a personal condition on an environment role can tell anyone apart.
  assert.ok(p.matrix.every((c) => c.members.length === 1));
});

test("a landing role whose trust names one person splits only its own team's class", () => {
  const p = mutate((find) => {
    const st = find(LANDING("accounting")).AssumeRolePolicyDocument.Statement[0]!;
    st.Condition = { StringEquals: { ...st.Condition!.StringEquals, "SAML:sub": "kenji@example.com" } };
  });
  const classes = p.matrix.filter((c) => c.kind === "person").map((c) => c.members.join(" "));
  assert.deepEqual(classes, [
    "alice@example.com bruno@example.com chiara@example.com",
    "daisuke@example.com emma@example.com",
    "farid@example.com grace@example.com hiro@example.com ines@example.com jonas@example.com",
    "kenji@example.com",
    "lena@example.com",
  ]);
  // lena is not kenji: she cannot sign in, kenji can.
  assert.ok(messages(p, "matrix").some((m) => m.startsWith("lena@example.com cannot sign in")));
  assert.ok(!messages(p, "matrix").some((m) => m.startsWith("kenji@example.com")));
});

test("proof classes: people with the same teams share one class, with its teams and members", () => {
  const p = prove(model, exampleState(), NOW);
  assert.deepEqual(
    p.matrix.map((c) => [c.kind, c.teams.join("+"), c.members.length, c.cells.length]),
    [
      ["person", "sre", 3, 9],
      ["person", "dev-lead", 2, 9],
      ["person", "dev-member", 5, 5],
      ["person", "accounting", 2, 3],
      ["user", "dev-member", 1, 5],
      ["user", "sre", 1, 9],
      ["workload", "", 1, 2],
      ["workload", "", 1, 3],
    ],
  );
});
