// Each side of a switch must hold by itself. The design puts every restriction on both sides:
// a kept user's MFA in the environment role's trust (Bool aws:MultiFactorAuthPresent) and in the
// user's own policy (deny everything without MFA); a grant's end date in the trust and in the
// landing role's switch policy. The matrix sees only the two together, so dropping one side
// leaves it exact while the design hangs on a single policy (someone who can edit that one
// policy, or a second trust statement, undoes the restriction). So: with the other side made
// permissive, each side alone must refuse a kept user without MFA, and a switch after its grant
// ends.
import { expiryInstant } from "../compile/time.js";
import type { PolicyRef } from "../engine/types.js";
import { envRoleName, landingRoleArn, roleArn, userArn } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import type { PrincipalInfo, StateIndex } from "../sessions/principals.js";
import { expected, switchEvidence } from "./matrix.js";
import { assume, type SwitchResult } from "./switch.js";
import type { Finding } from "./types.js";

const ANY_IDENTITY: PolicyRef = {
  id: "stand-in: an identity policy allowing everything",
  // Stryker disable next-line StringLiteral: equivalent, the engine reads a policy's kind from its place in the PolicySet
  kind: "identity",
  document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
};
const ANY_TRUST: PolicyRef = {
  id: "stand-in: a trust allowing everyone",
  // Stryker disable next-line StringLiteral: equivalent, the engine reads a policy's kind from its place in the PolicySet
  kind: "resource",
  document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "*" }] },
};

type Side = "trust" | "identity";

type Auth = "mfa" | "console" | "keys";

/** The switch judged by one side only: the other side replaced by a permissive stand-in. */
function alone(
  side: Side,
  from: PrincipalInfo,
  to: PrincipalInfo,
  o: { sessionName: string; sourceIdentity?: string; userAuth: Auth; now: string },
): SwitchResult {
  const { boundary: _boundary, ...unbounded } = from;
  const f: PrincipalInfo = side === "trust" ? { ...unbounded, identity: [ANY_IDENTITY] } : from;
  const t: PrincipalInfo = side === "identity" ? { ...to, trust: ANY_TRUST } : to;
  return assume(f, t, {
    sessionName: o.sessionName,
    ...(o.sourceIdentity ? { sourceIdentity: o.sourceIdentity } : {}),
    userAuth: o.userAuth,
    clock: { now: o.now },
  });
}

const SIDE_TEXT: Record<Side, string> = {
  trust: "the environment role's trust alone",
  identity: "the caller's own policies alone",
};

export function checkLayers(model: AccessModel, index: StateIndex, now: string): Finding[] {
  const out: Finding[] = [];
  const judge = (
    from: PrincipalInfo,
    to: PrincipalInfo,
    o: { sessionName: string; sourceIdentity?: string; userAuth: Auth; now: string },
    what: string,
  ) => {
    for (const side of ["trust", "identity"] as const) {
      const r = alone(side, from, to, o);
      if (!r.allowed && !r.uncertain) continue;
      out.push({
        rule: "matrix/one-side",
        subject: to.arn,
        message: `${SIDE_TEXT[side]} ${r.uncertain ? "may let" : "lets"} ${what}: each side must refuse it by itself (the design puts the restriction on both)`,
        evidence: switchEvidence(r, `${side} alone:`),
      });
    }
  };
  const targetOf = (env: string, level: string) => {
    const e = model.environments.find((x) => x.name === env)!;
    return index.byArn.get(roleArn(e.accountId, model.options.path, envRoleName(level)));
  };

  // Kept users without MFA, on every role they are granted today.
  for (const u of model.users) {
    const from = index.byArn.get(userArn(model.identity.accountId, u.name));
    if (!from) continue;
    const targets = new Set<PrincipalInfo>();
    // Stryker disable next-line MethodExpression: equivalent, both sides refuse a role the user is not granted (else the matrix says so)
    for (const t of model.teams.filter((x) => u.teams.includes(x.name)))
      for (const g of t.grants) {
        const to = targetOf(g.env, g.level);
        if (to) targets.add(to);
      }
    for (const to of targets)
      for (const auth of ["console", "keys"] as const)
        judge(
          from,
          to,
          { sessionName: u.name, userAuth: auth, now },
          `IAM user ${u.name} switch to ${to.arn} without MFA (${auth === "console" ? "console" : "access keys"})`,
        );
  }

  // Every grant that ends, at the first instant after it ends, unless another grant still holds.
  for (const team of model.teams) {
    const members = [
      ...model.people.filter((p) => p.teams.includes(team.name)).map((p) => ({ person: true, id: p.email })),
      // Stryker disable next-line MethodExpression: equivalent, both sides refuse a user outside the team (else the matrix says so)
      ...model.users.filter((x) => x.teams.includes(team.name)).map((x) => ({ person: false, id: x.name })),
    ];
    for (const g of team.grants) {
      if (!g.until) continue;
      const t = expiryInstant(g.until);
      if (t < now) continue;
      const to = targetOf(g.env, g.level);
      if (!to) continue;
      const landing = index.byArn.get(landingRoleArn(model, team.name));
      const person = members.find((m) => m.person);
      if (landing && !expected(model, [team.name], g.env, g.level, t)) {
        const id = person?.id ?? "analysis@sekisho";
        judge(
          landing,
          to,
          {
            sessionName: id,
            ...(model.options.sourceIdentity ? { sourceIdentity: id } : {}),
            // Stryker disable next-line StringLiteral: equivalent, a role session has no user sign-in
            userAuth: "mfa",
            now: t,
          },
          `team ${team.name}'s landing role switch to ${to.arn} at ${t}, after the grant ended on ${g.until}`,
        );
      }
      for (const m of members.filter((x) => !x.person)) {
        const user = model.users.find((x) => x.name === m.id)!;
        const from = index.byArn.get(userArn(model.identity.accountId, user.name));
        if (!from || expected(model, user.teams, g.env, g.level, t)) continue;
        judge(
          from,
          to,
          { sessionName: user.name, userAuth: "mfa", now: t },
          `IAM user ${user.name} switch to ${to.arn} at ${t}, after the grant ended on ${g.until}`,
        );
      }
    }
  }
  return out;
}
