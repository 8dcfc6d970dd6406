// Resources AWS owns inside (or beside) a customer's account, and the writes AWS refuses on
// them whatever the policies say. Policies alone would allow these (an `iam:*` on `*` covers
// them), so without this rule the engine would answer a confident Allow that AWS never gives.
import type { Request } from "./types.js";

const SERVICE = /^[a-z0-9.-]+\.amazonaws\.com$/;

export interface OwnedClass {
  name: string;
  /** The resource ARNs of the class. */
  resource: RegExp;
  /** Lower-cased actions AWS refuses on them. */
  refused: ReadonlySet<string>;
  /** Principals AWS itself uses to manage them (they are not refused). */
  owner?: RegExp;
  /** The AWS text that decides it. */
  text: string;
}

const lower = (actions: string[]) => new Set(actions.map((a) => a.toLowerCase()));

export const AWS_OWNED: readonly OwnedClass[] = [
  {
    name: "AWS managed policy",
    resource: /^arn:[^:]+:iam::aws:policy\//,
    // Every catalog action that writes to a policy resource (iam-data, "policy" resource type).
    refused: lower([
      "iam:CreatePolicy",
      "iam:CreatePolicyVersion",
      "iam:DeletePolicy",
      "iam:DeletePolicyVersion",
      "iam:SetDefaultPolicyVersion",
      "iam:TagPolicy",
      "iam:UntagPolicy",
    ]),
    text: 'IAM User Guide, "AWS managed policies": "You cannot change the permissions defined in AWS managed policies."',
  },
  {
    name: "IAM Identity Center role",
    resource: /^arn:[^:]+:iam::\d{12}:role\/aws-reserved\/sso\.amazonaws\.com\//,
    // The catalog's writes on a role, except iam:PassRole (it changes nothing on the role) and
    // the service-linked-role actions (which never name these roles).
    refused: lower([
      "iam:AttachRolePolicy",
      "iam:CreateRole",
      "iam:DeleteRole",
      "iam:DeleteRolePermissionsBoundary",
      "iam:DeleteRolePolicy",
      "iam:DetachRolePolicy",
      "iam:PutRolePermissionsBoundary",
      "iam:PutRolePolicy",
      "iam:TagRole",
      "iam:UntagRole",
      "iam:UpdateAssumeRolePolicy",
      "iam:UpdateRole",
      "iam:UpdateRoleDescription",
    ]),
    // Identity Center changes them through its service-linked role (AWSSSOServiceRolePolicy).
    owner: /^arn:[^:]+:iam::\d{12}:role\/aws-service-role\/sso\.amazonaws\.com\//,
    text: 'IAM Identity Center User Guide, "IAM roles created by IAM Identity Center": "IAM Identity Center manages the role"; IAM refuses changes with "Cannot perform the operation on the protected role ... this role is only modifiable by AWS" (AWS re:Post knowledge center, identity-center-aws-reserved-sso).',
  },
  {
    name: "alias of an AWS managed KMS key",
    resource: /^arn:[^:]+:kms:[^:]*:\d{12}:alias\/aws\//,
    refused: lower(["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"]),
    text: 'AWS KMS Developer Guide, "Create aliases": "The alias name for a customer managed key cannot begin with alias/aws/. The alias/aws/ prefix is reserved for AWS managed key." and "You cannot manage aliases for AWS managed keys or AWS owned keys."',
  },
];

/** The AWS-owned class that refuses this request, if any. */
export function refusedByAws(request: Request): OwnedClass | undefined {
  const action = request.action.toLowerCase();
  for (const c of AWS_OWNED) {
    if (!c.refused.has(action) || !c.resource.test(request.resource)) continue;
    // AWS services act on their own resources; only principals of an account are refused.
    if (SERVICE.test(request.principal.arn)) continue;
    if (c.owner?.test(request.principal.arn)) continue;
    return c;
  }
  return undefined;
}
