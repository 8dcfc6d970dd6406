// Exports filtered to local policies (or cut short) may lack the AWS managed policies attached
// in them. Their documents are public and shipped with Sekisho, so the level of a user holding
// one can still be inferred; anything else missing stays unknown and is flagged for review.
import { awsManagedPolicyByArn } from "../data/managed-policies.js";
import type { ManagedPolicyDetail, OrgState } from "../state/org-state.js";

export function withAwsManagedDocuments(state: OrgState): { state: OrgState; filled: string[] } {
  const known = new Set(state.accounts.flatMap((a) => a.authorizationDetails.Policies.map((p) => p.Arn)));
  const filled = new Set<string>();
  const accounts = state.accounts.map((a) => {
    const d = a.authorizationDetails;
    const attached = [
      ...d.UserDetailList.flatMap((u) => [
        ...u.AttachedManagedPolicies.map((p) => p.PolicyArn),
        ...(u.PermissionsBoundary ? [u.PermissionsBoundary.PermissionsBoundaryArn] : []),
      ]),
      ...d.GroupDetailList.flatMap((g) => g.AttachedManagedPolicies.map((p) => p.PolicyArn)),
      ...d.RoleDetailList.flatMap((r) => [
        ...r.AttachedManagedPolicies.map((p) => p.PolicyArn),
        ...(r.PermissionsBoundary ? [r.PermissionsBoundary.PermissionsBoundaryArn] : []),
      ]),
    ];
    const extra: ManagedPolicyDetail[] = [];
    for (const arn of [...new Set(attached)].sort()) {
      if (known.has(arn)) continue;
      const detail = awsManagedPolicyDetail(arn);
      if (!detail) continue;
      known.add(arn);
      filled.add(detail.PolicyName);
      extra.push(detail);
    }
    return extra.length ? { ...a, authorizationDetails: { ...d, Policies: [...d.Policies, ...extra] } } : a;
  });
  return { state: { accounts }, filled: [...filled].sort() };
}

/** An AWS managed policy as an export lists it, from Sekisho's copy; undefined for any other ARN. */
export function awsManagedPolicyDetail(arn: string): ManagedPolicyDetail | undefined {
  const entry = awsManagedPolicyByArn(arn);
  if (!entry) return undefined;
  return {
    PolicyName: entry.name,
    PolicyId: `sekisho-data-${entry.name}`,
    Arn: arn,
    Path: arn.slice(arn.indexOf(":policy") + 7, arn.lastIndexOf("/") + 1),
    DefaultVersionId: entry.version,
    AttachmentCount: 0,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: "",
    UpdateDate: "",
    PolicyVersionList: [
      { Document: entry.document, VersionId: entry.version, IsDefaultVersion: true, CreateDate: "" },
    ],
  };
}
