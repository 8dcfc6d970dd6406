// IAM size quotas on the compiled policies. A template that breaks them fails at deploy
// time, far from the cause; here the problem is named with the team or level behind it.
import {
  GROUP_INLINE_TOTAL_MAX,
  MANAGED_POLICY_MAX,
  policySize,
  ROLE_INLINE_TOTAL_MAX,
  TRUST_POLICY_MAX,
  TRUST_POLICY_MAX_RAISED,
} from "../model/iam-limits.js";
import type { OrgState, Tag } from "../state/org-state.js";

export interface LimitProblem {
  severity: "error" | "warning";
  code: "policy-size";
  message: string;
  /** The model entry behind it, for a file:line. */
  subject: ["teams" | "levels" | "workloads", string];
}

const tag = (tags: Tag[] | undefined, key: string) => tags?.find((t) => t.Key === key)?.Value;

export function checkLimits(state: OrgState): LimitProblem[] {
  const out: LimitProblem[] = [];
  for (const a of state.accounts) {
    for (const role of a.authorizationDetails.RoleDetailList) {
      const team = tag(role.Tags, "sekisho:team");
      const level = tag(role.Tags, "sekisho:level");
      const workload = tag(role.Tags, "sekisho:workload");
      const subject: LimitProblem["subject"] = team
        ? ["teams", team]
        : workload
          ? ["workloads", workload]
          : ["levels", level ?? role.RoleName];
      const trust = policySize(role.AssumeRolePolicyDocument);
      if (trust > TRUST_POLICY_MAX_RAISED) {
        out.push({
          severity: "error",
          code: "policy-size",
          subject,
          message: `trust policy of ${role.Arn} is ${trust} characters; IAM allows at most ${TRUST_POLICY_MAX_RAISED} even with a raised quota`,
        });
      } else if (trust > TRUST_POLICY_MAX) {
        out.push({
          severity: "warning",
          code: "policy-size",
          subject,
          message: `trust policy of ${role.Arn} is ${trust} characters; above ${TRUST_POLICY_MAX} it needs the IAM quota "Role trust policy length" raised (max ${TRUST_POLICY_MAX_RAISED})`,
        });
      }
      const inline = role.RolePolicyList.reduce((n, p) => n + policySize(p.PolicyDocument), 0);
      if (inline > ROLE_INLINE_TOTAL_MAX) {
        out.push({
          severity: "error",
          code: "policy-size",
          subject,
          message: `inline policies of ${role.Arn} total ${inline} characters; IAM allows ${ROLE_INLINE_TOTAL_MAX} per role`,
        });
      }
    }
    for (const group of a.authorizationDetails.GroupDetailList) {
      const inline = group.GroupPolicyList.reduce((n, p) => n + policySize(p.PolicyDocument), 0);
      if (inline > GROUP_INLINE_TOTAL_MAX) {
        out.push({
          severity: "error",
          code: "policy-size",
          // Group names start with "sekisho-" (userGroupName): dropping the ^ anchor is equivalent.
          // Stryker disable next-line Regex: equivalent, see above
          subject: ["teams", group.GroupName.replace(/^sekisho-/, "")],
          message: `inline policies of group ${group.Arn} total ${inline} characters; IAM allows ${GROUP_INLINE_TOTAL_MAX} per group`,
        });
      }
    }
    for (const p of a.authorizationDetails.Policies) {
      if (p.Arn.startsWith("arn:aws:iam::aws:")) continue;
      // A compiled policy always has a default version: `?.` only guards a hand-made state (equivalent).
      // Stryker disable next-line OptionalChaining: equivalent, see above
      const doc = p.PolicyVersionList.find((v) => v.IsDefaultVersion)?.Document;
      if (doc && policySize(doc) > MANAGED_POLICY_MAX) {
        out.push({
          severity: "error",
          code: "policy-size",
          subject: ["levels", p.PolicyName],
          message: `managed policy ${p.Arn} is ${policySize(doc)} characters; IAM allows ${MANAGED_POLICY_MAX}`,
        });
      }
    }
  }
  return out;
}
