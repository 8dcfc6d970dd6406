// Semantic validation: references between sections, account ids, emails, IAM names and
// limits, dates. Runs even when the structure has errors, skipping whatever is malformed
// (structure.ts reports that), so one run reports every problem.
import { awsManagedPolicy, awsManagedPolicyNames } from "../data/managed-policies.js";
import { CONSOLE_COLORS, resolveColor } from "./colors.js";
import type { Diagnostic, Severity } from "./diagnostics.js";
import { parseDuration } from "./durations.js";
import { equalNames } from "./equal-names.js";
import {
  GROUP_NAME_MAX,
  MANAGED_PER_ROLE,
  MANAGED_PER_ROLE_RAISED,
  NAME_CHARS,
  NAME_CHARS_TEXT,
  POLICY_NAME_MAX,
  ROLE_NAME_MAX,
  SAML_PROVIDER_NAME,
  SESSION_NAME,
  SWITCH_ROLE_MAX,
  USER_NAME_MAX,
} from "./iam-limits.js";
import { ARN_SPECIAL, PATH_EXPECTED, pathProblem } from "./iam-path.js";
import { envRoleName, landingRoleName, userGroupName, workloadRoleName } from "./naming.js";
import type { Path, Source } from "./source.js";
import { didYouMean } from "./suggest.js";
import { DEFAULT_PATH } from "./types.js";
import { bareUuid, ISSUER_KINDS, issuerFacts, issuerKeys, isWildcard } from "./workload-issuers.js";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const entries = (v: unknown): [string, unknown][] => (isObj(v) ? Object.entries(v) : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const ACCOUNT_ID = /^\d{12}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;
const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const ORG_NAME = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
const AUDIENCE = /^https:\/\/([a-z0-9-]+\.)?signin\.aws\.amazon\.com\/(saml|static\/saml)$/;
const POLICY_ARN = /^arn:aws(-[a-z]+)*:iam::(aws|\d{12}):policy\/([\x21-\x7e]+\/)*[\w+=,.@-]+$/;

export interface SemanticOptions {
  /** Today, YYYY-MM-DD (UTC): expired grants are warnings. The CLI passes the clock in. */
  today: string;
}

class Checker {
  readonly out: Diagnostic[] = [];
  constructor(readonly source: Source) {}
  add(
    severity: Severity,
    path: Path,
    code: string,
    message: string,
    extra: { expected?: string; didYouMean?: string; key?: boolean } = {},
  ): void {
    const pos = extra.key ? this.source.locateKey(path) : this.source.locate(path);
    this.out.push({
      severity,
      code,
      file: this.source.file,
      ...pos,
      message,
      ...(extra.expected ? { expected: extra.expected } : {}),
      ...(extra.didYouMean ? { didYouMean: extra.didYouMean } : {}),
    });
  }
  error(
    path: Path,
    code: string,
    message: string,
    extra?: { expected?: string; didYouMean?: string; key?: boolean },
  ) {
    this.add("error", path, code, message, extra);
  }
  warn(
    path: Path,
    code: string,
    message: string,
    extra?: { expected?: string; didYouMean?: string; key?: boolean },
  ) {
    this.add("warning", path, code, message, extra);
  }
  unknown(
    path: Path,
    what: string,
    name: string,
    known: string[],
    code: string,
    context: string,
    key = false,
  ): void {
    const suggestion = didYouMean(name, known);
    this.error(path, code, `${context} refers to unknown ${what} '${name}'`, {
      expected: known.length ? `one of: ${known.join(", ")}` : `a ${what} defined in the model`,
      ...(suggestion ? { didYouMean: suggestion } : {}),
      key,
    });
  }
  iamName(path: Path, generated: string, kind: string, max: number, from: string): void {
    if (!NAME_CHARS.test(generated)) {
      this.error(path, "iam-name", `${from} becomes ${kind} name '${generated}', which IAM rejects`, {
        expected: `only ${NAME_CHARS_TEXT}`,
        key: true,
      });
    } else if (generated.length > max) {
      this.error(
        path,
        "iam-name",
        `${from} becomes ${kind} name '${generated}' (${generated.length} characters)`,
        {
          expected: `at most ${max} characters`,
          key: true,
        },
      );
    }
  }
}

export function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

export function checkSemantics(source: Source, options: SemanticOptions): Diagnostic[] {
  const c = new Checker(source);
  const root = isObj(source.value) ? source.value : {};
  const envs = entries(root.environments);
  const envNames = envs.map(([n]) => n);
  const levelNames = entries(root.levels).map(([n]) => n);
  const teamNames = entries(root.teams).map(([n]) => n);
  const options_ = isObj(root.options) ? root.options : {};
  const path = str(options_.path) ?? DEFAULT_PATH;

  const org = str(root.organization);
  if (org !== undefined && !ORG_NAME.test(org)) {
    c.error(["organization"], "invalid-name", `organization '${org}' cannot name CloudFormation stacks`, {
      expected: "a letter, then letters, digits or - (at most 64)",
    });
  }

  // options first: the path feeds the role-name limits below.
  const pathError = str(options_.path) === undefined ? undefined : pathProblem(path);
  if (pathError) c.error(["options", "path"], "iam-path", pathError, { expected: PATH_EXPECTED });
  const region = str(options_.region);
  if (region !== undefined && !REGION.test(region)) {
    c.error(["options", "region"], "region", `'${region}' is not an AWS region name`, {
      expected: "e.g. eu-west-1",
    });
  }

  // identity
  const identity = isObj(root.identity) ? root.identity : undefined;
  if (identity) {
    const account = str(identity.account);
    if (account !== undefined && !ACCOUNT_ID.test(account) && !envNames.includes(account)) {
      c.unknown(
        ["identity", "account"],
        "environment",
        account,
        envNames,
        "unknown-environment",
        "identity.account",
      );
    }
    const provider = isObj(identity.provider) ? identity.provider : {};
    const pname = str(provider.name);
    if (pname !== undefined && !SAML_PROVIDER_NAME.test(pname)) {
      c.error(["identity", "provider", "name"], "iam-name", `SAML provider name '${pname}' is invalid`, {
        expected: "1-128 of letters, digits, . _ -",
      });
    }
    const session = identity.sessionDuration;
    if (typeof session === "string" || typeof session === "number") {
      const s = parseDuration(session);
      if (s !== undefined && (s < 900 || s > 43200)) {
        c.error(["identity", "sessionDuration"], "duration", `session duration ${s}s is out of range`, {
          expected: "between 15m and 12h (SAML SessionDuration is 900-43200 seconds)",
        });
      }
    }
    const landing = str(identity.landing);
    if (landing !== undefined && !levelNames.includes(landing)) {
      c.unknown(
        ["identity", "landing"],
        "level",
        landing,
        levelNames,
        "missing-landing-level",
        "identity.landing",
      );
    } else if (landing !== undefined) {
      const level = (root.levels as Obj)[landing];
      // Only a declared access is known here; prove holds the landing sessions to read-only whatever
      // the level says, and infers an undeclared access from the policies, never from the name.
      const access = isObj(level) ? str(level.access) : undefined;
      if (access !== undefined && access !== "read") {
        c.error(
          ["identity", "landing"],
          "landing-access",
          `landing level '${landing}' has access '${access}'; everyone lands read-only`,
          {
            expected: "a level with access: read",
          },
        );
      }
    }
    for (const [i, aud] of list(identity.audiences).entries()) {
      if (typeof aud === "string" && !AUDIENCE.test(aud)) {
        c.error(
          ["identity", "audiences", i],
          "saml-audience",
          `'${aud}' is not an AWS SAML sign-in endpoint`,
          {
            expected: "https://signin.aws.amazon.com/saml or https://REGION.signin.aws.amazon.com/saml",
          },
        );
      }
    }
  }

  // environments
  const seenAccounts = new Map<string, string>();
  for (const [name, env] of envs) {
    if (!ENV_NAME.test(name)) {
      c.error(
        ["environments", name],
        "invalid-name",
        `environment name '${name}' is not usable in profile names`,
        {
          expected: "a letter or digit, then letters, digits, _ . - (at most 32)",
          key: true,
        },
      );
    }
    if (!isObj(env)) continue;
    const account = str(env.account);
    if (account !== undefined) {
      if (!ACCOUNT_ID.test(account)) {
        c.error(["environments", name, "account"], "account-id", `account id '${account}' is not 12 digits`, {
          expected: "exactly 12 digits, quoted",
        });
      } else if (seenAccounts.has(account)) {
        c.error(
          ["environments", name, "account"],
          "duplicate-account",
          `account ${account} is already the account of environment '${seenAccounts.get(account)}'`,
          { expected: "one environment per account" },
        );
      } else seenAccounts.set(account, name);
    }
    const color = str(env.color);
    if (color !== undefined) {
      const resolved = resolveColor(color);
      if (!resolved) {
        c.error(["environments", name, "color"], "color", `'${color}' is not a colour`, {
          expected: `one of ${Object.keys(CONSOLE_COLORS).join(", ")}, or 6 hex digits without #`,
        });
      } else if (!resolved.accepted) {
        c.warn(["environments", name, "color"], "color", `the AWS console may ignore colour '${color}'`, {
          expected: `one of the values it accepts: ${Object.entries(CONSOLE_COLORS)
            .map(([k, v]) => `${k} (${v})`)
            .join(", ")}`,
        });
      }
    }
    const r = str(env.region);
    if (r !== undefined && !REGION.test(r)) {
      c.error(["environments", name, "region"], "region", `'${r}' is not an AWS region name`, {
        expected: "e.g. eu-west-1",
      });
    }
  }

  // levels
  const managedNames = () => awsManagedPolicyNames();
  const checkManagedRef = (p: Path, ref: string, what: string) => {
    if (ref.startsWith("arn:")) {
      if (!POLICY_ARN.test(ref) || ARN_SPECIAL.test(ref))
        c.error(p, "managed-policy", `'${ref}' is not a managed policy ARN`, {
          expected:
            "arn:aws:iam::ACCOUNT|aws:policy/PATH/NAME, without * ? $ (a wildcard or variable names no policy)",
        });
      return;
    }
    if (!awsManagedPolicy(ref)) {
      const suggestion = didYouMean(ref, managedNames());
      c.error(p, "managed-policy", `${what} '${ref}' is not an AWS managed policy`, {
        expected: "an AWS managed policy name (e.g. ReadOnlyAccess) or a policy ARN",
        ...(suggestion ? { didYouMean: suggestion } : {}),
      });
    }
  };
  for (const [name, level] of entries(root.levels)) {
    c.iamName(["levels", name], envRoleName(name), "role", ROLE_NAME_MAX, `level '${name}'`);
    if (name.toLowerCase().startsWith("workload-")) {
      c.error(
        ["levels", name],
        "invalid-name",
        `level '${name}' would clash with the workload roles (workload-NAME)`,
        {
          expected: "a level name not starting with workload-",
          key: true,
        },
      );
    }
    if (name.toLowerCase().startsWith("landing-")) {
      c.error(
        ["levels", name],
        "invalid-name",
        `level '${name}' would clash with the landing roles (landing-TEAM)`,
        {
          expected: "a level name not starting with landing-",
          key: true,
        },
      );
    }
    const switchName = `${path}${envRoleName(name)}`;
    if (NAME_CHARS.test(name) && switchName.length > SWITCH_ROLE_MAX) {
      c.error(
        ["levels", name],
        "switch-role-length",
        `role path+name '${switchName}' is ${switchName.length} characters: console switch role fails above 64`,
        {
          expected: "a shorter level name or options.path",
          key: true,
        },
      );
    }
    if (!isObj(level)) continue;
    const managed = list(level.managed);
    managed.forEach((ref, i) => {
      if (typeof ref === "string") checkManagedRef(["levels", name, "managed", i], ref, "managed policy");
    });
    if (managed.length > MANAGED_PER_ROLE_RAISED) {
      c.error(
        ["levels", name, "managed"],
        "managed-count",
        `${managed.length} managed policies on one role`,
        {
          expected: `at most ${MANAGED_PER_ROLE_RAISED} (IAM's raised quota)`,
        },
      );
    } else if (managed.length > MANAGED_PER_ROLE) {
      c.warn(
        ["levels", name, "managed"],
        "managed-count",
        `${managed.length} managed policies on one role needs a raised IAM quota`,
        {
          expected: `at most ${MANAGED_PER_ROLE} by default`,
        },
      );
    }
    const boundary = str(level.boundary);
    if (boundary !== undefined) checkManagedRef(["levels", name, "boundary"], boundary, "boundary");
    for (const [pname, doc] of entries(level.inline)) {
      if (!NAME_CHARS.test(pname) || pname.length > POLICY_NAME_MAX) {
        c.error(["levels", name, "inline", pname], "iam-name", `inline policy name '${pname}' is invalid`, {
          expected: `1-${POLICY_NAME_MAX} of ${NAME_CHARS_TEXT}`,
          key: true,
        });
      }
      if (!isObj(doc)) continue;
      const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
      statements.forEach((st, i) => {
        if (!isObj(st)) return;
        const p: Path = [
          "levels",
          name,
          "inline",
          pname,
          "Statement",
          ...(Array.isArray(doc.Statement) ? [i] : []),
        ];
        if ((st.Action === undefined) === (st.NotAction === undefined)) {
          c.error(p, "policy-statement", "a statement needs exactly one of Action or NotAction", {
            expected: "Action or NotAction",
          });
        }
        if ((st.Resource === undefined) === (st.NotResource === undefined)) {
          c.error(p, "policy-statement", "a statement needs exactly one of Resource or NotResource", {
            expected: "Resource or NotResource",
          });
        }
      });
    }
    for (const [action, reason] of entries(level.acknowledge)) {
      if (!/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action)) {
        c.error(["levels", name, "acknowledge", action], "acknowledge", `'${action}' is not an action name`, {
          expected: "service:Action, e.g. iot:GetConnection (no wildcards)",
          key: true,
        });
      }
      if (typeof reason === "string" && reason.trim() === "") {
        c.error(
          ["levels", name, "acknowledge", action],
          "acknowledge",
          `acknowledgement of ${action} has no reason`,
          {
            expected: "why allowing it is acceptable",
          },
        );
      }
    }
    const ms = level.maxSession;
    if (typeof ms === "string" || typeof ms === "number") {
      const s = parseDuration(ms);
      if (s !== undefined && (s < 3600 || s > 43200)) {
        c.error(["levels", name, "maxSession"], "duration", `maxSession ${s}s is out of range`, {
          expected: "between 1h and 12h (IAM MaxSessionDuration is 3600-43200 seconds)",
        });
      } else if (s !== undefined && s > 3600) {
        c.warn(
          ["levels", name, "maxSession"],
          "chained-session",
          `maxSession ${s}s: switching from a landing session is role chaining, capped at 1h`,
          {
            expected: "1h; longer only helps IAM users assuming the role directly",
          },
        );
      }
    }
  }

  for (const e of equalNames(source))
    c.error(e.path, "equal-names", e.message, { expected: e.expected, key: true });

  // teams
  const grantedLevels = new Set<string>();
  for (const [team, body] of entries(root.teams)) {
    c.iamName(["teams", team], landingRoleName(team), "role", ROLE_NAME_MAX, `team '${team}'`);
    if (NAME_CHARS.test(team))
      c.iamName(["teams", team], userGroupName(team), "group", GROUP_NAME_MAX, `team '${team}'`);
    if (!isObj(body)) continue;
    const can = entries(body.can);
    let grants = 0;
    for (const [env, levels] of can) {
      if (env !== "*" && !envNames.includes(env)) {
        c.unknown(
          ["teams", team, "can", env],
          "environment",
          env,
          envNames,
          "unknown-environment",
          `team '${team}'`,
          true,
        );
      }
      const seen = new Set<string>();
      list(levels).forEach((g, i) => {
        const p: Path = ["teams", team, "can", env, i];
        const level = typeof g === "string" ? g : isObj(g) ? str(g.level) : undefined;
        if (level === undefined) return;
        grants++;
        grantedLevels.add(level);
        if (!levelNames.includes(level)) {
          c.unknown(
            typeof g === "string" ? p : [...p, "level"],
            "level",
            level,
            levelNames,
            "unknown-level",
            `team '${team}' in '${env}'`,
          );
        }
        if (seen.has(level))
          c.error(p, "duplicate-grant", `level '${level}' is granted twice in '${env}'`, {
            expected: "each level once per environment",
          });
        seen.add(level);
        const until = isObj(g) ? str(g.until) : undefined;
        if (until !== undefined) {
          if (!validDate(until)) {
            c.error([...p, "until"], "date", `'${until}' is not a date`, { expected: "YYYY-MM-DD" });
          } else if (until < options.today) {
            c.warn(
              [...p, "until"],
              "expired-grant",
              `grant of '${level}' in '${env}' to team '${team}' expired on ${until}`,
              {
                expected: "a date from today on, or remove the grant",
              },
            );
          }
        }
      });
    }
    if (grants === 0) {
      c.error(["teams", team], "empty-team", `team '${team}' grants nothing`, {
        expected: "at least one environment and level under can",
        key: true,
      });
    }
  }
  for (const w of Object.values(isObj(root.workloads) ? root.workloads : {}))
    for (const [, level] of entries(isObj(w) ? w.can : undefined))
      if (typeof level === "string") grantedLevels.add(level);
  for (const level of levelNames) {
    if (!grantedLevels.has(level) && identity && str(identity.landing) !== level) {
      c.warn(["levels", level], "unused-level", `level '${level}' is granted to no team or workload`, {
        key: true,
      });
    }
  }

  // people
  const members = new Set<string>();
  const seenEmails = new Map<string, string>();
  for (const [email, teams] of entries(root.people)) {
    const p: Path = ["people", email];
    if (!EMAIL.test(email)) {
      c.error(p, "email", `'${email}' is not an email address`, { expected: "name@domain.tld", key: true });
    } else if (!SESSION_NAME.test(email)) {
      c.error(p, "email", `'${email}' cannot be a role session name`, {
        expected: "2-64 characters of letters, digits and + = , . @ _ - (AWS RoleSessionName rules)",
        key: true,
      });
    }
    const lower = email.toLowerCase();
    if (seenEmails.has(lower)) {
      c.error(
        p,
        "duplicate-person",
        `'${email}' is the same address as '${seenEmails.get(lower)}' (emails ignore case)`,
        { key: true },
      );
    } else seenEmails.set(lower, email);
    checkTeamRefs(c, p, teams, teamNames, `person '${email}'`, members);
  }

  // kept IAM users
  for (const [name, user] of entries(root.users)) {
    c.iamName(["users", name], name, "user", USER_NAME_MAX, `user '${name}'`);
    if (!isObj(user)) continue;
    checkTeamRefs(c, ["users", name, "teams"], user.teams, teamNames, `user '${name}'`, members);
    const reason = str(user.reason);
    if (reason !== undefined && reason.trim() === "") {
      c.error(["users", name, "reason"], "user-reason", `user '${name}' has an empty reason`, {
        expected: "why this IAM user is kept",
      });
    }
  }
  checkWorkloads(c, root, envNames, levelNames);

  for (const team of teamNames) {
    if (!members.has(team))
      c.warn(["teams", team], "empty-team", `team '${team}' has no people and no users`, { key: true });
  }
  return c.out;
}

const GITHUB_REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.*?-]+$/;
const GITLAB_PROJECT = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.*?-]+)+$/;
/** Characters no subject part may hold: a policy variable (${...}) or a claim separator inside a name. */
const SUBJECT_PART = /^[^\s$:]+$/;
const ISSUER_URL = /^https:\/\/[a-z0-9.-]+(\/[\w.~%-]+)*\/?$/i;

/**
 * workloads: exactly one issuer, grants that name environments and levels, subjects without
 * variables or separators, and no wildcard unless allowWildcard gives the reason: a sub of
 * `repo:example/*` lets every repository of the organisation assume the role.
 */
function checkWorkloads(c: Checker, root: Obj, envNames: string[], levelNames: string[]): void {
  for (const [name, w] of entries(root.workloads)) {
    const p: Path = ["workloads", name];
    c.iamName(p, workloadRoleName(name), "role", ROLE_NAME_MAX, `workload '${name}'`);
    if (!isObj(w)) continue;
    const kinds = issuerKeys(w);
    if (kinds.length !== 1) {
      c.error(
        p,
        "workload-issuer",
        kinds.length
          ? `workload '${name}' names ${kinds.length} issuers (${kinds.join(", ")})`
          : `workload '${name}' names no issuer`,
        { expected: `exactly one of: ${ISSUER_KINDS.join(", ")}`, key: true },
      );
    }
    const kind = kinds[0];
    const body = kind ? w[kind] : undefined;
    if (kind && isObj(body)) {
      const part = (key: string, value: unknown, pattern: RegExp, expected: string) => {
        const v = str(value);
        if (v !== undefined && !pattern.test(v))
          c.error(
            [...p, kind, key],
            "workload-subject",
            `${kind}.${key} '${v}' is not usable in a token subject`,
            {
              expected,
            },
          );
      };
      const partsOf = (key: string) =>
        list(body[key]).forEach((v, i) => {
          if (typeof v === "string" && !SUBJECT_PART.test(v))
            c.error(
              [...p, kind, key, i],
              "workload-subject",
              `${kind}.${key} '${v}' is not usable in a token subject`,
              {
                expected: "a name without spaces, $ or :",
              },
            );
        });
      const refKeys = ["branches", "tags", "environments"];
      if (kind === "github" || kind === "gitlab") {
        if (kind === "github") part("repo", body.repo, GITHUB_REPO, "OWNER/REPOSITORY");
        else part("project", body.project, GITLAB_PROJECT, "GROUP/PROJECT (subgroups allowed)");
        for (const key of refKeys) partsOf(key);
        const any = refKeys.some((k) => list(body[k]).length > 0) || body.pull_request === true;
        if (!any)
          c.error(
            [...p, kind],
            "workload-subject",
            `workload '${name}' names no ${kind === "github" ? "branch, tag, environment or pull_request" : "branch, tag or environment"}`,
            {
              expected:
                "the refs whose runs may assume its roles: any run of the repository would be a wildcard",
              key: true,
            },
          );
      }
      if (kind === "terraform")
        for (const key of ["organization", "project", "workspace"])
          part(key, body[key], /^[^$:*?]+$/, "a name without $, :, * or ?");
      if (kind === "circleci") {
        for (const key of ["organization", "project"])
          part(key, body[key], /^\{?[0-9a-fA-F-]{36}\}?$/, "a UUID");
        list(body.users).forEach((u, i) => {
          if (typeof u === "string" && !bareUuid(u))
            c.error([...p, kind, "users", i], "workload-subject", `circleci user '${u}' is not a UUID`, {
              expected: "a CircleCI user id (a UUID)",
            });
        });
      }
      if (kind === "bitbucket") {
        part("workspace", body.workspace, /^[A-Za-z0-9_.-]+$/, "the workspace slug");
        for (const key of ["workspaceUuid", "repositoryUuid"])
          part(key, body[key], /^\{?[0-9a-fA-F-]{36}\}?$/, "a UUID");
      }
      if (kind === "oidc") {
        const url = str(body.url);
        if (url !== undefined && !ISSUER_URL.test(url))
          c.error([...p, kind, "url"], "workload-issuer", `'${url}' is not an OIDC issuer URL`, {
            expected: "https://HOST/PATH, without query or fragment",
          });
        const aud = str(body.audience);
        if (aud !== undefined && (aud.trim() === "" || aud.includes("$")))
          c.error([...p, kind, "audience"], "workload-subject", `audience '${aud}' cannot be pinned`, {
            expected: "the exact aud claim, without $",
          });
        if (Array.isArray(body.subject) && body.subject.length === 0)
          c.error([...p, kind, "subject"], "workload-subject", `workload '${name}' lists no subject`, {
            expected: "the exact sub claims that may assume its roles",
          });
        list(body.subject).forEach((v, i) => {
          if (typeof v === "string" && (v.trim() === "" || v.includes("$")))
            c.error([...p, kind, "subject", i], "workload-subject", `subject '${v}' cannot be pinned`, {
              expected: "an exact sub claim, without $ (a policy variable)",
            });
        });
      }
    }
    const reason = str(w.allowWildcard);
    if (reason !== undefined && reason.trim() === "")
      c.error(
        [...p, "allowWildcard"],
        "workload-wildcard",
        `workload '${name}' allows a wildcard without a reason`,
        {
          expected: "why every token matching the wildcard may assume its roles",
        },
      );
    const wild = (issuerFacts(name, w)?.subjects ?? []).filter((s) => isWildcard(s.value));
    // A wildcard in the repository or project widens every subject: point at it, once.
    const repoKey = kind === "github" ? "repo" : kind === "gitlab" ? "project" : undefined;
    const wideRepo = kind && repoKey && isObj(body) && isWildcard(str(body[repoKey]) ?? "");
    const shown = wideRepo
      ? wild.slice(0, 1).map((s) => ({ ...s, path: [...p, kind, repoKey] as Path }))
      : wild;
    if (reason === undefined)
      for (const s of shown)
        c.error(
          s.path,
          "workload-wildcard",
          `workload '${name}': subject '${s.value}' has a wildcard, so every token it matches (other repositories, branches or users) can assume its roles`,
          { expected: "exact names, or allowWildcard: REASON on the workload" },
        );
    else if (wild.length === 0)
      c.warn(
        [...p, "allowWildcard"],
        "workload-wildcard",
        `workload '${name}' allows a wildcard but has none`,
        {
          expected: "no allowWildcard",
        },
      );
    let grants = 0;
    for (const [env, level] of entries(w.can)) {
      if (env !== "*" && !envNames.includes(env))
        c.unknown(
          [...p, "can", env],
          "environment",
          env,
          envNames,
          "unknown-environment",
          `workload '${name}'`,
          true,
        );
      if (typeof level !== "string") continue;
      grants++;
      if (!levelNames.includes(level))
        c.unknown(
          [...p, "can", env],
          "level",
          level,
          levelNames,
          "unknown-level",
          `workload '${name}' in '${env}'`,
        );
    }
    if (isObj(w.can) && grants === 0)
      c.error([...p, "can"], "empty-workload", `workload '${name}' reaches no environment`, {
        expected: "at least one environment: level under can",
      });
  }
}

function checkTeamRefs(
  c: Checker,
  p: Path,
  teams: unknown,
  known: string[],
  who: string,
  members: Set<string>,
): void {
  if (!Array.isArray(teams)) return;
  if (teams.length === 0) {
    c.error(p, "no-team", `${who} is in no team`, { expected: "a list of one or more teams" });
  }
  const seen = new Set<string>();
  teams.forEach((t, i) => {
    if (typeof t !== "string") return;
    members.add(t);
    if (!known.includes(t)) c.unknown([...p, i], "team", t, known, "unknown-team", who);
    if (seen.has(t)) c.warn([...p, i], "duplicate-team", `${who} lists team '${t}' twice`);
    seen.add(t);
  });
}
