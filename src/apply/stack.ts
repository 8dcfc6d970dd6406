// The deploy steps through CloudFormation: create the stack, wait until it is complete, and
// check on IAM that what it must make is there.
import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
} from "@aws-sdk/client-cloudformation";
import { GetRoleCommand, ListGroupsForUserCommand, ListSAMLProvidersCommand } from "@aws-sdk/client-iam";
import type { Target } from "../migrate/types.js";
import { type AccountClients, ApplyError, errorName, isNoSuchEntity } from "./clients.js";

export type StackTarget = Extract<Target, { kind: "stack" }>;

const DONE = new Set(["CREATE_COMPLETE", "UPDATE_COMPLETE"]);

/** The stack's status, or undefined when there is no such stack. */
export async function stackStatus(c: AccountClients, name: string): Promise<string | undefined> {
  try {
    const r = await c.cloudformation.send(new DescribeStacksCommand({ StackName: name }));
    const stack = r.Stacks?.[0];
    if (!stack?.StackStatus) throw new ApplyError(`stack ${name}: DescribeStacks answered without a status`);
    return stack.StackStatus === "DELETE_COMPLETE" ? undefined : stack.StackStatus;
  } catch (e) {
    // CloudFormation answers a missing stack with a ValidationError saying so.
    if (errorName(e) === "ValidationError" && e instanceof Error && /does not exist/.test(e.message))
      return undefined;
    throw e;
  }
}

export async function createStack(
  c: AccountClients,
  target: StackTarget,
  templateBody: string,
  parameters: Record<string, string>,
): Promise<void> {
  await c.cloudformation.send(
    new CreateStackCommand({
      StackName: target.stack,
      TemplateBody: templateBody,
      Capabilities: ["CAPABILITY_NAMED_IAM"],
      Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
      // A failed create leaves nothing behind to clean up by hand.
      OnFailure: "DELETE",
    }),
  );
}

export async function deleteStack(c: AccountClients, name: string): Promise<void> {
  await c.cloudformation.send(new DeleteStackCommand({ StackName: name }));
}

/** Waits until the stack is complete (or gone, for a delete); any other end is an error. */
export async function waitStack(
  c: AccountClients,
  name: string,
  until: "complete" | "gone",
  sleep: (ms: number) => Promise<void>,
  attempts = 360,
  intervalMs = 10_000,
): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    const status = await stackStatus(c, name);
    if (until === "gone") {
      if (status === undefined) return;
      if (status === "DELETE_FAILED") throw new ApplyError(`stack ${name} is DELETE_FAILED`);
    } else {
      if (status !== undefined && DONE.has(status)) return;
      if (status === undefined)
        throw new ApplyError(`stack ${name} is gone (its creation failed and was deleted): see its events`);
      // Anything that is neither complete nor in progress (ROLLBACK_COMPLETE, ..._FAILED) stays so.
      if (!status.endsWith("_IN_PROGRESS")) throw new ApplyError(`stack ${name} is ${status}`);
    }
    await sleep(intervalMs);
  }
  throw new ApplyError(`stack ${name}: still not ${until} after ${attempts} checks`);
}

const lastPart = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

/** What the complete stack lacks on the real account; empty when the gate is met. */
export async function stackDifferences(c: AccountClients, target: StackTarget): Promise<string[]> {
  const status = await stackStatus(c, target.stack);
  return [
    ...(status === undefined || !DONE.has(status) ? [`stack ${target.stack} is ${status ?? "missing"}`] : []),
    ...(await deployedDifferences(c, target)),
  ];
}

/** What a deploy (a stack, or a Terraform root) lacks on the real account, read from IAM. */
export async function deployedDifferences(
  c: AccountClients,
  target: Pick<StackTarget, "roles" | "samlProviders" | "memberships" | "apart">,
): Promise<string[]> {
  const out: string[] = [];
  for (const arn of target.roles) {
    try {
      const r = await c.iam.send(new GetRoleCommand({ RoleName: lastPart(arn) }));
      if (r.Role?.Arn !== arn) out.push(`role ${arn} is ${r.Role?.Arn ?? "unreadable"}`);
    } catch (e) {
      if (isNoSuchEntity(e)) out.push(`role ${arn} is missing`);
      else throw e;
    }
  }
  if (target.samlProviders.length) {
    const r = await c.iam.send(new ListSAMLProvidersCommand({}));
    if (!r.SAMLProviderList) throw new ApplyError("ListSAMLProviders answered without a list");
    const have = new Set(r.SAMLProviderList.map((p) => p.Arn));
    for (const arn of target.samlProviders) if (!have.has(arn)) out.push(`SAML provider ${arn} is missing`);
  }
  for (const m of target.memberships) {
    const r = await c.iam.send(new ListGroupsForUserCommand({ UserName: m.user }));
    if (!r.Groups) throw new ApplyError(`ListGroupsForUser ${m.user} answered without a list`);
    if (r.IsTruncated) throw new ApplyError(`ListGroupsForUser ${m.user}: more than one page`);
    if (!r.Groups.some((g) => g.GroupName === m.group)) out.push(`${m.user} is not in group ${m.group}`);
  }
  for (const a of target.apart ?? []) {
    const r = await c.iam.send(new ListGroupsForUserCommand({ UserName: a.user }));
    if (!r.Groups) throw new ApplyError(`ListGroupsForUser ${a.user} answered without a list`);
    if (r.IsTruncated) throw new ApplyError(`ListGroupsForUser ${a.user}: more than one page`);
    for (const g of r.Groups)
      if (g.GroupName && a.groups.includes(g.GroupName))
        out.push(
          `${a.user} is in group ${g.GroupName}, whose no-MFA deny cuts the keys it keeps (--keep-keys): it must stay outside Sekisho's groups`,
        );
  }
  return out;
}
