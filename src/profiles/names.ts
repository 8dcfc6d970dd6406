// Names of profiles and of the per-person output directories.

/**
 * A profile name readable in a shell and safe in both INI dialects that read it: botocore
 * takes anything, but AESR splits `key = value` at every `=` and cuts at `;` or `#`. Team,
 * level and user names may hold `=` or `,` (IAM allows them): those become `_`.
 */
export function profileToken(name: string): string {
  return name.replaceAll(/[^A-Za-z0-9._@+-]/g, "_");
}

/**
 * Makes names unique in order: the first keeps its name, later ones get `-2`, `-3`, ...
 * Returns the names and a note for each renamed one.
 */
export function uniqueNames(wanted: readonly string[]): { names: string[]; renamed: string[] } {
  const used = new Set<string>();
  const renamed: string[] = [];
  const names = wanted.map((w) => {
    let name = w;
    for (let i = 2; used.has(name); i++) name = `${w}-${i}`;
    if (name !== w) renamed.push(`profile name '${w}' is taken; using '${name}'`);
    used.add(name);
    return name;
  });
  return { names, renamed };
}

/**
 * The directory of a person (by email) or kept user (by name) under profiles/.
 * Emails and IAM user names are already limited to letters, digits and + = , . @ _ -,
 * all safe in file names on Linux, macOS and Windows. The name is lower-cased (both are
 * unique ignoring case, and some file systems ignore case); a leading `.`, `-`, `=`, `+`, `,`
 * or `_` gets a `_` in front (no hidden directories, nothing a command line takes for an
 * option, no zsh `=cmd` expansion), and a trailing `.` or `_` gets a `_` after (Windows drops
 * trailing dots). The mapping is one-to-one: a leading or trailing `_` was always added, so
 * stripping one at each end gives the name back.
 */
export function dirName(id: string): string {
  let d = id.toLowerCase();
  if (/^[._\-=+,]/.test(d)) d = `_${d}`;
  if (/[._]$/.test(d)) d = `${d}_`;
  return d;
}

/** Where kept IAM users' files go: no email lacks an `@`, so this never meets a person's directory. */
export const USERS_DIR = "iam-users";
