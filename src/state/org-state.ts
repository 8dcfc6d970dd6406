// OrgState: the one shape every analysis takes. Each account is exactly what
// `aws iam get-account-authorization-details` returns (CLI form: policy documents
// decoded to JSON), plus SAML providers and credential-report facts. The compiler
// produces it from the access model; the importer produces it from real exports.
import type { PolicyDocument } from "./policy.js";

export interface Tag {
  Key: string;
  Value: string;
}

export interface InlinePolicy {
  PolicyName: string;
  PolicyDocument: PolicyDocument;
}

export interface AttachedPolicy {
  PolicyName: string;
  PolicyArn: string;
}

export interface PermissionsBoundary {
  PermissionsBoundaryType: "Policy";
  PermissionsBoundaryArn: string;
}

export interface UserDetail {
  Path: string;
  UserName: string;
  UserId: string;
  Arn: string;
  CreateDate: string;
  UserPolicyList?: InlinePolicy[];
  GroupList: string[];
  AttachedManagedPolicies: AttachedPolicy[];
  PermissionsBoundary?: PermissionsBoundary;
  Tags?: Tag[];
}

export interface GroupDetail {
  Path: string;
  GroupName: string;
  GroupId: string;
  Arn: string;
  CreateDate: string;
  GroupPolicyList: InlinePolicy[];
  AttachedManagedPolicies: AttachedPolicy[];
}

export interface InstanceProfile {
  Path: string;
  InstanceProfileName: string;
  InstanceProfileId: string;
  Arn: string;
  CreateDate: string;
  Roles: unknown[];
}

export interface RoleLastUsed {
  LastUsedDate?: string;
  Region?: string;
}

export interface RoleDetail {
  Path: string;
  RoleName: string;
  RoleId: string;
  Arn: string;
  CreateDate: string;
  AssumeRolePolicyDocument: PolicyDocument;
  InstanceProfileList: InstanceProfile[];
  RolePolicyList: InlinePolicy[];
  AttachedManagedPolicies: AttachedPolicy[];
  PermissionsBoundary?: PermissionsBoundary;
  Tags?: Tag[];
  RoleLastUsed?: RoleLastUsed;
  /** Not part of the AWS export: Sekisho's own record of the session cap. Real exports lack it. */
  MaxSessionDuration?: number;
  Description?: string;
}

export interface PolicyVersion {
  Document: PolicyDocument;
  VersionId: string;
  IsDefaultVersion: boolean;
  CreateDate: string;
}

export interface ManagedPolicyDetail {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  AttachmentCount: number;
  PermissionsBoundaryUsageCount: number;
  IsAttachable: boolean;
  Description?: string;
  CreateDate: string;
  UpdateDate: string;
  PolicyVersionList: PolicyVersion[];
}

/** Exactly the top-level shape of get-account-authorization-details. */
export interface AuthorizationDetails {
  UserDetailList: UserDetail[];
  GroupDetailList: GroupDetail[];
  RoleDetailList: RoleDetail[];
  Policies: ManagedPolicyDetail[];
}

export interface SamlProvider {
  Arn: string;
  /** Metadata XML when known; a compiled design may not have it yet. */
  SAMLMetadataDocument?: string;
  /** When the provider's metadata stops being accepted (list-saml-providers). */
  ValidUntil?: string;
  Tags?: Tag[];
}

/**
 * An IAM OpenID Connect provider (get-open-id-connect-provider, with its ARN), for workloads.
 * An export that only lists providers (list-open-id-connect-providers gives ARNs) leaves the
 * audiences and thumbprints unknown: absent, never an empty list, so nothing reads them as "none".
 */
export interface OpenIdConnectProvider {
  Arn: string;
  Url: string;
  ClientIDList?: string[];
  ThumbprintList?: string[];
  Tags?: Tag[];
}

/**
 * The issuer an OIDC provider stands for, as one text whatever its spelling: without the
 * scheme and trailing slashes, lower-cased. Two providers with one key trust the same issuer.
 */
export function oidcIssuerKey(url: string): string {
  return url
    .replace(/^https:\/\//i, "")
    .replace(/\/+$/, "")
    .toLowerCase();
}

/** One row of the IAM credential report, with the fields analyses use. */
export interface CredentialReportRow {
  user: string;
  arn: string;
  password_enabled: boolean | "not_supported";
  password_last_used?: string;
  mfa_active: boolean;
  access_key_1_active: boolean;
  access_key_1_last_rotated?: string;
  access_key_1_last_used_date?: string;
  access_key_2_active: boolean;
  access_key_2_last_rotated?: string;
  access_key_2_last_used_date?: string;
}

export interface AccountState {
  accountId: string;
  /** Human name when known (an environment name, or "identity"). */
  name?: string;
  authorizationDetails: AuthorizationDetails;
  samlProviders: SamlProvider[];
  openIdConnectProviders?: OpenIdConnectProvider[];
  credentialReport?: CredentialReportRow[];
}

export interface OrgState {
  /** Accounts sorted by id. */
  accounts: AccountState[];
}

export function emptyAuthorizationDetails(): AuthorizationDetails {
  return { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
}
