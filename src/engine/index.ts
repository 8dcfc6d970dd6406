// Public surface of the policy engine.
export { actionMatches } from "./action.js";
export { arnMatches } from "./arn.js";
export { catalogAction, catalogIndex, catalogVersion, loadCatalog } from "./catalog.js";
export { derivedContext } from "./context.js";
export { evaluate } from "./evaluate.js";
export { scanCatalog } from "./scan.js";
export type * from "./types.js";
