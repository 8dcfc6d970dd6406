// One journaled IAM call, sent through the SDK. Each call is one the journal can name and,
// where IAM allows, undo.
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateUserCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { type AccountClients, ApplyError } from "./clients.js";
import type { Call } from "./operations.js";

function need(call: Call, key: string): string {
  const v = call.input[key];
  if (v === undefined) throw new ApplyError(`${call.call} without ${key}`);
  return v;
}

export async function sendIam(c: AccountClients, call: Call): Promise<void> {
  const UserName = need(call, "UserName");
  switch (call.call) {
    case "CreateUser":
      await c.iam.send(
        new CreateUserCommand({ UserName, ...(call.input.Path ? { Path: call.input.Path } : {}) }),
      );
      return;
    case "DeleteUser":
      await c.iam.send(new DeleteUserCommand({ UserName }));
      return;
    case "AttachUserPolicy":
      await c.iam.send(new AttachUserPolicyCommand({ UserName, PolicyArn: need(call, "PolicyArn") }));
      return;
    case "DetachUserPolicy":
      await c.iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn: need(call, "PolicyArn") }));
      return;
    case "PutUserPolicy":
      await c.iam.send(
        new PutUserPolicyCommand({
          UserName,
          PolicyName: need(call, "PolicyName"),
          PolicyDocument: need(call, "PolicyDocument"),
        }),
      );
      return;
    case "DeleteUserPolicy":
      await c.iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName: need(call, "PolicyName") }));
      return;
    case "AddUserToGroup":
      await c.iam.send(new AddUserToGroupCommand({ UserName, GroupName: need(call, "GroupName") }));
      return;
    case "RemoveUserFromGroup":
      await c.iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName: need(call, "GroupName") }));
      return;
    case "DeleteLoginProfile":
      await c.iam.send(new DeleteLoginProfileCommand({ UserName }));
      return;
    case "UpdateAccessKey": {
      const status = need(call, "Status");
      if (status !== "Active" && status !== "Inactive") throw new ApplyError(`UpdateAccessKey to ${status}`);
      await c.iam.send(
        new UpdateAccessKeyCommand({ UserName, AccessKeyId: need(call, "AccessKeyId"), Status: status }),
      );
      return;
    }
    case "DeleteAccessKey":
      await c.iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: need(call, "AccessKeyId") }));
      return;
    case "DeactivateMFADevice":
      await c.iam.send(
        new DeactivateMFADeviceCommand({ UserName, SerialNumber: need(call, "SerialNumber") }),
      );
      return;
    case "DeleteSigningCertificate":
      await c.iam.send(
        new DeleteSigningCertificateCommand({ UserName, CertificateId: need(call, "CertificateId") }),
      );
      return;
    case "DeleteSSHPublicKey":
      await c.iam.send(
        new DeleteSSHPublicKeyCommand({ UserName, SSHPublicKeyId: need(call, "SSHPublicKeyId") }),
      );
      return;
    case "DeleteServiceSpecificCredential":
      await c.iam.send(
        new DeleteServiceSpecificCredentialCommand({
          UserName,
          ServiceSpecificCredentialId: need(call, "ServiceSpecificCredentialId"),
        }),
      );
      return;
    default:
      throw new ApplyError(`${call.call} is not an IAM call`);
  }
}
