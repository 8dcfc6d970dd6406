// Golden files: the whole `plan` output for the example, byte for byte. After an intended
// change, regenerate with UPDATE_GOLDEN=1 and review the diff like any code change.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import { planFiles } from "../../src/emit/plan.js";
import { exampleModel, exampleState } from "../helpers.js";

const GOLDEN = "test/golden/example";

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [relative(GOLDEN, join(dir, e.name))],
  );
}

test("plan output of the example matches the golden files", () => {
  const files = planFiles({ model: exampleModel(), state: exampleState(), notes: [] });
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
  const a = planFiles({ model: exampleModel(), state: exampleState(), notes: [] });
  const b = planFiles({ model: exampleModel(), state: exampleState(), notes: [] });
  assert.deepEqual([...a.entries()], [...b.entries()]);
});
