// Everything Sekisho writes for people: the Google Workspace files, and per access class
// (people with the same teams) and per kept IAM user a ~/.aws/config and an AWS Extend Switch
// Roles config. A person's own config (their email as session name) is printed on demand by
// `sekisho profiles FILE --who EMAIL`: 20,000 people need a few thousand files, not 40,000.
// Pure and deterministic: paths sorted by code unit, same model, byte-identical files.
//
//   google/saml-app.md, google/users.csv, google/directory-api.jsonl
//   profiles/people.csv                                   each person's class directory
//   profiles/access-<teams>/aws-config, profiles/access-<teams>/aesr-config
//   profiles/iam-users/<user>/aws-config, profiles/iam-users/<user>/aesr-config
import { csvRows } from "../google/csv.js";
import { googleFiles } from "../google/files.js";
import { DEFAULT_SCHEMA, type GoogleSchemaNames } from "../google/schema.js";
import type { AccessModel } from "../model/types.js";
import { aesrConfig } from "./aesr.js";
import { awsConfig } from "./aws-config.js";
import { accessClasses } from "./classes.js";
import { dirName, USERS_DIR } from "./names.js";
import { classPlan, type ProfileOptions, type ProfilePlan, personPlan, userPlan } from "./plan.js";
import { switchLinkWarnings } from "./switch-links.js";

export const PEOPLE_INDEX = "profiles/people.csv";

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function profileFiles(
  model: AccessModel,
  options: ProfileOptions = {},
): { files: Map<string, string>; warnings: string[] } {
  const files = new Map<string, string>();
  const warnings: string[] = [];
  const add = (dir: string, plan: ProfilePlan) => {
    warnings.push(...plan.warnings);
    files.set(`${dir}/aws-config`, awsConfig(model, plan));
    const aesr = aesrConfig(model, plan);
    warnings.push(...aesr.warnings);
    files.set(`${dir}/aesr-config`, aesr.text);
  };
  const rows: string[][] = [["email", "teams", "profiles"]];
  const classes = accessClasses(model);
  const dirOf = new Map<string, string>();
  for (const c of classes) {
    add(`profiles/${c.slug}`, classPlan(model, c, options));
    for (const m of c.members) dirOf.set(m, c.slug);
  }
  for (const p of [...model.people].sort((a, b) => byCodeUnit(a.email.toLowerCase(), b.email.toLowerCase())))
    rows.push([p.email, p.teams.join(" "), `${dirOf.get(p.email)!}/`]);
  files.set(PEOPLE_INDEX, csvRows(rows));
  for (const u of model.users) add(`profiles/${USERS_DIR}/${dirName(u.name)}`, userPlan(model, u, options));
  return { files, warnings };
}

/**
 * The ~/.aws/config and AESR config of one person (by email, any case) or kept IAM user (by
 * name), with their own session name; undefined when the model has neither.
 */
export function ownProfiles(
  model: AccessModel,
  id: string,
  options: ProfileOptions = {},
): { awsConfig: string; aesrConfig: string; warnings: string[] } | undefined {
  const person = model.people.find((p) => p.email.toLowerCase() === id.toLowerCase());
  const user = person ? undefined : model.users.find((u) => u.name.toLowerCase() === id.toLowerCase());
  const plan = person
    ? personPlan(model, person, options)
    : user
      ? userPlan(model, user, options)
      : undefined;
  if (!plan) return undefined;
  const aesr = aesrConfig(model, plan);
  return {
    awsConfig: awsConfig(model, plan),
    aesrConfig: aesr.text,
    warnings: [...plan.warnings, ...aesr.warnings],
  };
}

export function personalFiles(
  model: AccessModel,
  names: GoogleSchemaNames = DEFAULT_SCHEMA,
  options: ProfileOptions = {},
): { files: Map<string, string>; warnings: string[] } {
  const profiles = profileFiles(model, options);
  const all = new Map([...googleFiles(model, names), ...profiles.files]);
  const files = new Map([...all.entries()].sort(([a], [b]) => byCodeUnit(a, b)));
  return { files, warnings: [...switchLinkWarnings(model), ...profiles.warnings] };
}
