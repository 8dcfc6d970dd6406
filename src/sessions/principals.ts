// OrgState → principals with the policies that apply to them, as the engine takes them.
// Shared by prove, explain and audit: the same view of a design and of a real account.
import type { PolicyRef, PolicySet } from "../engine/types.js";
import type {
  AccountState,
  ManagedPolicyDetail,
  OrgState,
  RoleDetail,
  UserDetail,
} from "../state/org-state.js";
import type { PolicyDocument } from "../state/policy.js";

export interface PrincipalInfo {
  kind: "role" | "user";
  arn: string;
  account: string;
  name: string;
  /** Identity policies: inline, attached managed, and (users) those of their groups. */
  identity: PolicyRef[];
  boundary?: PolicyRef;
  /** Roles only. */
  trust?: PolicyRef;
  role?: RoleDetail;
  user?: UserDetail;
  /** Managed policies attached (or set as boundary) whose document the state does not hold. */
  unknownPolicies: string[];
}

/** The policies that apply to a principal's own requests: its identity policies and boundary. */
export function identityPolicies(p: PrincipalInfo): PolicySet {
  return { identity: p.identity, ...(p.boundary ? { boundary: p.boundary } : {}) };
}

export interface GroupInfo {
  arn: string;
  account: string;
  name: string;
  /** The group's own policies (inline and attached). */
  policies: PolicyRef[];
  members: string[];
}

export interface StateIndex {
  principals: PrincipalInfo[];
  byArn: Map<string, PrincipalInfo>;
  policies: Map<string, ManagedPolicyDetail>;
  groups: GroupInfo[];
}

function defaultDocument(p: ManagedPolicyDetail): PolicyDocument | undefined {
  return (p.PolicyVersionList.find((v) => v.IsDefaultVersion) ?? p.PolicyVersionList[0])?.Document;
}

export function indexState(state: OrgState): StateIndex {
  const policies = new Map<string, ManagedPolicyDetail>();
  for (const a of state.accounts) for (const p of a.authorizationDetails.Policies) policies.set(p.Arn, p);
  const principals: PrincipalInfo[] = [];
  const groups: GroupInfo[] = [];
  for (const a of state.accounts) {
    principals.push(...accountPrincipals(a, policies));
    for (const g of a.authorizationDetails.GroupDetailList) {
      const refs: PolicyRef[] = [
        ...g.GroupPolicyList.map((p) => ({
          id: `${g.Arn}#inline:${p.PolicyName}`,
          kind: "identity" as const,
          document: p.PolicyDocument,
        })),
        ...g.AttachedManagedPolicies.flatMap(({ PolicyArn }) => {
          const p = policies.get(PolicyArn);
          const doc = p && defaultDocument(p);
          return doc ? [{ id: `${PolicyArn}@${g.Arn}`, kind: "identity" as const, document: doc }] : [];
        }),
      ];
      const members = a.authorizationDetails.UserDetailList.filter((u) =>
        u.GroupList.includes(g.GroupName),
      ).map((u) => u.Arn);
      groups.push({ arn: g.Arn, account: a.accountId, name: g.GroupName, policies: refs, members });
    }
  }
  return { principals, byArn: new Map(principals.map((p) => [p.arn, p])), policies, groups };
}

function accountPrincipals(a: AccountState, policies: Map<string, ManagedPolicyDetail>): PrincipalInfo[] {
  const d = a.authorizationDetails;
  const out: PrincipalInfo[] = [];
  const managed = (owner: string, arns: { PolicyArn: string }[], unknown: string[]): PolicyRef[] =>
    arns.flatMap(({ PolicyArn }) => {
      const p = policies.get(PolicyArn);
      const doc = p && defaultDocument(p);
      if (!doc) {
        unknown.push(PolicyArn);
        return [];
      }
      return [{ id: `${PolicyArn}@${owner}`, kind: "identity" as const, document: doc }];
    });
  const boundaryOf = (arn: string | undefined, unknown: string[]): PolicyRef | undefined => {
    if (!arn) return undefined;
    const p = policies.get(arn);
    const doc = p && defaultDocument(p);
    if (!doc) {
      unknown.push(arn);
      // An unknown boundary: fail closed by letting nothing through it.
      return {
        id: `${arn}#boundary-unknown`,
        kind: "boundary",
        document: { Version: "2012-10-17", Statement: [] },
      };
    }
    return { id: `${arn}#boundary`, kind: "boundary", document: doc };
  };
  for (const role of d.RoleDetailList) {
    const unknown: string[] = [];
    const identity: PolicyRef[] = [
      ...role.RolePolicyList.map((p) => ({
        id: `${role.Arn}#inline:${p.PolicyName}`,
        kind: "identity" as const,
        document: p.PolicyDocument,
      })),
      ...managed(role.Arn, role.AttachedManagedPolicies, unknown),
    ];
    const boundary = boundaryOf(role.PermissionsBoundary?.PermissionsBoundaryArn, unknown);
    out.push({
      kind: "role",
      arn: role.Arn,
      account: a.accountId,
      name: role.RoleName,
      identity,
      ...(boundary ? { boundary } : {}),
      trust: { id: `${role.Arn}#trust`, kind: "resource", document: role.AssumeRolePolicyDocument },
      role,
      unknownPolicies: unknown,
    });
  }
  for (const user of d.UserDetailList) {
    const unknown: string[] = [];
    const identity: PolicyRef[] = [
      ...(user.UserPolicyList ?? []).map((p) => ({
        id: `${user.Arn}#inline:${p.PolicyName}`,
        kind: "identity" as const,
        document: p.PolicyDocument,
      })),
      ...managed(user.Arn, user.AttachedManagedPolicies, unknown),
    ];
    for (const groupName of user.GroupList) {
      const group = d.GroupDetailList.find((g) => g.GroupName === groupName);
      if (!group) {
        unknown.push(`group ${groupName}`);
        continue;
      }
      identity.push(
        ...group.GroupPolicyList.map((p) => ({
          id: `${group.Arn}#inline:${p.PolicyName}`,
          kind: "identity" as const,
          document: p.PolicyDocument,
        })),
        ...managed(group.Arn, group.AttachedManagedPolicies, unknown),
      );
    }
    const boundary = boundaryOf(user.PermissionsBoundary?.PermissionsBoundaryArn, unknown);
    out.push({
      kind: "user",
      arn: user.Arn,
      account: a.accountId,
      name: user.UserName,
      identity,
      ...(boundary ? { boundary } : {}),
      user,
      unknownPolicies: unknown,
    });
  }
  return out;
}
