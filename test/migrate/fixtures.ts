// Synthetic accounts for the migration tests: IAM users as a team that grew up with "a powerful
// user per person per environment" has them, in the export's exact shape.
import { awsManagedPolicyDetail } from "../../src/import/aws-managed.js";
import type {
  AccountState,
  CredentialReportRow,
  GroupDetail,
  ManagedPolicyDetail,
  OrgState,
  UserDetail,
} from "../../src/state/org-state.js";
import type { PolicyDocument } from "../../src/state/policy.js";

export const DEV = "111111111111";
export const PROD = "333333333333";
export const aws = (name: string) => `arn:aws:iam::aws:policy/${name}`;

export const MODEL = `organization: acme
identity:
  account: dev
  provider: { name: GoogleWorkspace }
  landing: readonly
environments:
  dev: { account: "${DEV}" }
  prod: { account: "${PROD}", color: red }
levels:
  admin: { managed: [AdministratorAccess] }
  developer: { managed: [PowerUserAccess] }
  readonly: { managed: [ReadOnlyAccess] }
teams:
  ops: { can: { "*": [admin, developer, readonly] } }
  devs:
    can:
      dev: [developer, readonly]
      prod: [readonly]
people:
  ana@acme.io: [ops]
  ben@acme.io: [devs]
  cleo@acme.io: [ops, devs]
  dan@acme.io: [devs]
users:
  ci:
    teams: [devs]
    reason: CI without a Google account
  break-glass:
    teams: [ops]
    reason: when Google sign-in is down
    breakGlass: true
`;

function managed(arn: string): ManagedPolicyDetail {
  const detail = awsManagedPolicyDetail(arn);
  if (!detail) throw new Error(`no managed policy ${arn}`);
  return detail;
}

export interface UserSpec {
  name: string;
  policies?: string[];
  inline?: Record<string, PolicyDocument>;
  groups?: string[];
  email?: string;
}

export function user(account: string, u: UserSpec): UserDetail {
  return {
    Path: "/",
    UserName: u.name,
    UserId: `AIDA${u.name.replace(/\W/g, "").toUpperCase()}`,
    Arn: `arn:aws:iam::${account}:user/${u.name}`,
    CreateDate: "2020-01-01T00:00:00Z",
    UserPolicyList: Object.entries(u.inline ?? {}).map(([PolicyName, PolicyDocument]) => ({
      PolicyName,
      PolicyDocument,
    })),
    GroupList: u.groups ?? [],
    AttachedManagedPolicies: (u.policies ?? []).map((p) => ({ PolicyName: p, PolicyArn: aws(p) })),
    ...(u.email ? { Tags: [{ Key: "email", Value: u.email }] } : {}),
  };
}

export function account(
  id: string,
  users: UserSpec[],
  groups: (Omit<GroupDetail, "Arn" | "Path" | "GroupId" | "CreateDate"> & { policies?: string[] })[] = [],
  report?: CredentialReportRow[],
): AccountState {
  const names = new Set([
    ...users.flatMap((u) => u.policies ?? []),
    ...groups.flatMap((g) => g.AttachedManagedPolicies.map((p) => p.PolicyName)),
  ]);
  return {
    accountId: id,
    authorizationDetails: {
      UserDetailList: users.map((u) => user(id, u)),
      GroupDetailList: groups.map((g) => ({
        Path: "/",
        GroupName: g.GroupName,
        GroupId: `AGPA${g.GroupName.toUpperCase()}`,
        Arn: `arn:aws:iam::${id}:group/${g.GroupName}`,
        CreateDate: "2020-01-01T00:00:00Z",
        GroupPolicyList: g.GroupPolicyList,
        AttachedManagedPolicies: g.AttachedManagedPolicies,
      })),
      RoleDetailList: [],
      Policies: [...names].sort().map((n) => managed(aws(n))),
    },
    samlProviders: [],
    ...(report ? { credentialReport: report } : {}),
  };
}

export function reportRow(
  account: string,
  name: string,
  over: Partial<CredentialReportRow> = {},
): CredentialReportRow {
  return {
    user: name,
    arn: `arn:aws:iam::${account}:user/${name}`,
    password_enabled: true,
    mfa_active: false,
    access_key_1_active: false,
    access_key_2_active: false,
    ...over,
  };
}

export const PUT_OBJECT: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::deploy-bucket/*" }],
};

/** Dev and prod as the team has them today. */
export function today(): OrgState {
  return {
    accounts: [
      account(
        DEV,
        [
          { name: "ana@acme.io", policies: ["AdministratorAccess"] },
          { name: "ben", policies: ["PowerUserAccess"], email: "ben@acme.io" },
          { name: "cleo@acme.io", policies: ["ReadOnlyAccess"], groups: ["deployers"] },
          { name: "dan@acme.io", policies: ["PowerUserAccess"] },
          { name: "ci", policies: ["AmazonS3FullAccess"] },
          { name: "break-glass", policies: ["AdministratorAccess"] },
          { name: "legacy-bot", inline: { put: PUT_OBJECT } },
        ],
        [
          {
            GroupName: "deployers",
            GroupPolicyList: [{ PolicyName: "put", PolicyDocument: PUT_OBJECT }],
            AttachedManagedPolicies: [],
          },
        ],
        [
          reportRow(DEV, "ana@acme.io", { mfa_active: true }),
          reportRow(DEV, "ben"),
          reportRow(DEV, "cleo@acme.io"),
          reportRow(DEV, "dan@acme.io", {
            password_enabled: false,
            access_key_1_active: true,
            access_key_1_last_used_date: "2026-11-27T08:15:00+00:00",
          }),
          reportRow(DEV, "ci", {
            password_enabled: false,
            access_key_1_active: true,
            access_key_1_last_used_date: "2026-11-28T01:00:00+00:00",
          }),
          reportRow(DEV, "break-glass", { mfa_active: true }),
          reportRow(DEV, "legacy-bot", { password_enabled: false, access_key_1_active: true }),
        ],
      ),
      account(PROD, [
        { name: "ben@acme.io", policies: ["AdministratorAccess"] },
        { name: "cleo@acme.io", policies: ["ReadOnlyAccess"] },
      ]),
    ],
  };
}
