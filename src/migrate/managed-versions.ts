// One text per AWS managed policy for the whole plan. An export may carry an older version of
// an AWS managed policy than Sekisho's copy (ReadOnlyAccess v63 in the export, v188 here): if
// "before" read one and "after" the other, a step that changes nobody's access would look like
// a loss or a gain. Both states get the newest version either side has — the closer to what AWS
// applies today — and the plan says which one it used.
import type { ManagedPolicyDetail, OrgState } from "../state/org-state.js";

export interface ManagedVersion {
  arn: string;
  name: string;
  version: string;
  /** Where the text used came from. */
  from: "export" | "Sekisho's copy";
  /** Versions seen in the exports that were not used, when any differ. */
  replaced: string[];
}

const AWS_MANAGED = "arn:aws:iam::aws:policy/";

/** v188 → 188; an id that is not vN sorts first, so a known version wins. */
function versionNumber(id: string): number {
  const m = /^v(\d+)$/.exec(id);
  return m ? Number(m[1]) : -1;
}

function replacePolicies(state: OrgState, chosen: ReadonlyMap<string, ManagedPolicyDetail>): OrgState {
  return {
    accounts: state.accounts.map((a) => {
      const d = a.authorizationDetails;
      if (!d.Policies.some((p) => chosen.has(p.Arn) && chosen.get(p.Arn) !== p)) return a;
      return {
        ...a,
        authorizationDetails: { ...d, Policies: d.Policies.map((p) => chosen.get(p.Arn) ?? p) },
      };
    }),
  };
}

/** The real and designed states with one text per AWS managed policy, and which versions were used. */
export function alignManagedVersions(
  real: OrgState,
  design: OrgState,
): { real: OrgState; design: OrgState; versions: ManagedVersion[] } {
  const exported = new Map<string, ManagedPolicyDetail[]>();
  for (const a of real.accounts)
    for (const p of a.authorizationDetails.Policies)
      if (p.Arn.startsWith(AWS_MANAGED)) exported.set(p.Arn, [...(exported.get(p.Arn) ?? []), p]);
  const bundled = new Map<string, ManagedPolicyDetail>();
  for (const a of design.accounts)
    for (const p of a.authorizationDetails.Policies) if (p.Arn.startsWith(AWS_MANAGED)) bundled.set(p.Arn, p);
  const chosen = new Map<string, ManagedPolicyDetail>();
  const versions: ManagedVersion[] = [];
  for (const arn of [...new Set([...exported.keys(), ...bundled.keys()])].sort()) {
    const candidates = [...(exported.get(arn) ?? []), ...(bundled.has(arn) ? [bundled.get(arn)!] : [])];
    // Newest first; on a tie the export's own text (what the account showed).
    const best = candidates.reduce((x, y) =>
      versionNumber(y.DefaultVersionId) > versionNumber(x.DefaultVersionId) ? y : x,
    );
    chosen.set(arn, best);
    // A gap in an export filled from Sekisho's copy carries this id; the design's are Sekisho's too.
    const fromExport = (exported.get(arn) ?? []).includes(best) && !best.PolicyId.startsWith("sekisho-data-");
    const replaced = [
      ...new Set(
        (exported.get(arn) ?? [])
          .filter((p) => !p.PolicyId.startsWith("sekisho-data-"))
          .map((p) => p.DefaultVersionId)
          .filter((v) => v !== best.DefaultVersionId),
      ),
    ].sort();
    versions.push({
      arn,
      name: best.PolicyName,
      version: best.DefaultVersionId,
      from: fromExport ? "export" : "Sekisho's copy",
      replaced,
    });
  }
  return { real: replacePolicies(real, chosen), design: replacePolicies(design, chosen), versions };
}
