// The Google Workspace files: what the IdP admin reads and applies.
import type { AccessModel } from "../model/types.js";
import { usersCsv } from "./csv.js";
import { directoryApiJsonl } from "./directory-api.js";
import { samlAppMarkdown } from "./saml-app.js";
import { DEFAULT_SCHEMA, type GoogleSchemaNames } from "./schema.js";

export function googleFiles(
  model: AccessModel,
  names: GoogleSchemaNames = DEFAULT_SCHEMA,
): Map<string, string> {
  return new Map([
    ["google/directory-api.jsonl", directoryApiJsonl(model, names)],
    ["google/saml-app.md", samlAppMarkdown(model, names)],
    ["google/users.csv", usersCsv(model)],
  ]);
}
