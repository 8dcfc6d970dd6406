// `aws iam list-saml-providers` output (also what `sekisho collect` writes): which identity
// providers an account really has, so trusts naming a missing one can be reported.
import type { Diagnostic } from "../model/diagnostics.js";
import type { SamlProvider } from "../state/org-state.js";
import { parseJson } from "./json-text.js";

export interface ImportedProviders {
  /** By account id, taken from each provider's ARN. */
  byAccount: Map<string, SamlProvider[]>;
}

const PROVIDER_ARN = /^arn:aws[\w-]*:iam::(\d{12}):saml-provider\/[\w+=,.@-]+$/;

export function importSamlProviders(
  file: string,
  text: string,
): { imported?: ImportedProviders; diagnostics: Diagnostic[] } {
  const parsed = parseJson(file, text);
  if (parsed.value === undefined) return { diagnostics: parsed.diagnostics };
  const error = (message: string, expected: string): Diagnostic => ({
    severity: "error",
    code: "not-saml-providers",
    file,
    line: 1,
    column: 1,
    message,
    expected,
  });
  const v = parsed.value;
  if (
    typeof v !== "object" ||
    v === null ||
    !Array.isArray((v as { SAMLProviderList?: unknown }).SAMLProviderList)
  ) {
    return {
      diagnostics: [
        error(
          "not a list-saml-providers output",
          'an object with "SAMLProviderList": [...] (aws iam list-saml-providers)',
        ),
      ],
    };
  }
  const byAccount: ImportedProviders["byAccount"] = new Map();
  for (const [i, p] of (v as { SAMLProviderList: unknown[] }).SAMLProviderList.entries()) {
    const arn = typeof p === "object" && p !== null ? (p as { Arn?: unknown }).Arn : undefined;
    const account = typeof arn === "string" ? PROVIDER_ARN.exec(arn)?.[1] : undefined;
    if (typeof arn !== "string" || !account) {
      return {
        diagnostics: [
          error(
            `SAMLProviderList[${i}]: ${typeof arn === "string" ? `"${arn}" is not a SAML provider ARN` : "no Arn"}`,
            "arn:aws:iam::ACCOUNT:saml-provider/NAME",
          ),
        ],
      };
    }
    const until = (p as { ValidUntil?: unknown }).ValidUntil;
    byAccount.set(account, [
      ...(byAccount.get(account) ?? []),
      { Arn: arn, ...(typeof until === "string" ? { ValidUntil: until } : {}) },
    ]);
  }
  return { imported: { byAccount }, diagnostics: [] };
}
