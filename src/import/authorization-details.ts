// get-account-authorization-details exports → AuthorizationDetails. Two forms: the AWS CLI's
// (policy documents decoded to JSON, pages already merged) and raw API pages (documents
// URL-encoded, IsTruncated/Marker pagination), one page per file or a list of pages.
import type { Diagnostic } from "../model/diagnostics.js";
import type { AuthorizationDetails } from "../state/org-state.js";
import type { PolicyDocument } from "../state/policy.js";
import { parseJson } from "./json-text.js";

const LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

export interface ImportedDetails {
  file: string;
  accountId?: string;
  details: AuthorizationDetails;
  /** A raw page said more pages follow and none was given. */
  truncated: boolean;
}

function diag(
  file: string,
  code: string,
  message: string,
  severity: "error" | "warning" = "error",
  expected?: string,
): Diagnostic {
  return { severity, code, file, line: 1, column: 1, message, ...(expected ? { expected } : {}) };
}

/** A policy document as found: an object (CLI form) or a URL-encoded JSON string (API form). */
function decodeDocument(
  value: unknown,
  where: string,
  file: string,
  out: Diagnostic[],
): PolicyDocument | undefined {
  let doc = value;
  if (typeof value === "string") {
    try {
      doc = JSON.parse(/^\s*[{[]/.test(value) ? value : decodeURIComponent(value));
    } catch {
      out.push(
        diag(
          file,
          "policy-document",
          `${where}: the policy document is not valid JSON (nor URL-encoded JSON)`,
          "error",
          "a policy document",
        ),
      );
      return undefined;
    }
  }
  if (!isObj(doc) || doc.Statement === undefined) {
    out.push(
      diag(
        file,
        "policy-document",
        `${where}: the policy document has no Statement`,
        "error",
        "a policy document with Statement",
      ),
    );
    return undefined;
  }
  // A single statement object is legal IAM grammar; the engine takes a list.
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return { ...(doc as Obj), Statement: statements } as PolicyDocument;
}

function accountOf(arn: unknown): string | undefined {
  return typeof arn === "string" ? /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(arn)?.[1] : undefined;
}

export function importAuthorizationDetails(
  file: string,
  text: string,
): { imported?: ImportedDetails; diagnostics: Diagnostic[] } {
  const parsed = parseJson(file, text);
  if (parsed.value === undefined) return { diagnostics: parsed.diagnostics };
  const pages: unknown[] = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  const out: Diagnostic[] = [];
  const details: AuthorizationDetails = {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  };
  let truncated = false;
  for (const [i, page] of pages.entries()) {
    if (!isObj(page) || !LISTS.some((k) => k in page)) {
      const hint =
        isObj(page) && "Content" in page && "ReportFormat" in page
          ? "this is a credential report: pass it with --credential-report"
          : isObj(page) && "SAMLProviderList" in page
            ? "this is a list-saml-providers output: pass it with --saml-providers"
            : `expected an object with ${LISTS.join(", ")}`;
      out.push(
        diag(
          file,
          "wrong-file",
          `${pages.length > 1 ? `page ${i + 1}: ` : ""}not a get-account-authorization-details export (${hint})`,
        ),
      );
      continue;
    }
    for (const key of LISTS) {
      const list = page[key];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        out.push(diag(file, "wrong-type", `${key} is not a list`));
        continue;
      }
      for (const item of list) if (isObj(item)) (details[key] as unknown as Obj[]).push(item);
    }
    if (page.IsTruncated === true) truncated = true;
  }
  if (
    out.some((d) => d.code === "wrong-file") &&
    details.RoleDetailList.length +
      details.UserDetailList.length +
      details.GroupDetailList.length +
      details.Policies.length ===
      0
  ) {
    return { diagnostics: out };
  }
  // The last page ends it; a truncated flag on it means pages are missing.
  const last = pages.at(-1);
  truncated = isObj(last) && last.IsTruncated === true;
  if (truncated) {
    out.push(
      diag(
        file,
        "partial-data",
        "partial data: the last page says IsTruncated with a Marker, and the next page was not given; findings will miss what is on it",
        "warning",
      ),
    );
  }

  // Decode documents and check the fields analyses need.
  for (const role of details.RoleDetailList as unknown as Obj[]) {
    const name = String(role.Arn ?? role.RoleName ?? "a role");
    const trust = decodeDocument(role.AssumeRolePolicyDocument, `${name} trust policy`, file, out);
    role.AssumeRolePolicyDocument = trust ?? { Version: "2012-10-17", Statement: [] };
    role.RolePolicyList = decodeInline(role.RolePolicyList, name, file, out);
    role.AttachedManagedPolicies ??= [];
    role.InstanceProfileList ??= [];
  }
  for (const user of details.UserDetailList as unknown as Obj[]) {
    const name = String(user.Arn ?? user.UserName ?? "a user");
    user.UserPolicyList = decodeInline(user.UserPolicyList, name, file, out);
    user.AttachedManagedPolicies ??= [];
    user.GroupList ??= [];
  }
  for (const group of details.GroupDetailList as unknown as Obj[]) {
    const name = String(group.Arn ?? group.GroupName ?? "a group");
    group.GroupPolicyList = decodeInline(group.GroupPolicyList, name, file, out);
    group.AttachedManagedPolicies ??= [];
  }
  for (const policy of details.Policies as unknown as Obj[]) {
    const name = String(policy.Arn ?? policy.PolicyName ?? "a policy");
    const versions = Array.isArray(policy.PolicyVersionList) ? (policy.PolicyVersionList as Obj[]) : [];
    for (const v of versions) {
      const doc = decodeDocument(v.Document, `${name} version ${String(v.VersionId)}`, file, out);
      if (doc) v.Document = doc;
    }
    policy.PolicyVersionList = versions.filter(
      (v) => isObj(v.Document) && Array.isArray((v.Document as Obj).Statement),
    );
  }
  const arns = [
    ...details.RoleDetailList.map((r) => r.Arn),
    ...details.UserDetailList.map((u) => u.Arn),
    ...details.GroupDetailList.map((g) => g.Arn),
    ...details.Policies.map((p) => p.Arn).filter(
      (a) => typeof a === "string" && !a.startsWith("arn:aws:iam::aws:"),
    ),
  ];
  const accounts = [...new Set(arns.map(accountOf).filter((a): a is string => !!a))];
  if (accounts.length > 1)
    out.push(
      diag(
        file,
        "mixed-accounts",
        `the file holds ARNs of several accounts (${accounts.join(", ")}); give one export per account`,
      ),
    );
  if (accounts.length === 0)
    out.push(
      diag(
        file,
        "no-account",
        "no ARN in the file names an account: is the export empty?",
        "error",
        "at least one user, group, role or customer policy",
      ),
    );
  return {
    imported: { file, ...(accounts.length === 1 ? { accountId: accounts[0] } : {}), details, truncated },
    diagnostics: out,
  };
}

function decodeInline(
  list: unknown,
  owner: string,
  file: string,
  out: Diagnostic[],
): { PolicyName: string; PolicyDocument: PolicyDocument }[] {
  if (!Array.isArray(list)) return [];
  const result: { PolicyName: string; PolicyDocument: PolicyDocument }[] = [];
  for (const p of list) {
    if (!isObj(p)) continue;
    const doc = decodeDocument(p.PolicyDocument, `${owner} inline policy ${String(p.PolicyName)}`, file, out);
    if (doc) result.push({ ...(p as Obj), PolicyName: String(p.PolicyName), PolicyDocument: doc });
  }
  return result;
}
