// The migration plan as data: ordered steps, each with its changes, commands, gate, rollback,
// the people it affects, and the engine's dry-run verdict on the state it leaves behind.
import type { ManagedVersion } from "./managed-versions.js";

/** How an existing IAM user relates to the model. */
export type UserFate =
  | { kind: "replaced"; person: string; matchedBy: "user name" | "email tag" | "--map" }
  | { kind: "kept"; name: string; breakGlass: boolean }
  /** A pipeline's user (--map USER=workload:NAME): its workload's OIDC token replaces its keys. */
  | { kind: "workload"; workload: string; matchedBy: "--map" }
  | { kind: "unmatched" };

export interface ExistingUser {
  account: string;
  accountName: string;
  name: string;
  arn: string;
  path: string;
  fate: UserFate;
  /** From the credential report; undefined when no report covers the user. */
  password?: boolean;
  activeKeys?: number;
  mfa?: boolean;
  /** Most recent access-key use, ISO date, when the report has one. */
  keyLastUsed?: string;
  /** What the user carries today, for the rollback of its removal. */
  inline: { name: string; document: unknown }[];
  attached: string[];
  groups: string[];
}

export type FlagKind =
  | "recent-key-use"
  | "keys-in-use"
  | "kept-keys"
  | "unmatched-user"
  | "workload-candidate"
  | "break-glass"
  | "missing-kept-user"
  | "demotion"
  | "no-credential-report"
  | "person-without-user"
  | "account-not-exported"
  | "account-not-in-model";

export interface Flag {
  kind: FlagKind;
  subject: string;
  message: string;
}

export interface Command {
  /** Shell text, one command (may span lines with \). */
  sh: string;
  /** Why, shown before the command. */
  why?: string;
}

export interface Gate {
  /** What must be true before going on, in words. */
  what: string;
  /** Checks to run; each exits non-zero when the gate is not met. */
  commands: Command[];
}

export interface StepCheck {
  passed: boolean;
  /** Principals (people and kept users) checked, and the states compared. */
  summary: string;
  failures: {
    who: string;
    account: string;
    /** partial-data: the step changes an account whose export is cut short; keys-cut: a kept user's keys in use would stop working. */
    problem: "lost" | "extra" | "partial-data" | "keys-cut";
    actions: string[];
    /** How they become admin of the account, when that is what they gain. */
    path?: string;
  }[];
}

export type StepId =
  | "narrow-identity-admins"
  | "create-kept-users"
  | "deploy-environment-roles"
  | "deploy-identity"
  | "google-attributes"
  | "verify-sign-in"
  | "remove-console-and-policies"
  | "deactivate-keys"
  | "delete-users"
  | "reduce-kept-users";

/** How a user is to be when its step is done; a field left out is not the step's business. */
export interface UserEnd {
  exists: boolean;
  attached?: string[];
  inline?: { name: string; document: unknown }[];
  groups?: string[];
  /** absent: no console password; reset-required: one its owner must change at first sign-in. */
  password?: "absent" | "reset-required";
  /** Every access key inactive (each one's last use checked first). */
  keys?: "inactive";
  /**
   * A pipeline's user moving to its workload: instead of "not used for N days", each key must be
   * unused since the workload's first token exchange into one of these roles (CloudTrail).
   */
  movedTo?: { workload: string; roles: { account: string; arn: string }[] };
}

/**
 * What a step leaves behind, as data: `migrate apply` brings the accounts to it and its gate
 * checks it on the real accounts. The scripts are the review copy of the same step.
 */
export type Target =
  | { kind: "user"; account: string; name: string; end: UserEnd }
  | {
      kind: "stack";
      account: string;
      stack: string;
      /** Relative to the plan's directory. */
      template: string;
      /** Parameter values; a value `file:NAME` is read from that file beside plan.json. */
      parameters: Record<string, string>;
      /** What the complete stack must have made: role ARNs, SAML provider ARNs, user → group. */
      roles: string[];
      samlProviders: string[];
      memberships: { user: string; group: string }[];
      /** Kept users keeping their keys (--keep-keys): in none of these groups, whose no-MFA deny would cut them. */
      apart?: { user: string; groups: string[] }[];
    }
  | {
      /**
       * A Terraform root: Sekisho does not run Terraform itself, so the operator applies it (the
       * step's script) and confirms; the gate then reads IAM for what it must have made.
       */
      kind: "terraform";
      account: string;
      /** Relative to the plan's directory: terraform/accounts/ACCOUNT-NAME. */
      root: string;
      roles: string[];
      samlProviders: string[];
      memberships: { user: string; group: string }[];
      /** Kept users keeping their keys (--keep-keys): in none of these groups, whose no-MFA deny would cut them. */
      apart?: { user: string; groups: string[] }[];
    }
  | {
      kind: "sign-in";
      account: string;
      /** Each person: a SAML sign-in to one of their landing roles, their email as session name or source identity. */
      people: { email: string; landingRoles: string[] }[];
      /** Break-glass users: a console sign-in with MFA. */
      breakGlass: string[];
      /**
       * With source identity on: each person's switch into each environment account (not the
       * identity account) they are granted, an AssumeRole carrying their email, in that account.
       */
      switches?: { account: string; people: { email: string; roles: string[] }[] }[];
    }
  | {
      /**
       * Pipelines moving from an IAM user's keys to their workload: each must have exchanged its
       * OIDC token (AssumeRoleWithWebIdentity) into one of its roles after the step started.
       * `account` is the first role's, for the clients; each role is read in its own account.
       */
      kind: "web-identity";
      account: string;
      workloads: { name: string; roles: { account: string; arn: string }[] }[];
    }
  | { kind: "manual"; what: string };

export interface Step {
  n: number;
  id: StepId;
  title: string;
  /** What changes, in words, one line per change. */
  changes: string[];
  commands: Command[];
  gate: Gate;
  rollback: { what: string; commands: Command[] };
  /** Emails of people and names of kept users this step changes something for. */
  affected: string[];
  /** What the step leaves behind, for `migrate apply`. */
  targets: Target[];
  check: StepCheck;
}

/** What the deploy steps run: CloudFormation stacks (the default) or the Terraform roots. */
export type DeployTarget = "cloudformation" | "terraform";

/** One account root of the Terraform output, as the deploy steps run it. */
export interface TerraformRoot {
  accountId: string;
  accountName: string;
  /** Relative to the plan directory: terraform/accounts/ACCOUNT-NAME. */
  dir: string;
  /** The identity account's root: SAML provider, landing roles, groups, and its environment roles. */
  identity: boolean;
  /** What its import blocks adopt (ARN, or role or group name), for people to read. */
  imports: string[];
  /**
   * State addresses of what its import blocks adopt, and of what hangs on those: the rollback
   * forgets them rather than destroy what existed before the plan.
   */
  adopted: string[];
}

export interface MigrationPlan {
  organization: string;
  generatedAt: string;
  target: DeployTarget;
  accounts: { id: string; name: string; inModel: boolean }[];
  users: ExistingUser[];
  flags: Flag[];
  /** Accounts whose export is cut short: the steps that change them do not pass. */
  partial: string[];
  /** The text of each AWS managed policy both sides of every comparison used. */
  managedPolicies: ManagedVersion[];
  steps: Step[];
  /** Every step's dry-run check passed. */
  safe: boolean;
}
