// diff: the design (the compiled model) against the accounts as exported, per account —
// Sekisho-managed resources missing, extra or changed; foreign principals that can reach our
// roles; and access that differs, the effective matrix of the accounts against the proven one.
import { managed } from "../audit/design.js";
import type { AccessModel } from "../model/types.js";
import { indexState } from "../sessions/principals.js";
import type { OrgState } from "../state/org-state.js";
import { matrixDrift } from "./matrix.js";
import { reachDrift } from "./reach.js";
import { resourceDrift } from "./resources.js";
import { type AccountStatus, byText, type DiffReport, type DriftItem, sortItems } from "./types.js";

export interface DiffOptions {
  /** The instant access is evaluated at (the start of today, as prove does). */
  now: string;
  /** Accounts whose SAML providers were listed; elsewhere the provider's presence is not known. */
  providersListed: ReadonlySet<string>;
  /** Accounts whose OIDC providers were listed; elsewhere the workloads' providers are not checked. */
  oidcListed?: ReadonlySet<string>;
  /** Item ids to accept: `*` matches any characters. Matches are reported, never drift. */
  ignore?: string[];
}

function matcher(pattern: string): RegExp {
  const body = pattern
    .split("*")
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`);
}

/** `designed` is compile(model); `real` is what importExports made of the exports. */
export function diffStates(
  model: AccessModel,
  designed: OrgState,
  real: OrgState,
  options: DiffOptions,
): DiffReport {
  const warnings: string[] = [];
  const items: DriftItem[] = [];
  const realById = new Map(real.accounts.map((a) => [a.accountId, a]));
  const designedIds = new Set(designed.accounts.map((a) => a.accountId));
  const accounts: AccountStatus[] = [];
  const checked = new Set<string>();
  let resources = 0;
  for (const d of designed.accounts) {
    const r = realById.get(d.accountId);
    const name = d.name ?? "";
    if (!r) {
      accounts.push({ account: d.accountId, name, status: "not-exported" });
      warnings.push(`${d.accountId} (${name}) not checked: no export of it was given`);
      continue;
    }
    accounts.push({ account: d.accountId, name, status: "checked" });
    checked.add(d.accountId);
    const found = resourceDrift(
      model,
      d,
      r,
      options.providersListed.has(d.accountId),
      options.oidcListed?.has(d.accountId) ?? false,
    );
    items.push(...found.items);
    warnings.push(...found.warnings);
    resources += found.compared;
  }
  for (const r of real.accounts) {
    if (designedIds.has(r.accountId)) continue;
    accounts.push({ account: r.accountId, status: "not-in-model" });
    warnings.push(
      `${r.accountId}: exported but not in the model; its resources are not compared, its principals count as foreign`,
    );
  }
  accounts.sort((a, b) => byText(a.account, b.account));

  const realIndex = indexState(real);
  const design = new Set<string>();
  for (const a of designed.accounts) {
    for (const r of a.authorizationDetails.RoleDetailList) design.add(r.Arn);
    for (const u of a.authorizationDetails.UserDetailList) design.add(u.Arn);
  }
  const targets = new Set<string>();
  for (const a of real.accounts) {
    if (!designedIds.has(a.accountId)) continue;
    for (const r of a.authorizationDetails.RoleDetailList)
      if (managed(r, model.options.path)) targets.add(r.Arn);
  }
  const reach = reachDrift(model, realIndex, design, targets, options.now);
  items.push(...reach.items);
  warnings.push(...reach.warnings);

  const matrix = matrixDrift(model, indexState(designed), realIndex, checked, options.now);
  items.push(...matrix.items);
  warnings.push(...matrix.warnings);

  const patterns = (options.ignore ?? []).map((p) => ({ p, re: matcher(p), used: false }));
  const kept: DriftItem[] = [];
  const ignored: DriftItem[] = [];
  for (const item of items) {
    const hits = patterns.filter((x) => x.re.test(item.id));
    for (const h of hits) h.used = true;
    (hits.length ? ignored : kept).push(item);
  }
  for (const x of patterns) if (!x.used) warnings.push(`--ignore ${x.p} matched no item`);

  return {
    evaluatedAt: options.now,
    organization: model.organization,
    drift: kept.length > 0,
    accounts,
    compared: { resources, matrixCells: matrix.compared, foreignPrincipals: reach.foreign },
    items: sortItems(kept),
    ignored: sortItems(ignored),
    warnings,
  };
}
