// deploy.md's Terraform path: the roots in order, init/plan/apply for each, and what the
// first `terraform plan` must show, so a reviewer can tell a clean first apply from a surprise.
import { table } from "./markdown.js";
import type { TerraformRoot } from "./terraform.js";

function code(text: string): string {
  return `\`${text.replaceAll("`", "'")}\``;
}

export function terraformDeployGuide(roots: TerraformRoot[], hasMetadata: boolean): string {
  const lines: string[] = [];
  lines.push(
    "## With Terraform or OpenTofu instead",
    "",
    "`terraform/` holds the same IAM as the templates above, as Terraform (>= 1.5, or OpenTofu; provider",
    "hashicorp/aws >= 5.72.1): two modules in `terraform/modules/`, the same for every model, and one root",
    "per account in `terraform/accounts/`, which calls its module with that account's roles, groups and",
    "policies written out. Copy `terraform/` into your repository as it is. In each root, fill in the",
    'commented `backend "s3"` block (one state per account keeps each account\'s blast radius apart),',
    "and check `deploy_role_arn`: the role Terraform assumes in that account (by default",
    "`OrganizationAccountAccessRole`, which AWS Organizations creates in member accounts). The provider",
    "refuses to run in any other account (`allowed_account_ids`).",
    "",
    "Same order as the stacks: environment accounts first, the identity account last. For each root:",
    "",
  );
  lines.push(
    table(
      ["step", "account", "root", "first plan shows"],
      roots.map((r, i) => [String(i + 1), `${r.accountId} (${r.accountName})`, code(r.dir), firstPlan(r)]),
    ),
  );
  lines.push("```sh");
  for (const r of roots) {
    const vars =
      r.module === "sekisho-identity" && !hasMetadata
        ? ' -var saml_metadata_document="$(cat GoogleIDPMetadata.xml)"'
        : "";
    lines.push(
      `cd ${r.dir}`,
      "terraform init",
      `terraform plan -out=sekisho.tfplan${vars}`,
      "terraform apply sekisho.tfplan",
      "cd -",
    );
  }
  lines.push("```", "");
  lines.push(
    "A first plan only adds (and imports, where listed): any `change` or `destroy` means the account is",
    "not what this plan expects, so stop and look. Each role and group also gets two `*_exclusive`",
    "resources: they remove any inline policy or attachment Sekisho did not write, as CloudFormation",
    "does, so the role is exactly the one proven. Kept IAM users are never created or deleted by",
    "Terraform; they only join their groups (they must exist). After the first apply, `terraform plan`",
    "shows no changes until the model changes; `sekisho diff` still compares the accounts with the model,",
    "whichever tool deployed them.",
    "",
  );
  return lines.join("\n");
}

function firstPlan(r: TerraformRoot): string {
  if (r.imports.length === 0) return `Plan: ${r.resources} to add, 0 to change, 0 to destroy.`;
  const replaced = r.imports.filter((i) => i.note).length;
  return (
    `Plan: ${r.imports.length} to import, ${r.resources - r.imports.length} to add` +
    " (an imported resource may also show changes to bring it to the model" +
    (replaced ? `; ${replaced} replaced, see the comments in main.tf` : "") +
    ")."
  );
}
