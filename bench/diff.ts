// Benchmark of `sekisho diff`, whole process: the example organisation as deployed (plan's own
// state files, no drift), then the same accounts with growing numbers of foreign roles and
// users next to Sekisho's (trusts mostly services or named principals, a few bare account
// roots, as in real accounts).
//
//   npx tsx bench/diff.ts [--sizes 1000,2000,5000]
//
// Builds first; writes inputs to bench/.work/diff/ (gitignored).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { prng } from "./synthetic-org.js";
import { build, printTable, ROOT, row, timeCli } from "./whole-process.js";

const WORK = join(ROOT, "bench", ".work", "diff");
const MODEL = join(ROOT, "examples", "access.yaml");
const ACCOUNTS = ["111111111111", "222222222222", "333333333333"];
const { values } = parseArgs({ options: { sizes: { type: "string", default: "1000,2000,5000" } } });

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

build();
mkdirSync(WORK, { recursive: true });
const planned = join(WORK, "plan");
timeCli(["plan", MODEL, "-o", planned]);
const rows: string[][] = [];
const state = (a: string) => join(planned, "state", `${a}.json`);
const base = timeCli(["diff", MODEL, ...ACCOUNTS.map(state)]);
rows.push(row("example as deployed (no drift)", base));
for (const n of values.sizes.split(",").map(Number)) {
  const files = ACCOUNTS.map((a, i) => {
    const file = join(WORK, `${a}-${n}.json`);
    writeFileSync(file, JSON.stringify(withForeign(JSON.parse(readFileSync(state(a), "utf8")), a, n, n + i)));
    return file;
  });
  rows.push(
    row(`+ ${n} foreign principals per account (${3 * n} in all)`, timeCli(["diff", MODEL, ...files])),
  );
}
printTable("sekisho diff, whole process", rows);
