// Names IAM treats as equal. IAM names are unique ignoring case ("Names are not distinguished
// by case. For example, you cannot create roles named both "ROLEA" and "rolea"", IAM User Guide,
// IAM identifiers), while YAML keys are not: teams `sre` and `SRE` would compile to two landing
// roles CloudFormation cannot both create, or to one role serving two teams. Refused with both
// locations.
import { ASSUME_POLICY_NAME, SELF_MANAGE_POLICY_NAME } from "./naming.js";
import type { Path, Source } from "./source.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const keys = (v: unknown): string[] => (isObj(v) ? Object.keys(v) : []);

export interface EqualName {
  path: Path;
  message: string;
  expected: string;
}

/** Policy names Sekisho gives the roles and groups a level's policies are put on. */
const GENERATED_POLICY_NAMES = [ASSUME_POLICY_NAME, SELF_MANAGE_POLICY_NAME];

export function equalNames(source: Source): EqualName[] {
  const root = isObj(source.value) ? source.value : {};
  const out: EqualName[] = [];
  const where = (path: Path) => {
    const p = source.locateKey(path);
    return `${source.file}:${p.line}:${p.column}`;
  };
  const clashes = (section: string, what: string, names: string[], prefix: Path, becomes: string) => {
    const first = new Map<string, string>();
    for (const name of names) {
      const lower = name.toLowerCase();
      const earlier = first.get(lower);
      if (earlier === undefined) {
        first.set(lower, name);
        continue;
      }
      out.push({
        path: [...prefix, name],
        message: `${what} '${name}' and ${what} '${earlier}' (${where([...prefix, earlier])}) differ only in case: IAM names ignore case, so their ${becomes} would be one`,
        expected: `${section} names that differ in more than case`,
      });
    }
  };
  clashes("team", "team", keys(root.teams), ["teams"], "landing roles and groups");
  clashes("level", "level", keys(root.levels), ["levels"], "roles");
  clashes("kept user", "user", keys(root.users), ["users"], "IAM users");
  clashes("workload", "workload", keys(root.workloads), ["workloads"], "roles");
  for (const level of keys(root.levels)) {
    const body = (root.levels as Obj)[level];
    const inline = isObj(body) ? keys(body.inline) : [];
    clashes("inline policy", "inline policy", inline, ["levels", level, "inline"], "policies on a role");
    for (const name of inline) {
      const generated = GENERATED_POLICY_NAMES.find((g) => g.toLowerCase() === name.toLowerCase());
      if (generated)
        out.push({
          path: ["levels", level, "inline", name],
          message: `inline policy '${name}' of level '${level}' is the name of Sekisho's own policy '${generated}' (IAM names ignore case): one would replace the other`,
          expected: `a name other than ${GENERATED_POLICY_NAMES.join(" or ")}`,
        });
    }
  }
  return out;
}
