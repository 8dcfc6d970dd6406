// The Google Workspace custom attribute schema that carries each person's AWS sign-in values
// (reference §2). Community setups and public code use schema `AWS_SAML` with a multi-value
// `IAM_Role` and a single `SessionDuration`; Sekisho uses the same names. The rule that turns
// console names with spaces into API names is UNCONFIRMED, so Sekisho asks for names without
// spaces (or creates the schema over the API) and never relies on that rule.

export interface GoogleSchemaNames {
  /** schemaName: the custom attribute category as the API names it. */
  schema: string;
  /** Multi-value text field holding `role-arn,provider-arn` pairs. */
  roleField: string;
  /** Single text field holding the SAML SessionDuration in seconds. */
  durationField: string;
}

export const DEFAULT_SCHEMA: GoogleSchemaNames = {
  schema: "AWS_SAML",
  roleField: "IAM_Role",
  durationField: "SessionDuration",
};

/** The body of `schemas.insert` (POST /admin/directory/v1/customer/my_customer/schemas). */
export function schemaInsertBody(names: GoogleSchemaNames = DEFAULT_SCHEMA) {
  return {
    schemaName: names.schema,
    displayName: names.schema,
    fields: [
      {
        fieldName: names.roleField,
        displayName: names.roleField,
        fieldType: "STRING",
        multiValued: true,
        readAccessType: "ADMINS_AND_SELF",
      },
      {
        fieldName: names.durationField,
        displayName: names.durationField,
        fieldType: "STRING",
        multiValued: false,
        readAccessType: "ADMINS_AND_SELF",
      },
    ],
  };
}

export const SCOPE_USERS = "https://www.googleapis.com/auth/admin.directory.user";
export const SCOPE_USERS_READONLY = "https://www.googleapis.com/auth/admin.directory.user.readonly";
