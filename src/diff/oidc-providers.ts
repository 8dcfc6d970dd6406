// The workloads' OIDC providers of one account, designed against listed: each designed provider
// exists with exactly the designed audiences (its client ids), and no provider Sekisho tagged as
// its own is left over. Providers the account had before (GitHub's is often there) are the
// customer's unless tagged: they are not extra. Thumbprints are not compared: AWS verifies the
// issuers Sekisho knows through its trusted root CAs, whatever the list says (IAM API,
// UpdateOpenIDConnectProviderThumbprint).

import { MANAGED_TAG } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { type AccountState, type OpenIdConnectProvider, oidcIssuerKey } from "../state/org-state.js";
import { byText, type DriftItem, driftItem } from "./types.js";

const shown = (p: OpenIdConnectProvider) => ({
  Url: oidcIssuerKey(p.Url),
  ...(p.ClientIDList ? { ClientIDList: [...p.ClientIDList].sort(byText) } : {}),
});

function ours(model: AccessModel, p: OpenIdConnectProvider): boolean {
  const tag = (key: string) => p.Tags?.find((t) => t.Key === key)?.Value;
  return tag(MANAGED_TAG.Key) === MANAGED_TAG.Value && tag("sekisho:organization") === model.organization;
}

export function oidcProviderDrift(
  model: AccessModel,
  designed: AccountState,
  real: AccountState,
  listed: boolean,
): { items: DriftItem[]; warnings: string[]; compared: number } {
  const account = designed.accountId;
  const want = designed.openIdConnectProviders ?? [];
  const have = real.openIdConnectProviders;
  if (!listed || !have) {
    return {
      items: [],
      compared: 0,
      warnings: want.length
        ? [
            `${account}: OIDC providers not listed (give --oidc-providers or a sekisho collect folder): the workloads' providers (${want.map((p) => oidcIssuerKey(p.Url)).join(", ")}) were not checked`,
          ]
        : [],
    };
  }
  const items: DriftItem[] = [];
  const warnings: string[] = [];
  // IAM keys a provider by its URL: the same issuer is the same provider whatever the ARN's case.
  const byHost = new Map(have.map((p) => [oidcIssuerKey(p.Url), p]));
  for (const d of want) {
    const r = byHost.get(oidcIssuerKey(d.Url));
    const name = oidcIssuerKey(d.Url);
    if (!r) {
      items.push(
        driftItem(
          account,
          "missing-oidc-provider",
          d.Arn,
          d.Arn,
          `OIDC provider ${name} is in the design but not in the account: no workload can assume its roles`,
          shown(d),
          null,
        ),
      );
      continue;
    }
    if (!r.ClientIDList) {
      warnings.push(
        `${account}: OIDC provider ${name} listed without its audiences (list-open-id-connect-providers gives ARNs only; sekisho collect writes them): its client ids were not compared`,
      );
      continue;
    }
    const designedAud = new Set(d.ClientIDList ?? []);
    const realAud = new Set(r.ClientIDList);
    const lacking = [...designedAud].filter((x) => !realAud.has(x)).sort(byText);
    const more = [...realAud].filter((x) => !designedAud.has(x)).sort(byText);
    if (lacking.length || more.length)
      items.push(
        driftItem(
          account,
          "changed-oidc-provider",
          d.Arn,
          d.Arn,
          `the audiences (client ids) of OIDC provider ${name} differ from the design${lacking.length ? `: tokens for ${lacking.join(", ")} are refused` : ""}${more.length ? `${lacking.length ? ";" : ":"} it also accepts ${more.join(", ")}` : ""}`,
          shown(d),
          shown(r),
          [...lacking.map((x) => `designed only: ${x}`), ...more.map((x) => `deployed only: ${x}`)],
        ),
      );
  }
  const wanted = new Set(want.map((p) => oidcIssuerKey(p.Url)));
  for (const r of [...have].sort((x, y) => byText(x.Arn, y.Arn)))
    if (!wanted.has(oidcIssuerKey(r.Url)) && ours(model, r))
      items.push(
        driftItem(
          account,
          "extra-oidc-provider",
          r.Arn,
          r.Arn,
          `OIDC provider ${oidcIssuerKey(r.Url)} carries Sekisho's tags but no workload of the design uses it`,
          null,
          shown(r),
        ),
      );
  return { items, warnings, compared: want.length };
}
