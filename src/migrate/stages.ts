// The accounts as each step leaves them: today's export with the design's resources laid over
// it, then the replaced users stripped and deleted. Pure: each function returns a new state.
import { landingRoleArn } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import {
  type AccountState,
  emptyAuthorizationDetails,
  type OrgState,
  type UserDetail,
} from "../state/org-state.js";

/**
 * A new state whose lists can change; the principals and documents in them are shared, never
 * edited in place, so scans of unchanged policies are reused from one step's state to the next.
 */
function copy(state: OrgState): OrgState {
  return {
    accounts: state.accounts.map((a) => ({
      ...a,
      authorizationDetails: {
        UserDetailList: [...a.authorizationDetails.UserDetailList],
        GroupDetailList: [...a.authorizationDetails.GroupDetailList],
        RoleDetailList: [...a.authorizationDetails.RoleDetailList],
        Policies: [...a.authorizationDetails.Policies],
      },
      samlProviders: [...a.samlProviders],
    })),
  };
}

function account(state: OrgState, id: string): AccountState {
  let a = state.accounts.find((x) => x.accountId === id);
  if (!a) {
    a = { accountId: id, authorizationDetails: emptyAuthorizationDetails(), samlProviders: [] };
    state.accounts.push(a);
    state.accounts.sort((x, y) => x.accountId.localeCompare(y.accountId));
  }
  return a;
}

function upsert<T extends { Arn: string }>(list: T[], items: T[]): void {
  for (const item of items) {
    const i = list.findIndex((x) => x.Arn === item.Arn);
    if (i >= 0) list[i] = item;
    else list.push(item);
  }
}

/** The managed policies the design's principals need, so the engine can read them. */
function addPolicies(target: AccountState, source: AccountState): void {
  upsert(target.authorizationDetails.Policies, source.authorizationDetails.Policies);
}

/** Kept users the model names that the identity account does not have yet: created bare. */
export function withKeptUsers(state: OrgState, design: OrgState, model: AccessModel): OrgState {
  const out = copy(state);
  const identity = account(out, model.identity.accountId);
  const designed = design.accounts.find((a) => a.accountId === model.identity.accountId);
  for (const u of designed?.authorizationDetails.UserDetailList ?? []) {
    if (identity.authorizationDetails.UserDetailList.some((x) => x.UserName === u.UserName)) continue;
    identity.authorizationDetails.UserDetailList.push({
      ...u,
      GroupList: [],
      AttachedManagedPolicies: [],
      UserPolicyList: [],
    });
  }
  return out;
}

/**
 * The environment stacks: every designed role but the landing roles. With Terraform (one root
 * per account) the identity account's environment roles come with its root instead: `skip` it.
 */
export function withEnvironmentRoles(
  state: OrgState,
  design: OrgState,
  model: AccessModel,
  skip: ReadonlySet<string> = new Set(),
): OrgState {
  const out = copy(state);
  const landing = new Set(model.teams.map((t) => landingRoleArn(model, t.name)));
  for (const d of design.accounts) {
    if (skip.has(d.accountId)) continue;
    const roles = d.authorizationDetails.RoleDetailList.filter((r) => !landing.has(r.Arn));
    if (roles.length === 0) continue;
    const a = account(out, d.accountId);
    upsert(a.authorizationDetails.RoleDetailList, roles);
    addPolicies(a, d);
  }
  return out;
}

/**
 * The identity stack: SAML provider, landing roles, groups, and the kept users added to them;
 * with `allRoles` (the identity account's Terraform root) its environment roles too.
 */
export function withIdentity(
  state: OrgState,
  design: OrgState,
  model: AccessModel,
  allRoles = false,
): OrgState {
  const out = copy(state);
  const d = design.accounts.find((x) => x.accountId === model.identity.accountId);
  if (!d) return out;
  const a = account(out, d.accountId);
  const landing = new Set(model.teams.map((t) => landingRoleArn(model, t.name)));
  upsert(
    a.authorizationDetails.RoleDetailList,
    d.authorizationDetails.RoleDetailList.filter((r) => allRoles || landing.has(r.Arn)),
  );
  upsert(a.authorizationDetails.GroupDetailList, d.authorizationDetails.GroupDetailList);
  addPolicies(a, d);
  upsert(a.samlProviders, d.samlProviders);
  const designed = new Map(d.authorizationDetails.UserDetailList.map((u) => [u.UserName, u]));
  a.authorizationDetails.UserDetailList = a.authorizationDetails.UserDetailList.map((u) => {
    const du = designed.get(u.UserName);
    return du ? { ...u, GroupList: [...new Set([...u.GroupList, ...du.GroupList])] } : u;
  });
  return out;
}

function editUsers(
  state: OrgState,
  arns: ReadonlySet<string>,
  edit: (u: UserDetail) => UserDetail | undefined,
) {
  const out = copy(state);
  for (const a of out.accounts) {
    a.authorizationDetails.UserDetailList = a.authorizationDetails.UserDetailList.flatMap((u) => {
      if (!arns.has(u.Arn)) return [u];
      const e = edit(u);
      return e ? [e] : [];
    });
  }
  return out;
}

/** Console password and every policy and group taken from the replaced users. */
export function withoutPermissions(state: OrgState, arns: ReadonlySet<string>): OrgState {
  return editUsers(state, arns, (u) => ({
    ...u,
    UserPolicyList: [],
    AttachedManagedPolicies: [],
    GroupList: [],
  }));
}

export function withoutUsers(state: OrgState, arns: ReadonlySet<string>): OrgState {
  return editUsers(state, arns, () => undefined);
}

/** Kept users reduced to what the design gives them: its groups, nothing of their own. */
export function keptAsDesigned(
  state: OrgState,
  design: OrgState,
  model: AccessModel,
  skip: ReadonlySet<string> = new Set(),
): OrgState {
  const d = design.accounts.find((x) => x.accountId === model.identity.accountId);
  const designed = new Map(
    (d?.authorizationDetails.UserDetailList ?? [])
      .filter((u) => !skip.has(u.UserName))
      .map((u) => [u.UserName, u]),
  );
  const out = copy(state);
  const a = out.accounts.find((x) => x.accountId === model.identity.accountId);
  if (a)
    a.authorizationDetails.UserDetailList = a.authorizationDetails.UserDetailList.map((u) => {
      const du = designed.get(u.UserName);
      return du
        ? {
            ...u,
            GroupList: [...du.GroupList],
            AttachedManagedPolicies: [...du.AttachedManagedPolicies],
            UserPolicyList: [...(du.UserPolicyList ?? [])],
          }
        : u;
    });
  return out;
}

/** Something a kept user carries that the design does not give it. */
export interface KeptExtra {
  kind: "group" | "policy" | "inline";
  name: string;
}

/** Does a kept user carry anything the design does not give it? */
export function keptUserExtras(
  state: OrgState,
  design: OrgState,
  model: AccessModel,
): Map<string, KeptExtra[]> {
  const d = design.accounts.find((x) => x.accountId === model.identity.accountId);
  const designed = new Map((d?.authorizationDetails.UserDetailList ?? []).map((u) => [u.UserName, u]));
  const a = state.accounts.find((x) => x.accountId === model.identity.accountId);
  const out = new Map<string, KeptExtra[]>();
  for (const u of a?.authorizationDetails.UserDetailList ?? []) {
    const du = designed.get(u.UserName);
    if (!du) continue;
    const extras: KeptExtra[] = [
      ...u.GroupList.filter((g) => !du.GroupList.includes(g)).map((name) => ({
        kind: "group" as const,
        name,
      })),
      ...u.AttachedManagedPolicies.filter(
        (p) => !du.AttachedManagedPolicies.some((x) => x.PolicyArn === p.PolicyArn),
      ).map((p) => ({ kind: "policy" as const, name: p.PolicyArn })),
      ...(u.UserPolicyList ?? []).map((p) => ({ kind: "inline" as const, name: p.PolicyName })),
    ];
    if (extras.length) out.set(u.Arn, extras);
  }
  return out;
}

/**
 * Users of the identity account narrowed to the given managed policies, nothing else: who can
 * change IAM there could take over every landing role once they exist.
 */
export function narrowUsers(
  state: OrgState,
  design: OrgState,
  model: AccessModel,
  to: ReadonlyMap<string, string[]>,
): OrgState {
  const out = copy(state);
  const a = account(out, model.identity.accountId);
  const d = design.accounts.find((x) => x.accountId === model.identity.accountId);
  if (d) addPolicies(a, d);
  a.authorizationDetails.UserDetailList = a.authorizationDetails.UserDetailList.map((u) => {
    const arns = to.get(u.Arn);
    return arns
      ? {
          ...u,
          UserPolicyList: [],
          GroupList: [],
          AttachedManagedPolicies: arns.map((arn) => ({
            PolicyName: arn.slice(arn.lastIndexOf("/") + 1),
            PolicyArn: arn,
          })),
        }
      : u;
  });
  return out;
}
