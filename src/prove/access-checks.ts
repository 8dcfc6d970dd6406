// Checks 2 and 3: landing sessions are read-only, and every level allows no more than its
// access means — each over the whole action catalog, with the statements that allow it.

import type { ScanCache } from "../engine/scan-cache.js";
import type { CatalogHit, CatalogResult } from "../engine/types.js";
import { sessionRequest } from "../graph/graph.js";
import { formatDuration } from "../model/durations.js";
import {
  ASSUME_POLICY_NAME,
  landingRoleArn,
  policyArn,
  SELF_MANAGE_POLICY_NAME,
  userArn,
} from "../model/naming.js";
import type { AccessModel, Level } from "../model/types.js";
import type { Clock } from "../sessions/contexts.js";
import { identityPolicies, type PrincipalInfo, type StateIndex } from "../sessions/principals.js";
import { isDataRead, isReadOnly, levelsOf, SWITCH_ACTIONS } from "./classify.js";
import type { LevelAccessMap, ResolvedAccess } from "./level-access.js";
import { type CheckResult, type Finding, statementsOf } from "./types.js";

/** Self-service actions kept users need (reference §5); allowed only through Sekisho's own policy. */
const SELF_SERVICE = new Set(
  [
    "iam:ChangePassword",
    "iam:CreateAccessKey",
    "iam:DeleteAccessKey",
    "iam:UpdateAccessKey",
    "iam:CreateVirtualMFADevice",
    "iam:DeactivateMFADevice",
    "iam:EnableMFADevice",
    "iam:ResyncMFADevice",
  ].map((a) => a.toLowerCase()),
);

/**
 * IAM writes a non-admin level may keep: service-linked roles have a trust and permissions
 * fixed by AWS, and no person can assume them (IAM User Guide, "Using service-linked roles").
 */
const SERVICE_LINKED = new Set([
  "iam:createservicelinkedrole",
  "iam:deleteservicelinkedrole",
  // Stryker disable next-line StringLiteral: equivalent, a Read action, which judgeWrite passes anyway
  "iam:getservicelinkedroledeletionstatus",
]);

function scanSession(p: PrincipalInfo, model: AccessModel, cache: ScanCache, clock: Clock): CatalogResult {
  const { principal, context } = sessionRequest(p, { clock, sourceIdentity: model.options.sourceIdentity });
  return cache.scan(identityPolicies(p), principal, context);
}

/** An action's access levels in the catalog, as a finding says them. */
function levelText(action: string): string {
  const levels = levelsOf(action).join(", ");
  // Stryker disable next-line StringLiteral: equivalent, a scan's hits are catalog actions, which all have levels
  return levels || "unknown to the catalog";
}

function viaText(hit: CatalogHit): Finding["evidence"] {
  return [
    {
      what: `${hit.action} (${levelText(hit.action)})${hit.certain ? "" : ": may be allowed (a condition or resource the scan could not fix)"}`,
      statements: statementsOf(hit.via),
    },
  ];
}

/** A switch action allowed only by Sekisho's switch policy, and only on environment roles. */
function isSanctionedSwitch(hit: CatalogHit, envRoles: Set<string>): boolean {
  if (!SWITCH_ACTIONS.has(hit.action.toLowerCase())) return false;
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: equivalent, a scan hit without a statement is sts:GetCallerIdentity alone, no switch action
  if (hit.via.length === 0) return false;
  return hit.via.every((v) => {
    if (!v.policyId.endsWith(`#inline:${ASSUME_POLICY_NAME}`)) return false;
    // Stryker disable next-line ConditionalExpression,ArrayDeclaration: equivalent, no environment role is undefined or a made-up string
    const resources = v.statement.Resource === undefined ? [] : [v.statement.Resource].flat();
    return resources.length > 0 && resources.every((r) => envRoles.has(r));
  });
}

function unknownFindings(p: PrincipalInfo, r: CatalogResult, rule: string): Finding[] {
  const out: Finding[] = p.unknownPolicies.map((arn) => ({
    rule,
    subject: p.arn,
    message: `${p.arn}: policy ${arn} has no document in the state; cannot prove what it allows`,
  }));
  for (const u of r.uncertain) {
    out.push({
      rule,
      subject: p.arn,
      message: `${p.arn}: undecided statement ${u.policyId}[${u.index}]: ${u.reason}`,
    });
  }
  return out;
}

interface Judged {
  failures: Finding[];
  acknowledged: string[];
  dataReads: string[];
}

/** What judging a scan finds, before it is said of one principal. */
interface Verdicts {
  /** Hits that fail the check. */
  bad: CatalogHit[];
  acknowledged: string[];
  dataReads: string[];
}

/**
 * Verdicts per scan result: roles of one level in hundreds of accounts share one scan result
 * (ScanCache), so each distinct result is judged once per check, not once per role.
 */
type VerdictMemo = Map<CatalogResult, Map<string, Verdicts>>;

function memoised(memo: VerdictMemo, r: CatalogResult, key: string, judge: () => Verdicts): Verdicts {
  let byKey = memo.get(r);
  // Stryker disable next-line ConditionalExpression: equivalent, a memo: judging again gives the same verdicts
  if (!byKey) {
    byKey = new Map();
    memo.set(r, byKey);
  }
  let v = byKey.get(key);
  // Stryker disable next-line ConditionalExpression: equivalent, a memo: judging again gives the same verdicts
  if (!v) {
    v = judge();
    byKey.set(key, v);
  }
  return v;
}

/** Actions beyond read for a read-only session; acknowledged ones are listed, not failed. */
function judgeRead(
  p: PrincipalInfo,
  r: CatalogResult,
  level: Level,
  envRoles: Set<string>,
  selfService: string | undefined,
  rule: string,
  memo: VerdictMemo,
): Judged {
  // Stryker disable next-line LogicalOperator,StringLiteral: equivalent, users' keys (the one self-service ARN) stay apart from roles' (none) either way
  const kept = selfService ?? "";
  const v = memoised(memo, r, `read\u0000${level.name}\u0000${kept}`, () => {
    const ack = new Map(level.acknowledge.map((a) => [a.action.toLowerCase(), a.reason]));
    const bad: CatalogHit[] = [];
    const acknowledged: string[] = [];
    const dataReads: string[] = [];
    for (const hit of r.allowed) {
      const lower = hit.action.toLowerCase();
      if (isReadOnly(hit.action)) {
        if (isDataRead(hit.action)) dataReads.push(hit.action);
        continue;
      }
      if (isSanctionedSwitch(hit, envRoles)) continue;
      if (selfService && SELF_SERVICE.has(lower) && hit.via.every((v) => v.policyId.startsWith(selfService)))
        continue;
      if (ack.has(lower)) {
        acknowledged.push(`${hit.action}: ${ack.get(lower)}`);
        if (isDataRead(hit.action)) dataReads.push(hit.action);
        continue;
      }
      bad.push(hit);
    }
    return { bad, acknowledged, dataReads };
  });
  const failures = unknownFindings(p, r, rule);
  for (const hit of v.bad)
    failures.push({
      rule,
      subject: p.arn,
      message: `${p.arn} allows ${hit.action} (${levelText(hit.action)}), which is not read-only and not acknowledged by level '${level.name}'`,
      evidence: viaText(hit),
    });
  return { failures, acknowledged: v.acknowledged, dataReads: v.dataReads };
}

function envRoleSet(index: StateIndex): Set<string> {
  return new Set(
    index.principals.filter((p) => p.role?.Tags?.some((t) => t.Key === "sekisho:level")).map((p) => p.arn),
  );
}

export function checkLanding(
  model: AccessModel,
  index: StateIndex,
  cache: ScanCache,
  clock: Clock,
): CheckResult {
  const level = model.levels.find((l) => l.name === model.identity.landing)!;
  const envRoles = envRoleSet(index);
  const selfService = policyArn(model.identity.accountId, model.options.path, SELF_MANAGE_POLICY_NAME);
  const failures: Finding[] = [];
  const notes: Finding[] = [];
  const sessions: PrincipalInfo[] = [];
  for (const team of model.teams) {
    const p = index.byArn.get(landingRoleArn(model, team.name));
    if (p) sessions.push(p);
    else
      failures.push({
        rule: "landing/missing",
        subject: landingRoleArn(model, team.name),
        message: `landing role of team ${team.name} is missing`,
      });
  }
  for (const u of model.users) {
    const p = index.byArn.get(userArn(model.identity.accountId, u.name));
    if (p) sessions.push(p);
  }
  let actions = 0;
  const memo: VerdictMemo = new Map();
  const exposure = new Set<string>();
  const acks = new Set<string>();
  for (const p of sessions) {
    const r = scanSession(p, model, cache, clock);
    actions = Math.max(actions, r.allowed.length);
    const j = judgeRead(
      p,
      r,
      level,
      envRoles,
      p.kind === "user" ? selfService : undefined,
      "landing/not-read-only",
      memo,
    );
    failures.push(...j.failures);
    for (const a of j.dataReads) exposure.add(a);
    for (const a of j.acknowledged) acks.add(a);
  }
  if (exposure.size) {
    notes.push({
      rule: "landing/data-read",
      subject: `level ${level.name}`,
      message: `landing sessions can read data, not just metadata: ${[...exposure].sort().join(", ")}`,
    });
  }
  if (model.identity.envName) {
    // People land here for the whole sign-in session (not the 1-hour switch) and read it with the
    // landing level, data included, without choosing to switch: say so where the review happens.
    notes.push({
      rule: "landing/identity-is-environment",
      subject: `account ${model.identity.accountId}`,
      message: `the identity account ${model.identity.accountId} is also environment '${model.identity.envName}': every landing session (up to ${formatDuration(model.identity.sessionDuration)}) reads it with level ${level.name}${exposure.size ? ", data reads included" : ""}, without switching; a dedicated identity account with no workloads keeps landing away from data (docs/landing.md)`,
    });
  }
  if (acks.size) {
    notes.push({
      rule: "landing/acknowledged",
      subject: `level ${level.name}`,
      message: `acknowledged beyond read: ${[...acks].sort().join("; ")}`,
    });
  }
  return {
    id: "landing-read-only",
    title: "Landing is read-only",
    passed: failures.length === 0,
    summary: `${sessions.length} landing sessions (${model.teams.length} roles, ${model.users.length} kept users) over the whole catalog: up to ${actions} actions allowed, ${acks.size} acknowledged, ${exposure.size} data reads`,
    failures,
    notes,
  };
}

/** Non-admin levels: no IAM change, no pass-role (so no trust edits, no new roles for services). */
function judgeWrite(
  p: PrincipalInfo,
  r: CatalogResult,
  level: Level,
  access: ResolvedAccess,
  memo: VerdictMemo,
): Finding[] {
  const v = memoised(memo, r, `write\u0000${level.name}`, () => {
    const ack = new Set(level.acknowledge.map((a) => a.action.toLowerCase()));
    const bad: CatalogHit[] = [];
    for (const hit of r.allowed) {
      const lower = hit.action.toLowerCase();
      if (!lower.startsWith("iam:") || SERVICE_LINKED.has(lower) || ack.has(lower)) continue;
      if (isReadOnly(hit.action)) continue;
      bad.push(hit);
    }
    // Stryker disable next-line ArrayDeclaration: equivalent, a write level's verdicts are read for their bad hits only
    return { bad, acknowledged: [], dataReads: [] };
  });
  const out = unknownFindings(p, r, "levels/undecided");
  for (const hit of v.bad) {
    const lower = hit.action.toLowerCase();
    out.push({
      rule: lower === "iam:passrole" ? "levels/pass-role" : "levels/iam-change",
      subject: p.arn,
      message: `${p.arn} (level '${level.name}', access ${access.access}${access.declared ? "" : ", inferred"}) allows ${hit.action}: ${lower === "iam:passrole" ? "it may pass a role to a service" : "it may change IAM"}${access.declared ? "" : "; declare access: admin if that is meant"}`,
      evidence: viaText(hit),
    });
  }
  return out;
}

export function checkLevels(
  model: AccessModel,
  index: StateIndex,
  cache: ScanCache,
  clock: Clock,
  accessMap: LevelAccessMap,
): CheckResult {
  const failures: Finding[] = [];
  const notes: Finding[] = [];
  const envRoles = envRoleSet(index);
  const memo: VerdictMemo = new Map();
  let roles = 0;
  for (const p of index.principals) {
    const levelName = p.role?.Tags?.find((t) => t.Key === "sekisho:level")?.Value;
    const level = model.levels.find((l) => l.name === levelName);
    if (!level) continue;
    roles++;
    const access = accessMap.get(level.name)!;
    if (access.access === "admin") continue;
    const r = scanSession(p, model, cache, clock);
    if (access.access === "read") {
      const j = judgeRead(p, r, level, envRoles, undefined, "levels/not-read-only", memo);
      failures.push(...j.failures);
    } else {
      failures.push(...judgeWrite(p, r, level, access, memo));
    }
  }
  for (const level of model.levels) {
    const access = accessMap.get(level.name)!;
    notes.push({
      rule: "levels/access",
      subject: `level ${level.name}`,
      message: `${level.name}: access ${access.access}${access.declared ? "" : ` (${access.why})`}`,
    });
  }
  return {
    id: "levels",
    title: "Levels mean what they say",
    passed: failures.length === 0,
    summary: `${roles} environment roles: read levels allow no write, write levels no IAM change or pass-role`,
    failures,
    notes,
  };
}
