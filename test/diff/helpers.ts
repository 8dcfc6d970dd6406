// Helpers for the diff tests: the example "deployed" exactly as plan writes its state files,
// read back through the importer (as diff reads real exports), then mutated.
import { compile } from "../../src/compile/compile.js";
import { diffStates } from "../../src/diff/diff.js";
import type { DiffReport, DriftItem } from "../../src/diff/types.js";
import { stateFiles } from "../../src/emit/state-files.js";
import { importExports } from "../../src/import/import.js";
import type { OrgState, RoleDetail, UserDetail } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import { exampleModel } from "../helpers.js";

export const NOW = "2026-11-28T00:00:00Z";
export const model = exampleModel();
export const designed = compile(model);

export const IDENTITY = "111111111111";
export const arn = {
  role: (account: string, name: string) => `arn:aws:iam::${account}:role/sekisho/${name}`,
  landing: (team: string) => `arn:aws:iam::${IDENTITY}:role/sekisho/landing-${team}`,
  user: (name: string) => `arn:aws:iam::${IDENTITY}:user/${name}`,
};

/** The files of `sekisho plan`'s state/ folder, as an import of them. */
export function deployedImport(edit: (files: Map<string, string>) => void = () => {}) {
  const files = stateFiles(designed.accounts);
  edit(files);
  const kind = (path: string) =>
    path.endsWith(".saml-providers.json")
      ? "saml"
      : path.endsWith(".oidc-providers.json")
        ? "oidc"
        : "exports";
  const input = (k: ReturnType<typeof kind>) =>
    [...files].filter(([path]) => kind(path) === k).map(([path, text]) => ({ path, text }));
  return importExports(input("exports"), [], input("saml"), input("oidc"));
}

export function deployed(): OrgState {
  const r = deployedImport();
  if (r.diagnostics.length) throw new Error(JSON.stringify(r.diagnostics));
  return r.state;
}

export function findRole(state: OrgState, roleArn: string): RoleDetail {
  for (const a of state.accounts) {
    const r = a.authorizationDetails.RoleDetailList.find((x) => x.Arn === roleArn);
    if (r) return r;
  }
  throw new Error(`no role ${roleArn}`);
}

export function account(state: OrgState, id: string) {
  const a = state.accounts.find((x) => x.accountId === id);
  if (!a) throw new Error(`no account ${id}`);
  return a.authorizationDetails;
}

/** Diff of the example against its deployment after `edit`, with the providers listed. */
export function diffAfter(
  edit: (state: OrgState) => void,
  options: { ignore?: string[]; providersListed?: string[]; oidcListed?: string[] } = {},
): DiffReport {
  const imported = deployedImport();
  if (imported.diagnostics.length) throw new Error(JSON.stringify(imported.diagnostics));
  const real = imported.state;
  edit(real);
  return diffStates(model, designed, real, {
    now: NOW,
    providersListed: new Set(options.providersListed ?? [IDENTITY]),
    // Every account whose state file lists OIDC providers, as a collect folder would.
    oidcListed: options.oidcListed ? new Set(options.oidcListed) : imported.oidcListed,
    ...(options.ignore ? { ignore: options.ignore } : {}),
  });
}

export const ids = (items: DriftItem[]) => items.map((i) => i.id);

export function item(r: DiffReport, id: string): DriftItem {
  const found = r.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id} in ${ids(r.items).join(", ")}`);
  return found;
}

/** A role or user outside the design, allowed sts:AssumeRole on anything. */
const assumeAnything: Statement = { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" };

export function foreignRole(account: string, name: string): RoleDetail {
  return {
    Path: "/",
    RoleName: name,
    RoleId: `AROA${name.toUpperCase().replace(/[^A-Z]/g, "")}`,
    Arn: `arn:aws:iam::${account}:role/${name}`,
    CreateDate: "2026-01-01T00:00:00Z",
    AssumeRolePolicyDocument: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    },
    InstanceProfileList: [],
    RolePolicyList: [
      { PolicyName: "assume", PolicyDocument: { Version: "2012-10-17", Statement: [assumeAnything] } },
    ],
    AttachedManagedPolicies: [],
  };
}

export function foreignUser(name: string): UserDetail {
  return {
    Path: "/",
    UserName: name,
    UserId: `AIDA${name.toUpperCase()}`,
    Arn: arn.user(name),
    CreateDate: "2026-01-01T00:00:00Z",
    GroupList: [],
    AttachedManagedPolicies: [],
    UserPolicyList: [
      { PolicyName: "assume", PolicyDocument: { Version: "2012-10-17", Statement: [assumeAnything] } },
    ],
  };
}
