// Kept users need MFA, on every path: without MFA (a console password alone, or a leaked
// access key) a kept IAM user may do nothing that could give it an MFA session or new
// credentials — enrol or resync an MFA device, set a password, create a key, assume a role —
// and nothing else either, apart from the few look-ups the sign-in itself needs. Judged over
// the whole action catalog and every role of the state, not only the switch one step away.
import type { ScanCache } from "../engine/scan-cache.js";
import { mayCall, trustCallers } from "../engine/trust-callers.js";
import type { CatalogHit } from "../engine/types.js";
import { userArn } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { type Clock, userRequest } from "../sessions/contexts.js";
import { identityPolicies, type PrincipalInfo, type StateIndex } from "../sessions/principals.js";
import { assume } from "./switch.js";
import { type CheckResult, type Finding, statementsOf } from "./types.js";

/**
 * The only actions a kept user may have without MFA. Written here again, not imported from the
 * compiler's policy, so that a change to the policy cannot quietly change what is proven. sts:GetSessionToken turns an enrolled
 * device's code into an MFA session, which is the point; STS never lets policies refuse it, nor
 * sts:GetCallerIdentity. Reading one's own user, MFA devices and the password policy yields nothing.
 */
const WITHOUT_MFA = new Set(
  [
    "iam:GetAccountPasswordPolicy",
    "iam:GetUser",
    "iam:ListMFADevices",
    "sts:GetCallerIdentity",
    "sts:GetSessionToken",
  ].map((a) => a.toLowerCase()),
);

/** Actions that yield an MFA session or credentials of some kind: the ways out of "no MFA". */
const YIELDS_CREDENTIALS =
  // Stryker disable next-line Regex: equivalent on the catalog, where "iam:" and "sts:" only begin an action name
  /^(iam:(createvirtualmfadevice|enablemfadevice|resyncmfadevice|deactivatemfadevice|deletevirtualmfadevice|createloginprofile|updateloginprofile|changepassword|createaccesskey|updateaccesskey|createservicespecificcredential|resetservicespecificcredential|uploadsshpublickey|uploadsigningcertificate|attach|put|add|create(user|role|policy)|passrole)|sts:(assumerole|getfederationtoken))/;

const AUTHS = [
  { auth: "console" as const, label: "console password without MFA" },
  { auth: "keys" as const, label: "access key without MFA" },
];

function why(action: string): string {
  const a = action.toLowerCase();
  if (/mfadevice/.test(a))
    return "it could enrol or reset an MFA device of its own and then pass every MFA condition";
  if (/loginprofile|changepassword/.test(a)) return "it could set a password and sign in again";
  if (/accesskey|servicespecific|sshpublickey|signingcertificate/.test(a))
    return "it could make itself new credentials";
  // Stryker disable next-line Regex: equivalent, only credential actions get here and none has "sts:" after its start
  if (/^sts:/.test(a)) return "it could get another session";
  return "it could change permissions";
}

export function checkKeptUsers(
  model: AccessModel,
  index: StateIndex,
  cache: ScanCache,
  clock: Clock,
): CheckResult {
  const failures: Finding[] = [];
  const roles = index.principals.filter((p) => p.kind === "role");
  let users = 0;
  for (const u of model.users) {
    const arn = userArn(model.identity.accountId, u.name);
    const p = index.byArn.get(arn);
    if (!p) {
      failures.push({
        rule: "kept-users/missing",
        subject: arn,
        message: `kept user ${u.name} is not in the compiled state; cannot prove it needs MFA`,
      });
      continue;
    }
    users++;
    for (const { auth, label } of AUTHS) failures.push(...withoutMfa(p, auth, label, roles, cache, clock));
  }
  return {
    id: "kept-users",
    title: "Kept users need MFA",
    passed: failures.length === 0,
    summary: `${users} kept users, with a console password and with an access key but no MFA, over the whole catalog and ${roles.length} roles: only ${[...WITHOUT_MFA].length} look-ups allowed, no MFA device, password, key or role`,
    failures,
    notes: [],
  };
}

function withoutMfa(
  p: PrincipalInfo,
  auth: "console" | "keys",
  label: string,
  roles: PrincipalInfo[],
  cache: ScanCache,
  clock: Clock,
): Finding[] {
  const out: Finding[] = p.unknownPolicies.map((arn) => ({
    rule: "kept-users/undecided",
    subject: p.arn,
    message: `${p.arn}: policy ${arn} has no document in the state; cannot prove what it allows without MFA`,
  }));
  const { principal, context } = userRequest({
    userArn: p.arn,
    // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, a user of the index always has its UserDetail
    userId: p.user?.UserId ?? "AIDAUNKNOWN",
    account: p.account,
    auth,
    clock,
  });
  const scan = cache.scan(identityPolicies(p), principal, context);
  for (const u of scan.uncertain) {
    out.push({
      rule: "kept-users/undecided",
      subject: p.arn,
      message: `${p.arn} (${label}): undecided statement ${u.policyId}[${u.index}]: ${u.reason}`,
    });
  }
  for (const hit of scan.allowed) {
    if (WITHOUT_MFA.has(hit.action.toLowerCase())) continue;
    out.push(finding(p, hit, label));
  }
  // A role's trust alone can let a same-account user in: try every role, not only Sekisho's.
  for (const role of roles) {
    // A trust that surely refuses the user (it names neither the user nor its account)
    // refuses it with or without MFA: nothing to ask.
    // Stryker disable next-line ConditionalExpression: equivalent when false, every role is then evaluated and refuses
    if (!mayCall(trustCallers(role.trust?.document), p.arn, p.account)) continue;
    const r = assume(p, role, { sessionName: p.name, userAuth: auth, clock });
    if (!r.allowed && !r.uncertain) continue;
    out.push({
      rule: r.allowed ? "kept-users/assume-without-mfa" : "kept-users/undecided",
      subject: role.arn,
      message: `${p.arn} (${label}) ${r.allowed ? "can" : "may"} assume ${role.arn}: it needs no MFA to get that role's session`,
      evidence: r.steps.map((s) => ({
        what: `${s.action}: ${s.decision.verdict}`,
        statements: statementsOf(s.decision.decisive),
      })),
    });
  }
  return out;
}

function finding(p: PrincipalInfo, hit: CatalogHit, label: string): Finding {
  const credentials = YIELDS_CREDENTIALS.test(hit.action.toLowerCase());
  return {
    rule: credentials ? "kept-users/credentials-without-mfa" : "kept-users/action-without-mfa",
    subject: p.arn,
    message: credentials
      ? `${p.arn} (${label}) ${hit.certain ? "is" : "may be"} allowed ${hit.action}: ${why(hit.action)}`
      : `${p.arn} (${label}) ${hit.certain ? "is" : "may be"} allowed ${hit.action}, but kept users may do nothing without MFA`,
    evidence: [{ what: hit.action, statements: statementsOf(hit.via) }],
  };
}
