// get-account-authorization-details exports → AuthorizationDetails. Two forms: the AWS CLI's
// (policy documents decoded to JSON, pages already merged) and raw API pages (documents
// URL-encoded, IsTruncated/Marker pagination), one page per file or a list of pages.
import type { Diagnostic } from "../model/diagnostics.js";
import type { AuthorizationDetails } from "../state/org-state.js";
import type { PolicyDocument } from "../state/policy.js";
import { checkShape, documentSchema, type JsonPath, jsonPath, pageSchema } from "./export-schema.js";
import { parseJson } from "./json-text.js";

const LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

export interface ImportedDetails {
  file: string;
  accountId?: string;
  details: AuthorizationDetails;
  /** A file merging several accounts' exports, split by the account in each ARN (AWS managed policies go to each). */
  parts?: { accountId: string; details: AuthorizationDetails }[];
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

/**
 * A policy document as found: an object (CLI form) or a URL-encoded JSON string (API form),
 * checked against the policy grammar; each problem named by its JSON path.
 */
function decodeDocument(
  value: unknown,
  path: JsonPath,
  file: string,
  out: Diagnostic[],
): PolicyDocument | undefined {
  let doc = value;
  if (typeof value === "string") {
    try {
      doc = JSON.parse(/^\s*[{[]/.test(value) ? value : decodeURIComponent(value));
    } catch {
      out.push({
        ...diag(file, "policy-document", "expected a policy document: not valid JSON (nor URL-encoded JSON)"),
        path: jsonPath(path),
      });
      return undefined;
    }
  }
  const problems = checkShape(file, documentSchema, doc, path);
  if (problems.length) {
    out.push(...problems);
    return undefined;
  }
  const checked = doc as Obj;
  // A single statement object is legal IAM grammar; the engine takes a list.
  const statements = Array.isArray(checked.Statement) ? checked.Statement : [checked.Statement];
  return { ...checked, Statement: statements } as PolicyDocument;
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
  /** Where each user, group, role and policy sits in the file, for error paths. */
  const origin = new Map<Obj, JsonPath>();
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
    const prefix: JsonPath = Array.isArray(parsed.value) ? [i] : [];
    const shape = checkShape(file, pageSchema, page, prefix);
    if (shape.length) {
      out.push(...shape);
      continue;
    }
    for (const key of LISTS) {
      const list = page[key];
      if (!Array.isArray(list)) continue;
      for (const [j, item] of (list as Obj[]).entries()) {
        origin.set(item, [...prefix, key, j]);
        (details[key] as unknown as Obj[]).push(item);
      }
    }
    if (page.IsTruncated === true) truncated = true;
  }
  // A shape error stops here: analyses never see a half-read export.
  if (out.some((d) => d.code === "export-shape")) return { diagnostics: out };
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

  // Decode documents and check them against the policy grammar.
  const at = (item: Obj): JsonPath => origin.get(item) ?? [];
  for (const role of details.RoleDetailList as unknown as Obj[]) {
    const trust = decodeDocument(
      role.AssumeRolePolicyDocument,
      [...at(role), "AssumeRolePolicyDocument"],
      file,
      out,
    );
    role.AssumeRolePolicyDocument = trust ?? { Version: "2012-10-17", Statement: [] };
    role.RolePolicyList = decodeInline(role.RolePolicyList, [...at(role), "RolePolicyList"], file, out);
    role.AttachedManagedPolicies ??= [];
    role.InstanceProfileList ??= [];
  }
  for (const user of details.UserDetailList as unknown as Obj[]) {
    user.UserPolicyList = decodeInline(user.UserPolicyList, [...at(user), "UserPolicyList"], file, out);
    user.AttachedManagedPolicies ??= [];
    user.GroupList ??= [];
  }
  for (const group of details.GroupDetailList as unknown as Obj[]) {
    group.GroupPolicyList = decodeInline(group.GroupPolicyList, [...at(group), "GroupPolicyList"], file, out);
    group.AttachedManagedPolicies ??= [];
  }
  for (const policy of details.Policies as unknown as Obj[]) {
    const versions = (policy.PolicyVersionList ?? []) as Obj[];
    policy.PolicyVersionList = versions.flatMap((v, j) => {
      const doc = decodeDocument(v.Document, [...at(policy), "PolicyVersionList", j, "Document"], file, out);
      return doc ? [{ ...v, Document: doc }] : [];
    });
  }
  if (out.some((d) => d.severity === "error")) return { diagnostics: out };
  const arns = [
    ...details.RoleDetailList.map((r) => r.Arn),
    ...details.UserDetailList.map((u) => u.Arn),
    ...details.GroupDetailList.map((g) => g.Arn),
    ...details.Policies.map((p) => p.Arn).filter(
      (a) => typeof a === "string" && !a.startsWith("arn:aws:iam::aws:"),
    ),
  ];
  const accounts = [...new Set(arns.map(accountOf).filter((a): a is string => !!a))].sort();
  let parts: ImportedDetails["parts"];
  if (accounts.length > 1) {
    // People concatenate exports: audit each account apart, and say so.
    const unplaced = arns.filter((a) => !accountOf(a));
    if (unplaced.length)
      out.push(
        diag(
          file,
          "mixed-accounts",
          `the file holds ARNs of several accounts (${accounts.join(", ")}) and ${unplaced.length === 1 ? "an ARN" : `${unplaced.length} ARNs`} naming none (${unplaced.slice(0, 3).join(", ")}): cannot tell whose ${unplaced.length === 1 ? "it is" : "they are"}`,
          "error",
          "one export per account, or ARNs that each name their account",
        ),
      );
    else {
      const of = <T extends { Arn: string }>(list: T[], id: string) =>
        list.filter((x) => accountOf(x.Arn) === id);
      parts = accounts.map((id) => ({
        accountId: id,
        details: {
          UserDetailList: of(details.UserDetailList, id),
          GroupDetailList: of(details.GroupDetailList, id),
          RoleDetailList: of(details.RoleDetailList, id),
          Policies: details.Policies.filter(
            (p) => p.Arn.startsWith("arn:aws:iam::aws:") || accountOf(p.Arn) === id,
          ),
        },
      }));
      out.push(
        diag(
          file,
          "mixed-accounts",
          `the file merges the exports of ${accounts.length} accounts (${accounts.join(", ")}): each is audited apart`,
          "warning",
        ),
      );
    }
  }
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
    imported: {
      file,
      ...(accounts.length === 1 ? { accountId: accounts[0] } : {}),
      ...(parts ? { parts } : {}),
      details,
      truncated,
    },
    diagnostics: out,
  };
}

function decodeInline(
  list: unknown,
  path: JsonPath,
  file: string,
  out: Diagnostic[],
): { PolicyName: string; PolicyDocument: PolicyDocument }[] {
  const result: { PolicyName: string; PolicyDocument: PolicyDocument }[] = [];
  for (const [i, p] of ((list ?? []) as Obj[]).entries()) {
    const doc = decodeDocument(p.PolicyDocument, [...path, i, "PolicyDocument"], file, out);
    if (doc) result.push({ ...p, PolicyName: String(p.PolicyName), PolicyDocument: doc });
  }
  return result;
}
