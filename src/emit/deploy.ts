// deploy.md: which template goes to which account, in which order, and the commands.

import { stackName, templateFile } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import type { StackTemplate } from "./cloudformation.js";
import { json } from "./json.js";
import { keptUsersMfaSection } from "./kept-users-mfa.js";
import { table } from "./markdown.js";

export interface StackSetGroup {
  file: string;
  accounts: { accountId: string; accountName: string }[];
  text: string;
}

/** Environment templates with identical content share one StackSet template. */
export function stackSetGroups(stacks: StackTemplate[]): StackSetGroup[] {
  const byText = new Map<string, StackSetGroup>();
  for (const s of stacks) {
    if (s.kind !== "environment") continue;
    const text = json(s.template);
    let g = byText.get(text);
    if (!g) {
      g = { file: `cloudformation/stackset-environment-${byText.size + 1}.json`, accounts: [], text };
      byText.set(text, g);
    }
    g.accounts.push({ accountId: s.accountId, accountName: s.accountName });
  }
  return [...byText.values()];
}

export function deployGuide(
  model: AccessModel,
  stacks: StackTemplate[],
  groups: StackSetGroup[],
  hasMetadata: boolean,
  /** The Terraform path (terraform-deploy.ts), placed before "After deploying". */
  terraform = "",
): string {
  const org = model.organization;
  const envStacks = stacks.filter((s) => s.kind === "environment");
  const identity = stacks.find((s) => s.kind === "identity")!;
  const lines: string[] = [];
  lines.push(`# Deploying ${org}`, "");
  lines.push(
    "Sekisho writes two kinds of CloudFormation stack. Every environment account gets an",
    `\`${stackName(model, "environment")}\` stack (one role per level); the identity account`,
    `${identity.accountId} (${identity.accountName}) also gets \`${stackName(model, "identity")}\``,
    "(SAML provider, one landing role per team, groups for kept IAM users).",
    "",
    "## Order: environment accounts first, identity account last",
    "",
    "Either order deploys without errors: the environment roles trust the landing roles through an",
    "`aws:PrincipalArn` condition, which IAM does not resolve at deploy time, and the landing roles",
    "name their targets as resources, which IAM does not check either. Deploying the identity stack",
    "last means that the first person who signs in through Google finds every role they may switch",
    "into already there, and that nobody can sign in to a half-built setup.",
    "",
    "Deploy each stack with credentials of an administrator of that account (profile names below",
    "are placeholders). IAM is global: deploy in one region only.",
    "",
  );
  lines.push(
    table(
      ["step", "account", "stack", "template"],
      [
        ...envStacks.map((s, i) => [
          String(i + 1),
          `${s.accountId} (${s.accountName})`,
          stackName(model, "environment"),
          templateFile(s),
        ]),
        [
          String(envStacks.length + 1),
          `${identity.accountId} (${identity.accountName})`,
          stackName(model, "identity"),
          templateFile(identity),
        ],
      ],
    ),
  );
  lines.push("## Per account, with `aws cloudformation deploy`", "", "```sh");
  for (const s of envStacks) {
    lines.push(
      `aws cloudformation deploy --profile admin-${s.accountName} --stack-name ${stackName(model, "environment")} \\`,
      `  --template-file ${templateFile(s)} --capabilities CAPABILITY_NAMED_IAM \\`,
      `  --parameter-overrides EnvironmentName=${s.accountName}`,
    );
  }
  lines.push(
    `aws cloudformation deploy --profile admin-${identity.accountName} --stack-name ${stackName(model, "identity")} \\`,
    `  --template-file ${templateFile(identity)} --capabilities CAPABILITY_NAMED_IAM${hasMetadata ? "" : " \\"}`,
  );
  if (!hasMetadata) lines.push('  --parameter-overrides SamlMetadataDocument="$(cat GoogleIDPMetadata.xml)"');
  lines.push("```", "");
  lines.push(
    "## Many accounts: CloudFormation StackSets",
    "",
    "Environment templates with identical content are written once more as StackSet templates; one",
    "StackSet rolls each out to all of its accounts. Environments whose grants differ (for example",
    "a team that may only read prod) get a StackSet of their own. Run these from the StackSets",
    "administrator account (self-managed permissions: the `AWSCloudFormationStackSetAdministrationRole`",
    "there and `AWSCloudFormationStackSetExecutionRole` in every target account must exist), then",
    "deploy the identity stack as above.",
    "",
  );
  lines.push(
    table(
      ["StackSet template", "accounts"],
      groups.map((g) => [g.file, g.accounts.map((a) => `${a.accountId} (${a.accountName})`).join(", ")]),
    ),
  );
  lines.push("```sh");
  groups.forEach((g, i) => {
    const name = `${stackName(model, "environment")}-${i + 1}`;
    lines.push(
      `aws cloudformation create-stack-set --stack-set-name ${name} \\`,
      `  --template-body file://${g.file} --capabilities CAPABILITY_NAMED_IAM \\`,
      "  --parameters ParameterKey=EnvironmentName,ParameterValue=unset",
    );
    // The environment name differs per account: one create-stack-instances call each.
    for (const a of g.accounts) {
      lines.push(
        `aws cloudformation create-stack-instances --stack-set-name ${name} \\`,
        `  --accounts ${a.accountId} --regions ${model.options.region} \\`,
        `  --parameter-overrides ParameterKey=EnvironmentName,ParameterValue=${a.accountName}`,
      );
    }
  });
  lines.push("```", "");
  if (terraform) lines.push(terraform);
  lines.push(...keptUsersMfaSection(model, identity.accountName));
  lines.push(
    "## After deploying",
    "",
    "1. Configure the Google Workspace SAML app and each person's `Role` attribute (see `summary.md`).",
    "2. Ask one person per team to sign in and switch to each environment; keep the old access until then.",
    "",
  );
  return `${lines.join("\n")}`;
}
