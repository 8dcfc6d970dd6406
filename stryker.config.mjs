// Mutation testing (StrykerJS, TAP runner over `node --test`): `npm run mutation`.
// Outside CI: the whole scope takes hours on two cores. Narrow it per folder with
//   SEKISHO_MUTATE="src/engine/values.ts,src/engine/variables.ts" (files or globs, comma-separated)
//   SEKISHO_MUTATION_TESTS="test/engine/conditions.test.ts"     (test files or globs)
// By default every mutated folder src/X is tested by test/X (docs/mutation.md).
const FOLDERS = ["engine", "compile", "prove", "graph", "migrate"];

const list = (value) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

const mutate = list(process.env.SEKISHO_MUTATE);
const scope = mutate.length > 0 ? mutate : FOLDERS.map((f) => `src/${f}/**/*.ts`);
const folders = FOLDERS.filter((f) => scope.some((m) => m.startsWith(`src/${f}/`)));
const tests = list(process.env.SEKISHO_MUTATION_TESTS);

export default {
  testRunner: "tap",
  tap: {
    testFiles: tests.length > 0 ? tests : folders.map((f) => `test/${f}/*.test.ts`),
    // Each test file runs in its own `node` process (node:test in-process, TAP on stdout), with
    // tsx for TypeScript and Stryker's hook that switches mutants on.
    nodeArgs: ["--import", "tsx", "--test-reporter=tap", "-r", "{{hookFile}}", "{{testFile}}"],
    // A mutant is killed by the first failing test file: no need to run the rest.
    forceBail: true,
  },
  mutate: scope,
  // The TAP runner records coverage per test file: each mutant runs only the files that reach it.
  coverageAnalysis: "perTest",
  concurrency: Number(process.env.SEKISHO_MUTATION_CONCURRENCY ?? 1),
  // Generated tests (fast-check) can be slow under load; a hung mutant must still end.
  timeoutMS: 60_000,
  timeoutFactor: 2,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // Resume a long run where it stopped, and re-test only what changed.
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  ignorePatterns: ["bench/.work", "artifacts", "dist", "reports", "out"],
  cleanTempDir: "always",
};
