// summary.md says how long a session outlives a grant that ends, and how to end it at once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import { summary } from "../../src/emit/summary.js";
import { MINIMAL, model } from "../helpers.js";

test("an expiring grant: switch refused from the next day; chained sessions last 1h more, kept users' up to maxSession", () => {
  const m = model(
    `${MINIMAL.replace(
      'ops: { can: { "*": [admin, readonly] } }',
      'ops: { can: { "*": [readonly], prod: [readonly, { level: admin, until: 2027-01-31 }] } }',
    ).replace(
      "admin: { managed: [AdministratorAccess] }",
      "admin: { managed: [AdministratorAccess], maxSession: 4h }",
    )}users:\n  ci: { teams: [ops], reason: no Google account }\n`,
  );
  const text = summary(m, compile(m), []);
  assert.ok(
    text.includes(`## Expiring grants

| team | environment | level | last day (UTC) | switch refused from | a session started before may last until |
|---|---|---|---|---|---|
| ops | prod | admin | 2027-01-31 | 2027-02-01T00:00:00Z | 2027-02-01T01:00:00Z (people: 1h, chained); 2027-02-01T04:00:00Z (kept users: maxSession 4h) |

A grant's end stops new switches; sessions already started run until they expire (above). To end them at once, revoke the role's older sessions`),
    text,
  );
  assert.match(text, /aws:TokenIssueTime is before now/);
});
