import assert from "node:assert/strict";
import { test } from "node:test";
import { explain } from "../../src/prove/explain.js";
import { exampleModel, exampleState } from "../helpers.js";

const NOW = "2026-11-28T00:00:00Z";

test("why can a dev-member not be admin in prod: the trust statement and the context value", () => {
  const [x] = explain(
    exampleModel(),
    exampleState(),
    { who: "farid@example.com", env: "prod", level: "admin" },
    NOW,
  );
  assert.equal(x!.allowed, false);
  assert.equal(x!.granted, false);
  const text = x!.lines.join("\n");
  assert.equal(x!.lines[0], "farid@example.com → prod admin: DENIED; the model does not grant it");
  assert.match(text, /sts:AssumeRoleWithSAML: Allow/);
  assert.match(
    text,
    /sts:AssumeRole: ImplicitDeny\n +no statement allows it in: identity, resource\n +does not match: arn:aws:iam::333333333333:role\/sekisho\/admin#trust statement 0: \{"Sid":"LandingRoles"/,
  );
  assert.match(
    text,
    /context aws:PrincipalArn = "arn:aws:iam::111111111111:role\/sekisho\/landing-dev-member"/,
  );
});

test("why can an SRE be admin in prod, and do s3:PutObject there", () => {
  const [x] = explain(
    exampleModel(),
    exampleState(),
    {
      who: "alice@example.com",
      env: "prod",
      level: "admin",
      action: "s3:PutObject",
      resource: "arn:aws:s3:::logs/x",
    },
    NOW,
  );
  assert.equal(
    x!.lines[0],
    "alice@example.com → prod admin: ALLOWED (via arn:aws:iam::111111111111:role/sekisho/landing-sre); the model grants it",
  );
  const text = x!.lines.join("\n");
  assert.match(
    text,
    /decided by arn:aws:iam::333333333333:role\/sekisho\/admin#trust statement 0: \{"Sid":"LandingRoles"/,
  );
  assert.match(
    text,
    /4\. s3:PutObject on arn:aws:s3:::logs\/x in eu-west-1 as arn:aws:iam::333333333333:role\/sekisho\/admin:\n +s3:PutObject: Allow\n +decided by arn:aws:iam::aws:policy\/AdministratorAccess@arn:aws:iam::333333333333:role\/sekisho\/admin statement 0: \{"Effect":"Allow","Action":"\*","Resource":"\*"\}/,
  );
});

test("kept user: allowed with MFA, refused with access keys alone", () => {
  const [x] = explain(
    exampleModel(),
    exampleState(),
    { who: "ci-deployer", env: "stg", level: "developer" },
    NOW,
  );
  assert.equal(x!.allowed, true);
  assert.match(x!.lines.join("\n"), /without MFA \(access keys\): ExplicitDeny/);
});

test("every level of an environment when --level is left out; unknown names are clear errors", () => {
  const all = explain(exampleModel(), exampleState(), { who: "kenji@example.com", env: "dev" }, NOW);
  assert.deepEqual(
    all.map((x) => [x.level, x.allowed]),
    [
      ["admin", false],
      ["developer", false],
      ["readonly", true],
    ],
  );
  assert.throws(
    () => explain(exampleModel(), exampleState(), { who: "kenji@example.com", env: "qa" }, NOW),
    /unknown environment 'qa' \(known: dev, stg, prod\)/,
  );
  assert.throws(
    () => explain(exampleModel(), exampleState(), { who: "nobody@example.com", env: "dev" }, NOW),
    /'nobody@example.com' is neither a person nor a kept IAM user/,
  );
});
