// resolveLevelAccess on its own: each way a level's access is decided, with the exact sentence a
// reviewer reads in the proof.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ScanCache } from "../../src/engine/scan-cache.js";
import { accessOf, type ResolvedAccess, resolveLevelAccess } from "../../src/prove/level-access.js";
import { levelModel } from "./level-model.js";

const clock = { now: "2026-11-28T00:00:00Z" };

function resolve(levels: string): ResolvedAccess[] {
  const m = levelModel(levels);
  return [...resolveLevelAccess(m, new ScanCache(), clock).values()];
}

const inline = (actions: string[], extra = "") =>
  `{ inline: { p: { Statement: [{ Effect: Allow, Action: [${actions.map((a) => `"${a}"`).join(", ")}], Resource: "*"${extra} }] } } }`;

test("declared, the landing level, and every action of the catalog", () => {
  assert.deepEqual(
    resolve(`  tools: { managed: [ReadOnlyAccess], access: admin }
  all: { managed: [AdministratorAccess] }`),
    [
      { level: "look", access: "read", declared: false, why: "the landing level: everyone lands read-only" },
      { level: "tools", access: "admin", declared: true, why: "declared" },
      {
        level: "all",
        access: "admin",
        declared: false,
        why: "inferred from its policies: they allow every action of the catalog",
      },
    ],
  );
});

test("reads only, counted; acknowledged actions count as reads and are said", () => {
  // sts:GetCallerIdentity is always allowed: no policy can refuse it.
  const got = resolve(`  one: { inline: { p: { Statement: [{ Effect: Deny, Action: "*", Resource: "*" }] } } }
  two: ${inline(["s3:GetObject"])}
  acked:
    inline: { p: { Statement: [{ Effect: Allow, Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: "*" }] } }
    acknowledge: { s3:PutObject: uploads reports, s3:deleteobject: cleans them }`);
  assert.deepEqual(
    got.slice(1).map((l) => [l.level, l.access, l.declared, l.why]),
    [
      ["one", "read", false, "inferred from its policies: they allow only reads (1 action)"],
      ["two", "read", false, "inferred from its policies: they allow only reads (2 actions)"],
      [
        "acked",
        "read",
        false,
        "inferred from its policies: they allow only reads (4 actions, 2 acknowledged)",
      ],
    ],
  );
});

test("writes: counted, the first three named; one acknowledged write does not excuse the others", () => {
  const got = resolve(`  one: ${inline(["s3:PutObject"])}
  four: ${inline(["s3:PutObject", "s3:DeleteObject", "sqs:SendMessage", "sns:Publish", "s3:GetObject"])}
  partly:
    inline: { p: { Statement: [{ Effect: Allow, Action: ["s3:PutObject", "s3:DeleteObject"], Resource: "*" }] } }
    acknowledge: { s3:PutObject: uploads reports }`);
  const tail = "; declare access: to hold it to another";
  assert.deepEqual(
    got.slice(1).map((l) => [l.level, l.access, l.declared, l.why]),
    [
      [
        "one",
        "write",
        false,
        `inferred from its policies: they allow 1 action beyond reads (e.g. s3:PutObject)${tail}`,
      ],
      [
        "four",
        "write",
        false,
        `inferred from its policies: they allow 4 actions beyond reads (e.g. s3:DeleteObject, s3:PutObject, sns:Publish)${tail}`,
      ],
      [
        "partly",
        "write",
        false,
        `inferred from its policies: they allow 1 action beyond reads (e.g. s3:DeleteObject)${tail}`,
      ],
    ],
  );
});

test("a policy without a document or an undecided statement: never read, never admin, and said why", () => {
  const got = resolve(`  unknown:
    managed: ["arn:aws:iam::111111111111:policy/Custom"]
    inline: { p: { Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*" }] } }
  undecided: ${inline(["s3:GetObject"], ', Condition: { StringEqualsFancy: { "aws:username": x } }')}
  bounded: { managed: [AdministratorAccess], boundary: "arn:aws:iam::111111111111:policy/Gone" }`);
  const tail = "declare access: to hold it to another";
  assert.deepEqual(
    got.slice(1).map((l) => [l.level, l.access, l.why]),
    [
      [
        "unknown",
        "write",
        `inferred from its policies: they cannot be shown to allow only reads; arn:aws:iam::111111111111:policy/Custom has no document, so never admin; ${tail}`,
      ],
      [
        "undecided",
        "write",
        `inferred from its policies: they cannot be shown to allow only reads; 1 statement undecided, so never admin; ${tail}`,
      ],
      [
        "bounded",
        "write",
        `inferred from its policies: they allow ${got[3]!.why.match(/allow (\d+) actions/)?.[1]} actions beyond reads (e.g. ${got[3]!.why.match(/e\.g\. ([^)]*)\)/)?.[1]}); arn:aws:iam::111111111111:policy/Gone has no document, so never admin; ${tail}`,
      ],
    ],
  );
});

test("a known boundary limits what the level's policies allow", () => {
  const got = resolve("  bounded: { managed: [AdministratorAccess], boundary: ReadOnlyAccess }");
  assert.equal(got[1]!.access, "write");
  assert.match(
    got[1]!.why,
    /^inferred from its policies: they allow \d+ actions beyond reads \(e\.g\. [^)]+\); declare access: to hold it to another$/,
  );
  const read = resolve(
    `  bounded: { inline: { p: { Statement: [{ Effect: Allow, Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" }] } }, boundary: ReadOnlyAccess }`,
  );
  // s3:GetObject, and sts:GetCallerIdentity, which no policy can refuse.
  assert.deepEqual(
    [read[1]!.access, read[1]!.why],
    ["read", "inferred from its policies: they allow only reads (2 actions)"],
  );
});

test("a level the map does not know is held to read", () => {
  const map = new Map([["x", { level: "x", access: "admin" as const, declared: true, why: "declared" }]]);
  assert.equal(accessOf(map, "x"), "admin");
  assert.equal(accessOf(map, "y"), "read");
});
