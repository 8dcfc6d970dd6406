// `migrate apply DIR --step N`: one step of the plan on the real accounts. Precondition: the
// accounts are as the plan expected (else "plan again"); changes, each journaled before and
// after; gate: the accounts read again are as the step leaves them. A read that fails, or an
// answer that is empty, leaves the gate shut: only a met gate lets the next step start.
import type { MigrationPlan, Step, Target } from "../migrate/types.js";
import { type Accounts, ApplyError, clientsOf, errorText } from "./clients.js";
import { type Expected, expectedBefore, userDifferences } from "./expected.js";
import { sendIam } from "./iam-call.js";
import { currentRun, type Entry, madeCalls, nextSeq, stepState } from "./journal.js";
import { type Op, userOps } from "./operations.js";
import { keyLastUsed, readUser } from "./read-user.js";
import { signInDifferences } from "./sign-in.js";
import {
  createStack,
  deleteStack,
  deployedDifferences,
  stackDifferences,
  stackStatus,
  waitStack,
} from "./stack.js";
import { firstExchange, webIdentityDifferences } from "./web-identity.js";

export interface ApplyContext {
  plan: MigrationPlan;
  accounts: Accounts;
  journal: Entry[];
  /** Appends one entry to the journal and flushes it (the CLI); the context's list follows. */
  append(entry: Entry): void;
  now(): string;
  /** A file beside plan.json (templates, the SAML metadata). */
  readFile(rel: string): string;
  sleep(ms: number): Promise<void>;
  /** Keys used more recently than this many days stop the step (default 7). */
  recentDays?: number;
  /** The operator confirms a step Sekisho cannot do itself (Google attributes). */
  confirm?: boolean;
  /** Deactivate keys even if used recently. */
  force?: boolean;
}

export interface StepOutcome {
  step: number;
  met: boolean;
  lines: string[];
}

function stepOf(plan: MigrationPlan, n: number): Step {
  const step = plan.steps.find((s) => s.n === n);
  if (!step) throw new ApplyError(`the plan has no step ${n} (steps 1 to ${plan.steps.length})`);
  return step;
}

/** The step's script in the plan directory, as migrationFiles names it. */
const stepScript = (step: Step, kind: "" | ".rollback") =>
  `scripts/${String(step.n).padStart(2, "0")}-${step.id}${kind}.sh`;

function record(ctx: ApplyContext, entry: Entry): void {
  ctx.append(entry);
  ctx.journal.push(entry);
}

/** Where every target of the step differs from the end it must reach; read failures throw. */
async function gateDifferences(ctx: ApplyContext, step: Step, since: string): Promise<string[]> {
  const out: string[] = [];
  for (const t of step.targets) {
    const c = t.kind === "manual" ? undefined : clientsOf(ctx.accounts, t.account);
    if (t.kind === "user") {
      const now = await readUser(c!, t.name);
      out.push(...userDifferences(now, t.end).map((d) => `${t.name} in ${t.account} ${d}`));
    } else if (t.kind === "stack") out.push(...(await stackDifferences(c!, t)));
    else if (t.kind === "terraform") out.push(...(await deployedDifferences(c!, t)));
    else if (t.kind === "sign-in") out.push(...(await signInDifferences(ctx.accounts, t, new Date(since))));
    else if (t.kind === "web-identity")
      out.push(...(await webIdentityDifferences(ctx.accounts, t, new Date(since))));
  }
  return out;
}

async function gate(ctx: ApplyContext, step: Step, since: string): Promise<StepOutcome> {
  let detail: string[];
  try {
    detail = await gateDifferences(ctx, step, since);
  } catch (e) {
    detail = [`cannot read what the gate needs: ${errorText(e)}`];
  }
  const met = detail.length === 0;
  record(ctx, { t: "gate", step: step.n, at: ctx.now(), met, detail });
  return {
    step: step.n,
    met,
    lines: met
      ? [`step ${step.n} (${step.title}): gate met: ${step.gate.what}`]
      : [`step ${step.n} (${step.title}): gate NOT met:`, ...detail.map((d) => `  ${d}`)],
  };
}

async function call(ctx: ApplyContext, step: Step, op: Op): Promise<void> {
  const seq = nextSeq(ctx.journal);
  record(ctx, { t: "call", step: step.n, seq, at: ctx.now(), op });
  try {
    await sendIam(clientsOf(ctx.accounts, op.account), op);
  } catch (e) {
    record(ctx, { t: "failed", step: step.n, seq, at: ctx.now(), error: errorText(e) });
    throw new ApplyError(
      `step ${step.n} stopped at ${op.call} ${JSON.stringify(op.input)} in ${op.account}: ${errorText(e)}. Run apply again to continue (the journal knows what is done), or rollback.`,
    );
  }
  record(ctx, { t: "done", step: step.n, seq, at: ctx.now() });
}

const DAY = 86_400_000;
/** CloudTrail's event history (LookupEvents) covers the last 90 days. */
const TRAIL_DAYS = 90;

async function changeUser(
  ctx: ApplyContext,
  step: Step,
  t: Extract<Target, { kind: "user" }>,
  manual: string[],
): Promise<void> {
  const c = clientsOf(ctx.accounts, t.account);
  const plan = userOps(t.account, t.name, await readUser(c, t.name), t.end);
  manual.push(...plan.manual);
  for (const op of plan.ops) {
    if (op.keyCheck && !ctx.force) {
      const used = await keyLastUsed(c, t.name, op.keyCheck);
      const moved = t.end.movedTo;
      if (moved) {
        // A pipeline's user: its keys may have been used until the pipeline moved to its token,
        // never after. UNCONFIRMED how soon IAM records a key's last use: a use just after the
        // exchange may not show yet; deactivating is undone by rollback, and deleting comes later.
        const since = new Date(Date.parse(ctx.now()) - TRAIL_DAYS * DAY);
        const first = await firstExchange(ctx.accounts, moved.roles, since);
        if (!first)
          throw new ApplyError(
            `refusing: workload ${moved.workload} has not exchanged a token for its role in the last ${TRAIL_DAYS} days: its pipeline still needs ${t.name}'s key ${op.keyCheck}`,
          );
        if (used && Date.parse(used) >= Date.parse(first))
          throw new ApplyError(
            `refusing: ${t.name} key ${op.keyCheck} was used ${used}, after workload ${moved.workload}'s first token exchange (${first}): something else still uses it; find it, or --force`,
          );
      } else {
        const days = ctx.recentDays ?? 7;
        if (used && Date.parse(ctx.now()) - Date.parse(used) < days * DAY)
          throw new ApplyError(
            `refusing: ${t.name} key ${op.keyCheck} was used ${used}, within ${days} days: find what uses it, or --force`,
          );
      }
    }
    await call(ctx, step, op);
  }
}

async function changeStack(
  ctx: ApplyContext,
  step: Step,
  t: Extract<Target, { kind: "stack" }>,
): Promise<void> {
  const c = clientsOf(ctx.accounts, t.account);
  const status = await stackStatus(c, t.stack);
  if (status === undefined) {
    const parameters: Record<string, string> = {};
    for (const [k, v] of Object.entries(t.parameters))
      parameters[k] = v.startsWith("file:") ? ctx.readFile(v.slice(5)) : v;
    const op: Op = {
      account: t.account,
      call: "CreateStack",
      input: { StackName: t.stack, Template: t.template },
      undo: { account: t.account, call: "DeleteStack", input: { StackName: t.stack } },
    };
    const seq = nextSeq(ctx.journal);
    record(ctx, { t: "call", step: step.n, seq, at: ctx.now(), op });
    try {
      await createStack(c, t, ctx.readFile(t.template), parameters);
    } catch (e) {
      record(ctx, { t: "failed", step: step.n, seq, at: ctx.now(), error: errorText(e) });
      throw new ApplyError(`step ${step.n}: cannot create stack ${t.stack} in ${t.account}: ${errorText(e)}`);
    }
    record(ctx, { t: "done", step: step.n, seq, at: ctx.now() });
  }
  await waitStack(c, t.stack, "complete", ctx.sleep);
}

/** Is the step's precondition met: every earlier step done, the accounts as the plan expected? */
async function precondition(ctx: ApplyContext, step: Step): Promise<void> {
  if (!step.check.passed)
    throw new ApplyError(
      `step ${step.n} failed the plan's dry run (${step.check.summary}): fix the model or the accounts and plan again`,
    );
  for (const s of ctx.plan.steps) {
    if (s.n >= step.n) break;
    const st = stepState(ctx.journal, s.n);
    if (st.kind !== "done") throw new ApplyError(`step ${s.n} (${s.title}) is not done: apply it first`);
  }
  const changed: string[] = [];
  for (const t of step.targets) {
    if (t.kind === "user") {
      const now = await readUser(clientsOf(ctx.accounts, t.account), t.name);
      const want = expectedBefore(ctx.plan, step, t);
      changed.push(...userDifferences(now, want).map((d) => `${t.name} in ${t.account} ${d}`));
    } else if (t.kind === "stack") {
      const status = await stackStatus(clientsOf(ctx.accounts, t.account), t.stack);
      if (status !== undefined) changed.push(`stack ${t.stack} already exists in ${t.account} (${status})`);
    }
  }
  if (changed.length)
    throw new ApplyError(
      `the accounts changed since the plan was made (${ctx.plan.generatedAt}); plan again:\n${changed.map((c) => `  ${c}`).join("\n")}`,
    );
}

export async function applyStep(ctx: ApplyContext, n: number): Promise<StepOutcome> {
  const step = stepOf(ctx.plan, n);
  const state = stepState(ctx.journal, n);
  if (state.kind === "done")
    return { step: n, met: true, lines: [`step ${n} is done (gate met ${state.at})`] };
  if (state.kind !== "in-progress") {
    await precondition(ctx, step);
    record(ctx, { t: "start", step: n, id: step.id, at: ctx.now() });
  }
  const started = currentRun(ctx.journal, n)[0]!.at;
  const manual: string[] = [];
  for (const t of step.targets) {
    if (t.kind === "user") await changeUser(ctx, step, t, manual);
    else if (t.kind === "stack") await changeStack(ctx, step, t);
    else if (t.kind === "manual" && !ctx.confirm) manual.push(t.what);
    // Sekisho does not run Terraform: the operator applies the root with the step's script.
    else if (t.kind === "terraform" && !ctx.confirm)
      manual.push(
        `apply the Terraform root ${t.root}: bash ${stepScript(step, "")} (init, plan -out, apply)`,
      );
  }
  if (manual.length) {
    const detail = [
      ...manual,
      ...(step.targets.some((t) => t.kind === "manual" || t.kind === "terraform")
        ? [`then: sekisho migrate apply DIR --step ${n} --confirm`]
        : []),
    ];
    record(ctx, { t: "gate", step: n, at: ctx.now(), met: false, detail });
    return {
      step: n,
      met: false,
      lines: [`step ${n} (${step.title}) needs you:`, ...detail.map((d) => `  ${d}`)],
    };
  }
  return gate(ctx, step, started);
}

/** Undo the step's calls, newest first; then check the accounts are as before the step. */
export async function rollbackStep(ctx: ApplyContext, n: number): Promise<StepOutcome> {
  const step = stepOf(ctx.plan, n);
  const state = stepState(ctx.journal, n);
  if (state.kind === "not-started" || state.kind === "rolled-back")
    throw new ApplyError(`step ${n} has nothing to roll back (${state.kind})`);
  // Terraform made it, and only its state knows what it adopted: its rollback script undoes it.
  if (step.targets.some((t) => t.kind === "terraform"))
    throw new ApplyError(
      `step ${n} was deployed with Terraform: roll it back with bash ${stepScript(step, ".rollback")} (it forgets what was adopted, then destroys the rest)`,
    );
  for (const s of ctx.plan.steps) {
    if (s.n <= n) continue;
    const later = stepState(ctx.journal, s.n);
    if (later.kind === "done" || later.kind === "in-progress")
      throw new ApplyError(`step ${s.n} came after it and is not rolled back: roll back step ${s.n} first`);
  }
  const lost: string[] = [];
  const made = madeCalls(ctx.journal, n).reverse();
  for (const { seq, op } of made) {
    if (!op.undo) {
      if (op.lost) lost.push(`${op.input.UserName ?? op.input.StackName} in ${op.account}: ${op.lost}`);
      record(ctx, { t: "undone", step: n, seq, at: ctx.now() });
      continue;
    }
    record(ctx, { t: "undo", step: n, seq, at: ctx.now() });
    const c = clientsOf(ctx.accounts, op.account);
    try {
      if (op.undo.call === "DeleteStack") {
        if ((await stackStatus(c, op.undo.input.StackName ?? "")) !== undefined) {
          await deleteStack(c, op.undo.input.StackName ?? "");
          await waitStack(c, op.undo.input.StackName ?? "", "gone", ctx.sleep);
        }
      } else await sendIam(c, op.undo);
    } catch (e) {
      throw new ApplyError(
        `rollback of step ${n} stopped undoing ${op.call} ${JSON.stringify(op.input)}: ${errorText(e)}. Run rollback again to continue.`,
      );
    }
    record(ctx, { t: "undone", step: n, seq, at: ctx.now() });
  }
  // As before: each user as the plan expected before the step, minus what cannot come back.
  let detail: string[] = [];
  try {
    for (const t of step.targets) {
      if (t.kind === "user") {
        const now = await readUser(clientsOf(ctx.accounts, t.account), t.name);
        const want: Expected = { ...expectedBefore(ctx.plan, step, t) };
        if (made.some((m) => !m.op.undo && m.op.account === t.account && m.op.input.UserName === t.name)) {
          delete want.password;
          delete want.activeKeys;
        }
        detail.push(...userDifferences(now, want).map((d) => `${t.name} in ${t.account} ${d}`));
      } else if (
        t.kind === "stack" &&
        made.some((m) => m.op.call === "CreateStack" && m.op.input.StackName === t.stack)
      ) {
        const status = await stackStatus(clientsOf(ctx.accounts, t.account), t.stack);
        if (status !== undefined) detail.push(`stack ${t.stack} still exists (${status})`);
      }
    }
  } catch (e) {
    detail = [`cannot read the accounts to check the rollback: ${errorText(e)}`];
  }
  const met = detail.length === 0;
  record(ctx, {
    t: "rolled-back",
    step: n,
    at: ctx.now(),
    met,
    detail: [...detail, ...lost.map((l) => `not restorable: ${l}`)],
  });
  return {
    step: n,
    met,
    lines: [
      met
        ? `step ${n} rolled back: the accounts are as before it`
        : `step ${n} rolled back, but the accounts differ:`,
      ...detail.map((d) => `  ${d}`),
      ...lost.map((l) => `  not restorable: ${l}`),
    ],
  };
}
