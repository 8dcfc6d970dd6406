// A one-environment model with the landing level `look` (ViewOnlyAccess) and the given levels
// (YAML lines under `levels:`): the level-access tests judge one level at a time in it.
import type { AccessModel } from "../../src/model/types.js";
import { model } from "../helpers.js";

export function levelModel(levels: string): AccessModel {
  return model(`organization: acme
identity:
  account: "999999999999"
  provider: { name: GoogleWorkspace }
  landing: look
environments:
  dev: { account: "111111111111" }
levels:
  look: { managed: [ViewOnlyAccess] }
${levels}
teams:
  ops: { can: { "*": [look] } }
people:
  a@example.com: [ops]
`);
}
