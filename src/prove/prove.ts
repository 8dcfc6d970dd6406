// prove: the checks of DESIGN.md (and "kept users need MFA") on a compiled OrgState. Pure: the clock comes in.

import { ScanCache } from "../engine/scan-cache.js";
import type { AccessModel } from "../model/types.js";
import { indexState } from "../sessions/principals.js";
import type { OrgState } from "../state/org-state.js";
import { checkLanding, checkLevels } from "./access-checks.js";
import { checkEscalation } from "./escalation.js";
import { checkHygiene } from "./hygiene.js";
import { checkKeptUsers } from "./kept-users.js";
import { checkLayers } from "./layers.js";
import { resolveLevelAccess } from "./level-access.js";
import { checkMatrix } from "./matrix.js";
import type { CheckResult, Proof } from "./types.js";
import { checkWildcardArns } from "./wildcard-arns.js";
import { checkWorkloadTrusts } from "./workload-trust.js";

export function prove(model: AccessModel, state: OrgState, now: string): Proof {
  const index = indexState(state);
  const cache = new ScanCache();
  const clock = { now };
  const access = resolveLevelAccess(model, cache, clock);
  const matrix = checkMatrix(model, index, now);
  const escalation = checkEscalation(model, index, cache, clock, access);
  const oneSided = checkLayers(model, index, now);
  const checks = [
    oneSided.length
      ? { ...matrix.check, passed: false, failures: [...matrix.check.failures, ...oneSided] }
      : matrix.check,
    checkKeptUsers(model, index, cache, clock),
    checkLanding(model, index, cache, clock),
    checkLevels(model, index, cache, clock, access),
    escalation,
    designHygiene(index, model),
  ];
  return {
    passed: checks.every((c) => c.passed),
    evaluatedAt: now,
    checks,
    matrix: matrix.classes,
    levels: [...access.values()],
  };
}

/** Hygiene of a design: the rules audit shares, plus exact ARNs (a design never names a wildcard). */
function designHygiene(index: ReturnType<typeof indexState>, model: AccessModel): CheckResult {
  const check = checkHygiene(index, (level) => model.levels.find((l) => l.name === level)?.maxSession);
  const extra = [...checkWildcardArns(index), ...checkWorkloadTrusts(model, index)];
  const summary = model.workloads.length
    ? `${check.summary}; OIDC trusts pin aud and sub to the model's values`
    : check.summary;
  if (extra.length === 0) return { ...check, summary };
  return { ...check, summary, passed: false, failures: [...check.failures, ...extra] };
}
