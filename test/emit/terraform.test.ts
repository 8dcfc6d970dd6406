// The Terraform `plan` writes: it parses with HashiCorp's parser, uses only arguments the AWS
// provider has, and, read as Terraform reads it, creates exactly the IAM of the compiled
// OrgState that the proof ran on (example, generated models, generated states).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { compile } from "../../src/compile/compile.js";
import { quote } from "../../src/emit/hcl.js";
import { terraformFiles } from "../../src/emit/terraform.js";
import type { AccountState, OrgState } from "../../src/state/org-state.js";
import type { PolicyDocument } from "../../src/state/policy.js";
import { exampleModel, exampleState, model } from "../helpers.js";
import { type DescribedAccount, describeAccount, describeRoot } from "./terraform-described.js";
import { decodeLiteral, interpretRoot, parseHcl, type RootResult } from "./terraform-interpret.js";

interface SchemaNode {
  attributes: Record<string, { required: boolean; optional: boolean; computed: boolean }>;
  blocks: Record<string, SchemaNode>;
}
const SCHEMA = JSON.parse(readFileSync("test/fixtures/terraform/aws-provider-schema.json", "utf8")) as {
  types: Record<string, SchemaNode>;
};
const META = new Set(["for_each", "depends_on", "count", "lifecycle", "provider"]);

/** Every argument is one the provider's schema has (and may be set), every required one is set. */
function schemaProblems(r: RootResult): string[] {
  const out: string[] = [];
  const check = (where: string, body: Record<string, unknown>, schema: SchemaNode) => {
    for (const [k, v] of Object.entries(body)) {
      if (META.has(k)) continue;
      if (schema.blocks[k]) {
        for (const b of v as Record<string, unknown>[]) check(`${where}.${k}`, b, schema.blocks[k]!);
        continue;
      }
      const a = schema.attributes[k];
      if (!a) out.push(`${where}: ${k} is not an argument`);
      else if (!a.optional && !a.required) out.push(`${where}: ${k} is computed, not an argument`);
    }
    for (const [k, a] of Object.entries(schema.attributes))
      if (a.required && !(k in body)) out.push(`${where}: required ${k} missing`);
  };
  for (const b of r.blocks) {
    const schema = SCHEMA.types[b.type];
    if (!schema) out.push(`${b.file}: ${b.type} is not a type of the provider`);
    else check(`${b.file} ${b.type}`, b.body, schema);
  }
  return out;
}

async function describedByTerraform(
  files: Map<string, string>,
): Promise<{ roots: RootResult[]; accounts: DescribedAccount[] }> {
  const dirs = [...files.keys()]
    .filter((p) => /^terraform\/accounts\/[^/]+\/main\.tf$/.test(p))
    .map((p) => p.slice(0, -"/main.tf".length));
  const roots: RootResult[] = [];
  for (const dir of dirs) roots.push(await interpretRoot(dir, files));
  return { roots, accounts: roots.map(describeRoot).sort((a, b) => a.accountId.localeCompare(b.accountId)) };
}

/** What AWS receives is JSON: a compiled document compares as its JSON form. */
const asJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

async function assertSameIam(state: OrgState, files: Map<string, string>) {
  const { roots, accounts } = await describedByTerraform(files);
  assert.deepEqual(roots.flatMap(schemaProblems), []);
  assert.deepEqual(accounts, asJson(state.accounts.map(describeAccount)));
  return roots;
}

const filesOf = (state: OrgState, extra: { metadata?: string; existing?: OrgState } = {}) =>
  terraformFiles({ organization: "example", region: "eu-west-1", state, ...extra }).files;

test("every file parses with HashiCorp's HCL parser, and the example's Terraform is the compiled IAM", async () => {
  const state = exampleState();
  const files = filesOf(state);
  for (const [path, text] of files) if (path.endsWith(".tf")) await parseHcl(path, text);
  const roots = await assertSameIam(state, files);
  assert.deepEqual(
    roots.map((r) => [r.dir, r.module, r.accountId, r.region, r.deployRoleArn]),
    [
      [
        "terraform/accounts/111111111111-dev",
        "sekisho-identity",
        "111111111111",
        "eu-west-1",
        "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole",
      ],
      [
        "terraform/accounts/222222222222-stg",
        "sekisho-environment",
        "222222222222",
        "eu-west-1",
        "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole",
      ],
      [
        "terraform/accounts/333333333333-prod",
        "sekisho-environment",
        "333333333333",
        "eu-west-1",
        "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole",
      ],
    ],
  );
  // The example has something in every part: landing and environment roles, groups, kept users.
  const dev = describeAccount(state.accounts[0]!);
  assert.ok(dev.roles.length > 4 && dev.groups.length === 2 && Object.keys(dev.users).length === 2);
  assert.deepEqual(dev.users, { "break-glass": ["sekisho-sre"], "ci-deployer": ["sekisho-dev-member"] });
});

test("the metadata file is read by the root when the model names one; else it is a variable", async () => {
  const state = exampleState();
  const withFile = filesOf(state, { metadata: "<EntityDescriptor/>" });
  assert.equal(withFile.get("terraform/accounts/111111111111-dev/saml-metadata.xml"), "<EntityDescriptor/>");
  const r = await interpretRoot("terraform/accounts/111111111111-dev", withFile);
  assert.equal(
    r.resources.find((x) => x.type === "aws_iam_saml_provider")?.attrs.saml_metadata_document,
    "<EntityDescriptor/>",
  );
  const withVar = await interpretRoot("terraform/accounts/111111111111-dev", filesOf(state));
  assert.equal(
    withVar.resources.find((x) => x.type === "aws_iam_saml_provider")?.attrs.saml_metadata_document,
    "<var.saml_metadata_document>",
  );
});

test("a change to one role in the Terraform is seen (the comparison can fail)", async () => {
  const state = exampleState();
  const files = filesOf(state);
  const path = "terraform/accounts/222222222222-stg/main.tf";
  const changed = new Map(files);
  changed.set(
    path,
    files
      .get(path)!
      .replace('"arn:aws:iam::aws:policy/ReadOnlyAccess"', '"arn:aws:iam::aws:policy/PowerUserAccess"'),
  );
  await assert.rejects(assertSameIam(state, changed), /PowerUserAccess|deepEqual|Expected/);
  const typo = new Map(files);
  typo.set(path, files.get(path)!.replace("max_session_duration", "max_session_durations"));
  await assert.rejects(
    assertSameIam(state, typo),
    /attribute max_session_durations is not in the variable's type/,
  );
});

test("strings are literal in HCL: ${ and %{ in a name or policy never become interpolation", async () => {
  for (const s of [
    "${var.x}",
    "%{ if true }x%{ endif }",
    "$${x}",
    "a$",
    "%",
    '\\"\n\t\r\u0001\u2028é☃𝄞',
    "$$${x}",
    "%%{x}",
    "\\${x}",
  ]) {
    const parsed = (await parseHcl("q.tf", `v = ${quote(s)}\n`)) as unknown as { v: string };
    assert.equal(decodeLiteral(parsed.v, "v"), s, JSON.stringify(s));
  }
  await fc.assert(
    fc.asyncProperty(
      fc.string({
        unit: fc.constantFrom("$", "{", "%", "}", "\\", '"', "\n", "a", "é", "\u0000", "~"),
        maxLength: 12,
      }),
      async (s) => {
        const parsed = (await parseHcl("q.tf", `v = ${quote(s)}\n`)) as unknown as { v: string };
        assert.equal(decodeLiteral(parsed.v, "v"), s);
      },
    ),
    { numRuns: 60 },
  );
});

// ------------------------------------------------------------------ generated states

const HOSTILE = fc.constantFrom(
  "${aws:username}",
  "%{if x}",
  'a"b\\c',
  "line\nbreak",
  "$${x}",
  "é☃",
  "*",
  "arn:aws:s3:::b/${aws:PrincipalTag/team}/*",
);
const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9+=,.@_-]{0,12}$/);
const statement = fc.record({
  Sid: fc.stringMatching(/^[A-Za-z0-9]{1,8}$/),
  Effect: fc.constantFrom("Allow" as const, "Deny" as const),
  Action: fc.oneof(
    fc.constantFrom("s3:GetObject", "sts:AssumeRole"),
    fc.array(fc.constantFrom("ec2:*", "iam:Get*"), { minLength: 1, maxLength: 3 }),
  ),
  Resource: fc.oneof(HOSTILE, fc.array(HOSTILE, { minLength: 1, maxLength: 3 })),
  Condition: fc.option(
    fc.record(
      {
        StringLike: fc.record({ "aws:userid": fc.oneof(HOSTILE, fc.array(HOSTILE, { maxLength: 2 })) }),
        NumericLessThan: fc.record({ "aws:MultiFactorAuthAge": fc.integer({ min: 0, max: 9999 }) }),
        Bool: fc.record({ "aws:SecureTransport": fc.boolean() }),
      },
      { requiredKeys: [] },
    ),
    { nil: undefined },
  ),
});
const doc = fc.array(statement, { minLength: 1, maxLength: 3 }).map(
  (s): PolicyDocument => ({
    Version: "2012-10-17",
    Statement: s.map(({ Condition, ...rest }) =>
      Condition && Object.keys(Condition).length ? { ...rest, Condition } : rest,
    ),
  }),
);
const path = fc.constantFrom("/", "/sekisho/", "/a/b-c/");
const tagsArb = fc.uniqueArray(
  fc.record({ Key: fc.constantFrom("sekisho:team", "owner", "a b", "${x}"), Value: HOSTILE }),
  { selector: (t) => t.Key, maxLength: 3 },
);
const managedArn = fc.constantFrom(
  "arn:aws:iam::aws:policy/ReadOnlyAccess",
  "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
);

function accountArb(id: string, identity: boolean): fc.Arbitrary<AccountState> {
  return fc
    .record({
      roles: fc.uniqueArray(
        fc.record({
          name,
          path,
          description: fc.option(HOSTILE, { nil: undefined }),
          max: fc.option(fc.integer({ min: 3600, max: 43200 }), { nil: undefined }),
          boundary: fc.option(managedArn, { nil: undefined }),
          tags: tagsArb,
          trust: doc,
          inline: fc.uniqueArray(fc.record({ PolicyName: name, PolicyDocument: doc }), {
            selector: (p) => p.PolicyName,
            maxLength: 2,
          }),
          attached: fc.uniqueArray(managedArn, { maxLength: 2 }),
        }),
        { selector: (r) => r.name, maxLength: 4 },
      ),
      groups: identity
        ? fc.uniqueArray(
            fc.record({
              name,
              path,
              inline: fc.uniqueArray(fc.record({ PolicyName: name, PolicyDocument: doc }), {
                selector: (p) => p.PolicyName,
                maxLength: 2,
              }),
              attached: fc.uniqueArray(managedArn, { maxLength: 2 }),
            }),
            { selector: (g) => g.name, maxLength: 3 },
          )
        : fc.constant(
            [] as {
              name: string;
              path: string;
              inline: { PolicyName: string; PolicyDocument: PolicyDocument }[];
              attached: string[];
            }[],
          ),
      users: identity ? fc.uniqueArray(name, { maxLength: 3 }) : fc.constant([] as string[]),
      customer: fc.uniqueArray(
        fc.record({ name, path, description: fc.option(HOSTILE, { nil: undefined }), doc }),
        { selector: (p) => p.name, maxLength: 2 },
      ),
      oidc: fc.uniqueArray(
        fc.record({
          host: fc.constantFrom(
            "token.actions.githubusercontent.com",
            "gitlab.example.com/x",
            "oidc.eks.eu-west-1.amazonaws.com/id/ABC",
          ),
          clients: fc.array(HOSTILE, { minLength: 1, maxLength: 2 }),
          thumbs: fc.array(fc.stringMatching(/^[0-9a-f]{40}$/), { maxLength: 2 }),
          tags: tagsArb,
        }),
        { selector: (o) => o.host, maxLength: 2 },
      ),
      memberships: fc.array(fc.nat(), { maxLength: 6 }),
    })
    .map((g) => {
      const groups = g.groups.map((x) => ({
        Path: x.path,
        GroupName: x.name,
        GroupId: "AGPA",
        Arn: `arn:aws:iam::${id}:group${x.path}${x.name}`,
        CreateDate: "1970-01-01T00:00:00Z",
        GroupPolicyList: x.inline,
        AttachedManagedPolicies: x.attached.map((a) => ({
          PolicyName: a.slice(a.lastIndexOf("/") + 1),
          PolicyArn: a,
        })),
      }));
      return {
        accountId: id,
        name: identity ? "identity" : `env-${id.slice(0, 1)}`,
        samlProviders: identity
          ? [{ Arn: `arn:aws:iam::${id}:saml-provider/Google`, Tags: [{ Key: "k", Value: "${v}" }] }]
          : [],
        openIdConnectProviders: g.oidc.map((o) => ({
          Arn: `arn:aws:iam::${id}:oidc-provider/${o.host}`,
          Url: `https://${o.host}`,
          ClientIDList: o.clients,
          ThumbprintList: o.thumbs,
          Tags: o.tags,
        })),
        authorizationDetails: {
          RoleDetailList: g.roles.map((r) => ({
            Path: r.path,
            RoleName: r.name,
            RoleId: "AROA",
            Arn: `arn:aws:iam::${id}:role${r.path}${r.name}`,
            CreateDate: "1970-01-01T00:00:00Z",
            AssumeRolePolicyDocument: r.trust,
            InstanceProfileList: [],
            RolePolicyList: r.inline,
            AttachedManagedPolicies: r.attached.map((a) => ({
              PolicyName: a.slice(a.lastIndexOf("/") + 1),
              PolicyArn: a,
            })),
            ...(r.boundary
              ? {
                  PermissionsBoundary: {
                    PermissionsBoundaryType: "Policy" as const,
                    PermissionsBoundaryArn: r.boundary,
                  },
                }
              : {}),
            Tags: r.tags,
            ...(r.max ? { MaxSessionDuration: r.max } : {}),
            ...(r.description !== undefined ? { Description: r.description } : {}),
          })),
          GroupDetailList: groups,
          UserDetailList: g.users.map((u, i) => ({
            Path: "/",
            UserName: u,
            UserId: "AIDA",
            Arn: `arn:aws:iam::${id}:user/${u}`,
            CreateDate: "1970-01-01T00:00:00Z",
            GroupList: groups.length
              ? [...new Set(g.memberships.slice(i).map((n) => groups[n % groups.length]!.GroupName))]
              : [],
            AttachedManagedPolicies: [],
          })),
          Policies: g.customer.map((p) => ({
            PolicyName: p.name,
            PolicyId: "ANPA",
            Arn: `arn:aws:iam::${id}:policy${p.path}${p.name}`,
            Path: p.path,
            DefaultVersionId: "v1",
            AttachmentCount: 0,
            PermissionsBoundaryUsageCount: 0,
            IsAttachable: true,
            ...(p.description !== undefined ? { Description: p.description } : {}),
            CreateDate: "1970-01-01T00:00:00Z",
            UpdateDate: "1970-01-01T00:00:00Z",
            PolicyVersionList: [
              {
                Document: p.doc,
                VersionId: "v1",
                IsDefaultVersion: true,
                CreateDate: "1970-01-01T00:00:00Z",
              },
            ],
          })),
        },
      } satisfies AccountState;
    });
}

test("generated states (hostile strings, OIDC providers, groups, customer policies): the Terraform is the state", async () => {
  await fc.assert(
    fc.asyncProperty(accountArb("111111111111", true), accountArb("222222222222", false), async (a, b) => {
      const state: OrgState = { accounts: [a, b] };
      await assertSameIam(state, filesOf(state));
    }),
    { numRuns: 25 },
  );
});

// ------------------------------------------------------------------ generated models

const LEVELS = ["admin", "developer", "readonly"] as const;
const modelArb = fc.record({
  envs: fc.integer({ min: 1, max: 3 }),
  identityIsEnv: fc.boolean(),
  path: fc.constantFrom("/", "/sekisho/", "/org/iam/"),
  sourceIdentity: fc.boolean(),
  boundary: fc.boolean(),
  inline: fc.boolean(),
  teams: fc.array(
    fc.record({
      levels: fc.subarray([...LEVELS], { minLength: 1 }),
      prodOnly: fc.option(fc.constantFrom(...LEVELS), { nil: undefined }),
      until: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  users: fc.array(fc.nat(), { maxLength: 3 }),
});

type GeneratedModel = typeof modelArb extends fc.Arbitrary<infer T> ? T : never;

function modelText(m: GeneratedModel): string {
  const envs = ["dev", "stg", "prod"].slice(0, m.envs);
  const lines = [
    "organization: gen",
    "identity:",
    `  account: ${m.identityIsEnv ? "dev" : '"999999999999"'}`,
    "  provider: { name: GoogleWorkspace }",
    "  landing: readonly",
    "environments:",
    ...envs.map((e, i) => `  ${e}: { account: "${String(i + 1).repeat(12)}" }`),
    "levels:",
    `  admin: { managed: [AdministratorAccess]${m.boundary ? ", boundary: arn:aws:iam::aws:policy/PowerUserAccess" : ""} }`,
    "  developer:",
    "    managed: [PowerUserAccess]",
    ...(m.inline
      ? [
          '    inline: { deny-billing: { Statement: [{ Effect: Deny, Action: "aws-portal:*", Resource: "arn:aws:s3:::b/${aws:username}/*" }] } }',
        ]
      : []),
    "  readonly: { managed: [ReadOnlyAccess] }",
    "teams:",
    ...m.teams.flatMap((t, i) => [
      `  t${i}:`,
      `    can: { "*": [${t.levels.map((l, j) => (t.until && j === 0 ? `{ level: ${l}, until: 2099-01-31 }` : l)).join(", ")}]${t.prodOnly && envs.includes("prod") ? `, prod: [${t.prodOnly}]` : ""} }`,
    ]),
    "people:",
    ...m.teams.map((_, i) => `  p${i}@example.com: [t${i}]`),
    ...(m.users.length
      ? [
          "users:",
          ...[...new Set(m.users.map((u) => u % m.teams.length))].map(
            (t) => `  kept-${t}: { teams: [t${t}], reason: "no Google account" }`,
          ),
        ]
      : []),
    "options:",
    `  sourceIdentity: ${m.sourceIdentity}`,
    `  path: ${m.path}`,
  ];
  return `${lines.join("\n")}\n`;
}

test("generated models: the Terraform of the compiled model is the compiled IAM", async () => {
  await fc.assert(
    fc.asyncProperty(modelArb, async (m) => {
      const state = compile(model(modelText(m)));
      await assertSameIam(state, filesOf(state));
    }),
    { numRuns: 15 },
  );
});

test("import blocks adopt the existing SAML provider and same-named role; a role at another path is flagged", async () => {
  const state = exampleState();
  const dev = state.accounts[0]!;
  const existingRole = {
    ...dev.authorizationDetails.RoleDetailList.find((r) => r.RoleName === "landing-sre")!,
    Path: "/",
  };
  const existing: OrgState = {
    accounts: [
      {
        accountId: dev.accountId,
        samlProviders: [{ Arn: "arn:aws:iam::111111111111:saml-provider/GoogleWorkspace" }],
        authorizationDetails: {
          RoleDetailList: [
            existingRole,
            { ...dev.authorizationDetails.RoleDetailList.find((r) => r.RoleName === "admin")! },
          ],
          GroupDetailList: [],
          UserDetailList: [],
          Policies: [],
        },
      },
      // Another account's same-named role is not this account's: no import there.
      {
        accountId: "444444444444",
        samlProviders: [],
        authorizationDetails: {
          RoleDetailList: [existingRole],
          GroupDetailList: [],
          UserDetailList: [],
          Policies: [],
        },
      },
    ],
  };
  const files = filesOf(state, { existing });
  const roots = await assertSameIam(state, files);
  assert.deepEqual(roots[0]!.imports, [
    {
      to: 'aws_iam_saml_provider.this["GoogleWorkspace"]',
      id: "arn:aws:iam::111111111111:saml-provider/GoogleWorkspace",
    },
    { to: 'aws_iam_role.this["admin"]', id: "admin" },
    { to: 'aws_iam_role.this["landing-sre"]', id: "landing-sre" },
  ]);
  assert.deepEqual(
    roots.slice(1).flatMap((r) => r.imports),
    [],
  );
  const main = files.get("terraform/accounts/111111111111-dev/main.tf")!;
  assert.match(
    main,
    /# exists at path \/, not \/sekisho\/: a role's path cannot change, so Terraform replaces it\nimport \{\n {2}to = module\.sekisho\.aws_iam_role\.this\["landing-sre"\]\n {2}id = "landing-sre"\n\}/,
  );
  // Every imported address is a resource instance the module really declares.
  for (const imp of roots[0]!.imports) {
    const m = /^(\w+)\.this\["(.+)"\]$/.exec(imp.to)!;
    assert.ok(
      roots[0]!.resources.some((r) => r.type === m[1] && r.key === m[2]),
      imp.to,
    );
  }
});

test("the Terraform is deterministic and keeps the example model's order", () => {
  const m = exampleModel();
  const a = filesOf(compile(m));
  const b = filesOf(compile(m));
  assert.deepEqual([...a.entries()], [...b.entries()]);
});
