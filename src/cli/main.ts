#!/usr/bin/env node
// The shell: arguments, files, clock, exit codes. Everything else is pure and lives in the
// stages. Exit codes: 0 ok, 1 validation errors or failed checks, 2 usage or I/O errors.
// Only what every start needs is imported here: a command's code is loaded when it runs.
import { UsageError } from "./command.js";
import { COMMANDS } from "./commands.js";
import { version } from "./version.js";

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

/** Errors that mean bad input or output (exit 2), from the modules the command already loaded. */
async function isInputOrOutputError(e: unknown): Promise<boolean> {
  const [{ InputError }, { OutputError }] = await Promise.all([
    import("./input-error.js"),
    import("./output-dir.js"),
  ]);
  return e instanceof InputError || e instanceof OutputError;
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
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`sekisho: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const command = await entry.load();
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
    if (await isInputOrOutputError(e)) {
      process.stderr.write(`sekisho ${name}: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
