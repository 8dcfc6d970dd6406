// Pure half of the managed-policy build step (the script does the I/O), so tests can
// check the extraction without re-reading the 77 MB source twice.
import type { PolicyDocument } from "../state/policy.js";

export interface SourcePolicies {
  [name: string]: { arn: string; latestVersionId: string; versions: Record<string, { document: object }> };
}

export interface ManagedPolicyEntry {
  arn: string;
  version: string;
  document: PolicyDocument;
}

export interface ManagedPolicyData {
  source: string;
  policies: Record<string, ManagedPolicyEntry>;
}

export function renderManagedPolicyData(source: SourcePolicies, label: string): string {
  const names = Object.keys(source).sort();
  const lines: string[] = [];
  for (const name of names) {
    const p = source[name]!;
    const v = p.versions[p.latestVersionId];
    if (!v) throw new Error(`managed policy ${name}: version ${p.latestVersionId} missing in source`);
    const entry: ManagedPolicyEntry = {
      arn: p.arn,
      version: p.latestVersionId,
      document: v.document as PolicyDocument,
    };
    lines.push(`${JSON.stringify(name)}:${JSON.stringify(entry)}`);
  }
  // One policy per line: small diffs when AWS updates a policy, still compact.
  return `{"source":${JSON.stringify(label)},"policies":{\n${lines.join(",\n")}\n}}\n`;
}
