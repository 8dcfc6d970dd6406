// Raw (validated) YAML → AccessModel: defaults applied, names resolved to ARNs, team
// grants expanded per environment. Runs only when validation found no error.
import { awsManagedPolicy } from "../data/managed-policies.js";
import type { PolicyDocument, Statement } from "../state/policy.js";
import { resolveColor } from "./colors.js";
import { parseDuration } from "./durations.js";
import type { RawAccessModel } from "./schema.js";
import {
  type AccessModel,
  DEFAULT_AUDIENCE,
  DEFAULT_PATH,
  DEFAULT_REGION,
  DEFAULT_SESSION,
  type Grant,
  type Level,
} from "./types.js";
import { issuerFacts } from "./workload-issuers.js";

function managedArn(ref: string): string {
  return ref.startsWith("arn:") ? ref : awsManagedPolicy(ref)!.arn;
}

export function normalise(raw: RawAccessModel): AccessModel {
  const environments = Object.entries(raw.environments).map(([name, e]) => ({
    name,
    accountId: e.account,
    ...(e.color ? { color: resolveColor(e.color)!.hex } : {}),
    ...(e.region ? { region: e.region } : {}),
    ...(e.description ? { description: e.description } : {}),
  }));
  const levels: Level[] = Object.entries(raw.levels).map(([name, l]) => ({
    name,
    ...(l.description ? { description: l.description } : {}),
    managed: (l.managed ?? []).map(managedArn),
    inline: Object.entries(l.inline ?? {}).map(([pname, doc]) => ({
      name: pname,
      document: {
        Version: doc.Version ?? "2012-10-17",
        Statement: (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as Statement[],
      } satisfies PolicyDocument,
    })),
    ...(l.boundary ? { boundary: managedArn(l.boundary) } : {}),
    maxSession: l.maxSession === undefined ? 3600 : parseDuration(l.maxSession)!,
    ...(l.access ? { access: l.access } : {}),
    acknowledge: Object.entries(l.acknowledge ?? {})
      .map(([action, reason]) => ({ action, reason }))
      .sort((a, b) => a.action.localeCompare(b.action)),
  }));
  const levelOrder = new Map(levels.map((l, i) => [l.name, i]));
  const teams = Object.entries(raw.teams).map(([name, t]) => {
    const grants: Grant[] = [];
    for (const env of environments) {
      // An environment listed by name replaces "*" for that environment, so a team can be
      // granted everything everywhere except less in prod.
      const items = t.can[env.name] ?? t.can["*"] ?? [];
      for (const item of items) {
        const g: Grant =
          typeof item === "string"
            ? { env: env.name, level: item }
            : { env: env.name, level: item.level, until: item.until };
        grants.push(g);
      }
    }
    const envOrder = new Map(environments.map((e, i) => [e.name, i]));
    grants.sort(
      (a, b) =>
        envOrder.get(a.env)! - envOrder.get(b.env)! || levelOrder.get(a.level)! - levelOrder.get(b.level)!,
    );
    return { name, ...(t.description ? { description: t.description } : {}), grants };
  });
  const identityEnv = environments.find((e) => e.name === raw.identity.account);
  return {
    organization: raw.organization,
    identity: {
      accountId: identityEnv ? identityEnv.accountId : raw.identity.account,
      ...(identityEnv ? { envName: identityEnv.name } : {}),
      provider: {
        name: raw.identity.provider.name,
        ...(raw.identity.provider.metadata ? { metadataFile: raw.identity.provider.metadata } : {}),
      },
      sessionDuration:
        raw.identity.sessionDuration === undefined
          ? DEFAULT_SESSION
          : parseDuration(raw.identity.sessionDuration)!,
      landing: raw.identity.landing,
      audiences: raw.identity.audiences?.length ? [...raw.identity.audiences] : [DEFAULT_AUDIENCE],
    },
    environments,
    levels,
    teams,
    people: Object.entries(raw.people).map(([email, ts]) => ({ email, teams: [...new Set(ts)] })),
    users: Object.entries(raw.users ?? {}).map(([name, u]) => ({
      name,
      teams: [...new Set(u.teams)],
      reason: u.reason,
      breakGlass: u.breakGlass ?? false,
    })),
    workloads: Object.entries(raw.workloads ?? {}).map(([name, w]) => {
      const facts = issuerFacts(name, w)!;
      return {
        name,
        ...(w.description ? { description: w.description } : {}),
        issuer: { kind: facts.kind, url: facts.url, audience: facts.audience },
        subjects: [...new Set(facts.subjects.map((s) => s.value))],
        from: facts.from,
        // As for teams: an environment listed by name replaces "*" for it.
        grants: environments.flatMap((env) => {
          const level = w.can[env.name] ?? w.can["*"];
          return level === undefined ? [] : [{ env: env.name, level }];
        }),
        ...(w.allowWildcard !== undefined ? { allowWildcard: w.allowWildcard } : {}),
      };
    }),
    options: {
      sourceIdentity: raw.options?.sourceIdentity ?? false,
      path: raw.options?.path ?? DEFAULT_PATH,
      region: raw.options?.region ?? DEFAULT_REGION,
    },
  };
}
