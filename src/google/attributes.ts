// Each person's SAML attribute values, as Google Workspace holds them in the custom schema.
import { samlProviderArn } from "../model/naming.js";
import type { AccessModel, Person } from "../model/types.js";
import { landingArn, teamsInOrder } from "../profiles/targets.js";
import { DEFAULT_SCHEMA, type GoogleSchemaNames } from "./schema.js";

export interface RoleValue {
  team: string;
  /** `role-arn,provider-arn`: role first, one comma, no spaces (reference §1.2, §2). */
  value: string;
}

export interface PersonAttributes {
  email: string;
  roles: RoleValue[];
  /** SessionDuration in seconds, as text. */
  sessionDuration: string;
}

export function providerArn(model: AccessModel): string {
  return samlProviderArn(model.identity.accountId, model.identity.provider.name);
}

/** The Role attribute value of a team's landing role. */
export function roleValue(model: AccessModel, team: string): string {
  return `${landingArn(model, team)},${providerArn(model)}`;
}

export function personAttributes(model: AccessModel, person: Person): PersonAttributes {
  return {
    email: person.email,
    roles: teamsInOrder(model, person.teams).map((team) => ({ team, value: roleValue(model, team) })),
    sessionDuration: String(model.identity.sessionDuration),
  };
}

/** Every person of the model, sorted by email (lower case) for stable output. */
export function peopleAttributes(model: AccessModel): PersonAttributes[] {
  return [...model.people]
    .sort((a, b) => compareEmails(a.email, b.email))
    .map((p) => personAttributes(model, p));
}

export function compareEmails(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface MultiValue {
  type: "work";
  value: string;
}

/**
 * The users.update / users.patch body that sets a person's values. Only our schema's two
 * fields are sent: a field left out stays as it is, other schemas are untouched. A
 * multi-value field sent replaces the whole list, so the list is always complete.
 */
export function updateBody(attrs: PersonAttributes, names: GoogleSchemaNames = DEFAULT_SCHEMA) {
  const fields: Record<string, MultiValue[] | string> = {
    [names.roleField]: attrs.roles.map((r) => ({ type: "work", value: r.value })),
    [names.durationField]: attrs.sessionDuration,
  };
  return { customSchemas: { [names.schema]: fields } };
}
