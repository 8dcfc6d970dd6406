// Draft → access.yaml text, laid out like examples/access.yaml, with each guess's comment next
// to what it explains. Same draft, same bytes.
import type { Draft, DraftGrant } from "./draft.js";
import { comments, flowList, quoted, scalar, withComment } from "./yaml-text.js";

const LEVELS_NOTE = [
  "Levels are AWS managed policies, maintained by AWS and known to prove. The teams below say",
  "which of today's policies each level replaces.",
];

const ACKNOWLEDGE_NOTE = [
  "AWS's ReadOnlyAccess allows these, although the service reference classes them as",
  "more than reads. prove fails on any such action not acknowledged here by name.",
];

const TEAMS_NOTE = [
  "One team per distinct permission set of today's IAM users, account by account. It gets the",
  "level those policies amount to in each environment (decided by Sekisho's policy engine, not",
  "by names) and the levels below it, so that everyday work needs no admin.",
];

const CANDIDATES_NOTE = [
  "IAM users without a usable email, so not people. To keep one on purpose, add it under users",
  "(NAME: { teams: [TEAM], reason: WHY }, in the identity account); a migration plan removes",
  "the IAM users the model does not keep.",
];

function grantLines(g: DraftGrant): string[] {
  return [...comments("      ", g.comment), `      ${scalar(g.env, "block")}: ${flowList(g.levels)}`];
}

export function renderDraft(d: Draft): string {
  const out: string[] = [];
  const blank = () => out.push("");
  out.push(...comments("", d.header));
  out.push(withComment(`organization: ${scalar(d.organization.name, "block")}`, d.organization.comment));
  blank();

  out.push("identity:");
  out.push(...comments("  ", d.identity.comment));
  out.push(`  account: ${scalar(d.identity.env, "block")}`);
  out.push("  provider:");
  out.push(withComment(`    name: ${scalar(d.identity.provider, "block")}`, d.identity.providerComment));
  out.push("  sessionDuration: 8h");
  out.push(withComment("  landing: readonly", "everyone lands read-only, then switches role"));
  blank();

  out.push("environments:");
  for (const e of d.environments) {
    out.push(...comments("  ", e.comment));
    const fields = [`account: ${quoted(e.account)}`, ...(e.color ? [`color: ${e.color}`] : [])];
    out.push(`  ${scalar(e.name, "block")}: { ${fields.join(", ")} }`);
  }
  blank();

  out.push("levels:");
  out.push(...comments("  ", LEVELS_NOTE));
  // Unused levels as comments, first: a comment closing an indented block would end up
  // attached to the next section when a YAML formatter runs over the file.
  for (const l of d.unusedLevels)
    out.push(`  # ${l.name}: { managed: [${l.managed}] } # no team needs it yet`);
  for (const l of d.levels) {
    out.push(`  ${l.name}:`);
    out.push(`    description: ${scalar(l.description, "block")}`);
    out.push(withComment(`    managed: ${flowList([l.managed])}`, l.because));
    if (l.acknowledge.length) {
      out.push(...comments("    ", ACKNOWLEDGE_NOTE));
      out.push("    acknowledge:");
      for (const [action, reason] of l.acknowledge)
        out.push(`      ${scalar(action, "block")}: ${scalar(reason, "block")}`);
    }
  }
  blank();

  if (d.teams.length) out.push("teams:", ...comments("  ", TEAMS_NOTE));
  else
    out.push(
      ...comments("", ["No IAM user is a person: add teams as NAME: { can: { ENV: [LEVEL] } }."]),
      "teams: {}",
    );
  for (const t of d.teams) {
    out.push(...comments("  ", t.comment));
    out.push(`  ${scalar(t.name, "block")}:`);
    out.push("    can:");
    for (const g of t.grants) out.push(...grantLines(g));
  }
  blank();

  if (d.people.length) out.push("people:");
  else
    out.push(
      ...comments("", [
        "No IAM user has an email as its name or in an email tag: add people as EMAIL: [TEAM].",
      ]),
      "people: {}",
    );
  for (const p of d.people)
    out.push(withComment(`  ${scalar(p.email, "block")}: ${flowList(p.teams)}`, p.comment));

  if (d.users.length) {
    blank();
    out.push("users:");
    for (const u of d.users) {
      out.push(...comments("  ", u.comment));
      out.push(`  ${scalar(u.name, "block")}:`);
      out.push(`    teams: ${flowList(u.teams)}`);
      out.push(`    reason: ${scalar(u.reason, "block")}`);
      if (u.breakGlass) out.push("    breakGlass: true");
    }
  }
  if (d.candidates.length) {
    blank();
    out.push(...comments("", CANDIDATES_NOTE));
    out.push(
      ...comments(
        "",
        d.candidates.map((c) => `- ${c}`),
      ),
    );
  }
  blank();

  out.push("options:");
  out.push(
    withComment(
      "  sourceIdentity: true",
      "every session carries the person's email through each switch: CloudTrail names a person",
    ),
  );
  out.push(
    "  # region: eu-west-1 # default region for profiles and StackSets; IAM exports do not say which you use",
  );
  return `${out.join("\n")}\n`;
}
