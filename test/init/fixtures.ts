// Synthetic get-account-authorization-details exports and credential reports for init's tests:
// small accounts written in a few lines, in exactly the CLI's export shape.
import { awsManagedPolicy } from "../../src/data/managed-policies.js";
import type { PolicyDocument } from "../../src/state/policy.js";

export interface UserSpec {
  name: string;
  tags?: Record<string, string>;
  groups?: string[];
  /** AWS managed policy names, or customer policy names of the account. */
  managed?: string[];
  inline?: Record<string, PolicyDocument>;
  path?: string;
}

export interface GroupSpec {
  name: string;
  managed?: string[];
  inline?: Record<string, PolicyDocument>;
}

export interface AccountSpec {
  account: string;
  users?: UserSpec[];
  groups?: GroupSpec[];
  roles?: {
    name: string;
    tags?: Record<string, string>;
    path?: string;
    managed?: string[];
    /** The role is in an instance profile (EC2 can run as it). */
    instanceProfile?: boolean;
  }[];
  /** Customer managed policies. */
  policies?: Record<string, PolicyDocument>;
  /** Also put the AWS managed policies attached in the export (as an unfiltered export does). */
  awsDocuments?: boolean;
}

export const allow = (actions: string[], resource = "*"): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: actions, Resource: resource }],
});

const DATE = "2024-01-01T00:00:00Z";

export function exportOf(spec: AccountSpec): string {
  const customer = new Set(Object.keys(spec.policies ?? {}));
  const arnOf = (name: string) => {
    if (customer.has(name)) return `arn:aws:iam::${spec.account}:policy/${name}`;
    const p = awsManagedPolicy(name);
    if (!p) throw new Error(`fixture: no AWS managed policy ${name}`);
    return p.arn;
  };
  const attached = (names: string[] = []) => names.map((n) => ({ PolicyName: n, PolicyArn: arnOf(n) }));
  const inline = (docs: Record<string, PolicyDocument> = {}) =>
    Object.entries(docs).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument }));
  const tags = (t: Record<string, string> | undefined) =>
    t ? { Tags: Object.entries(t).map(([Key, Value]) => ({ Key, Value })) } : {};
  const used = new Set<string>();
  for (const u of spec.users ?? []) for (const m of u.managed ?? []) used.add(m);
  for (const g of spec.groups ?? []) for (const m of g.managed ?? []) used.add(m);
  for (const r of spec.roles ?? []) for (const m of r.managed ?? []) used.add(m);
  const policies = [
    ...Object.entries(spec.policies ?? {}).map(([name, doc]) => policyDetail(name, arnOf(name), doc)),
    ...(spec.awsDocuments
      ? [...used]
          .filter((n) => !customer.has(n))
          .sort()
          .map((n) => policyDetail(n, arnOf(n), awsManagedPolicy(n)!.document))
      : []),
  ];
  const details = {
    UserDetailList: (spec.users ?? []).map((u, i) => ({
      Path: u.path ?? "/",
      UserName: u.name,
      UserId: `AIDA${spec.account}${String(i).padStart(4, "0")}`,
      Arn: `arn:aws:iam::${spec.account}:user${u.path ?? "/"}${u.name}`,
      CreateDate: DATE,
      UserPolicyList: inline(u.inline),
      GroupList: u.groups ?? [],
      AttachedManagedPolicies: attached(u.managed),
      ...tags(u.tags),
    })),
    GroupDetailList: (spec.groups ?? []).map((g, i) => ({
      Path: "/",
      GroupName: g.name,
      GroupId: `AGPA${spec.account}${String(i).padStart(4, "0")}`,
      Arn: `arn:aws:iam::${spec.account}:group/${g.name}`,
      CreateDate: DATE,
      GroupPolicyList: inline(g.inline),
      AttachedManagedPolicies: attached(g.managed),
    })),
    RoleDetailList: (spec.roles ?? []).map((r, i) => ({
      Path: r.path ?? "/",
      RoleName: r.name,
      RoleId: `AROA${spec.account}${String(i).padStart(4, "0")}`,
      Arn: `arn:aws:iam::${spec.account}:role${r.path ?? "/"}${r.name}`,
      CreateDate: DATE,
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      },
      InstanceProfileList: r.instanceProfile
        ? [
            {
              Path: "/",
              InstanceProfileName: r.name,
              InstanceProfileId: `AIPA${spec.account}${String(i).padStart(4, "0")}`,
              Arn: `arn:aws:iam::${spec.account}:instance-profile/${r.name}`,
              CreateDate: DATE,
              Roles: [],
            },
          ]
        : [],
      RolePolicyList: [],
      AttachedManagedPolicies: attached(r.managed),
      ...tags(r.tags),
    })),
    Policies: policies,
  };
  return `${JSON.stringify(details, null, 2)}\n`;
}

function policyDetail(name: string, arn: string, document: PolicyDocument) {
  return {
    PolicyName: name,
    PolicyId: `ANPA${name.toUpperCase().slice(0, 12)}`,
    Arn: arn,
    Path: arn.slice(arn.indexOf(":policy") + 7, arn.lastIndexOf("/") + 1),
    DefaultVersionId: "v1",
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: DATE,
    UpdateDate: DATE,
    PolicyVersionList: [{ Document: document, VersionId: "v1", IsDefaultVersion: true, CreateDate: DATE }],
  };
}

export interface ReportRow {
  user: string;
  account: string;
  password?: string;
  mfa?: boolean;
  keys?: string[];
}

/** A credential report CSV: password = last used date ("never": enabled, unused), keys = last used dates. */
export function credentialReport(rows: ReportRow[]): string {
  const header =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
  const lines = rows.map((r) => {
    const key = (i: number) => {
      const used = r.keys?.[i];
      return used === undefined
        ? ["false", "N/A", "N/A", "N/A", "N/A"]
        : ["true", DATE, used === "never" ? "N/A" : used, "eu-west-1", "s3"];
    };
    return [
      r.user,
      `arn:aws:iam::${r.account}:user/${r.user}`,
      DATE,
      r.password ? "true" : "false",
      r.password && r.password !== "never" ? r.password : "N/A",
      "N/A",
      "N/A",
      String(r.mfa ?? false),
      ...key(0),
      ...key(1),
      "false",
      "N/A",
      "false",
      "N/A",
    ].join(",");
  });
  return `${[header, ...lines].join("\n")}\n`;
}

/** Three accounts of a small company: the case the exact-text test pins down. */
export function company(): {
  exports: { path: string; text: string }[];
  reports: { path: string; text: string }[];
} {
  const developers = allow([
    "s3:GetObject",
    "s3:PutObject",
    "ec2:Describe*",
    "ec2:RunInstances",
    "lambda:InvokeFunction",
  ]);
  const dev = exportOf({
    account: "111111111111",
    roles: [{ name: "dev-app" }, { name: "DevDeployRole" }],
    groups: [
      { name: "Admins", managed: ["AdministratorAccess"] },
      { name: "Developers", inline: { build: developers } },
    ],
    users: [
      { name: "alice@example.com", groups: ["Admins"] },
      { name: "bob", tags: { email: "Bob@Example.com" }, groups: ["Admins"] },
      { name: "erin@example.com", groups: ["Admins"] },
      { name: "carol@example.com", managed: ["ReadOnlyAccess"] },
      { name: "dave@example.com", groups: ["Developers"] },
      { name: "ci-deployer", managed: ["PowerUserAccess"] },
      { name: "break-glass", managed: ["AdministratorAccess"] },
    ],
  });
  const prod = exportOf({
    account: "222222222222",
    awsDocuments: true,
    roles: [{ name: "prod-app" }, { name: "ProdDeployRole", tags: { env: "production" } }],
    groups: [{ name: "readers", managed: ["ReadOnlyAccess"] }],
    users: [
      { name: "alice@example.com", managed: ["AdministratorAccess"] },
      { name: "carol", tags: { mail: "carol@example.com" }, groups: ["readers"] },
      { name: "legacy-sync", inline: { upload: allow(["s3:PutObject"], "arn:aws:s3:::reports/*") } },
    ],
  });
  const qa = exportOf({
    account: "333333333333",
    roles: [{ name: "qa-runner" }],
    users: [{ name: "frank@example.com", managed: ["ViewOnlyAccess"] }],
  });
  return {
    exports: [
      { path: "dev.json", text: dev },
      { path: "prod.json", text: prod },
      { path: "qa.json", text: qa },
    ],
    reports: [
      {
        path: "dev-report.csv",
        text: credentialReport([
          {
            user: "alice@example.com",
            account: "111111111111",
            password: "2026-11-01T10:00:00+00:00",
            mfa: true,
          },
          { user: "ci-deployer", account: "111111111111", keys: ["2026-11-20T08:00:00+00:00"] },
          { user: "break-glass", account: "111111111111", password: "never", mfa: true },
        ]),
      },
      {
        path: "prod-report.csv",
        text: credentialReport([
          { user: "legacy-sync", account: "222222222222", keys: ["never", "2025-02-03T00:00:00+00:00"] },
        ]),
      },
    ],
  };
}
