// The IAM calls that bring one user from how it is to how its step leaves it, each with the call
// that undoes it (or why nothing can). Pure: the journal records these, rollback replays the undos.

import type { UserEnd } from "../migrate/types.js";
import { type CanonicalPolicy, normalisePolicy, samePolicy } from "../state/normalise-policy.js";
import type { PolicyDocument } from "../state/policy.js";
import type { UserNow } from "./read-user.js";

export const IAM_CALLS = [
  "CreateUser",
  "DeleteUser",
  "AttachUserPolicy",
  "DetachUserPolicy",
  "PutUserPolicy",
  "DeleteUserPolicy",
  "AddUserToGroup",
  "RemoveUserFromGroup",
  "DeleteLoginProfile",
  "UpdateAccessKey",
  "DeleteAccessKey",
  "DeactivateMFADevice",
  "DeleteSigningCertificate",
  "DeleteSSHPublicKey",
  "DeleteServiceSpecificCredential",
] as const;
export type IamCall = (typeof IAM_CALLS)[number];

export const STACK_CALLS = ["CreateStack", "DeleteStack"] as const;

/** CloudFormation: input StackName, and Template (relative to the plan) to create. */
export type StackCall = (typeof STACK_CALLS)[number];

export interface Call {
  account: string;
  call: IamCall | StackCall;
  input: Record<string, string>;
}

export interface Op extends Call {
  /** The call that undoes this one; null when nothing can (said in `lost`). */
  undo: Call | null;
  lost?: string;
  /** An access key whose last use must be checked just before it is deactivated. */
  keyCheck?: string;
}

export interface UserOps {
  ops: Op[];
  /** What apply cannot do (Sekisho never handles passwords): the step stops and says so. */
  manual: string[];
}

const doc = (d: unknown): CanonicalPolicy | null => normalisePolicy(d as PolicyDocument);

export function sameDocument(a: unknown, b: unknown): boolean {
  return samePolicy(doc(a), doc(b));
}

export function userOps(account: string, name: string, now: UserNow, end: UserEnd): UserOps {
  const UserName = name;
  const op = (call: IamCall, input: Record<string, string>, undo: Call | null, lost?: string): Op => ({
    account,
    call,
    input: { UserName, ...input },
    undo,
    ...(lost ? { lost } : {}),
  });
  const back = (call: IamCall, input: Record<string, string>): Call => ({
    account,
    call,
    input: { UserName, ...input },
  });
  const ops: Op[] = [];
  const manual: string[] = [];
  if (!end.exists) {
    if (!now.exists) return { ops, manual };
    if (now.loginProfile)
      ops.push(
        op("DeleteLoginProfile", {}, null, "its console password (give a new one in the IAM console)"),
      );
    for (const k of now.keys)
      ops.push(
        op(
          "DeleteAccessKey",
          { AccessKeyId: k.id },
          null,
          `access key ${k.id} (a deleted key cannot return)`,
        ),
      );
    for (const serial of now.mfa)
      ops.push(
        op(
          "DeactivateMFADevice",
          { SerialNumber: serial },
          null,
          `MFA device ${serial} (its owner enables it again)`,
        ),
      );
    for (const id of now.certificates)
      ops.push(op("DeleteSigningCertificate", { CertificateId: id }, null, `signing certificate ${id}`));
    for (const id of now.sshKeys)
      ops.push(op("DeleteSSHPublicKey", { SSHPublicKeyId: id }, null, `SSH public key ${id}`));
    for (const c of now.serviceCredentials)
      ops.push(
        op(
          "DeleteServiceSpecificCredential",
          { ServiceSpecificCredentialId: c.id },
          null,
          `${c.service} credential ${c.id}`,
        ),
      );
  }
  const target: UserEnd = end.exists ? end : { exists: false, attached: [], inline: [], groups: [] };
  if (end.exists && !now.exists) ops.push(op("CreateUser", {}, back("DeleteUser", {})));
  if (target.attached) {
    for (const arn of now.attached)
      if (!target.attached.includes(arn))
        ops.push(op("DetachUserPolicy", { PolicyArn: arn }, back("AttachUserPolicy", { PolicyArn: arn })));
    for (const arn of target.attached)
      if (!now.attached.includes(arn))
        ops.push(op("AttachUserPolicy", { PolicyArn: arn }, back("DetachUserPolicy", { PolicyArn: arn })));
  }
  if (target.inline) {
    for (const p of now.inline)
      if (!target.inline.some((x) => x.name === p.name))
        ops.push(
          op(
            "DeleteUserPolicy",
            { PolicyName: p.name },
            back("PutUserPolicy", { PolicyName: p.name, PolicyDocument: JSON.stringify(p.document) }),
          ),
        );
    for (const p of target.inline) {
      const had = now.inline.find((x) => x.name === p.name);
      if (had && sameDocument(had.document, p.document)) continue;
      ops.push(
        op(
          "PutUserPolicy",
          { PolicyName: p.name, PolicyDocument: JSON.stringify(p.document) },
          had
            ? back("PutUserPolicy", { PolicyName: p.name, PolicyDocument: JSON.stringify(had.document) })
            : back("DeleteUserPolicy", { PolicyName: p.name }),
        ),
      );
    }
  }
  if (target.groups) {
    for (const g of now.groups)
      if (!target.groups.includes(g))
        ops.push(op("RemoveUserFromGroup", { GroupName: g }, back("AddUserToGroup", { GroupName: g })));
    for (const g of target.groups)
      if (!now.groups.includes(g))
        ops.push(op("AddUserToGroup", { GroupName: g }, back("RemoveUserFromGroup", { GroupName: g })));
  }
  if (end.password === "absent" && now.loginProfile)
    ops.push(op("DeleteLoginProfile", {}, null, "its console password (give a new one in the IAM console)"));
  if (end.password === "reset-required" && !now.loginProfile)
    manual.push(
      `${name} in ${account}: give it a temporary console password in the IAM console (Security credentials → Enable console access, "must create a new password at next sign-in"), then run apply again; Sekisho never handles passwords`,
    );
  if (end.keys === "inactive")
    for (const k of now.keys)
      if (k.active)
        ops.push({
          ...op(
            "UpdateAccessKey",
            { AccessKeyId: k.id, Status: "Inactive" },
            back("UpdateAccessKey", { AccessKeyId: k.id, Status: "Active" }),
          ),
          keyCheck: k.id,
        });
  if (!end.exists) ops.push(op("DeleteUser", {}, back("CreateUser", now.path ? { Path: now.path } : {})));
  return { ops, manual };
}
