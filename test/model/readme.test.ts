// The access-model reference in the README is a valid model: documentation that lies is a bug.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { sekisho, tempDir } from "../cli/helpers.js";
import { datasetText } from "../datasets.js";
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
    "workloads",
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

// Every example in the README works as written: the model reference plans with every proof
// check passing, the levels fragment fits it, the quick start is two lines that run, and the
// "moving an existing organisation" commands run on a folder in the layout `collect` writes.
const README = () => readFileSync("README.md", "utf8");
const blocks = (lang: string) =>
  [...README().matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1]!);

describe("the README's examples work as written", () => {
  test("the access.yaml reference plans, every proof check passing, with nothing beside it", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "access.yaml"), blocks("yaml")[0]!);
    const r = await sekisho(["plan", "access.yaml", "-o", "out"], { cwd: dir });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /FAIL/);
  });

  test("the levels fragment replaces the reference's readonly level and validates", () => {
    const [reference, fragment] = blocks("yaml");
    const model = parseYaml(reference!) as { levels: Record<string, unknown> };
    const levels = (parseYaml(fragment!) as { levels: Record<string, unknown> }).levels;
    assert.deepEqual(Object.keys(levels), ["readonly"]);
    model.levels.readonly = levels.readonly;
    const r = load(stringifyYaml(model), "README.md");
    assert.deepEqual(
      lines(r).filter((l) => l.includes(" error ")),
      [],
    );
  });

  test("the quick start is two lines: install and plan the example, then the tests", async () => {
    const quick = blocks("sh")[0]!.trimEnd().split("\n");
    assert.deepEqual(quick, ["npm ci && npx sekisho plan examples/access.yaml -o out", "npm test"]);
    const out = join(tempDir(), "out");
    const r = await sekisho(["plan", "examples/access.yaml", "-o", out]);
    assert.equal(r.status, 0, r.stderr);
  });

  test("moving an organisation: audit, init, migrate and diff run on a collected folder", async () => {
    const commands = blocks("sh")
      .find((b) => b.includes("sekisho collect"))!
      .split("\n")
      .filter((l) => l.startsWith("sekisho "))
      .map((l) =>
        l
          .replace(/\s+#.*$/, "")
          .split(/\s+/)
          .slice(1),
      );
    assert.deepEqual(
      commands.map((c) => c[0]),
      ["collect", "audit", "init", "migrate", "diff"],
    );
    // collect needs AWS: its output, in its layout, stands in (before and after alike).
    const dir = tempDir();
    for (const folder of ["exports", "exports-after"]) {
      const account = join(dir, folder, "012345678901");
      mkdirSync(account, { recursive: true });
      writeFileSync(
        join(account, "authorization-details.json"),
        datasetText("cloudsplaining-test-example-authz-details.json"),
      );
      writeFileSync(join(account, "saml-providers.json"), '{"SAMLProviderList": []}\n');
    }
    // Exit 1 is each command's documented verdict (findings, drift), never a crash.
    const allowed: Record<string, number[]> = { audit: [0, 1], init: [0], migrate: [0, 1], diff: [0, 1] };
    for (const args of commands.slice(1)) {
      const r = await sekisho(args, { cwd: dir });
      assert.ok(allowed[args[0]!]!.includes(r.status ?? -1), `sekisho ${args.join(" ")}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /at .*\.ts:\d+|TypeError|ReferenceError/, args.join(" "));
    }
    assert.ok(existsSync(join(dir, "audit", "audit.html")));
    assert.ok(existsSync(join(dir, "access.yaml")));
    assert.ok(existsSync(join(dir, "migration", "plan.md")));
  });
});
