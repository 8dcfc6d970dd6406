// What an allowed action means for the checks: its access levels in the catalog, whether it
// reads data (a visible exposure even in read-only roles), whether it is a switch.
import { catalogAction } from "../engine/catalog.js";
import type { AccessLevel } from "../engine/types.js";

/** Reads of data, not just metadata (reference §6): shown as exposure of read-only roles. */
const DATA_READ = [
  /^s3:(GetObject|GetObjectVersion|GetObjectTorrent|GetObjectVersionTorrent|GetObjectVersionForReplication)$/i,
  /^s3express:CreateSession$/i,
  /^ssm:GetParameter/i,
  /^secretsmanager:(GetSecretValue|BatchGetSecretValue)$/i,
  /^kms:(Decrypt|GenerateDataKey)/i,
  /^dynamodb:(GetItem|BatchGetItem|Query|Scan|PartiQLSelect|GetRecords)$/i,
  /^logs:(GetLogEvents|FilterLogEvents|StartQuery|GetQueryResults|StartLiveTail|GetLogRecord)$/i,
  /^sqs:ReceiveMessage$/i,
  /^kinesis:(GetRecords|SubscribeToShard)$/i,
  /^athena:GetQueryResults/i,
  /^ecr:(GetAuthorizationToken|BatchGetImage|GetDownloadUrlForLayer)$/i,
  /^codecommit:(GitPull|GetFile|GetBlob)$/i,
  /^lambda:GetFunction$/i,
  /^ec2:(GetPasswordData|GetConsoleOutput|GetConsoleScreenshot)$/i,
  /^rds-data:ExecuteStatement$/i,
  /^glacier:GetJobOutput$/i,
];

export function isDataRead(action: string): boolean {
  return DATA_READ.some((r) => r.test(action));
}

export function levelsOf(action: string): AccessLevel[] {
  return catalogAction(action)?.levels ?? [];
}

const readOnly = new Map<string, boolean>();

/** Read or List only; an action the catalog does not know is not read-only (fail closed). */
export function isReadOnly(action: string): boolean {
  let r = readOnly.get(action);
  // Stryker disable next-line ConditionalExpression: equivalent, a cache: computing again gives the same answer
  if (r === undefined) {
    const levels = levelsOf(action);
    // Stryker disable next-line MethodExpression: equivalent on the pinned catalog, where no action has Read or List with another level
    r = levels.length > 0 && levels.every((l) => l === "Read" || l === "List");
    readOnly.set(action, r);
  }
  return r;
}

export const SWITCH_ACTIONS = new Set(["sts:assumerole", "sts:setsourceidentity", "sts:tagsession"]);
