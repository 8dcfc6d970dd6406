// The IAM names and ARNs the model implies. One place, so the compiler, the emitters and
// the validator (which checks IAM's limits on these names) always agree.
import type { AccessModel } from "./types.js";

export const MANAGED_TAG = { Key: "sekisho:managed", Value: "true" } as const;

export function landingRoleName(team: string): string {
  return `landing-${team}`;
}

export function envRoleName(level: string): string {
  return level;
}

export function userGroupName(team: string): string {
  return `sekisho-${team}`;
}

/** A workload's role, one in each environment account it may reach (the account tells them apart). */
export function workloadRoleName(workload: string): string {
  return `workload-${workload}`;
}

/** IAM names an OIDC provider by its URL without https:// (reference: CreateOpenIDConnectProvider). */
export function oidcProviderArn(account: string, url: string): string {
  return `arn:aws:iam::${account}:oidc-provider/${url.replace(/^https:\/\//, "")}`;
}

export const SELF_MANAGE_POLICY_NAME = "sekisho-self-manage-credentials";
export const ASSUME_POLICY_NAME = "sekisho-switch-targets";

export function roleArn(account: string, path: string, name: string): string {
  return `arn:aws:iam::${account}:role${path}${name}`;
}

export function userArn(account: string, name: string, path = "/"): string {
  return `arn:aws:iam::${account}:user${path}${name}`;
}

export function groupArn(account: string, path: string, name: string): string {
  return `arn:aws:iam::${account}:group${path}${name}`;
}

export function policyArn(account: string, path: string, name: string): string {
  return `arn:aws:iam::${account}:policy${path}${name}`;
}

export function samlProviderArn(account: string, name: string): string {
  return `arn:aws:iam::${account}:saml-provider/${name}`;
}

export function accountRootArn(account: string): string {
  return `arn:aws:iam::${account}:root`;
}

export function landingRoleArn(model: AccessModel, team: string): string {
  return roleArn(model.identity.accountId, model.options.path, landingRoleName(team));
}

export function envRoleArn(model: AccessModel, env: string, level: string): string {
  const e = model.environments.find((x) => x.name === env);
  if (!e) throw new Error(`unknown environment ${env}`);
  return roleArn(e.accountId, model.options.path, envRoleName(level));
}

/** What the console's switch-role form takes as roleName: the path without its leading slash, plus the name. */
export function switchRoleName(path: string, name: string): string {
  return `${path.slice(1)}${name}`;
}

/** The two CloudFormation stacks of a design: one in the identity account, one per environment account. */
export type StackKind = "identity" | "environment";

export function stackName(model: AccessModel, kind: StackKind): string {
  return `sekisho-${model.organization}-${kind}`;
}

/** Where plan (and migrate) write a stack's template, relative to the output directory. */
export function templateFile(t: { accountId: string; accountName: string; kind: StackKind }): string {
  return `cloudformation/${t.accountId}-${t.accountName}-${t.kind}.json`;
}

/** A workload's role in one account (an environment's): one role per workload and account. */
export function workloadRoleArn(model: AccessModel, workload: string, accountId: string): string {
  return roleArn(accountId, model.options.path, workloadRoleName(workload));
}

/** A workload's role in each environment it is granted, as compile names them. */
export function workloadRoles(model: AccessModel, workload: string): { account: string; arn: string }[] {
  const w = model.workloads.find((x) => x.name === workload);
  const envs = [...new Set(w?.grants.map((g) => g.env) ?? [])];
  return model.environments
    .filter((e) => envs.includes(e.name))
    .map((e) => ({
      account: e.accountId,
      arn: workloadRoleArn(model, workload, e.accountId),
    }));
}
