// The Google Workspace files: users.csv (guarded against formula injection, RFC 4180),
// directory-api.jsonl (users.update bodies), saml-app.md; and the pure sync logic.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { updateBody } from "../../src/google/attributes.js";
import { csvCell, usersCsv } from "../../src/google/csv.js";
import { directoryApiJsonl } from "../../src/google/directory-api.js";
import { googleFiles } from "../../src/google/files.js";
import { samlAppMarkdown } from "../../src/google/saml-app.js";
import {
  diffAll,
  diffPerson,
  formatChanges,
  formatOutsiders,
  outsiders,
  printable,
  pruneBody,
  readCurrent,
} from "../../src/google/sync.js";
import { example, HOSTILE, modelOf } from "../profiles/helpers.js";

const P = "arn:aws:iam::111111111111:saml-provider/GoogleWorkspace";
const role = (team: string) => `arn:aws:iam::111111111111:role/sekisho/landing-${team},${P}`;

const EXAMPLE_CSV = [
  "email,team,role,session_duration",
  `alice@example.com,sre,"${role("sre")}",28800`,
  `bruno@example.com,sre,"${role("sre")}",28800`,
  `chiara@example.com,sre,"${role("sre")}",28800`,
  `daisuke@example.com,dev-lead,"${role("dev-lead")}",28800`,
  `emma@example.com,dev-lead,"${role("dev-lead")}",28800`,
  `farid@example.com,dev-member,"${role("dev-member")}",28800`,
  `grace@example.com,dev-member,"${role("dev-member")}",28800`,
  `hiro@example.com,dev-member,"${role("dev-member")}",28800`,
  `ines@example.com,dev-member,"${role("dev-member")}",28800`,
  `jonas@example.com,dev-member,"${role("dev-member")}",28800`,
  `kenji@example.com,accounting,"${role("accounting")}",28800`,
  `lena@example.com,accounting,"${role("accounting")}",28800`,
  "",
].join("\r\n");

/** RFC 4180 reader: what a spreadsheet or csv module gets out of the file. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell === "") quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else if (c === '"' || c === "\n" || c === "\r") throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else cell += c;
    i++;
  }
  assert.equal(cell, "");
  assert.equal(row.length, 0, "the file ends with CRLF");
  return rows;
}

const FORMULA = /^[=+\-@\t\r]/;

describe("users.csv", () => {
  test("the example, exactly (CRLF, Role values quoted, role ARN first)", () => {
    assert.equal(usersCsv(example()), EXAMPLE_CSV);
  });

  test("csvCell guards every formula start and quotes per RFC 4180", () => {
    const cases: [string, string][] = [
      ["plain", "plain"],
      ["", ""],
      ["=1+1", "'=1+1"],
      ["+41 22", "'+41 22"],
      ["-2+3", "'-2+3"],
      ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
      ["\t=cmd", "'\t=cmd"],
      ["\r=cmd", `"'\r=cmd"`],
      ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
      ["a,b", '"a,b"'],
      ['say "hi"', '"say ""hi"""'],
      ["line\nbreak", '"line\nbreak"'],
      ["a=b", "a=b"],
    ];
    for (const [value, cell] of cases) assert.equal(csvCell(value), cell, JSON.stringify(value));
  });

  test("hostile emails and team names: no cell reads as a formula; values survive", () => {
    const model = modelOf(HOSTILE);
    const rows = parseCsv(usersCsv(model));
    assert.deepEqual(rows[0], ["email", "team", "role", "session_duration"]);
    for (const row of rows) {
      assert.equal(row.length, 4);
      for (const cell of row) assert.ok(!FORMULA.test(cell), `cell ${JSON.stringify(cell)} starts a formula`);
    }
    const hostileP = "arn:aws:iam::999999999999:saml-provider/GoogleWorkspace";
    const hr = (t: string) => `arn:aws:iam::999999999999:role/sekisho/landing-${t},${hostileP}`;
    assert.deepEqual(rows.slice(1), [
      ["'+x@evil.com", "'@ops", hr("@ops"), "43200"],
      ["'+x@evil.com", "a=b", hr("a=b"), "43200"],
      ["'-rf@evil.com", "'-2+3", hr("-2+3"), "43200"],
      ["'=1+2@evil.com", "'=HYPERLINK", hr("=HYPERLINK"), "43200"],
      ["'=1+2@evil.com", "'+sum", hr("+sum"), "43200"],
      ["a,b@evil.com", "'+sum", hr("+sum"), "43200"],
    ]);
  });
});

describe("directory-api.jsonl", () => {
  test("one users.update request per person; alice's exactly", () => {
    const lines = directoryApiJsonl(example()).split("\n");
    assert.equal(lines.pop(), "");
    assert.equal(lines.length, 12);
    assert.equal(
      lines[0],
      `{"userKey":"alice@example.com","requestBody":{"customSchemas":{"AWS_SAML":{"IAM_Role":[{"type":"work","value":"${role("sre")}"}],"SessionDuration":"28800"}}}}`,
    );
  });

  test("the whole Role list every time, and only our schema's fields", () => {
    const model = modelOf(HOSTILE);
    const lines = directoryApiJsonl(model).trimEnd().split("\n");
    const byKey = new Map(
      lines
        .map((l) => JSON.parse(l) as { userKey: string; requestBody: unknown })
        .map((x) => [x.userKey, x.requestBody]),
    );
    const hostileP = "arn:aws:iam::999999999999:saml-provider/GoogleWorkspace";
    assert.deepEqual(byKey.get("=1+2@evil.com"), {
      customSchemas: {
        AWS_SAML: {
          IAM_Role: [
            { type: "work", value: `arn:aws:iam::999999999999:role/sekisho/landing-=HYPERLINK,${hostileP}` },
            { type: "work", value: `arn:aws:iam::999999999999:role/sekisho/landing-+sum,${hostileP}` },
          ],
          SessionDuration: "43200",
        },
      },
    });
    for (const body of byKey.values()) {
      assert.deepEqual(Object.keys(body as object), ["customSchemas"]);
    }
  });
});

describe("saml-app.md", () => {
  const md = samlAppMarkdown(example());

  test("every value an IdP admin needs", () => {
    for (const line of [
      "| ACS URL | `https://signin.aws.amazon.com/saml` |",
      "| Entity ID | `urn:amazon:webservices` |",
      "| Name ID format | `EMAIL` |",
      "| Name ID | Basic Information › Primary email |",
      "| Category | `AWS_SAML` |",
      "| `IAM_Role` | Text | Visible to user and admin | **Multi-value** |",
      "| `SessionDuration` | Text | Visible to user and admin | Single value |",
      "| AWS_SAML › IAM_Role | `https://aws.amazon.com/SAML/Attributes/Role` |",
      "| Basic Information › Primary email | `https://aws.amazon.com/SAML/Attributes/RoleSessionName` |",
      "| AWS_SAML › SessionDuration | `https://aws.amazon.com/SAML/Attributes/SessionDuration` |",
      "| Basic Information › Primary email | `https://aws.amazon.com/SAML/Attributes/SourceIdentity` |",
      `| sre | landing-sre | \`${role("sre")}\` |`,
      "- **SessionDuration**: 28800 seconds (8h), the console session after",
      "## Unconfirmed, and what Sekisho chose",
      '    "multiValued": true,',
    ]) {
      assert.ok(md.includes(`${line}\n`), `missing: ${line}`);
    }
  });

  test("no SourceIdentity mapping when the model turns it off; every audience listed", () => {
    const text = samlAppMarkdown(modelOf(HOSTILE));
    assert.ok(
      !text.includes(
        "| Basic Information › Primary email | `https://aws.amazon.com/SAML/Attributes/SourceIdentity` |",
      ),
    );
    assert.ok(text.includes("Do **not** map `SourceIdentity`"));
    assert.ok(text.includes("43200 seconds (12h)"));
    const two = modelOf(
      HOSTILE.replace(
        "  sessionDuration: 12h\n",
        "  sessionDuration: 12h\n  audiences: [https://signin.aws.amazon.com/saml, https://eu-west-1.signin.aws.amazon.com/saml]\n",
      ),
    );
    const t2 = samlAppMarkdown(two);
    assert.ok(t2.includes("- `https://eu-west-1.signin.aws.amazon.com/saml`\n"));
    assert.ok(t2.includes("| ACS URL | `https://signin.aws.amazon.com/saml` |\n"));
  });

  test("googleFiles: the three files, deterministic", () => {
    const a = googleFiles(example());
    assert.deepEqual([...a.keys()], ["google/directory-api.jsonl", "google/saml-app.md", "google/users.csv"]);
    assert.deepEqual([...googleFiles(example())], [...a]);
    assert.equal(a.get("google/saml-app.md"), md);
  });
});

describe("sync logic", () => {
  const model = example();
  const alice = {
    email: "alice@example.com",
    roles: [{ team: "sre", value: role("sre") }],
    sessionDuration: "28800",
  };

  test("readCurrent takes only our schema's fields, in any shape Google may send", () => {
    assert.deepEqual(readCurrent(undefined), { roles: [] });
    assert.deepEqual(readCurrent({ Other: { IAM_Role: [{ value: "x" }] } }), { roles: [] });
    assert.deepEqual(
      readCurrent({
        AWS_SAML: {
          IAM_Role: [{ value: "a", type: "work" }, { value: "b" }, 7, null],
          SessionDuration: 3600,
        },
      }),
      { roles: ["a", "b"], sessionDuration: "3600" },
    );
    assert.deepEqual(readCurrent({ AWS_SAML: { IAM_Role: "single" } }), { roles: ["single"] });
  });

  test("diffPerson: unchanged ignoring order and type; update with adds, removes, duration", () => {
    assert.deepEqual(diffPerson(alice, { roles: [role("sre")], sessionDuration: "28800" }), {
      email: "alice@example.com",
      kind: "unchanged",
    });
    assert.deepEqual(diffPerson(alice, undefined), { email: "alice@example.com", kind: "missing" });
    assert.deepEqual(diffPerson(alice, { roles: [role("x"), role("x")] }), {
      email: "alice@example.com",
      kind: "update",
      add: [role("sre")],
      remove: [role("x")],
      duration: { to: "28800" },
      body: updateBody(alice),
    });
    const two = { ...alice, roles: [...alice.roles, { team: "b", value: role("b") }] };
    assert.equal(
      diffPerson(two, { roles: [role("b"), role("sre")], sessionDuration: "28800" }).kind,
      "unchanged",
    );
  });

  test("diffAll matches people case-insensitively; outsiders are those outside the model with values", () => {
    const current = new Map([["alice@example.com", { roles: [role("sre")], sessionDuration: "28800" }]]);
    const changes = diffAll(model, current);
    assert.equal(changes.length, 12);
    assert.equal(changes[0]!.kind, "unchanged");
    assert.ok(changes.slice(1).every((c) => c.kind === "missing"));
    const list = outsiders(model, [
      { primaryEmail: "ALICE@example.com", customSchemas: { AWS_SAML: { IAM_Role: [{ value: "x" }] } } },
      { primaryEmail: "zed@example.com", customSchemas: { AWS_SAML: { IAM_Role: [{ value: "y" }] } } },
      { primaryEmail: "amy@example.com", customSchemas: { AWS_SAML: { SessionDuration: "1" } } },
    ]);
    assert.deepEqual(list, [{ email: "zed@example.com", roles: ["y"] }]);
    assert.equal(
      formatOutsiders(list, false),
      "1 person outside the model still has AWS_SAML.IAM_Role values and can still sign in to AWS while a value names a landing role (not changed; --prune clears them):\n  zed@example.com\n    y\n",
    );
    // Only the fields the person holds are cleared; nothing else is in the body.
    assert.deepEqual(pruneBody(list[0]!), { customSchemas: { AWS_SAML: { IAM_Role: null } } });
    assert.deepEqual(pruneBody({ email: "z@example.com", roles: ["y"], sessionDuration: "1" }), {
      customSchemas: { AWS_SAML: { IAM_Role: null, SessionDuration: null } },
    });
  });

  test("text from Google cannot drive the terminal", () => {
    assert.equal(printable("a\u001b[2Jb\u0007"), "a\\u001b[2Jb\\u0007");
    const text = formatChanges([
      {
        email: "alice@example.com",
        kind: "update",
        add: [],
        remove: ["\u001b]0;pwned\u0007"],
        body: updateBody(alice),
      },
    ]);
    const controls = [...text.replaceAll("\n", "")].filter((c) => c.charCodeAt(0) < 0x20);
    assert.deepEqual(controls, []);
  });
});
