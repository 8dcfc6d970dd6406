// deploy.md, kept users: an administrator enrols each kept user's MFA device. Kept users cannot
// enrol one themselves: that exemption would let a leaked access key enrol its own device and
// pass every MFA condition (docs/kept-users.md).
import type { AccessModel } from "../model/types.js";

/** `accountName` names the administrator's profile, as the rest of deploy.md does. */
export function keptUsersMfaSection(model: AccessModel, accountName: string): string[] {
  if (model.users.length === 0) return [];
  const account = model.identity.accountId;
  const profile = `admin-${accountName}`;
  const lines = [
    "## Kept IAM users: an administrator enrols their MFA",
    "",
    "Kept users can do nothing without MFA, and cannot enrol, resync or remove an MFA device",
    "themselves: if they could, anyone holding a user's access key or password could enrol a",
    "device of their own and pass every MFA condition. So an administrator of the identity",
    `account ${account} enrols each device, with the user present, once the identity stack is deployed.`,
    "The QR code holds the device's secret: show it to the user only, and delete it straight away.",
    "",
    "```sh",
  ];
  for (const u of model.users) {
    const serial = `arn:aws:iam::${account}:mfa/${u.name}`;
    lines.push(
      `# ${u.name}`,
      `aws iam create-virtual-mfa-device --profile ${profile} --virtual-mfa-device-name ${u.name} \\`,
      `  --bootstrap-method QRCodePNG --outfile ${u.name}-mfa.png`,
      `# the user scans ${u.name}-mfa.png into an authenticator app and reads out two consecutive codes`,
      `aws iam enable-mfa-device --profile ${profile} --user-name ${u.name} \\`,
      `  --serial-number ${serial} --authentication-code1 CODE1 --authentication-code2 CODE2`,
      `rm -f ${u.name}-mfa.png`,
      `aws iam list-mfa-devices --profile ${profile} --user-name ${u.name}   # exactly one: ${serial}`,
    );
  }
  lines.push("```", "");
  if (model.users.some((u) => u.breakGlass))
    lines.push(
      "Break-glass users are better served by a hardware key kept in the safe: enrol it with",
      "`aws iam enable-mfa-device` and the key's serial number instead of a virtual device.",
    );
  lines.push(
    "A lost device is reset the same way: `aws iam deactivate-mfa-device` and",
    "`aws iam delete-virtual-mfa-device` by an administrator, then enrol again. The CLI profiles",
    "Sekisho writes for kept users name this serial number (`mfa_serial`).",
    "",
  );
  return lines;
}
