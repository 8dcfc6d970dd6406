// One small account for the graph's tests: principals, policies and trusts written in a line
// each, and the graph built over them.
import { ScanCache } from "../../src/engine/scan-cache.js";
import { buildGraph, type GraphOptions } from "../../src/graph/graph.js";
import { indexState } from "../../src/sessions/principals.js";
import type {
  GroupDetail,
  ManagedPolicyDetail,
  OrgState,
  RoleDetail,
  UserDetail,
} from "../../src/state/org-state.js";
import type { PolicyDocument, Statement } from "../../src/state/policy.js";

export const A = "111122223333";
export const ATTACKER = `arn:aws:iam::${A}:user/attacker`;
export const doc = (...s: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: s });
export const allow = (
  Action: string | string[],
  Resource: string | string[] = "*",
  Condition?: Statement["Condition"],
) => ({ Effect: "Allow", Action, Resource, ...(Condition ? { Condition } : {}) }) as Statement;
export const roleArn = (n: string) => `arn:aws:iam::${A}:role/${n}`;
export const userArn = (n: string) => `arn:aws:iam::${A}:user/${n}`;
export const groupArn = (n: string) => `arn:aws:iam::${A}:group/${n}`;

export function user(
  name: string,
  statements: Statement[],
  groups: string[] = [],
  managed: string[] = [],
): UserDetail {
  return {
    Path: "/",
    UserName: name,
    UserId: `AIDA${name.toUpperCase()}`,
    Arn: userArn(name),
    CreateDate: "x",
    UserPolicyList: statements.length ? [{ PolicyName: "p", PolicyDocument: doc(...statements) }] : [],
    GroupList: groups,
    AttachedManagedPolicies: managed.map((arn) => ({ PolicyName: arn.split("/").pop()!, PolicyArn: arn })),
  };
}

export function role(name: string, trust: Statement[], statements: Statement[], profile = false): RoleDetail {
  return {
    Path: "/",
    RoleName: name,
    RoleId: `AROA${name.toUpperCase()}`,
    Arn: roleArn(name),
    CreateDate: "x",
    AssumeRolePolicyDocument: doc(...trust),
    InstanceProfileList: profile
      ? [
          {
            Path: "/",
            InstanceProfileName: name,
            InstanceProfileId: "AIPA1",
            Arn: `arn:aws:iam::${A}:instance-profile/${name}`,
            CreateDate: "x",
            Roles: [],
          },
        ]
      : [],
    RolePolicyList: statements.length ? [{ PolicyName: "p", PolicyDocument: doc(...statements) }] : [],
    AttachedManagedPolicies: [],
  };
}

export function group(name: string, statements: Statement[] = []): GroupDetail {
  return {
    Path: "/",
    GroupName: name,
    GroupId: `AGPA${name.toUpperCase()}`,
    Arn: groupArn(name),
    CreateDate: "x",
    GroupPolicyList: statements.length ? [{ PolicyName: "g", PolicyDocument: doc(...statements) }] : [],
    AttachedManagedPolicies: [],
  };
}

export function customerPolicy(name: string): ManagedPolicyDetail {
  return {
    PolicyName: name,
    PolicyId: "ANPA1",
    Arn: `arn:aws:iam::${A}:policy/${name}`,
    Path: "/",
    DefaultVersionId: "v1",
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: "x",
    UpdateDate: "x",
    PolicyVersionList: [
      { Document: doc(allow("s3:ListBucket")), VersionId: "v1", IsDefaultVersion: true, CreateDate: "x" },
    ],
  };
}

export function state(
  users: UserDetail[],
  roles: RoleDetail[] = [],
  groups: GroupDetail[] = [],
  policies: ManagedPolicyDetail[] = [],
): OrgState {
  return {
    accounts: [
      {
        accountId: A,
        samlProviders: [],
        authorizationDetails: {
          UserDetailList: users,
          GroupDetailList: groups,
          RoleDetailList: roles,
          Policies: policies,
        },
      },
    ],
  };
}

const CLOCK = { now: "2026-11-28T00:00:00Z" };

export const graphOf = (s: OrgState, o: Partial<GraphOptions> = {}) =>
  buildGraph(indexState(s), new ScanCache(), { clock: CLOCK, ...o });

export const trustUser = (arn: string, Condition?: Statement["Condition"]): Statement => ({
  Effect: "Allow",
  Principal: { AWS: arn },
  Action: "sts:AssumeRole",
  ...(Condition ? { Condition } : {}),
});

export const trustService = (svc: string): Statement => ({
  Effect: "Allow",
  Principal: { Service: svc },
  Action: "sts:AssumeRole",
});
