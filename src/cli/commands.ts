// The commands, by name, with the one line `sekisho --help` shows. Each command's code (and
// what it pulls in: the AWS SDK, Google's client, the engine, the catalog) is imported only
// when that command runs, so `--version` and `--help` start in tens of milliseconds.
import type { Command } from "./command.js";

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "validate",
    summary: "check an access model and report every problem with file:line:column",
    load: async () => (await import("./validate-command.js")).runValidate,
  },
  {
    name: "plan",
    summary: "compile, prove, and write CloudFormation, state exports, portal, profiles and reports",
    load: async () => (await import("./plan-command.js")).runPlan,
  },
  {
    name: "prove",
    summary: "prove that the compiled IAM grants exactly what the model says",
    load: async () => (await import("./prove-command.js")).runProve,
  },
  {
    name: "explain",
    summary: "show why someone can or cannot reach an environment and level",
    load: async () => (await import("./explain-command.js")).runExplain,
  },
  {
    name: "profiles",
    summary: "write each person's AWS CLI and switch-role configs, and the Google Workspace settings",
    load: async () => (await import("./profiles-command.js")).runProfiles,
  },
  {
    name: "google",
    summary: "set each person's AWS sign-in attributes in Google Workspace (dry run unless --apply)",
    load: async () => (await import("./google-command.js")).runGoogle,
  },
  {
    name: "portal",
    summary: "write the switch-role portal (a static site), and serve it on 127.0.0.1",
    load: async () => (await import("./portal-command.js")).runPortal,
  },
  {
    name: "collect",
    summary: "read live AWS accounts into the files audit reads (authorization details, credential reports)",
    load: async () => (await import("./collect-command.js")).runCollect,
  },
  {
    name: "audit",
    summary: "audit real accounts from their exports: users, admins, escalation paths, trusts, credentials",
    load: async () => (await import("./audit-command.js")).runAudit,
  },
  {
    name: "diff",
    summary: "drift between the model and the deployed accounts (exit 1 on drift)",
    load: async () => (await import("./diff-command.js")).runDiff,
  },
  {
    name: "migrate",
    summary: "an ordered, lockout-safe migration plan from today's accounts to the model",
    load: async () => (await import("./migrate-command.js")).runMigrate,
  },
  {
    name: "init",
    summary: "draft an access model from exports of today's accounts (--from)",
    load: async () => (await import("./init-command.js")).runInit,
  },
  {
    name: "schema",
    summary: "print the JSON Schema of access.yaml, for editor completion",
    load: async () => (await import("./schema-command.js")).runSchema,
  },
];
