// Configuration for the AWS Extend Switch Roles browser extension (AESR), one per person,
// separate from ~/.aws/config (reference §8): AESR wants an account id on every profile,
// which SAML base profiles in ~/.aws/config do not have.
//
// AESR's parser cuts every line at the first `;` or `#`, splits `key = value` at the first
// two `=`, and rejects empty values and duplicate keys. So comments stay on their own
// lines, colours go without `#`, and a value that holds `;`, `#` or `=` is left out (with a
// warning) rather than written broken.
//
// A base profile matches the console session AESR sees: account id plus the role name
// without its path (the console shows `landing-sre/alice@example.com`). Targets are listed
// under the base whose landing role may switch into them; kept IAM users' bases have no
// role_name, which AESR reads as "signed in as an IAM user of this account".
import type { AccessModel } from "../model/types.js";
import { teamsText } from "./classes.js";
import { commentText, type ProfilePlan, targetTitleAscii } from "./plan.js";

const UNSAFE = /[;#=\r\n]/;

export function aesrConfig(model: AccessModel, plan: ProfilePlan): { text: string; warnings: string[] } {
  const warnings: string[] = [];
  const who = plan.kind === "user" ? `IAM user ${plan.id}` : plan.id;
  const whose =
    plan.kind === "class"
      ? `everyone in ${teamsText(plan.teams ?? [])} (${plan.members} ${plan.members === 1 ? "person" : "people"}, ${model.organization})`
      : `${who} (${model.organization})`;
  const out: string[] = [
    `; AWS Extend Switch Roles configuration of ${commentText(whose)}, written by Sekisho.`,
    "; Paste it into the extension's configuration. It is not a ~/.aws/config: keep them apart.",
  ];
  const safe = (key: string, value: string, where: string): boolean => {
    if (value !== "" && !UNSAFE.test(value)) return true;
    warnings.push(
      `${who}: AESR cannot read ${key} '${value}' of profile ${where} (it holds ; # or =); left out`,
    );
    return false;
  };
  // AESR takes the first base that matches the session, and a base without role_name matches
  // any role of its account: bases with a role_name come first.
  const bases = plan.bases
    // A base nobody switches from would read as a switch target of its own: leave it out.
    .filter((b) => plan.targets.some((t) => t.base === b.name))
    .map((b) => ({
      name: b.name,
      roleName: b.roleName !== undefined && safe("role_name", b.roleName, b.name) ? b.roleName : undefined,
    }));
  for (const base of [...bases.filter((b) => b.roleName), ...bases.filter((b) => !b.roleName)]) {
    out.push("", `[${base.name}]`, `aws_account_id = ${model.identity.accountId}`);
    if (base.roleName) out.push(`role_name = ${base.roleName}`);
  }
  for (const t of plan.targets) {
    if (!safe("role_arn", t.target.roleArn, t.name)) continue;
    out.push(
      "",
      `; ${commentText(t.target.until ? `${targetTitleAscii(t.target)}, until ${t.target.until}` : targetTitleAscii(t.target))}`,
      `[${t.name}]`,
      `role_arn = ${t.target.roleArn}`,
      `source_profile = ${t.base}`,
      ...(t.target.color ? [`color = ${t.target.color}`] : []),
      `region = ${t.target.region}`,
    );
  }
  return { text: `${out.join("\n")}\n`, warnings };
}
