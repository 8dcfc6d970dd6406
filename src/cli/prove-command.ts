import { proofJson, proofTable } from "../emit/proof.js";
import { type Command, parse } from "./command.js";
import { writeOutputDir } from "./output-dir.js";
import { runProof } from "./prove-run.js";
import { failed } from "./read-model.js";
import { printDiagnostics } from "./report.js";
import { validateAll } from "./validate-command.js";

export const runProve: Command = {
  name: "prove",
  help: `Usage: sekisho prove FILE [-o DIR]

Compiles FILE and runs six checks on the compiled policies, with Sekisho's policy engine,
along the path a person takes (SAML sign-in into the landing role, then the switch):

  Matrix exact          every person, and every kept IAM user with and without MFA, reaches an
                        environment role if and only if the model grants it (also at the moment
                        each expiring grant ends)
  Kept users need MFA   without MFA (a password alone, or an access key) a kept IAM user may do
                        nothing but look itself up: no MFA device, password, key or role, over
                        the whole action catalog and every role
  Landing is read-only  over the whole action catalog, no Write, Permissions management or Tagging
                        action beyond the switch and what the landing level acknowledges; data
                        reads are listed as exposure
  Levels mean what      read levels allow no write; write levels cannot change IAM or pass a role
  they say
  No escalation         no path (assume, policy or trust change, credentials, pass-role) from a
                        team or kept user leads beyond what the model grants it
  Hygiene               SAML:aud, 1-hour chained sessions, path+name <= 64, no ExternalId, no
                        wildcard or bare-root principals, Bool (not BoolIfExists) MFA, no NotPrincipal

When the engine cannot decide (unknown operator, policy without a document), the check fails
and says why. Evaluated at the start of the current UTC day (SEKISHO_TODAY pins it).

Options:
  -o, --out DIR   also write DIR/proof.json (every check with evidence) and DIR/proof.sarif

Exit codes: 0 all checks pass, 1 a check fails or the model is invalid, 2 usage or I/O error.
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      { out: { type: "string", short: "o" } },
      { min: 1, max: 1, names: "FILE" },
    );
    const file = positionals[0]!;
    const r = validateAll(file);
    printDiagnostics(r.diagnostics);
    if (failed(r)) return 1;
    const proof = runProof(r.model!, r.source!, file);
    process.stdout.write(proofTable(proof.result));
    if (values.out) {
      writeOutputDir(
        values.out,
        new Map([
          ["proof.json", proofJson(proof.result)],
          ["proof.sarif", proof.sarif],
        ]),
        "prove",
      );
    }
    return proof.result.passed ? 0 : 1;
  },
};
