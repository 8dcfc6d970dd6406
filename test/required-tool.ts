// Tests that drive a real tool (the AWS CLI, Chromium) skip with a visible reason when it is
// missing on a developer's machine; under CI=true a missing tool is a failure, never a skip.

/** True when running in CI, where every tool the suite uses must be installed. */
export const IN_CI = (process.env.CI ?? "") !== "" && !["false", "0"].includes(process.env.CI ?? "");

/**
 * The skip reason for a test needing `tool`, or false when it must run (found, or CI).
 * In CI with the tool missing the test runs and fails on `requireTool`.
 */
export function toolSkip(tool: string, found: boolean, debianPackage: string): string | false {
  if (found || IN_CI) return false;
  return `${tool} is missing (apt-get install ${debianPackage}); skipped. Under CI=true this fails instead.`;
}

/** Throws the reason a test cannot run when `tool` is missing (reached only in CI). */
export function requireTool(tool: string, found: boolean, debianPackage: string): void {
  if (!found)
    throw new Error(
      `CI is set but ${tool} is missing: install Debian's ${debianPackage} (apt-get install ${debianPackage})`,
    );
}
