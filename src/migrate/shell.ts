// Shell text for the plan's commands: every name from an export is quoted, so a hostile user
// or policy name cannot become shell syntax.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function q(value: string): string {
  return SAFE.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
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
