// The resources Sekisho manages in one account, designed against deployed: SAML provider,
// roles (trust, inline and attached policies, boundary, session length when the export has
// it), groups, the customer managed policies Sekisho creates, kept users and the members of
// Sekisho's groups. Policy documents are compared in canonical form (src/state/normalise-policy.ts).
import { managed } from "../audit/design.js";
import type { AccessModel } from "../model/types.js";
import {
  type CanonicalPolicy,
  normalisePolicy,
  samePolicy,
  statementDifference,
} from "../state/normalise-policy.js";
import type {
  AccountState,
  AttachedPolicy,
  GroupDetail,
  InlinePolicy,
  ManagedPolicyDetail,
  PermissionsBoundary,
  RoleDetail,
  UserDetail,
} from "../state/org-state.js";
import type { PolicyDocument } from "../state/policy.js";
import { oidcProviderDrift } from "./oidc-providers.js";
import { byText, type DriftItem, driftItem as item } from "./types.js";

/** The identity-side policies of a role, group or user. */
interface Holder {
  arn: string;
  /** "role sekisho/admin", "group sekisho/sekisho-sre", "IAM user ci-deployer": how messages name it. */
  label: string;
  inline: InlinePolicy[];
  attached: AttachedPolicy[];
  boundary?: PermissionsBoundary;
}

const AWS_POLICY = "arn:aws:iam::aws:";

function policyDetails(expected: CanonicalPolicy | null, actual: CanonicalPolicy | null): string[] {
  const d = statementDifference(expected, actual);
  return [
    ...d.deployedOnly.map((s) => `deployed only: ${s}`),
    ...d.designedOnly.map((s) => `designed only: ${s}`),
  ];
}

function counts(expected: CanonicalPolicy | null, actual: CanonicalPolicy | null): string {
  const d = statementDifference(expected, actual);
  const statements = (lines: string[]) => lines.filter((l) => !l.startsWith("Version ")).length;
  const deployed = statements(d.deployedOnly);
  const version =
    expected && actual && expected.Version !== actual.Version
      ? `; Version ${actual.Version}, designed ${expected.Version}`
      : "";
  return `${deployed} statement${deployed === 1 ? "" : "s"} only deployed, ${statements(d.designedOnly)} only designed${version}`;
}

const nameOf = (arn: string, kind: string) => arn.slice(arn.indexOf(`:${kind}/`) + kind.length + 2);

const defaultDocument = (p: ManagedPolicyDetail): PolicyDocument | undefined =>
  (p.PolicyVersionList.find((v) => v.IsDefaultVersion) ?? p.PolicyVersionList[0])?.Document;

function roleView(r: RoleDetail) {
  return {
    Path: r.Path,
    RoleName: r.RoleName,
    AssumeRolePolicyDocument: normalisePolicy(r.AssumeRolePolicyDocument),
    ...holderView(roleHolder(r)),
  };
}

function holderView(h: Holder) {
  return {
    inline: Object.fromEntries(
      [...h.inline]
        .sort((a, b) => byText(a.PolicyName, b.PolicyName))
        .map((p) => [p.PolicyName, normalisePolicy(p.PolicyDocument)]),
    ),
    attached: h.attached.map((p) => p.PolicyArn).sort(byText),
    boundary: h.boundary?.PermissionsBoundaryArn ?? null,
  };
}

const roleHolder = (r: RoleDetail): Holder => ({
  arn: r.Arn,
  label: `role ${nameOf(r.Arn, "role")}`,
  inline: r.RolePolicyList ?? [],
  attached: r.AttachedManagedPolicies ?? [],
  ...(r.PermissionsBoundary ? { boundary: r.PermissionsBoundary } : {}),
});

const groupHolder = (g: GroupDetail): Holder => ({
  arn: g.Arn,
  label: `group ${nameOf(g.Arn, "group")}`,
  inline: g.GroupPolicyList ?? [],
  attached: g.AttachedManagedPolicies ?? [],
});

const userHolder = (u: UserDetail): Holder => ({
  arn: u.Arn,
  label: `IAM user ${nameOf(u.Arn, "user")}`,
  inline: u.UserPolicyList ?? [],
  attached: u.AttachedManagedPolicies ?? [],
  ...(u.PermissionsBoundary ? { boundary: u.PermissionsBoundary } : {}),
});

/** Inline policies by name, attached policies by ARN, and the boundary of one holder. */
function comparePolicies(account: string, designed: Holder, deployed: Holder): DriftItem[] {
  const out: DriftItem[] = [];
  const byName = (l: InlinePolicy[]) => new Map(l.map((p) => [p.PolicyName, p.PolicyDocument]));
  const want = byName(designed.inline);
  const have = byName(deployed.inline);
  for (const name of [...new Set([...want.keys(), ...have.keys()])].sort(byText)) {
    const key = `${designed.arn}#inline:${name}`;
    const e = want.has(name) ? normalisePolicy(want.get(name)) : null;
    const a = have.has(name) ? normalisePolicy(have.get(name)) : null;
    if (!have.has(name))
      out.push(
        item(
          account,
          "missing-inline",
          key,
          designed.arn,
          `inline policy ${name} of ${designed.label} is in the design but not deployed`,
          e,
          null,
        ),
      );
    else if (!want.has(name))
      out.push(
        item(
          account,
          "extra-inline",
          key,
          designed.arn,
          `${designed.label} has inline policy ${name}, which the design does not`,
          null,
          a,
          policyDetails(null, a),
        ),
      );
    else if (!samePolicy(e, a))
      out.push(
        item(
          account,
          "changed-inline",
          key,
          designed.arn,
          `inline policy ${name} of ${designed.label} differs from the design (${counts(e, a)})`,
          e,
          a,
          policyDetails(e, a),
        ),
      );
  }
  const wantArns = new Set(designed.attached.map((p) => p.PolicyArn));
  const haveArns = new Set(deployed.attached.map((p) => p.PolicyArn));
  for (const arn of [...wantArns].sort(byText))
    if (!haveArns.has(arn))
      out.push(
        item(
          account,
          "missing-attached",
          `${arn}@${designed.arn}`,
          designed.arn,
          `managed policy ${arn} is not attached to ${designed.label}, as the design has it`,
          arn,
          null,
        ),
      );
  for (const arn of [...haveArns].sort(byText))
    if (!wantArns.has(arn))
      out.push(
        item(
          account,
          "extra-attached",
          `${arn}@${designed.arn}`,
          designed.arn,
          `managed policy ${arn} is attached to ${designed.label}, which the design does not`,
          null,
          arn,
        ),
      );
  const e = designed.boundary?.PermissionsBoundaryArn ?? null;
  const a = deployed.boundary?.PermissionsBoundaryArn ?? null;
  if (e !== a)
    out.push(
      item(
        account,
        "changed-boundary",
        designed.arn,
        designed.arn,
        `the permissions boundary of ${designed.label} is ${a ?? "none"}; the design has ${e ?? "none"}`,
        e,
        a,
      ),
    );
  return out;
}

function compareRoles(model: AccessModel, account: string, designed: RoleDetail[], real: RoleDetail[]) {
  const out: DriftItem[] = [];
  const deployed = new Map(real.filter((r) => managed(r, model.options.path)).map((r) => [r.Arn, r]));
  for (const d of designed) {
    const r = deployed.get(d.Arn);
    const label = `role ${nameOf(d.Arn, "role")}`;
    if (!r) {
      out.push(
        item(
          account,
          "missing-role",
          d.Arn,
          d.Arn,
          `${label} is in the design but not deployed`,
          roleView(d),
          null,
        ),
      );
      continue;
    }
    const e = normalisePolicy(d.AssumeRolePolicyDocument);
    const a = normalisePolicy(r.AssumeRolePolicyDocument);
    if (!samePolicy(e, a))
      out.push(
        item(
          account,
          "changed-trust",
          d.Arn,
          d.Arn,
          `the trust policy of ${label} differs from the design (${counts(e, a)})`,
          e,
          a,
          policyDetails(e, a),
        ),
      );
    // Exports do not carry MaxSessionDuration; compared only when the deployed side has it.
    if (
      typeof r.MaxSessionDuration === "number" &&
      d.MaxSessionDuration !== undefined &&
      r.MaxSessionDuration !== d.MaxSessionDuration
    )
      out.push(
        item(
          account,
          "changed-session",
          d.Arn,
          d.Arn,
          `${label} allows sessions of ${r.MaxSessionDuration} s; the design has ${d.MaxSessionDuration} s`,
          d.MaxSessionDuration,
          r.MaxSessionDuration,
        ),
      );
    out.push(...comparePolicies(account, roleHolder(d), roleHolder(r)));
  }
  const designedArns = new Set(designed.map((d) => d.Arn));
  for (const [arn, r] of [...deployed].sort(([x], [y]) => byText(x, y))) {
    if (designedArns.has(arn)) continue;
    out.push(
      item(
        account,
        "extra-role",
        arn,
        arn,
        `role ${nameOf(arn, "role")} looks Sekisho-managed (path ${model.options.path} or tag sekisho:managed) but is not in the design`,
        null,
        roleView(r),
        policyDetails(null, normalisePolicy(r.AssumeRolePolicyDocument)).map((l) =>
          l.replace("deployed only:", "trust:"),
        ),
      ),
    );
  }
  return out;
}

function compareGroups(model: AccessModel, account: string, designed: GroupDetail[], real: GroupDetail[]) {
  const out: DriftItem[] = [];
  const deployed = new Map(real.filter((g) => g.Path === model.options.path).map((g) => [g.Arn, g]));
  for (const d of designed) {
    const g = deployed.get(d.Arn);
    if (!g) {
      out.push(
        item(
          account,
          "missing-group",
          d.Arn,
          d.Arn,
          `group ${nameOf(d.Arn, "group")} is in the design but not deployed`,
          { Path: d.Path, GroupName: d.GroupName, ...holderView(groupHolder(d)) },
          null,
        ),
      );
      continue;
    }
    out.push(...comparePolicies(account, groupHolder(d), groupHolder(g)));
  }
  const designedArns = new Set(designed.map((d) => d.Arn));
  for (const [arn, g] of [...deployed].sort(([x], [y]) => byText(x, y)))
    if (!designedArns.has(arn))
      out.push(
        item(
          account,
          "extra-group",
          arn,
          arn,
          `group ${nameOf(arn, "group")} has Sekisho's path ${model.options.path} but is not in the design`,
          null,
          { Path: g.Path, GroupName: g.GroupName, ...holderView(groupHolder(g)) },
        ),
      );
  return out;
}

/**
 * Kept users exist already (Sekisho adds them to groups, never creates them); the design says
 * everything they may do, so their own policies and other groups count too. Anybody else in
 * one of Sekisho's groups is an extra member.
 */
function compareUsers(account: string, designed: AccountState, real: AccountState) {
  const out: DriftItem[] = [];
  const designedGroups = new Set(designed.authorizationDetails.GroupDetailList.map((g) => g.GroupName));
  const kept = new Map(designed.authorizationDetails.UserDetailList.map((u) => [u.Arn, u]));
  const users = new Map(real.authorizationDetails.UserDetailList.map((u) => [u.Arn, u]));
  const groupArn = (name: string) =>
    designed.authorizationDetails.GroupDetailList.find((g) => g.GroupName === name)?.Arn ?? name;
  for (const [arn, d] of kept) {
    const u = users.get(arn);
    if (!u) {
      out.push(
        item(
          account,
          "missing-user",
          arn,
          arn,
          `kept IAM user ${d.UserName} does not exist; the design adds it to ${d.GroupList.join(", ")}`,
          { UserName: d.UserName, groups: [...d.GroupList].sort(byText) },
          null,
        ),
      );
      continue;
    }
    for (const g of [...d.GroupList].sort(byText))
      if (!u.GroupList.includes(g))
        out.push(
          item(
            account,
            "missing-membership",
            `${arn}#group:${g}`,
            arn,
            `kept IAM user ${d.UserName} is not in group ${g}, as the design has it`,
            groupArn(g),
            null,
          ),
        );
    out.push(...comparePolicies(account, userHolder(d), userHolder(u)));
  }
  for (const [arn, u] of [...users].sort(([x], [y]) => byText(x, y))) {
    const d = kept.get(arn);
    for (const g of [...u.GroupList].sort(byText)) {
      if (d ? d.GroupList.includes(g) : !designedGroups.has(g)) continue;
      out.push(
        item(
          account,
          "extra-membership",
          `${arn}#group:${g}`,
          arn,
          d
            ? `kept IAM user ${u.UserName} is also in group ${g}, which the design does not have it in`
            : `IAM user ${u.UserName} is in Sekisho's group ${g} but is not a kept user of the model`,
          null,
          groupArn(g),
        ),
      );
    }
  }
  return out;
}

/** The customer managed policies Sekisho creates (under its path), by their default version. */
function comparePolicyObjects(
  model: AccessModel,
  account: string,
  designed: ManagedPolicyDetail[],
  real: ManagedPolicyDetail[],
) {
  const out: DriftItem[] = [];
  const own = (p: ManagedPolicyDetail) => !p.Arn.startsWith(AWS_POLICY);
  const want = designed.filter(own);
  const have = new Map(real.filter((p) => own(p) && p.Path === model.options.path).map((p) => [p.Arn, p]));
  for (const d of want) {
    const p = have.get(d.Arn);
    const e = normalisePolicy(defaultDocument(d));
    if (!p) {
      out.push(
        item(
          account,
          "missing-policy",
          d.Arn,
          d.Arn,
          `managed policy ${d.PolicyName} is in the design but not deployed`,
          e,
          null,
        ),
      );
      continue;
    }
    const a = normalisePolicy(defaultDocument(p));
    if (!samePolicy(e, a))
      out.push(
        item(
          account,
          "changed-policy",
          d.Arn,
          d.Arn,
          `the default version of managed policy ${d.PolicyName} differs from the design (${counts(e, a)})`,
          e,
          a,
          policyDetails(e, a),
        ),
      );
  }
  const wanted = new Set(want.map((w) => w.Arn));
  for (const [arn, p] of [...have].sort(([x], [y]) => byText(x, y)))
    if (!wanted.has(arn))
      out.push(
        item(
          account,
          "extra-policy",
          arn,
          arn,
          `managed policy ${p.PolicyName} has Sekisho's path ${model.options.path} but is not in the design`,
          null,
          normalisePolicy(defaultDocument(p)),
        ),
      );
  return out;
}

export interface ResourceDrift {
  items: DriftItem[];
  /** Designed resources looked at: providers (when listed), roles, groups, kept users, policies. */
  compared: number;
  warnings: string[];
}

/** Sekisho-managed resources of one account: designed (compiled) against real (imported). */
export function resourceDrift(
  model: AccessModel,
  designed: AccountState,
  real: AccountState,
  providersListed: boolean,
  oidcListed = false,
): ResourceDrift {
  const account = designed.accountId;
  const items: DriftItem[] = [];
  const warnings: string[] = [];
  const d = designed.authorizationDetails;
  const r = real.authorizationDetails;
  let compared = d.RoleDetailList.length + d.GroupDetailList.length + d.UserDetailList.length;
  compared += d.Policies.filter((p) => !p.Arn.startsWith(AWS_POLICY)).length;
  if (designed.samlProviders.length > 0) {
    if (providersListed) {
      compared += designed.samlProviders.length;
      const have = new Set(real.samlProviders.map((p) => p.Arn));
      for (const p of designed.samlProviders)
        if (!have.has(p.Arn))
          items.push(
            item(
              account,
              "missing-saml-provider",
              p.Arn,
              p.Arn,
              `SAML provider ${nameOf(p.Arn, "saml-provider")} is in the design but not in the account's list-saml-providers`,
              p.Arn,
              null,
            ),
          );
    } else {
      warnings.push(
        `${account}: SAML providers not listed (give --saml-providers or a sekisho collect folder): the provider's presence was not checked`,
      );
    }
  }
  const oidc = oidcProviderDrift(model, designed, real, oidcListed);
  items.push(...oidc.items);
  warnings.push(...oidc.warnings);
  compared += oidc.compared;
  items.push(...compareRoles(model, account, d.RoleDetailList, r.RoleDetailList));
  items.push(...compareGroups(model, account, d.GroupDetailList, r.GroupDetailList));
  items.push(...comparePolicyObjects(model, account, d.Policies, r.Policies));
  items.push(...compareUsers(account, designed, real));
  return { items, compared, warnings };
}
