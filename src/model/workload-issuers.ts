// What each CI system's OIDC tokens look like to AWS: the issuer URL the IAM OIDC provider is
// created for, the audience (`aud`) the pipeline asks for, and the exact `sub` values a
// workload's repository, branches, environments, ... produce. One place, read by the validator
// (which refuses wildcards with file:line:column) and by normalise (which the compiler reads).
// Sources are in docs/workloads.md. Works on unvalidated YAML values: whatever is malformed
// yields no subject (structure.ts reports it).
import type { Path } from "./source.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strings = (v: unknown): [string, number][] =>
  Array.isArray(v) ? v.flatMap((x, i) => (typeof x === "string" ? [[x, i] as [string, number]] : [])) : [];

export const ISSUER_KINDS = ["github", "gitlab", "terraform", "circleci", "bitbucket", "oidc"] as const;
export type IssuerKind = (typeof ISSUER_KINDS)[number];

export const ISSUER_TITLES: Record<IssuerKind, string> = {
  github: "GitHub Actions",
  gitlab: "GitLab CI/CD",
  terraform: "HCP Terraform",
  circleci: "CircleCI",
  bitbucket: "Bitbucket Pipelines",
  oidc: "OIDC issuer",
};

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
/** The audience aws-actions/configure-aws-credentials requests by default. */
export const GITHUB_AUDIENCE = "sts.amazonaws.com";
export const GITLAB_ISSUER = "https://gitlab.com";
/**
 * GitLab has no default audience: the job names it in `id_tokens` (the snippet Sekisho writes
 * sets this one). The issuer URL is the value GitLab's own AWS guide uses.
 */
export const GITLAB_AUDIENCE = "https://gitlab.com";
export const TERRAFORM_ISSUER = "https://app.terraform.io";
/** HCP Terraform's default TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE. */
export const TERRAFORM_AUDIENCE = "aws.workload.identity";
/** The plan and apply phases a workspace run token names; listed, never `run_phase:*`. */
export const TERRAFORM_RUN_PHASES = ["plan", "apply"] as const;

export interface Subject {
  value: string;
  /** Where in access.yaml the value comes from, for a file:line:column. */
  path: Path;
}

export interface IssuerFacts {
  kind: IssuerKind;
  /** https://host/path: the IAM OIDC provider's URL; its host/path prefixes the condition keys. */
  url: string;
  audience: string;
  subjects: Subject[];
  /** "GitHub Actions example/api: branch main, pull requests", for summaries. */
  from: string;
}

/** StringLike's wildcards: a subject holding one matches more than one token. */
export function isWildcard(subject: string): boolean {
  return /[*?]/.test(subject);
}

/** The IAM OIDC provider's name part of its ARN and of its condition keys: the URL without https://. */
export function issuerHost(url: string): string {
  return url.replace(/^https:\/\//, "").replace(/\/$/, "");
}

const UUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** A UUID as written, without the braces Bitbucket shows around it; undefined when it is not one. */
export function bareUuid(text: string): string | undefined {
  return UUID.exec(text)?.[1]?.toLowerCase();
}

/** The issuer keys a workload sets (exactly one is valid). */
export function issuerKeys(workload: unknown): IssuerKind[] {
  return isObj(workload) ? ISSUER_KINDS.filter((k) => workload[k] !== undefined) : [];
}

const PLURAL: Record<string, string> = { branch: "branches", tag: "tags", environment: "environments" };

/** "branch main", "branches main, release": a list of ref filters in words. */
function refs(body: Obj, key: string, one: string): string {
  const values = strings(body[key]).map(([v]) => v);
  if (values.length === 0) return "";
  return `${values.length > 1 ? PLURAL[one] : one} ${values.join(", ")}`;
}

/** The facts of a workload's issuer, or undefined when it has none or the block is malformed. */
export function issuerFacts(name: string, workload: unknown): IssuerFacts | undefined {
  const [kind] = issuerKeys(workload);
  if (!kind || !isObj(workload)) return undefined;
  const body = workload[kind];
  if (!isObj(body)) return undefined;
  const base: Path = ["workloads", name, kind];
  const subjects: Subject[] = [];
  const each = (key: string, make: (v: string) => string) => {
    for (const [v, i] of strings(body[key])) subjects.push({ value: make(v), path: [...base, key, i] });
  };
  switch (kind) {
    case "github": {
      const repo = str(body.repo);
      if (repo === undefined) return undefined;
      // GitHub's default subject template (docs.github.com, "OpenID Connect reference"). A repository
      // or organisation that customises its template gets different subjects: its roles then refuse
      // every token (fail closed), never accept more.
      each("branches", (b) => `repo:${repo}:ref:refs/heads/${b}`);
      each("tags", (t) => `repo:${repo}:ref:refs/tags/${t}`);
      each("environments", (e) => `repo:${repo}:environment:${e}`);
      if (body.pull_request === true)
        subjects.push({ value: `repo:${repo}:pull_request`, path: [...base, "pull_request"] });
      const parts = [
        refs(body, "branches", "branch"),
        refs(body, "tags", "tag"),
        refs(body, "environments", "environment"),
        body.pull_request === true ? "pull requests" : "",
      ].filter(Boolean);
      return {
        kind,
        url: GITHUB_ISSUER,
        audience: GITHUB_AUDIENCE,
        subjects,
        from: `GitHub ${repo}: ${parts.join("; ")}`,
      };
    }
    case "gitlab": {
      const project = str(body.project);
      if (project === undefined) return undefined;
      // GitLab's default sub: project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME.
      each("branches", (b) => `project_path:${project}:ref_type:branch:ref:${b}`);
      each("tags", (t) => `project_path:${project}:ref_type:tag:ref:${t}`);
      // UNCONFIRMED: the default sub names no environment. This is the form a project produces
      // with ci_id_token_sub_claim_components [project_path, environment]; until it is set the
      // role refuses every token (the safe side: nothing wider is ever accepted).
      each("environments", (e) => `project_path:${project}:environment:${e}`);
      const parts = [
        refs(body, "branches", "branch"),
        refs(body, "tags", "tag"),
        refs(body, "environments", "environment"),
      ].filter(Boolean);
      return {
        kind,
        url: GITLAB_ISSUER,
        audience: GITLAB_AUDIENCE,
        subjects,
        from: `GitLab ${project}: ${parts.join("; ")}`,
      };
    }
    case "terraform": {
      const org = str(body.organization);
      const project = str(body.project);
      const workspace = str(body.workspace);
      if (org === undefined || project === undefined || workspace === undefined) return undefined;
      // HCP Terraform's sub names the run phase; both phases are listed exactly instead of the
      // run_phase:* its guide shows, so no wildcard is needed.
      for (const phase of TERRAFORM_RUN_PHASES)
        subjects.push({
          value: `organization:${org}:project:${project}:workspace:${workspace}:run_phase:${phase}`,
          path: [...base, "workspace"],
        });
      return {
        kind,
        url: TERRAFORM_ISSUER,
        audience: TERRAFORM_AUDIENCE,
        subjects,
        from: `HCP Terraform ${org}/${project}/${workspace}: plan and apply`,
      };
    }
    case "circleci": {
      const org = str(body.organization);
      const project = str(body.project);
      if (org === undefined || project === undefined) return undefined;
      const orgId = bareUuid(org) ?? org;
      const projectId = bareUuid(project) ?? project;
      // $CIRCLE_OIDC_TOKEN's sub: org/ORG/project/PROJECT/user/USER, the user who started the
      // pipeline. Without a list of users the subject ends in user/*: a wildcard, so the workload
      // must say allowWildcard.
      const users = strings(body.users);
      if (users.length)
        for (const [u, i] of users)
          subjects.push({
            value: `org/${orgId}/project/${projectId}/user/${bareUuid(u) ?? u}`,
            path: [...base, "users", i],
          });
      else subjects.push({ value: `org/${orgId}/project/${projectId}/user/*`, path: [...base, "project"] });
      return {
        kind,
        url: `https://oidc.circleci.com/org/${orgId}`,
        // CircleCI's default audience is the organisation id.
        audience: orgId,
        subjects,
        from: `CircleCI project ${projectId}${users.length ? `: users ${users.map(([u]) => u).join(", ")}` : ": any user"}`,
      };
    }
    case "bitbucket": {
      const workspace = str(body.workspace);
      const workspaceUuid = str(body.workspaceUuid);
      const repo = str(body.repositoryUuid);
      if (workspace === undefined || workspaceUuid === undefined || repo === undefined) return undefined;
      // Bitbucket's sub is {REPOSITORY_UUID}:{STEP_UUID} (a deployment step adds its environment's
      // UUID between the two): it changes every run, so it can only be matched as a prefix, a
      // wildcard that the workload must allow.
      subjects.push({ value: `{${bareUuid(repo) ?? repo}}:*`, path: [...base, "repositoryUuid"] });
      return {
        kind,
        url: `https://api.bitbucket.org/2.0/workspaces/${workspace}/pipelines-config/identity/oidc`,
        audience: `ari:cloud:bitbucket::workspace/${bareUuid(workspaceUuid) ?? workspaceUuid}`,
        subjects,
        from: `Bitbucket ${workspace} repository {${bareUuid(repo) ?? repo}}: every step`,
      };
    }
    case "oidc": {
      const url = str(body.url);
      const audience = str(body.audience);
      if (url === undefined || audience === undefined) return undefined;
      each("subject", (s) => s);
      return {
        kind,
        url: url.replace(/\/$/, ""),
        audience,
        subjects,
        from: `${issuerHost(url)}: ${strings(body.subject)
          .map(([s]) => s)
          .join(", ")}`,
      };
    }
  }
}
