// Concrete mode: is this one request allowed, and by which statements?

import { serviceOf } from "./action.js";
import { refusedByAws } from "./aws-owned.js";
import { combine, type LayerTris, type Reach, reachOf } from "./combine.js";
import { concreteLookup, principalShape } from "./context.js";
import { decisiveAllows, missingLayers, nonEmpty } from "./decision.js";
import { EMPTY_LAYER, evaluatePolicies, type Hit, uncertainties } from "./layers.js";
import { alwaysAllowed, mandatoryPolicy, resourceAccountOf } from "./rules.js";
import type { RequestView } from "./statement.js";
import { and3, or3, type Tri } from "./tri.js";
import type { Decision, PolicySet, Request, Uncertainty } from "./types.js";

export function evaluate(request: Request, policies: PolicySet): Decision {
  const decision = evaluatePolicySet(request, policies);
  const owned = refusedByAws(request);
  if (!owned || (decision.verdict === "ExplicitDeny" && decision.accessCertain)) return decision;
  // AWS refuses it whatever the policies say: denied for sure. Only an undecided Deny leaves
  // the kind of deny open (then the policies' verdict was a deny, certain or not).
  const denyOpen =
    decision.verdict === "ExplicitDeny" || (decision.accessCertain && decision.verdict !== "Allow");
  return {
    verdict: "ImplicitDeny",
    decisive: [],
    missing: [],
    uncertain: denyOpen ? decision.uncertain : [],
    accessCertain: true,
    refusedBy: `${owned.name}: ${owned.text}`,
  };
}

function evaluatePolicySet(request: Request, policies: PolicySet): Decision {
  if (alwaysAllowed(request.action))
    return { verdict: "Allow", decisive: [], missing: [], uncertain: [], accessCertain: true };
  const service = serviceOf(request.action);
  const principal = request.principal;
  const shape = principalShape(principal);
  const view: RequestView = {
    action: request.action,
    service,
    resource: request.resource,
    principal,
    lookup: concreteLookup(request.context, principal, request.unknownKeys),
    hasBoundary: policies.boundary !== undefined,
  };

  const identity = evaluatePolicies(policies.identity, "identity", view);
  const boundary = policies.boundary ? evaluatePolicies([policies.boundary], "identity", view) : undefined;
  const session =
    policies.session && policies.session.length > 0
      ? evaluatePolicies(policies.session, "identity", view)
      : undefined;
  const scpLevels = (policies.scps ?? []).map((level) => evaluatePolicies(level, "identity", view));
  const resource = policies.resource ? evaluatePolicies([policies.resource], "resource", view) : EMPTY_LAYER;

  // The root user has every permission its account's SCPs leave it ("By default, all
  // requests are implicitly denied with the exception of the AWS account root user").
  const identityAllow: Tri = shape === "root" ? "T" : identity.allow;
  const reachHits: Record<Reach, Hit[]> = { free: [], limited: [], wild: [], account: [] };
  for (const h of resource.allows) reachHits[reachOf(h.as ?? "any", shape)].push(h);
  const reachTri = (r: Reach): Tri => reachHits[r].reduce<Tri>((acc, h) => or3(acc, h.tri), "F");

  const mandatory = mandatoryPolicy(service, request.resource);
  const missingPolicy = mandatory !== undefined && !policies.resource;
  const resourceTris: Record<Reach, Tri> = missingPolicy
    ? { free: "U", limited: "U", wild: "U", account: "U" }
    : {
        free: reachTri("free"),
        limited: reachTri("limited"),
        wild: reachTri("wild"),
        account: reachTri("account"),
      };

  // Several session policies: AWS does not say whether they unite or intersect; we
  // unite them and stay undecided when they disagree.
  let sessionTri = session?.allow;
  const sessionSplit =
    session !== undefined &&
    policies.session !== undefined &&
    policies.session.length > 1 &&
    sessionTri === "T" &&
    policies.session.some((p) => evaluatePolicies([p], "identity", view).allow !== "T");
  if (sessionSplit) sessionTri = "U";

  const tris: LayerTris = {
    identity: identityAllow,
    scp: scpLevels.reduce<Tri>((acc, l) => and3(acc, l.allow), "T"),
    resource: resourceTris,
    sameAccount: resourceAccountOf(request) === principal.account,
    mandatory: mandatory !== undefined,
    external: shape === "other",
  };
  if (boundary) tris.boundary = boundary.allow;
  if (sessionTri !== undefined) tris.session = sessionTri;
  const paths = combine(tris);

  const layers = [
    identity,
    resource,
    ...(boundary ? [boundary] : []),
    ...(session ? [session] : []),
    ...scpLevels,
  ];
  const denies = layers.flatMap((l) => l.denies);
  const deny = denies.reduce<Tri>((acc, h) => or3(acc, h.tri), "F");

  if (deny === "T")
    return {
      verdict: "ExplicitDeny",
      decisive: denies.filter((h) => h.tri === "T").map((h) => h.ref),
      missing: [],
      uncertain: [],
      accessCertain: true,
    };

  const allowHits = layers.flatMap((l) => l.allows);
  const extra: Uncertainty[] = [];
  if (missingPolicy)
    extra.push({
      policyId: request.resource,
      index: -1,
      reason: `the ${mandatory === "trust" ? "role trust" : "KMS key"} policy was not supplied; it must allow this request`,
    });
  if (sessionSplit)
    extra.push({
      policyId: "session",
      index: -1,
      reason: "session policies disagree; AWS does not document how several combine",
    });
  if (resourceTris.wild !== "F" && and3(tris.boundary ?? "T", tris.session ?? "T") !== "T")
    for (const h of reachHits.wild)
      extra.push({
        policyId: h.ref.policyId,
        index: h.ref.index,
        reason:
          "the resource policy names the session only through * or NotPrincipal; AWS does not say whether the permissions boundary or session policy still limits such a grant",
      });

  const maybeDenies = denies.filter((h) => h.tri === "U");
  if (deny === "F") {
    if (paths.allow === "T")
      return {
        verdict: "Allow",
        decisive: decisiveAllows(tris, paths, { identity, boundary, session, scpLevels, reachHits }),
        missing: [],
        uncertain: [],
        accessCertain: true,
      };
    if (paths.allow === "F")
      return {
        verdict: "ImplicitDeny",
        decisive: [],
        missing: missingLayers(tris, paths),
        uncertain: [],
        accessCertain: true,
      };
    return {
      verdict: "ImplicitDeny",
      decisive: [],
      missing: missingLayers(tris, paths),
      uncertain: nonEmpty([...extra, ...uncertainties(allowHits)]),
      accessCertain: false,
    };
  }
  // An undecided Deny: if nothing allows, the request is denied either way and only
  // the kind of deny is open; otherwise report the fail-closed verdict.
  if (paths.allow === "F")
    return {
      verdict: "ImplicitDeny",
      decisive: [],
      missing: missingLayers(tris, paths),
      uncertain: nonEmpty(uncertainties(maybeDenies)),
      accessCertain: true,
    };
  return {
    verdict: "ExplicitDeny",
    decisive: maybeDenies.map((h) => h.ref),
    missing: [],
    uncertain: nonEmpty([
      ...uncertainties(maybeDenies),
      ...(paths.allow === "U" ? [...extra, ...uncertainties(allowHits)] : []),
    ]),
    accessCertain: false,
  };
}
