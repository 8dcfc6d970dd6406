// A command loads only its own code: `--version` and `--help` load no command, and no
// command loads what another needs (the AWS SDK for collect, Google's client for google
// sync, the YAML parser and schema for model commands, the graph layout for plan).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { datasetPath } from "../datasets.js";
import { ROOT } from "./helpers.js";

const TSX = import.meta.resolve("tsx");
const HOOK = join(ROOT, "test/cli/record-imports.ts");

/** The modules `sekisho ARGS` resolves: repository files relative to the root, packages by name. */
function imported(args: string[]): string[] {
  const r = spawnSync(
    process.execPath,
    ["--import", TSX, "--import", HOOK, join(ROOT, "src/cli/main.ts"), ...args],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, SEKISHO_TODAY: "2026-11-28" },
    },
  );
  const names = new Set<string>();
  for (const line of r.stderr.split("\n")) {
    const url = /^IMPORTED (.*)$/.exec(line)?.[1];
    if (!url || url.startsWith("node:") || url.includes("/node_modules/tsx/")) continue;
    const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    names.add(pkg ?? url.slice(url.indexOf("/src/") + 1));
  }
  return [...names].sort();
}

const HEAVY = [
  "@aws-sdk/client-iam",
  "@aws-sdk/client-sts",
  "@aws-sdk/credential-providers",
  "@googleapis/admin",
  "@dagrejs/dagre",
  "yaml",
  "zod",
];

test("--version and --help load no command: only the command table and the version", () => {
  const light = ["src/cli/command.ts", "src/cli/commands.ts", "src/cli/main.ts", "src/cli/version.ts"];
  assert.deepEqual(imported(["--version"]), light);
  assert.deepEqual(imported(["--help"]), light);
});

test("audit of an export loads no SDK, Google client, YAML parser, model schema or graph layout", () => {
  const mods = imported(["audit", datasetPath("cloudmapper-demo-authz-details.json")]);
  assert.ok(mods.includes("src/audit/audit.ts"), "the audit ran");
  // zod is the one schema library: audit needs it for the export's shape check, not the model's.
  assert.ok(mods.includes("src/import/export-schema.ts"), "the export's shape was checked");
  assert.deepEqual(
    mods.filter(
      (m) =>
        (HEAVY.includes(m) && m !== "zod") ||
        m.startsWith("src/model/load") ||
        m.startsWith("src/model/schema"),
    ),
    [],
  );
});

test("validate loads the model stage but no SDK, Google client or graph layout", () => {
  const mods = imported(["validate", "examples/access.yaml"]);
  assert.ok(mods.includes("yaml") && mods.includes("src/model/load.ts"), "the model was read");
  assert.deepEqual(
    mods.filter((m) => m.startsWith("@aws-sdk/") || m === "@googleapis/admin" || m === "@dagrejs/dagre"),
    [],
  );
});
