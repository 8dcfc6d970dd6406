// audit --design: where the accounts stand against the model. IAM users are mapped to the
// model's people (by email: the user name, or an email tag) and kept users (by name);
// Sekisho-managed roles (our path or tag) are matched with the compiled design.
import { accountOfNode, isAdminNode } from "../graph/graph.js";
import { envRoleName, landingRoleArn, roleArn, userArn } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { normalisePolicy, samePolicy } from "../state/normalise-policy.js";
import type { OrgState, RoleDetail } from "../state/org-state.js";
import type { AuditFinding, AuditReport } from "./types.js";

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
    } else if (
      // Compared as diff compares them: AWS reorders and reformats a deployed trust.
      !samePolicy(normalisePolicy(d.AssumeRolePolicyDocument), normalisePolicy(r.AssumeRolePolicyDocument))
    ) {
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

/**
 * The audit's escalation findings without those the model itself grants: a team's landing role
 * (or a kept user) reaching an environment role the model grants it, and through that role
 * whatever it can do (admin of its account when the level is admin). With --design these are
 * the design working, not an escalation. A chain with any step outside the grants stays.
 */
export function withoutGrantedEscalations(model: AccessModel, report: AuditReport): AuditReport {
  const entries = new Map<string, string[]>([
    ...model.teams.map((t): [string, string[]] => [landingRoleArn(model, t.name), [t.name]]),
    ...model.users.map((u): [string, string[]] => [userArn(model.identity.accountId, u.name), u.teams]),
  ]);
  const grantedTo = (teams: string[]) => {
    const out = new Set<string>();
    for (const team of model.teams.filter((t) => teams.includes(t.name)))
      for (const g of team.grants) {
        const env = model.environments.find((e) => e.name === g.env);
        if (env) out.add(roleArn(env.accountId, model.options.path, envRoleName(g.level)));
      }
    return out;
  };
  const adminEquivalent = new Set(
    report.findings.filter((f) => f.rule === "admin-equivalent").map((f) => f.principal),
  );
  const kept = report.findings.filter((f) => {
    const teams = f.rule === "escalation" ? entries.get(f.principal) : undefined;
    const chain = f.evidence[0]?.chain;
    if (!teams || !chain) return true;
    const granted = grantedTo(teams);
    const covered = chain.slice(1).every((node, i) => {
      const before = chain[i]!;
      if (granted.has(node) || node.startsWith(`${f.principal}+group:`)) return true;
      // Admin of an account, reached from a granted role of that account that is itself
      // admin-equivalent (by the engine, not by its name): what that grant gives.
      return (
        isAdminNode(node) &&
        granted.has(before) &&
        adminEquivalent.has(before) &&
        before.split(":")[4] === accountOfNode(node)
      );
    });
    return !covered;
  });
  // The headline counts the same principals as the escalation findings.
  const left = kept.filter((f) => f.rule === "escalation").map((f) => f.principal);
  return {
    ...report,
    findings: kept,
    headline: {
      ...report.headline,
      canEscalateToAdmin: {
        users: left.filter((arn) => arn.includes(":user/")).length,
        roles: left.filter((arn) => arn.includes(":role/")).length,
      },
    },
  };
}
