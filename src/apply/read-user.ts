// One IAM user as it is now, read afresh through the SDK: what a step's precondition compares
// with the plan and what its gate compares with the step's end. A read that fails throws: the
// caller treats it as "not met", never as "nothing there".
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListUserPoliciesCommand,
} from "@aws-sdk/client-iam";
import { type AccountClients, ApplyError, isNoSuchEntity } from "./clients.js";

export interface UserNow {
  exists: boolean;
  path?: string;
  attached: string[];
  inline: { name: string; document: unknown }[];
  groups: string[];
  loginProfile?: { resetRequired: boolean };
  keys: { id: string; active: boolean }[];
  mfa: string[];
  certificates: string[];
  sshKeys: string[];
  serviceCredentials: { id: string; service: string }[];
}

export const NO_USER: UserNow = {
  exists: false,
  attached: [],
  inline: [],
  groups: [],
  keys: [],
  mfa: [],
  certificates: [],
  sshKeys: [],
  serviceCredentials: [],
};

const MAX_PAGES = 1000;

/** Every page of a Marker-paginated IAM list. */
async function pages<T>(
  what: string,
  fetch: (marker: string | undefined) => Promise<{ items: T[]; truncated?: boolean; marker?: string }>,
): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await fetch(marker);
    out.push(...page.items);
    if (!page.truncated) return out;
    if (!page.marker) throw new ApplyError(`${what}: a page says there is more but gives no marker`);
    marker = page.marker;
  }
  throw new ApplyError(`${what}: more than ${MAX_PAGES} pages`);
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === null) throw new ApplyError(`${what}: the answer is empty`);
  return value;
}

/** IAM returns policy documents URL-encoded. */
export function decodeDocument(text: string, what: string): unknown {
  try {
    return JSON.parse(decodeURIComponent(text));
  } catch {
    throw new ApplyError(`${what}: the policy document is not URL-encoded JSON`);
  }
}

export async function readUser(c: AccountClients, name: string): Promise<UserNow> {
  const where = `user ${name}`;
  let path: string | undefined;
  try {
    const r = await c.iam.send(new GetUserCommand({ UserName: name }));
    path = required(r.User, `${where}: GetUser`).Path;
  } catch (e) {
    if (isNoSuchEntity(e)) return NO_USER;
    throw e;
  }
  const attached = await pages(`${where}: ListAttachedUserPolicies`, async (Marker) => {
    const r = await c.iam.send(new ListAttachedUserPoliciesCommand({ UserName: name, Marker }));
    return {
      items: required(r.AttachedPolicies, `${where}: ListAttachedUserPolicies`).map((p) =>
        required(p.PolicyArn, `${where}: attached policy`),
      ),
      truncated: r.IsTruncated,
      marker: r.Marker,
    };
  });
  const inlineNames = await pages(`${where}: ListUserPolicies`, async (Marker) => {
    const r = await c.iam.send(new ListUserPoliciesCommand({ UserName: name, Marker }));
    return {
      items: required(r.PolicyNames, `${where}: ListUserPolicies`),
      truncated: r.IsTruncated,
      marker: r.Marker,
    };
  });
  const inline: UserNow["inline"] = [];
  for (const policy of inlineNames) {
    const r = await c.iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName: policy }));
    inline.push({
      name: policy,
      document: decodeDocument(
        required(r.PolicyDocument, `${where}: GetUserPolicy ${policy}`),
        `${where}: ${policy}`,
      ),
    });
  }
  const groups = await pages(`${where}: ListGroupsForUser`, async (Marker) => {
    const r = await c.iam.send(new ListGroupsForUserCommand({ UserName: name, Marker }));
    return {
      items: required(r.Groups, `${where}: ListGroupsForUser`).map((g) =>
        required(g.GroupName, `${where}: group`),
      ),
      truncated: r.IsTruncated,
      marker: r.Marker,
    };
  });
  let loginProfile: UserNow["loginProfile"];
  try {
    const r = await c.iam.send(new GetLoginProfileCommand({ UserName: name }));
    loginProfile = {
      resetRequired: required(r.LoginProfile, `${where}: GetLoginProfile`).PasswordResetRequired === true,
    };
  } catch (e) {
    if (!isNoSuchEntity(e)) throw e;
  }
  const keys = await pages(`${where}: ListAccessKeys`, async (Marker) => {
    const r = await c.iam.send(new ListAccessKeysCommand({ UserName: name, Marker }));
    return {
      items: required(r.AccessKeyMetadata, `${where}: ListAccessKeys`).map((k) => ({
        id: required(k.AccessKeyId, `${where}: access key`),
        active: required(k.Status, `${where}: access key status`) === "Active",
      })),
      truncated: r.IsTruncated,
      marker: r.Marker,
    };
  });
  const mfa = await pages(`${where}: ListMFADevices`, async (Marker) => {
    const r = await c.iam.send(new ListMFADevicesCommand({ UserName: name, Marker }));
    return {
      items: required(r.MFADevices, `${where}: ListMFADevices`).map((d) =>
        required(d.SerialNumber, `${where}: MFA`),
      ),
      truncated: r.IsTruncated,
      marker: r.Marker,
    };
  });
  const certificates = await pages(`${where}: ListSigningCertificates`, async (Marker) => {
    const r = await c.iam.send(new ListSigningCertificatesCommand({ UserName: name, Marker }));
    return {
      items: required(r.Certificates, `${where}: ListSigningCertificates`).map((x) =>
        required(x.CertificateId, `${where}: certificate`),
      ),
      truncated: r.IsTruncated,
      marker: r.Marker,
    };
  });
  const sshKeys = await pages(`${where}: ListSSHPublicKeys`, async (Marker) => {
    const r = await c.iam.send(new ListSSHPublicKeysCommand({ UserName: name, Marker }));
    return {
      items: required(r.SSHPublicKeys, `${where}: ListSSHPublicKeys`).map((x) =>
        required(x.SSHPublicKeyId, `${where}: SSH key`),
      ),
      truncated: r.IsTruncated,
      marker: r.Marker,
    };
  });
  const s = await c.iam.send(new ListServiceSpecificCredentialsCommand({ UserName: name }));
  const serviceCredentials = required(
    s.ServiceSpecificCredentials,
    `${where}: ListServiceSpecificCredentials`,
  ).map((x) => ({
    id: required(x.ServiceSpecificCredentialId, `${where}: service credential`),
    service: required(x.ServiceName, `${where}: service credential`),
  }));
  return {
    exists: true,
    ...(path !== undefined ? { path } : {}),
    attached: attached.sort(),
    inline: inline.sort((a, b) => a.name.localeCompare(b.name)),
    groups: groups.sort(),
    ...(loginProfile ? { loginProfile } : {}),
    keys: keys.sort((a, b) => a.id.localeCompare(b.id)),
    mfa: mfa.sort(),
    certificates: certificates.sort(),
    sshKeys: sshKeys.sort(),
    serviceCredentials: serviceCredentials.sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** When an access key was last used (ISO), or undefined when never. */
export async function keyLastUsed(c: AccountClients, user: string, id: string): Promise<string | undefined> {
  const r = await c.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: id }));
  const used = required(r.AccessKeyLastUsed, `user ${user}: GetAccessKeyLastUsed ${id}`);
  if (r.UserName !== undefined && r.UserName !== user)
    throw new ApplyError(`access key ${id} belongs to ${r.UserName}, not ${user}`);
  return used.LastUsedDate?.toISOString();
}
