// The workload matrix on its own, over a small compiled design: each workload's tokens against
// every environment and workload role, the strangers each of its roles must refuse, and the
// exact findings when a trust lets too much or too little in.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compile } from "../../src/compile/compile.js";
import {
  checkWorkloadMatrix,
  concreteSubject,
  strangerSubjects,
  type WorkloadMatrix,
} from "../../src/prove/workload-matrix.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState, RoleDetail } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import { model } from "../helpers.js";

const HOST = "token.actions.githubusercontent.com";
const MAIN = "repo:example/api:ref:refs/heads/main";
const SHIP = "arn:aws:iam::222222222222:role/sekisho/workload-ship";
const LOOK = "arn:aws:iam::222222222222:role/sekisho/look";

// ship: GitHub example/api main → dev make. wild: its own issuer, an exact subject, a wildcard
// that also covers it, and a one-character wildcard → look everywhere.
const design = `organization: acme
identity:
  account: "111111111111"
  provider: { name: GoogleWorkspace }
  landing: look
environments:
  dev: { account: "222222222222" }
  prod: { account: "333333333333" }
levels:
  look: { inline: { p: { Statement: [{ Effect: Allow, Action: "ec2:DescribeInstances", Resource: "*" }] } } }
  make: { inline: { p: { Statement: [{ Effect: Allow, Action: "s3:PutObject", Resource: "*" }] } } }
teams:
  ops: { can: { "*": [look] } }
people:
  a@example.com: [ops]
users:
  bot: { teams: [ops], reason: CI }
workloads:
  ship:
    github: { repo: example/api, branches: [main] }
    can: { dev: make }
  wild:
    oidc: { url: "https://ci.example.com/x", audience: aud1, subject: ["team:one", "team:*", "job:a?c"] }
    allowWildcard: any team
    can: { "*": look }
`;

function matrix(
  change?: (state: OrgState, find: (arn: string) => RoleDetail) => void,
  text = design,
): WorkloadMatrix {
  const m = model(text);
  const state = compile(m);
  const find = (arn: string) =>
    state.accounts.flatMap((a) => a.authorizationDetails.RoleDetailList).find((r) => r.Arn === arn)!;
  change?.(state, find);
  return checkWorkloadMatrix(m, indexState(state), "2026-11-28T00:00:00Z");
}

const cells = (w: WorkloadMatrix) =>
  w.classes.map((c) => [
    c.kind,
    c.teams,
    c.members,
    c.cells.map((x) => `${x.env} ${x.level}${x.expected ? "" : " unexpected"}${x.actual ? "" : " missing"}`),
  ]);
const lines = (w: WorkloadMatrix) => w.failures.map((f) => `${f.rule} ${f.subject} | ${f.message}`);
const whats = (w: WorkloadMatrix) => w.failures.map((f) => f.evidence?.map((e) => e.what));
/** ship's trust statement, its condition keyed by the GitHub host. */
const shipTrust = (find: (arn: string) => RoleDetail) =>
  find(SHIP).AssumeRolePolicyDocument.Statement[0] as Statement & {
    Condition: Record<string, Record<string, string>>;
  };
const stranger = (what: string, verb = "accepts") =>
  `matrix/workload-stranger ${SHIP} | ${SHIP} ${verb} ${what}: the trust must pin the issuer, aud and sub to exactly the model's`;
/** A role in `account`, tagged as given (none: a role outside the design). */
function addRole(
  state: OrgState,
  account: string,
  name: string,
  trust: Statement[],
  tags?: { Key: string; Value: string }[],
) {
  state.accounts
    .find((a) => a.accountId === account)!
    .authorizationDetails.RoleDetailList.push({
      Path: "/",
      RoleName: name,
      RoleId: `AROA${name.toUpperCase()}`,
      Arn: `arn:aws:iam::${account}:role/${name}`,
      CreateDate: "2026-01-01T00:00:00Z",
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: trust },
      InstanceProfileList: [],
      RolePolicyList: [],
      AttachedManagedPolicies: [],
      ...(tags ? { Tags: tags } : {}),
    });
}
const bySub = (sub: string) => `a token with sub '${sub}', which the model does not give workload ship`;

test("subjects next to an exact one: longer, shorter, each field and the last path part replaced", () => {
  assert.deepEqual(strangerSubjects(MAIN), [
    `${MAIN}-sekisho-probe`,
    `sekisho-probe-${MAIN}`,
    "sekisho-probe:example/api:ref:refs/heads/main",
    "repo:sekisho-probe:ref:refs/heads/main",
    "repo:example/sekisho-probe:ref:refs/heads/main",
    "repo:example/api:sekisho-probe:refs/heads/main",
    "repo:example/api:ref:sekisho-probe",
    "repo:example/api:ref:refs/heads/sekisho-probe",
  ]);
  assert.deepEqual(strangerSubjects("team:one"), [
    "team:one-sekisho-probe",
    "sekisho-probe-team:one",
    "sekisho-probe:one",
    "team:sekisho-probe",
  ]);
  // A probe equal to the subject itself is no stranger.
  assert.deepEqual(strangerSubjects("sekisho-probe"), ["sekisho-probe-sekisho-probe"]);
  assert.equal(concreteSubject("team:*/a?c*"), "team:sekisho-any/axcsekisho-any");
});

test("the design's workloads reach exactly their levels; strangers a wildcard of the model covers are not asked", () => {
  // Tokens are tried on every role: the landing role and one outside the design refuse them.
  const w = matrix((state) => addRole(state, "222222222222", "plain", []));
  assert.deepEqual(
    [w.failures, w.evaluated, w.granted, cells(w)],
    [
      [],
      53,
      3,
      [
        ["workload", [], ["ship"], ["dev make"]],
        ["workload", [], ["wild"], ["dev look", "prod look"]],
      ],
    ],
  );
});

test("aud dropped: the token minted for another audience gets in", () => {
  const w = matrix((_, find) => {
    delete shipTrust(find).Condition.StringEquals![`${HOST}:aud`];
  });
  assert.deepEqual(lines(w), [
    stranger("a token with aud 'sekisho-probe-audience' (workload ship's is 'sts.amazonaws.com')"),
  ]);
  assert.deepEqual(whats(w), [["web identity → sts:AssumeRoleWithWebIdentity: Allow"]]);
});

test("sub widened to the owner's repositories: the neighbours it lets in, each named", () => {
  const w = matrix((_, find) => {
    const c = shipTrust(find).Condition;
    delete c.StringEquals![`${HOST}:sub`];
    c.StringLike = { [`${HOST}:sub`]: "repo:example/*" };
  });
  assert.deepEqual(lines(w), [
    stranger(bySub(`${MAIN}-sekisho-probe`)),
    stranger(bySub("repo:example/sekisho-probe:ref:refs/heads/main")),
    stranger(bySub("repo:example/api:sekisho-probe:refs/heads/main")),
    stranger(bySub("repo:example/api:ref:sekisho-probe")),
    stranger(bySub("repo:example/api:ref:refs/heads/sekisho-probe")),
  ]);
});

test("sub under an operator the engine does not know: undecided, the own token missing, every neighbour may get in", () => {
  const w = matrix((_, find) => {
    const c = shipTrust(find).Condition;
    delete c.StringEquals![`${HOST}:sub`];
    c.StringEqualsFancy = { [`${HOST}:sub`]: MAIN };
    // A second statement, on the audience alone, under another such operator.
    find(SHIP).AssumeRolePolicyDocument.Statement.push({
      ...structuredClone(shipTrust(find)),
      Condition: { StringLikeFancy: { [`${HOST}:aud`]: "sts.amazonaws.com" } },
    });
  });
  const unknown = (i: number, op: string) => `${SHIP}#trust[${i}]: unknown condition operator ${op}`;
  assert.deepEqual(lines(w), [
    `matrix/undecided ${SHIP} | cannot decide whether workload ship (sub ${MAIN}) reaches ${SHIP}: ${unknown(0, "StringEqualsFancy")}; ${unknown(1, "StringLikeFancy")}`,
    `matrix/missing-access ${SHIP} | workload ship (sub ${MAIN}) should reach dev make but cannot`,
    stranger(
      "a token with aud 'sekisho-probe-audience' (workload ship's is 'sts.amazonaws.com')",
      "may accept",
    ),
    ...strangerSubjects(MAIN).map((s) => stranger(bySub(s), "may accept")),
  ]);
  assert.deepEqual(whats(w)[0], [
    "web identity → sts:AssumeRoleWithWebIdentity: ImplicitDeny (no allow in: resource); undecided: unknown condition operator StringEqualsFancy; unknown condition operator StringLikeFancy",
  ]);
  assert.deepEqual([w.granted, cells(w)[0]], [2, ["workload", [], ["ship"], ["dev make missing"]]]);
});

test("the workload's role missing, or its trust naming another branch: the grant is missing", () => {
  const gone = matrix((state) => {
    const roles = state.accounts.find((a) => a.accountId === "222222222222")!.authorizationDetails
      .RoleDetailList;
    roles.splice(
      roles.findIndex((r) => r.Arn === SHIP),
      1,
    );
  });
  assert.deepEqual(
    [lines(gone), whats(gone), gone.evaluated],
    [
      [
        `matrix/missing-access ${SHIP} | workload ship should reach dev make but its role ${SHIP} is not in the compiled state`,
      ],
      [undefined],
      34,
    ],
  );
  const other = matrix((_, find) => {
    shipTrust(find).Condition.StringEquals![`${HOST}:sub`] = "repo:example/api:ref:refs/heads/other";
  });
  assert.deepEqual(lines(other), [
    `matrix/missing-access ${SHIP} | workload ship (sub ${MAIN}) should reach dev make but cannot`,
  ]);
  assert.deepEqual(whats(other), [
    ["web identity → sts:AssumeRoleWithWebIdentity: ImplicitDeny (no allow in: resource)"],
  ]);
});

test("an environment role trusting the workload's token: access the model does not grant, in the matrix too", () => {
  const w = matrix((_, find) => {
    find(LOOK).AssumeRolePolicyDocument.Statement.push(structuredClone(shipTrust(find)));
  });
  assert.deepEqual(lines(w), [
    `matrix/unexpected-access ${LOOK} | workload ship (sub ${MAIN}) reaches dev look through ${LOOK} but the model does not grant it`,
  ]);
  assert.deepEqual(whats(w), [["web identity → sts:AssumeRoleWithWebIdentity: Allow"]]);
  assert.deepEqual(
    [w.granted, cells(w)[0]],
    [4, ["workload", [], ["ship"], ["dev look unexpected", "dev make"]]],
  );
});

test("a trust open to every issuer: strangers of any issuer, and the other workload's tokens, get in", () => {
  const w = matrix((_, find) => {
    find(SHIP).AssumeRolePolicyDocument.Statement.push({
      Effect: "Allow",
      Principal: { Federated: "*" },
      Action: "sts:AssumeRoleWithWebIdentity",
    });
  });
  const wild = (sub: string) =>
    `matrix/unexpected-access ${SHIP} | workload wild (sub ${sub}) reaches dev make through ${SHIP} but the model does not grant it`;
  assert.deepEqual(lines(w), [
    stranger("a token with aud 'sekisho-probe-audience' (workload ship's is 'sts.amazonaws.com')"),
    stranger("a token of issuer https://sekisho-probe.invalid with workload ship's aud and sub"),
    ...strangerSubjects(MAIN).map((s) => stranger(bySub(s))),
    wild("team:one"),
    wild("team:*"),
    wild("job:a?c"),
  ]);
  assert.deepEqual(cells(w)[1], ["workload", [], ["wild"], ["dev look", "dev make unexpected", "prod look"]]);
});

test("a landing role, or a role tagged with a level outside the environments, that accepts a workload's token fails", () => {
  const landing = "arn:aws:iam::111111111111:role/sekisho/landing-ops";
  const stray = "arn:aws:iam::111111111111:role/stray";
  const w = matrix((state, find) => {
    // ship's trust statement, on the identity account's provider.
    const token = {
      ...structuredClone(shipTrust(find)),
      Principal: { Federated: `arn:aws:iam::111111111111:oidc-provider/${HOST}` },
    };
    find(landing).AssumeRolePolicyDocument.Statement.push(token);
    addRole(state, "111111111111", "stray", [token], [{ Key: "sekisho:level", Value: "make" }]);
    // One outside the design in dev that the engine cannot decide: it may.
    addRole(state, "222222222222", "odd", [
      { ...structuredClone(shipTrust(find)), Condition: { StringEqualsFancy: { [`${HOST}:sub`]: MAIN } } },
    ]);
  });
  const odd = "arn:aws:iam::222222222222:role/odd";
  const reaches = (arn: string, verb = "reaches") =>
    `matrix/unexpected-access ${arn} | workload ship (sub ${MAIN}) ${verb} ${arn}, which is neither an environment role nor a workload role: a workload is granted its own roles only`;
  assert.deepEqual(lines(w), [reaches(landing), reaches(stray), reaches(odd, "may reach")]);
  assert.deepEqual(whats(w), [
    ["web identity → sts:AssumeRoleWithWebIdentity: Allow"],
    ["web identity → sts:AssumeRoleWithWebIdentity: Allow"],
    [
      "web identity → sts:AssumeRoleWithWebIdentity: ImplicitDeny (no allow in: resource); undecided: unknown condition operator StringEqualsFancy",
    ],
  ]);
  assert.deepEqual([w.granted, cells(w)[0]], [3, ["workload", [], ["ship"], ["dev make"]]]);
});

test("wildcard subjects match as IAM's StringLike does: '.' literal, '?' one character, '*' across lines", () => {
  const globs = design.replace(
    /workloads:[\s\S]*$/,
    `workloads:
  g:
    oidc:
      url: "https://ci.example.com/x"
      audience: aud1
      subject: ["a.b:one", "a.b:*", "c:one", "c:one?sekisho-probe", "d:x\\ny", "d:*"]
    allowWildcard: globs
    can: { dev: look }
`,
  );
  // Each exact subject's neighbours that a wildcard beside it covers are the model's: not asked.
  const w = matrix(undefined, globs);
  assert.deepEqual([w.failures, w.evaluated], [[], 39]);
});

test("a trust with an end date lets the workload in before it, judged at the proof's time", () => {
  const until = (date: string) =>
    matrix((_, find) => {
      shipTrust(find).Condition.DateLessThan = { "aws:CurrentTime": date };
    });
  assert.deepEqual(lines(until("2026-12-01T00:00:00Z")), []);
  assert.deepEqual(lines(until("2026-11-01T00:00:00Z")), [
    `matrix/missing-access ${SHIP} | workload ship (sub ${MAIN}) should reach dev make but cannot`,
  ]);
});
