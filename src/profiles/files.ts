// Everything Sekisho writes for people: the Google Workspace files, and per person (and per
// kept IAM user) a ~/.aws/config and an AWS Extend Switch Roles config. Pure and
// deterministic: paths sorted by code unit, same model, byte-identical files.
//
//   google/saml-app.md, google/users.csv, google/directory-api.jsonl
//   profiles/<email>/aws-config, profiles/<email>/aesr-config         (email lower-cased, see dirName)
//   profiles/iam-users/<user>/aws-config, profiles/iam-users/<user>/aesr-config
import { googleFiles } from "../google/files.js";
import { DEFAULT_SCHEMA, type GoogleSchemaNames } from "../google/schema.js";
import type { AccessModel } from "../model/types.js";
import { aesrConfig } from "./aesr.js";
import { awsConfig } from "./aws-config.js";
import { dirName, USERS_DIR } from "./names.js";
import { type ProfilePlan, personPlan, userPlan } from "./plan.js";
import { switchLinkWarnings } from "./switch-links.js";

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function profileFiles(model: AccessModel): { files: Map<string, string>; warnings: string[] } {
  const files = new Map<string, string>();
  const warnings: string[] = [];
  const add = (dir: string, plan: ProfilePlan) => {
    warnings.push(...plan.warnings);
    files.set(`${dir}/aws-config`, awsConfig(model, plan));
    const aesr = aesrConfig(model, plan);
    warnings.push(...aesr.warnings);
    files.set(`${dir}/aesr-config`, aesr.text);
  };
  for (const p of model.people) add(`profiles/${dirName(p.email)}`, personPlan(model, p));
  for (const u of model.users) add(`profiles/${USERS_DIR}/${dirName(u.name)}`, userPlan(model, u));
  return { files, warnings };
}

export function personalFiles(
  model: AccessModel,
  names: GoogleSchemaNames = DEFAULT_SCHEMA,
): { files: Map<string, string>; warnings: string[] } {
  const profiles = profileFiles(model);
  const all = new Map([...googleFiles(model, names), ...profiles.files]);
  const files = new Map([...all.entries()].sort(([a], [b]) => byCodeUnit(a, b)));
  return { files, warnings: [...switchLinkWarnings(model), ...profiles.warnings] };
}
