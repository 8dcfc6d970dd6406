// IAM's own rules the model must respect: paths policies read literally, names IAM treats as equal.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { prove } from "../../src/prove/prove.js";
import { exampleModel, lines, load, MINIMAL } from "../helpers.js";

const withPath = (path: string) => load(`${MINIMAL}options:\n  path: "${path}"\n`);

test("a path with a wildcard or a policy variable is refused, with position and what is expected", () => {
  const r = withPath("/sekisho*/");
  assert.deepEqual(lines(r), [
    "access.yaml:17:9: error [iam-path] IAM path '/sekisho*/' contains '*', which policies read as a wildcard: trusts and switch policies would match other roles",
  ]);
  assert.equal(
    r.diagnostics[0]!.expected,
    "/ or /segment/.../: printable ASCII without * ? $ (policies read them as wildcards or variables), at most 512 characters",
  );
  assert.equal(r.model, undefined);
  assert.deepEqual(lines(withPath("/a?/")), [
    "access.yaml:17:9: error [iam-path] IAM path '/a?/' contains '?', which policies read as a wildcard: trusts and switch policies would match other roles",
  ]);
  assert.deepEqual(lines(withPath("/${aws:username}/")), [
    "access.yaml:17:9: error [iam-path] IAM path '/${aws:username}/' contains '$', which policies read as the start of a policy variable: trusts and switch policies would match other roles",
  ]);
  assert.deepEqual(lines(withPath("/a b/")), [
    "access.yaml:17:9: error [iam-path] IAM path '/a b/' is invalid",
  ]);
  assert.deepEqual(lines(withPath("sekisho/")), [
    "access.yaml:17:9: error [iam-path] IAM path 'sekisho/' is invalid",
  ]);
  assert.deepEqual(lines(withPath("/team.a/sekisho-2/")), []);
});

test("a managed policy ARN with a wildcard names no policy and is refused", () => {
  const r = load(MINIMAL.replace("[ReadOnlyAccess]", '["arn:aws:iam::111111111111:policy/*/Read"]'));
  assert.deepEqual(lines(r), [
    "access.yaml:11:25: error [managed-policy] 'arn:aws:iam::111111111111:policy/*/Read' is not a managed policy ARN",
  ]);
});

test("prove fails closed when a compiled path holds a wildcard, whatever validate said", () => {
  const model = exampleModel();
  model.options.path = "/sekisho*/";
  const p = prove(model, compile(model), "2026-11-28T00:00:00Z");
  const hygiene = p.checks.find((c) => c.id === "hygiene")!;
  assert.equal(p.passed, false);
  assert.equal(hygiene.passed, false);
  const rules = new Set(hygiene.failures.map((f) => f.rule));
  assert.deepEqual([...rules], ["hygiene/wildcard-arn"]);
  const messages = hygiene.failures.map((f) => f.message);
  assert.ok(
    messages.includes(
      "arn:aws:iam::333333333333:role/sekisho*/admin: trusted principal 'arn:aws:iam::111111111111:role/sekisho*/landing-sre' contains a wildcard or policy variable; the design names exact roles and principals",
    ),
    messages.join("\n"),
  );
  assert.ok(
    messages.some((m) => m.includes("switch target 'arn:aws:iam::222222222222:role/sekisho*/admin'")),
  );
  assert.ok(
    messages.some((m) => m.startsWith("arn:aws:iam::111111111111:group/sekisho*/sekisho-sre: switch target")),
  );
  assert.ok(
    messages.some((m) =>
      m.endsWith(
        "landing-sre: path '/sekisho*/' contains a wildcard or policy variable; the design names exact roles and principals",
      ),
    ),
  );
});

test("names IAM treats as equal are refused with both locations: teams, levels, kept users", () => {
  const r = load(`${MINIMAL.replace(
    "  readonly: { managed: [ReadOnlyAccess] }\n",
    "  readonly: { managed: [ReadOnlyAccess] }\n  Admin: { managed: [AdministratorAccess] }\n",
  ).replace("people:", '  OPS: { can: { "*": [readonly, Admin] } }\npeople:')}  b@example.com: [OPS]
users:
  ci: { teams: [ops], reason: no Google account }
  CI: { teams: [ops], reason: no Google account }
`);
  assert.deepEqual(lines(r), [
    "access.yaml:12:3: error [equal-names] level 'Admin' and level 'admin' (access.yaml:10:3) differ only in case: IAM names ignore case, so their roles would be one",
    "access.yaml:15:3: error [equal-names] team 'OPS' and team 'ops' (access.yaml:14:3) differ only in case: IAM names ignore case, so their landing roles and groups would be one",
    "access.yaml:21:3: error [equal-names] user 'CI' and user 'ci' (access.yaml:20:3) differ only in case: IAM names ignore case, so their IAM users would be one",
  ]);
  assert.equal(r.diagnostics[1]!.expected, "team names that differ in more than case");
});

test("a level's inline policy may not take the name of Sekisho's own policies, in any case", () => {
  const inline = (names: string[]) =>
    load(
      MINIMAL.replace(
        "readonly: { managed: [ReadOnlyAccess] }",
        `readonly: { managed: [ReadOnlyAccess], inline: { ${names.map((n) => `${n}: { Statement: [{ Effect: Deny, Action: "s3:*", Resource: "*" }] }`).join(", ")} } }`,
      ),
    );
  assert.deepEqual(lines(inline(["Sekisho-Switch-Targets"])), [
    "access.yaml:11:52: error [equal-names] inline policy 'Sekisho-Switch-Targets' of level 'readonly' is the name of Sekisho's own policy 'sekisho-switch-targets' (IAM names ignore case): one would replace the other",
  ]);
  assert.deepEqual(lines(inline(["sekisho-self-manage-credentials"])).length, 1);
  assert.deepEqual(lines(inline(["deny-s3", "Deny-S3"])), [
    "access.yaml:11:127: error [equal-names] inline policy 'Deny-S3' and inline policy 'deny-s3' (access.yaml:11:52) differ only in case: IAM names ignore case, so their policies on a role would be one",
  ]);
  assert.deepEqual(lines(inline(["deny-s3"])), []);
});

test("a level named like a landing role in another case is refused", () => {
  const r = load(
    MINIMAL.replace("  admin: {", "  Landing-ops: {").replace("[admin, readonly]", "[Landing-ops, readonly]"),
  );
  assert.deepEqual(lines(r), [
    "access.yaml:10:3: error [invalid-name] level 'Landing-ops' would clash with the landing roles (landing-TEAM)",
  ]);
});
