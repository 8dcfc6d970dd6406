// workloads: in access.yaml — the exact shape loads; wildcard subjects are refused with
// file:line:column unless allowWildcard says why; each issuer's subjects are the CI system's own.
import assert from "node:assert/strict";
import { test } from "node:test";
import { lines, load, MINIMAL } from "../helpers.js";

const withWorkloads = (yaml: string) => `${MINIMAL}workloads:\n${yaml}`;

test("the issue's shape loads: one subject per ref, grants expanded per environment", () => {
  const r = load(
    withWorkloads(`  api-deploy:
    github: { repo: example/api, branches: [main] }
    can: { prod: admin }
  infra-plan:
    github: { repo: example/infra, pull_request: true }
    can: { "*": readonly }
`),
  );
  assert.deepEqual(lines(r), []);
  assert.deepEqual(r.model!.workloads, [
    {
      name: "api-deploy",
      issuer: {
        kind: "github",
        url: "https://token.actions.githubusercontent.com",
        audience: "sts.amazonaws.com",
      },
      subjects: ["repo:example/api:ref:refs/heads/main"],
      from: "GitHub example/api: branch main",
      grants: [{ env: "prod", level: "admin" }],
    },
    {
      name: "infra-plan",
      issuer: {
        kind: "github",
        url: "https://token.actions.githubusercontent.com",
        audience: "sts.amazonaws.com",
      },
      subjects: ["repo:example/infra:pull_request"],
      from: "GitHub example/infra: pull requests",
      grants: [
        { env: "dev", level: "readonly" },
        { env: "prod", level: "readonly" },
      ],
    },
  ]);
});

test("each issuer's URL, audience and subjects", () => {
  const r = load(
    withWorkloads(`  gh:
    github: { repo: example/api, branches: [main, release], tags: [v1], environments: [production] }
    can: { dev: readonly }
  gl:
    gitlab: { project: group/sub/proj, branches: [main], environments: [prod] }
    can: { dev: readonly }
  tf:
    terraform: { organization: example, project: Default Project, workspace: infra-prod }
    can: { dev: readonly }
  cci:
    circleci:
      organization: 11111111-2222-3333-4444-555555555555
      project: 66666666-7777-8888-9999-000000000000
      users: [aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee]
    can: { dev: readonly }
  bb:
    bitbucket:
      workspace: example
      workspaceUuid: "{12345678-1234-1234-1234-123456789abc}"
      repositoryUuid: "{abcdefab-1234-1234-1234-123456789abc}"
    allowWildcard: Bitbucket's sub ends in the step UUID, new every run
    can: { dev: readonly }
  any:
    oidc: { url: "https://issuer.example.com/ci", audience: aws, subject: [job:deploy] }
    can: { dev: readonly }
`),
  );
  assert.deepEqual(lines(r), []);
  assert.deepEqual(
    r.model!.workloads.map((w) => [w.issuer.url, w.issuer.audience, w.subjects]),
    [
      [
        "https://token.actions.githubusercontent.com",
        "sts.amazonaws.com",
        [
          "repo:example/api:ref:refs/heads/main",
          "repo:example/api:ref:refs/heads/release",
          "repo:example/api:ref:refs/tags/v1",
          "repo:example/api:environment:production",
        ],
      ],
      [
        "https://gitlab.com",
        "https://gitlab.com",
        [
          "project_path:group/sub/proj:ref_type:branch:ref:main",
          "project_path:group/sub/proj:environment:prod",
        ],
      ],
      [
        "https://app.terraform.io",
        "aws.workload.identity",
        [
          "organization:example:project:Default Project:workspace:infra-prod:run_phase:plan",
          "organization:example:project:Default Project:workspace:infra-prod:run_phase:apply",
        ],
      ],
      [
        "https://oidc.circleci.com/org/11111111-2222-3333-4444-555555555555",
        "11111111-2222-3333-4444-555555555555",
        [
          "org/11111111-2222-3333-4444-555555555555/project/66666666-7777-8888-9999-000000000000/user/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        ],
      ],
      [
        "https://api.bitbucket.org/2.0/workspaces/example/pipelines-config/identity/oidc",
        "ari:cloud:bitbucket::workspace/12345678-1234-1234-1234-123456789abc",
        ["{abcdefab-1234-1234-1234-123456789abc}:*"],
      ],
      ["https://issuer.example.com/ci", "aws", ["job:deploy"]],
    ],
  );
});

test("a wildcard subject is refused at its line and column unless allowWildcard says why", () => {
  const yaml = `  org-wide:
    github: { repo: "example/*", branches: [main] }
    can: { dev: readonly }
  any-branch:
    github:
      repo: example/api
      branches: ["*"]
    can: { dev: readonly }
  anything:
    oidc: { url: "https://issuer.example.com", audience: aws, subject: ["*"] }
    can: { dev: readonly }
  circle:
    circleci: { organization: 11111111-2222-3333-4444-555555555555, project: 66666666-7777-8888-9999-000000000000 }
    can: { dev: readonly }
`;
  assert.deepEqual(lines(load(withWorkloads(yaml))), [
    "access.yaml:18:21: error [workload-wildcard] workload 'org-wide': subject 'repo:example/*:ref:refs/heads/main' has a wildcard, so every token it matches (other repositories, branches or users) can assume its roles",
    "access.yaml:23:18: error [workload-wildcard] workload 'any-branch': subject 'repo:example/api:ref:refs/heads/*' has a wildcard, so every token it matches (other repositories, branches or users) can assume its roles",
    "access.yaml:26:73: error [workload-wildcard] workload 'anything': subject '*' has a wildcard, so every token it matches (other repositories, branches or users) can assume its roles",
    "access.yaml:29:78: error [workload-wildcard] workload 'circle': subject 'org/11111111-2222-3333-4444-555555555555/project/66666666-7777-8888-9999-000000000000/user/*' has a wildcard, so every token it matches (other repositories, branches or users) can assume its roles",
  ]);
  const allowed = yaml.replace(
    "    can: { dev: readonly }\n  any-branch",
    "    can: { dev: readonly }\n    allowWildcard: every repository of example deploys the same way\n  any-branch",
  );
  assert.deepEqual(lines(load(withWorkloads(allowed))).slice(0, 1), [
    "access.yaml:24:18: error [workload-wildcard] workload 'any-branch': subject 'repo:example/api:ref:refs/heads/*' has a wildcard, so every token it matches (other repositories, branches or users) can assume its roles",
  ]);
});

test("a workload needs exactly one issuer, refs, known environments and levels, and a reason for its wildcard", () => {
  const r = load(
    withWorkloads(`  none:
    can: { dev: readonly }
  two:
    github: { repo: example/a, branches: [main] }
    gitlab: { project: g/p, branches: [main] }
    can: { dev: readonly }
  no-refs:
    github: { repo: example/a }
    can: { dev: admn, stg: readonly }
  empty-reason:
    github: { repo: "example/*", branches: [main] }
    allowWildcard: " "
    can: { dev: readonly }
  bad-values:
    github: { repo: "example/a", branches: ["\${aws:username}"] }
    can: {}
`),
  );
  assert.deepEqual(lines(r), [
    "access.yaml:17:3: error [workload-issuer] workload 'none' names no issuer",
    "access.yaml:19:3: error [workload-issuer] workload 'two' names 2 issuers (github, gitlab)",
    "access.yaml:24:5: error [workload-subject] workload 'no-refs' names no branch, tag, environment or pull_request",
    "access.yaml:25:17: error [unknown-level] workload 'no-refs' in 'dev' refers to unknown level 'admn'",
    "access.yaml:25:23: error [unknown-environment] workload 'no-refs' refers to unknown environment 'stg'",
    "access.yaml:28:20: error [workload-wildcard] workload 'empty-reason' allows a wildcard without a reason",
    "access.yaml:31:45: error [workload-subject] github.branches '${aws:username}' is not usable in a token subject",
    "access.yaml:32:10: error [empty-workload] workload 'bad-values' reaches no environment",
  ]);
});

test("workload names IAM treats as equal are refused with both locations", () => {
  const r = load(
    withWorkloads(`  deploy:
    github: { repo: example/a, branches: [main] }
    can: { dev: readonly }
  Deploy:
    github: { repo: example/b, branches: [main] }
    can: { dev: readonly }
`),
  );
  assert.deepEqual(lines(r), [
    "access.yaml:20:3: error [equal-names] workload 'Deploy' and workload 'deploy' (access.yaml:17:3) differ only in case: IAM names ignore case, so their roles would be one",
  ]);
});
