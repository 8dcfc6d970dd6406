import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { type DirectoryPerson, importWorkspaceUsers } from "../import/workspace-users.js";
import { draftModel } from "../init/draft.js";
import { renderDraft } from "../init/render.js";
import { formatDiagnostic, hasErrors } from "../model/diagnostics.js";
import { loadModelText } from "../model/load.js";
import type { OrgState } from "../state/org-state.js";
import { type Command, parse, UsageError } from "./command.js";
import { EXPORT_OPTIONS, importedAccounts, readInput } from "./read-exports.js";
import { InputError, today } from "./read-model.js";
import { printDiagnostics } from "./report.js";

export const runInit: Command = {
  name: "init",
  help: `Usage: sekisho init --from EXPORT... [--credential-report FILE]... [--saml-providers FILE]... [--oidc-providers FILE]... [--map USER=EMAIL]... [--people USERS.csv] -o access.yaml [--force]

Drafts access.yaml from today's accounts, for a human to review: every guess carries a YAML
comment saying why, and REVIEW marks what needs a decision. EXPORT is what \`sekisho audit\`
reads: a \`get-account-authorization-details\` export (one account each; pages of one account
merge), or a folder \`sekisho collect\` wrote. The draft passes \`sekisho validate\` as written.

The guesses:
  environments   one per account. The name comes from environment words (prod, production, stg,
                 staging, dev, test, qa, sandbox, ...) in the account's role, user, group and
                 policy names and env/environment/stage tags; a clear winner names it (prod gets
                 red, stg yellow, dev green, test blue), else account-ID.
  identity       the account with the most IAM users (people sign in there today), then the
                 most people, then dev, then the lowest id.
  people         IAM users given by --map, or whose name is an email, or with an email/mail/e-mail
                 tag; else, with --people, the one active person of the Google Workspace list
                 the user name spells (alice.smith, asmith, alices, smitha, alice: the strongest
                 form wins, a tie matches nobody), each such match commented GUESS. The same
                 email in several accounts is one person.
  teams          people whose users hold the same permission set (inline, attached and group
                 policies, and boundary) in every account form one team, named after the IAM
                 group with exactly those policies, else team-1, team-2, ...
  levels         decided by the policy engine on the policies, not their names: admin-equivalent
                 (it can rewrite its own permissions, or allows every action) is admin
                 (AdministratorAccess); only reads is readonly (ReadOnlyAccess); anything else is
                 developer (PowerUserAccess), marked REVIEW with actions it allows beyond reads.
                 Teams also get the levels below theirs, for everyday work.
  kept users     IAM users without an email are no people; they are listed in comments with their
                 credentials (from --credential-report) and level, for you to keep or drop. A
                 user of the identity account named like break-glass or emergency is kept, with
                 breakGlass: true, in a team with admin everywhere.

Options:
  --from EXPORT              an export or a collect folder; repeatable, or several after one --from
  --credential-report FILE   credential report (CSV, or get-credential-report JSON); repeatable
  --saml-providers FILE      output of \`aws iam list-saml-providers\`: avoids a provider name in use
  --oidc-providers FILE      output of \`aws iam list-open-id-connect-providers\`; repeatable
  --map USER=EMAIL           the IAM user USER (name or ARN) is the person EMAIL; repeatable
  --people FILE              the Google Workspace user list (Admin console: Directory > Users >
                             Download users, CSV) to match users to people by name
  -o, --out FILE             where to write the draft ("-": standard output)
  --force                    replace FILE if it exists (never done without it)

Exit codes: 0 written, 1 a draft that does not validate (a bug), 2 usage or I/O error (FILE
exists without --force), unreadable or malformed exports.
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        from: { type: "string", multiple: true },
        ...EXPORT_OPTIONS,
        out: { type: "string", short: "o" },
        force: { type: "boolean" },
        map: { type: "string", multiple: true },
        people: { type: "string" },
      },
      { min: 0, max: 10_000, names: "EXPORT" },
    );
    if (!values.from?.length) throw new UsageError("missing --from EXPORT");
    const out = values.out;
    if (!out) throw new UsageError("missing -o FILE (or -o - for standard output)");
    if (out !== "-" && !values.force && exists(out))
      throw new InputError(`${out} exists: not replaced (use --force to replace it)`);
    const imported = importedAccounts(
      [...values.from, ...positionals],
      values["credential-report"],
      values["saml-providers"],
      values["oidc-providers"],
    );
    const map = userMap(values.map ?? [], imported.state);
    let directory: DirectoryPerson[] | undefined;
    if (values.people) {
      const read = importWorkspaceUsers(values.people, readInput(values.people).text);
      if (read.diagnostics.length) throw new InputError(read.diagnostics.map(formatDiagnostic).join("\n"));
      directory = read.people;
    }
    const day = today();
    const draft = draftModel({
      state: imported.state,
      now: `${day}T00:00:00Z`,
      fileName: out === "-" ? "access.yaml" : basename(out),
      map,
      ...(directory ? { directory } : {}),
    });
    const text = renderDraft(draft);
    // The draft is meant to validate as written; say so loudly if it does not.
    const check = loadModelText(out === "-" ? "access.yaml" : out, text, { today: day });
    if (out === "-") process.stdout.write(text);
    else writeAtomically(out, text, values.force === true);
    const reviews = text.split("\n").filter((l) => /^\s*#\s+REVIEW:/.test(l)).length;
    process.stderr.write(
      `${out === "-" ? "drafted" : `wrote ${out}`}: ${draft.environments.length} environments, ${draft.teams.length} teams, ${draft.people.length} people, ${draft.users.length} kept users, ${draft.candidates.length} other IAM users listed; ${reviews} REVIEW comments\n`,
    );
    if (hasErrors(check.diagnostics)) {
      printDiagnostics(check.diagnostics);
      process.stderr.write("the draft does not validate: a bug in sekisho init, please report it\n");
      return 1;
    }
    if (out !== "-")
      process.stderr.write(`next: review it, then sekisho validate ${out} && sekisho plan ${out} -o out\n`);
    return 0;
  },
};

/** --map USER=EMAIL, each USER a user name (any case) or ARN of the exports: a typo is an error, not a no-op. */
function userMap(entries: string[], state: OrgState): Map<string, string> {
  const users = state.accounts.flatMap((a) => a.authorizationDetails.UserDetailList);
  const map = new Map<string, string>();
  for (const m of entries) {
    const at = m.indexOf("=");
    if (at <= 0 || at === m.length - 1) throw new UsageError(`--map takes USER=EMAIL, not '${m}'`);
    const user = m.slice(0, at);
    if (!users.some((u) => u.Arn === user || u.UserName.toLowerCase() === user.toLowerCase()))
      throw new InputError(`--map ${m}: no IAM user named ${user} (or with that ARN) in the exports`);
    map.set(user, m.slice(at + 1));
  }
  return map;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A temporary file in the same folder, then renamed into place (--force) or hard-linked, which
 * fails if the file appeared meanwhile: a reader sees the old file or the whole new one, and
 * without --force nothing is ever replaced.
 */
function writeAtomically(path: string, text: string, force: boolean): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, "wx", 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (force) renameSync(tmp, path);
    else {
      try {
        linkSync(tmp, path);
      } catch (e) {
        // Filesystems without hard links: check, then rename (a narrow race, still no half file).
        if (!["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"].includes((e as NodeJS.ErrnoException).code ?? ""))
          throw e;
        if (exists(path)) throw Object.assign(new Error("exists"), { code: "EEXIST" });
        renameSync(tmp, path);
        return;
      }
      unlinkSync(tmp);
    }
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST" && !force)
      throw new InputError(`${path} exists: not replaced (use --force to replace it)`);
    throw new InputError(`${path}: cannot write (${code ?? String(e)})`);
  }
}
