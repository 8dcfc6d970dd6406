// The steps of a switch, evaluated on hand-written policies: which STS actions are asked, in
// which order, and when the switch is allowed, refused or undecided.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { PolicyRef } from "../../src/engine/types.js";
import { assume, type SwitchResult, signIn, tokenSignIn } from "../../src/prove/switch.js";
import type { PrincipalInfo } from "../../src/sessions/principals.js";
import type { Statement } from "../../src/state/policy.js";

const clock = { now: "2026-11-28T00:00:00Z" };
const PROVIDER = "arn:aws:iam::111111111111:saml-provider/idp";
const LANDING = "arn:aws:iam::111111111111:role/sekisho/landing-sre";
const ADMIN = "arn:aws:iam::222222222222:role/sekisho/admin";
const USER = "arn:aws:iam::222222222222:user/ann";

function ref(id: string, kind: PolicyRef["kind"], statements: Statement[]): PolicyRef {
  return { id, kind, document: { Version: "2012-10-17", Statement: statements } };
}

function role(arn: string, trust?: Statement[], identity: Statement[] = []): PrincipalInfo {
  return {
    kind: "role",
    arn,
    account: arn.split(":")[4]!,
    name: arn.slice(arn.lastIndexOf("/") + 1),
    identity: identity.length ? [ref(`${arn}#inline:switch`, "identity", identity)] : [],
    ...(trust ? { trust: ref(`${arn}#trust`, "resource", trust) } : {}),
    unknownPolicies: [],
  };
}

const steps = (r: SwitchResult) => r.steps.map((s) => `${s.action}: ${s.decision.verdict}`);

const saml = (sourceIdentity: boolean) => ({
  providerArn: PROVIDER,
  account: "111111111111",
  audience: "https://signin.aws.amazon.com/saml",
  email: "ann@example.com",
  sourceIdentity,
  clock,
});

const samlTrust = (extra: Statement[] = []): Statement[] => [
  {
    Effect: "Allow",
    Principal: { Federated: PROVIDER },
    Action: "sts:AssumeRoleWithSAML",
    Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
  },
  ...extra,
];

test("SAML sign-in: one step, or two when a source identity is sent; both must allow", () => {
  const landing = role(LANDING, samlTrust());
  const plain = signIn(landing, saml(false));
  assert.deepEqual(steps(plain), ["sts:AssumeRoleWithSAML: Allow"]);
  assert.deepEqual([plain.allowed, plain.uncertain], [true, false]);
  assert.equal(plain.steps[0]!.principal.arn, PROVIDER);
  assert.equal(plain.steps[0]!.context["saml:sub"], "ann@example.com");

  const withSource = signIn(landing, saml(true));
  assert.deepEqual(steps(withSource), [
    "sts:AssumeRoleWithSAML: Allow",
    "sts:SetSourceIdentity: ImplicitDeny",
  ]);
  assert.deepEqual([withSource.allowed, withSource.uncertain], [false, false]);

  const both = signIn(
    role(
      LANDING,
      samlTrust([{ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:SetSourceIdentity" }]),
    ),
    saml(true),
  );
  assert.deepEqual(steps(both), ["sts:AssumeRoleWithSAML: Allow", "sts:SetSourceIdentity: Allow"]);
  assert.deepEqual([both.allowed, both.uncertain], [true, false]);
});

test("SAML sign-in into a role whose trust the state lacks: not allowed, and undecided", () => {
  const r = signIn(role(LANDING), saml(false));
  assert.deepEqual(steps(r), ["sts:AssumeRoleWithSAML: ImplicitDeny"]);
  assert.deepEqual(r.steps[0]!.decision.missing, ["resource"]);
  assert.deepEqual([r.allowed, r.uncertain], [false, true]);
});

test("a trust that reads the caller's source IP is undecided, never allowed; one undecided step is enough", () => {
  const ipBound = samlTrust([
    {
      Effect: "Allow",
      Principal: { Federated: PROVIDER },
      Action: "sts:SetSourceIdentity",
      Condition: { IpAddress: { "aws:SourceIp": "192.0.2.0/24" } },
    },
  ]);
  const r = signIn(role(LANDING, ipBound), saml(true));
  assert.equal(r.steps.length, 2);
  assert.deepEqual(
    r.steps.map((s) => s.decision.accessCertain),
    [true, false],
  );
  assert.deepEqual([r.allowed, r.uncertain], [false, true]);
});

test("OIDC token exchange: one AssumeRoleWithWebIdentity step on the role's trust", () => {
  const provider = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
  const input = {
    providerArn: provider,
    account: "111111111111",
    host: "token.actions.githubusercontent.com",
    audience: "sts.amazonaws.com",
    subject: "repo:acme/app:ref:refs/heads/main",
    clock,
  };
  const trust: Statement[] = [
    {
      Effect: "Allow",
      Principal: { Federated: provider },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: { "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main" },
      },
    },
  ];
  const deploy = "arn:aws:iam::111111111111:role/sekisho/workload-deploy";
  const r = tokenSignIn(role(deploy, trust), input);
  assert.deepEqual(steps(r), ["sts:AssumeRoleWithWebIdentity: Allow"]);
  assert.deepEqual([r.allowed, r.uncertain], [true, false]);
  assert.deepEqual(steps(tokenSignIn(role(deploy), input)), ["sts:AssumeRoleWithWebIdentity: ImplicitDeny"]);
  assert.equal(tokenSignIn(role(deploy), input).allowed, false);
});

test("AssumeRole from a role session: identity and trust must allow; a source identity adds SetSourceIdentity", () => {
  const from = role(LANDING, samlTrust(), [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: ADMIN }]);
  const to = role(ADMIN, [{ Effect: "Allow", Principal: { AWS: LANDING }, Action: "sts:AssumeRole" }]);
  const plain = assume(from, to, { sessionName: "ann", clock });
  assert.deepEqual(steps(plain), ["sts:AssumeRole: Allow"]);
  assert.equal(plain.allowed, true);
  assert.equal(
    plain.steps[0]!.principal.sessionArn,
    "arn:aws:sts::111111111111:assumed-role/landing-sre/ann",
  );

  const sourced = assume(from, to, { sessionName: "ann", sourceIdentity: "ann@example.com", clock });
  assert.deepEqual(steps(sourced), ["sts:AssumeRole: Allow", "sts:SetSourceIdentity: ImplicitDeny"]);
  assert.deepEqual([sourced.allowed, sourced.uncertain], [false, false]);

  // Without the trust, or without the identity policy, refused.
  assert.deepEqual(steps(assume(from, role(ADMIN), { sessionName: "ann", clock })), [
    "sts:AssumeRole: ImplicitDeny",
  ]);
  assert.deepEqual(steps(assume(role(LANDING, samlTrust()), to, { sessionName: "ann", clock })), [
    "sts:AssumeRole: ImplicitDeny",
  ]);
});

test("AssumeRole from an IAM user: a source identity adds no step (users have no session to pass it on)", () => {
  const user: PrincipalInfo = {
    kind: "user",
    arn: USER,
    account: "222222222222",
    name: "ann",
    identity: [
      ref(`${USER}#inline:x`, "identity", [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: ADMIN }]),
    ],
    unknownPolicies: [],
  };
  const to = role(ADMIN, [
    {
      Effect: "Allow",
      Principal: { AWS: USER },
      Action: "sts:AssumeRole",
      Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
    },
  ]);
  const r = assume(user, to, {
    sessionName: "ann",
    sourceIdentity: "ann@example.com",
    userAuth: "keys",
    clock,
  });
  assert.deepEqual(steps(r), ["sts:AssumeRole: ImplicitDeny"]);
  assert.equal(r.allowed, false);
  assert.deepEqual(steps(assume(user, to, { sessionName: "ann", clock })), ["sts:AssumeRole: Allow"]);
});
