// diff's results: the terminal summary (one headline, then the items of each account) and
// diff.json (the whole report; item ids are stable, for --ignore and CI history).
import type { DiffReport, DriftItem } from "../diff/types.js";
import { json } from "./json.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function accountLabel(r: DiffReport, account: string): string {
  const name = r.accounts.find((a) => a.account === account)?.name;
  return name ? `${account} (${name})` : account;
}

export function diffHeadline(r: DiffReport): string {
  const checked = r.accounts.filter((a) => a.status === "checked");
  const compared = `${plural(r.compared.resources, "resource")}, ${plural(r.compared.matrixCells, "matrix cell")} and ${plural(r.compared.foreignPrincipals, "foreign principal")} compared`;
  const ignored = r.ignored.length ? `; ${r.ignored.length} ignored` : "";
  // Never "no drift" when nothing was compared (the CLI refuses that case before it gets here).
  if (checked.length === 0) return `nothing compared: no export is of an account the model names${ignored}`;
  if (!r.drift)
    return `no drift: ${plural(checked.length, "account")} checked (${checked.map((a) => `${a.name} ${a.account}`).join(", ")}); ${compared}${ignored}`;
  const accounts = new Set(r.items.map((i) => i.account)).size;
  return `drift: ${plural(r.items.length, "item")} in ${plural(accounts, "account")} (${plural(checked.length, "account")} checked; ${compared}${ignored})`;
}

function itemLines(i: DriftItem): string[] {
  return [`  ${i.id}`, `      ${i.message}`, ...i.details.map((d) => `      ${d}`)];
}

export function diffTerminal(r: DiffReport): string {
  const lines = [diffHeadline(r)];
  const accounts = [...new Set(r.items.map((i) => i.account))];
  for (const account of accounts) {
    const items = r.items.filter((i) => i.account === account);
    lines.push("", `${accountLabel(r, account)}: ${plural(items.length, "item")}`);
    for (const i of items) lines.push(...itemLines(i));
  }
  if (r.ignored.length) {
    lines.push("", `ignored (--ignore): ${plural(r.ignored.length, "item")}`);
    for (const i of r.ignored) lines.push(`  ${i.id}`);
  }
  if (r.warnings.length) lines.push("");
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return `${lines.join("\n")}\n`;
}

export function diffJson(r: DiffReport): string {
  return json(r);
}
