#!/usr/bin/env node
import { runAudit } from "./audit-command.js";
import { runCollect } from "./collect-command.js";
import { type Command, UsageError } from "./command.js";
import { runDiff } from "./diff-command.js";
import { runExplain } from "./explain-command.js";
import { runGoogle } from "./google-command.js";
import { runInit } from "./init-command.js";
import { runMigrate } from "./migrate-command.js";
import { OutputError } from "./output-dir.js";
import { runPlan } from "./plan-command.js";
import { runPortal } from "./portal-command.js";
import { runProfiles } from "./profiles-command.js";
import { runProve } from "./prove-command.js";
import { InputError } from "./read-model.js";
import { runSchema } from "./schema-command.js";
import { runValidate } from "./validate-command.js";
// The shell: arguments, files, clock, exit codes. Everything else is pure and lives in the
// stages. Exit codes: 0 ok, 1 validation errors or failed checks, 2 usage or I/O errors.
import { version } from "./version.js";

const COMMANDS: Command[] = [
  runValidate,
  runPlan,
  runProve,
  runExplain,
  runProfiles,
  runGoogle,
  runPortal,
  runCollect,
  runAudit,
  runDiff,
  runMigrate,
  runInit,
  runSchema,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "sekisho: access-as-code for AWS",
    "",
    "Usage: sekisho <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options: --help (also after a command), --version",
    "Exit codes: 0 ok, 1 validation errors or failed checks, 2 usage or I/O errors.",
    "",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`sekisho: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`sekisho ${name}: ${e.message}\n\n${command.help}`);
      return 2;
    }
    if (e instanceof InputError || e instanceof OutputError) {
      process.stderr.write(`sekisho ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
