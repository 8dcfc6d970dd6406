// Shell text for the plan's scripts (the review copy of the migration). Every value goes through
// q(), so a hostile user or policy name from an export stays one word and never becomes syntax;
// every aws read is checked before its output is used, and a read that fails stops the script
// (a gate that passes when AWS could not be read is the worst defect a migration can have).

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** The one quoting function: a value as one shell word, never expanded. */
export function q(value: string): string {
  return SAFE.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A comment line's text: control characters (a newline would end the comment) become spaces. */
export function commentText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return text.replace(/[\u0000-\u001f\u007f]/g, " ");
}

/** The AWS CLI profile of an account's administrator, as deploy.md names it. */
export function profile(accountName: string): string {
  return q(`admin-${accountName}`);
}

/** Where a replaced user's inline policy is saved, relative to the plan directory. */
export function backupFile(account: string, user: string, policy: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_@+=,.-]/g, "_");
  return `backup/${account}/${safe(user)}/inline-${safe(policy)}.json`;
}

/** Where the scripts write what they record (the rollbacks read it): `migrate -o` refuses a directory holding it. */
export const RUN_DIR = "run";
export const DEACTIVATED_KEYS = `${RUN_DIR}/deactivated-keys.txt`;

/**
 * The first lines of every script: strict mode, no globbing (a value read from AWS must never
 * expand), and the helpers the gates use. Each read helper stops the script when the read
 * itself fails, so "cannot read" is never taken for "nothing there".
 */
export const PRELUDE = [
  "set -euo pipefail",
  "set -f",
  'cd "$(dirname "$0")/.."',
  "fail() { printf '%s\\n' \"$*\" >&2; exit 1; }",
  "# exists WHAT CMD...: 0 when the read succeeds, 1 when AWS answers NoSuchEntity; any other failure stops.",
  'exists() { local what=$1 out; shift; if out=$("$@" 2>&1); then return 0; fi; case $out in *\'(NoSuchEntity)\'*) return 1 ;; *) fail "cannot read $what: $out" ;; esac; }',
  "# empty WHAT CMD...: the read (--output json) must succeed and print exactly [].",
  'empty() { local what=$1 out; shift; out=$("$@") || fail "cannot read $what"; [ "$out" = "[]" ] || fail "$what: not empty: $out"; }',
  "# listed WHAT ITEM CMD...: the read (--output text) must succeed; 0 when ITEM is one of its words, exactly.",
  'listed() { local what=$1 item=$2 out; shift 2; out=$("$@") || fail "cannot read $what"; printf \'%s\\n\' "$out" | tr \'\\t \' \'\\n\\n\' | grep -xF -- "$item" >/dev/null; }',
];
