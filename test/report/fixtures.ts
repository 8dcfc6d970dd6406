// The example's real proof (prove run on the compiled policies) and deployment steps, shared
// by the report tests.
import { runProof } from "../../src/cli/prove-run.js";
import { compile } from "../../src/compile/compile.js";
import { stackTemplates } from "../../src/emit/cloudformation.js";
import type { AccessModel } from "../../src/model/types.js";
import { memberCells } from "../../src/prove/matrix.js";
import type { Proof } from "../../src/prove/types.js";
import { type DeployStep, deployStepsOf } from "../../src/report/steps.js";
import { classesOf, EXAMPLE, exampleText, load } from "../helpers.js";

export interface Example {
  model: AccessModel;
  proof: Proof;
  steps: DeployStep[];
}

let cached: Example | undefined;

export function provenExample(): Example {
  if (cached) return cached;
  const r = load(exampleText(), EXAMPLE);
  const model = r.model!;
  const state = compile(model);
  const proof = runProof(model, r.source!, EXAMPLE, state).result;
  cached = { model, proof, steps: deployStepsOf(model, stackTemplates(model, state)) };
  return cached;
}

/** The example's proof with two cells wrong and many failures: what a failed prove looks like. */
export function failedProof(proof: Proof): Proof {
  // prove lists the cells someone is granted or reaches: kenji's prod admin is added, alice's
  // dev readonly turned unreachable.
  const matrix = [
    ...memberCells(proof.matrix)
      .filter((c) => !(c.who === "kenji@example.com" && c.env === "prod" && c.level === "admin"))
      .map((c) =>
        c.who === "alice@example.com" && c.env === "dev" && c.level === "readonly"
          ? { ...c, actual: false }
          : c,
      ),
    {
      who: "kenji@example.com",
      kind: "person" as const,
      env: "prod",
      level: "admin",
      expected: false,
      actual: true,
    },
  ];
  const failures = Array.from({ length: 250 }, (_, i) => ({
    rule: "matrix/unexpected-access",
    message: `failure number ${i + 1}`,
    subject: "arn:aws:iam::333333333333:role/sekisho/admin",
  }));
  return {
    ...proof,
    passed: false,
    matrix: classesOf(matrix, provenExample().model),
    checks: proof.checks.map((c) => (c.id === "matrix" ? { ...c, passed: false, failures } : c)),
  };
}
