// What a level is meant to allow (read, write or admin): as the model declares it with `access:`,
// else decided by the engine on the level's own policies — never from a name. A level named
// "admin-tools" holding ReadOnlyAccess is read; one named "viewer" holding AdministratorAccess is
// admin. When the scan cannot decide (a policy without a document, an undecided statement), the
// level is never inferred admin: admin covers everything in its account in the escalation check,
// so the guess that can hide nothing is the one that holds the level to more checks.
import { awsManagedPolicyByArn } from "../data/managed-policies.js";
import { loadCatalog } from "../engine/catalog.js";
import type { ScanCache } from "../engine/scan-cache.js";
import type { PolicyRef, PolicySet } from "../engine/types.js";
import type { AccessModel, Level, LevelAccess } from "../model/types.js";
import { type Clock, roleSession } from "../sessions/contexts.js";
import { isReadOnly } from "./classify.js";

export interface ResolvedAccess {
  level: string;
  access: LevelAccess;
  /** True when the model says `access:`; false when inferred from the policies. */
  declared: boolean;
  /** Why, in one sentence. */
  why: string;
}

export type LevelAccessMap = ReadonlyMap<string, ResolvedAccess>;

/** The level's own policies as the model declares them: AWS managed documents, inline, boundary. */
function levelPolicies(level: Level): { set: PolicySet; unknown: string[] } {
  const unknown: string[] = [];
  const identity: PolicyRef[] = [];
  for (const arn of level.managed) {
    const entry = awsManagedPolicyByArn(arn);
    if (entry)
      // Stryker disable next-line StringLiteral: equivalent, the scan keeps no evidence here, and AWS's managed documents have no undecided statement an id would tell apart
      identity.push({ id: `${arn}@level:${level.name}`, kind: "identity", document: entry.document });
    else unknown.push(arn);
  }
  for (const p of level.inline)
    identity.push({
      id: `level:${level.name}#inline:${p.name}`,
      // Stryker disable next-line StringLiteral: equivalent, the engine reads a policy's kind from its place in the PolicySet
      kind: "identity",
      document: p.document,
    });
  let boundary: PolicyRef | undefined;
  if (level.boundary) {
    const entry = awsManagedPolicyByArn(level.boundary);
    // Stryker disable next-line StringLiteral: equivalent, one boundary, whose id and kind the scan does not read
    if (entry) boundary = { id: `${level.boundary}#boundary`, kind: "boundary", document: entry.document };
    else unknown.push(level.boundary);
  }
  return { set: { identity, ...(boundary ? { boundary } : {}) }, unknown };
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

function infer(model: AccessModel, level: Level, cache: ScanCache, clock: Clock): ResolvedAccess {
  const { set, unknown } = levelPolicies(level);
  // A session of the level's role in the identity account: the policies tell no principal apart.
  const { principal, context } = roleSession({
    roleArn: `arn:aws:iam::${model.identity.accountId}:role${model.options.path}${level.name}`,
    // Stryker disable next-line StringLiteral: equivalent, a placeholder id no level policy can name
    roleId: "AROALEVELSCAN",
    account: model.identity.accountId,
    // Stryker disable next-line StringLiteral: equivalent, a placeholder session name no level policy can name
    sessionName: "analysis@sekisho",
    clock,
  });
  const scan = cache.scan(set, principal, context);
  const sure = unknown.length === 0 && scan.uncertain.length === 0;
  // Every action on some resource: admin, even where a hit is not certain for every resource
  // (AWS-owned resources such as KMS aliases under alias/aws/ refuse writes whatever the policy).
  if (sure && scan.allowed.length >= loadCatalog().length)
    return {
      level: level.name,
      access: "admin",
      declared: false,
      why: "inferred from its policies: they allow every action of the catalog",
    };
  const ack = new Set(level.acknowledge.map((a) => a.action.toLowerCase()));
  const beyond = scan.allowed.filter((h) => !isReadOnly(h.action) && !ack.has(h.action.toLowerCase()));
  if (sure && beyond.length === 0)
    return {
      level: level.name,
      access: "read",
      declared: false,
      why: `inferred from its policies: they allow only reads (${plural(scan.allowed.length, "action")}${ack.size ? `, ${ack.size} acknowledged` : ""})`,
    };
  const doubt = [
    ...unknown.map((arn) => `${arn} has no document`),
    ...(scan.uncertain.length ? [`${plural(scan.uncertain.length, "statement")} undecided`] : []),
  ];
  return {
    level: level.name,
    access: "write",
    declared: false,
    why: `inferred from its policies: ${
      beyond.length
        ? `they allow ${plural(beyond.length, "action")} beyond reads (e.g. ${beyond
            .slice(0, 3)
            .map((h) => h.action)
            .join(", ")})`
        : "they cannot be shown to allow only reads"
    }${doubt.length ? `; ${doubt.join(", ")}, so never admin` : ""}; declare access: to hold it to another`,
  };
}

export function resolveLevelAccess(model: AccessModel, cache: ScanCache, clock: Clock): LevelAccessMap {
  const out = new Map<string, ResolvedAccess>();
  for (const level of model.levels) {
    if (level.access)
      out.set(level.name, { level: level.name, access: level.access, declared: true, why: "declared" });
    else if (level.name === model.identity.landing)
      out.set(level.name, {
        level: level.name,
        access: "read",
        declared: false,
        why: "the landing level: everyone lands read-only",
      });
    else out.set(level.name, infer(model, level, cache, clock));
  }
  return out;
}

/** The access of a level of the map; a level it does not know is held to read (the strictest). */
export function accessOf(map: LevelAccessMap, level: string): LevelAccess {
  return map.get(level)?.access ?? "read";
}
