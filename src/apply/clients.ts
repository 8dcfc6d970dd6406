// The AWS clients `migrate apply` acts through, one set per account. Written against the SDK
// clients' `send`, so tests put a stateful fake of the accounts behind them.
import type { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { IAMClient } from "@aws-sdk/client-iam";

export interface AccountClients {
  iam: Pick<IAMClient, "send">;
  cloudformation: Pick<CloudFormationClient, "send">;
  cloudtrail: Pick<CloudTrailClient, "send">;
}

/** Clients per account id; the CLI checks each set is in its account before anything runs. */
export type Accounts = ReadonlyMap<string, AccountClients>;

export class ApplyError extends Error {
  override name = "ApplyError";
}

export function clientsOf(accounts: Accounts, account: string): AccountClients {
  const c = accounts.get(account);
  if (!c)
    throw new ApplyError(`no credentials for account ${account}: give --assume-role ${account}=ROLE_ARN`);
  return c;
}

/** An AWS error's name ("NoSuchEntity", "Throttling", ...), or "" for anything else. */
export function errorName(e: unknown): string {
  return e instanceof Error ? e.name : "";
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== "Error" ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}

/** IAM's "no such user / login profile / role" (the SDK names it NoSuchEntityException). */
export function isNoSuchEntity(e: unknown): boolean {
  return errorName(e) === "NoSuchEntityException" || errorName(e) === "NoSuchEntity";
}
