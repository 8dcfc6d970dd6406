// ~/.aws/config for one person or kept IAM user (reference §8). botocore reads it with
// RawConfigParser, which does not strip a comment written after a value, so comments are
// only ever on their own lines. Every target profile chains from a base profile with
// duration_seconds 3600: switching from the landing session is role chaining, capped at 1 h.
import { samlProviderArn } from "../model/naming.js";
import { type AccessModel, CHAINED_SESSION_MAX } from "../model/types.js";
import { teamsText } from "./classes.js";
import { CLASS_SESSION_NAME, commentText, type ProfilePlan, targetTitleAscii } from "./plan.js";
import { landingRegion } from "./targets.js";

function comment(...lines: string[]): string[] {
  return lines.map((l) => (l === "" ? "#" : `# ${commentText(l)}`));
}

function entry(key: string, value: string): string {
  return `${key} = ${value}`;
}

export function awsConfig(model: AccessModel, plan: ProfilePlan): string {
  const out: string[] = [];
  const region = landingRegion(model);
  const idAccount = `${model.identity.accountId}${model.identity.envName ? ` (${model.identity.envName})` : ""}`;
  if (plan.kind !== "user") {
    out.push(
      ...comment(
        ...(plan.kind === "class"
          ? [
              `AWS CLI profiles of everyone in ${teamsText(plan.teams ?? [])} (${plan.members} ${plan.members === 1 ? "person" : "people"}, ${model.organization}), written by Sekisho from the access model.`,
              `Make it yours: replace each ${CLASS_SESSION_NAME} with your email, the session name CloudTrail shows`,
              `for what you do (AWS refuses ${CLASS_SESSION_NAME} itself), or get your own copy with`,
              "  sekisho profiles ACCESS-YAML --who YOUR-EMAIL",
              "Then use it as ~/.aws/config, or append it there.",
            ]
          : [
              `AWS CLI profiles of ${plan.id} (${model.organization}), written by Sekisho from the access model.`,
              "Use this file as ~/.aws/config, or append it there. Regenerate it rather than edit it.",
            ]),
        "How the landing profile gets its credentials from Google: docs/cli-profiles.md.",
        "Switching from the landing session is role chaining: a session lasts at most one hour.",
      ),
    );
    const provider = samlProviderArn(model.identity.accountId, model.identity.provider.name);
    for (const base of plan.bases) {
      out.push(
        "",
        ...comment(
          `Landing session after Google sign-in: role ${base.roleName} in account ${idAccount}, level ${model.identity.landing}.`,
          `A SAML tool (saml2aws, gsts, aws-google-auth) writes its credentials into ~/.aws/credentials`,
          `under [${base.name}]; or, for a credential_process helper, uncomment the line below and complete it.`,
        ),
        `[profile ${base.name}]`,
        entry("region", region),
        ...comment(`credential_process = SAML_HELPER --role ${base.roleArn} --principal ${provider}`),
      );
    }
  } else {
    const base = plan.bases[0]!;
    out.push(
      ...comment(
        `AWS CLI profiles of the kept IAM user ${plan.id} (${model.organization}), written by Sekisho from the access model.`,
        "Use this file as ~/.aws/config, or append it there. Regenerate it rather than edit it.",
        "",
        `The user's access keys go in ~/.aws/credentials under [${base.name}]`,
        `(aws configure --profile ${base.name}), never in this file.`,
        "Every switch needs MFA: the CLI asks for a code from the device named in mfa_serial.",
        `If the device has another name, put its ARN there (aws iam list-mfa-devices --user-name ${plan.id}).`,
      ),
      "",
      ...comment(`IAM user ${plan.id} in account ${idAccount}, level ${model.identity.landing}.`),
      `[profile ${base.name}]`,
      entry("region", region),
    );
  }
  for (const t of plan.targets) {
    const title = targetTitleAscii(t.target);
    out.push(
      "",
      ...comment(t.target.until ? `${title}, until ${t.target.until} (last day, UTC)` : title),
      `[profile ${t.name}]`,
      entry("role_arn", t.target.roleArn),
      entry("source_profile", t.base),
      ...(plan.mfaSerial ? [entry("mfa_serial", plan.mfaSerial)] : []),
      entry("role_session_name", plan.sessionName),
      entry("duration_seconds", String(CHAINED_SESSION_MAX)),
      entry("region", t.target.region),
    );
  }
  return `${out.join("\n")}\n`;
}
