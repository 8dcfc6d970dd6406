// Text from exports never becomes markup in a Markdown report: an IAM path may hold
// `<svg onload=...>`, a name may hold `*`, `_`, `[`, `|`. audit.md and migrate's plan.md escape
// it through the one function (src/text/markdown.ts) the plan report uses too.
import assert from "node:assert/strict";
import { test } from "node:test";
import { audit } from "../../src/audit/audit.js";
import { compile } from "../../src/compile/compile.js";
import { auditMarkdown } from "../../src/emit/audit-report.js";
import { migrationMarkdown } from "../../src/emit/migration-plan.js";
import { importExports } from "../../src/import/import.js";
import { migrationPlan } from "../../src/migrate/migrate.js";
import { model } from "../helpers.js";
import { MODEL, today } from "../migrate/fixtures.js";

const SVG = "<svg onload=alert(1)>";
const NOW = "2026-11-28T00:00:00Z";

/** Only escaped forms of the hostile text may appear. */
function assertInert(md: string) {
  assert.ok(!md.includes("<svg"), "raw HTML in the Markdown");
  assert.ok(md.includes("&lt;svg onload=alert(1)&gt;"));
  assert.ok(!/(^|[^\\])\[x\]\(javascript:/.test(md), "a live link");
}

test("audit.md: a hostile IAM path and user name are escaped everywhere they appear", () => {
  const text = JSON.stringify({
    UserDetailList: [
      {
        UserName: "evil_*x*[x](javascript:alert(1))|",
        Path: `/${SVG}/`,
        Arn: `arn:aws:iam::123456789012:user/${SVG}/evil_*x*[x](javascript:alert(1))|`,
        AttachedManagedPolicies: [
          { PolicyName: "AdministratorAccess", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
        ],
      },
    ],
  });
  const r = importExports([{ path: "hostile.json", text }]);
  assert.deepEqual(r.diagnostics, []);
  const md = auditMarkdown(audit(r.state, NOW));
  assertInert(md);
  assert.ok(md.includes("evil\\_\\*x\\*\\[x\\](javascript:alert(1))\\|"), md);
  assert.ok(!/(^|[^\\])\*x\*/.test(md), "unescaped emphasis");
});

test("plan.md: hostile names from the exports are escaped in lists and tables", () => {
  const m = model(MODEL);
  const real = today();
  const user = real.accounts[0]!.authorizationDetails.UserDetailList[0]!;
  const hostile = `${SVG}_*b*`;
  user.UserName = hostile;
  user.Arn = user.Arn.replace(/user\/.*$/, `user/${hostile}`);
  const plan = migrationPlan({
    model: m,
    design: compile(m),
    real,
    map: new Map(),
    now: NOW,
    hasMetadata: false,
  });
  const md = migrationMarkdown(plan);
  assertInert(md);
  assert.ok(md.includes("&lt;svg onload=alert(1)&gt;\\_\\*b\\*"));
  assert.ok(!/(^|[^\\])\*b\*/.test(md), "unescaped emphasis");
});
