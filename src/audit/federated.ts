// Federated trusts without an audience: a role trusting a web-identity provider (OIDC, Cognito
// identity pools, Google, Facebook, Login with Amazon) is open to every token that provider
// issues unless the trust pins who the token is for (aud) and, for OIDC, whom it is about (sub).
// Rules and AWS sources: docs/federated-trusts.md.
import type { PrincipalInfo, StateIndex } from "../sessions/principals.js";
import { type OrgState, oidcIssuerKey } from "../state/org-state.js";
import type { Statement } from "../state/policy.js";
import type { AuditFinding, Severity } from "./types.js";

/**
 * Operators that make a claim match given values. Null, negations and IfExists let a token
 * without the claim (or with any other value) through. ForAllValues counts: tokens of these
 * providers always carry sub and aud, so the set is never empty.
 */
const RESTRICTS = /^(ForAnyValue:|ForAllValues:)?String(Equals|Like)(IgnoreCase)?$/i;
const GITHUB = "token.actions.githubusercontent.com";
/** Providers AWS names without an ARN, and the key that pins the application (AWS: "Available keys for web identity federation"). */
const NAMED_PROVIDERS: Record<string, string> = {
  "accounts.google.com": "accounts.google.com:aud",
  "graph.facebook.com": "graph.facebook.com:app_id",
  "www.amazon.com": "www.amazon.com:app_id",
};
const COGNITO = /^cognito-identity\.amazonaws\.com(\.cn)?$/;

/** The values a statement's restricting conditions require of a key; undefined when nothing restricts it. */
function required(s: Statement, key: string): string[] | undefined {
  let values: string[] | undefined;
  for (const [op, block] of Object.entries(s.Condition ?? {})) {
    if (!RESTRICTS.test(op)) continue;
    for (const [k, v] of Object.entries(block)) {
      if (k.toLowerCase() !== key.toLowerCase()) continue;
      values = [...(values ?? []), ...[v].flat().map(String)];
    }
  }
  return values;
}

const matchesAll = (v: string) => /^[*?]*\*[*?]*$/.test(v);

/** IAM's StringLike: `*` any characters (`:` and `/` too), `?` one; case-sensitive. */
const likeRe = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
      .join("")}$`,
    "s",
  );

/**
 * The `sub` values of a GitHub trust that a pull request's token matches: GitHub's default
 * subject for a workflow run by a pull_request event is `repo:OWNER/REPO:pull_request` (GitHub
 * docs, "About security hardening with OpenID Connect", example subject claims), and anyone who
 * can open a pull request from a branch of the repository can change the workflow it runs.
 * A repository or organisation customising its subject template changes this: not modelled.
 */
function pullRequestSubjects(s: Statement, key: string): string[] {
  const out: string[] = [];
  for (const [op, block] of Object.entries(s.Condition ?? {})) {
    if (!RESTRICTS.test(op)) continue;
    const like = /Like/i.test(op);
    for (const [k, v] of Object.entries(block)) {
      if (k.toLowerCase() !== key.toLowerCase()) continue;
      for (const value of [v].flat().map(String)) {
        const repo = (/^repo:([^:]*)/.exec(value)?.[1] ?? "sekisho-any/sekisho-any").replace(/[*?]/g, "x");
        const token = `repo:${repo}:pull_request`;
        if (like ? likeRe(value).test(token) : value === token) out.push(value);
      }
    }
  }
  return out;
}

/**
 * How wide a GitHub `sub` pattern is: "any" when the owner (organisation or user) is a
 * wildcard — any repository on GitHub matches; "org" when any repository of one owner does.
 */
function githubWidth(v: string): "any" | "org" | undefined {
  if (matchesAll(v)) return "any";
  const m = /^repo:([^/]*)(?:\/(.*))?$/.exec(v);
  if (!m) return /[*?]/.test(v.split(":")[0] ?? "") ? "any" : undefined;
  if (/[*?]/.test(m[1]!) || m[2] === undefined) return "any";
  return /^[*?]/.test(m[2]) ? "org" : undefined;
}

interface Rule {
  rule: string;
  severity: Severity;
  fix: string;
}

export const FEDERATED_RULES: Record<string, Rule> = {
  "trust/oidc-no-sub": {
    rule: "trust/oidc-no-sub",
    severity: "critical",
    fix: "Add StringEquals (or StringLike) on PROVIDER:sub naming the exact subjects, e.g. repo:ORG/REPO:ref:refs/heads/main for GitHub.",
  },
  "trust/oidc-wide-sub": {
    rule: "trust/oidc-wide-sub",
    severity: "high",
    fix: "Narrow PROVIDER:sub to the repositories (and branches or environments) that deploy with this role.",
  },
  "trust/oidc-no-aud": {
    rule: "trust/oidc-no-aud",
    severity: "high",
    fix: "Add StringEquals on PROVIDER:aud naming the audience your client requests (sts.amazonaws.com for GitHub's official action).",
  },
  "trust/oidc-pull-request-writes": {
    rule: "trust/oidc-pull-request-writes",
    severity: "high",
    fix: "Give pull requests a read-only role of their own (sub repo:OWNER/REPO:pull_request) and pin this role's sub to the branches or environments that deploy (repo:OWNER/REPO:ref:refs/heads/main, repo:OWNER/REPO:environment:production).",
  },
  "trust/web-identity-no-aud": {
    rule: "trust/web-identity-no-aud",
    severity: "critical",
    fix: "Add StringEquals on KEY naming your application's id.",
  },
  "trust/cognito-no-aud": {
    rule: "trust/cognito-no-aud",
    severity: "critical",
    fix: "Add StringEquals on cognito-identity.amazonaws.com:aud naming your identity pool id (REGION:GUID).",
  },
};

function statementEvidence(p: PrincipalInfo, s: Statement, i: number) {
  return {
    what: `statement ${i}${s.Sid ? ` (${s.Sid})` : ""}`,
    statements: [{ policy: `${p.arn}#trust`, index: i, ...(s.Sid ? { sid: s.Sid } : {}), statement: s }],
  };
}

/**
 * @param writes what a role can do beyond reading (a few actions; empty when it only reads),
 * to tell a pull request's token that can change things from one that can only look.
 */
export function federatedFindings(
  index: StateIndex,
  writes: (p: PrincipalInfo) => string[] = () => [],
): AuditFinding[] {
  const out: AuditFinding[] = [];
  for (const p of index.principals) {
    const doc = p.trust?.document;
    if (!doc || p.kind !== "role") continue;
    doc.Statement.forEach((s, i) => {
      if (s.Effect !== "Allow" || !s.Principal || s.Principal === "*") return;
      const actions = [s.Action ?? []].flat().map((a) => a.toLowerCase());
      if (!actions.some((a) => a === "sts:assumerolewithwebidentity" || a === "sts:*" || a === "*")) return;
      const add = (
        key: keyof typeof FEDERATED_RULES,
        provider: string,
        title: string,
        replace: [string, string],
      ) => {
        const r = FEDERATED_RULES[key]!;
        out.push({
          id: `${r.rule}/${p.arn}/${provider}`,
          rule: r.rule,
          severity: r.severity,
          principal: p.arn,
          title: `Role ${p.name}: ${title}`,
          evidence: [statementEvidence(p, s, i)],
          fix: r.fix.replace(replace[0], replace[1]),
        });
      };
      for (const f of [s.Principal.Federated ?? []].flat()) {
        const oidc = /:oidc-provider\/(.+)$/.exec(f)?.[1];
        if (oidc) {
          const sub = required(s, `${oidc}:sub`);
          const aud = required(s, `${oidc}:aud`);
          const github = oidc === GITHUB;
          const open = !sub || sub.every(matchesAll);
          const pr = github && !open ? pullRequestSubjects(s, `${oidc}:sub`) : [];
          const changes = pr.length ? writes(p) : [];
          if (changes.length)
            out.push({
              id: `trust/oidc-pull-request-writes/${p.arn}/${oidc}`,
              rule: "trust/oidc-pull-request-writes",
              severity: "high",
              principal: p.arn,
              title: `Role ${p.name}: a pull request's workflow can assume it (trust statement ${i}, ${oidc}:sub ${pr.join(", ")}) and it can change things: ${changes.join(", ")}`,
              evidence: [statementEvidence(p, s, i), { what: `not read-only: ${changes.join(", ")}` }],
              fix: FEDERATED_RULES["trust/oidc-pull-request-writes"]!.fix,
            });
          if (open) {
            add(
              "trust/oidc-no-sub",
              oidc,
              `trust statement ${i} lets any token of ${oidc} in: no condition on ${oidc}:sub${github ? " (any GitHub repository can assume it)" : ""}`,
              ["PROVIDER", oidc],
            );
          } else if (github && sub.some((v) => githubWidth(v) === "any")) {
            add(
              "trust/oidc-no-sub",
              oidc,
              `trust statement ${i} matches any GitHub repository: ${oidc}:sub ${sub.filter((v) => githubWidth(v) === "any").join(", ")}`,
              ["PROVIDER", oidc],
            );
          } else if (github ? sub.some((v) => githubWidth(v) === "org") : sub.some((v) => /[*?]/.test(v))) {
            const wide = sub.filter((v) => (github ? githubWidth(v) === "org" : /[*?]/.test(v)));
            add(
              "trust/oidc-wide-sub",
              oidc,
              `trust statement ${i} matches ${github ? "every repository of an owner" : "a wildcard subject"}: ${oidc}:sub ${wide.join(", ")}`,
              ["PROVIDER", oidc],
            );
          }
          if (!aud || aud.every(matchesAll))
            add(
              "trust/oidc-no-aud",
              oidc,
              `trust statement ${i} has no condition on ${oidc}:aud: a token ${oidc} issued for any audience is accepted`,
              ["PROVIDER", oidc],
            );
          continue;
        }
        if (COGNITO.test(f)) {
          const aud = required(s, "cognito-identity.amazonaws.com:aud");
          if (!aud || aud.every(matchesAll)) {
            const amr = required(s, "cognito-identity.amazonaws.com:amr");
            add(
              "trust/cognito-no-aud",
              f,
              `trust statement ${i} trusts Cognito identity pools ${amr ? `with amr ${amr.join(", ")} ` : ""}but no cognito-identity.amazonaws.com:aud: an identity pool in any account can obtain it`,
              ["", ""],
            );
          }
          continue;
        }
        const key = NAMED_PROVIDERS[f];
        if (key) {
          const aud = required(s, key);
          if (!aud || aud.every(matchesAll))
            add(
              "trust/web-identity-no-aud",
              f,
              `trust statement ${i} trusts ${f} without ${key}: a token of any application signed in with ${f} is accepted`,
              ["KEY", key],
            );
        }
      }
    });
  }
  return out;
}

/** OIDC providers, when the state lists them: unused ones (no trust names them), duplicates (one URL twice). */
export function oidcProviderFindings(state: OrgState): AuditFinding[] {
  const out: AuditFinding[] = [];
  for (const a of state.accounts) {
    const providers = a.openIdConnectProviders;
    if (!providers) continue;
    const trusted = new Set(
      a.authorizationDetails.RoleDetailList.flatMap((r) =>
        r.AssumeRolePolicyDocument.Statement.flatMap((s) =>
          s.Effect === "Allow" && s.Principal && s.Principal !== "*"
            ? [s.Principal.Federated ?? []].flat()
            : [],
        ),
      ),
    );
    const byUrl = new Map<string, string[]>();
    for (const p of [...providers].sort((x, y) => x.Arn.localeCompare(y.Arn))) {
      const url = oidcIssuerKey(p.Url);
      byUrl.set(url, [...(byUrl.get(url) ?? []), p.Arn]);
      if (trusted.has(p.Arn)) continue;
      out.push({
        id: `oidc/unused-provider/${p.Arn}`,
        rule: "oidc/unused-provider",
        severity: "low",
        principal: p.Arn,
        title: `OIDC provider ${url} is trusted by no role of ${a.accountId}`,
        evidence: [{ what: `no trust policy names ${p.Arn}` }],
        fix: "Delete the provider if nothing is about to use it (aws iam delete-open-id-connect-provider).",
      });
    }
    for (const [url, arns] of byUrl) {
      if (arns.length < 2) continue;
      out.push({
        id: `oidc/duplicate-provider/${arns[0]}`,
        rule: "oidc/duplicate-provider",
        severity: "low",
        principal: arns[0]!,
        title: `${arns.length} OIDC providers of ${a.accountId} point at ${url}: ${arns.join(", ")}`,
        evidence: [{ what: arns.join(", ") }],
        fix: "Keep one provider per issuer and point every trust at it; delete the others.",
      });
    }
  }
  return out;
}
