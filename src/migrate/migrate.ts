// migrate: today's accounts → the model, as an ordered plan whose every step has commands, a
// gate and a rollback, and is dry-run with the engine: the order below never locks anyone out.
//   deploy (environment roles, then the identity stack) → Google attributes → verify sign-in →
//   only then remove the replaced users' passwords and policies → deactivate their keys →
//   delete them (kept users and break-glass stay) → reduce kept users to the design.
import { withAwsManagedDocuments } from "../import/aws-managed.js";
import { landingRoleArn, workloadRoles } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import type { OrgState } from "../state/org-state.js";
import { lacking } from "./access.js";
import { ALL } from "./action-set.js";
import { DryRun, type StageSpec, type Subject } from "./check.js";
import {
  createKeptUsersText,
  deactivateKeysText,
  deleteUsersText,
  deployText,
  googleText,
  narrowText,
  reduceKeptText,
  removePermissionsText,
  type Stack,
  type StepText,
  terraformDeployText,
  verifyText,
} from "./commands.js";
import { alignManagedVersions } from "./managed-versions.js";
import {
  keptAsDesigned,
  keptUserExtras,
  narrowUsers,
  withEnvironmentRoles,
  withIdentity,
  withKeptUsers,
  withoutPermissions,
  withoutUsers,
} from "./stages.js";
import {
  keptEnd,
  signInTarget,
  stackTargets,
  terraformTargets,
  userTarget,
  webIdentityTarget,
} from "./targets.js";
import type {
  ExistingUser,
  Flag,
  MigrationPlan,
  Step,
  StepCheck,
  StepId,
  Target,
  TerraformRoot,
} from "./types.js";
import { accountName, existingUsers, type UserMap } from "./users.js";

export interface MigrateInput {
  model: AccessModel;
  /** compile(model). */
  design: OrgState;
  /** The imported exports of today's accounts. */
  real: OrgState;
  map: UserMap;
  /** ISO instant the dry run evaluates at. */
  now: string;
  /** The SAML metadata is in the model's folder (else the identity stack takes it as a parameter). */
  hasMetadata: boolean;
  /** Accounts whose export is cut short (IsTruncated, the next page missing). */
  partial?: string[];
  /** Kept users whose keys stay in use: left outside the design's groups (whose no-MFA deny would cut the keys). */
  keepKeys?: string[];
  /**
   * Deploy with Terraform: the account roots, environment accounts first (emit's terraformFiles).
   * Without it, the deploy steps are CloudFormation stacks.
   */
  terraform?: TerraformRoot[];
}

/** Access keys used this recently may belong to automation. */
const RECENT_DAYS = 30;
const DAY = 86_400_000;

export function migrationPlan(input: MigrateInput): MigrationPlan {
  const { model, now } = input;
  // The AWS managed policies an export left out are public: read them from Sekisho's copy, as
  // the design does; and where both have one, both sides use the same (newest) text.
  const aligned = alignManagedVersions(withAwsManagedDocuments(input.real).state, input.design);
  const real = aligned.real;
  // What the migration deploys: the model's design, but kept users keeping their keys join no group.
  const design = migrationDesign(aligned.design, model, input.keepKeys ?? []);
  const users = existingUsers(model, real, input.map);
  const keepKeys = new Set(input.keepKeys ?? []);
  // Kept users whose keys are in use: the design's no-MFA deny would cut them.
  const machines = users.filter(
    (u) =>
      u.fate.kind === "kept" &&
      !u.fate.breakGlass &&
      u.account === model.identity.accountId &&
      // Without a credential report nobody knows whether its keys are in use: the safe side is
      // that they are (the identity step's no-MFA deny would cut them).
      (u.activeKeys === undefined || (!!u.activeKeys && recentDays(u, now) !== undefined)),
  );
  // People's users, and pipelines' users mapped to a workload: removed the same way, in the same steps.
  const replaced = users.filter((u) => u.fate.kind === "replaced" || u.fate.kind === "workload");
  const mapped = users.filter((u) => u.fate.kind === "workload");
  const mappedWorkloads = [
    ...new Set(mapped.flatMap((u) => (u.fate.kind === "workload" ? [u.fate.workload] : []))),
  ].sort();
  const replacedArns = new Set(replaced.map((u) => u.arn));
  const identityId = model.identity.accountId;
  const identityName = accountName(model, identityId);
  const missingKept = model.users.filter(
    (k) => !users.some((u) => u.fate.kind === "kept" && u.fate.name === k.name),
  );

  // The states after each step.
  // Judged against what the model grants (the whole design): a kept user keeping its keys keeps
  // what it had, and may still never gain beyond before + model.
  const dryRun = new DryRun(model, aligned.design, real, users, now, model.options.sourceIdentity, keepKeys);
  const all = dryRun.subjects;

  // Who can change IAM in the identity account today could take over every landing role once
  // the stacks exist: narrow those the model does not make admin everywhere, before anything.
  // With Terraform the identity account is one root: its environment roles come with the
  // identity step, and the dry run judges the accounts exactly as each apply leaves them.
  const tf = input.terraform;
  const identityRoot = new Set(tf ? [identityId] : []);
  const deploy = (base: OrgState) => {
    const kept = missingKept.length ? withKeptUsers(base, design, model) : base;
    const env = withEnvironmentRoles(kept, design, model, identityRoot);
    return { base, kept, env, identity: withIdentity(env, design, model, tf !== undefined) };
  };
  const asToday = deploy(real);
  const deployedStage: StageSpec = { state: asToday.identity, ...phase("deploy-identity") };
  const narrowing = new Map<string, string[]>();
  for (const u of replaced) {
    if (u.account !== identityId || u.fate.kind !== "replaced") continue;
    const person = u.fate.person;
    const owner = all.find((x) => x.who === person)!;
    if (dryRun.gains(u.arn, owner, deployedStage)) narrowing.set(u.arn, identityPolicies(model, person));
  }
  // Machines among the kept users are narrowed too, to their teams' levels there attached
  // directly (no MFA condition), so their keys keep working.
  for (const u of machines) {
    if (u.fate.kind !== "kept") continue;
    const name = u.fate.name;
    const owner = all.find((x) => x.who === `user ${name}`)!;
    if (dryRun.gains(u.arn, owner, deployedStage)) narrowing.set(u.arn, keptIdentityPolicies(model, name));
  }
  const subjectOf = (u: ExistingUser) =>
    u.fate.kind === "replaced"
      ? u.fate.person
      : u.fate.kind === "kept"
        ? `user ${u.fate.name}`
        : u.fate.kind === "workload"
          ? `workload ${u.fate.workload}`
          : u.arn;
  const narrowedUsers = users.filter((u) => narrowing.has(u.arn));
  const narrowedWho: ReadonlyMap<string, ReadonlySet<string>> = new Map(
    narrowedUsers.map((u) => [subjectOf(u), new Set([identityId])] as const),
  );
  // What the later steps find on the narrowed users.
  const current = replaced.map((u) =>
    narrowing.has(u.arn) ? { ...u, attached: narrowing.get(u.arn)!, inline: [], groups: [] } : u,
  );

  // Without narrowing, the states are those just built (and their graphs are reused).
  const {
    base: s0,
    kept: sKept,
    env: sEnv,
    identity: sIdentity,
  } = narrowing.size ? deploy(narrowUsers(real, design, model, narrowing)) : asToday;
  const sStripped = withoutPermissions(sIdentity, replacedArns);
  const sDeleted = withoutUsers(sStripped, replacedArns);
  // A kept user keeping its keys stays as it is: outside the design's groups, not reduced.
  const extras = new Map(
    [...keptUserExtras(sDeleted, design, model)].filter(
      ([arn]) => !users.some((u) => u.arn === arn && u.fate.kind === "kept" && keepKeys.has(u.fate.name)),
    ),
  );
  const sReduced = extras.size ? keptAsDesigned(sDeleted, design, model, keepKeys) : sDeleted;

  const stepTexts: {
    id: StepId;
    state: OrgState;
    title: string;
    changes: string[];
    text: StepText;
    affected: string[];
    targets: Target[];
  }[] = [];
  const push = (s: (typeof stepTexts)[number]) => stepTexts.push(s);
  // Who a removal step changes things for: the people and workloads whose users it removes.
  const personsOf = (us: ExistingUser[]) =>
    [
      ...new Set(us.filter((u) => u.fate.kind === "replaced" || u.fate.kind === "workload").map(subjectOf)),
    ].sort();

  const stacks = stackList(model, design);
  const envRoots = (tf ?? []).filter((r) => !r.identity);
  const idRoots = (tf ?? []).filter((r) => r.identity);

  if (narrowing.size)
    push({
      id: "narrow-identity-admins",
      title: "Narrow the identity account's IAM admins to the model's policies there",
      state: s0,
      changes: [...narrowing].map(([arn, to]) => {
        const u = users.find((x) => x.arn === arn)!;
        const had = [
          ...u.attached.map(policyName),
          ...u.inline.map((p) => `inline ${p.name}`),
          ...u.groups.map((g) => `group ${g}`),
        ];
        return `${u.name} in ${u.account} (${u.accountName}): ${had.join(", ") || "nothing"} → ${to.map(policyName).join(", ") || "nothing"}: as an IAM admin of the identity account it could take over every landing role once they exist${u.fate.kind === "kept" ? " (a machine: the policies are attached directly, so its keys keep working)" : ""}`;
      }),
      text: narrowText([...narrowing].map(([arn, to]) => ({ user: users.find((x) => x.arn === arn)!, to }))),
      affected: narrowedUsers.map(subjectOf).sort(),
      targets: [...narrowing].map(([arn, to]) => {
        const u = users.find((x) => x.arn === arn)!;
        return userTarget(u, { exists: true, attached: to, inline: [], groups: [] });
      }),
    });
  // Break-glass signs in to the console: one that exists without a console password (or whose
  // report is missing) gets one here, to be reset at first sign-in.
  const passwordless = model.users.filter(
    (k) =>
      k.breakGlass &&
      users.some((u) => u.fate.kind === "kept" && u.fate.name === k.name && u.password !== true),
  );
  if (missingKept.length || passwordless.length)
    push({
      id: "create-kept-users",
      title: [
        missingKept.length
          ? `Create the kept users the identity account lacks (${missingKept.map((k) => k.name).join(", ")})`
          : "",
        passwordless.length
          ? `${missingKept.length ? "; g" : "G"}ive break-glass a console password to reset (${passwordless.map((k) => k.name).join(", ")})`
          : "",
      ].join(""),
      state: sKept,
      changes: [
        ...missingKept.map(
          (k) =>
            `create IAM user ${k.name} in ${identityId}: ${k.reason}${k.breakGlass ? "; with a console password its owner must change at first sign-in" : ""}`,
        ),
        ...passwordless.map(
          (k) =>
            `console password for ${k.name} in ${identityId}, to be changed at first sign-in (if it has none)`,
        ),
      ],
      text: createKeptUsersText(
        [
          ...missingKept.map((k) => ({ name: k.name, breakGlass: k.breakGlass, exists: false })),
          ...passwordless.map((k) => ({ name: k.name, breakGlass: true, exists: true })),
        ],
        identityName,
      ),
      affected: [...missingKept, ...passwordless].map((k) => `user ${k.name}`),
      targets: [...missingKept, ...passwordless].map((k) => ({
        kind: "user" as const,
        account: identityId,
        name: k.name,
        end: k.breakGlass ? { exists: true, password: "reset-required" as const } : { exists: true },
      })),
    });
  // With Terraform, an identity account that is the only environment has no root of its own to apply first.
  if (!tf || envRoots.length)
    push({
      id: "deploy-environment-roles",
      title: "Deploy the environment roles (nobody can assume them yet)",
      state: sEnv,
      changes: tf
        ? envRoots.map(
            (r) =>
              `Terraform root ${r.dir} in ${r.accountId} (${r.accountName}): one role per level granted there${adoptedNote(r)}`,
          )
        : stacks
            .filter((s) => s.kind === "environment")
            .map(
              (s) =>
                `environment stack in ${s.accountId} (${s.accountName}): one role per level granted there`,
            ),
      text: tf
        ? terraformDeployText(model, envRoots, input.hasMetadata)
        : deployText(
            model,
            stacks.filter((s) => s.kind === "environment"),
            input.hasMetadata,
          ),
      affected: [],
      targets: tf
        ? terraformTargets(model, envRoots, keepKeys)
        : stackTargets(
            model,
            stacks.filter((s) => s.kind === "environment"),
            input.hasMetadata,
            keepKeys,
          ),
    });
  push({
    id: "deploy-identity",
    title: tf
      ? "Deploy the identity account's Terraform root: SAML provider, landing roles, kept users' groups"
      : "Deploy the identity stack: SAML provider, landing roles, kept users' groups",
    state: sIdentity,
    changes: [
      `SAML provider ${model.identity.provider.name} and a landing role per team in ${identityId} (${identityName})`,
      ...idRoots.map(
        (r) =>
          `Terraform root ${r.dir}${stacks.some((s) => s.kind === "environment" && s.accountId === identityId) ? `, with the environment roles of ${identityName}` : ""}${adoptedNote(r)}`,
      ),
      ...model.users.map((k) =>
        keepKeys.has(k.name)
          ? `kept user ${k.name} keeps its keys and what it has (--keep-keys): it joins no group`
          : `kept user ${k.name} joins the groups of teams ${k.teams.join(", ")}`,
      ),
    ],
    text: tf
      ? terraformDeployText(model, idRoots, input.hasMetadata, keepKeys)
      : deployText(
          model,
          stacks.filter((s) => s.kind === "identity"),
          input.hasMetadata,
          keepKeys,
        ),
    affected: model.users.map((k) => `user ${k.name}`),
    targets: tf
      ? terraformTargets(model, idRoots, keepKeys)
      : stackTargets(
          model,
          stacks.filter((s) => s.kind === "identity"),
          input.hasMetadata,
          keepKeys,
        ),
  });
  push({
    id: "google-attributes",
    title: "Set each person's AWS sign-in attributes in Google Workspace",
    state: sIdentity,
    changes: [
      `${model.people.length} people get the SAML role and session-duration attributes of their teams`,
    ],
    text: googleText(),
    affected: model.people.map((p) => p.email),
    targets: [
      {
        kind: "manual",
        what: "set the attributes with `sekisho google sync access.yaml --credentials KEY.json --admin ADMIN_EMAIL --apply`; the next step's gate (sign-ins in CloudTrail) checks the result",
      },
    ],
  });
  push({
    id: "verify-sign-in",
    title: "Verify that everyone signs in through Google and switches role (nothing changes)",
    state: sIdentity,
    changes: [
      "each person opens their portal page, signs in, and switches into every role it lists",
      ...model.users
        .filter((k) => k.breakGlass)
        .map(
          (k) => `break-glass user ${k.name} signs in with its MFA and switches, then goes back to the safe`,
        ),
      ...mappedWorkloads.map(
        (w) =>
          `the pipeline of ${mapped
            .filter((u) => u.fate.kind === "workload" && u.fate.workload === w)
            .map((u) => `${u.name} in ${u.account}`)
            .join(
              ", ",
            )} runs with its OIDC token (workload ${w}: see workloads/${w}.md for its snippet) instead of the user's keys`,
      ),
    ],
    text: verifyText(
      model,
      identityName,
      new Map(model.environments.map((e) => [e.accountId, e.name])),
      mappedWorkloads,
    ),
    affected: [
      ...model.people.map((p) => p.email),
      ...model.users.filter((k) => k.breakGlass).map((k) => `user ${k.name}`),
      ...mappedWorkloads.map((w) => `workload ${w}`),
    ],
    targets: [
      signInTarget(model),
      ...(mappedWorkloads.length ? [webIdentityTarget(model, mappedWorkloads)] : []),
    ],
  });
  if (replaced.length) {
    push({
      id: "remove-console-and-policies",
      title: "Remove the replaced IAM users' console passwords, policies and groups",
      state: sStripped,
      changes: current.map(
        (u) =>
          `${u.name} in ${u.account} (${u.accountName}): ${
            [
              u.password === false ? "" : "console password",
              ...u.attached.map((a) => `policy ${a.slice(a.lastIndexOf("/") + 1)}`),
              ...u.inline.map((p) => `inline ${p.name}`),
              ...u.groups.map((g) => `group ${g}`),
            ]
              .filter(Boolean)
              .join(", ") || "nothing to remove"
          }`,
      ),
      text: removePermissionsText(current),
      affected: personsOf(replaced),
      targets: current.map((u) =>
        userTarget(u, { exists: true, attached: [], inline: [], groups: [], password: "absent" }),
      ),
    });
    const keyed = current.filter((u) => u.activeKeys !== 0);
    if (keyed.length)
      push({
        id: "deactivate-keys",
        title: "Deactivate the replaced users' access keys (after checking their last use)",
        state: sStripped,
        changes: keyed.map(
          (u) =>
            `${u.name} in ${u.account}: ${u.activeKeys === undefined ? "active keys unknown (no credential report)" : `${u.activeKeys} active key${u.activeKeys === 1 ? "" : "s"}`}${u.keyLastUsed ? `, last used ${u.keyLastUsed.slice(0, 10)}` : ""}`,
        ),
        text: deactivateKeysText(keyed),
        affected: personsOf(keyed),
        targets: keyed.map((u) =>
          userTarget(u, {
            exists: true,
            keys: "inactive",
            ...(u.fate.kind === "workload"
              ? { movedTo: { workload: u.fate.workload, roles: workloadRoles(model, u.fate.workload) } }
              : {}),
          }),
        ),
      });
    push({
      id: "delete-users",
      title: "Delete the replaced IAM users (kept users and break-glass stay)",
      state: sDeleted,
      changes: replaced.map((u) => `delete ${u.name} in ${u.account} (${u.accountName})`),
      text: deleteUsersText(current),
      affected: personsOf(replaced),
      targets: current.map((u) => userTarget(u, { exists: false })),
    });
  }
  if (extras.size) {
    const items = [...extras]
      .map(([arn, e]) => ({ user: users.find((u) => u.arn === arn)!, extras: e }))
      .sort((a, b) => a.user.name.localeCompare(b.user.name));
    push({
      id: "reduce-kept-users",
      title: "Reduce the kept users to the design: its groups, nothing of their own",
      state: sReduced,
      changes: items.map(
        ({ user, extras: e }) => `${user.name}: remove ${e.map((x) => `${x.kind} ${x.name}`).join(", ")}`,
      ),
      text: reduceKeptText(items),
      affected: items.map(({ user }) => `user ${user.fate.kind === "kept" ? user.fate.name : user.name}`),
      targets: items.map(({ user }) => userTarget(user, keptEnd(design, model, user.name))),
    });
  }

  // A step that changes an account whose export is cut short is judged on partial data: it does
  // not pass (what is missing may be exactly who loses or gains through it).
  const partial = new Set(input.partial ?? []);
  const stepAccounts = (id: StepId): string[] =>
    id === "deploy-environment-roles"
      ? tf
        ? envRoots.map((r) => r.accountId)
        : stacks.filter((x) => x.kind === "environment").map((x) => x.accountId)
      : id === "remove-console-and-policies" || id === "deactivate-keys" || id === "delete-users"
        ? [...new Set(replaced.map((u) => u.account))]
        : [identityId];
  const steps: Step[] = stepTexts.map((s, i) => {
    const dry = dryRun.check({ state: s.state, ...phase(s.id), narrowed: narrowedWho });
    const cut =
      s.id === "deploy-identity"
        ? machines.filter((u) => u.fate.kind === "kept" && !keepKeys.has(u.fate.name))
        : [];
    const check: StepCheck = cut.length
      ? {
          passed: false,
          summary: `${dry.summary}; ${cut.length} kept user${cut.length === 1 ? "" : "s"} would lose ${cut.length === 1 ? "its" : "their"} keys`,
          failures: [
            ...cut.map((u) => ({
              who: subjectOf(u),
              account: u.account,
              problem: "keys-cut" as const,
              actions: [],
            })),
            ...dry.failures,
          ],
        }
      : dry;
    const missing = stepAccounts(s.id)
      .filter((a) => partial.has(a))
      .sort();
    return {
      n: i + 1,
      id: s.id,
      title: s.title,
      changes: s.changes,
      commands: s.text.commands,
      gate: s.text.gate,
      rollback: s.text.rollback,
      affected: s.affected,
      targets: s.targets,
      check: missing.length
        ? {
            passed: false,
            summary: `${check.summary}; judged on a partial export of ${missing.join(", ")}`,
            failures: [
              ...missing.map((account) => ({
                who: "the plan",
                account,
                problem: "partial-data" as const,
                actions: [],
              })),
              ...check.failures,
            ],
          }
        : check,
    };
  });

  const flags = planFlags(model, real, users, all, steps, now, keepKeys);
  for (const u of machines) {
    if (u.fate.kind !== "kept") continue;
    const name = u.fate.name;
    const unknown = u.activeKeys === undefined;
    const used = unknown ? "no credential report covers it" : `used ${u.keyLastUsed?.slice(0, 10) ?? "?"}`;
    flags.push(
      keepKeys.has(name)
        ? {
            kind: "kept-keys",
            subject: u.arn,
            message: `${name} keeps its access keys (${used}) and what it has: --keep-keys leaves it outside the groups whose no-MFA deny would cut them. \`sekisho diff\` reports it until it moves to a workload role.`,
          }
        : {
            kind: "keys-in-use",
            subject: u.arn,
            message: `${name} ${unknown ? "may use access keys (no credential report covers it)" : `used an access key ${u.keyLastUsed?.slice(0, 10) ?? "?"}`}: step ${steps.find((s) => s.id === "deploy-identity")?.n} puts it in groups whose no-MFA deny cuts its keys. Decide: give it a workload role, or keep its keys (--keep-keys ${name}).`,
          },
    );
  }
  return {
    organization: model.organization,
    generatedAt: now,
    target: tf ? "terraform" : "cloudformation",
    accounts: [
      ...new Set([...real.accounts.map((a) => a.accountId), ...model.environments.map((e) => e.accountId)]),
    ]
      .sort()
      .map((id) => ({
        id,
        name: accountName(model, id),
        inModel: model.environments.some((e) => e.accountId === id),
      })),
    users,
    flags,
    partial: [...partial].sort(),
    managedPolicies: aligned.versions,
    steps,
    safe: steps.every((s) => s.check.passed),
  };
}

/** The steps in the order they run; where a step stands says what is live after it. */
const ORDER: StepId[] = [
  "narrow-identity-admins",
  "create-kept-users",
  "deploy-environment-roles",
  "deploy-identity",
  "google-attributes",
  "verify-sign-in",
  "remove-console-and-policies",
  "deactivate-keys",
  "delete-users",
  "reduce-kept-users",
];

export function phase(id: StepId): Omit<StageSpec, "state"> {
  const from = (first: StepId) => ORDER.indexOf(id) >= ORDER.indexOf(first);
  return {
    identity: from("deploy-identity"),
    sso: from("google-attributes"),
    removed: from("remove-console-and-policies"),
    reduced: from("reduce-kept-users"),
  };
}

/** What a root's import blocks adopt, said in its change line. */
function adoptedNote(r: TerraformRoot): string {
  return r.imports.length ? `; adopts what exists already (import blocks): ${r.imports.join(", ")}` : "";
}

const policyName = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

/** The managed policies the model gives a person in the identity account: the landing level and their levels there. */
function identityPolicies(model: AccessModel, email: string): string[] {
  const person = model.people.find((p) => p.email === email);
  const levels = new Set([
    model.identity.landing,
    ...model.teams
      .filter((t) => person?.teams.includes(t.name))
      .flatMap((t) => t.grants.filter((g) => g.env === model.identity.envName).map((g) => g.level)),
  ]);
  return [...new Set(model.levels.filter((l) => levels.has(l.name)).flatMap((l) => l.managed))].sort();
}

/** The managed policies of the levels a kept user's teams have in the identity account. */
function keptIdentityPolicies(model: AccessModel, name: string): string[] {
  const kept = model.users.find((k) => k.name === name);
  const levels = new Set(
    model.teams
      .filter((t) => kept?.teams.includes(t.name))
      .flatMap((t) => t.grants.filter((g) => g.env === model.identity.envName).map((g) => g.level)),
  );
  return [...new Set(model.levels.filter((l) => levels.has(l.name)).flatMap((l) => l.managed))].sort();
}

/** Days since the user's keys were last used, when within RECENT_DAYS; undefined otherwise. */
function recentDays(u: ExistingUser, now: string): number | undefined {
  if (!u.keyLastUsed) return undefined;
  // Calendar days (UTC), as a person reads "yesterday".
  const days = Math.round((Date.parse(now.slice(0, 10)) - Date.parse(u.keyLastUsed.slice(0, 10))) / DAY);
  return days <= RECENT_DAYS ? days : undefined;
}

/**
 * The design the migration deploys: the model's, with the kept users that keep their keys
 * (--keep-keys) left out of the groups whose no-MFA deny would cut those keys.
 */
export function migrationDesign(design: OrgState, model: AccessModel, keepKeys: readonly string[]): OrgState {
  if (keepKeys.length === 0) return design;
  return {
    accounts: design.accounts.map((a) =>
      a.accountId === model.identity.accountId
        ? {
            ...a,
            authorizationDetails: {
              ...a.authorizationDetails,
              UserDetailList: a.authorizationDetails.UserDetailList.map((u) =>
                keepKeys.includes(u.UserName) ? { ...u, GroupList: [] } : u,
              ),
            },
          }
        : a,
    ),
  };
}

/** The stacks of the design, environment accounts first (as deploy.md orders them). */
function stackList(model: AccessModel, design: OrgState): Stack[] {
  const landing = new Set(model.teams.map((t) => landingRoleArn(model, t.name)));
  const out: Stack[] = [];
  for (const a of design.accounts) {
    const name = a.name ?? a.accountId;
    if (a.authorizationDetails.RoleDetailList.some((r) => !landing.has(r.Arn)))
      out.push({ accountId: a.accountId, accountName: name, kind: "environment" });
  }
  const identity = design.accounts.find((a) => a.accountId === model.identity.accountId);
  if (identity)
    out.push({
      accountId: identity.accountId,
      accountName: identity.name ?? identity.accountId,
      kind: "identity",
    });
  return out;
}

function describeLoss(lost: Map<string, string[]>, model: AccessModel): string {
  return [...lost]
    .map(([account, actions]) =>
      actions[0] === ALL
        ? `admin of ${account} (${accountName(model, account)})`
        : `${actions.length} action${actions.length === 1 ? "" : "s"} in ${account} (${accountName(model, account)}), e.g. ${actions.slice(0, 3).join(", ")}`,
    )
    .join("; ");
}

/** Names CI/CD users tend to have. */
const PIPELINE_NAME =
  /(^|[^a-z])(ci|cd|github|gitlab|deploy(er)?|pipelines?|jenkins|circleci|bitbucket|buildkite|terraform|actions)([^a-z]|$)/i;

/** The model's workload sharing the most name parts with the user's, if any does. */
function suggestedWorkload(model: AccessModel, user: string): string | undefined {
  const parts = (x: string) =>
    new Set(
      x
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter(Boolean),
    );
  const mine = parts(user);
  let best: { name: string; score: number } | undefined;
  for (const w of model.workloads) {
    const score = [...parts(w.name)].filter((p) => mine.has(p)).length;
    if (score > 0 && (!best || score > best.score)) best = { name: w.name, score };
  }
  return best?.name;
}

function planFlags(
  model: AccessModel,
  real: OrgState,
  users: ExistingUser[],
  subjects: Subject[],
  steps: Step[],
  now: string,
  keepKeys: ReadonlySet<string>,
): Flag[] {
  const flags: Flag[] = [];
  const stepOf = (id: StepId) => steps.find((s) => s.id === id)?.n;
  for (const u of users) {
    if (u.fate.kind === "replaced" && u.keyLastUsed) {
      // Calendar days (UTC), as a person reads "yesterday".
      const days = Math.round((Date.parse(now.slice(0, 10)) - Date.parse(u.keyLastUsed.slice(0, 10))) / DAY);
      if (days <= RECENT_DAYS)
        flags.push({
          kind: "recent-key-use",
          subject: u.arn,
          message: `${u.name} in ${u.account} (${u.accountName}) used an access key ${days === 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`} (${u.keyLastUsed.slice(0, 10)}): something automated may depend on it. Find it and move it to a role before step ${stepOf("deactivate-keys") ?? "?"}; that step refuses keys used in the last 7 days unless FORCE=1.`,
        });
    }
    const candidate = u.fate.kind === "unmatched" || (u.fate.kind === "kept" && !u.fate.breakGlass);
    if (candidate && PIPELINE_NAME.test(u.name)) {
      const w = suggestedWorkload(model, u.name);
      flags.push({
        kind: "workload-candidate",
        subject: u.arn,
        message: `${u.name} in ${u.account} (${u.accountName}) looks like a pipeline (its name): give it a workload (workloads: in the model, with its repository; OIDC, no keys)${u.fate.kind === "kept" ? ", remove it from users:," : ""} and map it: --map ${u.name}=workload:${w ?? "NAME"}. Its keys then go once the pipeline has used its role.`,
      });
    }
    if (u.fate.kind === "unmatched")
      flags.push({
        kind: "unmatched-user",
        subject: u.arn,
        message: `${u.name} in ${u.account} (${u.accountName}) matches no person and no kept user of the model: the plan leaves it alone. Decide: map it to a person (--map ${u.name}=EMAIL) or, for a pipeline, to a workload (--map ${u.name}=workload:NAME), keep it (users: in the model, with a reason), or remove it by hand.`,
      });
  }
  const breakGlass = model.users.filter((k) => k.breakGlass);
  for (const k of breakGlass)
    flags.push({
      kind: "break-glass",
      subject: `user ${k.name}`,
      message: `break-glass path: IAM user ${k.name} in ${model.identity.accountId} signs in with its MFA and switches into the roles of teams ${k.teams.join(", ")}. Test it at step ${stepOf("verify-sign-in")}, before any user is removed; the plan never removes it.`,
    });
  if (breakGlass.length === 0)
    flags.push({
      kind: "break-glass",
      subject: "model",
      message:
        "the model has no break-glass user: if Google sign-in fails after the old users are removed, only the root user is left. Add one (users: with breakGlass: true) before starting.",
    });
  for (const k of model.users.filter(
    (x) => !users.some((u) => u.fate.kind === "kept" && u.fate.name === x.name),
  ))
    flags.push({
      kind: "missing-kept-user",
      subject: `user ${k.name}`,
      message: `kept user ${k.name} does not exist in ${model.identity.accountId}: step ${stepOf("create-kept-users")} creates it (the identity stack only adds existing users to groups).`,
    });
  for (const s of subjects) {
    if (s.kind === "unmatched") continue; // left alone: flagged as unmatched already
    if (s.kind === "kept" && keepKeys.has(s.who.slice("user ".length))) continue; // keeps what it has
    const lost = lacking(s.before, s.model);
    if (lost.size)
      flags.push({
        kind: "demotion",
        subject: s.who,
        message: `${s.who} loses what the model does not grant: ${describeLoss(lost, model)}.`,
      });
  }
  const newcomers = subjects.filter((s) => s.kind === "person" && s.old.length === 0).map((s) => s.who);
  if (newcomers.length)
    flags.push({
      kind: "person-without-user",
      subject: "people",
      message: `${newcomers.length} of ${model.people.length} people have no IAM user today and only gain Google sign-in: ${newcomers.join(", ")}.`,
    });
  const exported = new Set(real.accounts.map((a) => a.accountId));
  for (const e of model.environments)
    if (!exported.has(e.accountId))
      flags.push({
        kind: "account-not-exported",
        subject: e.accountId,
        message: `no export of ${e.accountId} (${e.name}): who has access there today is unknown, so the dry run sees only the new roles there. Export it (sekisho collect) and plan again.`,
      });
  for (const a of real.accounts)
    if (
      !model.environments.some((e) => e.accountId === a.accountId) &&
      a.accountId !== model.identity.accountId
    )
      flags.push({
        kind: "account-not-in-model",
        subject: a.accountId,
        message: `${a.accountId} is not an environment of the model: nobody gets a role there, and the replaced users there lose their access to it.`,
      });
  for (const a of real.accounts)
    if (!a.credentialReport && a.authorizationDetails.UserDetailList.length)
      flags.push({
        kind: "no-credential-report",
        subject: a.accountId,
        message: `no credential report for ${a.accountId} (${accountName(model, a.accountId)}): passwords and key use are unknown; the key step checks each key's last use itself.`,
      });
  return flags;
}
