// state/<account>.json: the compiled design in exactly the get-account-authorization-details
// format (Sekisho's own extra role fields removed), so any tool that reads exports reads the design.
import type { AccountState, AuthorizationDetails } from "../state/org-state.js";
import { json } from "./json.js";

export function exportForm(account: AccountState): AuthorizationDetails {
  const d = account.authorizationDetails;
  return {
    UserDetailList: d.UserDetailList,
    GroupDetailList: d.GroupDetailList,
    RoleDetailList: d.RoleDetailList.map(({ MaxSessionDuration: _m, Description: _d, ...aws }) => aws),
    Policies: d.Policies,
  };
}

export function stateFiles(accounts: AccountState[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const a of accounts) {
    files.set(`state/${a.accountId}.json`, json(exportForm(a)));
    if (a.samlProviders.length) {
      // The shape of `aws iam list-saml-providers`.
      files.set(
        `state/${a.accountId}.saml-providers.json`,
        json({ SAMLProviderList: a.samlProviders.map((p) => ({ Arn: p.Arn })) }),
      );
    }
  }
  return files;
}
