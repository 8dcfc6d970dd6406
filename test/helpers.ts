// Shared test helpers: load the example model, compile, and write models inline.
import { readFileSync } from "node:fs";
import { compile } from "../src/compile/compile.js";
import { formatDiagnostic } from "../src/model/diagnostics.js";
import { type LoadResult, loadModelText } from "../src/model/load.js";
import type { AccessModel } from "../src/model/types.js";
import type { MatrixCell, MatrixClass } from "../src/prove/types.js";
import type { OrgState, RoleDetail } from "../src/state/org-state.js";

export const TODAY = "2026-11-28";
// prove-run reads the date from the environment, as the CLI does.
process.env.SEKISHO_TODAY = TODAY;
export const EXAMPLE = "examples/access.yaml";

export function exampleText(): string {
  return readFileSync(EXAMPLE, "utf8");
}

export function load(text: string, file = "access.yaml"): LoadResult {
  return loadModelText(file, text, { today: TODAY });
}

export function lines(r: LoadResult): string[] {
  return r.diagnostics.map((d) => formatDiagnostic(d).split("\n")[0]!);
}

export function model(text: string): AccessModel {
  const r = load(text);
  if (!r.model) throw new Error(`model has errors:\n${lines(r).join("\n")}`);
  return r.model;
}

export function exampleModel(): AccessModel {
  return model(exampleText());
}

export function exampleState(): OrgState {
  return compile(exampleModel());
}

export function role(state: OrgState, arn: string): RoleDetail {
  for (const a of state.accounts) {
    const r = a.authorizationDetails.RoleDetailList.find((x) => x.Arn === arn);
    if (r) return r;
  }
  throw new Error(`no role ${arn}`);
}

/** ReadOnlyAccess's actions the catalog does not class as reads: a read level holding it acknowledges them. */
export const READ_ONLY_EXTRAS = [
  "athena:GetSessionEndpoint",
  "backup:ListIndexedRecoveryPointsForSearch",
  "billing:GetResourcePolicy",
  "cognito-idp:GetTokensFromRefreshToken",
  "iot:GetConnection",
  "iot:ListSubscriptions",
  "s3express:CreateSession",
  "ssm-sap:GetResourcePermission",
];

/** READ_ONLY_EXTRAS as the entries of a level's `acknowledge:` mapping, one per line at `indent`. */
export function readOnlyAcknowledged(indent: string): string {
  return READ_ONLY_EXTRAS.map((a) => `${indent}${a}: a`).join("\n");
}

/** A minimal valid model; tests replace parts of it. */
export const MINIMAL = `organization: acme
identity:
  account: dev
  provider: { name: GoogleWorkspace }
  landing: readonly
environments:
  dev: { account: "111111111111" }
  prod: { account: "333333333333", color: red }
levels:
  admin: { managed: [AdministratorAccess] }
  readonly: { managed: [ReadOnlyAccess] }
teams:
  ops: { can: { "*": [admin, readonly] } }
people:
  a@example.com: [ops]
`;

/** Per-person cells as prove's access classes, one person (or kept user) per class: for proofs made by hand. */
export function classesOf(cells: readonly MatrixCell[], m?: AccessModel): MatrixClass[] {
  const byWho = new Map<string, MatrixClass>();
  for (const { who, kind, ...cell } of cells) {
    const key = `${kind}\n${who}`;
    let c = byWho.get(key);
    if (!c) {
      const teams =
        (kind === "person"
          ? m?.people.find((p) => p.email === who)?.teams
          : m?.users.find((u) => u.name === who)?.teams) ?? [];
      c = { kind, teams, members: [who], cells: [] };
      byWho.set(key, c);
    }
    c.cells.push(cell);
  }
  return [...byWho.values()];
}
