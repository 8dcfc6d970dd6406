// google/saml-app.md: the Google Workspace side of the sign-in, step by step, with every
// value an IdP admin must enter (reference §1 and §2). Facts the reference marks
// UNCONFIRMED are named, each with the safe choice Sekisho made.
import { table } from "../emit/markdown.js";
import { formatDuration } from "../model/durations.js";
import { landingRoleName } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { providerArn, roleValue } from "./attributes.js";
import { DEFAULT_SCHEMA, type GoogleSchemaNames, SCOPE_USERS, schemaInsertBody } from "./schema.js";

export const AWS_ENTITY_ID = "urn:amazon:webservices";
const ATTR = "https://aws.amazon.com/SAML/Attributes/";

export function samlAppMarkdown(model: AccessModel, names: GoogleSchemaNames = DEFAULT_SCHEMA): string {
  const id = model.identity;
  const account = `${id.accountId}${id.envName ? ` (${id.envName})` : ""}`;
  const seconds = id.sessionDuration;
  const s = `\`${names.schema}\``;
  const role = `${names.schema} › ${names.roleField}`;
  const duration = `${names.schema} › ${names.durationField}`;
  const metadata = id.provider.metadataFile ?? "GoogleIDPMetadata.xml";
  const out: string[] = [];
  out.push(
    `# ${model.organization}: Google Workspace SAML app for AWS`,
    "",
    `People sign in with Google and land in AWS account ${account} through the IAM SAML provider`,
    `\`${id.provider.name}\` (\`${providerArn(model)}\`), in their team's landing role (level`,
    `\`${id.landing}\`). Follow the steps below in the Google Admin console; every value is given.`,
    "Facts not confirmed by AWS or Google documentation are collected at the end, each with the",
    "choice Sekisho made to stay on the safe side.",
    "",
    "## 1. Create the custom attributes",
    "",
    "Admin console › Directory › Users › More options › Manage custom attributes › Add custom",
    "attribute (needs the Schema Management privilege).",
    "",
    table(
      ["setting", "value"],
      [
        ["Category", `\`${names.schema}\``],
        ["Description", "`AWS sign-in (written by Sekisho)`"],
      ],
    ),
    table(
      ["field name", "info type", "visibility", "no. of values"],
      [
        [`\`${names.roleField}\``, "Text", "Visible to user and admin", "**Multi-value**"],
        [`\`${names.durationField}\``, "Text", "Visible to user and admin", "Single value"],
      ],
    ),
    "Type the names exactly as shown, with underscores and without spaces: the API, the files",
    `next to this one and \`sekisho google sync\` address them as \`${names.schema}.${names.roleField}\` and`,
    `\`${names.schema}.${names.durationField}\`. If the console does not take these names, create the`,
    "schema over the Directory API instead (`schemas.insert`: `POST",
    "https://admin.googleapis.com/admin/directory/v1/customer/my_customer/schemas`, scope",
    "`https://www.googleapis.com/auth/admin.directory.userschema`) with this body:",
    "",
    "```json",
    JSON.stringify(schemaInsertBody(names), null, 2),
    "```",
    "",
    `Check the result with \`schemas.get\` (\`GET …/customer/my_customer/schemas/${names.schema}\`): its`,
    `\`schemaName\` must be ${s} and its \`fieldName\`s \`${names.roleField}\` and \`${names.durationField}\`.`,
    "",
    "## 2. Add the SAML app",
    "",
    "Admin console › Apps › Web and mobile apps › Add app › Add custom SAML app. Name it, for",
    `example, \`AWS (${model.organization})\`.`,
    "",
    "On the page *Google Identity Provider details*, download the IdP metadata (*Download",
    `metadata*) and save it as \`${metadata}\` next to the access model. The identity account's`,
    "template creates the IAM SAML provider from it (see `deploy.md`).",
    "",
    "On the page *Service provider details*:",
    "",
    table(
      ["setting", "value"],
      [
        ["ACS URL", `\`${id.audiences[0]!}\``],
        ["Entity ID", `\`${AWS_ENTITY_ID}\``],
        ["Start URL", "leave empty"],
        ["Name ID format", "`EMAIL`"],
        ["Name ID", "Basic Information › Primary email"],
      ],
    ),
  );
  if (id.audiences.length > 1) {
    out.push(
      "The landing roles' trust accepts each of these ACS URLs (`SAML:aud`):",
      "",
      ...id.audiences.map((a) => `- \`${a}\``),
      "",
      "The app's form takes one ACS URL: for each further URL, add another SAML app with the same",
      "settings and that ACS URL (for example, a regional sign-in endpoint to fall back on).",
      "",
    );
  }
  out.push(
    "## 3. Attribute mapping",
    "",
    "On the page *Attribute mapping*, add exactly these (the app attribute names are",
    "case-sensitive):",
    "",
    table(
      ["Google Directory attribute", "App attribute"],
      [
        [role, `\`${ATTR}Role\``],
        ["Basic Information › Primary email", `\`${ATTR}RoleSessionName\``],
        [duration, `\`${ATTR}SessionDuration\``],
        ...(model.options.sourceIdentity
          ? [["Basic Information › Primary email", `\`${ATTR}SourceIdentity\``]]
          : []),
      ],
    ),
    `- **Role** (required): ${role} is multi-value, one \`role-arn,provider-arn\` pair per landing`,
    "  role the person may sign in to. With more than one, AWS shows a role picker at sign-in.",
    "- **RoleSessionName** (required): the primary email. Every email in the model is also a valid",
    "  session name (2–64 of letters, digits and `+=,.@_-`).",
    `- **SessionDuration**: ${seconds} seconds (${formatDuration(seconds)}), the console session after`,
    "  sign-in. Google maps directory attributes, so the value is stored with each person; the",
    "  files next to this one and `sekisho google sync` set it for everyone.",
  );
  out.push(
    model.options.sourceIdentity
      ? "- **SourceIdentity**: the primary email again. It stays with every session through each role switch, so CloudTrail names the person. The landing roles allow `sts:SetSourceIdentity`; without that, sign-in would fail."
      : "- Do **not** map `SourceIdentity`: the model has `sourceIdentity: false`, so the landing roles do not allow `sts:SetSourceIdentity`, and AWS would refuse the sign-in.",
    "- Map nothing else. In particular, do not map groups or a multi-value attribute to",
    "  `https://aws.amazon.com/SAML/Attributes/PrincipalTag:…`: session tags take one value each,",
    "  and Sekisho's trust policies do not use them.",
    "",
    "## 4. User access",
    "",
    `Turn the app **ON** for the organisational units or groups that hold the ${model.people.length}`,
    "people of the model. Someone with the app on but no Role value cannot sign in to AWS (AWS",
    'answers "Your request included an invalid SAML response").',
    "",
    "## 5. Each person's values",
    "",
    `Each person's ${names.roleField} lists one value per team they are in; ${names.durationField} is`,
    `\`${seconds}\` for everyone. The Role value of each team's landing role:`,
    "",
    table(
      ["team", "landing role", `${names.roleField} value`],
      model.teams.map((t) => [t.name, landingRoleName(t.name), `\`${roleValue(model, t.name)}\``]),
    ),
    "Set the values in one of these ways:",
    "",
    "- `sekisho google sync access.yaml --credentials KEY.json --admin ADMIN_EMAIL` shows, per",
    "  person, what would change; add `--apply` to write (docs/google-workspace.md: the service",
    `  account and its domain-wide delegation, scope \`${SCOPE_USERS}\`).`,
    "- `directory-api.jsonl` holds one `users.update` request per person (`userKey` and",
    "  `requestBody`), for your own tooling. Sending a multi-value field replaces its whole list, so",
    `  each request carries the complete list, and only the fields of ${s}.`,
    "- `users.csv` lists the same values (email, team, Role value, SessionDuration) for review, or",
    "  to enter them by hand in each user's page (Directory › Users › user › User information).",
    "",
    "Removing someone from the model does not clear their values in Google: `sekisho google sync`",
    "lists the people outside the model who still have them (and exits 1, for a nightly check);",
    "`--prune --apply` clears their two fields.",
    "",
    "## Unconfirmed, and what Sekisho chose",
    "",
    table(
      ["fact", "Sekisho's choice"],
      [
        [
          "How the console turns a custom attribute name with spaces into its API name",
          "Names without spaces (or the schema created over the API), checked with `schemas.get`",
        ],
        [
          "Whether AWS accepts a Role value with the provider ARN first",
          "Role ARN first, as in every AWS example",
        ],
        [
          "The values Google pre-fills in its *Amazon Web Services* catalog app",
          "A custom SAML app with every value set as above; if you use the catalog app, make its values match",
        ],
        [
          "Whether the Admin console's *Bulk update users* CSV can set custom attributes",
          "The Directory API (`sekisho google sync`); `users.csv` is for review and manual entry",
        ],
        [
          "Whether a SessionDuration longer than the landing role's MaxSessionDuration is refused",
          `The landing roles' MaxSessionDuration is at least ${seconds} seconds`,
        ],
        [
          "The exact STS error for a multi-value attribute mapped to a session tag",
          "No session tags are mapped",
        ],
      ],
    ),
  );
  return out.join("\n");
}
