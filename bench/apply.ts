// `migrate apply`'s own cost per step, beyond the AWS calls: the whole migration of the test
// fixture company applied on the in-memory fake accounts (test/apply/fake-aws.ts), whose calls
// cost next to nothing, so what is timed is apply's reading, planning, journaling and gating.
//
//   npx tsx bench/apply.ts [--runs 20]
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { applyStep } from "../src/apply/apply.js";
import { FakeAws, readFrom } from "../test/apply/fake-aws.js";
import { fixturePlan } from "../test/apply/fixture-plan.js";
import { today } from "../test/migrate/fixtures.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "20" } } });
const { model: m, plan, files } = fixturePlan();

const perStep = new Map<string, number[]>();
const callsPerStep = new Map<string, number>();
for (let run = 0; run < Number(values.runs); run++) {
  const fake = FakeAws.from(today());
  let bytes = 0;
  const ctx = fake.context(plan, readFrom(files), (e) => {
    bytes += JSON.stringify(e).length + 1;
  });
  for (const s of plan.steps) {
    ctx.confirm = s.id === "google-attributes";
    if (s.id === "verify-sign-in") {
      await applyStep(ctx, s.n);
      const at = ctx.now();
      fake.everyoneSignsIn(m, at);
    }
    const calls = fake.calls.length;
    const t = performance.now();
    const r = await applyStep(ctx, s.n);
    const ms = performance.now() - t;
    if (!r.met) throw new Error(`step ${s.n} not met: ${r.lines.join("; ")}`);
    const key = `${s.n}. ${s.id}`;
    perStep.set(key, [...(perStep.get(key) ?? []), ms]);
    callsPerStep.set(key, fake.calls.length - calls);
  }
  if (run === 0) console.log(`journal: ${ctx.journal.length} entries, ${bytes} bytes`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log("| step | AWS calls | apply's own time, median |");
console.log("|---|---|---|");
for (const [k, xs] of perStep)
  console.log(
    `| ${k} | ${callsPerStep.get(k)} | ${median(xs).toFixed(2)} ms (${(median(xs) / Math.max(1, callsPerStep.get(k)!)).toFixed(3)} ms per call) |`,
  );
