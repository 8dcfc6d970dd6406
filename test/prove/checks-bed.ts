// The example's compiled state with one change, and checks 2 and 3 run on it alone: shared by
// access-checks.test.ts (landing sessions) and levels-check.test.ts (levels).
import { ScanCache } from "../../src/engine/scan-cache.js";
import type { AccessModel } from "../../src/model/types.js";
import { checkLanding, checkLevels } from "../../src/prove/access-checks.js";
import { resolveLevelAccess } from "../../src/prove/level-access.js";
import type { CheckResult } from "../../src/prove/types.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState, RoleDetail } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import { exampleModel, exampleState } from "../helpers.js";

export const clock = { now: "2026-11-28T00:00:00Z" };
export const SRE = "arn:aws:iam::111111111111:role/sekisho/landing-sre";
export const USER = "arn:aws:iam::111111111111:user/ci-deployer";
export const DEV_STG = "arn:aws:iam::222222222222:role/sekisho/developer";
export const RO_PROD = "arn:aws:iam::333333333333:role/sekisho/readonly";

export function changed(f: (state: OrgState, find: (arn: string) => RoleDetail) => void): OrgState {
  const state: OrgState = structuredClone(exampleState());
  const find = (arn: string) => {
    for (const a of state.accounts) {
      const r = a.authorizationDetails.RoleDetailList.find((x) => x.Arn === arn);
      if (r) return r;
    }
    throw new Error(arn);
  };
  f(state, find);
  return state;
}

export function landing(state: OrgState, m: AccessModel = exampleModel()): CheckResult {
  return checkLanding(m, indexState(state), new ScanCache(), clock);
}

export function levels(state: OrgState, m: AccessModel = exampleModel()): CheckResult {
  const cache = new ScanCache();
  return checkLevels(m, indexState(state), cache, clock, resolveLevelAccess(m, cache, clock));
}

export const lines = (c: CheckResult) => c.failures.map((f) => `${f.rule} ${f.subject} | ${f.message}`);

export const extra = (r: RoleDetail, statements: Statement[]) =>
  r.RolePolicyList.push({
    PolicyName: "extra",
    PolicyDocument: { Version: "2012-10-17", Statement: statements },
  });
