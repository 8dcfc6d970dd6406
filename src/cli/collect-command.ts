import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { type ClientCredentials, CollectError, collect, collectionFiles } from "../collect/collect.js";
import { type Command, parse, UsageError } from "./command.js";
import { writeOutputDir } from "./output-dir.js";

// On Node < 22 the SDK warns (9 lines on stderr) that its releases after January 2027 will
// need Node 22. The versions Sekisho pins run on Node 20, which Sekisho supports (README,
// "Node versions"): the notice concerns whoever upgrades the SDK, not a user of collect. An
// explicit AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=false brings it back.
if (!process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED)
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** The clients the command uses; tests replace it to serve mocks. */
export interface CollectDeps {
  credentials(profile: string | undefined, region: string): ClientCredentials;
  makeIam(credentials: ClientCredentials, region: string): Pick<IAMClient, "send">;
  makeSts(credentials: ClientCredentials, region: string): Pick<STSClient, "send">;
  sleep?: (ms: number) => Promise<void>;
}

export const awsDeps: CollectDeps = {
  credentials: (profile, region) =>
    fromNodeProviderChain({ ...(profile ? { profile } : {}), clientConfig: { region } }),
  makeIam: (credentials, region) => new IAMClient({ region, credentials }),
  makeSts: (credentials, region) => new STSClient({ region, credentials }),
};

export function collectCommand(deps: CollectDeps): Command {
  return {
    name: "collect",
    help: `Usage: sekisho collect -o DIR [--profile NAME] [--assume-role-arn ARN]... [--region R]

Reads the caller's account (the standard AWS credential chain, or --profile), and one more
account per --assume-role-arn (assumed with STS AssumeRole, session "sekisho-collect", 900 s).
For each account it calls GetAccountAuthorizationDetails (every page), GenerateCredentialReport
and GetCredentialReport, ListSAMLProviders and GetSAMLProvider, ListOpenIDConnectProviders and
GetOpenIDConnectProvider, then writes, all at once:

  DIR/<account-id>/authorization-details.json   as \`aws iam get-account-authorization-details\`
  DIR/<account-id>/credential-report.json       as \`aws iam get-credential-report\`
  DIR/<account-id>/saml-providers.json          the providers, without their metadata XML
  DIR/<account-id>/oidc-providers.json          as \`aws iam list-open-id-connect-providers\`,
                                                each with its Url, ClientIDList, ThumbprintList, Tags

Then: sekisho audit DIR/*/authorization-details.json --credential-report DIR/<id>/credential-report.json ...
Progress goes to stderr; no credential is printed or written. Read-only IAM access is enough
(e.g. the SecurityAudit managed policy; iam:GenerateCredentialReport is included in it).

Options:
  -o, --out DIR              the output directory (missing, empty, or written by Sekisho)
  --profile NAME             the AWS profile for the caller's credentials
  --assume-role-arn ARN      a role to assume in a further account; repeatable
  --region R                 the STS/IAM endpoint region (default us-east-1)

Exit codes: 0 collected, 1 an AWS call failed (nothing written), 2 usage or I/O error.
`,
    async run(args) {
      const { values } = parse(
        args,
        {
          out: { type: "string", short: "o" },
          profile: { type: "string" },
          "assume-role-arn": { type: "string", multiple: true },
          region: { type: "string" },
        },
        { min: 0, max: 0, names: "" },
      );
      if (!values.out) throw new UsageError("missing -o DIR");
      const region = values.region ?? "us-east-1";
      if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
        throw new UsageError(`--region '${region}' is not a region`);
      const arns = values["assume-role-arn"] ?? [];
      for (const arn of arns)
        if (!ROLE_ARN.test(arn)) throw new UsageError(`--assume-role-arn '${arn}' is not a role ARN`);
      if (new Set(arns).size !== arns.length) throw new UsageError("--assume-role-arn given twice");
      const log = (line: string) => process.stderr.write(`${line}\n`);
      let accounts: Awaited<ReturnType<typeof collect>>;
      try {
        accounts = await collect({
          credentials: deps.credentials(values.profile, region),
          assumeRoleArns: arns,
          makeIam: (c) => deps.makeIam(c, region),
          makeSts: (c) => deps.makeSts(c, region),
          log,
          ...(deps.sleep ? { sleep: deps.sleep } : {}),
        });
      } catch (e) {
        if (!(e instanceof CollectError)) throw e;
        process.stderr.write(`sekisho collect: ${e.message}\nnothing written\n`);
        return 1;
      }
      writeOutputDir(values.out, collectionFiles(accounts), "collect");
      const count = (f: (a: (typeof accounts)[number]) => number) => accounts.reduce((n, a) => n + f(a), 0);
      process.stderr.write(
        `collected ${accounts.length} account${accounts.length === 1 ? "" : "s"} ` +
          `(${accounts.map((a) => a.accountId).join(", ")}): ` +
          `${count((a) => a.authorizationDetails.UserDetailList.length)} users, ` +
          `${count((a) => a.authorizationDetails.RoleDetailList.length)} roles, ` +
          `${count((a) => a.authorizationDetails.Policies.length)} policies → ${values.out}\n`,
      );
      return 0;
    },
  };
}

export const runCollect: Command = collectCommand(awsDeps);
