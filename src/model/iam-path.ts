// IAM paths the model writes into ARNs. IAM itself accepts any printable ASCII between the
// slashes (IAM API reference, CreateRole `Path`: "any ASCII character from the ! (\u0021)
// through the DEL character (\u007F)"; CreatePolicy adds "You cannot use an asterisk (*) in the
// path name"). But a path is pasted into policies — the switch policy's Resource and the
// trusts' ArnEquals aws:PrincipalArn — where `*` and `?` are wildcards and `${` starts a
// policy variable: `/sekisho*/` would make every trust match `role/sekishoX/landing-sre`, so
// a role anyone creates under `/sekishoX/` could reach admin. Sekisho refuses them.
import { PATH_MAX, PATH_PATTERN } from "./iam-limits.js";

/** Characters a policy does not read literally inside an ARN. */
export const ARN_SPECIAL = /[*?$]/;

export const PATH_EXPECTED =
  "/ or /segment/.../: printable ASCII without * ? $ (policies read them as wildcards or variables), at most 512 characters";

/** What is wrong with an IAM path Sekisho would write into ARNs, or undefined when it is usable. */
export function pathProblem(path: string): string | undefined {
  const special = ARN_SPECIAL.exec(path);
  if (special)
    return `IAM path '${path}' contains '${special[0]}', which policies read as ${special[0] === "$" ? "the start of a policy variable" : "a wildcard"}: trusts and switch policies would match other roles`;
  if (!PATH_PATTERN.test(path) || path.length > PATH_MAX) return `IAM path '${path}' is invalid`;
  return undefined;
}
