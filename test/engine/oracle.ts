// Test-only wrapper around @cloud-copilot/iam-simulate (AGPL-3.0: never import it
// from src/). It is our independent evaluator in the differential tests and bench.
import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { derivedContext } from "../../src/engine/context.js";
import type { PolicySet, Request, Verdict } from "../../src/engine/types.js";

export interface OracleResult {
  verdict?: Verdict;
  /** Context keys iam-simulate dropped because they do not apply to the action. */
  ignored: string[];
  error?: string;
}

const VERDICT: Record<string, Verdict> = {
  Allowed: "Allow",
  ExplicitlyDenied: "ExplicitDeny",
  ImplicitlyDenied: "ImplicitDeny",
};

/** What iam-simulate calls the principal: the session ARN for role and federated sessions. */
export function oraclePrincipal(request: Request): string {
  return request.principal.sessionArn ?? request.principal.arn;
}

/** iam-simulate does not derive principal keys: give it the same ones our engine derives. */
export function oracleContext(request: Request): Record<string, string | string[]> {
  return { ...derivedContext(request.principal), ...request.context };
}

export async function oracle(
  request: Request,
  policies: PolicySet,
  resourceAccount: string,
): Promise<OracleResult> {
  const simulation: Simulation = {
    request: {
      principal: oraclePrincipal(request),
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccount },
      contextVariables: oracleContext(request),
    },
    identityPolicies: policies.identity.map((p, i) => ({ name: `identity${i}`, policy: p.document })),
    serviceControlPolicies: (policies.scps ?? []).map((level, i) => ({
      orgIdentifier: `level${i}`,
      policies: level.map((p, j) => ({ name: `scp${i}-${j}`, policy: p.document })),
    })),
    resourceControlPolicies: [],
  };
  if (policies.resource) simulation.resourcePolicy = policies.resource.document;
  if (policies.boundary)
    simulation.permissionBoundaryPolicies = [{ name: "boundary", policy: policies.boundary.document }];
  if (policies.session?.[0]) simulation.sessionPolicy = policies.session[0].document;
  const r = await runSimulation(simulation, {});
  if (r.resultType === "error") return { ignored: [], error: JSON.stringify(r.errors) };
  const ignored = r.resultType === "single" ? (r.result.ignoredContextKeys ?? []) : [];
  const verdict = VERDICT[r.overallResult];
  return verdict ? { verdict, ignored } : { ignored, error: `unexpected result ${r.overallResult}` };
}
