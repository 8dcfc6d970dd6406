// IAM policy documents as plain data, in the JSON grammar AWS accepts
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
// Single values and lists are both legal wherever AWS allows both, so an imported
// document round-trips unchanged; builders below always emit the canonical forms.

export type OneOrMany<T> = T | T[];

export type PrincipalBlock =
  | "*"
  | {
      AWS?: OneOrMany<string>;
      Federated?: OneOrMany<string>;
      Service?: OneOrMany<string>;
      CanonicalUser?: OneOrMany<string>;
    };

/** Operator (e.g. "StringEquals", "ForAnyValue:StringLike", "BoolIfExists") → key → value(s). */
export type ConditionBlock = Record<string, Record<string, OneOrMany<string | number | boolean>>>;

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: PrincipalBlock;
  NotPrincipal?: PrincipalBlock;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: "2012-10-17" | "2008-10-17";
  Id?: string;
  Statement: Statement[];
}

export const POLICY_VERSION = "2012-10-17" as const;

/** Lists a OneOrMany value; absent → []. */
export function asList<T>(value: OneOrMany<T> | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A one-element list collapses to its element, as AWS itself prints documents. */
export function compact<T>(values: T[]): OneOrMany<T> {
  return values.length === 1 ? (values[0] as T) : values;
}

export function policy(...statements: Statement[]): PolicyDocument {
  return { Version: POLICY_VERSION, Statement: statements };
}
