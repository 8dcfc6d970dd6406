// OpenID Connect providers of an account: what `sekisho collect` writes (list-open-id-connect-providers,
// each entry completed with get-open-id-connect-provider's Url, ClientIDList, ThumbprintList and
// Tags), or the bare list, whose entries carry only ARNs: the audiences are then unknown.
import type { Diagnostic } from "../model/diagnostics.js";
import type { OpenIdConnectProvider, Tag } from "../state/org-state.js";
import { parseJson } from "./json-text.js";

const PROVIDER_ARN = /^arn:aws[\w-]*:iam::(\d{12}):oidc-provider\/(.+)$/;

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === "string") ? [...v] : undefined;

function tagsOf(v: unknown): Tag[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: Tag[] = [];
  for (const t of v) {
    const key = typeof t === "object" && t !== null ? (t as { Key?: unknown }).Key : undefined;
    const value = typeof t === "object" && t !== null ? (t as { Value?: unknown }).Value : undefined;
    if (typeof key === "string") out.push({ Key: key, Value: typeof value === "string" ? value : "" });
  }
  return out;
}

/** By account id, taken from each provider's ARN. */
export function importOidcProviders(
  file: string,
  text: string,
): { byAccount?: Map<string, OpenIdConnectProvider[]>; diagnostics: Diagnostic[] } {
  const parsed = parseJson(file, text);
  if (parsed.value === undefined) return { diagnostics: parsed.diagnostics };
  const error = (message: string, expected: string) => ({
    diagnostics: [
      {
        severity: "error",
        code: "not-oidc-providers",
        file,
        line: 1,
        column: 1,
        message,
        expected,
      } as Diagnostic,
    ],
  });
  const v = parsed.value;
  const list =
    typeof v === "object" && v !== null
      ? (v as { OpenIDConnectProviderList?: unknown }).OpenIDConnectProviderList
      : undefined;
  if (!Array.isArray(list))
    return error(
      "not a list-open-id-connect-providers output",
      'an object with "OpenIDConnectProviderList": [...] (aws iam list-open-id-connect-providers, or sekisho collect\'s oidc-providers.json)',
    );
  const byAccount = new Map<string, OpenIdConnectProvider[]>();
  for (const [i, p] of list.entries()) {
    const entry = typeof p === "object" && p !== null ? (p as Record<string, unknown>) : {};
    const arn = entry.Arn;
    const m = typeof arn === "string" ? PROVIDER_ARN.exec(arn) : null;
    if (typeof arn !== "string" || !m)
      return error(
        `OpenIDConnectProviderList[${i}]: ${typeof arn === "string" ? `"${arn}" is not an OIDC provider ARN` : "no Arn"}`,
        "arn:aws:iam::ACCOUNT:oidc-provider/HOST[/PATH]",
      );
    const account = m[1]!;
    const clients = strings(entry.ClientIDList);
    const thumbprints = strings(entry.ThumbprintList);
    const tags = tagsOf(entry.Tags);
    for (const [field, value, ok] of [
      ["ClientIDList", entry.ClientIDList, clients],
      ["ThumbprintList", entry.ThumbprintList, thumbprints],
    ] as const)
      if (value !== undefined && !ok)
        return error(`OpenIDConnectProviderList[${i}].${field}: not a list of strings`, "a list of strings");
    byAccount.set(account, [
      ...(byAccount.get(account) ?? []),
      {
        Arn: arn,
        // get-open-id-connect-provider's Url has no scheme; the ARN carries the same text.
        Url: typeof entry.Url === "string" ? entry.Url.replace(/^https:\/\//i, "") : m[2]!,
        ...(clients ? { ClientIDList: clients } : {}),
        ...(thumbprints ? { ThumbprintList: thumbprints } : {}),
        ...(tags ? { Tags: tags } : {}),
      },
    ]);
  }
  return { byAccount, diagnostics: [] };
}
