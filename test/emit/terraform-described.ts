// The IAM of one account in one comparable shape, built two ways: from the resources the
// Terraform creates (terraform-interpret.ts) and from the compiled OrgState. Policies are the
// parsed JSON documents; sets (attachments, memberships, tags) are sorted; what AWS fills in
// when Terraform leaves it out (path "/", a one-hour session) is filled in the same way.
import type { AccountState } from "../../src/state/org-state.js";
import type { RootResult, Value } from "./terraform-interpret.js";

export interface DescribedRole {
  name: string;
  path: string;
  description: string | null;
  maxSession: number;
  boundary: string | null;
  tags: Record<string, string>;
  trust: unknown;
  inline: Record<string, unknown>;
  attached: string[];
}

export interface DescribedAccount {
  accountId: string;
  samlProviders: { arn: string; tags: Record<string, string> }[];
  oidcProviders: {
    arn: string;
    url: string;
    clients: string[];
    thumbprints: string[];
    tags: Record<string, string>;
  }[];
  policies: { arn: string; description: string | null; document: unknown }[];
  roles: DescribedRole[];
  groups: { name: string; path: string; inline: Record<string, unknown>; attached: string[] }[];
  users: Record<string, string[]>;
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
const sorted = (xs: string[]) => [...xs].sort();
const sortedKeys = <T>(o: Record<string, T>): Record<string, T> =>
  Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]!]),
  );

function s(v: Value | undefined): string {
  if (typeof v !== "string") throw new Error(`string expected, got ${JSON.stringify(v)}`);
  return v;
}
function list(v: Value | undefined): string[] {
  if (!Array.isArray(v)) throw new Error(`list expected, got ${JSON.stringify(v)}`);
  return v.map(s);
}
function tags(v: Value | undefined): Record<string, string> {
  if (v === null || v === undefined) return {};
  return sortedKeys(
    Object.fromEntries(Object.entries(v as Record<string, Value>).map(([k, x]) => [k, s(x)])),
  );
}
const policy = (v: Value | undefined) => JSON.parse(s(v)) as unknown;

/** The IAM the resources of one root create, once applied. */
export function describeRoot(r: RootResult): DescribedAccount {
  const acct = r.accountId;
  const of = (type: string) => r.resources.filter((x) => x.type === type).map((x) => x.attrs);
  const roles = new Map<string, DescribedRole>();
  for (const a of of("aws_iam_role")) {
    const name = s(a.name);
    roles.set(name, {
      name,
      path: a.path === null ? "/" : s(a.path),
      description: a.description === null ? null : s(a.description),
      maxSession: a.max_session_duration === null ? 3600 : (a.max_session_duration as number),
      boundary: a.permissions_boundary === null ? null : s(a.permissions_boundary),
      tags: tags(a.tags),
      trust: policy(a.assume_role_policy),
      inline: {},
      attached: [],
    });
  }
  const role = (name: Value | undefined) => roles.get(s(name)) ?? assertNever(`no role ${String(name)}`);
  for (const a of of("aws_iam_role_policy")) {
    const r2 = role(a.role);
    if (s(a.name) in r2.inline) throw new Error(`inline policy ${String(a.name)} twice`);
    r2.inline[s(a.name)] = policy(a.policy);
  }
  for (const a of of("aws_iam_role_policy_attachment")) role(a.role).attached.push(s(a.policy_arn));
  exactly("role", roles, of);

  const groups = new Map<string, DescribedAccount["groups"][number]>();
  for (const a of of("aws_iam_group"))
    groups.set(s(a.name), {
      name: s(a.name),
      path: a.path === null ? "/" : s(a.path),
      inline: {},
      attached: [],
    });
  const group = (name: Value | undefined) => groups.get(s(name)) ?? assertNever(`no group ${String(name)}`);
  for (const a of of("aws_iam_group_policy")) group(a.group).inline[s(a.name)] = policy(a.policy);
  for (const a of of("aws_iam_group_policy_attachment")) group(a.group).attached.push(s(a.policy_arn));
  exactly("group", groups, of);
  const users: Record<string, string[]> = {};
  for (const a of of("aws_iam_user_group_membership")) {
    for (const g of list(a.groups)) group(g);
    users[s(a.user)] = sorted(list(a.groups));
  }

  return {
    accountId: acct,
    samlProviders: of("aws_iam_saml_provider")
      .map((a) => ({ arn: `arn:aws:iam::${acct}:saml-provider/${s(a.name)}`, tags: tags(a.tags) }))
      .sort((x, y) => x.arn.localeCompare(y.arn)),
    oidcProviders: of("aws_iam_openid_connect_provider")
      .map((a) => ({
        arn: `arn:aws:iam::${acct}:oidc-provider/${s(a.url).replace(/^https:\/\//, "")}`,
        url: s(a.url),
        clients: sorted(list(a.client_id_list)),
        thumbprints: sorted(list(a.thumbprint_list)),
        tags: tags(a.tags),
      }))
      .sort((x, y) => x.arn.localeCompare(y.arn)),
    policies: of("aws_iam_policy")
      .map((a) => ({
        arn: `arn:aws:iam::${acct}:policy${a.path === null ? "/" : s(a.path)}${s(a.name)}`,
        description: a.description === null ? null : s(a.description),
        document: policy(a.policy),
      }))
      .sort((x, y) => x.arn.localeCompare(y.arn)),
    roles: [...roles.values()]
      .map((r2) => ({ ...r2, inline: sortedKeys(r2.inline), attached: sorted(r2.attached) }))
      .sort(byName),
    groups: [...groups.values()]
      .map((g) => ({ ...g, inline: sortedKeys(g.inline), attached: sorted(g.attached) }))
      .sort(byName),
    users: sortedKeys(users),
  };
}

/**
 * The *_exclusive resources remove whatever they do not list: each role (group) has one of each,
 * listing exactly its inline policies and attachments, or Terraform and IAM would disagree.
 */
function exactly(
  kind: "role" | "group",
  owners: Map<string, { name: string; inline: Record<string, unknown>; attached: string[] }>,
  of: (type: string) => Record<string, Value>[],
): void {
  const lists = [
    {
      type: `aws_iam_${kind}_policies_exclusive`,
      field: "policy_names",
      actual: (o: { inline: Record<string, unknown> }) => Object.keys(o.inline),
    },
    {
      type: `aws_iam_${kind}_policy_attachments_exclusive`,
      field: "policy_arns",
      actual: (o: { attached: string[] }) => o.attached,
    },
  ];
  for (const l of lists) {
    const byOwner = new Map(of(l.type).map((a) => [s(a[`${kind}_name`]), a]));
    if (byOwner.size !== of(l.type).length) throw new Error(`${l.type}: two for one ${kind}`);
    for (const o of owners.values()) {
      const a = byOwner.get(o.name);
      if (!a) throw new Error(`${kind} ${o.name}: no ${l.type}`);
      if (JSON.stringify(sorted(list(a[l.field]))) !== JSON.stringify(sorted(l.actual(o))))
        throw new Error(`${kind} ${o.name}: ${l.type} lists ${JSON.stringify(a[l.field])}`);
    }
    for (const name of byOwner.keys())
      if (!owners.has(name)) throw new Error(`${l.type} for unknown ${kind} ${name}`);
  }
}

function assertNever(message: string): never {
  throw new Error(message);
}

/** The same shape straight from the compiled state (kept users: their group memberships). */
export function describeAccount(a: AccountState): DescribedAccount {
  const d = a.authorizationDetails;
  const inline = (l: { PolicyName: string; PolicyDocument: unknown }[]) =>
    sortedKeys(Object.fromEntries(l.map((p) => [p.PolicyName, p.PolicyDocument])));
  const tagRecord = (t: { Key: string; Value: string }[] | undefined) =>
    sortedKeys(Object.fromEntries((t ?? []).map((x) => [x.Key, x.Value])));
  return {
    accountId: a.accountId,
    samlProviders: a.samlProviders
      .map((p) => ({ arn: p.Arn, tags: tagRecord(p.Tags) }))
      .sort((x, y) => x.arn.localeCompare(y.arn)),
    oidcProviders: (a.openIdConnectProviders ?? [])
      .map((p) => ({
        arn: p.Arn,
        url: p.Url,
        clients: sorted(p.ClientIDList ?? []),
        thumbprints: sorted(p.ThumbprintList ?? []),
        tags: tagRecord(p.Tags),
      }))
      .sort((x, y) => x.arn.localeCompare(y.arn)),
    policies: d.Policies.filter((p) => !p.Arn.startsWith("arn:aws:iam::aws:"))
      .map((p) => ({
        arn: p.Arn,
        description: p.Description ?? null,
        document: p.PolicyVersionList.find((v) => v.IsDefaultVersion)!.Document,
      }))
      .sort((x, y) => x.arn.localeCompare(y.arn)),
    roles: d.RoleDetailList.map((r) => ({
      name: r.RoleName,
      path: r.Path,
      description: r.Description ?? null,
      maxSession: r.MaxSessionDuration ?? 3600,
      boundary: r.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
      tags: tagRecord(r.Tags),
      trust: r.AssumeRolePolicyDocument,
      inline: inline(r.RolePolicyList),
      attached: sorted(r.AttachedManagedPolicies.map((p) => p.PolicyArn)),
    })).sort(byName),
    groups: d.GroupDetailList.map((g) => ({
      name: g.GroupName,
      path: g.Path,
      inline: inline(g.GroupPolicyList),
      attached: sorted(g.AttachedManagedPolicies.map((p) => p.PolicyArn)),
    })).sort(byName),
    users: sortedKeys(
      Object.fromEntries(
        d.UserDetailList.filter((u) => u.GroupList.length).map((u) => [u.UserName, sorted(u.GroupList)]),
      ),
    ),
  };
}
