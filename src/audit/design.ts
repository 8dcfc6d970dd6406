// audit --design: where the accounts stand against the model. IAM users are mapped to the
// model's people (by email: the user name, or an email tag) and kept users (by name);
// Sekisho-managed roles (our path or tag) are matched with the compiled design.
import type { AccessModel } from "../model/types.js";
import type { OrgState, RoleDetail } from "../state/org-state.js";
import type { AuditFinding } from "./types.js";

const EMAIL_TAGS = new Set(["email", "mail", "e-mail"]);

export function emailOf(user: {
  UserName: string;
  Tags?: { Key: string; Value: string }[];
}): string | undefined {
  if (user.UserName.includes("@")) return user.UserName.toLowerCase();
  return user.Tags?.find((t) => EMAIL_TAGS.has(t.Key.toLowerCase()))?.Value.toLowerCase();
}

export function managed(role: RoleDetail, path: string): boolean {
  return role.Path === path || (role.Tags ?? []).some((t) => t.Key === "sekisho:managed");
}

export function designFindings(model: AccessModel, compiled: OrgState, real: OrgState): AuditFinding[] {
  const out: AuditFinding[] = [];
  const people = new Map(model.people.map((p) => [p.email.toLowerCase(), p]));
  for (const a of real.accounts) {
    for (const u of a.authorizationDetails.UserDetailList) {
      const kept =
        a.accountId === model.identity.accountId ? model.users.find((k) => k.name === u.UserName) : undefined;
      const email = emailOf(u);
      const person = email ? people.get(email) : undefined;
      if (kept) {
        out.push({
          id: `design/kept-user/${u.Arn}`,
          rule: "design/kept-user",
          severity: "info",
          principal: u.Arn,
          title: `IAM user ${u.UserName} is kept by the model${kept.breakGlass ? " (break-glass)" : ""}: ${kept.reason}`,
          evidence: [{ what: `model users.${kept.name}, teams ${kept.teams.join(", ")}` }],
          fix: "Keep it; it lands read-only and switches with MFA like everyone else.",
        });
      } else if (person) {
        out.push({
          id: `design/replace-user/${u.Arn}`,
          rule: "design/replace-user",
          severity: "low",
          principal: u.Arn,
          title: `IAM user ${u.UserName} belongs to ${person.email} (teams ${person.teams.join(", ")}), who signs in through Google in the model`,
          evidence: [{ what: `matched by ${u.UserName.includes("@") ? "user name" : "email tag"}` }],
          fix: "After the person has signed in and switched successfully, remove the user's console password and keys, then the user.",
        });
      } else {
        out.push({
          id: `design/unmatched-user/${u.Arn}`,
          rule: "design/unmatched-user",
          severity: "medium",
          principal: u.Arn,
          title: `IAM user ${u.UserName} matches no person and no kept user of the model`,
          evidence: [{ what: email ? `email ${email} is not in people` : "no email in its name or tags" }],
          fix: "Add the person (or the user, with a reason) to the model, or plan the user's removal.",
        });
      }
    }
  }
  const designed = new Map<string, RoleDetail>();
  for (const a of compiled.accounts)
    for (const r of a.authorizationDetails.RoleDetailList) designed.set(r.Arn, r);
  const deployed = new Map<string, RoleDetail>();
  for (const a of real.accounts)
    for (const r of a.authorizationDetails.RoleDetailList)
      if (managed(r, model.options.path)) deployed.set(r.Arn, r);
  const audited = new Set(real.accounts.map((a) => a.accountId));
  for (const [arn, r] of designed) {
    const account = arn.split(":")[4]!;
    if (!audited.has(account)) continue;
    const d = deployed.get(arn);
    if (!d) {
      out.push({
        id: `design/not-deployed/${arn}`,
        rule: "design/not-deployed",
        severity: "info",
        principal: arn,
        title: `Role ${r.RoleName} of the design is not deployed in ${account}`,
        evidence: [],
        fix: "Deploy the templates of `sekisho plan` (deploy.md gives the order).",
      });
    } else if (JSON.stringify(d.AssumeRolePolicyDocument) !== JSON.stringify(r.AssumeRolePolicyDocument)) {
      out.push({
        id: `design/changed-trust/${arn}`,
        rule: "design/changed-trust",
        severity: "high",
        principal: arn,
        title: `The trust of Sekisho-managed role ${r.RoleName} differs from the design`,
        evidence: [
          { what: `deployed: ${JSON.stringify(d.AssumeRolePolicyDocument)}` },
          { what: `designed: ${JSON.stringify(r.AssumeRolePolicyDocument)}` },
        ],
        fix: "Redeploy the stack, or change the model and plan again.",
      });
    }
  }
  for (const [arn, r] of deployed) {
    if (!designed.has(arn))
      out.push({
        id: `design/extra/${arn}`,
        rule: "design/extra",
        severity: "medium",
        principal: arn,
        title: `Role ${r.RoleName} looks Sekisho-managed (path or tag) but is not in the design`,
        evidence: [],
        fix: "Delete it, or add what it grants to the model.",
      });
  }
  return out;
}
