// workloads/<name>.md: for each workload, which repository and refs reach which environment at
// which level, and the pipeline snippet that assumes its role there, in each CI system's own
// form (GitHub's configure-aws-credentials, GitLab's id_tokens, HCP Terraform's workspace
// variables; the AWS SDKs' AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE elsewhere). Code blocks
// hold only validated values (ARNs, regions, fixed audiences); text from the model is escaped.
import { workloadRoleArn } from "../model/naming.js";
import type { AccessModel, Workload } from "../model/types.js";
import { ISSUER_TITLES } from "../model/workload-issuers.js";
import { mdText } from "../text/markdown.js";
import { table } from "./markdown.js";

export function workloadFile(name: string): string {
  return `workloads/${name}.md`;
}

function regionOf(model: AccessModel, env: string): string {
  return model.environments.find((e) => e.name === env)?.region ?? model.options.region;
}

function snippet(w: Workload, arn: string, region: string, env: string): string[] {
  switch (w.issuer.kind) {
    case "github":
      return [
        "In the workflow's job (a job with `environment:` gets that environment's subject instead of its branch's):",
        "",
        "```yaml",
        "permissions:",
        "  id-token: write   # lets the job request its OIDC token",
        "  contents: read",
        "steps:",
        "  - uses: aws-actions/configure-aws-credentials@v4",
        "    with:",
        `      role-to-assume: ${arn}`,
        `      aws-region: ${region}`,
        "```",
      ];
    case "gitlab":
      return [
        "```yaml",
        `deploy-${env}:`,
        "  id_tokens:",
        "    AWS_ID_TOKEN:",
        `      aud: ${w.issuer.audience}`,
        "  variables:",
        `    AWS_ROLE_ARN: ${arn}`,
        `    AWS_REGION: ${region}`,
        "    AWS_WEB_IDENTITY_TOKEN_FILE: /tmp/aws-web-identity-token",
        "  script:",
        '    - echo "$AWS_ID_TOKEN" > "$AWS_WEB_IDENTITY_TOKEN_FILE"',
        "    - aws sts get-caller-identity",
        "```",
      ];
    case "terraform":
      return [
        "Workspace environment variables:",
        "",
        "```sh",
        "TFC_AWS_PROVIDER_AUTH=true",
        `TFC_AWS_RUN_ROLE_ARN=${arn}`,
        "```",
      ];
    case "circleci":
      return [
        "The job must use a context: CircleCI issues `$CIRCLE_OIDC_TOKEN` only then.",
        "",
        "```yaml",
        "steps:",
        "  - run:",
        "      name: AWS credentials from the job's OIDC token",
        "      command: |",
        '        echo "$CIRCLE_OIDC_TOKEN" > /tmp/aws-web-identity-token',
        `        echo 'export AWS_ROLE_ARN=${arn}' >> "$BASH_ENV"`,
        `        echo 'export AWS_REGION=${region}' >> "$BASH_ENV"`,
        `        echo 'export AWS_WEB_IDENTITY_TOKEN_FILE=/tmp/aws-web-identity-token' >> "$BASH_ENV"`,
        "```",
      ];
    case "bitbucket":
      return [
        "```yaml",
        "- step:",
        "    oidc: true",
        "    script:",
        `      - export AWS_ROLE_ARN=${arn}`,
        `      - export AWS_REGION=${region}`,
        "      - export AWS_WEB_IDENTITY_TOKEN_FILE=$(pwd)/web-identity-token",
        "      - echo $BITBUCKET_STEP_OIDC_TOKEN > $AWS_WEB_IDENTITY_TOKEN_FILE",
        "```",
      ];
    case "oidc":
      return [
        "Write the token to a file; the AWS CLI and SDKs exchange it themselves:",
        "",
        "```sh",
        `export AWS_ROLE_ARN=${arn}`,
        `export AWS_REGION=${region}`,
        "export AWS_WEB_IDENTITY_TOKEN_FILE=/path/to/the/token",
        "```",
      ];
  }
}

export function workloadDoc(model: AccessModel, w: Workload): string {
  const lines = [`# Workload ${mdText(w.name)}`, ""];
  if (w.description) lines.push(mdText(w.description), "");
  lines.push(
    `${ISSUER_TITLES[w.issuer.kind]} tokens (${mdText(w.from)}) assume the role below in each environment, with \`sts:AssumeRoleWithWebIdentity\`: no access keys, sessions of at most 1 hour. The role trusts exactly issuer ${mdText(w.issuer.url)}, audience ${mdText(w.issuer.audience)} and these subjects:`,
    "",
    ...w.subjects.map((s) => `- ${mdText(s)}`),
    "",
  );
  if (w.allowWildcard !== undefined)
    lines.push(`A wildcard subject is allowed on purpose: ${mdText(w.allowWildcard)}`, "");
  lines.push(
    table(
      ["environment", "level", "role"],
      w.grants.map((g) => {
        const env = model.environments.find((e) => e.name === g.env)!;
        return [g.env, g.level, workloadRoleArn(model, w.name, env.accountId)];
      }),
    ),
  );
  for (const g of w.grants) {
    const env = model.environments.find((e) => e.name === g.env)!;
    const arn = workloadRoleArn(model, w.name, env.accountId);
    lines.push(
      `## ${mdText(g.env)} (${mdText(g.level)})`,
      "",
      ...snippet(w, arn, regionOf(model, g.env), g.env),
      "",
    );
  }
  return lines.join("\n");
}

export function workloadFiles(model: AccessModel): Map<string, string> {
  return new Map(model.workloads.map((w) => [workloadFile(w.name), workloadDoc(model, w)]));
}

/** summary.md's table: which repository and refs reach which environment at which level. */
export function workloadTable(model: AccessModel): string {
  return table(
    ["workload", "OIDC tokens of", ...model.environments.map((e) => e.name)],
    model.workloads.map((w) => [
      w.name,
      w.from,
      ...model.environments.map((e) => w.grants.find((g) => g.env === e.name)?.level ?? "—"),
    ]),
  );
}
