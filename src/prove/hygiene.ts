// Check 5, hygiene: static rules on the trust policies and roles of the compiled state,
// each from the reference (§1.3, §3, §4, §9, §10).
import { SWITCH_ROLE_MAX } from "../model/iam-limits.js";
import type { StateIndex } from "../sessions/principals.js";
import { asList, type Statement } from "../state/policy.js";
import type { CheckResult, Finding } from "./types.js";

const CHAINED_MAX = 3600;

function condKeys(s: Statement): { op: string; key: string }[] {
  return Object.entries(s.Condition ?? {}).flatMap(([op, block]) =>
    Object.keys(block).map((key) => ({ op, key: key.toLowerCase() })),
  );
}

function ev(s: Statement, index: number, policy: string) {
  return [
    {
      what: `statement ${index}${s.Sid ? ` (${s.Sid})` : ""}`,
      statements: [{ policy, index, ...(s.Sid ? { sid: s.Sid } : {}), statement: s }],
    },
  ];
}

/** intended: the MaxSessionDuration the model chose for a level (a longer one was warned about at validation). */
export function checkHygiene(
  index: StateIndex,
  intended: (level: string) => number | undefined = () => undefined,
): CheckResult {
  const failures: Finding[] = [];
  const notes: Finding[] = [];
  let roles = 0;
  for (const p of index.principals) {
    if (!p.trust) continue;
    // Stryker disable next-line ConditionalExpression: equivalent, only roles have a trust, and every role its RoleDetail
    if (!p.role) continue;
    roles++;
    const role = p.role;
    const policy = p.trust.id;
    const statements = p.trust.document.Statement;
    const isEnvRole = role.Tags?.some((t) => t.Key === "sekisho:level") ?? false;
    let chained = false;
    statements.forEach((s, i) => {
      const keys = condKeys(s);
      const actions = asList(s.Action).map((a) => a.toLowerCase());
      if (s.NotPrincipal) {
        failures.push({
          rule: "hygiene/not-principal",
          subject: p.arn,
          message: `${p.arn}: trust statement ${i} uses NotPrincipal`,
          evidence: ev(s, i, policy),
        });
      }
      if (s.Effect !== "Allow") return;
      const principal = s.Principal;
      const aws = principal === "*" ? ["*"] : asList(principal?.AWS);
      // Stryker disable next-line ConditionalExpression,StringLiteral,ArrayDeclaration: equivalent, "*".Federated is undefined (asList: none), and a principal that is no SAML provider changes nothing
      const federated = principal === "*" ? [] : asList(principal?.Federated);
      if (aws.includes("*")) {
        failures.push({
          rule: "hygiene/wildcard-principal",
          subject: p.arn,
          message: `${p.arn}: trust statement ${i} allows any principal`,
          evidence: ev(s, i, policy),
        });
      }
      const roots = aws.filter((a) => /^\d{12}$/.test(a) || /:root$/.test(a));
      if (
        roots.length &&
        !keys.some(
          (k) => k.key === "aws:principalarn" && /^(arnequals|arnlike|stringequals|stringlike)$/i.test(k.op),
        )
      ) {
        failures.push({
          rule: "hygiene/bare-root",
          subject: p.arn,
          message: `${p.arn}: trust statement ${i} trusts account ${roots.join(", ")} without an aws:PrincipalArn condition: every principal there allowed sts:AssumeRole can switch in`,
          evidence: ev(s, i, policy),
        });
      }
      for (const a of aws) {
        // A deleted role shows as its unique id AROA…, a deleted user as AIDA… (reference §9).
        if (/^A(ROA|IDA)[A-Z0-9]+$/.test(a)) {
          failures.push({
            rule: "hygiene/orphaned-principal",
            subject: p.arn,
            message: `${p.arn}: trust names ${a}, the unique id of a deleted principal`,
            evidence: ev(s, i, policy),
          });
        }
      }
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, an empty list sets no chain below anyway
      const onlyUsers = aws.every((a) => /:user\//.test(a)) && aws.length > 0;
      const userCondition =
        /:user\//.test(JSON.stringify(s.Condition ?? {})) &&
        !/:role\//.test(JSON.stringify(s.Condition ?? {}));
      if (aws.length > 0 && !onlyUsers && !userCondition) chained = true;
      if (
        federated.some((f) => f.includes(":saml-provider/")) &&
        actions.some((a) => a === "sts:assumerolewithsaml" || a === "sts:*" || a === "*")
      ) {
        if (!keys.some((k) => k.key === "saml:aud")) {
          failures.push({
            rule: "hygiene/saml-aud",
            subject: p.arn,
            message: `${p.arn}: SAML trust statement ${i} has no SAML:aud condition`,
            evidence: ev(s, i, policy),
          });
        }
      }
      if (keys.some((k) => k.key === "sts:externalid")) {
        failures.push({
          rule: "hygiene/external-id",
          subject: p.arn,
          message: `${p.arn}: trust statement ${i} requires sts:ExternalId, which console switching cannot send`,
          evidence: ev(s, i, policy),
        });
      }
      const mfa = keys.filter((k) => k.key === "aws:multifactorauthpresent");
      // Stryker disable next-line Regex: equivalent, IfExists only ever ends an IAM operator name
      if (mfa.some((k) => /ifexists$/i.test(k.op))) {
        failures.push({
          rule: "hygiene/mfa-if-exists",
          subject: p.arn,
          message: `${p.arn}: trust statement ${i} allows with ${mfa.map((k) => k.op).join(", ")} on aws:MultiFactorAuthPresent: long-term keys without MFA pass it; use Bool`,
          evidence: ev(s, i, policy),
        });
      }
    });
    // A workload's role is assumed with its OIDC token, never switched to in the console.
    // Stryker disable next-line BooleanLiteral: equivalent, read only for an environment role, which has tags
    const isWorkload = role.Tags?.some((t) => t.Key === "sekisho:workload") ?? false;
    if (isEnvRole) {
      const full = `${role.Path}${role.RoleName}`;
      if (full.length > SWITCH_ROLE_MAX && !isWorkload) {
        failures.push({
          rule: "hygiene/switch-role-length",
          subject: p.arn,
          message: `${p.arn}: path+name is ${full.length} characters; console switch role fails above ${SWITCH_ROLE_MAX}`,
        });
      }
      const max = role.MaxSessionDuration ?? CHAINED_MAX;
      // Stryker disable next-line OptionalChaining: equivalent, an environment role has the level tag
      const level = role.Tags?.find((t) => t.Key === "sekisho:level")?.Value;
      // Stryker disable next-line StringLiteral: equivalent, the level tag is there (above)
      if (max > CHAINED_MAX && chained && intended(level ?? "") !== max) {
        failures.push({
          rule: "hygiene/chained-duration",
          subject: p.arn,
          message: `${p.arn}: MaxSessionDuration is ${max}s but landing sessions reach it by role chaining, capped at ${CHAINED_MAX}s; CLI profiles asking for more fail`,
        });
      } else if (max > CHAINED_MAX) {
        notes.push({
          rule: "hygiene/chained-duration",
          subject: p.arn,
          message: `${p.arn}: ${max}s applies only to IAM users assuming it directly; chained sessions get ${CHAINED_MAX}s`,
        });
      }
    }
  }
  return {
    id: "hygiene",
    title: "Hygiene",
    passed: failures.length === 0,
    summary: `${roles} trust policies: SAML:aud, chaining durations, path+name ≤ 64, no ExternalId, no wildcard or bare-root principals, Bool MFA, no NotPrincipal`,
    failures,
    notes,
  };
}
