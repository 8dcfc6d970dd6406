// Every OIDC trust of a design pins `aud` and `sub` to exactly the model's values: the most common
// real hole is a trust that checks aud but not sub, or a sub widened to a whole organisation, so
// that any repository on the platform can assume the role. Read statically, statement by
// statement, on top of the matrix's token exchanges (which would miss a hole no probe hits).
import { oidcProviderArn, workloadRoleArn } from "../model/naming.js";
import type { AccessModel, Workload } from "../model/types.js";
import { issuerHost, isWildcard } from "../model/workload-issuers.js";
import type { StateIndex } from "../sessions/principals.js";
import { asList, type Statement } from "../state/policy.js";
import type { Finding } from "./types.js";

function evidence(s: Statement, index: number, policy: string) {
  return [
    {
      what: `statement ${index}${s.Sid ? ` (${s.Sid})` : ""}`,
      statements: [{ policy, index, ...(s.Sid ? { sid: s.Sid } : {}), statement: s }],
    },
  ];
}

/** The values of a condition key under each operator of a statement (keys compared ignoring case). */
function valuesOf(s: Statement, key: string): { op: string; values: string[] }[] {
  const lower = key.toLowerCase();
  return Object.entries(s.Condition ?? {}).flatMap(([op, block]) =>
    Object.entries(block)
      .filter(([k]) => k.toLowerCase() === lower)
      .map(([, v]) => ({ op, values: asList(v).map(String) })),
  );
}

function trusts(s: Statement): boolean {
  const actions = asList(s.Action).map((a) => a.toLowerCase());
  const federated = s.Principal === "*" ? ["*"] : asList(s.Principal?.Federated);
  return (
    s.Effect === "Allow" &&
    (federated.some((f) => f === "*" || f.includes(":oidc-provider/")) ||
      actions.some((a) => a === "sts:assumerolewithwebidentity" || a === "sts:*" || a === "*"))
  );
}

export function checkWorkloadTrusts(model: AccessModel, index: StateIndex): Finding[] {
  const out: Finding[] = [];
  for (const w of model.workloads)
    for (const g of w.grants) {
      const env = model.environments.find((e) => e.name === g.env)!;
      const arn = workloadRoleArn(model, w.name, env.accountId);
      const p = index.byArn.get(arn);
      if (!p?.trust) continue;
      const policy = p.trust.id;
      p.trust.document.Statement.forEach((s, i) => {
        if (trusts(s)) out.push(...statementFindings(w, arn, env.accountId, s, i, policy));
      });
    }
  return out;
}

function statementFindings(
  w: Workload,
  arn: string,
  account: string,
  s: Statement,
  i: number,
  policy: string,
): Finding[] {
  const out: Finding[] = [];
  const host = issuerHost(w.issuer.url);
  const fail = (rule: string, message: string) =>
    out.push({
      rule,
      subject: arn,
      message: `${arn}: trust statement ${i} ${message}`,
      evidence: evidence(s, i, policy),
    });
  const provider = oidcProviderArn(account, w.issuer.url);
  const federated = s.Principal === "*" ? ["*"] : asList(s.Principal?.Federated);
  if (federated.length !== 1 || federated[0] !== provider)
    fail(
      "hygiene/oidc-provider",
      `trusts ${federated.join(", ") || "no federated principal"}, not exactly workload ${w.name}'s provider ${provider}`,
    );
  const aud = valuesOf(s, `${host}:aud`);
  const audOk =
    aud.length > 0 &&
    aud.every((a) => a.op === "StringEquals" && a.values.length === 1 && a.values[0] === w.issuer.audience);
  if (!audOk)
    fail(
      "hygiene/oidc-aud",
      aud.length === 0
        ? `does not pin ${host}:aud: a token minted for any other service can assume the role`
        : `pins ${host}:aud with ${aud.map((a) => `${a.op} ${a.values.join(", ")}`).join("; ")}, not StringEquals '${w.issuer.audience}'`,
    );
  const sub = valuesOf(s, `${host}:sub`);
  if (sub.length === 0) {
    fail(
      "hygiene/oidc-sub",
      `does not pin ${host}:sub: every ${host} token with the audience (any repository, project or user of the platform) can assume the role`,
    );
    return out;
  }
  const exact = new Set(w.subjects.filter((x) => !isWildcard(x)));
  // Stryker disable next-line MethodExpression,ArrayDeclaration: equivalent, the exact subjects it would add are in `exact` too, and a stray entry is no token's subject
  const wild = new Set(w.allowWildcard !== undefined ? w.subjects.filter(isWildcard) : []);
  for (const { op, values } of sub) {
    if (op !== "StringEquals" && op !== "StringLike") {
      fail(
        "hygiene/oidc-sub",
        `tests ${host}:sub with ${op}: only StringEquals (or StringLike for an allowed wildcard) pins it`,
      );
      continue;
    }
    for (const v of values) {
      // `exact` and `wild` split the model's subjects by isWildcard, so one test serves both
      // operators: under StringEquals a `*` is a literal, no wider than the model's wildcard; under
      // StringLike an exact subject matches only itself.
      const ok = exact.has(v) || wild.has(v);
      if (!ok)
        fail(
          "hygiene/oidc-sub",
          `accepts ${host}:sub '${v}' (${op}), which is not ${isWildcard(v) && op === "StringLike" ? "a wildcard the model allows" : "a subject the model gives"} workload ${w.name}`,
        );
    }
  }
  return out;
}
