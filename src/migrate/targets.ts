// What each step leaves behind, as data (`Step.targets`): `migrate apply` brings the accounts to
// it and gates on it; plan.md and the scripts render the same step for the reviewer.
import {
  landingRoleArn,
  samlProviderArn,
  stackName,
  templateFile,
  userGroupName,
  workloadRoles,
} from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import type { OrgState } from "../state/org-state.js";
import { environmentRoles, grantedRoles, landingRoles, type Stack } from "./commands.js";
import type { ExistingUser, Target, TerraformRoot, UserEnd } from "./types.js";

/** The SAML metadata file beside plan.md, as the scripts read it. */
export const METADATA_FILE = "GoogleIDPMetadata.xml";

export function userTarget(u: ExistingUser, end: UserEnd): Target {
  return { kind: "user", account: u.account, name: u.name, end };
}

/** The roles a stack makes: landing roles (identity) or one role per level granted in the account. */
export function stackRoles(model: AccessModel, s: Stack): string[] {
  return s.kind === "identity" ? landingRoles(model) : environmentRoles(model, s.accountId);
}

export function stackTargets(
  model: AccessModel,
  stacks: Stack[],
  hasMetadata: boolean,
  keepKeys: ReadonlySet<string>,
): Target[] {
  const parameters = (s: Stack): Record<string, string> =>
    s.kind === "environment"
      ? { EnvironmentName: s.accountName }
      : hasMetadata
        ? {}
        : { SamlMetadataDocument: `file:${METADATA_FILE}` };
  return stacks.map((s) => ({
    kind: "stack",
    account: s.accountId,
    stack: stackName(model, s.kind),
    template: templateFile(s),
    parameters: parameters(s),
    roles: stackRoles(model, s),
    samlProviders:
      s.kind === "identity" ? [samlProviderArn(model.identity.accountId, model.identity.provider.name)] : [],
    memberships: s.kind === "identity" ? keptMemberships(model, keepKeys) : [],
    ...(s.kind === "identity" && keepKeys.size ? { apart: apartUsers(model, keepKeys) } : {}),
  }));
}

/** Each kept user in the groups of its teams, but those keeping their keys (--keep-keys). */
function keptMemberships(
  model: AccessModel,
  keepKeys: ReadonlySet<string>,
): { user: string; group: string }[] {
  return model.users
    .filter((k) => !keepKeys.has(k.name))
    .flatMap((k) => k.teams.map((t) => ({ user: k.name, group: userGroupName(t) })));
}

function apartUsers(model: AccessModel, keepKeys: ReadonlySet<string>): { user: string; groups: string[] }[] {
  const groups = model.teams.map((t) => userGroupName(t.name));
  return [...keepKeys].sort().map((user) => ({ user, groups }));
}

/** What each root must have made: its roles (the identity root: landing and environment roles), the provider, the groups. */
export function terraformTargets(
  model: AccessModel,
  roots: TerraformRoot[],
  keepKeys: ReadonlySet<string>,
): Target[] {
  return roots.map((r) => ({
    kind: "terraform",
    account: r.accountId,
    root: r.dir,
    roles: [
      ...(r.identity
        ? stackRoles(model, { accountId: r.accountId, accountName: r.accountName, kind: "identity" })
        : []),
      ...stackRoles(model, { accountId: r.accountId, accountName: r.accountName, kind: "environment" }),
    ],
    samlProviders: r.identity
      ? [samlProviderArn(model.identity.accountId, model.identity.provider.name)]
      : [],
    memberships: r.identity ? keptMemberships(model, keepKeys) : [],
    ...(r.identity && keepKeys.size ? { apart: apartUsers(model, keepKeys) } : {}),
  }));
}

export function signInTarget(model: AccessModel): Target {
  return {
    kind: "sign-in",
    account: model.identity.accountId,
    people: model.people.map((p) => ({
      email: p.email,
      landingRoles: p.teams.map((t) => landingRoleArn(model, t)),
    })),
    breakGlass: model.users.filter((k) => k.breakGlass).map((k) => k.name),
    ...(model.options.sourceIdentity ? { switches: switchTargets(model) } : {}),
  };
}

/** Per environment account but the identity account: each person granted a level there, and its roles. */
function switchTargets(
  model: AccessModel,
): { account: string; people: { email: string; roles: string[] }[] }[] {
  return model.environments
    .filter((e) => e.accountId !== model.identity.accountId)
    .map((e) => ({
      account: e.accountId,
      people: model.people.flatMap((p) => {
        const roles = grantedRoles(model, p, e.name);
        return roles.length ? [{ email: p.email, roles }] : [];
      }),
    }))
    .filter((s) => s.people.length > 0);
}

/** A kept user as the design has it: its groups, nothing of its own. */
export function keptEnd(design: OrgState, model: AccessModel, name: string): UserEnd {
  const d = design.accounts.find((a) => a.accountId === model.identity.accountId);
  const u = d?.authorizationDetails.UserDetailList.find((x) => x.UserName === name);
  return {
    exists: true,
    groups: [...(u?.GroupList ?? [])].sort(),
    attached: (u?.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn).sort(),
    inline: (u?.UserPolicyList ?? []).map((p) => ({ name: p.PolicyName, document: p.PolicyDocument })),
  };
}

/** The pipelines moving to their workloads: each workload's roles, where its first token exchange is looked for. */
export function webIdentityTarget(model: AccessModel, workloads: string[]): Target {
  const list = workloads.map((name) => ({ name, roles: workloadRoles(model, name) }));
  return {
    kind: "web-identity",
    account: list.flatMap((w) => w.roles)[0]?.account ?? model.identity.accountId,
    workloads: list,
  };
}
