// summary.md: what the plan grants, for the person who reviews it. The matrix here is read off
// the model; `prove` (next stage) replaces it with the one evaluated on the compiled policies.
import { formatDuration } from "../model/durations.js";
import type { AccessModel, Grant } from "../model/types.js";
import type { Proof } from "../prove/types.js";
import type { OrgState } from "../state/org-state.js";
import { table } from "./markdown.js";
import { provenMatrix } from "./proof.js";
import { EXPIRING_HEADER, expiringRows, revokeNote } from "./session-lifetime.js";
import { workloadTable } from "./workloads.js";

export function grantsOf(model: AccessModel, teams: string[]): Grant[] {
  return model.teams.filter((t) => teams.includes(t.name)).flatMap((t) => t.grants);
}

/** "admin, developer (until 2027-01-31)": levels in declaration order, latest expiry wins. */
export function levelsCell(model: AccessModel, grants: Grant[], env: string): string {
  const parts: string[] = [];
  for (const level of model.levels) {
    const gs = grants.filter((g) => g.env === env && g.level === level.name);
    if (gs.length === 0) continue;
    const forever = gs.some((g) => !g.until);
    const until = forever
      ? undefined
      : gs
          .map((g) => g.until!)
          .sort()
          .at(-1);
    parts.push(until ? `${level.name} (until ${until})` : level.name);
  }
  return parts.join(", ") || "—";
}

export function summary(model: AccessModel, state: OrgState, notes: string[], proof?: Proof): string {
  const lines: string[] = [];
  const envs = model.environments;
  lines.push(`# ${model.organization}: access plan`, "");
  lines.push(
    `People sign in through the SAML provider \`${model.identity.provider.name}\` and land in account`,
    `${model.identity.accountId}${model.identity.envName ? ` (${model.identity.envName})` : ""} with level \`${model.identity.landing}\``,
    `for up to ${formatDuration(model.identity.sessionDuration)}; switching into an environment is role chaining, capped at 1 hour a session.`,
    model.options.sourceIdentity
      ? "Every session carries the person's email as SourceIdentity, so CloudTrail names a person for every action."
      : "Source identity is off: CloudTrail shows the role session name only.",
    "",
  );
  if (proof) {
    lines.push(
      `## Proven access matrix (${proof.passed ? "proof passed" : "PROOF FAILED"})`,
      "",
      `Evaluated by \`prove\` on the compiled policies at ${proof.evaluatedAt}: SAML sign-in into the landing role, then the switch.`,
      "",
      provenMatrix(model, proof),
    );
    lines.push(
      "## Checks",
      "",
      table(
        ["check", "result", "summary"],
        proof.checks.map((c) => [c.title, c.passed ? "pass" : "FAIL", c.summary]),
      ),
    );
    const notes = proof.checks.flatMap((c) => c.notes).filter((n) => n.rule !== "levels/access");
    if (notes.length)
      lines.push("## Exposure and acknowledgements", "", ...notes.map((n) => `- ${n.message}`), "");
    const failures = proof.checks.flatMap((c) => c.failures);
    if (failures.length)
      lines.push("## Failures", "", ...failures.map((f) => `- [${f.rule}] ${f.message}`), "");
  } else {
    lines.push("## Access matrix (from the model)", "");
    const rows = model.people.map((p) => {
      const grants = grantsOf(model, p.teams);
      return [p.email, p.teams.join(", "), ...envs.map((e) => levelsCell(model, grants, e.name))];
    });
    lines.push(table(["person", "teams", ...envs.map((e) => e.name)], rows));
  }
  if (model.users.length) {
    lines.push("## Kept IAM users (MFA required for every switch)", "");
    lines.push(
      table(
        ["user", "teams", "reason", ...envs.map((e) => e.name)],
        model.users.map((u) => [
          u.breakGlass ? `${u.name} (break-glass)` : u.name,
          u.teams.join(", "),
          u.reason,
          ...envs.map((e) => levelsCell(model, grantsOf(model, u.teams), e.name)),
        ]),
      ),
    );
  }
  if (model.workloads.length) {
    lines.push(
      "## Workloads (OIDC tokens, no keys, straight to their role)",
      "",
      workloadTable(model),
      "Each workload's role ARNs and pipeline snippet: `workloads/NAME.md`.",
      "",
    );
  }
  const expiring = expiringRows(model);
  if (expiring.length) {
    lines.push(
      "## Expiring grants",
      "",
      table(EXPIRING_HEADER, expiring),
      revokeNote(model.options.path),
      "",
    );
  }
  lines.push("## Accounts", "");
  lines.push(
    table(
      ["account", "name", "roles", "groups", ...(model.workloads.length ? ["OIDC providers"] : [])],
      state.accounts.map((a) => [
        a.accountId,
        a.name ?? "",
        a.authorizationDetails.RoleDetailList.map((r) => r.RoleName).join(", "),
        a.authorizationDetails.GroupDetailList.map((g) => g.GroupName).join(", ") || "—",
        ...(model.workloads.length
          ? [(a.openIdConnectProviders ?? []).map((p) => p.Url.replace(/^https:\/\//, "")).join(", ") || "—"]
          : []),
      ]),
    ),
  );
  if (notes.length) {
    lines.push("## Warnings", "", ...notes.map((n) => `- ${n}`), "");
  }
  lines.push("Deployment order and commands: `deploy.md`.", "");
  return lines.join("\n");
}
