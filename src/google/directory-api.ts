// google/directory-api.jsonl: one line per person, the parameters of an Admin SDK Directory
// API `users.update` (or `users.patch`) call, as @googleapis/admin takes them:
// {"userKey": EMAIL, "requestBody": {"customSchemas": {SCHEMA: {ROLE_FIELD: [...], DURATION_FIELD: "..."}}}}
import type { AccessModel } from "../model/types.js";
import { peopleAttributes, updateBody } from "./attributes.js";
import { DEFAULT_SCHEMA, type GoogleSchemaNames } from "./schema.js";

export function directoryApiJsonl(model: AccessModel, names: GoogleSchemaNames = DEFAULT_SCHEMA): string {
  return peopleAttributes(model)
    .map((p) => `${JSON.stringify({ userKey: p.email, requestBody: updateBody(p, names) })}\n`)
    .join("");
}
