// The structure of access.yaml as a zod schema: the single source for structural validation
// and for `sekisho schema` (JSON Schema for editors). Cross-references, names and limits
// are checked in semantic.ts, which needs the whole model.
import { z } from "zod";

const DURATION = /^(\d+[hms])+$/;

const duration = z
  .union([z.number().int().positive(), z.string().regex(DURATION)])
  .describe('A duration: "8h", "90m", "1h30m", "3600s", or a whole number of seconds.');

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]);

const conditionValue = oneOrMany(z.union([z.string(), z.number(), z.boolean()]));

export const statementSchema = z
  .strictObject({
    Sid: z.string().optional(),
    Effect: z.enum(["Allow", "Deny"]),
    Action: oneOrMany(z.string()).optional(),
    NotAction: oneOrMany(z.string()).optional(),
    Resource: oneOrMany(z.string()).optional(),
    NotResource: oneOrMany(z.string()).optional(),
    Condition: z.record(z.string(), z.record(z.string(), conditionValue)).optional(),
  })
  .describe("An IAM policy statement (identity policies take no Principal).");

export const policyDocumentSchema = z
  .strictObject({
    Version: z.enum(["2012-10-17", "2008-10-17"]).optional(),
    Id: z.string().optional(),
    Statement: z.union([statementSchema, z.array(statementSchema)]),
  })
  .describe("An IAM policy document.");

const environmentSchema = z
  .strictObject({
    account: z.string().describe("The 12-digit AWS account id, quoted."),
    color: z
      .string()
      .optional()
      .describe("Console colour: red, orange, yellow, green, blue, or 6 hex digits without #."),
    region: z.string().optional().describe("Default region for CLI profiles, e.g. eu-west-1."),
    description: z.string().optional(),
  })
  .describe("An environment: one AWS account people switch into.");

const levelSchema = z
  .strictObject({
    description: z.string().optional(),
    managed: z
      .array(z.string())
      .optional()
      .describe("AWS managed policies by name (ReadOnlyAccess) or any managed policy ARN."),
    inline: z.record(z.string(), policyDocumentSchema).optional().describe("Inline policies by name."),
    boundary: z.string().optional().describe("Permissions boundary: a managed policy name or ARN."),
    maxSession: duration.optional().describe("MaxSessionDuration of the level's roles (default 1h)."),
    access: z
      .enum(["read", "write", "admin"])
      .optional()
      .describe(
        "What the level is meant to allow, checked by prove: read (no write), write (no IAM change, no pass-role), admin. Default: inferred by prove from the level's policies (admin if they allow every action, read if they allow only reads and acknowledged actions, else write), never from a name.",
      ),
    acknowledge: z
      .record(z.string(), z.string())
      .optional()
      .describe(
        "Actions this level allows although the catalog does not class them as its access allows (service:Action → reason). prove fails on any not listed.",
      ),
  })
  .describe("A permission level: one role per environment account.");

const grantSchema = z
  .union([
    z.string().describe("A level name."),
    z
      .strictObject({
        level: z.string(),
        until: z.string().describe("Last day of access, YYYY-MM-DD (UTC, inclusive)."),
      })
      .describe("A level granted until a date."),
  ])
  .describe("A level name, or { level: NAME, until: YYYY-MM-DD }.");

const teamSchema = z
  .strictObject({
    description: z.string().optional(),
    can: z
      .record(z.string(), z.array(grantSchema))
      .describe('Environment name (or "*" for every environment not listed) → levels.'),
  })
  .describe("A team: what its members may switch into.");

const userSchema = z
  .strictObject({
    teams: z.array(z.string()),
    reason: z.string().describe("Why this IAM user is kept (required)."),
    breakGlass: z.boolean().optional().describe("Emergency access user: flagged in every report."),
  })
  .describe("An IAM user kept on purpose. It lands read-only, needs MFA, and switches like everyone else.");

const names = (what: string) => z.array(z.string()).optional().describe(what);

const workloadSchema = z
  .strictObject({
    description: z.string().optional(),
    github: z
      .strictObject({
        repo: z.string().describe("OWNER/REPOSITORY"),
        branches: names("Branches whose workflows may assume the roles (ref:refs/heads/NAME)."),
        tags: names("Tags whose workflows may assume the roles (ref:refs/tags/NAME)."),
        environments: names("GitHub environments whose jobs may assume the roles."),
        pull_request: z
          .boolean()
          .optional()
          .describe("Workflows run for pull requests (sub repo:OWNER/REPO:pull_request) may assume them."),
      })
      .optional()
      .describe(
        "GitHub Actions (issuer https://token.actions.githubusercontent.com, aud sts.amazonaws.com).",
      ),
    gitlab: z
      .strictObject({
        project: z.string().describe("GROUP/PROJECT (subgroups allowed)"),
        branches: names("Branches whose jobs may assume the roles."),
        tags: names("Tags whose jobs may assume the roles."),
        environments: names(
          "Environments whose jobs may assume the roles (needs the project's sub claim components set to project_path, environment).",
        ),
      })
      .optional()
      .describe("GitLab CI/CD on gitlab.com (aud https://gitlab.com, set in id_tokens)."),
    terraform: z
      .strictObject({
        organization: z.string(),
        project: z.string().describe('The HCP Terraform project ("Default Project" unless moved).'),
        workspace: z.string(),
      })
      .optional()
      .describe(
        "HCP Terraform dynamic credentials (issuer https://app.terraform.io, aud aws.workload.identity).",
      ),
    circleci: z
      .strictObject({
        organization: z.string().describe("The CircleCI organization id (a UUID)."),
        project: z.string().describe("The CircleCI project id (a UUID)."),
        users: names(
          "CircleCI user ids (UUIDs) whose pipelines may assume the roles; without them any user's (a wildcard).",
        ),
      })
      .optional()
      .describe("CircleCI (issuer https://oidc.circleci.com/org/ORG, aud the organization id)."),
    bitbucket: z
      .strictObject({
        workspace: z.string().describe("The workspace slug, as in the identity provider URL."),
        workspaceUuid: z.string().describe("The workspace UUID (the audience names it)."),
        repositoryUuid: z.string().describe("The repository UUID (sub {REPOSITORY}:{STEP}: a wildcard)."),
      })
      .optional()
      .describe("Bitbucket Pipelines (the workspace's own issuer; every step's sub differs, so a wildcard)."),
    oidc: z
      .strictObject({
        url: z.string().describe("The issuer URL, https://HOST/PATH."),
        audience: z.string().describe("The aud claim the tokens carry."),
        subject: z.array(z.string()).describe("The sub claims that may assume the roles, exactly."),
      })
      .optional()
      .describe("Any other OIDC issuer."),
    can: z
      .record(z.string(), z.string())
      .describe('Environment name (or "*" for every environment not listed) → the one level its role gets.'),
    allowWildcard: z
      .string()
      .optional()
      .describe(
        "Why a wildcard subject (repo:example/*, user/*) is accepted; without it a wildcard is refused.",
      ),
  })
  .describe("A CI/CD pipeline or tool: one role per environment it may reach, assumed with its OIDC token.");

const identitySchema = z
  .strictObject({
    account: z.string().describe("Where people land: an environment name or a 12-digit account id."),
    provider: z.strictObject({
      name: z.string().describe("IAM SAML provider name, e.g. GoogleWorkspace."),
      metadata: z.string().optional().describe("Path of the IdP metadata XML, relative to this file."),
    }),
    sessionDuration: duration.optional().describe("Console session length after SAML sign-in (default 8h)."),
    landing: z.string().describe("The level everyone lands in; must be read-only."),
    audiences: z
      .array(z.string())
      .optional()
      .describe("SAML:aud values: every AWS sign-in URL the IdP posts to (default the global one)."),
  })
  .describe("The identity account and SAML provider.");

const optionsSchema = z
  .strictObject({
    sourceIdentity: z
      .boolean()
      .optional()
      .describe("Carry each person's email as SourceIdentity through every role switch."),
    path: z.string().optional().describe('IAM path of everything Sekisho creates (default "/sekisho/").'),
    region: z.string().optional().describe("Default region for CLI profiles (default us-east-1)."),
  })
  .describe("Options.");

export const accessModelSchema = z
  .strictObject({
    organization: z.string().describe("Name of the organisation, used in stack names and tags."),
    identity: identitySchema,
    environments: z.record(z.string(), environmentSchema),
    levels: z.record(z.string(), levelSchema),
    teams: z.record(z.string(), teamSchema),
    people: z.record(z.string(), z.array(z.string())).describe("Email → teams."),
    users: z.record(z.string(), userSchema).optional(),
    workloads: z.record(z.string(), workloadSchema).optional(),
    options: optionsSchema.optional(),
  })
  .describe("A Sekisho access model: who may do what, where.");

export type RawAccessModel = z.infer<typeof accessModelSchema>;
export type RawPolicyDocument = z.infer<typeof policyDocumentSchema>;

export function accessModelJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(accessModelSchema, { io: "input", target: "draft-2020-12" }),
    title: "Sekisho access model",
  };
}
