// Condition operator names (IAM User Guide, "IAM JSON policy elements: Condition
// operators"): a base operator, optionally the ...IfExists suffix, optionally a
// ForAnyValue: / ForAllValues: set prefix. Anything else is unknown to us and is
// reported, never read as true or false.

export type Family = "string" | "numeric" | "date" | "bool" | "binary" | "ip" | "arn" | "null";

export type Compare = "eq" | "like" | "lt" | "le" | "gt" | "ge";

export interface OperatorSpec {
  name: string;
  family: Family;
  compare: Compare;
  /** Negated operators (StringNotEquals, NotIpAddress, ...): NOR over the policy values. */
  negated: boolean;
  ignoreCase: boolean;
  ifExists: boolean;
  set?: "any" | "all";
}

type Base = Pick<OperatorSpec, "family" | "compare" | "negated" | "ignoreCase">;

function base(family: Family, compare: Compare, negated = false, ignoreCase = false): Base {
  return { family, compare, negated, ignoreCase };
}

const BASES: Record<string, Base> = {
  StringEquals: base("string", "eq"),
  StringNotEquals: base("string", "eq", true),
  StringEqualsIgnoreCase: base("string", "eq", false, true),
  StringNotEqualsIgnoreCase: base("string", "eq", true, true),
  StringLike: base("string", "like"),
  StringNotLike: base("string", "like", true),
  NumericEquals: base("numeric", "eq"),
  NumericNotEquals: base("numeric", "eq", true),
  NumericLessThan: base("numeric", "lt"),
  NumericLessThanEquals: base("numeric", "le"),
  NumericGreaterThan: base("numeric", "gt"),
  NumericGreaterThanEquals: base("numeric", "ge"),
  DateEquals: base("date", "eq"),
  DateNotEquals: base("date", "eq", true),
  DateLessThan: base("date", "lt"),
  DateLessThanEquals: base("date", "le"),
  DateGreaterThan: base("date", "gt"),
  DateGreaterThanEquals: base("date", "ge"),
  Bool: base("bool", "eq"),
  BinaryEquals: base("binary", "eq"),
  IpAddress: base("ip", "eq"),
  NotIpAddress: base("ip", "eq", true),
  ArnEquals: base("arn", "like"),
  ArnLike: base("arn", "like"),
  ArnNotEquals: base("arn", "like", true),
  ArnNotLike: base("arn", "like", true),
  Null: base("null", "eq"),
};

const SET_PREFIX: Record<string, "any" | "all"> = { ForAnyValue: "any", ForAllValues: "all" };

/** Parses an operator name; undefined when AWS does not document it (case included). */
export function parseOperator(name: string): OperatorSpec | undefined {
  let rest = name;
  let set: "any" | "all" | undefined;
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    set = SET_PREFIX[rest.slice(0, colon)];
    if (!set) return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith("IfExists")) {
    ifExists = true;
    rest = rest.slice(0, -"IfExists".length);
  }
  const b = BASES[rest];
  if (!b) return undefined;
  // Null tests presence itself: neither IfExists nor a set prefix makes sense on it.
  if (b.family === "null" && (ifExists || set)) return undefined;
  const spec: OperatorSpec = { name, ...b, ifExists };
  if (set) spec.set = set;
  return spec;
}

/** Policy variables work in string, ARN and Bool comparisons only (Condition operators page). */
export function allowsVariables(family: Family): boolean {
  return family === "string" || family === "arn" || family === "bool";
}
