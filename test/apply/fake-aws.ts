// A stateful fake of the IAM, CloudFormation and CloudTrail calls `migrate apply` makes, behind
// the SDK clients' `send`: the real Command objects arrive, the fake answers from its accounts
// as AWS would (NoSuchEntity, ValidationError for a missing stack, pages), and failures can be
// injected per call: an error, a timeout, throttling, or an empty answer.
import { createHash } from "node:crypto";
import type { ApplyContext } from "../../src/apply/apply.js";
import type { AccountClients } from "../../src/apply/clients.js";
import type { Entry } from "../../src/apply/journal.js";
import type { MigrationPlan } from "../../src/migrate/types.js";
import { landingRoleArn } from "../../src/model/naming.js";
import type { AccessModel } from "../../src/model/types.js";
import type { OrgState } from "../../src/state/org-state.js";

export type Failure = "error" | "timeout" | "throttle" | "empty";

interface FakeUser {
  path: string;
  attached: string[];
  inline: Record<string, string>;
  groups: string[];
  loginProfile?: { reset: boolean };
  keys: { id: string; status: "Active" | "Inactive"; lastUsed?: string }[];
  mfa: string[];
}

interface FakeAccount {
  users: Record<string, FakeUser>;
  groups: string[];
  roles: Record<string, string>;
  samlProviders: string[];
  /** Stack name → status and what it made. */
  stacks: Record<
    string,
    {
      status: string;
      roles: string[];
      groups: string[];
      providers: string[];
      memberships: [string, string][];
      reads: number;
    }
  >;
  events: { eventName: string; record: string; at: string }[];
}

type Input = Record<string, unknown>;

function awsError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

const sorted = (xs: string[]) => [...new Set(xs)].sort();

export class FakeAws {
  accounts: Record<string, FakeAccount> = {};
  /** Every call, "ACCOUNT Name", in order. */
  calls: string[] = [];
  /** Decides a failure for a call, or none. */
  inject: (account: string, name: string, input: Input) => Failure | undefined = () => undefined;
  /** How many DescribeStacks a new stack answers IN_PROGRESS before it is complete. */
  stackDelay = 1;

  /** Accounts as an export shows them, with keys and passwords from the credential report. */
  static from(state: OrgState): FakeAws {
    const fake = new FakeAws();
    for (const a of state.accounts) {
      const acct: FakeAccount = {
        users: {},
        groups: [],
        roles: {},
        samlProviders: [],
        stacks: {},
        events: [],
      };
      for (const g of a.authorizationDetails.GroupDetailList) acct.groups.push(g.GroupName);
      for (const r of a.authorizationDetails.RoleDetailList) acct.roles[r.RoleName] = r.Arn;
      for (const p of a.samlProviders) acct.samlProviders.push(p.Arn);
      for (const u of a.authorizationDetails.UserDetailList) {
        const row = a.credentialReport?.find((x) => x.user === u.UserName);
        const key = (n: number, active: boolean, lastUsed?: string) => ({
          id: `AKIA${createHash("sha256").update(`${a.accountId}/${u.UserName}/${n}`).digest("hex").slice(0, 16).toUpperCase()}`,
          status: active ? ("Active" as const) : ("Inactive" as const),
          ...(lastUsed ? { lastUsed } : {}),
        });
        acct.users[u.UserName] = {
          path: u.Path,
          attached: sorted(u.AttachedManagedPolicies.map((p) => p.PolicyArn)),
          inline: Object.fromEntries(
            (u.UserPolicyList ?? []).map((p) => [p.PolicyName, JSON.stringify(p.PolicyDocument)]),
          ),
          groups: sorted(u.GroupList),
          ...(row?.password_enabled === true ? { loginProfile: { reset: false } } : {}),
          keys: row
            ? [
                ...(row.access_key_1_active ? [key(1, true, row.access_key_1_last_used_date)] : []),
                ...(row.access_key_2_active ? [key(2, true, row.access_key_2_last_used_date)] : []),
              ]
            : [],
          mfa: row?.mfa_active ? [`arn:aws:iam::${a.accountId}:mfa/${u.UserName}`] : [],
        };
      }
      fake.accounts[a.accountId] = acct;
    }
    return fake;
  }

  snapshot(): string {
    const copy = structuredClone(this.accounts);
    for (const a of Object.values(copy)) {
      a.events = [];
      a.stacks = {};
    }
    return JSON.stringify(copy);
  }

  /** A successful SAML sign-in (CloudTrail record) at `at`. */
  signIn(account: string, roleArn: string, session: string, at: string): void {
    const role = roleArn.slice(roleArn.lastIndexOf("/") + 1);
    this.acct(account).events.push({
      eventName: "AssumeRoleWithSAML",
      at,
      record: JSON.stringify({
        eventName: "AssumeRoleWithSAML",
        eventTime: at,
        requestParameters: { roleArn },
        responseElements: {
          assumedRoleUser: { arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}` },
        },
      }),
    });
  }

  /** A successful switch (AssumeRole) into `roleArn` with a session name and source identity, at `at`. */
  switchRole(account: string, roleArn: string, session: string, sourceIdentity: string, at: string): void {
    this.acct(account).events.push({
      eventName: "AssumeRole",
      at,
      record: JSON.stringify({
        eventName: "AssumeRole",
        eventTime: at,
        requestParameters: { roleArn, roleSessionName: session, sourceIdentity },
      }),
    });
  }

  /** A pipeline's token exchange into `roleArn` (CloudTrail record, as STS writes it) at `at`. */
  webIdentity(account: string, roleArn: string, subject: string, at: string, errorCode?: string): void {
    const role = roleArn.slice(roleArn.lastIndexOf("/") + 1);
    this.acct(account).events.push({
      eventName: "AssumeRoleWithWebIdentity",
      at,
      record: JSON.stringify({
        eventName: "AssumeRoleWithWebIdentity",
        eventTime: at,
        userIdentity: {
          type: "WebIdentityUser",
          userName: subject,
          identityProvider: "token.actions.githubusercontent.com",
        },
        requestParameters: { roleArn, roleSessionName: "GitHubActions" },
        ...(errorCode
          ? { errorCode }
          : {
              responseElements: {
                assumedRoleUser: { arn: `arn:aws:sts::${account}:assumed-role/${role}/GitHubActions` },
              },
            }),
      }),
    });
  }

  /** Everyone signs in at `at`: each person into the landing role of their first team, break-glass with MFA. */
  everyoneSignsIn(model: AccessModel, at: string): void {
    for (const p of model.people)
      this.signIn(model.identity.accountId, landingRoleArn(model, p.teams[0]!), p.email, at);
    for (const k of model.users.filter((u) => u.breakGlass))
      this.consoleLogin(model.identity.accountId, k.name, true, at);
  }

  /**
   * `migrate apply`'s context on these accounts: clients for each, a clock that moves one second
   * per reading from 2026-12-15T09:00:00Z, and the plan directory's files through `readFile`.
   */
  context(
    plan: MigrationPlan,
    readFile: ApplyContext["readFile"],
    append: (e: Entry) => void = () => {},
  ): ApplyContext {
    let clock = Date.parse("2026-12-15T09:00:00Z");
    return {
      plan,
      accounts: new Map(Object.keys(this.accounts).map((a) => [a, this.clients(a)])),
      journal: [],
      append,
      now: () => {
        clock += 1000;
        return new Date(clock).toISOString().replace(".000Z", "Z");
      },
      readFile,
      sleep: async () => {},
    };
  }

  consoleLogin(account: string, user: string, mfa: boolean, at: string): void {
    this.acct(account).events.push({
      eventName: "ConsoleLogin",
      at,
      record: JSON.stringify({
        eventName: "ConsoleLogin",
        eventTime: at,
        userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${account}:user/${user}` },
        responseElements: { ConsoleLogin: "Success" },
        additionalEventData: { MFAUsed: mfa ? "Yes" : "No" },
      }),
    });
  }

  clients(account: string): AccountClients {
    const send = (command: object) => this.send(account, command);
    return {
      iam: { send } as unknown as AccountClients["iam"],
      cloudformation: { send } as unknown as AccountClients["cloudformation"],
      cloudtrail: { send } as unknown as AccountClients["cloudtrail"],
    };
  }

  private acct(id: string): FakeAccount {
    const a = this.accounts[id];
    if (!a) throw new Error(`fake: no account ${id}`);
    return a;
  }

  private user(a: FakeAccount, name: unknown): FakeUser {
    const u = a.users[String(name)];
    if (!u) throw awsError("NoSuchEntityException", `The user with name ${String(name)} cannot be found.`);
    return u;
  }

  async send(account: string, command: object): Promise<unknown> {
    const name = command.constructor.name.replace(/Command$/, "");
    const input = (command as { input: Input }).input;
    this.calls.push(`${account} ${name}`);
    const failure = this.inject(account, name, input);
    if (failure === "error") throw awsError("AccessDenied", `not authorized to perform ${name}`);
    if (failure === "timeout") throw awsError("TimeoutError", "socket timed out");
    if (failure === "throttle") throw awsError("Throttling", "Rate exceeded");
    const answer = this.answer(this.acct(account), account, name, input);
    if (failure === "empty") return { $metadata: {} };
    return { $metadata: {}, ...answer };
  }

  private answer(a: FakeAccount, account: string, name: string, input: Input): Record<string, unknown> {
    const u = () => this.user(a, input.UserName);
    switch (name) {
      case "GetUser":
        return {
          User: {
            UserName: input.UserName,
            Path: u().path,
            Arn: `arn:aws:iam::${account}:user${u().path}${String(input.UserName)}`,
          },
        };
      case "ListAttachedUserPolicies":
        return { AttachedPolicies: u().attached.map((PolicyArn) => ({ PolicyArn })), IsTruncated: false };
      case "ListUserPolicies":
        return { PolicyNames: Object.keys(u().inline).sort(), IsTruncated: false };
      case "GetUserPolicy": {
        const doc = u().inline[String(input.PolicyName)];
        if (doc === undefined) throw awsError("NoSuchEntityException", "no such policy");
        return { PolicyDocument: encodeURIComponent(doc) };
      }
      case "ListGroupsForUser":
        return { Groups: u().groups.map((GroupName) => ({ GroupName })), IsTruncated: false };
      case "GetLoginProfile": {
        const p = u().loginProfile;
        if (!p) throw awsError("NoSuchEntityException", "Login Profile cannot be found.");
        return { LoginProfile: { UserName: input.UserName, PasswordResetRequired: p.reset } };
      }
      case "ListAccessKeys":
        return {
          AccessKeyMetadata: u().keys.map((k) => ({ AccessKeyId: k.id, Status: k.status })),
          IsTruncated: false,
        };
      case "GetAccessKeyLastUsed": {
        for (const [n, x] of Object.entries(a.users)) {
          const k = x.keys.find((y) => y.id === input.AccessKeyId);
          if (k)
            return {
              UserName: n,
              AccessKeyLastUsed: k.lastUsed ? { LastUsedDate: new Date(k.lastUsed) } : {},
            };
        }
        throw awsError("NoSuchEntityException", "no such key");
      }
      case "ListMFADevices":
        return { MFADevices: u().mfa.map((SerialNumber) => ({ SerialNumber })), IsTruncated: false };
      case "ListSigningCertificates":
        u();
        return { Certificates: [], IsTruncated: false };
      case "ListSSHPublicKeys":
        u();
        return { SSHPublicKeys: [], IsTruncated: false };
      case "ListServiceSpecificCredentials":
        u();
        return { ServiceSpecificCredentials: [] };
      case "CreateUser": {
        const n = String(input.UserName);
        if (a.users[n]) throw awsError("EntityAlreadyExistsException", `User with name ${n} already exists.`);
        a.users[n] = {
          path: String(input.Path ?? "/"),
          attached: [],
          inline: {},
          groups: [],
          keys: [],
          mfa: [],
        };
        return {};
      }
      case "DeleteUser": {
        const x = u();
        if (
          x.attached.length ||
          Object.keys(x.inline).length ||
          x.groups.length ||
          x.loginProfile ||
          x.keys.length ||
          x.mfa.length
        )
          throw awsError(
            "DeleteConflictException",
            "Cannot delete entity, must remove referenced objects first.",
          );
        delete a.users[String(input.UserName)];
        return {};
      }
      case "AttachUserPolicy":
        u().attached = sorted([...u().attached, String(input.PolicyArn)]);
        return {};
      case "DetachUserPolicy":
        if (!u().attached.includes(String(input.PolicyArn)))
          throw awsError("NoSuchEntityException", "not attached");
        u().attached = u().attached.filter((p) => p !== input.PolicyArn);
        return {};
      case "PutUserPolicy":
        u().inline[String(input.PolicyName)] = String(input.PolicyDocument);
        return {};
      case "DeleteUserPolicy":
        if (u().inline[String(input.PolicyName)] === undefined)
          throw awsError("NoSuchEntityException", "no such policy");
        delete u().inline[String(input.PolicyName)];
        return {};
      case "AddUserToGroup":
        if (!a.groups.includes(String(input.GroupName)))
          throw awsError("NoSuchEntityException", "no such group");
        u().groups = sorted([...u().groups, String(input.GroupName)]);
        return {};
      case "RemoveUserFromGroup":
        u().groups = u().groups.filter((g) => g !== input.GroupName);
        return {};
      case "DeleteLoginProfile":
        if (!u().loginProfile) throw awsError("NoSuchEntityException", "Login Profile cannot be found.");
        delete u().loginProfile;
        return {};
      case "UpdateAccessKey": {
        const k = u().keys.find((x) => x.id === input.AccessKeyId);
        if (!k) throw awsError("NoSuchEntityException", "no such key");
        k.status = input.Status === "Active" ? "Active" : "Inactive";
        return {};
      }
      case "DeleteAccessKey":
        u().keys = u().keys.filter((k) => k.id !== input.AccessKeyId);
        return {};
      case "DeactivateMFADevice":
        u().mfa = u().mfa.filter((m) => m !== input.SerialNumber);
        return {};
      case "GetRole": {
        const arn = a.roles[String(input.RoleName)];
        if (!arn)
          throw awsError(
            "NoSuchEntityException",
            `The role with name ${String(input.RoleName)} cannot be found.`,
          );
        return { Role: { RoleName: input.RoleName, Arn: arn } };
      }
      case "ListSAMLProviders":
        return { SAMLProviderList: a.samlProviders.map((Arn) => ({ Arn })) };
      case "DescribeStacks": {
        const s = a.stacks[String(input.StackName)];
        if (!s) throw awsError("ValidationError", `Stack with id ${String(input.StackName)} does not exist`);
        s.reads++;
        if (s.status === "CREATE_IN_PROGRESS" && s.reads > this.stackDelay) s.status = "CREATE_COMPLETE";
        return { Stacks: [{ StackName: input.StackName, StackStatus: s.status }] };
      }
      case "CreateStack":
        return this.createStack(a, account, input);
      case "DeleteStack": {
        const s = a.stacks[String(input.StackName)];
        if (!s) return {};
        for (const [user, group] of s.memberships)
          if (a.users[user]) a.users[user].groups = a.users[user].groups.filter((g) => g !== group);
        for (const r of s.roles) delete a.roles[r];
        a.groups = a.groups.filter((g) => !s.groups.includes(g));
        a.samlProviders = a.samlProviders.filter((p) => !s.providers.includes(p));
        delete a.stacks[String(input.StackName)];
        return {};
      }
      case "LookupEvents": {
        const since = input.StartTime instanceof Date ? input.StartTime.getTime() : 0;
        const wanted = (input.LookupAttributes as { AttributeValue: string }[])[0]?.AttributeValue;
        return {
          Events: a.events
            .filter((e) => e.eventName === wanted && Date.parse(e.at) >= since)
            .map((e) => ({ CloudTrailEvent: e.record })),
        };
      }
      default:
        throw new Error(`fake: ${name} is not faked`);
    }
  }

  /** Makes what the template declares: roles, groups, the SAML provider, user → group. */
  private createStack(a: FakeAccount, account: string, input: Input): Record<string, unknown> {
    const name = String(input.StackName);
    if (a.stacks[name]) throw awsError("AlreadyExistsException", `Stack [${name}] already exists`);
    const template = JSON.parse(String(input.TemplateBody)) as {
      Parameters?: Record<string, unknown>;
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const given = new Map(
      ((input.Parameters ?? []) as { ParameterKey: string; ParameterValue: string }[]).map((p) => [
        p.ParameterKey,
        p.ParameterValue,
      ]),
    );
    for (const p of Object.keys(template.Parameters ?? {}))
      if (!given.has(p)) throw awsError("ValidationError", `Parameters: [${p}] must have values`);
    const stack = {
      status: "CREATE_IN_PROGRESS",
      roles: [] as string[],
      groups: [] as string[],
      providers: [] as string[],
      memberships: [] as [string, string][],
      reads: 0,
    };
    const ref = (v: unknown, ids: Map<string, string>) => {
      if (typeof v === "string") return v;
      const r = (v as { Ref?: string }).Ref;
      return r ? (ids.get(r) ?? given.get(r) ?? r) : JSON.stringify(v);
    };
    const ids = new Map<string, string>();
    const entries = Object.entries(template.Resources);
    for (const [id, r] of entries) {
      const p = r.Properties;
      if (r.Type === "AWS::IAM::Role") {
        const roleName = String(p.RoleName);
        a.roles[roleName] = `arn:aws:iam::${account}:role${String(p.Path ?? "/")}${roleName}`;
        stack.roles.push(roleName);
      } else if (r.Type === "AWS::IAM::Group") {
        a.groups.push(String(p.GroupName));
        stack.groups.push(String(p.GroupName));
        ids.set(id, String(p.GroupName));
      } else if (r.Type === "AWS::IAM::SAMLProvider") {
        const arn = `arn:aws:iam::${account}:saml-provider/${String(p.Name)}`;
        a.samlProviders.push(arn);
        stack.providers.push(arn);
      }
    }
    for (const [, r] of entries) {
      if (r.Type !== "AWS::IAM::UserToGroupAddition") continue;
      const group = ref(r.Properties.GroupName, ids);
      for (const user of r.Properties.Users as string[]) {
        const x = a.users[user];
        if (!x) throw awsError("ValidationError", `user ${user} does not exist`);
        x.groups = sorted([...x.groups, group]);
        stack.memberships.push([user, group]);
      }
    }
    a.stacks[name] = stack;
    return { StackId: `arn:aws:cloudformation:us-east-1:${account}:stack/${name}/1` };
  }
}

/** A plan directory's files as `readFile` reads them: a file that is not there is an error. */
export function readFrom(files: ReadonlyMap<string, string>): ApplyContext["readFile"] {
  return (rel) => {
    const text = files.get(rel);
    if (text === undefined) throw new Error(`no file ${rel}`);
    return text;
  };
}
