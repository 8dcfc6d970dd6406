// Benchmark of `sekisho audit`, whole processes: the three real datasets, and generated exports
// of growing size (users, roles, customer policies; trusts mostly services or named principals,
// a few bare account roots, as in real accounts), to show how time and memory grow.
//
//   npx tsx bench/audit.ts [--sizes 1000,2000,5000,10000]
//
// Builds first; writes inputs to bench/.work/audit/ (gitignored).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { prng } from "./synthetic-org.js";
import { build, printTable, ROOT, row, timeCli } from "./whole-process.js";

const WORK = join(ROOT, "bench", ".work", "audit");
const DATA = join(ROOT, "test", "fixtures", "datasets");
const { values } = parseArgs({ options: { sizes: { type: "string", default: "1000,2000,5000,10000" } } });
const A = "210987654321";
const SERVICES = [
  "ec2.amazonaws.com",
  "lambda.amazonaws.com",
  "ecs-tasks.amazonaws.com",
  "glue.amazonaws.com",
];
const ACTIONS = [
  "s3:GetObject",
  "s3:PutObject",
  "dynamodb:*",
  "ec2:Describe*",
  "logs:*",
  "sqs:SendMessage",
  "iam:PassRole",
  "lambda:UpdateFunctionCode",
  "ssm:GetParameter",
  "kms:Decrypt",
];

/** principals = users + roles (half each); policies = principals / 2. */
function exportOf(principals: number, seed: number): string {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const policies = Array.from({ length: Math.floor(principals / 2) }, (_, i) => {
    const arn = `arn:aws:iam::${A}:policy/p${i}`;
    const doc = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: [pick(ACTIONS), pick(ACTIONS)],
          Resource: rand() < 0.8 ? `arn:aws:s3:::bucket-${i}/*` : "*",
        },
      ],
    };
    return {
      PolicyName: `p${i}`,
      PolicyId: `ANPA${i}`,
      Arn: arn,
      Path: "/",
      DefaultVersionId: "v1",
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: "2024-01-01T00:00:00Z",
      UpdateDate: "2024-01-01T00:00:00Z",
      PolicyVersionList: [
        { Document: doc, VersionId: "v1", IsDefaultVersion: true, CreateDate: "2024-01-01T00:00:00Z" },
      ],
    };
  });
  const attach = () =>
    Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(policies)).map((p) => ({
      PolicyName: p.PolicyName,
      PolicyArn: p.Arn,
    }));
  const users = Array.from({ length: Math.floor(principals / 2) }, (_, i) => ({
    Path: "/",
    UserName: `u${i}`,
    UserId: `AIDA${i}`,
    Arn: `arn:aws:iam::${A}:user/u${i}`,
    CreateDate: "2024-01-01T00:00:00Z",
    UserPolicyList: [],
    GroupList: [],
    AttachedManagedPolicies: attach(),
  }));
  const roles = Array.from({ length: principals - users.length }, (_, i) => {
    const r = rand();
    const principal =
      r < 0.7
        ? { Service: pick(SERVICES) }
        : r < 0.97
          ? { AWS: pick(users).Arn }
          : { AWS: `arn:aws:iam::${A}:root` };
    return {
      Path: "/",
      RoleName: `r${i}`,
      RoleId: `AROA${i}`,
      Arn: `arn:aws:iam::${A}:role/r${i}`,
      CreateDate: "2024-01-01T00:00:00Z",
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }],
      },
      InstanceProfileList: [],
      RolePolicyList: [],
      AttachedManagedPolicies: attach(),
      RoleLastUsed: {},
    };
  });
  return JSON.stringify({
    UserDetailList: users,
    GroupDetailList: [],
    RoleDetailList: roles,
    Policies: policies,
  });
}

build();
mkdirSync(WORK, { recursive: true });
const rows: string[][] = [];
const datasets: [string, string[]][] = [
  [
    "cloudmapper demo + credential report",
    [
      join(DATA, "cloudmapper-demo-authz-details.json"),
      "--credential-report",
      join(DATA, "cloudmapper-demo-credential-report.json"),
    ],
  ],
  ["cloudsplaining example", [join(DATA, "cloudsplaining-test-example-authz-details.json")]],
];
for (const [name, args] of datasets) {
  rows.push(row(name, timeCli(["audit", ...args])));
}
for (const n of values.sizes.split(",").map(Number)) {
  const file = join(WORK, `export-${n}.json`);
  writeFileSync(file, exportOf(n, 7));
  rows.push(row(`generated: ${n} principals, ${Math.floor(n / 2)} policies`, timeCli(["audit", file])));
}
printTable("sekisho audit, whole process", rows);
