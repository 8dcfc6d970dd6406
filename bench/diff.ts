// Benchmark of `sekisho diff`, whole process: the example organisation as deployed (plan's own
// state files, no drift), then the same accounts with growing numbers of foreign roles and
// users next to Sekisho's (trusts mostly services or named principals, a few bare account
// roots, as in real accounts).
//
//   npx tsx bench/diff.ts [--sizes 1000,2000,5000]
//
// Builds first; writes inputs to bench/.work/diff/ (gitignored).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { prng } from "./synthetic-org.js";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const WORK = join(ROOT, "bench", ".work", "diff");
const CLI = join(ROOT, "dist", "cli", "main.js");
const MODEL = join(ROOT, "examples", "access.yaml");
const ACCOUNTS = ["111111111111", "222222222222", "333333333333"];
const { values } = parseArgs({ options: { sizes: { type: "string", default: "1000,2000,5000" } } });

function run(args: string[]): { ms: number; mb: number; status: number | null } {
  const t = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, CLI, ...args], {
    env: { ...process.env, SEKISHO_TODAY: "2026-11-28" },
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  return {
    ms: Number(process.hrtime.bigint() - t) / 1e6,
    mb: (Number(r.stderr.trim().split("\n").at(-1)) || 0) / 1024,
    status: r.status,
  };
}

type Export = { UserDetailList: object[]; RoleDetailList: object[] };

/** Foreign principals added to an account's export: n/2 users, n/2 roles. */
function withForeign(exp: Export, account: string, n: number, seed: number): Export {
  const rand = prng(seed);
  const users = Array.from({ length: Math.floor(n / 2) }, (_, i) => ({
    Path: "/",
    UserName: `u${i}`,
    UserId: `AIDA${account}${i}`,
    Arn: `arn:aws:iam::${account}:user/u${i}`,
    CreateDate: "2024-01-01T00:00:00Z",
    UserPolicyList: [],
    GroupList: [],
    AttachedManagedPolicies: [],
  }));
  const roles = Array.from({ length: n - users.length }, (_, i) => {
    const r = rand();
    const principal =
      r < 0.7
        ? { Service: "lambda.amazonaws.com" }
        : r < 0.97
          ? { AWS: users[Math.floor(rand() * users.length)]!.Arn }
          : { AWS: `arn:aws:iam::${account}:root` };
    return {
      Path: "/",
      RoleName: `r${i}`,
      RoleId: `AROA${account}${i}`,
      Arn: `arn:aws:iam::${account}:role/r${i}`,
      CreateDate: "2024-01-01T00:00:00Z",
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }],
      },
      InstanceProfileList: [],
      RolePolicyList: [
        {
          PolicyName: "work",
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "logs:*"], Resource: "*" }],
          },
        },
      ],
      AttachedManagedPolicies: [],
      RoleLastUsed: {},
    };
  });
  return {
    ...exp,
    UserDetailList: [...exp.UserDetailList, ...users],
    RoleDetailList: [...exp.RoleDetailList, ...roles],
  };
}

spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
mkdirSync(WORK, { recursive: true });
const planned = join(WORK, "plan");
spawnSync(process.execPath, [CLI, "plan", MODEL, "-o", planned], {
  env: { ...process.env, SEKISHO_TODAY: "2026-11-28" },
  stdio: "ignore",
});
const rows: string[][] = [];
const state = (a: string) => join(planned, "state", `${a}.json`);
const base = run(["diff", MODEL, ...ACCOUNTS.map(state)]);
rows.push(["example as deployed (no drift)", base.ms.toFixed(0), base.mb.toFixed(0), String(base.status)]);
for (const n of values.sizes.split(",").map(Number)) {
  const files = ACCOUNTS.map((a, i) => {
    const file = join(WORK, `${a}-${n}.json`);
    writeFileSync(file, JSON.stringify(withForeign(JSON.parse(readFileSync(state(a), "utf8")), a, n, n + i)));
    return file;
  });
  const r = run(["diff", MODEL, ...files]);
  rows.push([
    `+ ${n} foreign principals per account (${3 * n} in all)`,
    r.ms.toFixed(0),
    r.mb.toFixed(0),
    String(r.status),
  ]);
}
const head = ["input", "ms", "peak MB", "exit"];
const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
console.log("sekisho diff, whole process");
console.log(head.map((h, i) => h.padEnd(w[i]!)).join("  "));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i]!)).join("  "));
