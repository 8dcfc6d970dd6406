// audit: the three problems of the operating model, counted and backed by evidence, on
// imported accounts — too many IAM users, users that are too powerful, no per-person
// boundaries — with escalation paths from the same graph prove uses.
import { ScanCache } from "../engine/scan-cache.js";
import type { ScanStop } from "../engine/types.js";
import { callerKey, keyName } from "../graph/caller-keys.js";
import {
  accountOfNode,
  adminNode,
  buildGraph,
  chainFrom,
  type Edge,
  type Graph,
  isAdminNode,
  pathTo,
  reach,
  reachers,
  sessionRequest,
} from "../graph/graph.js";
import { methodInWords } from "../graph/methods.js";
import { withAwsManagedDocuments } from "../import/aws-managed.js";
import { activeKeys } from "../import/credential-report.js";
import { isDataRead, isReadOnly } from "../prove/classify.js";
import { edgeEvidence } from "../prove/escalation.js";
import { checkHygiene } from "../prove/hygiene.js";
import { identityPolicies, indexState, type PrincipalInfo } from "../sessions/principals.js";
import type { CredentialReportRow, OrgState } from "../state/org-state.js";
import { awsOwner, OWNER_FIX, OWNER_WORDS, onlyServicesAssume, organizationsDefault } from "./aws-owned.js";
import { federatedFindings, oidcProviderFindings } from "./federated.js";
import { type AuditFinding, type AuditReport, type Headline, type Severity, sortFindings } from "./types.js";

const DAY = 86_400_000;

/** The exposure check's question: does a principal allow anything but reads (STS aside)? */
const BEYOND_READING: ScanStop = {
  at: (a) => a.service.toLowerCase() !== "sts" && !isReadOnly(a.id),
};

function daysBetween(from: string | undefined, now: string): number | undefined {
  if (!from) return undefined;
  const t = Date.parse(from.replace(" ", "T"));
  return Number.isNaN(t) ? undefined : Math.floor((Date.parse(now) - t) / DAY);
}

export const HYGIENE_RULES: Record<string, { severity: Severity; fix: string }> = {
  "hygiene/wildcard-principal": {
    severity: "critical",
    fix: "Name the exact principals allowed to assume the role; add aws:PrincipalOrgID at least.",
  },
  "hygiene/bare-root": {
    severity: "high",
    fix: "Add a condition ArnEquals aws:PrincipalArn listing the roles or users that may assume it.",
  },
  "hygiene/saml-aud": {
    severity: "high",
    fix: 'Add Condition StringEquals {"SAML:aud": "https://signin.aws.amazon.com/saml"}.',
  },
  "hygiene/mfa-if-exists": {
    severity: "high",
    fix: "Use Bool aws:MultiFactorAuthPresent true on the allow: BoolIfExists also lets long-term keys without MFA through.",
  },
  "hygiene/external-id": {
    severity: "medium",
    fix: "People cannot send an ExternalId from the console: use aws:PrincipalArn conditions for human roles.",
  },
  "hygiene/orphaned-principal": {
    severity: "medium",
    fix: "The principal was deleted: remove it from the trust, or re-save the ARN of its replacement.",
  },
  "hygiene/not-principal": {
    severity: "high",
    fix: "Replace NotPrincipal with explicit principals and conditions.",
  },
};

/** Hygiene rules about how Sekisho's own switch roles behave (console name length, chained session
 * length), not about who can get in: prove and diff report them on the design; audit does not. */
export const HYGIENE_NOT_AUDITED: ReadonlySet<string> = new Set([
  "hygiene/switch-role-length",
  "hygiene/chained-duration",
]);

// A trust rule audit has no entry for is still reported (fail closed), never dropped.
const UNLISTED_RULE = {
  severity: "medium" as const,
  fix: "Review this trust statement: Sekisho's hygiene check flags it, and audit has no specific fix for it.",
};

// AWS Organizations' default: the management account's admins control the organisation anyway,
// so the role adds no one new unless that account lets non-admins call sts:AssumeRole on it.
const ORGANIZATIONS_DEFAULT = {
  severity: "low" as const,
  fix: "AWS's default, expected: keep the management account's sts:AssumeRole to its admins, or add ArnEquals aws:PrincipalArn naming the roles there that may switch in.",
};

/** The graph without its conditional edges: the paths that need no condition. */
function withoutConditional(graph: Graph): Graph {
  const edges = graph.edges.filter((e) => !e.conditional);
  const out = new Map<string, Edge[]>();
  for (const e of edges) {
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  return { ...graph, edges, out };
}

/**
 * The step that opens a path: its last one, into the admin. Assuming a role is opened by the
 * role's trust (one cause for everyone it lets in); any other step by its caller's permission.
 */
function rootCauseOf(last: Edge): string {
  if (last.method.startsWith("P1 "))
    return `the trust of ${last.to} lets its callers assume it (sts:AssumeRole)`;
  return stepWords(last);
}

/** One step of a path, with its method in words. */
const stepWords = (e: Edge) => `${e.from} ${methodInWords(e.method)} → ${e.to}`;
const stepEvidence = (e: Edge) => ({ ...edgeEvidence(e), what: stepWords(e) });

export interface AuditOptions {
  /** Accounts whose SAML providers were listed: only for them is a trust naming an unknown provider a finding. */
  providersListed?: ReadonlySet<string>;
}

export function audit(exported: OrgState, now: string, options: AuditOptions = {}): AuditReport {
  // An export filtered to local policies lacks the AWS managed ones attached in it; they are
  // public, and Sekisho ships them. Anything else missing is said, never silently dropped.
  const { state, filled } = withAwsManagedDocuments(exported);
  const index = indexState(state);
  const cache = new ScanCache();
  const clock = { now };
  const findings: AuditFinding[] = [];
  const graph = buildGraph(index, cache, { clock, callerControlled: true });
  const warnings = graph.undecided.map((u) => `undecided (${u.subject}): ${u.message}`);
  if (filled.length)
    warnings.push(
      `the exports lack ${filled.length} AWS managed polic${filled.length === 1 ? "y" : "ies"} attached in them, read from Sekisho's copy: ${filled.join(", ")}`,
    );
  for (const p of index.principals)
    if (p.unknownPolicies.length)
      warnings.push(
        `partial data (${p.arn}): ${p.unknownPolicies.join(", ")} attached but not in the export: what ${p.name} can do through ${p.unknownPolicies.length === 1 ? "it" : "them"} is not analysed, so its findings may be incomplete`,
      );

  // Admin-equivalent: can rewrite its own permissions. Escalation: can reach admin of its account or an admin principal.
  const adminEq = new Set<string>();
  for (const e of graph.edges) if (e.kind === "grant" && e.from === e.to) adminEq.add(e.from);
  const escalates = new Map<string, ReturnType<typeof pathTo>>();
  // Who reaches a target is decided for all principals at once; a path is then walked only
  // for those that do, so a large account costs about one pass over its graph.
  const targets = [...adminEq, ...new Set(index.principals.map((p) => adminNode(p.account)))];
  const { byMoves, byGrants } = reachers(graph, targets);
  let outright: Graph | undefined;
  const walk = (g: Graph, from: string) => {
    const isTarget = (n: string) => n !== from && (isAdminNode(n) || adminEq.has(n));
    const prev = reach(g, from, isTarget);
    const target = [...prev.keys()].find(isTarget);
    return target ? pathTo(prev, target) : undefined;
  };
  for (const p of index.principals) {
    if (adminEq.has(p.arn)) continue;
    let path = byMoves.has(p.arn)
      ? chainFrom(byMoves, p.arn)
      : byGrants.has(p.arn)
        ? walk(graph, p.arn)
        : undefined;
    // A conditional path is reported only when no path needs no condition: look for one without them.
    if (path?.some((e) => e.conditional)) {
      outright ??= withoutConditional(graph);
      path = walk(outright, p.arn) ?? path;
    }
    if (path) escalates.set(p.arn, path);
  }
  for (const p of index.principals) {
    // AWS's own roles are context: nobody but AWS starts from them, and their fix is not the customer's.
    const owner = awsOwner(p.arn);
    const subject = owner ? `AWS-owned ${OWNER_WORDS[owner]} ${p.name}` : undefined;
    if (adminEq.has(p.arn)) {
      findings.push({
        id: `admin-equivalent/${p.arn}`,
        rule: "admin-equivalent",
        severity: owner ? "info" : p.kind === "user" ? "high" : "medium",
        principal: p.arn,
        title: `${subject ?? (p.kind === "user" ? `IAM user ${p.name}` : `Role ${p.name}`)} is admin-equivalent: it can rewrite its own permissions`,
        evidence: graph.edges
          .filter((e) => e.kind === "grant" && e.from === p.arn && e.to === p.arn)
          .slice(0, 1)
          .map(stepEvidence),
        fix: owner
          ? OWNER_FIX[owner]
          : p.kind === "user"
            ? "Replace the user by SSO with a role switch; keep admin behind MFA in a role."
            : onlyServicesAssume(p)
              ? "Only AWS services assume it: narrow its policies to what the service needs, and who may pass it (iam:PassRole)."
              : "Restrict who can assume it and require MFA or a landing role.",
      });
    }
    const path = escalates.get(p.arn);
    if (path) {
      const last = path.at(-1)!;
      const first = path[0]!;
      const keys = [...new Set(path.flatMap((e) => e.conditional ?? []))].sort();
      // A condition any caller meets (its own region, user agent, tags, a session token) is no
      // barrier; one met only from a network (source IP, VPC) still narrows who can use the path.
      const network = keys.some((k) => callerKey(k)?.how === "network");
      findings.push({
        id: `escalation/${p.arn}`,
        rule: "escalation",
        severity: owner ? "info" : network ? "high" : "critical",
        principal: p.arn,
        title: `${subject ?? p.name} can escalate to ${isAdminNode(last.to) ? `admin of account ${accountOfNode(last.to)}` : `admin-equivalent ${last.to}`} in ${path.length} step${path.length === 1 ? "" : "s"}${keys.length ? `, conditional on ${keys.map(keyName).join(", ")}, which the caller can meet` : ""}`,
        evidence: [
          { what: path.map(stepWords).join(" ; "), chain: [p.arn, ...path.map((e) => e.to)] },
          ...keys.map((k) => ({ what: `conditional on ${keyName(k)}: ${callerKey(k)?.why ?? ""}` })),
          ...path.map(stepEvidence),
        ],
        fix: owner
          ? OWNER_FIX[owner]
          : `Remove the first step: ${first.from} ${methodInWords(first.method)} → ${first.to}.`,
        rootCause: rootCauseOf(last),
      });
    }
  }

  // Power over others: principals that are not admin themselves but can make others admin.
  findings.push(...powerOverOthers(graph.edges, index, adminEq, escalates));

  // Trust policies.
  for (const f of checkHygiene(index).failures) {
    if (HYGIENE_NOT_AUDITED.has(f.rule)) continue;
    const subject = index.byArn.get(f.subject);
    const management = f.rule === "hygiene/bare-root" && subject ? organizationsDefault(subject) : undefined;
    const rule = management ? ORGANIZATIONS_DEFAULT : (HYGIENE_RULES[f.rule] ?? UNLISTED_RULE);
    findings.push({
      id: `${f.rule.replace("hygiene/", "trust/")}/${f.subject}`,
      rule: f.rule.replace("hygiene/", "trust/"),
      severity: rule.severity,
      principal: f.subject,
      title: management
        ? `${f.subject} trusts account ${management} as AWS Organizations does by default (it created the account from its management account, ${management}): every principal there allowed sts:AssumeRole on it is admin here`
        : f.message,
      evidence: (f.evidence ?? []).map((e) => ({
        what: e.what,
        ...(e.statements ? { statements: e.statements } : {}),
      })),
      fix: rule.fix,
    });
  }

  // Federated trusts without an audience, and OIDC providers when the state lists them.
  const writes = (p: PrincipalInfo) => {
    if (p.identity.length === 0) return [];
    const { principal, context } = sessionRequest(p, { clock });
    const changes = cache
      .scan(identityPolicies(p), principal, context)
      .allowed.map((h) => h.action)
      .filter((a) => !isReadOnly(a));
    return changes.length > 5 ? [...changes.slice(0, 5), `and ${changes.length - 5} more`] : changes;
  };
  findings.push(...federatedFindings(index, writes), ...oidcProviderFindings(state));

  // Exposure: read-only roles and users that still read data.
  for (const p of index.principals) {
    if (adminEq.has(p.arn) || p.identity.length === 0) continue;
    const { principal, context } = sessionRequest(p, { clock });
    // Most principals can change something: their scan ends at the first such action.
    const scan = cache.scanUntil(identityPolicies(p), principal, context, BEYOND_READING);
    if (scan.stoppedAt !== undefined || scan.allowed.length === 0) continue;
    const reads = scan.allowed.filter((h) => isDataRead(h.action)).map((h) => h.action);
    if (reads.length) {
      findings.push({
        id: `exposure/data-read/${p.arn}`,
        rule: "exposure/data-read",
        severity: "low",
        principal: p.arn,
        title: `Read-only ${p.kind} ${p.name} can read data, not just metadata (${reads.length} actions)`,
        evidence: [{ what: reads.slice(0, 40).join(", ") + (reads.length > 40 ? ", ..." : "") }],
        fix: "Prefer ViewOnlyAccess plus an allow-list of the data reads this principal needs.",
      });
    }
  }

  // Credentials and activity, from credential reports and last-used data.
  let withPassword = 0;
  let withKeys = 0;
  let withMfa = 0;
  let reported = 0;
  for (const a of state.accounts) {
    const known = new Set(a.authorizationDetails.UserDetailList.map((u) => u.Arn));
    for (const r of a.credentialReport ?? []) {
      if (r.arn.endsWith(":root")) continue;
      reported++;
      if (!known.has(r.arn))
        warnings.push(
          `credential report lists ${r.arn}, which the authorization-details export of ${a.accountId} does not`,
        );
      if (r.password_enabled === true) withPassword++;
      if (activeKeys(r) > 0) withKeys++;
      if (r.mfa_active) withMfa++;
      findings.push(...credentialFindings(r.arn, r.user, r, now));
    }
    const root = (a.credentialReport ?? []).find((r) => r.arn.endsWith(":root"));
    if (root && activeKeys(root) > 0) {
      findings.push({
        id: `credentials/root-keys/${root.arn}`,
        rule: "credentials/root-keys",
        severity: "critical",
        principal: root.arn,
        title: `The root user of ${a.accountId} has active access keys`,
        evidence: [{ what: "credential report: access_key_active true" }],
        fix: "Delete the root access keys; use roles.",
      });
    }
    if (root && !root.mfa_active) {
      findings.push({
        id: `credentials/root-mfa/${root.arn}`,
        rule: "credentials/root-mfa",
        severity: "critical",
        principal: root.arn,
        title: `The root user of ${a.accountId} has no MFA`,
        evidence: [{ what: "credential report: mfa_active false" }],
        fix: "Enable a hardware MFA on the root user.",
      });
    }
    const lastUsedKnown = a.authorizationDetails.RoleDetailList.some((r) => r.RoleLastUsed !== undefined);
    if (lastUsedKnown) {
      for (const r of a.authorizationDetails.RoleDetailList) {
        if (r.Path.startsWith("/aws-service-role/")) continue;
        const days = daysBetween(r.RoleLastUsed?.LastUsedDate, now);
        if (days === undefined || days > 90) {
          findings.push({
            id: `unused-role/${r.Arn}`,
            rule: "unused-role",
            severity: "low",
            principal: r.Arn,
            title: `Role ${r.RoleName} ${days === undefined ? "has never been used" : `was last used ${days} days ago`}`,
            evidence: [{ what: `RoleLastUsed: ${r.RoleLastUsed?.LastUsedDate ?? "none"}` }],
            fix:
              awsOwner(r.Arn) === "identity-center"
                ? "Identity Center manages it: remove the permission set's assignment to this account if nobody needs it (Identity Center then deletes the role)."
                : "Delete it if nothing needs it.",
          });
        }
      }
    }
  }

  // SAML providers, when the account's list was given (list-saml-providers or collect).
  for (const a of state.accounts) {
    if (!options.providersListed?.has(a.accountId)) continue;
    const exists = new Set(a.samlProviders.map((p) => p.Arn));
    for (const p of a.samlProviders) {
      const left = p.ValidUntil ? daysBetween(now, p.ValidUntil) : undefined;
      if (left === undefined || left > 30) continue;
      findings.push({
        id: `saml/provider-expiry/${p.Arn}`,
        rule: "saml/provider-expiry",
        severity: left < 0 ? "high" : "medium",
        principal: p.Arn,
        title: `SAML provider ${p.Arn.split("/").pop()} ${left < 0 ? `expired ${-left} days ago` : `expires in ${left} days`}: sign-in through it ${left < 0 ? "fails" : "will fail"}`,
        evidence: [{ what: `ValidUntil: ${p.ValidUntil}` }],
        fix: "Upload the identity provider's current metadata (aws iam update-saml-provider).",
      });
    }
    for (const r of a.authorizationDetails.RoleDetailList) {
      const missing = r.AssumeRolePolicyDocument.Statement.flatMap((st) =>
        st.Effect === "Allow" && st.Principal && st.Principal !== "*"
          ? [st.Principal.Federated ?? []]
              .flat()
              .filter((f) => f.includes(":saml-provider/") && !exists.has(f))
          : [],
      );
      for (const f of [...new Set(missing)]) {
        findings.push({
          id: `trust/missing-saml-provider/${r.Arn}/${f}`,
          rule: "trust/missing-saml-provider",
          severity: "low",
          principal: r.Arn,
          title: `Role ${r.RoleName} trusts SAML provider ${f.split("/").pop()}, which the account does not have: nobody signs in through it`,
          evidence: [{ what: `trust names ${f}; list-saml-providers: ${[...exists].join(", ") || "none"}` }],
          fix: "Remove the federated statement (or the role), or create the provider it expects.",
        });
      }
    }
  }

  const users = index.principals.filter((p) => p.kind === "user");
  const direct = users.filter(
    (u) => (u.user?.UserPolicyList?.length ?? 0) + (u.user?.AttachedManagedPolicies.length ?? 0) > 0,
  ).length;
  const viaGroups = users.filter(
    (u) =>
      (u.user?.UserPolicyList?.length ?? 0) + (u.user?.AttachedManagedPolicies.length ?? 0) === 0 &&
      (u.user?.GroupList.length ?? 0) > 0,
  ).length;
  // The headline counts what the customer can act on: AWS-owned roles stay in the findings as context.
  const count = (set: Iterable<string>, kind: PrincipalInfo["kind"]) =>
    [...set].filter((arn) => index.byArn.get(arn)?.kind === kind && !awsOwner(arn)).length;
  const anyReport = state.accounts.some((a) => a.credentialReport);
  const headline: Headline = {
    accounts: state.accounts.length,
    users: {
      total: users.length,
      withPassword: anyReport ? withPassword : null,
      withActiveKeys: anyReport ? withKeys : null,
      withMfa: anyReport ? withMfa : null,
      withoutMfa: anyReport ? reported - withMfa : null,
    },
    adminEquivalent: { users: count(adminEq, "user"), roles: count(adminEq, "role") },
    canEscalateToAdmin: { users: count(escalates.keys(), "user"), roles: count(escalates.keys(), "role") },
    boundaries: {
      usersWithDirectPolicies: direct,
      usersOnlyThroughGroups: viaGroups,
      usersWithNoPolicy: users.length - direct - viaGroups,
      usersWithBoundary: users.filter((u) => u.user?.PermissionsBoundary).length,
    },
  };
  if (!anyReport) warnings.push("no credential report given: password, key and MFA counts are unknown");
  sortFindings(findings);
  return { generatedFor: state.accounts.map((a) => a.accountId).join(", "), headline, findings, warnings };
}

function credentialFindings(arn: string, name: string, r: CredentialReportRow, now: string): AuditFinding[] {
  const out: AuditFinding[] = [];
  if (r.password_enabled === true && !r.mfa_active) {
    out.push({
      id: `credentials/no-mfa/${arn}`,
      rule: "credentials/no-mfa",
      severity: "high",
      principal: arn,
      title: `IAM user ${name} has a console password and no MFA`,
      evidence: [{ what: "credential report: password_enabled true, mfa_active false" }],
      fix: "Move the person to SSO; if the user is kept, enforce MFA (deny all without MFA).",
    });
  }
  const lastUse = [r.password_last_used, r.access_key_1_last_used_date, r.access_key_2_last_used_date]
    .map((d) => daysBetween(d, now))
    .filter((d): d is number => d !== undefined);
  const last = lastUse.length ? Math.min(...lastUse) : undefined;
  if (last === undefined || last > 90) {
    out.push({
      id: `inactive-user/${arn}`,
      rule: "inactive-user",
      severity: "medium",
      principal: arn,
      title: `IAM user ${name} ${last === undefined ? "has no recorded use" : `has not been used for ${last} days`}`,
      evidence: [
        {
          what: `password_last_used ${r.password_last_used ?? "never"}, keys last used ${r.access_key_1_last_used_date ?? "never"} / ${r.access_key_2_last_used_date ?? "never"}`,
        },
      ],
      fix: "Deactivate its credentials, then delete the user.",
    });
  }
  for (const k of [1, 2] as const) {
    if (!r[`access_key_${k}_active`]) continue;
    const age = daysBetween(r[`access_key_${k}_last_rotated`], now);
    const used = daysBetween(r[`access_key_${k}_last_used_date`], now);
    if (age !== undefined && age > 90) {
      out.push({
        id: `old-key/${arn}/${k}`,
        rule: "credentials/old-key",
        severity: "medium",
        principal: arn,
        title: `Access key ${k} of ${name} is ${age} days old`,
        evidence: [{ what: `access_key_${k}_last_rotated ${r[`access_key_${k}_last_rotated`]}` }],
        fix: "Rotate it, or replace the key with a role.",
      });
    }
    if (used === undefined || used > 90) {
      out.push({
        id: `unused-key/${arn}/${k}`,
        rule: "credentials/unused-key",
        severity: "medium",
        principal: arn,
        title: `Access key ${k} of ${name} is active and ${used === undefined ? "never used" : `unused for ${used} days`}`,
        evidence: [
          { what: `access_key_${k}_last_used_date ${r[`access_key_${k}_last_used_date`] ?? "N/A"}` },
        ],
        fix: "Deactivate it; delete it after a quiet period.",
      });
    }
  }
  return out;
}

/**
 * A principal that can rewrite other principals' permissions (attach or put policies, remove a
 * boundary, a new default version of their policy), yet reaches no admin itself: whoever holds
 * it can make any of them admin. Rewriting a role's trust or passing a role lets the caller act
 * as that role itself: when the role is or reaches admin, the caller escalates (its own finding);
 * when not, nobody is made admin. So both count only through the escalation finding.
 * Roles AWS owns are left out as targets: IAM refuses edits to service-linked and Identity
 * Center roles (IAM User Guide, "Using service-linked roles"; src/engine/aws-owned.ts).
 */
function powerOverOthers(
  edges: readonly Edge[],
  index: ReturnType<typeof indexState>,
  adminEq: ReadonlySet<string>,
  escalates: ReadonlyMap<string, unknown>,
): AuditFinding[] {
  const over = new Map<string, Map<string, Edge>>();
  for (const e of edges) {
    const to = e.to.split("+group:")[0]!;
    if (e.kind !== "grant" || to === e.from || !index.byArn.has(to) || awsOwner(to)) continue;
    const from = index.byArn.get(e.from);
    if (!from || adminEq.has(from.arn) || escalates.has(from.arn) || awsOwner(from.arn)) continue;
    const targets = over.get(from.arn) ?? new Map<string, Edge>();
    if (!targets.has(to)) targets.set(to, e);
    over.set(from.arn, targets);
  }
  const out: AuditFinding[] = [];
  for (const [arn, targets] of over) {
    const p = index.byArn.get(arn)!;
    const list = [...targets.keys()].sort();
    const names = list.map((t) => index.byArn.get(t)?.name ?? t);
    out.push({
      id: `power-over-others/${arn}`,
      rule: "power-over-others",
      severity: "high",
      principal: arn,
      title: `${p.kind === "user" ? "IAM user" : "Role"} ${p.name} can make ${list.length} principal${list.length === 1 ? "" : "s"} admin: ${names.slice(0, 10).join(", ")}${names.length > 10 ? `, and ${names.length - 10} more` : ""}`,
      evidence: list.map((t) => stepEvidence(targets.get(t)!)),
      fix: "Limit its IAM writes to the principals it must manage (Resource paths), and require a permissions boundary on what it creates or changes (iam:PermissionsBoundary condition).",
    });
  }
  return out;
}
