// state/<account>.json: the compiled design in exactly the get-account-authorization-details
// format (Sekisho's own extra role fields removed), so any tool that reads exports reads the design.
// Written without indentation: the files are for tools (audit, diff, PMapper, ...), and each
// holds the AWS managed policies attached in its account, ReadOnlyAccess alone thousands of
// actions, which indentation made 60 % larger (39 MB for 300 environments, 24 MB without).
import type { AccountState, AuthorizationDetails } from "../state/org-state.js";

/** One line of JSON and a final newline. */
function compactJson(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

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
    files.set(`state/${a.accountId}.json`, compactJson(exportForm(a)));
    if (a.samlProviders.length) {
      // The shape of `aws iam list-saml-providers`.
      files.set(
        `state/${a.accountId}.saml-providers.json`,
        compactJson({ SAMLProviderList: a.samlProviders.map((p) => ({ Arn: p.Arn })) }),
      );
    }
    if (a.openIdConnectProviders?.length) {
      // The shape `sekisho collect` writes: list-open-id-connect-providers, each entry with what
      // get-open-id-connect-provider returns (its Url has no scheme).
      files.set(
        `state/${a.accountId}.oidc-providers.json`,
        compactJson({
          OpenIDConnectProviderList: a.openIdConnectProviders.map((p) => ({
            Arn: p.Arn,
            Url: p.Url.replace(/^https:\/\//, ""),
            ClientIDList: p.ClientIDList ?? [],
            ThumbprintList: p.ThumbprintList ?? [],
            ...(p.Tags?.length ? { Tags: p.Tags } : {}),
          })),
        }),
      );
    }
  }
  return files;
}
