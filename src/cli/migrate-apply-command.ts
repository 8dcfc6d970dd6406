// `sekisho migrate apply|status|rollback DIR`: the plan written by `migrate -o DIR`, executed on
// the accounts through the SDK, one step at a time, journaled in DIR/journal.jsonl.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import { isAbsolute, join, normalize } from "node:path";
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { IAMClient } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { type ApplyContext, applyStep, rollbackStep } from "../apply/apply.js";
import { type AccountClients, ApplyError, errorText } from "../apply/clients.js";
import { type Entry, JOURNAL, parseJournal, stepState } from "../apply/journal.js";
import type { MigrationPlan } from "../migrate/types.js";
import { parse, UsageError } from "./command.js";

if (!process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED)
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

/** How the command reaches an account; tests put the fake accounts behind it. */
export interface ApplyDeps {
  /** Clients with the caller's credentials, or a role assumed from them, and the account they are in. */
  connect(input: { profile?: string; region: string; roleArn?: string }): Promise<{
    account: string;
    clients: AccountClients;
  }>;
  sleep(ms: number): Promise<void>;
  now(): string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const awsApplyDeps: ApplyDeps = {
  async connect({ profile, region, roleArn }) {
    const caller = fromNodeProviderChain({ ...(profile ? { profile } : {}), clientConfig: { region } });
    const credentials = roleArn
      ? fromTemporaryCredentials({
          masterCredentials: caller,
          params: { RoleArn: roleArn, RoleSessionName: "sekisho-migrate-apply", DurationSeconds: 3600 },
          clientConfig: { region },
        })
      : caller;
    const who = await new STSClient({ region, credentials }).send(new GetCallerIdentityCommand({}));
    if (!who.Account) throw new ApplyError("STS GetCallerIdentity answered without an account");
    return {
      account: who.Account,
      clients: {
        iam: new IAMClient({ region, credentials }),
        cloudformation: new CloudFormationClient({ region, credentials }),
        cloudtrail: new CloudTrailClient({ region, credentials }),
      },
    };
  },
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  now: () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export const APPLY_HELP = `Usage: sekisho migrate apply DIR --step N [--profile NAME] [--assume-role-arn ARN]... [--region R] [--confirm] [--force] [--recent-days D]
       sekisho migrate status DIR
       sekisho migrate rollback DIR --step N [--profile NAME] [--assume-role-arn ARN]... [--region R]

Runs one step of the plan \`sekisho migrate -o DIR\` wrote, on the real accounts, through the AWS
SDK (the standard credential chain or --profile; one --assume-role-arn per further account).
  precondition  the step's users and stacks are read afresh; if they are not as the plan
                expected (someone changed them since), nothing is done: plan again
  changes       each AWS call is written to DIR/journal.jsonl and flushed before and after it
  gate          the accounts are read again and must be as the step leaves them (stacks
                complete, users as planned, sign-ins in CloudTrail); a read that fails keeps
                the gate shut, and only a met gate lets the next step start
A stopped step continues where it stopped when applied again. rollback undoes a step's calls,
newest first, and checks the accounts are as before it (a deleted key or password cannot come
back: it says so). Steps roll back newest first.

Options:
  --step N                   the step (plan.md numbers them)
  --profile NAME             the AWS profile for the caller's credentials
  --assume-role-arn ARN      a role to assume in a further account; repeatable
  --region R                 the region of the SDK's endpoints, and where CloudTrail is read for
                             sign-ins (default us-east-1, where console sign-ins are logged)
  --confirm                  you did what a step asks of you (the Google attributes)
  --force                    deactivate access keys even if used within --recent-days
  --recent-days D            a key used within D days stops the step (default 7)

Exit codes: 0 the step's gate is met (status: always), 1 the gate is not met or the step
stopped (the message says why), 2 usage or unreadable DIR.
`;

function readPlan(dir: string): MigrationPlan {
  const file = join(dir, "plan.json");
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`${file}: cannot read the plan (${errorText(e)})`);
  }
  const plan = value as Partial<MigrationPlan>;
  if (
    !Array.isArray(plan.steps) ||
    !Array.isArray(plan.users) ||
    plan.steps.some((s) => !Array.isArray((s as { targets?: unknown }).targets))
  )
    throw new UsageError(
      `${file}: not a plan this version of sekisho migrate wrote (steps without targets): plan again`,
    );
  return plan as MigrationPlan;
}

function readJournal(dir: string): Entry[] {
  const file = join(dir, JOURNAL);
  if (!existsSync(file)) return [];
  try {
    return parseJournal(readFileSync(file, "utf8"), file);
  } catch (e) {
    throw new UsageError(errorText(e).replace(/^ApplyError: /, ""));
  }
}

/** A file of the plan's directory, never outside it. */
function planFile(dir: string, rel: string): string {
  const clean = normalize(rel);
  if (isAbsolute(clean) || clean.startsWith(".."))
    throw new ApplyError(`plan.json names ${rel}, outside the plan's directory`);
  return readFileSync(join(dir, clean), "utf8");
}

function stepNumber(value: string | undefined, plan: MigrationPlan): number {
  if (value === undefined) throw new UsageError("missing --step N");
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > plan.steps.length)
    throw new UsageError(`--step ${value}: the plan has steps 1 to ${plan.steps.length}`);
  return n;
}

export function status(plan: MigrationPlan, journal: readonly Entry[]): string[] {
  return plan.steps.map((s) => {
    const st = stepState(journal, s.n);
    const what =
      st.kind === "not-started"
        ? "not started"
        : st.kind === "done"
          ? `done (gate met ${st.at})`
          : st.kind === "rolled-back"
            ? `rolled back ${st.at}${st.met ? "" : `, accounts differ: ${st.detail.join("; ")}`}`
            : `in progress since ${st.started}: ${st.calls} call${st.calls === 1 ? "" : "s"} made${st.failed ? `; stopped: ${st.failed}` : ""}${st.gate?.length ? `; gate not met: ${st.gate.join("; ")}` : ""}`;
    return `${s.n}. ${s.title}: ${what}`;
  });
}

export async function runApplyCommand(args: string[], deps: ApplyDeps = awsApplyDeps): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parse(
    rest,
    {
      step: { type: "string" },
      profile: { type: "string" },
      "assume-role-arn": { type: "string", multiple: true },
      region: { type: "string" },
      confirm: { type: "boolean" },
      force: { type: "boolean" },
      "recent-days": { type: "string" },
    },
    { min: 1, max: 1, names: "DIR" },
  );
  const dir = positionals[0]!;
  const plan = readPlan(dir);
  const journal = readJournal(dir);
  if (sub === "status") {
    deps.stdout(`${status(plan, journal).join("\n")}\n`);
    return 0;
  }
  const n = stepNumber(values.step, plan);
  const region = values.region ?? "us-east-1";
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`--region '${region}' is not a region`);
  const recent = values["recent-days"] === undefined ? 7 : Number(values["recent-days"]);
  if (!Number.isInteger(recent) || recent < 0)
    throw new UsageError(`--recent-days '${values["recent-days"]}' is not a number of days`);
  const arns = values["assume-role-arn"] ?? [];
  for (const arn of arns)
    if (!ROLE_ARN.test(arn)) throw new UsageError(`--assume-role-arn '${arn}' is not a role ARN`);

  // Every account the step touches must be reached, and each set of clients proven to be in its
  // account (GetCallerIdentity), before anything is read or changed.
  const step = plan.steps[n - 1]!;
  const needed = [
    ...new Set(
      step.targets.flatMap((t) =>
        t.kind === "manual"
          ? []
          : t.kind === "web-identity"
            ? t.workloads.flatMap((w) => w.roles.map((r) => r.account))
            : t.kind === "sign-in"
              ? [t.account, ...(t.switches ?? []).map((s) => s.account)]
              : t.kind === "user" && t.end.movedTo
                ? [t.account, ...t.end.movedTo.roles.map((r) => r.account)]
                : [t.account],
      ),
    ),
  ].sort();
  const accounts = new Map<string, AccountClients>();
  try {
    const caller = await deps.connect({ ...(values.profile ? { profile: values.profile } : {}), region });
    accounts.set(caller.account, caller.clients);
    for (const arn of arns) {
      const want = ROLE_ARN.exec(arn)![1]!;
      const c = await deps.connect({
        ...(values.profile ? { profile: values.profile } : {}),
        region,
        roleArn: arn,
      });
      if (c.account !== want)
        throw new ApplyError(`${arn} gave credentials for account ${c.account}, not ${want}`);
      accounts.set(c.account, c.clients);
    }
  } catch (e) {
    deps.stderr(`sekisho migrate ${sub}: cannot reach the accounts: ${errorText(e)}\nnothing done\n`);
    return 1;
  }
  const missing = needed.filter((a) => !accounts.has(a));
  if (missing.length) {
    deps.stderr(
      `sekisho migrate ${sub}: step ${n} changes ${missing.join(", ")}, which no credentials reach: add --assume-role-arn arn:aws:iam::${missing[0]}:role/ROLE\nnothing done\n`,
    );
    return 2;
  }
  const file = join(dir, JOURNAL);
  const ctx: ApplyContext = {
    plan,
    accounts,
    journal,
    append(entry) {
      // One whole line, flushed to disk before the call it announces is made.
      const fd = openSync(file, "a");
      try {
        writeSync(fd, `${JSON.stringify(entry)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    now: deps.now,
    readFile: (rel) => planFile(dir, rel),
    sleep: deps.sleep,
    recentDays: recent,
    ...(values.confirm ? { confirm: true } : {}),
    ...(values.force ? { force: true } : {}),
  };
  try {
    const r = sub === "rollback" ? await rollbackStep(ctx, n) : await applyStep(ctx, n);
    deps.stdout(`${r.lines.join("\n")}\n`);
    return r.met ? 0 : 1;
  } catch (e) {
    deps.stderr(`sekisho migrate ${sub}: ${errorText(e).replace(/^ApplyError: /, "")}\n`);
    return 1;
  }
}
