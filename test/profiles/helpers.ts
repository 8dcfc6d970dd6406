// Shared by the profile tests: load models, and read INI the way the tools that consume
// our files do.
import { readFileSync } from "node:fs";
import { loadModelText } from "../../src/model/load.js";
import type { AccessModel } from "../../src/model/types.js";

export const TODAY = "2026-11-28";

export function modelOf(text: string): AccessModel {
  const r = loadModelText("access.yaml", text, { today: TODAY });
  if (!r.model) throw new Error(`model has errors: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.model;
}

export function example(): AccessModel {
  return modelOf(readFileSync("examples/access.yaml", "utf8"));
}

/** A model with hostile names: formula starts in emails and teams, `=` and `,` in names. */
export const HOSTILE = `organization: hostile
identity:
  account: "999999999999"
  provider: { name: GoogleWorkspace }
  landing: readonly
  sessionDuration: 12h
environments:
  dev: { account: "111111111111", color: "123456" }
  prod: { account: "333333333333", color: red, region: ap-northeast-1 }
levels:
  readonly: { managed: [ReadOnlyAccess] }
  admin: { managed: [AdministratorAccess] }
teams:
  "=HYPERLINK": { can: { "*": [readonly] } }
  "+sum": { can: { dev: [admin], prod: [{ level: admin, until: 2027-01-31 }] } }
  "-2+3": { can: { "*": [readonly] } }
  "@ops": { can: { prod: [readonly, admin] } }
  "a=b": { can: { dev: [readonly] } }
people:
  "=1+2@evil.com": ["=HYPERLINK", "+sum"]
  "-rf@evil.com": ["-2+3"]
  "+x@evil.com": ["@ops", "a=b"]
  "a,b@evil.com": ["+sum"]
users:
  "=evil": { teams: ["+sum"], reason: "line one\\nline two" }
options:
  sourceIdentity: false
  region: eu-central-1
`;

export interface IniSection {
  name: string;
  params: Record<string, string>;
}

/**
 * AESR's reading of its configuration (tilfinltd/aesr-config ini-parser.ts and
 * config-loader.ts): everything after ; or # is a comment; `key = value` split at `=` with
 * limit 2; empty values, duplicate keys, role_arn with aws_account_id or role_name, missing
 * account ids and undefined source profiles are errors. Throws on any of them.
 */
export function parseAesr(text: string): IniSection[] {
  const sections: IniSection[] = [];
  let current: IniSection | undefined;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.replace(/[;#].*$/, "").trim();
    if (line === "") return;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = { name: header[1]!.trim().replace(/^profile\s+/i, ""), params: {} };
      sections.push(current);
      return;
    }
    if (!current) throw new Error(`line ${i + 1}: text outside a section`);
    const [key, value] = line.split("=", 2);
    if (!value?.trim()) throw new Error(`line ${i + 1}: invalid parameter definition`);
    const k = key!.trim();
    if (k in current.params) throw new Error(`line ${i + 1}: duplicate ${k}`);
    // What split("=", 2) drops is what AESR loses: the raw line must hold nothing more.
    if (raw.trim() !== `${k} = ${value.trim()}`) throw new Error(`line ${i + 1}: value truncated by AESR`);
    current.params[k] = value.trim();
  });
  const names = new Set(sections.map((s) => s.name));
  for (const s of sections) {
    const p = s.params;
    if (p.role_arn && (p.aws_account_id || p.role_name))
      throw new Error(`${s.name}: role_arn with account/role`);
    if (p.role_arn && !/^arn:aws:iam::\d{12}:role\/.+/.test(p.role_arn))
      throw new Error(`${s.name}: bad role_arn`);
    if (!p.role_arn && !p.aws_account_id) throw new Error(`${s.name}: no account id`);
    if (p.source_profile && !names.has(p.source_profile)) throw new Error(`${s.name}: undefined source`);
    if (p.color !== undefined && !/^[0-9a-f]{6}$/.test(p.color))
      throw new Error(`${s.name}: colour ${p.color}`);
  }
  return sections;
}

/**
 * The lines botocore reads without surprise: blank, a whole-line comment, `[profile NAME]`
 * (or [default]), or `key = value` whose value holds no `#` or `;` (RawConfigParser would keep
 * an inline comment as part of the value). ASCII only: botocore reads in the locale's encoding.
 */
export function botocoreProblems(text: string): string[] {
  const problems: string[] = [];
  text.split("\n").forEach((line, i) => {
    if (/[^\x20-\x7e]/.test(line)) problems.push(`line ${i + 1}: not printable ASCII`);
    if (line === "" || line.startsWith("# ") || line === "#") return;
    if (/^\[profile [A-Za-z0-9._@+-]+\]$/.test(line)) return;
    const kv = /^([a-z_]+) = ([^#;\s]+)$/.exec(line);
    if (!kv) problems.push(`line ${i + 1}: ${JSON.stringify(line)}`);
  });
  return problems;
}
