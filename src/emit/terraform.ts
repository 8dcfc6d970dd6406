// OrgState → Terraform: the two modules (terraform-modules.ts) and one root per account that
// calls its module with that account's compiled IAM, values written out as HCL (policies as HCL
// objects under jsonencode). The Terraform describes exactly the state the proof ran on: every
// role, group, policy, attachment and membership of it, nothing else; what it cannot express
// (a kept user's own policies) stops the emitter instead of being dropped.
import type { AccountState, GroupDetail, OrgState, RoleDetail, Tag } from "../state/org-state.js";
import type { PolicyDocument } from "../state/policy.js";
import {
  attr,
  type BodyItem,
  blank,
  block,
  call,
  code,
  comment,
  type Expr,
  fromJson,
  num,
  obj,
  printHcl,
  quote,
  str,
  tuple,
} from "./hcl.js";
import { AWS_PROVIDER_VERSION, TERRAFORM_VERSION, terraformModules } from "./terraform-modules.js";

export interface TerraformInput {
  organization: string;
  /** The region the provider talks to (IAM is global). */
  region: string;
  state: OrgState;
  /** The IdP metadata XML, when the model names a metadata file. */
  metadata?: string;
  /** Today's accounts (`plan --existing`): what already exists is adopted with import blocks. */
  existing?: OrgState;
}

export type ModuleKind = "sekisho-identity" | "sekisho-environment";

/** One account root: where it is, which module it calls, what its first plan adds and imports. */
export interface TerraformRoot {
  accountId: string;
  accountName: string;
  dir: string;
  module: ModuleKind;
  /** Resources the first `terraform apply` creates or imports (both counted by `terraform plan`). */
  resources: number;
  imports: Import[];
  /**
   * State addresses of what the imports adopt and of what hangs on an adopted role or group (its
   * policies, attachments, exclusive companions): a rollback forgets them rather than destroy
   * what existed before.
   */
  adopted: string[];
}

export interface Import {
  /** Resource address inside the module, e.g. aws_iam_role.this["landing-sre"]. */
  address: string;
  id: string;
  /** Why the import may still change the resource, when it will. */
  note?: string;
}

const MODULE_NAME = "sekisho";
const METADATA_FILE = "saml-metadata.xml";

export function rootDir(account: AccountState): string {
  return `terraform/accounts/${account.accountId}-${account.name ?? account.accountId}`;
}

/** The identity account (SAML provider, groups, kept users) gets the identity module. */
function moduleOf(account: AccountState): ModuleKind {
  const d = account.authorizationDetails;
  return account.samlProviders.length || d.GroupDetailList.length || d.UserDetailList.length
    ? "sekisho-identity"
    : "sekisho-environment";
}

const isAwsManaged = (arn: string) => arn.startsWith("arn:aws:iam::aws:");

const tagMap = (tags: Tag[] | undefined): Expr =>
  obj((tags ?? []).map((t) => ({ key: t.Key, value: str(t.Value) })));

const policyExpr = (doc: PolicyDocument): Expr => call("jsonencode", fromJson(doc));

const inlineMap = (list: { PolicyName: string; PolicyDocument: PolicyDocument }[]): Expr =>
  obj(list.map((p) => ({ key: p.PolicyName, value: policyExpr(p.PolicyDocument) })));

function roleValue(role: RoleDetail): Expr {
  return obj([
    { key: "path", value: str(role.Path) },
    ...(role.Description !== undefined ? [{ key: "description", value: str(role.Description) }] : []),
    // AWS's default when a role is created without one; an export does not say (reference §4).
    { key: "max_session_duration", value: num(role.MaxSessionDuration ?? 3600) },
    ...(role.PermissionsBoundary
      ? [{ key: "permissions_boundary", value: str(role.PermissionsBoundary.PermissionsBoundaryArn) }]
      : []),
    { key: "managed_policy_arns", value: tuple(role.AttachedManagedPolicies.map((p) => str(p.PolicyArn))) },
    { key: "tags", value: tagMap(role.Tags) },
    { key: "assume_role_policy", value: policyExpr(role.AssumeRolePolicyDocument) },
    { key: "inline_policies", value: inlineMap(role.RolePolicyList) },
  ]);
}

function groupValue(group: GroupDetail): Expr {
  return obj([
    { key: "path", value: str(group.Path) },
    { key: "managed_policy_arns", value: tuple(group.AttachedManagedPolicies.map((p) => str(p.PolicyArn))) },
    { key: "inline_policies", value: inlineMap(group.GroupPolicyList) },
  ]);
}

function customerPolicies(account: AccountState): Expr | undefined {
  const own = account.authorizationDetails.Policies.filter((p) => !isAwsManaged(p.Arn));
  if (own.length === 0) return undefined;
  return obj(
    own.map((p) => {
      const doc = p.PolicyVersionList.find((v) => v.IsDefaultVersion)?.Document;
      if (!doc) throw new Error(`managed policy ${p.Arn} has no default version`);
      return {
        key: p.PolicyName,
        value: obj([
          { key: "path", value: str(p.Path) },
          ...(p.Description !== undefined ? [{ key: "description", value: str(p.Description) }] : []),
          { key: "tags", value: obj([]) },
          { key: "policy", value: policyExpr(doc as PolicyDocument) },
        ]),
      };
    }),
  );
}

function oidcKey(arn: string): string {
  return arn.slice(arn.indexOf(":oidc-provider/") + ":oidc-provider/".length);
}

/** The arguments of the module call: only those with something in them. */
function moduleArguments(account: AccountState, kind: ModuleKind, metadata: Expr): BodyItem[] {
  const d = account.authorizationDetails;
  const args: BodyItem[] = [];
  const add = (name: string, value: Expr | undefined) => {
    if (value) args.push(blank, attr(name, value));
  };
  if (kind === "sekisho-identity") {
    if (account.samlProviders.length > 1)
      throw new Error(`account ${account.accountId}: one SAML provider expected, the metadata is for one`);
    add(
      "saml_providers",
      account.samlProviders.length
        ? obj(
            account.samlProviders.map((p) => ({
              key: p.Arn.slice(p.Arn.lastIndexOf("/") + 1),
              value: obj([
                { key: "saml_metadata_document", value: metadata },
                { key: "tags", value: tagMap(p.Tags) },
              ]),
            })),
          )
        : undefined,
    );
  }
  add("managed_policies", customerPolicies(account));
  const oidc = account.openIdConnectProviders ?? [];
  if (oidc.length)
    add(
      "openid_connect_providers",
      obj(
        oidc.map((p) => ({
          key: oidcKey(p.Arn),
          value: obj([
            { key: "url", value: str(p.Url) },
            { key: "client_id_list", value: tuple((p.ClientIDList ?? []).map(str)) },
            { key: "thumbprint_list", value: tuple((p.ThumbprintList ?? []).map(str)) },
            { key: "tags", value: tagMap(p.Tags) },
          ]),
        })),
      ),
    );
  add(
    "roles",
    d.RoleDetailList.length
      ? obj(d.RoleDetailList.map((r) => ({ key: r.RoleName, value: roleValue(r) })))
      : undefined,
  );
  if (kind === "sekisho-identity") {
    add(
      "groups",
      d.GroupDetailList.length
        ? obj(d.GroupDetailList.map((g) => ({ key: g.GroupName, value: groupValue(g) })))
        : undefined,
    );
    for (const u of d.UserDetailList) {
      if (u.UserPolicyList?.length || u.AttachedManagedPolicies.length || u.PermissionsBoundary)
        throw new Error(`user ${u.UserName}: a kept user's own policies are not written to Terraform`);
    }
    const members = d.UserDetailList.filter((u) => u.GroupList.length);
    add(
      "user_groups",
      members.length
        ? obj(members.map((u) => ({ key: u.UserName, value: tuple(u.GroupList.map(str)) })))
        : undefined,
    );
  } else if (d.GroupDetailList.length || d.UserDetailList.length) {
    throw new Error(`account ${account.accountId}: groups and users belong to the identity module`);
  }
  return args;
}

/** What `terraform plan` adds on a first apply, resource by resource of the module. */
function resourceCount(account: AccountState): number {
  const d = account.authorizationDetails;
  const roles = d.RoleDetailList;
  const groups = d.GroupDetailList;
  return (
    account.samlProviders.length +
    (account.openIdConnectProviders?.length ?? 0) +
    d.Policies.filter((p) => !isAwsManaged(p.Arn)).length +
    roles.length * 3 + // the role and its two *_exclusive companions
    roles.reduce((n, r) => n + r.RolePolicyList.length + r.AttachedManagedPolicies.length, 0) +
    groups.length * 3 +
    groups.reduce((n, g) => n + g.GroupPolicyList.length + g.AttachedManagedPolicies.length, 0) +
    d.UserDetailList.filter((u) => u.GroupList.length).length
  );
}

/** Same-named resources today's account already has: adopt them rather than fail on create. */
export function importsFor(account: AccountState, existing: AccountState | undefined): Import[] {
  if (!existing) return [];
  const out: Import[] = [];
  const at = (type: string, name: string) => `${type}.this[${quote(name)}]`;
  for (const p of account.samlProviders) {
    if (existing.samlProviders.some((e) => e.Arn === p.Arn))
      out.push({ address: at("aws_iam_saml_provider", p.Arn.slice(p.Arn.lastIndexOf("/") + 1)), id: p.Arn });
  }
  for (const p of account.openIdConnectProviders ?? []) {
    if ((existing.openIdConnectProviders ?? []).some((e) => e.Arn === p.Arn))
      out.push({ address: at("aws_iam_openid_connect_provider", oidcKey(p.Arn)), id: p.Arn });
  }
  const ex = existing.authorizationDetails;
  for (const p of account.authorizationDetails.Policies) {
    if (!isAwsManaged(p.Arn) && ex.Policies.some((e) => e.Arn === p.Arn))
      out.push({ address: at("aws_iam_policy", p.PolicyName), id: p.Arn });
  }
  // Role and group names are unique in an account whatever their path.
  for (const r of account.authorizationDetails.RoleDetailList) {
    const e = ex.RoleDetailList.find((x) => x.RoleName === r.RoleName);
    if (!e) continue;
    out.push({
      address: at("aws_iam_role", r.RoleName),
      id: r.RoleName,
      ...(e.Path !== r.Path
        ? {
            note: `exists at path ${e.Path}, not ${r.Path}: a role's path cannot change, so Terraform replaces it`,
          }
        : {}),
    });
  }
  for (const g of account.authorizationDetails.GroupDetailList) {
    if (ex.GroupDetailList.some((x) => x.GroupName === g.GroupName))
      out.push({ address: at("aws_iam_group", g.GroupName), id: g.GroupName });
  }
  return out;
}

/** The state addresses of what the import blocks adopt, with their companions. */
export function adoptedAddresses(account: AccountState, imports: Import[]): string[] {
  const d = account.authorizationDetails;
  const at = (type: string, key: string) => `module.${MODULE_NAME}.${type}.this[${quote(key)}]`;
  return imports.flatMap((imp) => {
    const role = imp.address.startsWith("aws_iam_role.")
      ? d.RoleDetailList.find((r) => r.RoleName === imp.id)
      : undefined;
    const group = imp.address.startsWith("aws_iam_group.")
      ? d.GroupDetailList.find((g) => g.GroupName === imp.id)
      : undefined;
    return [
      `module.${MODULE_NAME}.${imp.address}`,
      ...(role
        ? [
            ...role.RolePolicyList.map((p) => at("aws_iam_role_policy", `${role.RoleName}/${p.PolicyName}`)),
            ...role.AttachedManagedPolicies.map((p) =>
              at("aws_iam_role_policy_attachment", `${role.RoleName} ${p.PolicyArn}`),
            ),
            at("aws_iam_role_policies_exclusive", role.RoleName),
            at("aws_iam_role_policy_attachments_exclusive", role.RoleName),
          ]
        : []),
      ...(group
        ? [
            ...group.GroupPolicyList.map((p) =>
              at("aws_iam_group_policy", `${group.GroupName}/${p.PolicyName}`),
            ),
            ...group.AttachedManagedPolicies.map((p) =>
              at("aws_iam_group_policy_attachment", `${group.GroupName} ${p.PolicyArn}`),
            ),
            at("aws_iam_group_policies_exclusive", group.GroupName),
            at("aws_iam_group_policy_attachments_exclusive", group.GroupName),
          ]
        : []),
    ];
  });
}

function rootFile(input: TerraformInput, account: AccountState, kind: ModuleKind, imports: Import[]): string {
  const id = account.accountId;
  const name = account.name ?? id;
  const hasSaml = kind === "sekisho-identity" && account.samlProviders.length > 0;
  const metadata =
    input.metadata !== undefined
      ? code(`file("\${path.module}/${METADATA_FILE}")`)
      : code("var.saml_metadata_document");
  const items: BodyItem[] = [
    comment(
      `Sekisho ${input.organization}: account ${id} (${name}), module ${kind}.\n` +
        "Written by `sekisho plan` from the access model: edit the model and plan again, not this file.\n" +
        "Apply with credentials that may assume var.deploy_role_arn (see deploy.md).",
    ),
    blank,
    block(
      "terraform",
      [],
      [
        attr("required_version", str(TERRAFORM_VERSION)),
        blank,
        block(
          "required_providers",
          [],
          [
            attr(
              "aws",
              obj([
                { key: "source", value: str("hashicorp/aws") },
                { key: "version", value: str(AWS_PROVIDER_VERSION) },
              ]),
            ),
          ],
        ),
        blank,
        comment(
          [
            "One state per account, as one stack per account: fill in and uncomment. use_lockfile is S3's own",
            "locking (Terraform >= 1.10, OpenTofu >= 1.10); with older versions use dynamodb_table instead.",
            'backend "s3" {',
            '  bucket       = "FILL-IN-terraform-state-bucket"',
            `  key          = ${quote(`sekisho/${input.organization}/${id}-${name}.tfstate`)}`,
            `  region       = ${quote(input.region)}`,
            "  encrypt      = true",
            "  use_lockfile = true",
            "}",
          ].join("\n"),
        ),
      ],
    ),
    blank,
    block(
      "variable",
      ["deploy_role_arn"],
      [
        attr(
          "description",
          str(`The role Terraform assumes to deploy into account ${id}: it needs IAM write access there.`),
        ),
        attr("type", code("string")),
        attr("default", str(`arn:aws:iam::${id}:role/OrganizationAccountAccessRole`)),
      ],
    ),
  ];
  if (hasSaml && input.metadata === undefined) {
    items.push(
      blank,
      block(
        "variable",
        ["saml_metadata_document"],
        [
          attr(
            "description",
            str("The IdP metadata XML from the Google Admin console (SAML app > Download metadata)."),
          ),
          attr("type", code("string")),
        ],
      ),
    );
  }
  items.push(
    blank,
    block(
      "provider",
      ["aws"],
      [
        attr("region", str(input.region)),
        comment("Refuses to run against any other account, whatever the credentials."),
        attr("allowed_account_ids", tuple([str(id)])),
        blank,
        block(
          "assume_role",
          [],
          [attr("role_arn", code("var.deploy_role_arn")), attr("session_name", str("sekisho-deploy"))],
        ),
      ],
    ),
    blank,
    block(
      "module",
      [MODULE_NAME],
      [attr("source", str(`../../modules/${kind}`)), ...moduleArguments(account, kind, metadata)],
    ),
  );
  for (const imp of imports) {
    items.push(
      blank,
      ...(imp.note ? [comment(imp.note)] : []),
      block(
        "import",
        [],
        [attr("to", code(`module.${MODULE_NAME}.${imp.address}`)), attr("id", str(imp.id))],
      ),
    );
  }
  items.push(blank, block("output", ["role_arns"], [attr("value", code(`module.${MODULE_NAME}.role_arns`))]));
  return printHcl(items);
}

export interface TerraformOutput {
  files: Map<string, string>;
  /** In deploy order: environment accounts first, the identity account last. */
  roots: TerraformRoot[];
}

export function terraformFiles(input: TerraformInput): TerraformOutput {
  const files = new Map<string, string>();
  for (const [module, texts] of terraformModules())
    for (const [file, text] of texts) files.set(`terraform/modules/${module}/${file}`, text);
  const roots: TerraformRoot[] = [];
  for (const account of input.state.accounts) {
    const kind = moduleOf(account);
    const dir = rootDir(account);
    const existing = input.existing?.accounts.find((a) => a.accountId === account.accountId);
    const imports = importsFor(account, existing);
    files.set(`${dir}/main.tf`, rootFile(input, account, kind, imports));
    if (kind === "sekisho-identity" && account.samlProviders.length && input.metadata !== undefined)
      files.set(`${dir}/${METADATA_FILE}`, input.metadata);
    roots.push({
      accountId: account.accountId,
      accountName: account.name ?? account.accountId,
      dir,
      module: kind,
      resources: resourceCount(account),
      imports,
      adopted: adoptedAddresses(account, imports),
    });
  }
  roots.sort((a, b) => Number(a.module === "sekisho-identity") - Number(b.module === "sekisho-identity"));
  return { files, roots };
}
