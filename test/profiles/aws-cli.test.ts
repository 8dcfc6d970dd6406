// The real AWS CLI reads the generated ~/.aws/config: every profile is listed, and each
// target profile's role_arn (and the other keys) come back exactly. No network: `aws
// configure list-profiles` and `aws configure get` only read files, and the environment is
// scrubbed of credentials, profiles and metadata lookups.
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import { awsConfig } from "../../src/profiles/aws-config.js";
import { accessClasses } from "../../src/profiles/classes.js";
import { classPlan, type ProfilePlan, personPlan, userPlan } from "../../src/profiles/plan.js";
import { tempDir } from "../google/helpers.js";
import { requireTool, toolSkip } from "../required-tool.js";
import { example, HOSTILE, modelOf } from "./helpers.js";

const run = promisify(execFile);

function findAws(): string | undefined {
  if (existsSync("/usr/bin/aws")) return "/usr/bin/aws";
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (dir && existsSync(join(dir, "aws"))) return join(dir, "aws");
  }
  return undefined;
}

/** The AWS CLI v2 (what Debian's awscli installs), or undefined: v1 lacks `configure list-profiles`. */
function findAwsV2(): string | undefined {
  const aws = findAws();
  if (aws === undefined) return undefined;
  try {
    const version = execFileSync(aws, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return version.startsWith("aws-cli/2.") ? aws : undefined;
  } catch {
    return undefined;
  }
}

const AWS = findAwsV2();
const AWS_TOOL = "the AWS CLI v2 (aws --version: aws-cli/2.x)";

function awsEnv(config: string, home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    LANG: "C.UTF-8",
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
  };
}

async function aws(config: string, home: string, args: string[]): Promise<string> {
  const { stdout } = await run(AWS!, args, { env: awsEnv(config, home), timeout: 60_000 });
  return stdout;
}

/** Runs fns with at most `limit` at a time (each `aws` is a Python process). */
async function limited<T>(fns: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(fns.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < fns.length) {
        const i = next++;
        out[i] = await fns[i]!();
      }
    }),
  );
  return out;
}

async function checkPlan(dir: string, label: string, text: string, plan: ProfilePlan): Promise<number> {
  const home = join(dir, label);
  mkdirSync(home, { recursive: true });
  const config = join(home, "config");
  writeFileSync(config, text);
  const listed = (await aws(config, home, ["configure", "list-profiles"]))
    .split("\n")
    .filter((l) => l !== "");
  const expected = [...plan.bases.map((b) => b.name), ...plan.targets.map((t) => t.name)];
  assert.deepEqual([...listed].sort(), [...expected].sort(), `${label}: list-profiles`);
  const checks: (() => Promise<void>)[] = [];
  plan.targets.forEach((t, i) => {
    const want: Record<string, string> = {
      role_arn: t.target.roleArn,
      source_profile: t.base,
      role_session_name: plan.sessionName,
      duration_seconds: "3600",
      region: t.target.region,
      ...(plan.mfaSerial ? { mfa_serial: plan.mfaSerial } : {}),
    };
    for (const [key, value] of Object.entries(want)) {
      // role_arn of every profile; the other keys of the first (each call is a Python start).
      if (key !== "role_arn" && i > 0) continue;
      checks.push(async () => {
        const got = await aws(config, home, ["configure", "get", key, "--profile", t.name]);
        assert.equal(got, `${value}\n`, `${label}: ${t.name} ${key}`);
      });
    }
  });
  await limited(checks, 2);
  return checks.length;
}

describe("the real AWS CLI reads the generated ~/.aws/config", {
  skip: toolSkip(AWS_TOOL, AWS !== undefined, "awscli"),
}, () => {
  test("people and kept users of the example", async () => {
    requireTool(AWS_TOOL, AWS !== undefined, "awscli");
    const dir = tempDir("sekisho-aws-cli-");
    const model = example();
    const who = ["alice@example.com", "farid@example.com", "kenji@example.com"];
    let n = 0;
    for (const email of who) {
      const plan = personPlan(model, model.people.find((p) => p.email === email)!);
      n += await checkPlan(dir, email, awsConfig(model, plan), plan);
    }
    const ci = userPlan(model, model.users.find((u) => u.name === "ci-deployer")!);
    n += await checkPlan(dir, "ci-deployer", awsConfig(model, ci), ci);
    // role_arn of 22 profiles; 4 more keys of one profile per person, 5 (with mfa_serial) for the user.
    assert.equal(n, 9 + 5 + 3 + 5 + 3 * 4 + 5);
  });

  test("a class's config (placeholder session name), and profile names as appended to another org's", async () => {
    requireTool(AWS_TOOL, AWS !== undefined, "awscli");
    const dir = tempDir("sekisho-aws-cli-");
    const model = example();
    const sre = accessClasses(model).find((c) => c.slug === "access-sre")!;
    const plan = classPlan(model, sre);
    assert.equal(plan.sessionName, "<your-email>");
    await checkPlan(dir, "class", awsConfig(model, plan), plan);
    // Appended to a ~/.aws/config of another organisation with the same environments: no profile
    // is overwritten, because every name carries its organisation (the old short names collided).
    const other = structuredClone(model);
    other.organization = "other";
    const alice = model.people.find((p) => p.email === "alice@example.com")!;
    const mine = personPlan(model, alice);
    const theirs = personPlan(other, alice);
    const home = join(dir, "appended");
    mkdirSync(home, { recursive: true });
    const config = join(home, "config");
    writeFileSync(config, `${awsConfig(other, theirs)}\n${awsConfig(model, mine)}`);
    const listed = (await aws(config, home, ["configure", "list-profiles"])).split("\n").filter((l) => l);
    assert.equal(listed.length, 2 * (1 + 9));
    assert.equal(new Set(listed).size, listed.length);
    assert.equal(
      await aws(config, home, ["configure", "get", "source_profile", "--profile", "example-prod-admin"]),
      "example-landing-sre\n",
    );
  });

  test("hostile names, several teams and an expiring grant", async () => {
    requireTool(AWS_TOOL, AWS !== undefined, "awscli");
    const dir = tempDir("sekisho-aws-cli-");
    const model = modelOf(HOSTILE);
    const plan = personPlan(model, model.people.find((p) => p.email === "=1+2@evil.com")!);
    await checkPlan(dir, "person", awsConfig(model, plan), plan);
    const u = userPlan(model, model.users[0]!);
    await checkPlan(dir, "user", awsConfig(model, u), u);
  });
});
