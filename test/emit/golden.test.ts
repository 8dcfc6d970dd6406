// Golden files: the whole `plan` output for the example, byte for byte. After an intended
// change, regenerate with UPDATE_GOLDEN=1 and review the diff like any code change.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import { runProof } from "../../src/cli/prove-run.js";
import { planFiles } from "../../src/emit/plan.js";
import { personalFiles } from "../../src/profiles/files.js";
import { EXAMPLE, exampleState, exampleText, load, TODAY } from "../helpers.js";

function examplePlan(): Map<string, string> {
  const r = load(exampleText(), EXAMPLE);
  const state = exampleState();
  return planFiles({
    model: r.model!,
    state,
    notes: [],
    proof: runProof(r.model!, r.source!, EXAMPLE, state),
    personal: personalFiles(r.model!).files,
    today: TODAY,
  });
}

const GOLDEN = "test/golden/example";

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [relative(GOLDEN, join(dir, e.name))],
  );
}

test("plan output of the example matches the golden files", () => {
  const files = examplePlan();
  if (process.env.UPDATE_GOLDEN) {
    rmSync(GOLDEN, { recursive: true, force: true });
    for (const [path, text] of files) {
      mkdirSync(dirname(join(GOLDEN, path)), { recursive: true });
      writeFileSync(join(GOLDEN, path), text);
    }
  }
  assert.deepEqual(walk(GOLDEN).sort(), [...files.keys()]);
  for (const [path, text] of files) assert.equal(text, readFileSync(join(GOLDEN, path), "utf8"), path);
});

test("plan output is deterministic", () => {
  const a = examplePlan();
  const b = examplePlan();
  assert.deepEqual([...a.entries()], [...b.entries()]);
});
