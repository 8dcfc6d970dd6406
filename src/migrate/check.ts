// The dry run: after every step, every person and kept user still has at least what is
// promised at that point, and nobody has more than they had before plus what the model grants.
// Promised: what they had and keep under the model (before ∩ model), always — a lockout is
// losing that at any step; all they had, until their old ways in are removed; and the model's
// grants, once their new way in is live.
import { ScanCache } from "../engine/scan-cache.js";
import { landingRoleArn, workloadRoles } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import type { OrgState } from "../state/org-state.js";
import { type Access, AccessView, intersection, lacking, unionOf } from "./access.js";
import { ALL } from "./action-set.js";
import type { ExistingUser, StepCheck } from "./types.js";

/** One person or kept user, as the dry run follows them. */
export interface Subject {
  who: string;
  /**
   * unmatched: an IAM user the model does not know; the plan leaves it, and it must never gain.
   * workload: a pipeline; its old ways in are the IAM users mapped to it (--map USER=workload:NAME).
   */
  kind: "person" | "kept" | "unmatched" | "workload";
  /** Their ways in today: the IAM users that are theirs (a kept user: itself). */
  old: string[];
  /** Their ways in under the model: the landing roles of their teams (a kept user: itself; a workload: its roles). */
  fresh: string[];
  /** Their access today. */
  before: Access;
  /** Their access under the model alone. */
  model: Access;
  /** A kept user keeping its keys (--keep-keys): stays as it is, outside the design's groups. */
  frozen?: boolean;
}

/** The accounts as a step leaves them, and where the migration stands. */
export interface StageSpec {
  state: OrgState;
  /** Google sign-in is live: people can use their landing roles. */
  sso: boolean;
  /** The replaced users have lost their passwords and policies. */
  removed: boolean;
  /** The identity stack is deployed: kept users are in their groups. */
  identity: boolean;
  /** Kept users have lost what the design does not give them. */
  reduced: boolean;
  /** People whose rights in these accounts were narrowed to the model's first: no longer promised there. */
  narrowed?: ReadonlyMap<string, ReadonlySet<string>>;
}

const SHOWN = 8;

function shown(actions: string[]): string[] {
  return actions.length > SHOWN ? [...actions.slice(0, SHOWN), `… ${actions.length - SHOWN} more`] : actions;
}

export class DryRun {
  readonly subjects: Subject[];
  private readonly cache = new ScanCache();
  private readonly views = new Map<OrgState, AccessView>();

  constructor(
    model: AccessModel,
    design: OrgState,
    real: OrgState,
    users: ExistingUser[],
    private readonly now: string,
    private readonly sourceIdentity: boolean,
    keepKeys: ReadonlySet<string> = new Set(),
  ) {
    const keptArn = new Map(
      (
        design.accounts.find((a) => a.accountId === model.identity.accountId)?.authorizationDetails
          .UserDetailList ?? []
      ).map((u) => [u.UserName, u.Arn]),
    );
    const people = [
      ...model.people.map((p) => ({
        who: p.email,
        kind: "person" as const,
        old: users.filter((u) => u.fate.kind === "replaced" && u.fate.person === p.email).map((u) => u.arn),
        fresh: p.teams.map((t) => landingRoleArn(model, t)),
      })),
      ...users
        .filter((u) => u.fate.kind === "unmatched")
        .map((u) => ({ who: u.arn, kind: "unmatched" as const, old: [u.arn], fresh: [] })),
      ...model.workloads.map((w) => ({
        who: `workload ${w.name}`,
        kind: "workload" as const,
        old: users.filter((u) => u.fate.kind === "workload" && u.fate.workload === w.name).map((u) => u.arn),
        fresh: workloadRoles(model, w.name).map((r) => r.arn),
      })),
      ...model.users.map((k) => {
        const arn = keptArn.get(k.name);
        return {
          who: `user ${k.name}`,
          kind: "kept" as const,
          old: arn ? [arn] : [],
          fresh: arn ? [arn] : [],
          ...(keepKeys.has(k.name) ? { frozen: true } : {}),
        };
      }),
    ];
    this.subjects = people.map((p) => ({
      ...p,
      before: this.view(real).of(p.old),
      model: this.view(design).of(p.fresh),
    }));
  }

  private view(s: OrgState): AccessView {
    let v = this.views.get(s);
    if (!v) {
      v = new AccessView(s, this.cache, { clock: { now: this.now }, sourceIdentity: this.sourceIdentity });
      this.views.set(s, v);
    }
    return v;
  }

  /** What the subject can do in the stage: old ways in while they exist, the new one once live. */
  accessAt(s: Subject, stage: StageSpec): Access {
    return this.view(stage.state).of(this.entries(s, stage));
  }

  private entries(s: Subject, stage: StageSpec): string[] {
    // A workload's roles come with the environment stacks; counted from the identity step, when
    // every deploy step (the identity account's Terraform root too) is done.
    if (s.kind === "workload") return [...s.old, ...(stage.identity ? s.fresh : [])];
    return s.kind === "person" ? [...s.old, ...(stage.sso ? s.fresh : [])] : s.old;
  }

  /** Does this IAM user alone, in the stage, reach more than its owner had plus the model? */
  gains(userArn: string, owner: Subject, stage: StageSpec): boolean {
    return lacking(this.view(stage.state).of([userArn]), unionOf(owner.before, owner.model)).size > 0;
  }

  check(stage: StageSpec): StepCheck {
    const failures: StepCheck["failures"] = [];
    for (const s of this.subjects) {
      const now = this.accessAt(s, stage);
      const keepsOld =
        s.kind === "unmatched" || s.frozen === true || (s.kind === "kept" ? !stage.reduced : !stage.removed);
      const modelLive =
        s.kind === "kept"
          ? stage.identity && !s.frozen
          : s.kind === "workload"
            ? stage.identity
            : s.kind === "person" && stage.sso;
      const narrowed = stage.narrowed?.get(s.who);
      const outside = (a: Access) => new Map([...a].filter(([account]) => !narrowed?.has(account)));
      const old = narrowed ? outside(s.before) : s.before;
      // A kept machine narrowed in the identity account keeps there only its teams' levels,
      // attached directly: the design's self-service (behind the no-MFA deny) is not promised.
      const kept = intersection(s.before, s.model);
      const promised = unionOf(
        narrowed && s.kind === "kept" ? outside(kept) : kept,
        ...(keepsOld ? [old] : []),
        ...(modelLive ? [s.model] : []),
      );
      for (const [account, actions] of lacking(promised, now))
        failures.push({ who: s.who, account, problem: "lost", actions: shown(actions) });
      for (const [account, actions] of lacking(now, unionOf(s.before, s.model))) {
        const path =
          actions[0] === ALL ? this.view(stage.state).adminPath(this.entries(s, stage), account) : undefined;
        failures.push({
          who: s.who,
          account,
          problem: "extra",
          actions: shown(actions),
          ...(path ? { path } : {}),
        });
      }
    }
    return {
      passed: failures.length === 0,
      summary: `${this.subjects.length} people and IAM users: ${failures.length === 0 ? "nobody loses what is promised, nobody gains beyond before + model" : `${failures.length} problem${failures.length === 1 ? "" : "s"}`}`,
      failures,
    };
  }
}
