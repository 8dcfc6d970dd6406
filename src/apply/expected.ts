// How a user must be: before a step (what the plan read, as the earlier steps left it) or after
// it (the step's end), and where the real user differs.
import type { MigrationPlan, Step, Target, UserEnd } from "../migrate/types.js";
import { sameDocument } from "./operations.js";
import type { UserNow } from "./read-user.js";

/** A step's end, or what the plan knows of a user: a console password, how many active keys. */
export interface Expected extends Omit<UserEnd, "password"> {
  password?: UserEnd["password"] | "present";
  activeKeys?: number;
}

export function expectedBefore(
  plan: MigrationPlan,
  step: Step,
  t: Extract<Target, { kind: "user" }>,
): Expected {
  const u = plan.users.find((x) => x.account === t.account && x.name === t.name);
  let want: Expected = u
    ? {
        exists: true,
        attached: [...u.attached].sort(),
        inline: u.inline,
        groups: [...u.groups].sort(),
        ...(u.password === undefined ? {} : { password: u.password ? "present" : "absent" }),
        ...(u.activeKeys === undefined ? {} : { activeKeys: u.activeKeys }),
      }
    : { exists: false };
  for (const s of plan.steps) {
    if (s.n >= step.n) break;
    for (const e of s.targets) {
      // The identity stack (or Terraform root) puts kept users in their groups.
      if (
        (e.kind === "stack" || e.kind === "terraform") &&
        e.account === t.account &&
        want.exists &&
        want.groups
      ) {
        const added = e.memberships.filter((x) => x.user === t.name).map((x) => x.group);
        if (added.length) want = { ...want, groups: [...new Set([...want.groups, ...added])].sort() };
      }
      if (e.kind !== "user" || e.account !== t.account || e.name !== t.name) continue;
      if (!e.end.exists) {
        want = { exists: false };
        continue;
      }
      want = {
        ...want,
        exists: true,
        ...(e.end.attached ? { attached: e.end.attached } : {}),
        ...(e.end.inline ? { inline: e.end.inline } : {}),
        ...(e.end.groups ? { groups: e.end.groups } : {}),
        // After its first sign-in the owner has reset it: a password is there, reset or not.
        ...(e.end.password ? { password: e.end.password === "absent" ? "absent" : "present" } : {}),
        ...(e.end.keys === "inactive" ? { activeKeys: 0 } : {}),
      };
    }
  }
  return want;
}

/** Where a user differs from what is expected of it; empty when it is as expected. */
export function userDifferences(now: UserNow, want: Expected): string[] {
  const out: string[] = [];
  if (now.exists !== want.exists) return [want.exists ? "does not exist" : "still exists"];
  if (!want.exists) return out;
  const list = (what: string, have: string[], wanted: string[] | undefined) => {
    if (!wanted) return;
    const extra = have.filter((x) => !wanted.includes(x));
    const missing = wanted.filter((x) => !have.includes(x));
    if (extra.length) out.push(`has ${what} ${extra.join(", ")}`);
    if (missing.length) out.push(`lacks ${what} ${missing.join(", ")}`);
  };
  list("policy", now.attached, want.attached);
  list("group", now.groups, want.groups);
  if (want.inline) {
    list(
      "inline policy",
      now.inline.map((p) => p.name),
      want.inline.map((p) => p.name),
    );
    for (const p of want.inline) {
      const had = now.inline.find((x) => x.name === p.name);
      if (had && !sameDocument(had.document, p.document)) out.push(`inline policy ${p.name} differs`);
    }
  }
  if (want.password === "absent" && now.loginProfile) out.push("has a console password");
  if ((want.password === "present" || want.password === "reset-required") && !now.loginProfile)
    out.push("has no console password");
  const active = now.keys.filter((k) => k.active).map((k) => k.id);
  if (want.keys === "inactive" && active.length) out.push(`access key ${active.join(", ")} still active`);
  if (want.activeKeys !== undefined && active.length !== want.activeKeys)
    out.push(
      `has ${active.length} active access key${active.length === 1 ? "" : "s"}, not ${want.activeKeys}`,
    );
  return out;
}
