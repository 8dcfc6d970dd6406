// Defence in depth for hygiene on a compiled design: the design names exact principals and
// roles, so a `*`, `?` or `${` in a role's path, in a trust's principal ARNs or in the switch
// policy's target ARNs means the design reaches roles nobody declared (e.g. `/sekisho*/`
// matching `role/sekishoX/landing-sre`). validate refuses such a path; prove fails closed if one
// ever reaches the compiled state anyway. Not for audit: real accounts use ArnLike on purpose.
import { ASSUME_POLICY_NAME } from "../model/naming.js";
import type { StateIndex } from "../sessions/principals.js";
import { asList, type PolicyDocument } from "../state/policy.js";
import type { Finding } from "./types.js";

const SPECIAL = /[*?]|\$\{/;
const PRINCIPAL_KEYS = new Set(["aws:principalarn", "aws:sourcearn"]);

/** Principal ARNs a trust names: Principal.AWS and the values of aws:PrincipalArn conditions. */
function trustArns(doc: PolicyDocument): string[] {
  // Stryker disable next-line ArrayDeclaration: equivalent, a seeded entry without a wildcard adds no finding
  const out: string[] = [];
  for (const s of doc.Statement) {
    // Principal is "*", an object of principals, or absent (a NotPrincipal statement).
    if (typeof s.Principal === "object") out.push(...asList(s.Principal.AWS));
    for (const block of Object.values(s.Condition ?? {}))
      for (const [key, value] of Object.entries(block))
        if (PRINCIPAL_KEYS.has(key.toLowerCase())) out.push(...asList(value as string | string[]));
  }
  return out;
}

/** Target ARNs of a switch policy (its Resource and NotResource). */
function switchArns(doc: PolicyDocument): string[] {
  return doc.Statement.flatMap((s) => [...asList(s.Resource), ...asList(s.NotResource)]);
}

export function checkWildcardArns(index: StateIndex): Finding[] {
  const out: Finding[] = [];
  const flag = (subject: string, what: string, arn: string) => {
    if (SPECIAL.test(arn))
      out.push({
        rule: "hygiene/wildcard-arn",
        subject,
        message: `${subject}: ${what} '${arn}' contains a wildcard or policy variable; the design names exact roles and principals`,
      });
  };
  for (const p of index.principals) {
    if (p.role) flag(p.arn, "path", p.role.Path);
    if (p.trust) for (const arn of trustArns(p.trust.document)) flag(p.arn, "trusted principal", arn);
    // A role's (or a user's own) inline switch policy; a user's group policies are read below.
    for (const ref of p.identity)
      if (ref.id === `${p.arn}#inline:${ASSUME_POLICY_NAME}`)
        for (const arn of switchArns(ref.document)) flag(p.arn, "switch target", arn);
  }
  for (const g of index.groups)
    for (const ref of g.policies)
      if (ref.id === `${g.arn}#inline:${ASSUME_POLICY_NAME}`)
        for (const arn of switchArns(ref.document)) flag(g.arn, "switch target", arn);
  return out;
}
