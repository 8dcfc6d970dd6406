// migrate: the order of steps, what each flags, and the dry run's verdict after every step, on
// synthetic accounts (keys used yesterday, a person in two teams, an admin demoted, kept users)
// and on a deliberately wrong order, which the dry run must refuse.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { migrationMarkdown } from "../../src/emit/migration-plan.js";
import { ALL } from "../../src/migrate/action-set.js";
import { DryRun } from "../../src/migrate/check.js";
import { migrationPlan } from "../../src/migrate/migrate.js";
import { q } from "../../src/migrate/shell.js";
import { withEnvironmentRoles, withIdentity, withoutPermissions } from "../../src/migrate/stages.js";
import { existingUsers } from "../../src/migrate/users.js";
import type { OrgState } from "../../src/state/org-state.js";
import { model } from "../helpers.js";
import { aws, DEV, MODEL, PROD, today } from "./fixtures.js";

const NOW = "2026-11-28T00:00:00Z";
const m = model(MODEL);
const design = compile(m);
const real = today();
const plan = migrationPlan({
  model: m,
  design,
  real,
  map: new Map(),
  now: NOW,
  hasMetadata: false,
  keepKeys: ["ci"],
});
const users = existingUsers(m, real, new Map());
const replaced = new Set(users.filter((u) => u.fate.kind === "replaced").map((u) => u.arn));

test("the steps come in the lockout-safe order, and every step's dry run passes", () => {
  assert.deepEqual(
    plan.steps.map((s) => [s.n, s.id, s.check.passed]),
    [
      [1, "deploy-environment-roles", true],
      [2, "deploy-identity", true],
      [3, "google-attributes", true],
      [4, "verify-sign-in", true],
      [5, "remove-console-and-policies", true],
      [6, "deactivate-keys", true],
      [7, "delete-users", true],
      [8, "reduce-kept-users", true],
    ],
  );
  assert.equal(plan.safe, true);
  for (const s of plan.steps) {
    assert.ok(s.gate.what.length > 0, `step ${s.id} has a gate`);
    assert.ok(s.rollback.what.length > 0, `step ${s.id} has a rollback`);
    assert.equal(
      s.check.summary,
      "7 people and IAM users: nobody loses what is promised, nobody gains beyond before + model",
    );
  }
});

test("IAM users are matched by user name, email tag or nothing; kept users by name", () => {
  assert.deepEqual(
    plan.users.map(
      (u) =>
        `${u.account} ${u.name}: ${u.fate.kind === "replaced" ? `${u.fate.person} by ${u.fate.matchedBy}` : u.fate.kind}`,
    ),
    [
      "111111111111 ana@acme.io: ana@acme.io by user name",
      "111111111111 ben: ben@acme.io by email tag",
      "111111111111 break-glass: kept",
      "111111111111 ci: kept",
      "111111111111 cleo@acme.io: cleo@acme.io by user name",
      "111111111111 dan@acme.io: dan@acme.io by user name",
      "111111111111 legacy-bot: unmatched",
      "333333333333 ben@acme.io: ben@acme.io by user name",
      "333333333333 cleo@acme.io: cleo@acme.io by user name",
    ],
  );
  const mapped = existingUsers(m, real, new Map([["legacy-bot", "dan@acme.io"]]));
  assert.deepEqual(mapped.find((u) => u.name === "legacy-bot")!.fate, {
    kind: "replaced",
    person: "dan@acme.io",
    matchedBy: "--map",
  });
});

test("flags: keys used yesterday, the unmatched user, the break-glass path, the demoted admin, a missing report", () => {
  assert.deepEqual(
    plan.flags.map((f) => `${f.kind}: ${f.message}`),
    [
      "workload-candidate: ci in 111111111111 (dev) looks like a pipeline (its name): give it a workload (workloads: in the model, with its repository; OIDC, no keys), remove it from users:, and map it: --map ci=workload:NAME. Its keys then go once the pipeline has used its role.",
      "recent-key-use: dan@acme.io in 111111111111 (dev) used an access key yesterday (2026-11-27): something automated may depend on it. Find it and move it to a role before step 6; that step refuses keys used in the last 7 days unless FORCE=1.",
      "unmatched-user: legacy-bot in 111111111111 (dev) matches no person and no kept user of the model: the plan leaves it alone. Decide: map it to a person (--map legacy-bot=EMAIL) or, for a pipeline, to a workload (--map legacy-bot=workload:NAME), keep it (users: in the model, with a reason), or remove it by hand.",
      "break-glass: break-glass path: IAM user break-glass in 111111111111 signs in with its MFA and switches into the roles of teams ops. Test it at step 4, before any user is removed; the plan never removes it.",
      "demotion: ben@acme.io loses what the model does not grant: admin of 333333333333 (prod).",
      "no-credential-report: no credential report for 333333333333 (prod): passwords and key use are unknown; the key step checks each key's last use itself.",
      "kept-keys: ci keeps its access keys (used 2026-11-28) and what it has: --keep-keys leaves it outside the groups whose no-MFA deny would cut them. `sekisho diff` reports it until it moves to a workload role.",
    ],
  );
});

test("kept users and break-glass are never removed; extra rights of kept users go last, with a rollback", () => {
  const removal = plan.steps.filter((s) =>
    ["remove-console-and-policies", "deactivate-keys", "delete-users"].includes(s.id),
  );
  for (const s of removal)
    for (const c of s.commands) {
      assert.ok(
        !/--user-name (ci|break-glass|legacy-bot)\b/.test(c.sh),
        `${s.id} touches a kept or unmatched user: ${c.sh}`,
      );
    }
  const deleted = plan.steps.find((s) => s.id === "delete-users")!;
  assert.deepEqual(
    deleted.commands.filter((c) => c.sh.startsWith("aws iam delete-user ")).map((c) => c.sh),
    [
      "aws iam delete-user --user-name ana@acme.io --profile admin-dev",
      "aws iam delete-user --user-name ben --profile admin-dev",
      "aws iam delete-user --user-name cleo@acme.io --profile admin-dev",
      "aws iam delete-user --user-name dan@acme.io --profile admin-dev",
      "aws iam delete-user --user-name ben@acme.io --profile admin-prod",
      "aws iam delete-user --user-name cleo@acme.io --profile admin-prod",
    ],
  );
  const reduce = plan.steps.find((s) => s.id === "reduce-kept-users")!;
  assert.deepEqual(
    reduce.commands.map((c) => c.sh),
    [
      `aws iam detach-user-policy --user-name break-glass --policy-arn ${aws("AdministratorAccess")} --profile admin-dev`,
    ],
    "ci keeps what it has (--keep-keys ci)",
  );
  assert.deepEqual(
    reduce.rollback.commands.map((c) => c.sh),
    [
      `aws iam attach-user-policy --user-name break-glass --policy-arn ${aws("AdministratorAccess")} --profile admin-dev`,
    ],
  );
});

test("the removal step saves what it removes: its rollback restores policies, inline policies and groups", () => {
  const remove = plan.steps.find((s) => s.id === "remove-console-and-policies")!;
  const cleo = (c: { sh: string }) =>
    c.sh.includes("cleo@acme.io") && (c.sh.includes("admin-dev") || c.sh.includes("111111111111"));
  assert.deepEqual(
    remove.commands.filter(cleo).map((c) => c.sh),
    [
      "if exists 'console password of cleo@acme.io' aws iam get-login-profile --user-name cleo@acme.io --profile admin-dev; then aws iam delete-login-profile --user-name cleo@acme.io --profile admin-dev; fi",
      `aws iam detach-user-policy --user-name cleo@acme.io --policy-arn ${aws("ReadOnlyAccess")} --profile admin-dev`,
      "aws iam remove-user-from-group --user-name cleo@acme.io --group-name deployers --profile admin-dev",
    ],
  );
  assert.deepEqual(
    remove.rollback.commands.filter(cleo).map((c) => c.sh),
    [
      `aws iam attach-user-policy --user-name cleo@acme.io --policy-arn ${aws("ReadOnlyAccess")} --profile admin-dev`,
      "aws iam add-user-to-group --user-name cleo@acme.io --group-name deployers --profile admin-dev",
      "echo 'cleo@acme.io in 111111111111: give console access back in the IAM console with a temporary password, if it had one (Sekisho never handles passwords)'",
    ],
  );
});

test("a person in two teams keeps both teams' grants; the demoted admin ends with read-only in prod", () => {
  const dry = new DryRun(m, design, real, users, NOW, m.options.sourceIdentity);
  const cleo = dry.subjects.find((s) => s.who === "cleo@acme.io")!;
  assert.deepEqual(cleo.fresh, [
    "arn:aws:iam::111111111111:role/sekisho/landing-ops",
    "arn:aws:iam::111111111111:role/sekisho/landing-devs",
  ]);
  assert.equal(cleo.model.get(PROD)!.all, true, "ops makes cleo admin of prod");
  const ben = dry.subjects.find((s) => s.who === "ben@acme.io")!;
  assert.equal(ben.before.get(PROD)!.all, true, "ben is admin of prod today");
  const after = withoutPermissions(withIdentity(withEnvironmentRoles(real, design, m), design, m), replaced);
  const prod = dry
    .accessAt(ben, { state: after, sso: true, removed: true, identity: true, reduced: false })
    .get(PROD)!;
  assert.equal(prod.all, false);
  assert.equal(prod.has("s3:getobject"), true);
  assert.equal(prod.has("s3:putobject"), false);
  assert.equal(prod.has("iam:createuser"), false);
});

test("the dry run refuses a wrong order: old users stripped before anyone can sign in is a lockout", () => {
  const dry = new DryRun(m, design, real, users, NOW, m.options.sourceIdentity);
  const early: OrgState = withoutPermissions(real, replaced);
  const r = dry.check({ state: early, sso: false, removed: true, identity: false, reduced: false });
  assert.equal(r.passed, false);
  assert.deepEqual(
    r.failures.map((f) => `${f.who} ${f.account} ${f.problem} ${f.actions[0]}`),
    [
      "ana@acme.io 111111111111 lost *",
      "ben@acme.io 111111111111 lost a2c:getcontainerizationjobdetails",
      "ben@acme.io 333333333333 lost a4b:getaddressbook",
      "cleo@acme.io 111111111111 lost a4b:getaddressbook",
      "cleo@acme.io 333333333333 lost a4b:getaddressbook",
      "dan@acme.io 111111111111 lost a2c:getcontainerizationjobdetails",
    ],
  );
  // Removing before verifying, with sign-in live, is no lockout: the model's grants are there.
  const live = withoutPermissions(withIdentity(withEnvironmentRoles(real, design, m), design, m), replaced);
  assert.equal(
    dry.check({ state: live, sso: true, removed: true, identity: true, reduced: false }).passed,
    true,
  );
});

test("the dry run refuses a step that gives more than before plus the model", () => {
  const dry = new DryRun(m, design, real, users, NOW, m.options.sourceIdentity);
  const more = structuredClone(real);
  const dan = more.accounts[0]!.authorizationDetails.UserDetailList.find(
    (u) => u.UserName === "dan@acme.io",
  )!;
  dan.AttachedManagedPolicies.push({
    PolicyName: "AdministratorAccess",
    PolicyArn: aws("AdministratorAccess"),
  });
  const r = dry.check({ state: more, sso: false, removed: false, identity: false, reduced: false });
  assert.deepEqual(r.failures, [
    {
      who: "dan@acme.io",
      account: DEV,
      problem: "extra",
      actions: [ALL],
      path: "arn:aws:iam::111111111111:user/dan@acme.io —[7-12 iam:PutUserPolicy, then act as arn:aws:iam::111111111111:user/dan@acme.io]→ admin-of:111111111111",
    },
  ]);
});

test("plan.md warns at the top when a dry run failed; shell quoting of names", () => {
  const bad = structuredClone(plan);
  bad.steps[4]!.check = {
    passed: false,
    summary: "1 problem",
    failures: [{ who: "ana@acme.io", account: DEV, problem: "lost", actions: [ALL] }],
  };
  bad.safe = false;
  const md = migrationMarkdown(bad);
  assert.ok(
    md.includes(
      "> **Do not run this plan.** The dry run found people losing promised access or gaining more than the model grants at step 5.",
    ),
  );
  assert.ok(
    md.includes(
      "| ana@acme.io | 111111111111 | loses what is promised | everything (admin of the account) |  |",
    ),
  );
  assert.ok(!migrationMarkdown(plan).includes("Do not run"));
  assert.equal(q("plain-name@x.io"), "plain-name@x.io");
  assert.equal(q("it's $(rm -rf /)"), `'it'\\''s $(rm -rf /)'`);
});

test("an export's older AWS managed policy: both sides use the newest text, and the plan says which", () => {
  const old = today();
  const arn = aws("ReadOnlyAccess");
  const bundled = design.accounts[0]!.authorizationDetails.Policies.find((p) => p.Arn === arn)!;
  for (const a of old.accounts)
    a.authorizationDetails.Policies = a.authorizationDetails.Policies.map((p) =>
      p.Arn === arn
        ? {
            ...p,
            PolicyId: "ANPAOLDREADONLY",
            DefaultVersionId: "v63",
            PolicyVersionList: [
              {
                VersionId: "v63",
                IsDefaultVersion: true,
                CreateDate: "2020-01-01T00:00:00Z",
                Document: {
                  Version: "2012-10-17",
                  Statement: [
                    { Effect: "Allow", Action: ["ec2:Describe*", "ec2:RebootInstances"], Resource: "*" },
                  ],
                },
              },
            ],
          }
        : p,
    );
  const p = migrationPlan({
    model: m,
    design,
    real: old,
    map: new Map(),
    now: NOW,
    hasMetadata: false,
    keepKeys: ["ci"],
  });
  assert.deepEqual(
    p.steps.filter((s) => !s.check.passed).map((s) => s.id),
    [],
    "no step changes anyone's access through ReadOnlyAccess",
  );
  assert.deepEqual(
    p.managedPolicies.find((x) => x.arn === arn),
    {
      arn,
      name: "ReadOnlyAccess",
      version: bundled.DefaultVersionId,
      from: "Sekisho's copy",
      replaced: ["v63"],
    },
  );
  assert.ok(
    migrationMarkdown(p).includes(`| ReadOnlyAccess | ${bundled.DefaultVersionId} | Sekisho's copy | v63 |`),
  );
});

test("a kept user whose keys are in use is never put behind the no-MFA deny without --keep-keys", () => {
  const p = migrationPlan({ model: m, design, real, map: new Map(), now: NOW, hasMetadata: false });
  const identity = p.steps.find((s) => s.id === "deploy-identity")!;
  assert.equal(identity.check.passed, false);
  assert.deepEqual(identity.check.failures, [
    { who: "user ci", account: DEV, problem: "keys-cut", actions: [] },
  ]);
  assert.equal(p.safe, false);
  assert.ok(
    p.flags.some(
      (f) =>
        f.kind === "keys-in-use" &&
        f.message ===
          "ci used an access key 2026-11-28: step 2 puts it in groups whose no-MFA deny cuts its keys. Decide: give it a workload role, or keep its keys (--keep-keys ci).",
    ),
  );
  // With the decision, the identity stack leaves ci out of the groups, and its gate does not look for it there.
  const kept = plan.steps.find((s) => s.id === "deploy-identity")!;
  assert.ok(kept.check.passed);
  assert.ok(!kept.gate.commands.some((c) => c.sh.includes("--user-name ci ")));
  assert.ok(kept.gate.commands.some((c) => c.sh.includes("--user-name break-glass ")));
});

test("a machine that is an IAM admin of the identity account is narrowed first, its keys still working", () => {
  const admin = today();
  const ci = admin.accounts[0]!.authorizationDetails.UserDetailList.find((u) => u.UserName === "ci")!;
  ci.AttachedManagedPolicies = [{ PolicyName: "AdministratorAccess", PolicyArn: aws("AdministratorAccess") }];
  const p = migrationPlan({
    model: m,
    design,
    real: admin,
    map: new Map(),
    now: NOW,
    hasMetadata: false,
    keepKeys: ["ci"],
  });
  assert.deepEqual(
    p.steps.filter((s) => !s.check.passed).map((s) => [s.id, s.check.failures]),
    [],
  );
  const first = p.steps[0]!;
  assert.equal(first.id, "narrow-identity-admins");
  assert.deepEqual(first.affected, ["user ci"]);
  assert.deepEqual(
    first.commands.filter((c) => c.sh.includes("--user-name ci ")).map((c) => c.sh),
    [
      `aws iam attach-user-policy --user-name ci --policy-arn ${aws("PowerUserAccess")} --profile admin-dev`,
      `aws iam attach-user-policy --user-name ci --policy-arn ${aws("ReadOnlyAccess")} --profile admin-dev`,
      `aws iam detach-user-policy --user-name ci --policy-arn ${aws("AdministratorAccess")} --profile admin-dev`,
    ],
  );
  // Its keys are never touched: no step deactivates or deletes anything of ci.
  for (const s of p.steps)
    for (const c of s.commands)
      assert.ok(!/(update-access-key|delete-access-key|delete-user) --user-name ci /.test(c.sh), c.sh);
});
