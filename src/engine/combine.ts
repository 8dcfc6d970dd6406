// How the layers combine into an allow (IAM User Guide, "Policy evaluation logic",
// "How AWS enforcement code logic evaluates requests", "Cross-account policy
// evaluation logic"). Shared by the concrete and the catalog mode so they cannot drift.

import type { PrincipalShape } from "./context.js";
import type { NamedAs } from "./principal.js";
import { and3, or3, type Tri } from "./tri.js";

/**
 * How far a resource-policy allow reaches, given how it named the requester:
 * free: names the user, the session, a federated provider or service directly, so no
 *   implicit deny elsewhere limits it (same account);
 * limited: names the role (or the user behind a federated session), so permissions
 *   boundary and session policies still limit it;
 * wild: "*" or NotPrincipal for a session: AWS does not say whether that counts as
 *   naming the session, so it is free only when the boundary and session allow anyway;
 * account: names the account, which delegates to the identity policies.
 */
export type Reach = "free" | "limited" | "wild" | "account";

export function reachOf(as: NamedAs, shape: PrincipalShape): Reach {
  if (as === "account") return "account";
  if (as === "session") return "free";
  const session = shape === "role-session" || shape === "federated-user" || shape === "role";
  if (as === "any") return session ? "wild" : "free";
  return session ? "limited" : "free";
}

export interface LayerTris {
  identity: Tri;
  /** Undefined: no permissions boundary. */
  boundary?: Tri;
  /** Undefined: no session policy. */
  session?: Tri;
  /** AND over SCP levels; T when there are none. */
  scp: Tri;
  resource: Record<Reach, Tri>;
  sameAccount: boolean;
  /** The resource policy must allow whatever the identity says (trust and key policies). */
  mandatory: boolean;
  /** Service principals and identity providers have no identity-side policies. */
  external: boolean;
}

export interface Paths {
  identityPath: Tri;
  direct: Tri;
  resourceAny: Tri;
  allow: Tri;
}

export function combine(t: LayerTris): Paths {
  const bs = and3(t.boundary ?? "T", t.session ?? "T");
  const identityPath = and3(t.identity, bs);
  const r = t.resource;
  const direct = or3(r.free, or3(and3(r.limited, bs), and3(r.wild, or3(bs, "U"))));
  const resourceAny = or3(or3(r.free, r.limited), or3(r.wild, r.account));
  let allow: Tri;
  if (t.external) allow = or3(identityPath, or3(or3(r.free, r.limited), r.wild));
  else if (!t.sameAccount) allow = and3(identityPath, resourceAny);
  else if (t.mandatory) allow = or3(direct, and3(r.account, identityPath));
  else allow = or3(identityPath, direct);
  return { identityPath, direct, resourceAny, allow: and3(t.scp, allow) };
}
