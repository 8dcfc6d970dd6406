// The exact commands of each step, its gate and its rollback, as data for the plan document
// and its scripts. AWS CLI v2 throughout; every change is one that IAM or CloudFormation can
// undo, except deleting a user (said so in that step).
import { envRoleArn, landingRoleArn, samlProviderArn, stackName, templateFile } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { backupFile, profile, q } from "./shell.js";
import type { KeptExtra } from "./stages.js";
import type { Command, ExistingUser, Gate } from "./types.js";

export interface StepText {
  commands: Command[];
  gate: Gate;
  rollback: { what: string; commands: Command[] };
}

const iam = (u: ExistingUser, rest: string) => `aws iam ${rest} --profile ${profile(u.accountName)}`;
const roleName = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

export function createKeptUsersText(names: string[], account: string): StepText {
  const p = profile(account);
  return {
    commands: names.map((n) => ({
      sh: `aws iam create-user --profile ${p} --user-name ${q(n)}`,
      why: `kept user ${n}; its owner then enables MFA in the console (a hardware key for break-glass): Sekisho never handles credentials`,
    })),
    gate: {
      what: "each kept user exists and has an MFA device",
      commands: names.map((n) => ({
        sh: `test -n "$(aws iam list-mfa-devices --profile ${p} --user-name ${q(n)} --query 'MFADevices[0].SerialNumber' --output text | grep -v None)"`,
      })),
    },
    rollback: {
      what: "delete the users just created (they hold nothing yet)",
      commands: names.map((n) => ({ sh: `aws iam delete-user --profile ${p} --user-name ${q(n)}` })),
    },
  };
}

export interface Stack {
  accountId: string;
  accountName: string;
  kind: "identity" | "environment";
}

export function deployText(model: AccessModel, stacks: Stack[], hasMetadata: boolean): StepText {
  const deploy = (s: Stack): Command => ({
    sh: [
      `aws cloudformation deploy --profile ${profile(s.accountName)} --stack-name ${q(stackName(model, s.kind))} \\`,
      `  --template-file ${templateFile(s)} --capabilities CAPABILITY_NAMED_IAM`,
      ...(s.kind === "environment" ? [`  --parameter-overrides EnvironmentName=${q(s.accountName)}`] : []),
      ...(s.kind === "identity" && !hasMetadata
        ? ['  --parameter-overrides SamlMetadataDocument="$(cat GoogleIDPMetadata.xml)"']
        : []),
    ].join("\n"),
    why: `${s.kind} stack in ${s.accountId} (${s.accountName})`,
  });
  const roles = (s: Stack) =>
    s.kind === "identity"
      ? model.teams.map((t) => landingRoleArn(model, t.name))
      : model.environments
          .filter((e) => e.accountId === s.accountId)
          .flatMap((e) =>
            [
              ...new Set(
                model.teams.flatMap((t) => t.grants.filter((g) => g.env === e.name).map((g) => g.level)),
              ),
            ].map((level) => envRoleArn(model, e.name, level)),
          );
  return {
    commands: stacks.map(deploy),
    gate: {
      what:
        stacks[0]?.kind === "identity"
          ? "the stack is complete; the SAML provider and every landing role exist; kept users are in their groups"
          : "every stack is complete and every environment role exists",
      commands: stacks.flatMap((s) => [
        {
          sh: `aws cloudformation describe-stacks --profile ${profile(s.accountName)} --stack-name ${q(stackName(model, s.kind))} --query 'Stacks[0].StackStatus' --output text | grep -Eq '^(CREATE|UPDATE)_COMPLETE$'`,
        },
        ...roles(s).map((arn) => ({
          sh: `aws iam get-role --profile ${profile(s.accountName)} --role-name ${q(roleName(arn))} --query Role.Arn --output text`,
        })),
        ...(s.kind === "identity"
          ? [
              {
                sh: `aws iam list-saml-providers --profile ${profile(s.accountName)} --query 'SAMLProviderList[].Arn' --output text | grep -q ${q(samlProviderArn(model.identity.accountId, model.identity.provider.name))}`,
              },
            ]
          : []),
      ]),
    },
    rollback: {
      what: "delete the stacks just created (nobody depends on them yet)",
      commands: stacks.flatMap((s) => [
        {
          sh: `aws cloudformation delete-stack --profile ${profile(s.accountName)} --stack-name ${q(stackName(model, s.kind))}`,
        },
        {
          sh: `aws cloudformation wait stack-delete-complete --profile ${profile(s.accountName)} --stack-name ${q(stackName(model, s.kind))}`,
        },
      ]),
    },
  };
}

const SYNC = "sekisho google sync access.yaml --credentials KEY.json --admin ADMIN_EMAIL";

export function googleText(): StepText {
  return {
    commands: [
      {
        // A dry run exits 1 when Google differs from the model (expected here), 2 on errors.
        sh: `${SYNC} > google-before.txt || test $? -eq 1`,
        why: "dry run first: records what changes, and today's values",
      },
      { sh: `${SYNC} --apply`, why: "writes each person's role and session-duration attributes" },
    ],
    gate: {
      what: "Google Workspace holds exactly the model's attributes (the dry run exits 0 only then)",
      commands: [{ sh: SYNC }],
    },
    rollback: {
      what: "set back the previous values listed in google-before.txt (Admin console, or the Directory API); AWS is unchanged by this step",
      commands: [],
    },
  };
}

export function verifyText(
  model: AccessModel,
  identityName: string,
  envNames: Map<string, string>,
): StepText {
  const emails = model.people.map((p) => p.email);
  const lookup = (accountName: string, event: string, out: string) =>
    `aws cloudtrail lookup-events --profile ${profile(accountName)} --region us-east-1 \\\n  --lookup-attributes AttributeKey=EventName,AttributeValue=${event} \\\n  --query 'Events[].CloudTrailEvent' --output text > ${out}`;
  const seen = (file: string) =>
    `for e in ${emails.map(q).join(" ")}; do grep -qF "$e" ${file} || { echo "not seen in ${file}: $e"; exit 1; }; done`;
  const switched = [...envNames.entries()].filter(([id]) => id !== model.identity.accountId);
  return {
    commands: [],
    gate: {
      what: `every person has signed in through Google (CloudTrail AssumeRoleWithSAML in the identity account)${model.options.sourceIdentity ? " and switched into each environment account they are granted (AssumeRole carrying their email as source identity)" : ""}; the break-glass user has signed in with MFA and switched`,
      commands: [
        {
          sh: lookup(identityName, "AssumeRoleWithSAML", "sign-ins.txt"),
          why: "sign-ins reach CloudTrail in us-east-1",
        },
        { sh: seen("sign-ins.txt") },
        ...(model.options.sourceIdentity
          ? switched.flatMap(([, name]) => {
              const env = model.environments.find((x) => x.name === name);
              const granted = model.people
                .filter((p) =>
                  model.teams.some(
                    (t) => p.teams.includes(t.name) && t.grants.some((g) => g.env === env?.name),
                  ),
                )
                .map((p) => p.email);
              const file = `switches-${name}.txt`;
              return granted.length
                ? [
                    { sh: lookup(name, "AssumeRole", file) },
                    {
                      sh: `for e in ${granted.map(q).join(" ")}; do grep -qF "$e" ${file} || { echo "no switch into ${name} yet: $e"; exit 1; }; done`,
                    },
                  ]
                : [];
            })
          : []),
      ],
    },
    rollback: { what: "nothing changed in this step", commands: [] },
  };
}

export function removePermissionsText(users: ExistingUser[]): StepText {
  return {
    commands: users.flatMap((u) => [
      {
        sh: `if ${iam(u, `get-login-profile --user-name ${q(u.name)}`)} >/dev/null 2>&1; then ${iam(u, `delete-login-profile --user-name ${q(u.name)}`)}; fi`,
        why: `${u.name} in ${u.account} (${u.accountName}), replaced by ${u.fate.kind === "replaced" ? u.fate.person : "?"}: console password`,
      },
      ...strip(u, u.attached),
    ]),
    gate: {
      what: "the replaced users have no console password, no policy and no group; each affected person has worked through Google sign-in for a few days",
      commands: users.flatMap((u) => [
        { sh: `! ${iam(u, `get-login-profile --user-name ${q(u.name)}`)} >/dev/null 2>&1` },
        {
          sh: `test -z "$(${iam(u, `list-attached-user-policies --user-name ${q(u.name)} --query 'AttachedPolicies[].PolicyArn' --output text`)})"`,
        },
        ...noInlineNoGroups(u),
      ]),
    },
    rollback: {
      what: "give each user back its policies and groups (saved in backup/), and a console password where it had one (a new one: passwords cannot be restored)",
      commands: users.flatMap((u) => restoreCommands(u)),
    },
  };
}

/** Detach these managed policies, and delete every inline policy and group membership of the user. */
function strip(u: ExistingUser, attached: string[]): Command[] {
  return [
    ...attached.map((arn) => ({
      sh: iam(u, `detach-user-policy --user-name ${q(u.name)} --policy-arn ${q(arn)}`),
    })),
    ...u.inline.map((p) => ({
      sh: iam(u, `delete-user-policy --user-name ${q(u.name)} --policy-name ${q(p.name)}`),
    })),
    ...u.groups.map((g) => ({
      sh: iam(u, `remove-user-from-group --user-name ${q(u.name)} --group-name ${q(g)}`),
    })),
  ];
}

/** Gate checks: the user has no inline policy and is in no group. */
function noInlineNoGroups(u: ExistingUser): Command[] {
  return [
    {
      sh: `test -z "$(${iam(u, `list-user-policies --user-name ${q(u.name)} --query 'PolicyNames[]' --output text`)})"`,
    },
    {
      sh: `test -z "$(${iam(u, `list-groups-for-user --user-name ${q(u.name)} --query 'Groups[].GroupName' --output text`)})"`,
    },
  ];
}

function restoreCommands(u: ExistingUser): Command[] {
  return [
    ...u.attached.map((arn) => ({
      sh: iam(u, `attach-user-policy --user-name ${q(u.name)} --policy-arn ${q(arn)}`),
    })),
    ...u.inline.map((p) => ({
      sh: iam(
        u,
        `put-user-policy --user-name ${q(u.name)} --policy-name ${q(p.name)} --policy-document ${q(`file://${backupFile(u.account, u.name, p.name)}`)}`,
      ),
    })),
    ...u.groups.map((g) => ({
      sh: iam(u, `add-user-to-group --user-name ${q(u.name)} --group-name ${q(g)}`),
    })),
    ...(u.password !== false
      ? [
          {
            sh: `echo ${q(`${u.name} in ${u.account}: give console access back in the IAM console with a temporary password, if it had one (Sekisho never handles passwords)`)}`,
            why:
              u.password === undefined
                ? "no credential report said whether it had one"
                : "it had a console password",
          },
        ]
      : []),
  ];
}

export function deactivateKeysText(users: ExistingUser[]): StepText {
  return {
    commands: users.map((u) => ({
      sh: [
        `for key in $(${iam(u, `list-access-keys --user-name ${q(u.name)} --query 'AccessKeyMetadata[?Status==\`Active\`].AccessKeyId' --output text`)}); do`,
        `  last=$(${iam(u, `get-access-key-last-used --access-key-id "$key" --query AccessKeyLastUsed.LastUsedDate --output text`)})`,
        `  if [ "$last" != None ] && [ -z "\${FORCE:-}" ] && [ "$(date -d "$last" +%s)" -gt "$(date -d "-\${RECENT_DAYS:-7} days" +%s)" ]; then`,
        `    echo "refusing: ${u.name} key $key was used $last; find what uses it, or FORCE=1"; exit 1`,
        "  fi",
        `  ${iam(u, `update-access-key --user-name ${q(u.name)} --access-key-id "$key" --status Inactive`)}`,
        `  echo ${q(u.accountName)} ${q(u.name)} "$key" >> deactivated-keys.txt`,
        "done",
      ].join("\n"),
      why: `${u.name} in ${u.account}: keys used in the last RECENT_DAYS days (default 7) stop the script`,
    })),
    gate: {
      what: "no active key is left on the replaced users, and after at least a week nothing that used them has failed",
      commands: users.map((u) => ({
        sh: `test -z "$(${iam(u, `list-access-keys --user-name ${q(u.name)} --query 'AccessKeyMetadata[?Status==\`Active\`].AccessKeyId' --output text`)})"`,
      })),
    },
    rollback: {
      what: "reactivate exactly the keys this step deactivated (listed in deactivated-keys.txt)",
      commands: [
        {
          sh: 'while read -r account user key; do aws iam update-access-key --profile "admin-$account" --user-name "$user" --access-key-id "$key" --status Active; done < deactivated-keys.txt',
        },
      ],
    },
  };
}

export function deleteUsersText(users: ExistingUser[]): StepText {
  const each = (u: ExistingUser, list: string, query: string, del: (v: string) => string) =>
    `for v in $(${iam(u, `${list} --user-name ${q(u.name)} --query '${query}' --output text`)}); do ${del("$v")}; done`;
  return {
    commands: users.flatMap((u) => [
      {
        sh: each(u, "list-access-keys", "AccessKeyMetadata[].AccessKeyId", (v) =>
          iam(u, `delete-access-key --user-name ${q(u.name)} --access-key-id "${v}"`),
        ),
        why: `${u.name} in ${u.account}: what DeleteUser requires gone first, then the user`,
      },
      {
        sh: each(u, "list-signing-certificates", "Certificates[].CertificateId", (v) =>
          iam(u, `delete-signing-certificate --user-name ${q(u.name)} --certificate-id "${v}"`),
        ),
      },
      {
        sh: each(u, "list-ssh-public-keys", "SSHPublicKeys[].SSHPublicKeyId", (v) =>
          iam(u, `delete-ssh-public-key --user-name ${q(u.name)} --ssh-public-key-id "${v}"`),
        ),
      },
      {
        sh: each(
          u,
          "list-service-specific-credentials",
          "ServiceSpecificCredentials[].ServiceSpecificCredentialId",
          (v) =>
            iam(
              u,
              `delete-service-specific-credential --user-name ${q(u.name)} --service-specific-credential-id "${v}"`,
            ),
        ),
      },
      {
        sh: each(
          u,
          "list-mfa-devices",
          "MFADevices[].SerialNumber",
          (v) =>
            `${iam(u, `deactivate-mfa-device --user-name ${q(u.name)} --serial-number "${v}"`)}; ${iam(u, `delete-virtual-mfa-device --serial-number "${v}"`)} || true`,
        ),
      },
      { sh: iam(u, `delete-user --user-name ${q(u.name)}`) },
    ]),
    gate: {
      what: "the replaced users are gone, and `sekisho diff` on a fresh export finds no drift",
      commands: [
        ...users.map((u) => ({ sh: `! ${iam(u, `get-user --user-name ${q(u.name)}`)} >/dev/null 2>&1` })),
        {
          sh: "sekisho collect -o exports-after --profile PROFILE --assume-role-arn ARN...",
          why: "a fresh export",
        },
        { sh: "sekisho diff access.yaml exports-after" },
      ],
    },
    rollback: {
      what: "NOT reversible as it was: a user created again with the same name gets a new unique id (resource policies that named the old one show its AIDA… id), and its keys are gone. Recreate only if something broke",
      commands: users.flatMap((u) => [
        { sh: iam(u, `create-user --user-name ${q(u.name)} --path ${q(u.path)}`) },
        ...restoreCommands(u),
      ]),
    },
  };
}

export function reduceKeptText(extras: { user: ExistingUser; extras: KeptExtra[] }[]): StepText {
  const removal = (u: ExistingUser, e: KeptExtra): Command => ({
    sh:
      e.kind === "group"
        ? iam(u, `remove-user-from-group --user-name ${q(u.name)} --group-name ${q(e.name)}`)
        : e.kind === "policy"
          ? iam(u, `detach-user-policy --user-name ${q(u.name)} --policy-arn ${q(e.name)}`)
          : iam(u, `delete-user-policy --user-name ${q(u.name)} --policy-name ${q(e.name)}`),
  });
  // Only what was removed comes back: the design's own groups stay.
  const restored = (u: ExistingUser, items: KeptExtra[]): ExistingUser => ({
    ...u,
    password: false,
    groups: items.filter((e) => e.kind === "group").map((e) => e.name),
    attached: items.filter((e) => e.kind === "policy").map((e) => e.name),
    inline: u.inline.filter((p) => items.some((e) => e.kind === "inline" && e.name === p.name)),
  });
  return {
    commands: extras.flatMap(({ user, extras }) => extras.map((e) => removal(user, e))),
    gate: {
      what: "kept users carry only the design's groups: `sekisho diff` on a fresh export finds no drift for them",
      commands: [{ sh: "sekisho diff access.yaml exports-after" }],
    },
    rollback: {
      what: "give the kept users back what was removed (inline policies saved in backup/)",
      commands: extras.flatMap(({ user, extras }) => restoreCommands(restored(user, extras))),
    },
  };
}

/** Identity-account users narrowed to the model's policies there: new ones attached first, so they never have less. */
export function narrowText(users: { user: ExistingUser; to: string[] }[]): StepText {
  return {
    commands: users.flatMap(({ user: u, to }) => [
      ...to
        .filter((arn) => !u.attached.includes(arn))
        .map((arn, i) => ({
          sh: iam(u, `attach-user-policy --user-name ${q(u.name)} --policy-arn ${q(arn)}`),
          ...(i === 0
            ? { why: `${u.name} in ${u.account}: the model's policies there first, then the rest goes` }
            : {}),
        })),
      ...strip(
        u,
        u.attached.filter((arn) => !to.includes(arn)),
      ),
    ]),
    gate: {
      what: "each narrowed user has exactly the model's policies in the identity account, no inline policy, no group",
      commands: users.flatMap(({ user: u, to }) => [
        {
          sh: `test "$(${iam(u, `list-attached-user-policies --user-name ${q(u.name)} --query 'AttachedPolicies[].PolicyArn' --output text`)} | tr '\\t' '\\n' | sort | tr '\\n' ' ')" = ${q(`${[...to].sort().join(" ")} `)}`,
        },
        ...noInlineNoGroups(u),
      ]),
    },
    rollback: {
      what: "give each narrowed user back what it had (inline policies saved in backup/), then take off what this step added",
      commands: users.flatMap(({ user: u, to }) => [
        ...restoreCommands({ ...u, password: false }),
        ...to
          .filter((arn) => !u.attached.includes(arn))
          .map((arn) => ({
            sh: iam(u, `detach-user-policy --user-name ${q(u.name)} --policy-arn ${q(arn)}`),
          })),
      ]),
    },
  };
}
