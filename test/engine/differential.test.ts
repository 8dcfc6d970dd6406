// Differential test: our engine against @cloud-copilot/iam-simulate on generated
// policy/request pairs. Every disagreement must fall into a category recorded in
// known-disagreements.test.ts with the AWS text that shows which side is right;
// anything else fails with the case printed. Cases our engine reports as undecided
// are counted, not compared (deciding them is exactly what we refuse to guess).
//   SEKISHO_FC_RUNS (default 10000) and SEKISHO_FC_SEED (default 20261128) tune it.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { refusedByAws } from "../../src/engine/aws-owned.js";
import { evaluate } from "../../src/engine/index.js";
import type { Decision, PolicyRef, PolicySet, Request } from "../../src/engine/types.js";
import type { PolicyDocument } from "../../src/state/policy.js";
import { type Case, caseArb, samlCaseArb } from "./arbitraries.js";
import { oracle } from "./oracle.js";

const RUNS = Number(process.env.SEKISHO_FC_RUNS ?? 10_000);
const SEED = Number(process.env.SEKISHO_FC_SEED ?? 20261128);

function mapDocuments(set: PolicySet, f: (d: PolicyDocument) => PolicyDocument): PolicySet {
  const m = (r: PolicyRef): PolicyRef => ({ ...r, document: f(r.document) });
  const out: PolicySet = { identity: set.identity.map(m) };
  if (set.boundary) out.boundary = m(set.boundary);
  if (set.resource) out.resource = m(set.resource);
  if (set.session) out.session = set.session.map(m);
  if (set.scps) out.scps = set.scps.map((l) => l.map(m));
  return out;
}

/** Replaces every /0 range by its two halves: the same addresses, without a /0. */
function splitZeroPrefix(d: PolicyDocument): PolicyDocument {
  const halves: Record<string, string[]> = {
    "0.0.0.0/0": ["0.0.0.0/1", "128.0.0.0/1"],
    "::/0": ["::/1", "8000::/1"],
  };
  return JSON.parse(
    JSON.stringify(d, (_k, v: unknown) => {
      if (typeof v === "string" && halves[v]) return halves[v];
      if (Array.isArray(v)) return v.flatMap((x) => (typeof x === "string" && halves[x] ? halves[x] : [x]));
      return v;
    }),
  ) as PolicyDocument;
}

const EPOCH = /^\d{5,}$/;

function isoOf(epochSeconds: string): string {
  return new Date(Number(epochSeconds) * 1000).toISOString().replace(".000Z", "Z");
}

/** Writes epoch-second dates of Date conditions as ISO 8601: the same instants. */
function isoDates(d: PolicyDocument): PolicyDocument {
  const copy = structuredClone(d);
  for (const st of copy.Statement) {
    for (const [op, keys] of Object.entries(st.Condition ?? {})) {
      if (!/^(For(Any|All)Values?:)?Date/.test(op)) continue;
      for (const [key, value] of Object.entries(keys)) {
        const list = Array.isArray(value) ? value : [value];
        keys[key] = list.map((v) => (typeof v === "string" && EPOCH.test(v) ? isoOf(v) : v));
      }
    }
  }
  return copy;
}

/**
 * Drops IP ranges of the other address family than the request's aws:SourceIp: they can
 * never contain it, so IpAddress (OR) and NotIpAddress (NOR) keep their meaning.
 */
function sameFamilyRanges(sourceIp: string): (d: PolicyDocument) => PolicyDocument {
  const v6 = sourceIp.includes(":");
  const filler = v6 ? "fe80::/128" : "255.255.255.255/32"; // never the generated source address
  return (d) => {
    const copy = structuredClone(d);
    for (const st of copy.Statement) {
      for (const [op, keys] of Object.entries(st.Condition ?? {})) {
        if (!/IpAddress/.test(op)) continue;
        for (const [key, value] of Object.entries(keys)) {
          const list = (Array.isArray(value) ? value : [value]).filter((v) => String(v).includes(":") === v6);
          keys[key] = list.length > 0 ? list : [filler];
        }
      }
    }
    return copy;
  };
}

/**
 * Makes a pre-2012 document say the same under Version 2012-10-17: its ${...} text was
 * literal, so each "${" becomes "${$}{" (the documented escape for a literal "$").
 */
function literalVariables(d: PolicyDocument): PolicyDocument {
  if (d.Version === "2012-10-17") return d;
  const text = JSON.stringify(d.Statement).replaceAll("${", "${$}{");
  return { Version: "2012-10-17", Statement: JSON.parse(text) as PolicyDocument["Statement"] };
}

interface Variant {
  request: Request;
  policies: PolicySet;
}

/**
 * Known disagreements, each recognised by rewriting only the disputed construct into
 * an equivalent form and checking that iam-simulate then agrees with us (and that we
 * still say the same). See known-disagreements.test.ts for the AWS text on each.
 */
const KNOWN: { name: string; rewrite: (c: Case, r: Request) => Variant | undefined }[] = [
  {
    name: "cidr-zero-prefix",
    rewrite: (c, request) =>
      JSON.stringify(c.policies).includes('/0"')
        ? { request, policies: mapDocuments(c.policies, splitZeroPrefix) }
        : undefined,
  },
  {
    name: "ip-address-family",
    rewrite: (c, request) => {
      const ip = request.context["aws:SourceIp"];
      if (typeof ip !== "string" || !JSON.stringify(c.policies).includes("IpAddress")) return undefined;
      return { request, policies: mapDocuments(c.policies, sameFamilyRanges(ip)) };
    },
  },
  {
    name: "epoch-seconds",
    rewrite: (c, request) => {
      const context = { ...request.context };
      const epoch = context["aws:EpochTime"];
      if (typeof epoch === "string" && EPOCH.test(epoch)) context["aws:EpochTime"] = isoOf(epoch);
      return { request: { ...request, context }, policies: mapDocuments(c.policies, isoDates) };
    },
  },
  {
    name: "variables-need-version-2012-10-17",
    rewrite: (c, request) =>
      JSON.stringify(c.policies).includes("${")
        ? { request, policies: mapDocuments(c.policies, literalVariables) }
        : undefined,
  },
  {
    name: "session-policy-vs-direct-session-grant",
    rewrite: (c, request) => {
      if (!c.policies.session) return undefined;
      const { session: _dropped, ...policies } = c.policies;
      return { request, policies };
    },
  },
];

/** `accessOnly`: compare allowed-or-not only (our deny kind is undecided). */
async function classify(
  c: Case,
  request: Request,
  ours: Decision,
  accessOnly = false,
): Promise<string | undefined> {
  const same = (v: string | undefined) =>
    accessOnly ? (v === "Allow") === (ours.verdict === "Allow") : v === ours.verdict;
  const agrees = async (v: Variant) =>
    same((await oracle(v.request, v.policies, c.resourceAccount)).verdict) &&
    same(evaluate(v.request, v.policies).verdict);
  const applied: string[] = [];
  let all: Variant = { request, policies: c.policies };
  for (const k of KNOWN) {
    const v = k.rewrite(c, request);
    if (!v) continue;
    if (await agrees(v)) return k.name;
    // Several gaps can meet in one case: also try every rewrite at once.
    const next = k.rewrite({ ...c, policies: all.policies }, all.request);
    if (next) {
      all = next;
      applied.push(k.name);
    }
  }
  return applied.length > 1 && (await agrees(all)) ? applied.join(" + ") : undefined;
}

function show(c: Case, request: Request, ours: Decision, theirs: string): string {
  return JSON.stringify(
    {
      scenario: c.scenario,
      ours: ours.verdict,
      theirs,
      decisive: ours.decisive,
      request,
      policies: c.policies,
    },
    null,
    1,
  );
}

test(`differential: ${RUNS} generated cases against iam-simulate (seed ${SEED})`, async (t) => {
  const stats = new Map<string, number>();
  const bump = (k: string) => stats.set(k, (stats.get(k) ?? 0) + 1);
  const failures: string[] = [];
  await fc
    .assert(
      fc.asyncProperty(
        fc.oneof({ arbitrary: caseArb, weight: 9 }, { arbitrary: samlCaseArb, weight: 1 }),
        async (c) => {
          bump("cases");
          const o = await oracle(c.request, c.policies, c.resourceAccount);
          if (o.error || !o.verdict) {
            bump("oracle rejected the input");
            return true;
          }
          // iam-simulate drops context keys that do not apply to the action: compare like with like.
          const context = { ...c.request.context };
          const ignored = new Set(o.ignored.map((k) => k.toLowerCase()));
          for (const k of Object.keys(context)) if (ignored.has(k.toLowerCase())) delete context[k];
          const request: Request = { ...c.request, context };
          const ours = evaluate(request, c.policies);
          if (!ours.accessCertain) {
            bump("undecided by us (not compared)");
            return true;
          }
          const sameAccess = (ours.verdict === "Allow") === (o.verdict === "Allow");
          if (ours.uncertain.length > 0) {
            // Only the kind of deny is open: compare access only.
            if (sameAccess) {
              bump("agree (access; deny kind undecided)");
              return true;
            }
            const known = await classify(c, request, ours, true);
            if (known) {
              bump(`known: ${known}`);
              return true;
            }
            failures.push(show(c, request, ours, o.verdict));
            return false;
          }
          bump(`verdict ${ours.verdict}`);
          // On a write AWS refuses, iam-simulate reports an implicit deny even under an
          // explicit Deny; the explicit Deny still decides (known-disagreements.test.ts).
          if (ours.verdict === "ExplicitDeny" && o.verdict === "ImplicitDeny" && refusedByAws(request)) {
            bump("known: aws-owned-write-under-explicit-deny");
            return true;
          }
          if (ours.verdict === o.verdict) {
            bump(`agree (${c.scenario})`);
            return true;
          }
          const known = await classify(c, request, ours);
          if (known) {
            bump(`known: ${known}`);
            return true;
          }
          failures.push(show(c, request, ours, o.verdict));
          return false;
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    )
    .catch((e: unknown) => {
      throw new Error(`${(e as Error).message}\n${failures.at(-1) ?? ""}`);
    });
  for (const [k, v] of [...stats].sort()) t.diagnostic(`${k}: ${v}`);
  assert.equal(failures.length, 0);
  // The comparison must stay meaningful: most cases decided, and all verdicts exercised.
  const decided =
    RUNS - (stats.get("undecided by us (not compared)") ?? 0) - (stats.get("oracle rejected the input") ?? 0);
  assert.ok(decided > RUNS * 0.8, `only ${decided} of ${RUNS} cases compared`);
  for (const v of ["Allow", "ExplicitDeny", "ImplicitDeny"])
    assert.ok((stats.get(`verdict ${v}`) ?? 0) > RUNS * 0.05, v);
});
