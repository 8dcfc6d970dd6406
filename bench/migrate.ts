// Benchmark of `sekisho migrate`, whole process: an organisation where every person has an IAM
// user in every environment account (the starting point of the operating model), moving to
// teams with Google sign-in. Growing people and accounts; prints wall time and peak memory.
//
//   npx tsx bench/migrate.ts [--sizes 50x3,200x5,500x10,1000x10,2000x10]
//
// Builds first; writes inputs to bench/.work/migrate/ (gitignored).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { awsManagedPolicyDetail } from "../src/import/aws-managed.js";
import { prng } from "./synthetic-org.js";
import { build, printTable, ROOT, row, timeCli } from "./whole-process.js";

const WORK = join(ROOT, "bench", ".work", "migrate");
const { values } = parseArgs({
  options: { sizes: { type: "string", default: "50x3,200x5,500x10,1000x10,2000x10" } },
});

const account = (i: number) => String(100000000000 + i * 1111);
const TEAMS: [string, string, number][] = [
  ["ops", "AdministratorAccess", 0.1],
  ["devs", "PowerUserAccess", 0.6],
  ["readers", "ReadOnlyAccess", 0.3],
];

function teamOf(rand: () => number): (typeof TEAMS)[number] {
  const r = rand();
  return r < 0.1 ? TEAMS[0]! : r < 0.7 ? TEAMS[1]! : TEAMS[2]!;
}

function modelText(people: string[][], envs: number): string {
  const env = Array.from({ length: envs }, (_, i) => `  env${i}: { account: "${account(i)}" }`);
  return `organization: bench
identity:
  account: env0
  provider: { name: GoogleWorkspace }
  landing: readonly
environments:
${env.join("\n")}
levels:
  admin: { managed: [AdministratorAccess] }
  developer: { managed: [PowerUserAccess] }
  readonly: { managed: [ReadOnlyAccess] }
teams:
  ops: { can: { "*": [admin, developer, readonly] } }
  devs: { can: { "*": [developer, readonly] } }
  readers: { can: { "*": [readonly] } }
people:
${people.map(([email, team]) => `  ${email}: [${team}]`).join("\n")}
users:
  break-glass: { teams: [ops], reason: emergency, breakGlass: true }
`;
}

function exportOf(id: string, people: string[][]): string {
  const policy = (name: string) => ({
    PolicyName: name,
    PolicyArn: `arn:aws:iam::aws:policy/${name}`,
  });
  return JSON.stringify({
    UserDetailList: [
      ...people.map(([email, , managed], i) => ({
        Path: "/",
        UserName: email,
        UserId: `AIDA${i}`,
        Arn: `arn:aws:iam::${id}:user/${email}`,
        CreateDate: "2020-01-01T00:00:00Z",
        UserPolicyList: [],
        GroupList: [],
        AttachedManagedPolicies: [policy(managed!)],
      })),
      ...(id === account(0)
        ? [
            {
              Path: "/",
              UserName: "break-glass",
              UserId: "AIDABG",
              Arn: `arn:aws:iam::${id}:user/break-glass`,
              CreateDate: "2020-01-01T00:00:00Z",
              UserPolicyList: [],
              GroupList: [],
              AttachedManagedPolicies: [policy("AdministratorAccess")],
            },
          ]
        : []),
    ],
    GroupDetailList: [],
    RoleDetailList: [],
    // Real exports carry the AWS managed policies attached in the account.
    Policies: ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess"].map(managedDetail),
  });
}

function managedDetail(name: string) {
  return awsManagedPolicyDetail(`arn:aws:iam::aws:policy/${name}`)!;
}

build();
const rows: string[][] = [];
for (const size of values.sizes.split(",")) {
  const [n, envs] = size.split("x").map(Number) as [number, number];
  const rand = prng(n * 31 + envs);
  const people = Array.from({ length: n }, (_, i) => {
    const [team, managed] = teamOf(rand);
    return [`p${i}@bench.example`, team, managed];
  });
  const dir = join(WORK, size);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "access.yaml"), modelText(people, envs));
  const exports = Array.from({ length: envs }, (_, i) => {
    const file = join(dir, `export-${account(i)}.json`);
    writeFileSync(file, exportOf(account(i), people));
    return file;
  });
  const r = timeCli(["migrate", join(dir, "access.yaml"), ...exports, "-o", join(dir, "out")]);
  rows.push(row(`${n} people × ${envs} accounts (${n * envs + 1} IAM users)`, r));
}
printTable("sekisho migrate, whole process", rows);
