// `sekisho google sync` end to end, against a fake Directory API and token endpoint on
// 127.0.0.1 (no Google, no network): the dry run prints each person's change and writes
// nothing; --apply sends exactly the expected users.patch requests; people outside the model
// and fields outside our schema are never touched; the private key never shows.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type CustomSchemas, FakeDirectory, type FakeUser } from "./fake-directory.js";
import { runTs, tempDir } from "./helpers.js";

const ADMIN = "admin@example.com";
const CLIENT = "sekisho-sync@test-project.iam.gserviceaccount.com";
const PROVIDER = "arn:aws:iam::111111111111:saml-provider/GoogleWorkspace";
const role = (team: string) => `arn:aws:iam::111111111111:role/sekisho/landing-${team},${PROVIDER}`;
const saml = (roles: string[], duration?: string, extra: Record<string, unknown> = {}): CustomSchemas => ({
  AWS_SAML: {
    IAM_Role: roles.map((value) => ({ type: "work", value })),
    ...(duration !== undefined ? { SessionDuration: duration } : {}),
    ...extra,
  },
});

const { privateKey, publicKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
/** A piece of the key's body: it must never appear in any output. */
const KEY_PIECE = privateKey.split("\n")[3]!;

function googleUsers(): FakeUser[] {
  const ok = (email: string, team: string): FakeUser => ({
    primaryEmail: email,
    customSchemas: saml([role(team)], "28800"),
  });
  return [
    ok("alice@example.com", "sre"),
    { primaryEmail: "bruno@example.com", customSchemas: saml([role("accounting")], "3600") },
    {
      primaryEmail: "chiara@example.com",
      customSchemas: { ...saml([role("sre")], undefined, { Note: "keep me" }), Other: { badge: "42" } },
    },
    { primaryEmail: "daisuke@example.com" },
    { primaryEmail: "emma@example.com", customSchemas: saml([role("dev-lead"), role("dev-lead")], "28800") },
    ok("farid@example.com", "dev-member"),
    ok("grace@example.com", "dev-member"),
    ok("hiro@example.com", "dev-member"),
    ok("ines@example.com", "dev-member"),
    ok("jonas@example.com", "dev-member"),
    ok("kenji@example.com", "accounting"),
    ok("lena@example.com", "accounting"),
    // outside the model
    {
      primaryEmail: "zed@example.com",
      customSchemas: { ...saml([role("sre")], "43200", { Note: "left in May" }), Other: { badge: "9" } },
    },
    { primaryEmail: "yuki@example.com", customSchemas: { Other: { badge: "7" } } },
    // a SessionDuration alone signs nobody in: not pruned
    { primaryEmail: "xavier@example.com", customSchemas: { AWS_SAML: { SessionDuration: "3600" } } },
  ];
}

const DRY_RUN = `Google Workspace, schema AWS_SAML (IAM_Role, SessionDuration): 12 people in the model (dry run)
  alice@example.com: unchanged
  bruno@example.com: update
    + IAM_Role ${role("sre")}
    - IAM_Role ${role("accounting")}
    ~ SessionDuration 3600 -> 28800
  chiara@example.com: update
    ~ SessionDuration (not set) -> 28800
  daisuke@example.com: update
    + IAM_Role ${role("dev-lead")}
    ~ SessionDuration (not set) -> 28800
  emma@example.com: update
    ~ IAM_Role list rewritten (duplicate values removed)
  farid@example.com: unchanged
  grace@example.com: unchanged
  hiro@example.com: unchanged
  ines@example.com: unchanged
  jonas@example.com: unchanged
  kenji@example.com: unchanged
  lena@example.com: unchanged
1 person outside the model still has AWS_SAML.IAM_Role values and can still sign in to AWS while a value names a landing role (not changed; --prune clears them):
  zed@example.com
    ${role("sre")}
4 to update, 8 unchanged, 0 not found in Google Workspace, 1 outside the model with values
dry run: nothing written; run again with --apply to write (and --prune to clear people outside the model)
`;

const body = (team: string) => ({
  customSchemas: { AWS_SAML: { IAM_Role: [{ type: "work", value: role(team) }], SessionDuration: "28800" } },
});

async function withFake(users: FakeUser[], fn: (fake: FakeDirectory, creds: string) => Promise<void>) {
  const fake = new FakeDirectory({ publicKey, clientEmail: CLIENT, admin: ADMIN, pageSize: 5 }, users);
  await fake.start();
  try {
    const dir = tempDir("sekisho-google-");
    const creds = join(dir, "key.json");
    writeFileSync(
      creds,
      JSON.stringify({
        type: "service_account",
        project_id: "test-project",
        private_key_id: "0123456789abcdef",
        private_key: privateKey,
        client_email: CLIENT,
        client_id: "100000000000000000001",
        token_uri: fake.tokenUri,
      }),
    );
    await fn(fake, creds);
  } finally {
    await fake.stop();
  }
}

function sync(fake: FakeDirectory, creds: string, extra: string[] = []) {
  return runTs(
    "test/google/cli-entry.ts",
    ["sync", "examples/access.yaml", "--credentials", creds, "--admin", ADMIN, ...extra],
    { SEKISHO_GOOGLE_API_ROOT: fake.url },
  );
}

function assertNoKey(...texts: string[]) {
  for (const t of texts) assert.ok(!t.includes(KEY_PIECE), "the private key must never be printed");
}

describe("google sync against a local Directory API", () => {
  test("dry run: per-person changes, outsiders listed, nothing written, read-only scope, exit 1", async () => {
    await withFake(googleUsers(), async (fake, creds) => {
      const r = await sync(fake, creds);
      assert.equal(
        r.stderr,
        "sekisho google sync: Google Workspace differs from the model (4 to update, 1 outside the model with values)\n",
      );
      assert.equal(r.stdout, DRY_RUN);
      assert.equal(r.status, 1);
      assert.deepEqual(fake.violations, []);
      assert.deepEqual(fake.patches(), []);
      assert.ok(fake.requests.every((q) => q.method === "GET" || q.path === "/token"));
      assert.deepEqual(
        [...new Set(fake.scopes)],
        ["https://www.googleapis.com/auth/admin.directory.user.readonly"],
      );
      // Every person of the model read once; nobody outside it read by key.
      const gets = fake.requests
        .filter((q) => q.method === "GET" && q.path.startsWith("/admin/directory/v1/users/"))
        .map((q) => decodeURIComponent(q.path.split("/").at(-1)!))
        .sort();
      assert.equal(gets.length, 12);
      assert.ok(!gets.includes("zed@example.com") && !gets.includes("yuki@example.com"));
      // users.list followed every page (15 users, 5 a page).
      const lists = fake.requests.filter((q) => q.path === "/admin/directory/v1/users");
      assert.deepEqual(
        lists.map((q) => q.query.pageToken ?? ""),
        ["", "5", "10"],
      );
      assert.ok(
        fake.requests.filter((q) => q.path !== "/token").every((q) => q.authorization?.startsWith("Bearer ")),
      );
      assertNoKey(r.stdout, r.stderr);
    });
  });

  test("--apply: exactly the expected patches; outsiders and other fields untouched; exit 1 while outsiders keep values", async () => {
    await withFake(googleUsers(), async (fake, creds) => {
      const before = structuredClone([...fake.users.values()]);
      const r = await sync(fake, creds, ["--apply"]);
      assert.equal(r.status, 1);
      assert.equal(
        r.stderr,
        "sekisho google sync: Google Workspace differs from the model (1 outside the model with values)\n",
      );
      assert.deepEqual(fake.violations, []);
      assert.deepEqual(fake.scopes, ["https://www.googleapis.com/auth/admin.directory.user"]);
      const patches = fake.patches().sort((a, b) => a.userKey.localeCompare(b.userKey));
      assert.deepEqual(patches, [
        { userKey: "bruno@example.com", body: body("sre") },
        { userKey: "chiara@example.com", body: body("sre") },
        { userKey: "daisuke@example.com", body: body("dev-lead") },
        { userKey: "emma@example.com", body: body("dev-lead") },
      ]);
      assert.match(r.stdout, /^updated 4 of 4$/m);
      // Outsiders exactly as they were.
      for (const email of ["zed@example.com", "yuki@example.com", "xavier@example.com"]) {
        assert.deepEqual(
          fake.users.get(email),
          before.find((u) => u.primaryEmail === email),
        );
      }
      // Fields outside ours kept.
      const chiara = fake.users.get("chiara@example.com")!;
      assert.equal(chiara.customSchemas?.AWS_SAML?.Note, "keep me");
      assert.deepEqual(chiara.customSchemas?.Other, { badge: "42" });
      // A second dry run finds nothing to write for the model's people; zed still differs.
      const again = await sync(fake, creds);
      assert.equal(again.status, 1);
      assert.match(
        again.stdout,
        /^0 to update, 12 unchanged, 0 not found in Google Workspace, 1 outside the model with values$/m,
      );
      assert.match(again.stdout, /^dry run: nothing to write without --prune$/m);
      assertNoKey(r.stdout, r.stderr, again.stdout, again.stderr);
    });
  });

  test("--prune dry run: says what it would clear, writes nothing, exit 1", async () => {
    await withFake(googleUsers(), async (fake, creds) => {
      const r = await sync(fake, creds, ["--prune"]);
      assert.equal(r.status, 1);
      assert.deepEqual(fake.patches(), []);
      assert.deepEqual(fake.violations, []);
      assert.deepEqual(
        [...new Set(fake.scopes)],
        ["https://www.googleapis.com/auth/admin.directory.user.readonly"],
      );
      assert.ok(
        r.stdout.endsWith(`1 person outside the model still has AWS_SAML.IAM_Role values (--prune clears them):
  zed@example.com: clear
    - IAM_Role ${role("sre")}
    - SessionDuration 43200
4 to update, 8 unchanged, 0 not found in Google Workspace, 1 outside the model with values to clear
dry run: nothing written; run again with --apply to write
`),
        r.stdout,
      );
      assert.equal(
        r.stderr,
        "sekisho google sync: Google Workspace differs from the model (4 to update, 1 outside the model with values)\n",
      );
    });
  });

  test("--prune --apply clears only outsiders' two fields; then a dry run is in sync (exit 0)", async () => {
    await withFake(googleUsers(), async (fake, creds) => {
      const before = structuredClone([...fake.users.values()]);
      const r = await sync(fake, creds, ["--prune", "--apply"]);
      assert.equal(r.stderr, "");
      assert.equal(r.status, 0);
      assert.deepEqual(fake.violations, []);
      assert.match(r.stdout, /^updated 4 of 4\ncleared 1 of 1$/m);
      const zedPatches = fake.patches().filter((p) => p.userKey === "zed@example.com");
      assert.deepEqual(zedPatches, [
        {
          userKey: "zed@example.com",
          body: { customSchemas: { AWS_SAML: { IAM_Role: null, SessionDuration: null } } },
        },
      ]);
      assert.equal(fake.patches().length, 5);
      // zed keeps every other field; yuki and xavier (no Role values) are not touched.
      assert.deepEqual(fake.users.get("zed@example.com"), {
        primaryEmail: "zed@example.com",
        customSchemas: { AWS_SAML: { Note: "left in May" }, Other: { badge: "9" } },
      });
      for (const email of ["yuki@example.com", "xavier@example.com"])
        assert.deepEqual(
          fake.users.get(email),
          before.find((u) => u.primaryEmail === email),
        );
      const again = await sync(fake, creds);
      assert.equal(again.stderr, "");
      assert.equal(again.status, 0);
      assert.match(
        again.stdout,
        /^0 to update, 12 unchanged, 0 not found in Google Workspace, 0 outside the model with values\ndry run: nothing to write$/m,
      );
    });
  });

  test("a prune that Google refuses is reported and exits 1", async () => {
    await withFake(googleUsers(), async (fake, creds) => {
      fake.patchFailures.add("zed@example.com");
      const r = await sync(fake, creds, ["--prune", "--apply"]);
      assert.equal(r.status, 1);
      assert.match(r.stdout, /^cleared 0 of 1$/m);
      assert.equal(r.stderr, "sekisho google sync: cannot clear zed@example.com: HTTP 503: Backend Error\n");
      assert.deepEqual(fake.users.get("zed@example.com")?.customSchemas?.AWS_SAML?.IAM_Role, [
        { type: "work", value: role("sre") },
      ]);
    });
  });

  // The list is what finds outsiders: a check that could not read all of it must fail (exit 2)
  // and write nothing, never print "0 outside the model" or exit 0.
  for (const [what, failure, message] of [
    ["a page that fails", { status: 503 }, "listing users (page 2): HTTP 503: Backend Error"],
    [
      "a user without an email",
      { status: 200, body: { users: [{ customSchemas: {} }], nextPageToken: "10" } },
      "listing users (page 2): user 1 has no primaryEmail",
    ],
    [
      "a page token that repeats",
      { status: 200, body: { users: [], nextPageToken: "5" } },
      "listing users (page 2): the next page token repeats or is not text",
    ],
    [
      "a page that is not a list",
      { status: 200, body: { users: { a: 1 } } },
      'listing users (page 2): "users" is not a list',
    ],
  ] as const) {
    test(`a users.list with ${what} fails closed: exit 2, nothing written`, async () => {
      for (const extra of [[], ["--prune", "--apply"]]) {
        await withFake(googleUsers(), async (fake, creds) => {
          fake.listFailures.set(2, failure);
          const r = await sync(fake, creds, extra);
          assert.equal(r.status, 2);
          assert.equal(r.stderr, `sekisho google sync: ${message}\n`);
          assert.deepEqual(fake.patches(), []);
          assert.doesNotMatch(r.stdout, /outside the model|to update|nothing to write/);
        });
      }
    });
  }

  test("a person missing in Google Workspace is reported, skipped, and the exit code is 1", async () => {
    const users = googleUsers().filter((u) => u.primaryEmail !== "lena@example.com");
    await withFake(users, async (fake, creds) => {
      const r = await sync(fake, creds, ["--apply"]);
      assert.equal(r.status, 1);
      assert.match(r.stdout, /^ {2}lena@example\.com: NOT FOUND in Google Workspace \(skipped\)$/m);
      assert.match(r.stderr, /1 person is not in Google Workspace/);
      assert.ok(!fake.patches().some((p) => p.userKey === "lena@example.com"));
      assert.equal(fake.patches().length, 4);
      assert.deepEqual(fake.violations, []);
    });
  });

  test("a refused token (no domain-wide delegation) fails with exit 2 and a hint, no key shown", async () => {
    await withFake(googleUsers(), async (fake, creds) => {
      fake.refuseToken = true;
      const r = await sync(fake, creds);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /unauthorized_client/);
      assert.match(r.stderr, /domain-wide delegation/);
      assert.ok(fake.requests.every((q) => q.path === "/token"));
      assertNoKey(r.stdout, r.stderr);
    });
  });

  test("a broken key file is refused without quoting it", async () => {
    const bad = join(tempDir("sekisho-google-bad-"), "bad.json");
    writeFileSync(bad, `{"type": "service_account", "private_key": ${JSON.stringify(privateKey)}, oops}`);
    const r = await runTs("test/google/cli-entry.ts", [
      "sync",
      "examples/access.yaml",
      "--credentials",
      bad,
      "--admin",
      ADMIN,
    ]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not a JSON service-account key/);
    assertNoKey(r.stdout, r.stderr);
  });

  test("usage errors", async () => {
    const r = await runTs("test/google/cli-entry.ts", ["push", "examples/access.yaml"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown subcommand 'push'/);
    const r2 = await runTs("test/google/cli-entry.ts", ["sync", "examples/access.yaml", "--admin", ADMIN]);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /missing --credentials/);
  });

  test("the API root may only be redirected to loopback http or https", async () => {
    await withFake(googleUsers(), async (_fake, creds) => {
      const r = await runTs(
        "test/google/cli-entry.ts",
        ["sync", "examples/access.yaml", "--credentials", creds, "--admin", ADMIN],
        { SEKISHO_GOOGLE_API_ROOT: "http://example.com/" },
      );
      assert.equal(r.status, 2);
      assert.match(r.stderr, /SEKISHO_GOOGLE_API_ROOT must be/);
    });
  });
});
