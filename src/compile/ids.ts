// Deterministic placeholders for what AWS assigns at creation (unique ids, dates), so a
// compiled design has the exact shape of an export and stays byte-identical run to run.
import { createHash } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** IAM-style unique id: the type prefix (AROA, AIDA, AGPA, ANPA) + 17 characters from a hash of the ARN. */
export function placeholderId(prefix: "AROA" | "AIDA" | "AGPA" | "ANPA", arn: string): string {
  const digest = createHash("sha256").update(arn).digest();
  let out = "";
  for (let i = 0; i < 17; i++) out += BASE32[digest[i]! % 32];
  return prefix + out;
}

/** Compiled resources do not exist yet: their dates are the epoch, which no real export has. */
export const PLANNED_DATE = "1970-01-01T00:00:00Z";
