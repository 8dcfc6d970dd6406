// The exact commands of each step, its gate and its rollback, as data for the plan document
// and its scripts. AWS CLI v2 throughout (and Terraform for the deploy steps with --target
// terraform); every change is one that IAM, CloudFormation or Terraform can undo, except deleting
// a user (said so in that step).
import {
  envRoleArn,
  landingRoleArn,
  samlProviderArn,
  stackName,
  templateFile,
  userArn,
  userGroupName,
  workloadRoles,
} from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { backupFile, DEACTIVATED_KEYS, profile, q, RUN_DIR } from "./shell.js";
import type { KeptExtra } from "./stages.js";
import type { Command, ExistingUser, Gate, TerraformRoot } from "./types.js";

export interface StepText {
  commands: Command[];
  gate: Gate;
  rollback: { what: string; commands: Command[] };
}

const iam = (u: ExistingUser, rest: string) => `aws iam ${rest} --profile ${profile(u.accountName)}`;
const roleName = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

/** Kept users the identity account lacks: created bare; break-glass also gets a console password to reset. */
export function createKeptUsersText(
  users: { name: string; breakGlass: boolean; exists: boolean }[],
  account: string,
): StepText {
  const p = profile(account);
  const getUser = (n: string) => `aws iam get-user --profile ${p} --user-name ${q(n)}`;
  const getLogin = (n: string) => `aws iam get-login-profile --profile ${p} --user-name ${q(n)}`;
  return {
    commands: users.flatMap((u) => [
      ...(u.exists
        ? []
        : [
            {
              sh: `if ! exists ${q(`user ${u.name}`)} ${getUser(u.name)}; then aws iam create-user --profile ${p} --user-name ${q(u.name)}; fi`,
              why: `kept user ${u.name}: Sekisho never handles its keys; its owner sets up MFA once the identity stack gives it the self-service policy`,
            },
          ]),
      ...(u.breakGlass
        ? [
            {
              sh: [
                `if ! exists ${q(`console password of ${u.name}`)} ${getLogin(u.name)}; then`,
                `  read -rsp ${q(`temporary console password for ${u.name} (its owner must change it at first sign-in): `)} pw; echo`,
                `  aws iam create-login-profile --profile ${p} --user-name ${q(u.name)} --password-reset-required --password "$pw" >/dev/null`,
                "fi",
              ].join("\n"),
              why: `break-glass ${u.name} signs in to the console: a temporary password you type (never stored), to be reset at first sign-in; its owner then enables MFA (step "verify sign-in")`,
            },
          ]
        : []),
    ]),
    gate: {
      what: "each kept user exists; break-glass users have a console password (reset at first sign-in)",
      commands: users.flatMap((u) => [
        {
          sh: `exists ${q(`user ${u.name}`)} ${getUser(u.name)} || fail ${q(`user ${u.name} does not exist`)}`,
        },
        ...(u.breakGlass
          ? [
              {
                sh: `exists ${q(`console password of ${u.name}`)} ${getLogin(u.name)} || fail ${q(`${u.name} has no console password`)}`,
              },
            ]
          : []),
      ]),
    },
    rollback: {
      what: "delete the users this step created (they hold nothing yet) and the console passwords it gave",
      commands: users.flatMap((u) => [
        ...(u.breakGlass
          ? [
              {
                sh: `if exists ${q(`console password of ${u.name}`)} ${getLogin(u.name)}; then aws iam delete-login-profile --profile ${p} --user-name ${q(u.name)}; fi`,
              },
            ]
          : []),
        ...(u.exists ? [] : [{ sh: `aws iam delete-user --profile ${p} --user-name ${q(u.name)}` }]),
      ]),
    },
  };
}

const METADATA_CHECK =
  "test -s GoogleIDPMetadata.xml || fail 'put the IdP metadata from the Google Admin console in GoogleIDPMetadata.xml, next to plan.md'";

export interface Stack {
  accountId: string;
  accountName: string;
  kind: "identity" | "environment";
}

export function deployText(
  model: AccessModel,
  stacks: Stack[],
  hasMetadata: boolean,
  keepKeys: ReadonlySet<string> = new Set(),
): StepText {
  const parameters = (s: Stack) =>
    s.kind === "environment"
      ? [`--parameter-overrides EnvironmentName=${q(s.accountName)}`]
      : hasMetadata
        ? []
        : ['--parameter-overrides SamlMetadataDocument="$(cat GoogleIDPMetadata.xml)"'];
  const deploy = (s: Stack): Command[] => [
    ...(s.kind === "identity" && !hasMetadata
      ? [
          {
            sh: METADATA_CHECK,
            why: "the identity stack takes Google's SAML metadata as a parameter",
          },
        ]
      : []),
    {
      // Every line but the last ends with a continuation: a lost one would deploy without parameters.
      sh: [
        `aws cloudformation deploy --profile ${profile(s.accountName)} --stack-name ${q(stackName(model, s.kind))}`,
        `--template-file ${q(templateFile(s))} --capabilities CAPABILITY_NAMED_IAM`,
        ...parameters(s),
      ].join(" \\\n  "),
      why: `${s.kind} stack in ${s.accountId} (${s.accountName})`,
    },
  ];
  const roles = (s: Stack) =>
    s.kind === "identity" ? landingRoles(model) : environmentRoles(model, s.accountId);
  const stackStatus = (s: Stack) => {
    const name = stackName(model, s.kind);
    return [
      `status=$(aws cloudformation describe-stacks --profile ${profile(s.accountName)} --stack-name ${q(name)} --query 'Stacks[0].StackStatus' --output text) || fail ${q(`cannot read stack ${name} in ${s.accountName}`)}`,
      `case $status in CREATE_COMPLETE | UPDATE_COMPLETE) ;; *) fail ${q(`stack ${name} in ${s.accountName} is `)}"$status" ;; esac`,
    ].join("\n");
  };
  return {
    commands: stacks.flatMap(deploy),
    gate: {
      what:
        stacks[0]?.kind === "identity"
          ? "the stack is complete; the SAML provider and every landing role exist; kept users are in their groups"
          : "every stack is complete and every environment role exists",
      commands: stacks.flatMap((s) => [
        { sh: stackStatus(s) },
        ...deployedChecks(model, s.accountName, roles(s), s.kind === "identity", keepKeys),
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

/** The landing roles, in the identity account. */
export function landingRoles(model: AccessModel): string[] {
  return model.teams.map((t) => landingRoleArn(model, t.name));
}

/** The environment roles a person switches into in one environment: a role per level their teams have there. */
export function grantedRoles(model: AccessModel, person: { teams: string[] }, env: string): string[] {
  return [
    ...new Set(
      model.teams
        .filter((t) => person.teams.includes(t.name))
        .flatMap((t) => t.grants.filter((g) => g.env === env).map((g) => g.level)),
    ),
  ].map((level) => envRoleArn(model, env, level));
}

/** One role per level some team is granted in the environments of this account. */
export function environmentRoles(model: AccessModel, accountId: string): string[] {
  return model.environments
    .filter((e) => e.accountId === accountId)
    .flatMap((e) =>
      [
        ...new Set(model.teams.flatMap((t) => t.grants.filter((g) => g.env === e.name).map((g) => g.level))),
      ].map((level) => envRoleArn(model, e.name, level)),
    );
}

/**
 * The gate's reads of what a deploy must leave in the account, whichever tool deployed it: each
 * role exists; in the identity account the SAML provider too, and each kept user is in its groups.
 */
function deployedChecks(
  model: AccessModel,
  accountName: string,
  roleArns: string[],
  identity: boolean,
  keepKeys: ReadonlySet<string>,
): Command[] {
  const keptGroups = model.users
    .filter((k) => !keepKeys.has(k.name))
    .flatMap((k) => k.teams.map((t) => ({ user: k.name, group: userGroupName(t) })));
  return [
    ...roleArns.map((arn) => ({
      sh: `exists ${q(`role ${roleName(arn)}`)} aws iam get-role --profile ${profile(accountName)} --role-name ${q(roleName(arn))} || fail ${q(`role ${arn} does not exist`)}`,
    })),
    ...(identity
      ? [
          {
            sh: `listed 'SAML providers' ${q(samlProviderArn(model.identity.accountId, model.identity.provider.name))} aws iam list-saml-providers --profile ${profile(accountName)} --query 'SAMLProviderList[].Arn' --output text || fail ${q(`no SAML provider ${model.identity.provider.name}`)}`,
          },
          ...keptGroups.map(({ user, group }) => ({
            sh: `listed ${q(`groups of ${user}`)} ${q(group)} aws iam list-groups-for-user --profile ${profile(accountName)} --user-name ${q(user)} --query 'Groups[].GroupName' --output text || fail ${q(`${user} is not in group ${group}`)}`,
          })),
        ]
      : []),
  ];
}

/** The saved plans, inside each root: `apply` runs exactly what `plan` showed. */
export const TF_PLAN = "sekisho.tfplan";
export const TF_DESTROY_PLAN = "sekisho-destroy.tfplan";

/**
 * The deploy steps as Terraform: per root, in the order given (environment accounts, then the
 * identity account), `init`, `plan -out` and `apply` of that saved plan. No profile and no
 * credentials are passed: each root's provider assumes its deploy_role_arn from whatever
 * credentials the shell has, and refuses any other account (allowed_account_ids). Every
 * command that fails stops the script, naming the root; -input=false so that nothing waits
 * for an answer (a missing variable is an error, never a prompt).
 */
export function terraformDeployText(
  model: AccessModel,
  roots: TerraformRoot[],
  hasMetadata: boolean,
  keepKeys: ReadonlySet<string> = new Set(),
): StepText {
  const tf = (r: TerraformRoot, rest: string) => `terraform -chdir=${q(r.dir)} ${rest}`;
  const needsMetadata = (r: TerraformRoot) => r.identity && !hasMetadata;
  // On a continued line, as with the stacks' parameters: a lost one would plan without it.
  const vars = (r: TerraformRoot) =>
    needsMetadata(r) ? ' \\\n  -var saml_metadata_document="$(cat GoogleIDPMetadata.xml)"' : "";
  const orFail = (r: TerraformRoot, what: string) => ` || fail ${q(`terraform ${what} failed in ${r.dir}`)}`;
  const metadataCheck = (r: TerraformRoot, why: string): Command[] =>
    needsMetadata(r) ? [{ sh: METADATA_CHECK, why }] : [];
  const roles = (r: TerraformRoot) =>
    r.identity
      ? [...landingRoles(model), ...environmentRoles(model, r.accountId)]
      : environmentRoles(model, r.accountId);
  const adopted = roots.some((r) => r.adopted.length);
  return {
    commands: roots.flatMap((r) => [
      ...metadataCheck(r, "the identity root takes Google's SAML metadata as a variable"),
      {
        sh: `${tf(r, "init -input=false")}${orFail(r, "init")}`,
        why: `${r.identity ? "identity" : "environment"} root of ${r.accountId} (${r.accountName}): its provider assumes the root's deploy_role_arn`,
      },
      { sh: `${tf(r, `plan -input=false -out=${TF_PLAN}`)}${vars(r)}${orFail(r, "plan")}` },
      { sh: `${tf(r, `apply -input=false ${TF_PLAN}`)}${orFail(r, "apply")}` },
    ]),
    gate: {
      what: roots[0]?.identity
        ? "Terraform has nothing left to change in the identity root (plan -detailed-exitcode); the SAML provider and every landing role exist; kept users are in their groups"
        : "Terraform has nothing left to change in each root (plan -detailed-exitcode) and every environment role exists",
      commands: roots.flatMap((r) => [
        ...metadataCheck(r, "the identity root's plan needs the metadata variable too"),
        {
          // 0: no changes; 2: changes left (the account is not what was applied); else an error.
          sh: [
            `rc=0; ${tf(r, "plan -input=false -detailed-exitcode")}${vars(r)} >&2 || rc=$?`,
            `case $rc in 0) ;; 2) fail ${q(`${r.dir}: terraform plan still shows changes`)} ;; *) fail ${q(`cannot run terraform plan in ${r.dir}`)} ;; esac`,
          ].join("\n"),
        },
        ...deployedChecks(model, r.accountName, roles(r), r.identity, keepKeys),
      ]),
    },
    rollback: {
      what: `destroy what Terraform created in the roots just applied (nobody depends on it yet)${adopted ? "; what the import blocks adopted existed before and is forgotten first, not destroyed: it stays as the apply left it (the export holds what it had)" : ""}`,
      commands: roots.flatMap((r) => [
        ...metadataCheck(r, "the identity root's plan needs the metadata variable too"),
        { sh: `${tf(r, "init -input=false")}${orFail(r, "init")}` },
        ...(r.adopted.length
          ? [
              {
                sh: [
                  `state=$(${tf(r, "state list")}) || fail ${q(`cannot read the Terraform state of ${r.dir}`)}`,
                  `for a in ${r.adopted.map(q).join(" ")}; do`,
                  `  if printf '%s\\n' "$state" | grep -xF -- "$a" >/dev/null; then ${tf(r, 'state rm "$a"')} || fail ${q(`cannot forget in ${r.dir}: `)}"$a"; fi`,
                  "done",
                ].join("\n"),
                why: `adopted by import blocks in ${r.dir}: forgotten, so that the destroy leaves them`,
              },
            ]
          : []),
        {
          sh: `${tf(r, `plan -destroy -input=false -out=${TF_DESTROY_PLAN}`)}${vars(r)}${orFail(r, "plan -destroy")}`,
        },
        { sh: `${tf(r, `apply -input=false ${TF_DESTROY_PLAN}`)}${orFail(r, "apply of the destroy plan")}` },
      ]),
    },
  };
}

const SYNC = "sekisho google sync access.yaml --credentials KEY.json --admin ADMIN_EMAIL";
const GOOGLE_BEFORE = `${RUN_DIR}/google-before.txt`;

export function googleText(): StepText {
  return {
    commands: [
      {
        // A dry run exits 1 when Google differs from the model (expected here), 2 on errors.
        sh: `mkdir -p ${RUN_DIR}\n${SYNC} > ${GOOGLE_BEFORE} || test $? -eq 1`,
        why: "dry run first: records what changes, and today's values",
      },
      { sh: `${SYNC} --apply`, why: "writes each person's role and session-duration attributes" },
    ],
    gate: {
      what: "Google Workspace holds exactly the model's attributes (the dry run exits 0 only then)",
      commands: [{ sh: `${SYNC} || fail 'Google Workspace differs from the model, or cannot be read'` }],
    },
    rollback: {
      what: `set back the previous values listed in ${GOOGLE_BEFORE} (Admin console, or the Directory API); AWS is unchanged by this step`,
      commands: [],
    },
  };
}

const VERIFY_STARTED = `${RUN_DIR}/verify-sign-in.started`;

/** CloudTrail events of one name since the step started, as JSON, or the script stops. */
function lookup(accountName: string, event: string, variable: string, region: string): string {
  return [
    `${variable}=$(aws cloudtrail lookup-events --profile ${profile(accountName)} --region ${region} --start-time "$started" \\`,
    `  --lookup-attributes AttributeKey=EventName,AttributeValue=${event} \\`,
    `  --query 'Events[].CloudTrailEvent' --output json) || fail ${q(`cannot read CloudTrail (${event}) in ${accountName}`)}`,
  ].join("\n");
}

// jq programs: one line "ROLE-ARN NAME" per successful event after $started, for every name the
// event carries for the person (session name, source identity); the gate then compares whole lines,
// case-insensitively, so ana@acme.io is not matched by diana@acme.io.
const SAML_NAMES =
  '.[] | fromjson | select(.eventName == "AssumeRoleWithSAML" and (.errorCode // "") == "" and .eventTime >= $started) | .requestParameters.roleArn as $r | ((.responseElements.assumedRoleUser.arn // "" | split("/") | last), (.responseElements.sourceIdentity // empty)) | "\\($r) \\(.)"';
const SWITCH_NAMES =
  '.[] | fromjson | select(.eventName == "AssumeRole" and (.errorCode // "") == "" and .eventTime >= $started) | .requestParameters.roleArn as $r | ((.requestParameters.roleSessionName // empty), (.requestParameters.sourceIdentity // empty), (.userIdentity.sessionContext.sourceIdentity // empty)) | "\\($r) \\(.)"';
const WEB_IDENTITY_ROLES =
  '.[] | fromjson | select(.eventName == "AssumeRoleWithWebIdentity" and (.errorCode // "") == "" and .eventTime >= $started) | .requestParameters.roleArn';
const MFA_LOGINS =
  '.[] | fromjson | select(.eventName == "ConsoleLogin" and .userIdentity.type == "IAMUser" and .responseElements.ConsoleLogin == "Success" and .additionalEventData.MFAUsed == "Yes" and .eventTime >= $started) | .userIdentity.arn';

/** Each expected line must be one of the seen lines, whole and case-insensitively. */
function seenEach(variable: string, who: string, lines: string[], missing: string): string {
  return `printf '%s\\n' "$${variable}" | grep -xiF ${lines.map((l) => `-e ${q(l)}`).join(" ")} >/dev/null || fail ${q(`${missing}: ${who}`)}`;
}

export function verifyText(
  model: AccessModel,
  identityName: string,
  envNames: Map<string, string>,
  workloads: string[] = [],
): StepText {
  // UNCONFIRMED where AWS writes console sign-ins: the global sign-in endpoint logs to us-east-1.
  // Looking in one region can only miss an event, which keeps the gate shut (the safe side).
  const region = '"${SIGNIN_REGION:-us-east-1}"';
  const landing = (teams: string[]) => teams.map((t) => landingRoleArn(model, t));
  const breakGlass = model.users.filter((k) => k.breakGlass);
  const switched = [...envNames.entries()].filter(([id]) => id !== model.identity.accountId);
  const read = (file: string) =>
    `started=$(cat ${file}) || fail 'run this step first: it records when verification started'`;
  return {
    commands: [
      {
        sh: `mkdir -p ${RUN_DIR}\ntest -s ${VERIFY_STARTED} || date -u +%Y-%m-%dT%H:%M:%SZ > ${VERIFY_STARTED}`,
        why: "records when verification started: only sign-ins after it count",
      },
    ],
    gate: {
      what: `every person has signed in through Google after this step started (CloudTrail AssumeRoleWithSAML in the identity account, into one of their landing roles, their email as session name or source identity, compared whole)${model.options.sourceIdentity ? " and switched into each environment account they are granted (AssumeRole carrying their email)" : ""}${breakGlass.length ? "; each break-glass user has signed in to the console with MFA" : ""}${workloads.length ? `; each pipeline moving to a workload (${workloads.join(", ")}) has exchanged its OIDC token for one of its roles (AssumeRoleWithWebIdentity, in the role's account)` : ""}`,
      commands: [
        { sh: read(VERIFY_STARTED) },
        {
          sh: `${lookup(identityName, "AssumeRoleWithSAML", "events", region)}\nsignins=$(printf '%s' "$events" | jq -r --arg started "$started" ${q(SAML_NAMES)}) || fail 'cannot read the sign-in events'`,
          why: "sign-ins reach CloudTrail in us-east-1 (SIGNIN_REGION to change)",
        },
        ...model.people.map((p) => ({
          sh: seenEach(
            "signins",
            p.email,
            landing(p.teams).map((r) => `${r} ${p.email}`),
            "no Google sign-in yet",
          ),
        })),
        ...(breakGlass.length
          ? [
              {
                sh: `${lookup(identityName, "ConsoleLogin", "events", region)}\nlogins=$(printf '%s' "$events" | jq -r --arg started "$started" ${q(MFA_LOGINS)}) || fail 'cannot read the console sign-in events'`,
              },
              ...breakGlass.map((k) => ({
                sh: seenEach(
                  "logins",
                  k.name,
                  [userArn(model.identity.accountId, k.name)],
                  "no console sign-in with MFA yet",
                ),
              })),
            ]
          : []),
        ...workloadGate(model, workloads),
        ...(model.options.sourceIdentity
          ? switched.flatMap(([, name]) => {
              const granted = model.people.flatMap((p) => {
                const roles = grantedRoles(model, p, name);
                return roles.length ? [{ email: p.email, roles }] : [];
              });
              const variable = `switches_${name.replace(/\W/g, "_")}`;
              return granted.length
                ? [
                    {
                      sh: `${lookup(name, "AssumeRole", "events", region)}\n${variable}=$(printf '%s' "$events" | jq -r --arg started "$started" ${q(SWITCH_NAMES)}) || fail ${q(`cannot read the switch events of ${name}`)}`,
                    },
                    ...granted.map((g) => ({
                      sh: seenEach(
                        variable,
                        g.email,
                        g.roles.map((r) => `${r} ${g.email}`),
                        `no switch into ${name} yet`,
                      ),
                    })),
                  ]
                : [];
            })
          : []),
      ],
    },
    rollback: { what: "nothing changed in this step", commands: [] },
  };
}

/**
 * Each pipeline moving to its workload: a successful AssumeRoleWithWebIdentity into one of its
 * roles. prove showed those trusts admit only the workload's issuer, audience and subjects, so the
 * role is the proof. STS logs the exchange in the region of the endpoint the pipeline called:
 * the model's region unless WORKLOAD_REGION says otherwise; looking in another can only miss it,
 * which keeps the gate shut.
 */
function workloadGate(model: AccessModel, workloads: string[]): Command[] {
  if (workloads.length === 0) return [];
  const region = `"\${WORKLOAD_REGION:-${model.options.region}}"`;
  const accounts = [...new Set(workloads.flatMap((w) => workloadRoles(model, w).map((r) => r.account)))];
  return [
    { sh: "exchanged=''" },
    ...accounts.map((a) => {
      const name = model.environments.find((e) => e.accountId === a)?.name ?? a;
      return {
        sh: [
          lookup(name, "AssumeRoleWithWebIdentity", "events", region),
          `got=$(printf '%s' "$events" | jq -r --arg started "$started" ${q(WEB_IDENTITY_ROLES)}) || fail ${q(`cannot read the token exchanges of ${name}`)}`,
          `exchanged="$exchanged"$'\\n'"$got"`,
        ].join("\n"),
        why: `token exchanges in ${name} (${a})`,
      };
    }),
    ...workloads.map((w) => ({
      sh: seenEach(
        "exchanged",
        w,
        workloadRoles(model, w).map((r) => r.arn),
        "no token exchange yet for workload",
      ),
    })),
  ];
}

/** Runs the aws command only while the user still has a console password (a rerun is harmless). */
function deleteLoginProfile(u: ExistingUser): string {
  return `if exists ${q(`console password of ${u.name}`)} ${iam(u, `get-login-profile --user-name ${q(u.name)}`)}; then ${iam(u, `delete-login-profile --user-name ${q(u.name)}`)}; fi`;
}

export function removePermissionsText(users: ExistingUser[]): StepText {
  return {
    commands: users.flatMap((u) => [
      {
        sh: deleteLoginProfile(u),
        why: `${u.name} in ${u.account} (${u.accountName}), replaced by ${u.fate.kind === "replaced" ? u.fate.person : u.fate.kind === "workload" ? `workload ${u.fate.workload}` : "?"}: console password`,
      },
      ...strip(u, u.attached),
    ]),
    gate: {
      what: "the replaced users have no console password, no policy and no group; each affected person has worked through Google sign-in for a few days",
      commands: users.flatMap((u) => [
        {
          sh: `if exists ${q(`console password of ${u.name}`)} ${iam(u, `get-login-profile --user-name ${q(u.name)}`)}; then fail ${q(`${u.name} still has a console password`)}; fi`,
        },
        {
          sh: `empty ${q(`policies attached to ${u.name}`)} ${iam(u, `list-attached-user-policies --user-name ${q(u.name)} --query 'AttachedPolicies[].PolicyArn' --output json`)}`,
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
      sh: `empty ${q(`inline policies of ${u.name}`)} ${iam(u, `list-user-policies --user-name ${q(u.name)} --query 'PolicyNames[]' --output json`)}`,
    },
    {
      sh: `empty ${q(`groups of ${u.name}`)} ${iam(u, `list-groups-for-user --user-name ${q(u.name)} --query 'Groups[].GroupName' --output json`)}`,
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

/** Access key ids are [A-Z0-9]; anything else read from AWS stops the script before it is used. */
const KEY_CHECK = '[[ $key =~ ^[A-Z0-9]{16,128}$ ]] || fail "not an access key id: $key"';

export function deactivateKeysText(users: ExistingUser[]): StepText {
  const accounts = [...new Map(users.map((u) => [u.account, u.accountName]))];
  return {
    commands: [
      {
        sh: `mkdir -p ${RUN_DIR}\ntouch ${DEACTIVATED_KEYS}`,
        why: `${DEACTIVATED_KEYS} lists every key this step deactivates: the rollback reactivates exactly those`,
      },
      ...users.map((u) => ({
        sh: [
          `keys=$(${iam(u, `list-access-keys --user-name ${q(u.name)} --query 'AccessKeyMetadata[?Status==\`Active\`].AccessKeyId' --output text`)}) || fail ${q(`cannot list the keys of ${u.name}`)}`,
          "for key in $keys; do",
          `  ${KEY_CHECK}`,
          `  last=$(${iam(u, `get-access-key-last-used --access-key-id "$key" --query AccessKeyLastUsed.LastUsedDate --output text`)}) || fail ${q(`cannot read when a key of ${u.name} was last used: `)}"$key"`,
          `  if [ "$last" != None ] && [ -z "\${FORCE:-}" ] && [ "$(date -d "$last" +%s)" -gt "$(date -d "-\${RECENT_DAYS:-7} days" +%s)" ]; then`,
          `    fail ${q(`refusing: ${u.name} key `)}"$key was used $last; find what uses it, or FORCE=1"`,
          "  fi",
          `  ${iam(u, `update-access-key --user-name ${q(u.name)} --access-key-id "$key" --status Inactive`)}`,
          `  printf '%s\\t%s\\t%s\\n' ${q(u.account)} ${q(u.name)} "$key" >> ${DEACTIVATED_KEYS}`,
          "done",
        ].join("\n"),
        why: `${u.name} in ${u.account}: keys used in the last RECENT_DAYS days (default 7) stop the script`,
      })),
    ],
    gate: {
      what: "no active key is left on the replaced users, and after at least a week nothing that used them has failed",
      commands: users.map((u) => ({
        sh: `empty ${q(`active keys of ${u.name}`)} ${iam(u, `list-access-keys --user-name ${q(u.name)} --query 'AccessKeyMetadata[?Status==\`Active\`].AccessKeyId' --output json`)}`,
      })),
    },
    rollback: {
      what: `reactivate exactly the keys this step deactivated (listed in ${DEACTIVATED_KEYS})`,
      commands: [
        {
          sh: [
            `test -f ${DEACTIVATED_KEYS} || fail 'no ${DEACTIVATED_KEYS}: this step never ran here'`,
            "while IFS=$'\\t' read -r account user key; do",
            `  case $account in ${accounts.map(([id, name]) => `${q(id)}) profile=${profile(name)} ;;`).join(" ")} *) fail "${DEACTIVATED_KEYS}: unknown account $account" ;; esac`,
            `  ${KEY_CHECK}`,
            '  aws iam update-access-key --profile "$profile" --user-name "$user" --access-key-id "$key" --status Active',
            `done < ${DEACTIVATED_KEYS}`,
          ].join("\n"),
        },
      ],
    },
  };
}

export function deleteUsersText(users: ExistingUser[]): StepText {
  // Lists first (a failed read stops the script), then one delete per item.
  const each = (u: ExistingUser, list: string, query: string, what: string, del: string) =>
    [
      `ids=$(${iam(u, `${list} --user-name ${q(u.name)} --query '${query}' --output text`)}) || fail ${q(`cannot list the ${what} of ${u.name}`)}`,
      `for v in $ids; do ${del}; done`,
    ].join("\n");
  return {
    commands: users.flatMap((u) => [
      {
        sh: each(
          u,
          "list-access-keys",
          "AccessKeyMetadata[].AccessKeyId",
          "access keys",
          iam(u, `delete-access-key --user-name ${q(u.name)} --access-key-id "$v"`),
        ),
        why: `${u.name} in ${u.account}: what DeleteUser requires gone first, then the user`,
      },
      {
        sh: each(
          u,
          "list-signing-certificates",
          "Certificates[].CertificateId",
          "signing certificates",
          iam(u, `delete-signing-certificate --user-name ${q(u.name)} --certificate-id "$v"`),
        ),
      },
      {
        sh: each(
          u,
          "list-ssh-public-keys",
          "SSHPublicKeys[].SSHPublicKeyId",
          "SSH keys",
          iam(u, `delete-ssh-public-key --user-name ${q(u.name)} --ssh-public-key-id "$v"`),
        ),
      },
      {
        sh: each(
          u,
          "list-service-specific-credentials",
          "ServiceSpecificCredentials[].ServiceSpecificCredentialId",
          "service-specific credentials",
          iam(
            u,
            `delete-service-specific-credential --user-name ${q(u.name)} --service-specific-credential-id "$v"`,
          ),
        ),
      },
      {
        sh: each(
          u,
          "list-mfa-devices",
          "MFADevices[].SerialNumber",
          "MFA devices",
          `${iam(u, `deactivate-mfa-device --user-name ${q(u.name)} --serial-number "$v"`)}; case $v in arn:*:mfa/*) ${iam(u, 'delete-virtual-mfa-device --serial-number "$v"')} ;; esac`,
        ),
      },
      { sh: deleteLoginProfile(u) },
      { sh: iam(u, `delete-user --user-name ${q(u.name)}`) },
    ]),
    gate: {
      what: "the replaced users are gone, and `sekisho diff` on a fresh export finds no drift",
      commands: [
        ...users.map((u) => ({
          sh: `if exists ${q(`user ${u.name}`)} ${iam(u, `get-user --user-name ${q(u.name)}`)}; then fail ${q(`${u.name} in ${u.account} still exists`)}; fi`,
        })),
        ...FRESH_DIFF,
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

/** A fresh export and `sekisho diff` on it: the gate of the steps whose result only the whole picture shows. */
const FRESH_DIFF: Command[] = [
  {
    sh: [
      ': "${MODEL:?set MODEL to the access.yaml this plan was made from}"',
      ': "${COLLECT_ARGS:?set COLLECT_ARGS to the options of sekisho collect, e.g. --profile admin --assume-role-arn ARN}"',
      `after=${RUN_DIR}/exports-$(date -u +%Y%m%dT%H%M%SZ)`,
      'sekisho collect -o "$after" $COLLECT_ARGS || fail "cannot collect a fresh export"',
      'sekisho diff "$MODEL" "$after" -o "$after-diff" || fail "sekisho diff found drift (see $after-diff)"',
    ].join("\n"),
    why: "a fresh export of every account, compared with the model",
  },
];

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
      commands: [
        ...extras.flatMap(({ user: u, extras: items }) =>
          items.map((e) => ({
            sh:
              e.kind === "group"
                ? `if listed ${q(`groups of ${u.name}`)} ${q(e.name)} ${iam(u, `list-groups-for-user --user-name ${q(u.name)} --query 'Groups[].GroupName' --output text`)}; then fail ${q(`${u.name} is still in group ${e.name}`)}; fi`
                : e.kind === "policy"
                  ? `if listed ${q(`policies attached to ${u.name}`)} ${q(e.name)} ${iam(u, `list-attached-user-policies --user-name ${q(u.name)} --query 'AttachedPolicies[].PolicyArn' --output text`)}; then fail ${q(`${u.name} still has ${e.name}`)}; fi`
                  : `if listed ${q(`inline policies of ${u.name}`)} ${q(e.name)} ${iam(u, `list-user-policies --user-name ${q(u.name)} --query 'PolicyNames[]' --output text`)}; then fail ${q(`${u.name} still has inline policy ${e.name}`)}; fi`,
          })),
        ),
        ...FRESH_DIFF,
      ],
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
          sh: [
            `attached=$(${iam(u, `list-attached-user-policies --user-name ${q(u.name)} --query 'AttachedPolicies[].PolicyArn' --output text`)}) || fail ${q(`cannot read the policies attached to ${u.name}`)}`,
            `[ "$(printf '%s\\n' "$attached" | tr '\\t ' '\\n\\n' | sed '/^$/d' | sort | tr '\\n' ' ')" = ${q(`${[...to].sort().join(" ")} `)} ] || fail ${q(`${u.name} does not have exactly the model's policies`)}`,
          ].join("\n"),
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
