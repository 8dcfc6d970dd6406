// Shared by `prove` and `plan`: run prove on a validated model and map findings to the
// model's lines for SARIF.
import { compile } from "../compile/compile.js";
import { proofSarif } from "../emit/proof.js";
import type { Source } from "../model/source.js";
import type { AccessModel } from "../model/types.js";
import { prove } from "../prove/prove.js";
import type { Proof } from "../prove/types.js";
import type { OrgState } from "../state/org-state.js";
import { today } from "./read-model.js";
import { version } from "./version.js";

/** prove evaluates at the start of the current UTC day: grants are day-granular, output stays reproducible. */
export function proofInstant(): string {
  return `${today()}T00:00:00Z`;
}

/** The line of the model entry behind a finding: the level of an environment role, the team of a landing role, the user. */
export function locator(model: AccessModel, source: Source) {
  return (subject: string) => {
    const name = subject.slice(subject.lastIndexOf("/") + 1);
    if (subject.includes(":user/")) return source.locateKey(["users", name]);
    if (name.startsWith("landing-")) return source.locateKey(["teams", name.slice("landing-".length)]);
    if (model.levels.some((l) => l.name === name)) return source.locateKey(["levels", name]);
    if (subject.startsWith("level ")) return source.locateKey(["levels", subject.slice("level ".length)]);
    return source.locateKey(["identity"]);
  };
}

export function runProof(
  model: AccessModel,
  source: Source,
  file: string,
  state: OrgState = compile(model),
): { result: Proof; sarif: string } {
  const result = prove(model, state, proofInstant());
  return { result, sarif: proofSarif(result, file, version(), locator(model, source)) };
}
