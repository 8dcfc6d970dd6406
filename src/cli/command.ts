// A CLI command: its name, help text, and the function that runs it (its one-line summary
// is in commands.ts, read without loading the command).
import { type ParseArgsConfig, parseArgs } from "node:util";

export interface Command {
  name: string;
  help: string;
  run(args: string[]): Promise<number>;
}

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

export function parse<T extends Options>(
  args: string[],
  options: T,
  positionals: { min: number; max: number; names: string },
) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.replace(/\. To specify.*$/s, "") : String(e));
  }
  const n = parsed.positionals.length;
  if (n < positionals.min || n > positionals.max) {
    throw new UsageError(
      n < positionals.min
        ? `missing ${positionals.names}`
        : `unexpected argument '${parsed.positionals[positionals.max]}'`,
    );
  }
  return parsed;
}
