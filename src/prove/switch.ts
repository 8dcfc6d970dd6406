// The path a person takes, evaluated on the compiled policies: SAML sign-in into a landing
// role, then sts:AssumeRole into an environment role. Also the IAM-user path.
import { evaluate } from "../engine/evaluate.js";
import type { Context, Decision, PolicySet, Principal } from "../engine/types.js";
import {
  type Clock,
  principalRequest,
  type SamlSignInInput,
  samlSignIn,
  type WebIdentitySignInInput,
  webIdentitySignIn,
} from "../sessions/contexts.js";
import { identityPolicies, type PrincipalInfo } from "../sessions/principals.js";
import { ALWAYS_PRESENT } from "./request-keys.js";

export interface Step {
  action: string;
  decision: Decision;
  principal: Principal;
  context: Context;
}

export interface SwitchResult {
  allowed: boolean;
  /** Every step evaluated, in order; the first not allowed explains a refusal. */
  steps: Step[];
  uncertain: boolean;
}

function ask(
  principal: Principal,
  context: Context,
  action: string,
  resource: string,
  policies: PolicySet,
): Step {
  return {
    action,
    principal,
    context,
    // The STS call's region, source IP and user agent are the caller's: a trust or switch
    // policy that reads them is undecided here, never judged as if the key were absent.
    decision: evaluate({ principal, action, resource, context, unknownKeys: ALWAYS_PRESENT }, policies),
  };
}

function result(steps: Step[]): SwitchResult {
  return {
    // The engine never says Allow when undecided.
    allowed: steps.every((s) => s.decision.verdict === "Allow"),
    steps,
    // Whether the switch is possible at all is open: a check built on it must fail closed.
    uncertain: steps.some((s) => !s.decision.accessCertain),
  };
}

/** SAML sign-in: the landing role's trust must allow AssumeRoleWithSAML (and SetSourceIdentity when sent). */
export function signIn(landing: PrincipalInfo, input: SamlSignInInput): SwitchResult {
  const { principal, context } = samlSignIn(input);
  const policies: PolicySet = { identity: [], ...(landing.trust ? { resource: landing.trust } : {}) };
  const steps = [ask(principal, context, "sts:AssumeRoleWithSAML", landing.arn, policies)];
  if (input.sourceIdentity)
    steps.push(ask(principal, context, "sts:SetSourceIdentity", landing.arn, policies));
  return result(steps);
}

/** A workload's OIDC token exchanged for a role: the role's trust must allow AssumeRoleWithWebIdentity. */
export function tokenSignIn(role: PrincipalInfo, input: WebIdentitySignInInput): SwitchResult {
  const { principal, context } = webIdentitySignIn(input);
  const policies: PolicySet = { identity: [], ...(role.trust ? { resource: role.trust } : {}) };
  return result([ask(principal, context, "sts:AssumeRoleWithWebIdentity", role.arn, policies)]);
}

type SessionInput = {
  sessionName: string;
  sourceIdentity?: string;
  userAuth?: "mfa" | "console" | "keys";
  clock: Clock;
};

// One session's request, built once and frozen: the engine then normalises its context once
// for every role it is evaluated against (prove asks thousands per landing role).
const sessions = new WeakMap<PrincipalInfo, Map<string, { principal: Principal; context: Context }>>();

function sessionOf(from: PrincipalInfo, input: SessionInput): { principal: Principal; context: Context } {
  let byInput = sessions.get(from);
  // Stryker disable next-line ConditionalExpression: equivalent, a cache: a new map gives the same request
  if (!byInput) {
    byInput = new Map();
    sessions.set(from, byInput);
  }
  const key = JSON.stringify([input.sessionName, input.sourceIdentity, input.userAuth, input.clock.now]);
  let s = byInput.get(key);
  // Stryker disable next-line ConditionalExpression: equivalent, a cache: building it again gives the same request
  if (!s) {
    const { principal, context } = principalRequest(from, input);
    s = { principal: Object.freeze(principal), context: Object.freeze(context) };
    byInput.set(key, s);
  }
  return s;
}

/** A session of `from` (a role session, or an IAM user) calls sts:AssumeRole on `to`. */
export function assume(from: PrincipalInfo, to: PrincipalInfo, input: SessionInput): SwitchResult {
  const { principal, context } = sessionOf(from, input);
  const policies: PolicySet = { ...identityPolicies(from), ...(to.trust ? { resource: to.trust } : {}) };
  const steps = [ask(principal, context, "sts:AssumeRole", to.arn, policies)];
  // A session with a source identity passes it on: both sides must allow SetSourceIdentity (reference §4).
  if (input.sourceIdentity && from.kind === "role")
    steps.push(ask(principal, context, "sts:SetSourceIdentity", to.arn, policies));
  return result(steps);
}
