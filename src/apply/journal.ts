// DIR/journal.jsonl: every AWS change `migrate apply` makes, written and flushed before the call
// and after it, so a run stopped anywhere can be continued or rolled back. Pure: parsing and
// what the journal says of each step; the CLI appends and flushes.
import { z } from "zod";
import { ApplyError } from "./clients.js";
import { IAM_CALLS, STACK_CALLS } from "./operations.js";

export { JOURNAL } from "../migrate/journal.js";

const call = z.object({
  account: z.string(),
  call: z.enum([...IAM_CALLS, ...STACK_CALLS]),
  input: z.record(z.string(), z.string()),
});
const op = call.extend({
  undo: call.nullable(),
  lost: z.string().optional(),
  keyCheck: z.string().optional(),
});

const entry = z.discriminatedUnion("t", [
  z.object({ t: z.literal("start"), step: z.number().int(), id: z.string(), at: z.string() }),
  z.object({ t: z.literal("call"), step: z.number().int(), seq: z.number().int(), at: z.string(), op }),
  z.object({ t: z.literal("done"), step: z.number().int(), seq: z.number().int(), at: z.string() }),
  z.object({
    t: z.literal("failed"),
    step: z.number().int(),
    seq: z.number().int(),
    at: z.string(),
    error: z.string(),
  }),
  z.object({
    t: z.literal("gate"),
    step: z.number().int(),
    at: z.string(),
    met: z.boolean(),
    detail: z.array(z.string()),
  }),
  z.object({ t: z.literal("undo"), step: z.number().int(), seq: z.number().int(), at: z.string() }),
  z.object({ t: z.literal("undone"), step: z.number().int(), seq: z.number().int(), at: z.string() }),
  z.object({
    t: z.literal("rolled-back"),
    step: z.number().int(),
    at: z.string(),
    met: z.boolean(),
    detail: z.array(z.string()),
  }),
]);

export type Entry = z.infer<typeof entry>;
export type JournalOp = Extract<Entry, { t: "call" }>["op"];

/** The journal's entries; a line that is not one (a torn write, an edit) stops everything. */
export function parseJournal(text: string, file: string): Entry[] {
  const out: Entry[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    if (line === "" && i === lines.length - 1) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ApplyError(
        `${file}:${i + 1}: not a journal entry (a JSON object per line); was a write cut short?`,
      );
    }
    const r = entry.safeParse(value);
    if (!r.success)
      throw new ApplyError(
        `${file}:${i + 1}: not a journal entry: ${r.error.issues[0]?.path.join(".") || "entry"}: ${r.error.issues[0]?.message}`,
      );
    out.push(r.data);
  });
  return out;
}

export type StepState =
  | { kind: "not-started" }
  | { kind: "in-progress"; started: string; calls: number; failed?: string; gate?: string[] }
  | { kind: "done"; started: string; at: string }
  | { kind: "rolled-back"; at: string; met: boolean; detail: string[] };

/** The entries of a step since it last started (after its last rollback, nothing). */
export function currentRun(journal: readonly Entry[], step: number): Entry[] {
  let from = -1;
  journal.forEach((e, i) => {
    if (e.step === step && e.t === "start") from = i;
  });
  return from < 0 ? [] : journal.slice(from).filter((e) => e.step === step);
}

export function stepState(journal: readonly Entry[], step: number): StepState {
  const run = currentRun(journal, step);
  const last = [...journal]
    .reverse()
    .find((e) => e.step === step && (e.t === "rolled-back" || e.t === "start"));
  if (last?.t === "rolled-back")
    return { kind: "rolled-back", at: last.at, met: last.met, detail: last.detail };
  const start = run[0];
  if (start?.t !== "start") return { kind: "not-started" };
  const gate = [...run].reverse().find((e) => e.t === "gate");
  if (gate?.t === "gate" && gate.met) return { kind: "done", started: start.at, at: gate.at };
  const failed = [...run].reverse().find((e) => e.t === "failed");
  return {
    kind: "in-progress",
    started: start.at,
    calls: run.filter((e) => e.t === "done").length,
    ...(failed?.t === "failed" ? { failed: failed.error } : {}),
    ...(gate?.t === "gate" ? { gate: gate.detail } : {}),
  };
}

/** The calls of a step's current run that may have happened: done, or begun without an end. */
export function madeCalls(
  journal: readonly Entry[],
  step: number,
): { seq: number; op: JournalOp; certain: boolean }[] {
  const run = currentRun(journal, step);
  const ended = new Map<number, "done" | "failed">();
  for (const e of run) if (e.t === "done" || e.t === "failed") ended.set(e.seq, e.t);
  const undone = new Set(run.filter((e) => e.t === "undone").map((e) => e.seq));
  const out: { seq: number; op: JournalOp; certain: boolean }[] = [];
  for (const e of run) {
    if (e.t !== "call" || undone.has(e.seq)) continue;
    const end = ended.get(e.seq);
    // A failed call changed nothing; one begun without an end may have (a crash): undo it too.
    if (end === "failed") continue;
    out.push({ seq: e.seq, op: e.op, certain: end === "done" });
  }
  return out;
}

export function nextSeq(journal: readonly Entry[]): number {
  let max = 0;
  for (const e of journal) if ("seq" in e && e.seq > max) max = e.seq;
  return max + 1;
}
