// workloads/NAME.md: each CI system's own snippet, with the role ARN of each environment; text
// from the model escaped.
import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadDoc } from "../../src/emit/workloads.js";
import { MINIMAL, model } from "../helpers.js";

const m = model(`${MINIMAL}workloads:
  gl:
    description: "<img src=x onerror=alert(1)> *deploys*"
    gitlab: { project: group/proj, branches: [main] }
    can: { prod: readonly }
  tf:
    terraform: { organization: example, project: Default Project, workspace: infra }
    can: { prod: readonly }
`);

test("GitLab: id_tokens with the pinned audience, the role through AWS_ROLE_ARN; description escaped", () => {
  const doc = workloadDoc(m, m.workloads[0]!);
  assert.ok(doc.includes("&lt;img src=x onerror=alert(1)&gt; \\*deploys\\*"), doc);
  assert.ok(
    doc.includes(
      [
        "```yaml",
        "deploy-prod:",
        "  id_tokens:",
        "    AWS_ID_TOKEN:",
        "      aud: https://gitlab.com",
        "  variables:",
        "    AWS_ROLE_ARN: arn:aws:iam::333333333333:role/sekisho/workload-gl",
        "    AWS_REGION: us-east-1",
        "    AWS_WEB_IDENTITY_TOKEN_FILE: /tmp/aws-web-identity-token",
        "  script:",
        '    - echo "$AWS_ID_TOKEN" > "$AWS_WEB_IDENTITY_TOKEN_FILE"',
        "    - aws sts get-caller-identity",
        "```",
      ].join("\n"),
    ),
    doc,
  );
});

test("HCP Terraform: the workspace variables naming the role", () => {
  const doc = workloadDoc(m, m.workloads[1]!);
  assert.ok(
    doc.includes(
      [
        "```sh",
        "TFC_AWS_PROVIDER_AUTH=true",
        "TFC_AWS_RUN_ROLE_ARN=arn:aws:iam::333333333333:role/sekisho/workload-tf",
        "```",
      ].join("\n"),
    ),
    doc,
  );
  assert.ok(
    doc.includes("- organization:example:project:Default Project:workspace:infra:run\\_phase:plan"),
    doc,
  );
});
