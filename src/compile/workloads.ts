// Workloads in the compiled state: in each environment account a workload reaches, one IAM OIDC
// provider per issuer (its client ids the audiences its workloads use) and one role per workload,
// with the level's policies, assumed only with AssumeRoleWithWebIdentity by a token of exactly
// that issuer, audience and subject. No landing: a pipeline goes straight to its role.
import { oidcProviderArn, roleArn, workloadRoleName } from "../model/naming.js";
import type { AccessModel, Level, Workload } from "../model/types.js";
import { issuerHost, isWildcard } from "../model/workload-issuers.js";
import type { OpenIdConnectProvider, RoleDetail, Tag } from "../state/org-state.js";
import { compact, type PolicyDocument, policy, type Statement } from "../state/policy.js";
import { PLANNED_DATE, placeholderId } from "./ids.js";

/** Web identity sessions are not chained, but a pipeline needs no more than an hour either. */
export const WORKLOAD_SESSION = 3600;

/**
 * `aud` and `sub` pinned with StringEquals; a wildcard subject (only ever one the model allows,
 * with its reason) gets its own statement with StringLike, so no exact subject is widened.
 */
export function workloadTrust(account: string, w: Workload): PolicyDocument {
  const host = issuerHost(w.issuer.url);
  const exact = w.subjects.filter((s) => !isWildcard(s));
  const wild = w.subjects.filter(isWildcard);
  const statement = (sid: string, op: "StringEquals" | "StringLike", subjects: string[]): Statement => ({
    Sid: sid,
    Effect: "Allow",
    Principal: { Federated: oidcProviderArn(account, w.issuer.url) },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition:
      op === "StringEquals"
        ? { StringEquals: { [`${host}:aud`]: w.issuer.audience, [`${host}:sub`]: compact(subjects) } }
        : {
            StringEquals: { [`${host}:aud`]: w.issuer.audience },
            StringLike: { [`${host}:sub`]: compact(subjects) },
          },
  });
  const statements: Statement[] = [];
  if (exact.length) statements.push(statement("WorkloadToken", "StringEquals", exact));
  // `op` is only compared with "StringEquals": the literal "StringLike" mutated to "" is equivalent.
  // Stryker disable next-line StringLiteral: equivalent, see above
  if (wild.length) statements.push(statement("WorkloadTokenAllowedWildcard", "StringLike", wild));
  return policy(...statements);
}

export interface WorkloadResources {
  providers: OpenIdConnectProvider[];
  roles: RoleDetail[];
}

/** The providers and roles of one environment account. */
export function workloadResources(
  model: AccessModel,
  env: { name: string; accountId: string },
  tags: (extra: Tag[]) => Tag[],
): WorkloadResources {
  const path = model.options.path;
  const roles: RoleDetail[] = [];
  const audiences = new Map<string, Set<string>>();
  for (const w of model.workloads) {
    const grant = w.grants.find((g) => g.env === env.name);
    if (!grant) continue;
    const level = model.levels.find((l) => l.name === grant.level) as Level;
    const set = audiences.get(w.issuer.url) ?? new Set<string>();
    set.add(w.issuer.audience);
    audiences.set(w.issuer.url, set);
    const name = workloadRoleName(w.name);
    const arn = roleArn(env.accountId, path, name);
    roles.push({
      Path: path,
      RoleName: name,
      RoleId: placeholderId("AROA", arn),
      Arn: arn,
      CreateDate: PLANNED_DATE,
      AssumeRolePolicyDocument: workloadTrust(env.accountId, w),
      InstanceProfileList: [],
      RolePolicyList: level.inline.map((p) => ({ PolicyName: p.name, PolicyDocument: p.document })),
      AttachedManagedPolicies: level.managed.map((a) => ({
        PolicyName: a.slice(a.lastIndexOf("/") + 1),
        PolicyArn: a,
      })),
      ...(level.boundary
        ? {
            PermissionsBoundary: {
              PermissionsBoundaryType: "Policy",
              PermissionsBoundaryArn: level.boundary,
            },
          }
        : {}),
      Tags: tags([
        { Key: "sekisho:environment", Value: env.name },
        { Key: "sekisho:level", Value: level.name },
        { Key: "sekisho:workload", Value: w.name },
      ]),
      MaxSessionDuration: WORKLOAD_SESSION,
      Description: `Sekisho: workload ${w.name} at ${level.name} in ${env.name}`,
    });
  }
  const providers = [...audiences.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([url, auds]) => ({
      Arn: oidcProviderArn(env.accountId, url),
      Url: url,
      ClientIDList: [...auds].sort(),
      // AWS verifies these issuers' JWKS endpoints through its library of trusted root CAs (IAM API,
      // UpdateOpenIDConnectProviderThumbprint); no thumbprint is pinned. UNCONFIRMED for a custom
      // issuer whose certificate a public CA does not sign: it then needs a thumbprint added.
      ThumbprintList: [],
      Tags: tags([]),
    }));
  return { providers, roles };
}
