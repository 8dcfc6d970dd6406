// The fake accounts as an export of them: users, groups, roles and providers as the fake holds
// them now. The fake makes a stack's roles and groups by name from the template, which is the
// design compiled (test/emit checks the templates against it), so their documents are read from
// the design; everything that was there before is read from today's export.
import type {
  CredentialReportRow,
  GroupDetail,
  OrgState,
  RoleDetail,
  UserDetail,
} from "../../src/state/org-state.js";
import type { PolicyDocument } from "../../src/state/policy.js";
import type { FakeAws } from "./fake-aws.js";

export function fakeState(fake: FakeAws, before: OrgState, design: OrgState): OrgState {
  const accounts = Object.keys(fake.accounts).sort();
  return {
    accounts: accounts.map((id) => {
      const f = fake.accounts[id]!;
      const b = before.accounts.find((a) => a.accountId === id);
      const d = design.accounts.find((a) => a.accountId === id);
      const known = <T>(pick: (a: NonNullable<typeof b>["authorizationDetails"]) => T[]) => [
        ...(b ? pick(b.authorizationDetails) : []),
        ...(d ? pick(d.authorizationDetails) : []),
      ];
      const users: UserDetail[] = Object.entries(f.users)
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([name, u]) => {
          const base = known((a) => a.UserDetailList).find((x) => x.UserName === name);
          return {
            Path: u.path,
            UserName: name,
            UserId: base?.UserId ?? `AIDA${name.toUpperCase().replace(/\W/g, "")}`,
            Arn: `arn:aws:iam::${id}:user${u.path}${name}`,
            CreateDate: base?.CreateDate ?? "2026-12-15T00:00:00Z",
            UserPolicyList: Object.entries(u.inline).map(([PolicyName, text]) => ({
              PolicyName,
              PolicyDocument: JSON.parse(text) as PolicyDocument,
            })),
            GroupList: [...u.groups],
            AttachedManagedPolicies: u.attached.map((arn) => ({
              PolicyName: arn.slice(arn.lastIndexOf("/") + 1),
              PolicyArn: arn,
            })),
            ...(base?.Tags ? { Tags: base.Tags } : {}),
          };
        });
      const roles: RoleDetail[] = Object.values(f.roles).map((arn) => {
        const r = known((a) => a.RoleDetailList).find((x) => x.Arn === arn);
        if (!r) throw new Error(`fake role ${arn} is neither in today's export nor in the design`);
        return r;
      });
      const groups: GroupDetail[] = f.groups.map((name) => {
        const g = known((a) => a.GroupDetailList).find((x) => x.GroupName === name);
        if (!g) throw new Error(`fake group ${name} is neither in today's export nor in the design`);
        return g;
      });
      const policies = new Map(known((a) => a.Policies).map((p) => [p.Arn, p]));
      const report: CredentialReportRow[] = Object.entries(f.users).map(([name, u]) => ({
        user: name,
        arn: `arn:aws:iam::${id}:user${u.path}${name}`,
        password_enabled: u.loginProfile !== undefined,
        mfa_active: u.mfa.length > 0,
        access_key_1_active: u.keys[0]?.status === "Active",
        access_key_2_active: u.keys[1]?.status === "Active",
      }));
      return {
        accountId: id,
        authorizationDetails: {
          UserDetailList: users,
          GroupDetailList: groups,
          RoleDetailList: roles,
          Policies: [...policies.values()],
        },
        samlProviders: f.samlProviders.map((Arn) => ({ Arn })),
        credentialReport: report,
      };
    }),
  };
}
