// The plan's scripts (the review copy) RUN against a stand-in `aws` on PATH: one that records
// every call and answers like an account where everything is gone, one that always fails, and
// one that serves CloudTrail events. Every gate must fail closed, every deploy must carry its
// parameters, and names from a hostile export must never execute.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { migrationFiles } from "../../src/emit/migration-plan.js";
import { migrationPlan } from "../../src/migrate/migrate.js";
import type { MigrationPlan } from "../../src/migrate/types.js";
import type { OrgState } from "../../src/state/org-state.js";
import { tempDir } from "../cli/helpers.js";
import { model } from "../helpers.js";
import { account, DEV, MODEL, PROD, PUT_OBJECT, reportRow, today } from "./fixtures.js";

const NOW = "2026-11-28T00:00:00Z";
const m = model(MODEL);
const design = compile(m);

// Records each call as one line of tab-separated arguments, then answers by AWS_MODE:
// fail: every call fails; gone: reads answer as for an account where nothing is left
// (get-*: NoSuchEntity, list-* --output json: []), changes succeed; events: lookup-events
// answers with $AWS_EVENTS/EVENTNAME.json.
const STAND_IN = `#!/usr/bin/env bash
{ printf 'aws'; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >> "$AWS_LOG"
if [ "$AWS_MODE" = fail ]; then echo "An error occurred (AccessDenied) when calling the $2 operation: denied" >&2; exit 255; fi
case $2 in
  get-*) echo "An error occurred (NoSuchEntity) when calling the $2 operation: not found" >&2; exit 254 ;;
  list-*) case " $* " in *" --output json "*) echo "[]" ;; esac ;;
  lookup-events)
    for a in "$@"; do case $a in AttributeKey=EventName,AttributeValue=*) f="$AWS_EVENTS/\${a##*=}.json" ;; esac; done
    if [ -n "\${f:-}" ] && [ -f "$f" ]; then cat "$f"; else echo "[]"; fi ;;
esac
exit 0
`;

// sekisho (google sync, collect, diff) fails with it: it stands for a read that could not be made.
const SEKISHO_STAND_IN = `#!/usr/bin/env bash
{ printf 'sekisho'; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >> "$AWS_LOG"
if [ "$AWS_MODE" = fail ]; then echo "cannot read" >&2; exit 2; fi
exit 0
`;

interface Bed {
  dir: string;
  bin: string;
  log: string;
  plan: MigrationPlan;
}

function bed(real: OrgState, map = new Map<string, string>(), mm = m): Bed {
  const root = tempDir();
  const dir = join(root, "plan");
  const d = mm === m ? design : compile(mm);
  const plan = migrationPlan({ model: mm, design: d, real, map, now: NOW, hasMetadata: false });
  for (const [rel, text] of migrationFiles(plan, mm, d)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const bin = join(root, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "aws"), STAND_IN);
  writeFileSync(join(bin, "sekisho"), SEKISHO_STAND_IN);
  chmodSync(join(bin, "aws"), 0o755);
  chmodSync(join(bin, "sekisho"), 0o755);
  return { dir, bin, log: join(root, "calls.log"), plan };
}

function run(b: Bed, script: string, mode: "fail" | "gone" | "events", env: Record<string, string> = {}) {
  const r = spawnSync("bash", [join(b.dir, script)], {
    encoding: "utf8",
    input: "Temp-0rary-pw!\n",
    cwd: dirname(b.dir),
    env: {
      PATH: `${b.bin}:${process.env.PATH}`,
      HOME: dirname(b.dir),
      AWS_LOG: b.log,
      AWS_MODE: mode,
      AWS_EVENTS: join(dirname(b.dir), "events"),
      ...env,
    },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const calls = (b: Bed) =>
  existsSync(b.log)
    ? readFileSync(b.log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split("\t"))
    : [];
const scripts = (b: Bed, kind: "" | ".gate" | ".rollback") =>
  readdirSync(join(b.dir, "scripts"))
    .filter((f) => (kind === "" ? !/\.(gate|rollback)\.sh$/.test(f) : f.endsWith(`${kind}.sh`)))
    .sort()
    .map((f) => `scripts/${f}`);

test("every gate exits non-zero, saying so, when every aws call fails", () => {
  const b = bed(today());
  const gates = scripts(b, ".gate");
  assert.equal(gates.length, b.plan.steps.length);
  mkdirSync(join(b.dir, "run"));
  writeFileSync(join(b.dir, "run", "verify-sign-in.started"), "2026-11-28T00:00:00Z\n");
  for (const g of gates) {
    const r = run(b, g, "fail", { MODEL: "access.yaml", COLLECT_ARGS: "--profile x" });
    assert.notEqual(r.status, 0, `${g} passed with a failing aws`);
    const n = Number(/scripts\/(\d+)-/.exec(g)![1]);
    assert.match(r.stderr, new RegExp(`gate of step ${n} NOT met\\n$`), g);
  }
  // Not vacuous: the gates that only read IAM pass where every read says "nothing left".
  for (const id of ["remove-console-and-policies", "deactivate-keys"]) {
    const s = b.plan.steps.find((x) => x.id === id)!;
    const r = run(b, `scripts/${String(s.n).padStart(2, "0")}-${id}.gate.sh`, "gone");
    assert.equal(r.status, 0, `${id}: ${r.stderr}`);
    assert.equal(r.stdout, `gate of step ${s.n} met\n`);
  }
});

test("a failed read stops a step before its output is used: the key step changes nothing", () => {
  const b = bed(today());
  const s = b.plan.steps.find((x) => x.id === "deactivate-keys")!;
  const r = run(b, `scripts/${String(s.n).padStart(2, "0")}-deactivate-keys.sh`, "fail");
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /cannot list the keys of dan@acme\.io\n$/);
  assert.deepEqual(
    calls(b).map((c) => c[2]),
    ["list-access-keys"],
    "nothing after the failed read",
  );
  const del = b.plan.steps.find((x) => x.id === "delete-users")!;
  const d = run(b, `scripts/${String(del.n).padStart(2, "0")}-delete-users.sh`, "fail");
  assert.notEqual(d.status, 0);
  assert.ok(!calls(b).some((c) => c[2]?.startsWith("delete-")), "no delete after a failed list");
});

test("every cloudformation deploy carries its parameters", () => {
  const b = bed(today());
  writeFileSync(join(b.dir, "GoogleIDPMetadata.xml"), "<EntityDescriptor>google</EntityDescriptor>\n");
  for (const id of ["deploy-environment-roles", "deploy-identity"]) {
    const s = b.plan.steps.find((x) => x.id === id)!;
    const r = run(b, `scripts/${String(s.n).padStart(2, "0")}-${id}.sh`, "gone");
    assert.equal(r.status, 0, r.stderr);
  }
  const deploys = calls(b).filter((c) => c[1] === "cloudformation" && c[2] === "deploy");
  assert.deepEqual(
    deploys.map((c) => c.slice(3)),
    [
      [
        "--profile",
        "admin-dev",
        "--stack-name",
        "sekisho-acme-environment",
        "--template-file",
        `cloudformation/${DEV}-dev-environment.json`,
        "--capabilities",
        "CAPABILITY_NAMED_IAM",
        "--parameter-overrides",
        "EnvironmentName=dev",
      ],
      [
        "--profile",
        "admin-prod",
        "--stack-name",
        "sekisho-acme-environment",
        "--template-file",
        `cloudformation/${PROD}-prod-environment.json`,
        "--capabilities",
        "CAPABILITY_NAMED_IAM",
        "--parameter-overrides",
        "EnvironmentName=prod",
      ],
      [
        "--profile",
        "admin-dev",
        "--stack-name",
        "sekisho-acme-identity",
        "--template-file",
        `cloudformation/${DEV}-dev-identity.json`,
        "--capabilities",
        "CAPABILITY_NAMED_IAM",
        "--parameter-overrides",
        "SamlMetadataDocument=<EntityDescriptor>google</EntityDescriptor>",
      ],
    ],
  );
});

/** CloudTrail's lookup-events --query 'Events[].CloudTrailEvent' --output json: a list of JSON strings. */
function events(b: Bed, name: string, list: object[]) {
  const dir = join(dirname(b.dir), "events");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(list.map((e) => JSON.stringify(e))));
}

const samlSignIn = (team: string, session: string, time = "2026-11-28T10:00:00Z") => ({
  eventName: "AssumeRoleWithSAML",
  eventTime: time,
  requestParameters: {
    roleArn: `arn:aws:iam::${DEV}:role/sekisho/landing-${team}`,
    principalArn: `arn:aws:iam::${DEV}:saml-provider/GoogleWorkspace`,
  },
  responseElements: {
    assumedRoleUser: { arn: `arn:aws:sts::${DEV}:assumed-role/landing-${team}/${session}` },
  },
});
const mfaLogin = (user: string, mfa: "Yes" | "No") => ({
  eventName: "ConsoleLogin",
  eventTime: "2026-11-28T11:00:00Z",
  userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${DEV}:user/${user}`, userName: user },
  responseElements: { ConsoleLogin: "Success" },
  additionalEventData: { MFAUsed: mfa },
});

test("the sign-in gate matches each email whole and case-insensitively, after the step started, and break-glass with MFA", () => {
  const b = bed(today());
  const s = b.plan.steps.find((x) => x.id === "verify-sign-in")!;
  const name = (k: string) => `scripts/${String(s.n).padStart(2, "0")}-verify-sign-in${k}`;
  // Before the step ran, the gate cannot know when it started: not met.
  const early = run(b, name(".gate.sh"), "events");
  assert.notEqual(early.status, 0);
  assert.match(early.stderr, /run this step first/);
  assert.equal(run(b, name(".sh"), "events").status, 0);
  writeFileSync(join(b.dir, "run", "verify-sign-in.started"), "2026-11-28T09:00:00Z\n");
  const others = [
    samlSignIn("ops", "diana@acme.io"),
    samlSignIn("ops", "ana@acme.io.evil.example"),
    samlSignIn("devs", "ben@acme.io"),
    samlSignIn("ops", "cleo@acme.io"),
    samlSignIn("devs", "dan@acme.io"),
  ];
  events(b, "AssumeRoleWithSAML", others);
  events(b, "ConsoleLogin", [mfaLogin("break-glass", "Yes")]);
  const substring = run(b, name(".gate.sh"), "events");
  assert.equal(substring.status, 1, "neither diana@acme.io nor ana@acme.io.evil.example is ana@acme.io");
  assert.equal(substring.stderr, `no Google sign-in yet: ana@acme.io\ngate of step ${s.n} NOT met\n`);
  // Before the step started does not count; neither does a role ana has no team for.
  events(b, "AssumeRoleWithSAML", [
    ...others,
    samlSignIn("ops", "ana@acme.io", "2026-11-28T08:59:59Z"),
    samlSignIn("devs", "ana@acme.io"),
  ]);
  assert.equal(run(b, name(".gate.sh"), "events").status, 1);
  events(b, "AssumeRoleWithSAML", [...others, samlSignIn("ops", "ANA@Acme.io")]);
  const met = run(b, name(".gate.sh"), "events");
  assert.equal(met.status, 0, met.stderr);
  assert.equal(met.stdout, `gate of step ${s.n} met\n`);
  // Break-glass without MFA is not met.
  events(b, "ConsoleLogin", [mfaLogin("break-glass", "No")]);
  const noMfa = run(b, name(".gate.sh"), "events");
  assert.equal(noMfa.stderr, `no console sign-in with MFA yet: break-glass\ngate of step ${s.n} NOT met\n`);
  // The reads were the ones the gate needs: CloudTrail in us-east-1 of the identity account, from the start.
  const lookups = calls(b).filter((c) => c[2] === "lookup-events");
  assert.ok(lookups.length > 0);
  for (const c of lookups)
    assert.deepEqual(c.slice(3, 9), [
      "--profile",
      "admin-dev",
      "--region",
      "us-east-1",
      "--start-time",
      "2026-11-28T09:00:00Z",
    ]);
});

/** Runs the verify step (it records its start at 09:00), then serves every person's and break-glass's sign-in. */
function startedWithEveryoneSignedIn(b: Bed, script: string) {
  assert.equal(run(b, script, "events").status, 0);
  writeFileSync(join(b.dir, "run", "verify-sign-in.started"), "2026-11-28T09:00:00Z\n");
  events(b, "AssumeRoleWithSAML", [
    samlSignIn("ops", "ana@acme.io"),
    samlSignIn("devs", "ben@acme.io"),
    samlSignIn("ops", "cleo@acme.io"),
    samlSignIn("devs", "dan@acme.io"),
  ]);
  events(b, "ConsoleLogin", [mfaLogin("break-glass", "Yes")]);
}

test("a pipeline moving to its workload: the gate waits for a successful token exchange into its role, in its account", () => {
  const withWorkload = model(`${MODEL}workloads:
  site-deploy:
    github: { repo: acme/site, branches: [main] }
    can: { prod: readonly }
`);
  const b = bed(today(), new Map([["legacy-bot", "workload:site-deploy"]]), withWorkload);
  const s = b.plan.steps.find((x) => x.id === "verify-sign-in")!;
  const name = (k: string) => `scripts/${String(s.n).padStart(2, "0")}-verify-sign-in${k}`;
  startedWithEveryoneSignedIn(b, name(".sh"));
  const role = `arn:aws:iam::${PROD}:role/sekisho/workload-site-deploy`;
  const exchange = (roleArn: string, extra: object = {}, time = "2026-11-28T10:00:00Z") => ({
    eventName: "AssumeRoleWithWebIdentity",
    eventTime: time,
    userIdentity: { type: "WebIdentityUser", userName: "repo:acme/site:ref:refs/heads/main" },
    requestParameters: { roleArn },
    ...extra,
  });
  // Refused, too early, or into another role: not met.
  events(b, "AssumeRoleWithWebIdentity", [
    exchange(role, { errorCode: "AccessDenied" }),
    exchange(role, {}, "2026-11-28T08:00:00Z"),
    exchange(`${role}-other`),
  ]);
  const shut = run(b, name(".gate.sh"), "events");
  assert.equal(shut.status, 1);
  assert.equal(shut.stderr, `no token exchange yet for workload: site-deploy\ngate of step ${s.n} NOT met\n`);
  events(b, "AssumeRoleWithWebIdentity", [exchange(role)]);
  const met = run(b, name(".gate.sh"), "events");
  assert.equal(met.status, 0, met.stderr);
  // Read in prod (the role's account), in the model's region unless WORKLOAD_REGION says otherwise.
  const reads = calls(b).filter(
    (c) =>
      c[2] === "lookup-events" &&
      c.includes("AttributeKey=EventName,AttributeValue=AssumeRoleWithWebIdentity"),
  );
  assert.ok(reads.length > 0);
  for (const c of reads)
    assert.deepEqual(c.slice(3, 7), ["--profile", "admin-prod", "--region", "us-east-1"]);
  // Every read failing keeps it shut.
  assert.notEqual(run(b, name(".gate.sh"), "fail").status, 0);
});

test("with source identity on, the sign-in gate also waits for each person's switch into an environment role they are granted", () => {
  const b = bed(today(), new Map(), model(`${MODEL}options:\n  sourceIdentity: true\n`));
  const s = b.plan.steps.find((x) => x.id === "verify-sign-in")!;
  const name = (k: string) => `scripts/${String(s.n).padStart(2, "0")}-verify-sign-in${k}`;
  startedWithEveryoneSignedIn(b, name(".sh"));
  const role = (level: string) => `arn:aws:iam::${PROD}:role/sekisho/${level}`;
  const by = (who: string) => ({ sessionContext: { sourceIdentity: who } });
  const switchInto = (roleArn: string, who: string, extra: object = {}, time = "2026-11-28T10:05:00Z") => ({
    eventName: "AssumeRole",
    eventTime: time,
    userIdentity: { type: "AssumedRole", ...by(who) },
    requestParameters: { roleArn, roleSessionName: who, sourceIdentity: who },
    ...extra,
  });
  const everyone = [
    switchInto(role("admin"), "ana@acme.io"),
    switchInto(role("readonly"), "cleo@acme.io"),
    switchInto(role("readonly"), "dan@acme.io"),
  ];
  // ben has not switched; a refused switch, one before the step, and one into a role devs are
  // not granted in prod do not count.
  events(b, "AssumeRole", [
    ...everyone,
    switchInto(role("readonly"), "ben@acme.io", { errorCode: "AccessDenied" }),
    switchInto(role("readonly"), "ben@acme.io", {}, "2026-11-28T08:00:00Z"),
    switchInto(role("admin"), "ben@acme.io"),
  ]);
  const shut = run(b, name(".gate.sh"), "events");
  assert.equal(shut.status, 1);
  assert.equal(shut.stderr, `no switch into prod yet: ben@acme.io\ngate of step ${s.n} NOT met\n`);
  events(b, "AssumeRole", [...everyone, switchInto(role("readonly"), "BEN@acme.io")]);
  const met = run(b, name(".gate.sh"), "events");
  assert.equal(met.status, 0, met.stderr);
  assert.equal(met.stdout, `gate of step ${s.n} met\n`);
  // The switches were read in prod, where AWS logs the AssumeRole.
  const reads = calls(b).filter(
    (c) => c[2] === "lookup-events" && c.includes("AttributeKey=EventName,AttributeValue=AssumeRole"),
  );
  assert.ok(reads.length > 0);
  for (const c of reads) assert.deepEqual(c.slice(3, 5), ["--profile", "admin-prod"]);
  // An unreadable trail keeps it shut.
  assert.notEqual(run(b, name(".gate.sh"), "fail").status, 0);
});

test("names from a hostile export stay data: no script, gate or rollback executes them", () => {
  const hostile = [
    "x$(touch PWNED-subst)",
    "y`touch PWNED-backtick`",
    "z'; touch PWNED-quote; '",
    'w"; touch PWNED-dq; "',
    "v\ntouch PWNED-newline",
  ];
  const real = today();
  const dev = real.accounts[0]!;
  const extra = account(
    DEV,
    hostile.map((name, i) => ({
      name,
      email: ["ana@acme.io", "ben@acme.io", "cleo@acme.io", "dan@acme.io", "ben@acme.io"][i]!,
      inline: { [`p$(touch PWNED-policy-${i})`]: PUT_OBJECT },
      groups: ["g`touch PWNED-group`"],
      policies: ["ReadOnlyAccess"],
    })),
    [
      {
        GroupName: "g`touch PWNED-group`",
        GroupPolicyList: [],
        AttachedManagedPolicies: [],
      },
    ],
    hostile.map((name) =>
      reportRow(DEV, name, {
        access_key_1_active: true,
        access_key_1_last_used_date: "2026-01-01T00:00:00+00:00",
      }),
    ),
  );
  dev.authorizationDetails.UserDetailList.push(...extra.authorizationDetails.UserDetailList);
  dev.authorizationDetails.GroupDetailList.push(...extra.authorizationDetails.GroupDetailList);
  dev.credentialReport = [...(dev.credentialReport ?? []), ...(extra.credentialReport ?? [])];
  const b = bed(real);
  writeFileSync(join(b.dir, "GoogleIDPMetadata.xml"), "<x/>\n");
  const all = [...scripts(b, ""), ...scripts(b, ".gate"), ...scripts(b, ".rollback")];
  for (const mode of ["gone", "fail"] as const)
    for (const s of all) run(b, s, mode, { MODEL: "access.yaml", COLLECT_ARGS: "--profile x" });
  const root = dirname(b.dir);
  const pwned = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? pwned(join(dir, e.name)) : e.name.startsWith("PWNED") ? [join(dir, e.name)] : [],
    );
  assert.deepEqual(pwned(root), []);
  // Each name reached aws whole, as one argument.
  const args = new Set(calls(b).flat());
  for (const name of hostile.filter((n) => !n.includes("\n")))
    assert.ok(args.has(name), `${name} passed to aws as one argument`);
});
