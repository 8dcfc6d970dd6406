// The access-model reference in the README is a valid model: documentation that lies is a bug.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { lines, load } from "../helpers.js";

test("the README's access.yaml reference validates without errors", () => {
  const readme = readFileSync("README.md", "utf8");
  const block = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, "README has a yaml block");
  const r = load(block, "README.md");
  assert.deepEqual(
    lines(r).filter((l) => l.includes(" error ")),
    [],
  );
  assert.ok(r.model);
});

test("sekisho schema describes every top-level section", async () => {
  const { accessModelJsonSchema } = await import("../../src/model/schema.js");
  const schema = accessModelJsonSchema() as { properties: Record<string, unknown>; required: string[] };
  assert.deepEqual(Object.keys(schema.properties), [
    "organization",
    "identity",
    "environments",
    "levels",
    "teams",
    "people",
    "users",
    "options",
  ]);
  assert.deepEqual(schema.required, [
    "organization",
    "identity",
    "environments",
    "levels",
    "teams",
    "people",
  ]);
});
