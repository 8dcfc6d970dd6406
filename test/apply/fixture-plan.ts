// The migration `migrate apply` is tested (and benchmarked) on: the fixture company of
// test/migrate/fixtures.ts, planned with ci keeping its keys, and the files `migrate -o` writes
// plus the IdP metadata a user puts beside them.
import { compile } from "../../src/compile/compile.js";
import { migrationFiles } from "../../src/emit/migration-plan.js";
import { migrationDesign, migrationPlan } from "../../src/migrate/migrate.js";
import type { MigrationPlan } from "../../src/migrate/types.js";
import type { AccessModel } from "../../src/model/types.js";
import type { OrgState } from "../../src/state/org-state.js";
import { model } from "../helpers.js";
import { MODEL, today } from "../migrate/fixtures.js";

export const PLANNED_AT = "2026-11-28T00:00:00Z";

/** The fixture company planned (MODEL by default; `text` for a variant of it, `map` for --map). */
export function fixturePlan(
  text = MODEL,
  map: ReadonlyMap<string, string> = new Map(),
): { model: AccessModel; design: OrgState; plan: MigrationPlan; files: Map<string, string> } {
  const m = model(text);
  const design = compile(m);
  const plan = migrationPlan({
    model: m,
    design,
    real: today(),
    map,
    now: PLANNED_AT,
    hasMetadata: false,
    keepKeys: ["ci"],
  });
  // As the CLI writes them: the templates of the design the migration deploys (ci, keeping its
  // keys, in no group).
  const files = migrationFiles(plan, m, migrationDesign(design, m, ["ci"]));
  files.set("GoogleIDPMetadata.xml", "<EntityDescriptor/>");
  return { model: m, design, plan, files };
}
