// Request contexts as AWS builds them for the sessions of the operating model: SAML sign-in,
// a role session switching on (role chaining), and IAM users with and without MFA.
// IAM User Guide: "AWS global condition context keys", "Passing session tags",
// "Monitor and control actions taken with assumed roles" (source identity).
import type { Context, Principal } from "../engine/types.js";
import type { PrincipalInfo } from "./principals.js";

export interface Clock {
  /** ISO 8601 instant, e.g. 2026-11-28T12:00:00Z. */
  now: string;
}

function time(clock: Clock): Record<string, string> {
  return {
    "aws:CurrentTime": clock.now,
    "aws:EpochTime": String(Math.floor(Date.parse(clock.now) / 1000)),
    "aws:SecureTransport": "true",
    "aws:ViaAWSService": "false",
  };
}

/** AssumeRoleWithSAML into a landing role: the caller is the SAML provider. */
export interface SamlSignInInput {
  providerArn: string;
  account: string;
  audience: string;
  email: string;
  sourceIdentity: boolean;
  clock: Clock;
}

export function samlSignIn(input: SamlSignInInput): { principal: Principal; context: Context } {
  const providerName = input.providerArn.slice(input.providerArn.lastIndexOf("/") + 1);
  const context: Record<string, string> = {
    ...time(input.clock),
    "saml:aud": input.audience,
    "saml:sub": input.email,
    "saml:sub_type": "persistent",
    "saml:doc": `${input.account}/${providerName}`,
    "aws:FederatedProvider": input.providerArn,
  };
  if (input.sourceIdentity) context["sts:SourceIdentity"] = input.email;
  return { principal: { arn: input.providerArn, account: input.account }, context };
}

/**
 * AssumeRoleWithWebIdentity with a CI system's OIDC token: the caller is the IAM OIDC provider,
 * and the token's claims are keys prefixed with the provider's host/path (IAM User Guide,
 * "Available keys for AWS OIDC federation").
 */
export interface WebIdentitySignInInput {
  providerArn: string;
  account: string;
  /** The provider URL without https://: the prefix of the claim keys. */
  host: string;
  audience: string;
  subject: string;
  clock: Clock;
}

export function webIdentitySignIn(input: WebIdentitySignInInput): { principal: Principal; context: Context } {
  const context: Record<string, string> = {
    ...time(input.clock),
    [`${input.host}:aud`]: input.audience,
    [`${input.host}:sub`]: input.subject,
    "aws:FederatedProvider": input.providerArn,
  };
  return { principal: { arn: input.providerArn, account: input.account }, context };
}

/** A role session (landing or environment role) calling AWS, e.g. sts:AssumeRole on the next role. */
export function roleSession(input: {
  roleArn: string;
  roleId: string;
  account: string;
  sessionName: string;
  sourceIdentity?: string;
  clock: Clock;
}): { principal: Principal; context: Context } {
  const roleName = input.roleArn.slice(input.roleArn.lastIndexOf("/") + 1);
  const context: Record<string, string> = {
    ...time(input.clock),
    "aws:userid": `${input.roleId}:${input.sessionName}`,
    "aws:TokenIssueTime": input.clock.now,
  };
  // Source identity is sticky: every later session carries it and every AssumeRole passes it on.
  if (input.sourceIdentity) {
    context["aws:SourceIdentity"] = input.sourceIdentity;
    context["sts:SourceIdentity"] = input.sourceIdentity;
  }
  return {
    principal: {
      arn: input.roleArn,
      sessionArn: `arn:aws:sts::${input.account}:assumed-role/${roleName}/${input.sessionName}`,
      account: input.account,
    },
    context,
  };
}

/**
 * An IAM user. "mfa": signed in with MFA (the key is true, with an age); "console": a console
 * session without MFA (the key is false); "keys": long-term access keys (the key is absent).
 */
export function userRequest(input: {
  userArn: string;
  userId: string;
  account: string;
  auth: "mfa" | "console" | "keys";
  clock: Clock;
}): { principal: Principal; context: Context } {
  const context: Record<string, string> = { ...time(input.clock), "aws:userid": input.userId };
  if (input.auth === "mfa") {
    context["aws:MultiFactorAuthPresent"] = "true";
    context["aws:MultiFactorAuthAge"] = "300";
  } else if (input.auth === "console") {
    context["aws:MultiFactorAuthPresent"] = "false";
  }
  return { principal: { arn: input.userArn, account: input.account }, context };
}

/** The request of a principal of the state: a role session, or an IAM user signed in as `userAuth`. */
export function principalRequest(
  p: PrincipalInfo,
  o: { sessionName: string; sourceIdentity?: string; userAuth?: "mfa" | "console" | "keys"; clock: Clock },
): { principal: Principal; context: Context } {
  return p.kind === "role"
    ? roleSession({
        roleArn: p.arn,
        roleId: p.role?.RoleId ?? "AROAUNKNOWN",
        account: p.account,
        sessionName: o.sessionName,
        ...(o.sourceIdentity ? { sourceIdentity: o.sourceIdentity } : {}),
        clock: o.clock,
      })
    : userRequest({
        userArn: p.arn,
        userId: p.user?.UserId ?? "AIDAUNKNOWN",
        account: p.account,
        auth: o.userAuth ?? "mfa",
        clock: o.clock,
      });
}
