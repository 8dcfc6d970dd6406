// Writing an output directory all at once: files go to a temporary sibling directory, which
// is renamed into place only when complete. A directory Sekisho did not make is never
// overwritten, and no path may leave the directory.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from "node:path";

export const MARKER = ".sekisho-output";

export class OutputError extends Error {}

function safeRelative(path: string): string {
  const n = normalize(path);
  if (isAbsolute(n) || n === ".." || n.startsWith(`..${sep}`) || n.includes(`${sep}..${sep}`)) {
    throw new OutputError(`refusing to write outside the output directory: ${path}`);
  }
  return n;
}

/** A directory we may replace: missing, empty, or made by Sekisho (it has our marker). */
function replaceable(dir: string): boolean {
  if (!existsSync(dir)) return true;
  if (!statSync(dir).isDirectory()) throw new OutputError(`${dir} exists and is not a directory`);
  const entries = readdirSync(dir);
  if (entries.length === 0) return true;
  if (!entries.includes(MARKER)) return false;
  const marker = join(dir, MARKER);
  return statSync(marker).isFile() && readFileSync(marker, "utf8").startsWith("sekisho");
}

export function writeOutputDir(dir: string, files: Map<string, string>, command: string): void {
  const target = resolve(dir);
  if (existsSync(target) && !replaceable(target)) {
    throw new OutputError(
      `${dir} exists, is not empty and was not written by Sekisho; choose another directory or empty it`,
    );
  }
  const parent = dirname(target);
  if (!existsSync(parent)) throw new OutputError(`parent directory ${parent} does not exist`);
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(tmp);
    // Each directory made once: thousands of files share a few hundred directories.
    const made = new Set([tmp]);
    for (const [rel, text] of files) {
      const path = join(tmp, safeRelative(rel));
      const folder = dirname(path);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      writeFileSync(path, text);
    }
    writeFileSync(join(tmp, MARKER), `sekisho ${command}\n`);
    if (existsSync(target)) {
      const old = join(parent, `.${basename(target)}.old-${process.pid}-${Date.now()}`);
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (e instanceof OutputError) throw e;
    throw new OutputError(`cannot write ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
