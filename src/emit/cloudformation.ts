// OrgState → CloudFormation templates. Two stacks: "identity" (SAML provider, landing roles,
// groups for kept users) in the identity account, and "environment" (one role per level) in
// each environment account. Only real properties of the AWS::IAM resource types are used.
import type { StackKind } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import type { AccountState, OrgState, RoleDetail } from "../state/org-state.js";
import type { PolicyDocument } from "../state/policy.js";
import { LogicalIds } from "./logical-ids.js";

export interface Template {
  AWSTemplateFormatVersion: "2010-09-09";
  Description: string;
  Parameters?: Record<string, { Type: "String"; Description: string; MinLength?: number }>;
  Resources: Record<string, { Type: string; DependsOn?: string[]; Properties: Record<string, unknown> }>;
}

export interface StackTemplate {
  accountId: string;
  accountName: string;
  kind: StackKind;
  template: Template;
}

/** Landing roles carry the team tag; environment roles carry the level tag. */
function isIdentityRole(role: RoleDetail): boolean {
  return role.Tags?.some((t) => t.Key === "sekisho:team") ?? false;
}

function roleResource(role: RoleDetail, dependsOn: string[]): Template["Resources"][string] {
  return {
    Type: "AWS::IAM::Role",
    ...(dependsOn.length ? { DependsOn: dependsOn } : {}),
    Properties: {
      RoleName: role.RoleName,
      Path: role.Path,
      ...(role.Description ? { Description: role.Description } : {}),
      AssumeRolePolicyDocument: role.AssumeRolePolicyDocument,
      ...(role.AttachedManagedPolicies.length
        ? { ManagedPolicyArns: role.AttachedManagedPolicies.map((p) => p.PolicyArn) }
        : {}),
      ...(role.RolePolicyList.length
        ? {
            Policies: role.RolePolicyList.map((p) => ({
              PolicyName: p.PolicyName,
              PolicyDocument: p.PolicyDocument,
            })),
          }
        : {}),
      MaxSessionDuration: role.MaxSessionDuration ?? 3600,
      ...(role.PermissionsBoundary
        ? { PermissionsBoundary: role.PermissionsBoundary.PermissionsBoundaryArn }
        : {}),
      ...(role.Tags?.length ? { Tags: role.Tags } : {}),
    },
  };
}

/** Each Federated oidc-provider ARN of the account, as `Fn::Sub` on `${AWS::AccountId}`. */
function withAccountIdSub(doc: PolicyDocument, accountId: string): unknown {
  const prefix = `arn:aws:iam::${accountId}:oidc-provider/`;
  return {
    ...doc,
    Statement: doc.Statement.map((st) => {
      const p = st.Principal;
      if (p === undefined || p === "*" || typeof p.Federated !== "string" || !p.Federated.startsWith(prefix))
        return st;
      return {
        ...st,
        Principal: {
          ...p,
          Federated: {
            "Fn::Sub": `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:oidc-provider/${p.Federated.slice(prefix.length)}`,
          },
        },
      };
    }),
  };
}

/**
 * The environment's name is a parameter, so environments whose grants are the same share one
 * template byte for byte, and one StackSet rolls it out to all of them.
 */
export function environmentTemplate(model: AccessModel, account: AccountState): Template | undefined {
  const ids = new LogicalIds();
  const resources: Template["Resources"] = {};
  // OIDC providers first: a workload role's trust names its provider, which IAM checks exists.
  const providerIds = new Map<string, string>();
  for (const p of account.openIdConnectProviders ?? []) {
    const id = ids.take("OidcProvider", p.Url.replace(/^https:\/\//, ""));
    providerIds.set(p.Arn, id);
    resources[id] = {
      Type: "AWS::IAM::OIDCProvider",
      Properties: {
        Url: p.Url,
        ClientIdList: p.ClientIDList,
        // ThumbprintList is optional: AWS verifies these issuers through its trusted root CAs.
        ...(p.ThumbprintList?.length ? { ThumbprintList: p.ThumbprintList } : {}),
        ...(p.Tags?.length ? { Tags: p.Tags } : {}),
      },
    };
  }
  for (const role of account.authorizationDetails.RoleDetailList) {
    if (isIdentityRole(role)) continue;
    const level = role.Tags?.find((t) => t.Key === "sekisho:level")?.Value ?? role.RoleName;
    const workload = role.Tags?.find((t) => t.Key === "sekisho:workload")?.Value;
    const federated = JSON.stringify(role.AssumeRolePolicyDocument);
    const deps = [...providerIds]
      .filter(([arn]) => federated.includes(JSON.stringify(arn)))
      .map(([, id]) => id);
    const resource = roleResource(role, deps);
    // The provider ARN through AWS::AccountId: environments with the same grants keep one template.
    if (deps.length)
      resource.Properties.AssumeRolePolicyDocument = withAccountIdSub(
        role.AssumeRolePolicyDocument,
        account.accountId,
      );
    resource.Properties.Description = {
      "Fn::Sub": workload
        ? `Sekisho: workload ${workload} at ${level} in \${EnvironmentName}`
        : `Sekisho: ${level} in \${EnvironmentName}`,
    };
    resource.Properties.Tags = role.Tags?.map((t) =>
      t.Key === "sekisho:environment" ? { Key: t.Key, Value: { Ref: "EnvironmentName" } } : t,
    );
    resources[workload ? ids.take("WorkloadRole", workload) : ids.take("Role", role.RoleName)] = resource;
  }
  if (Object.keys(resources).length === 0) return undefined;
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `Sekisho ${model.organization}: environment roles (one per level), trusting the landing roles of account ${model.identity.accountId}${providerIds.size ? "; workload roles, each trusting exactly its OIDC token" : ""}`,
    Parameters: {
      EnvironmentName: {
        Type: "String",
        Description: "The environment this account is (dev, stg, prod, ...)",
        MinLength: 1,
      },
    },
    Resources: resources,
  };
}

export function identityTemplate(model: AccessModel, account: AccountState, metadata?: string): Template {
  const ids = new LogicalIds();
  const resources: Template["Resources"] = {};
  const provider = account.samlProviders[0]!;
  const providerId = ids.take("SamlProvider", model.identity.provider.name);
  const parameters: Template["Parameters"] = {};
  if (metadata === undefined) {
    parameters.SamlMetadataDocument = {
      Type: "String",
      MinLength: 1000,
      Description:
        "The IdP metadata XML downloaded from the Google Admin console (SAML app > Download metadata)",
    };
  }
  resources[providerId] = {
    Type: "AWS::IAM::SAMLProvider",
    Properties: {
      Name: model.identity.provider.name,
      SamlMetadataDocument: metadata ?? { Ref: "SamlMetadataDocument" },
      ...(provider.Tags?.length ? { Tags: provider.Tags } : {}),
    },
  };
  const details = account.authorizationDetails;
  const policyIds = new Map<string, string>();
  for (const p of details.Policies) {
    if (p.Arn.startsWith("arn:aws:iam::aws:")) continue; // AWS managed: exists everywhere
    const id = ids.take("Policy", p.PolicyName);
    policyIds.set(p.Arn, id);
    const doc = p.PolicyVersionList.find((v) => v.IsDefaultVersion)?.Document as PolicyDocument;
    resources[id] = {
      Type: "AWS::IAM::ManagedPolicy",
      Properties: {
        ManagedPolicyName: p.PolicyName,
        Path: p.Path,
        ...(p.Description ? { Description: p.Description } : {}),
        PolicyDocument: doc,
      },
    };
  }
  for (const role of details.RoleDetailList) {
    if (!isIdentityRole(role)) continue;
    // The trust names the provider by ARN; IAM checks that it exists, so create it first.
    resources[ids.take("LandingRole", role.RoleName.replace(/^landing-/, ""))] = roleResource(role, [
      providerId,
    ]);
  }
  const groupIds = new Map<string, string>();
  for (const group of details.GroupDetailList) {
    const id = ids.take("Group", group.GroupName);
    groupIds.set(group.GroupName, id);
    const deps = group.AttachedManagedPolicies.map((p) => policyIds.get(p.PolicyArn)).filter(
      (x): x is string => !!x,
    );
    resources[id] = {
      Type: "AWS::IAM::Group",
      ...(deps.length ? { DependsOn: deps } : {}),
      Properties: {
        GroupName: group.GroupName,
        Path: group.Path,
        ManagedPolicyArns: group.AttachedManagedPolicies.map((p) => p.PolicyArn),
        Policies: group.GroupPolicyList.map((p) => ({
          PolicyName: p.PolicyName,
          PolicyDocument: p.PolicyDocument,
        })),
      },
    };
  }
  // Kept users exist already (that is why they are kept): add them to groups, never create them.
  for (const group of details.GroupDetailList) {
    const users = details.UserDetailList.filter((u) => u.GroupList.includes(group.GroupName)).map(
      (u) => u.UserName,
    );
    if (users.length === 0) continue;
    resources[ids.take("Members", group.GroupName)] = {
      Type: "AWS::IAM::UserToGroupAddition",
      Properties: { GroupName: { Ref: groupIds.get(group.GroupName) }, Users: users },
    };
  }
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `Sekisho ${model.organization}: identity account (SAML provider, landing role per team, groups for kept IAM users)`,
    ...(Object.keys(parameters).length ? { Parameters: parameters } : {}),
    Resources: resources,
  };
}

export function stackTemplates(model: AccessModel, state: OrgState, metadata?: string): StackTemplate[] {
  const out: StackTemplate[] = [];
  for (const account of state.accounts) {
    const accountName = account.name ?? account.accountId;
    if (account.accountId === model.identity.accountId) {
      out.push({
        accountId: account.accountId,
        accountName,
        kind: "identity",
        template: identityTemplate(model, account, metadata),
      });
    }
    const env = environmentTemplate(model, account);
    if (env) out.push({ accountId: account.accountId, accountName, kind: "environment", template: env });
  }
  return out;
}
