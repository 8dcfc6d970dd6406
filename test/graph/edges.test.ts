// The graph's edges as reports show them: exact methods, evidence and conditions, the words a
// report uses for each method, the caller-controlled keys, and the paths reach() and
// reachers() give back. methods.test.ts asks only "does it escalate"; this asks "how, exactly".
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Decision } from "../../src/engine/types.js";
import { callerKey, callerKeysOf, conditionalOn, keyName } from "../../src/graph/caller-keys.js";
import {
  accountOfNode,
  adminNode,
  chainFrom,
  type Edge,
  type GraphOptions,
  isAdminNode,
  isResourcesNode,
  pathTo,
  reach,
  reachers,
  resourcesNode,
  towards,
} from "../../src/graph/graph.js";
import { METHOD_SERVICES, methodInWords } from "../../src/graph/methods.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState } from "../../src/state/org-state.js";
import type { Statement } from "../../src/state/policy.js";
import {
  A,
  ATTACKER,
  allow,
  customerPolicy,
  doc,
  graphOf,
  group,
  role,
  roleArn,
  state,
  trustService,
  trustUser,
  user,
  userArn,
} from "./account.js";

/** Edges without the engine's decisions: what a report prints. */
const shown = (edges: Edge[]) =>
  edges.map((e) => ({
    ...e,
    evidence: e.evidence.map((x) => ({
      what: x.what,
      ...(x.decision ? { verdict: x.decision.verdict } : {}),
    })),
  }));

test("each method in words, as reports print it", () => {
  const cases: [string, string][] = [
    ["P1 sts:AssumeRole", "assumes it (sts:AssumeRole)"],
    [
      "14 iam:UpdateAssumeRolePolicy",
      "rewrites its trust policy to let itself in (iam:UpdateAssumeRolePolicy)",
    ],
    ["7-12 iam:PutRolePolicy", "rewrites its permissions (iam:PutRolePolicy)"],
    ["8/11 iam:PutGroupPolicy on devs", "rewrites the permissions of its group devs (iam:PutGroupPolicy)"],
    ["4-6 iam:CreateAccessKey", "gives itself the user's credentials (iam:CreateAccessKey)"],
    [
      `1-2 iam:CreatePolicyVersion on arn:aws:iam::${A}:policy/mine`,
      `makes a new default version of arn:aws:iam::${A}:policy/mine, attached to it (iam:CreatePolicyVersion)`,
    ],
    ["13 iam:AddUserToGroup", "joins a group (iam:AddUserToGroup)"],
    ["if a resource runs as the role", "is a resource that may run as the role"],
    ["account admin", "as admin of the account, acts as it"],
    [
      "15 lambda:CreateFunction + InvokeFunction",
      "passes the role to lambda.amazonaws.com (iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction)",
    ],
    [
      "21 cloudformation:UpdateStack",
      "takes over a resource of cloudformation.amazonaws.com that runs as a role (cloudformation:UpdateStack or cloudformation:ExecuteChangeSet)",
    ],
    [
      "ec2:ModifyInstanceAttribute + StopInstances + StartInstances",
      "takes over a resource of ec2.amazonaws.com that runs as a role (ec2:ModifyInstanceAttribute + ec2:StopInstances + ec2:StartInstances)",
    ],
    [
      `7-12 iam:PutUserPolicy, then act as ${ATTACKER}`,
      `rewrites its permissions (iam:PutUserPolicy), then acts as ${ATTACKER} with those permissions`,
    ],
    ["99 something new", "something new"],
    ["P7/8 something newer", "something newer"],
    ["a method without a number", "a method without a number"],
  ];
  assert.deepEqual(
    cases.map(([m]) => [m, methodInWords(m)]),
    cases,
  );
});

test("the services whose trust is checked: each method's service once, sorted", () => {
  assert.deepEqual(METHOD_SERVICES, [
    "bedrock-agentcore.amazonaws.com",
    "cloudformation.amazonaws.com",
    "codebuild.amazonaws.com",
    "codestar.amazonaws.com",
    "datapipeline.amazonaws.com",
    "ec2.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "glue.amazonaws.com",
    "lambda.amazonaws.com",
    "sagemaker.amazonaws.com",
    "tasks.apprunner.amazonaws.com",
  ]);
});

test("caller-controlled keys: spelled as AWS does, why the caller meets them, those a state tests", () => {
  assert.deepEqual(
    [
      "aws:requesttag/team",
      "aws:sourceip",
      "aws:tokenissuetime",
      "aws:requestedregion",
      "aws:principalarn",
    ].map(keyName),
    ["aws:RequestTag/team", "aws:SourceIp", "aws:TokenIssueTime", "aws:RequestedRegion", "aws:principalarn"],
  );
  assert.deepEqual(callerKey("aws:requesttag/team"), {
    how: "free",
    why: "the caller chooses the tags its request sets",
  });
  assert.equal(callerKey("aws:sourcevpc")?.how, "network");
  assert.equal(callerKey("aws:useragent")?.how, "free");
  assert.equal(callerKey("aws:principalarn"), undefined);
  // An aws:RequestTag key anywhere a principal's policies, boundary or trust test it is one more.
  const boundaried = user("b", []);
  boundaried.PermissionsBoundary = {
    PermissionsBoundaryType: "Policy",
    PermissionsBoundaryArn: `arn:aws:iam::${A}:policy/fence`,
  };
  const fence = customerPolicy("fence");
  fence.PolicyVersionList[0]!.Document = doc(
    allow("*", "*", { StringEquals: { "aws:RequestTag/Fence": "x" } }),
  );
  const s = state(
    [
      user("a", [allow("s3:*", "*", { StringEquals: { "aws:RequestTag/Project": "x", "s3:prefix": "y" } })]),
      boundaried,
    ],
    [role("r", [trustUser(ATTACKER, { StringLike: { "aws:requesttag/Trust": "x" } })], [])],
    [],
    [fence],
  );
  assert.deepEqual(callerKeysOf(indexState(s)), [
    "aws:requestedregion",
    "aws:requesttag/fence",
    "aws:requesttag/project",
    "aws:requesttag/trust",
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:tagkeys",
    "aws:tokenissuetime",
    "aws:useragent",
  ]);
});

test("a decision turns on caller-controlled keys only when every open point is one", () => {
  const open = (...reasons: string[]): Decision =>
    ({
      verdict: "ImplicitDeny",
      accessCertain: false,
      uncertain: reasons.map((reason, index) => ({ policyId: "p", index, reason })),
    }) as unknown as Decision;
  const unknown = (k: string) => `${k} is in every real request and its value is not known here`;
  assert.deepEqual(
    conditionalOn(open(unknown("aws:sourceip"), unknown("aws:requestedregion"), unknown("aws:sourceip"))),
    ["aws:requestedregion", "aws:sourceip"],
  );
  assert.equal(conditionalOn(open(unknown("aws:sourceip"), unknown("aws:principalarn"))), undefined);
  assert.equal(
    conditionalOn(open(unknown("aws:sourceip"), "a NotPrincipal the engine cannot decide")),
    undefined,
  );
  assert.equal(conditionalOn(open(`x ${unknown("aws:sourceip")}`)), undefined);
  assert.equal(conditionalOn(open()), undefined);
  assert.equal(conditionalOn({ ...open(unknown("aws:sourceip")), accessCertain: true }), undefined);
});

test("nodes: the account of an ARN, an admin node, a resources node", () => {
  assert.equal(accountOfNode(roleArn("r")), A);
  assert.equal(accountOfNode(`${ATTACKER}+group:devs`), A);
  assert.equal(accountOfNode(`arn:aws:iam::${A}`), A);
  assert.equal(accountOfNode("arn:aws:iam"), "");
  assert.equal(accountOfNode(adminNode(A)), A);
  assert.equal(adminNode(A), `admin-of:${A}`);
  assert.equal(
    resourcesNode(A, "18 lambda:UpdateFunctionCode"),
    `resources-of:${A}:18 lambda:UpdateFunctionCode`,
  );
  assert.equal(accountOfNode(resourcesNode(A, "18 lambda:UpdateFunctionCode")), A);
  assert.deepEqual(
    [isAdminNode(adminNode(A)), isAdminNode(roleArn("admin-of:x")), isResourcesNode(resourcesNode(A, "m"))],
    [true, false, true],
  );
  assert.equal(isResourcesNode(roleArn("resources-of:x")), false);
});

/** One attacker who may do a bit of everything, each on one target. */
function everything(): OrgState {
  const mine = customerPolicy("mine");
  return state(
    [
      user("attacker", [
        allow("iam:PutRolePolicy", roleArn("helper")),
        allow("iam:UpdateAssumeRolePolicy", roleArn("helper")),
        allow("iam:CreateAccessKey", `arn:aws:iam::${A}:user/admin`),
        allow("iam:PutGroupPolicy", `arn:aws:iam::${A}:group/devs`),
        allow("iam:CreatePolicyVersion", mine.Arn),
        allow("lambda:UpdateFunctionCode"),
        allow(["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"]),
        allow("iam:PassRole", roleArn("box")),
        allow("ec2:RunInstances"),
      ]),
      user("admin", [allow("*")], ["devs"]),
      user("bob", [], [], [mine.Arn]),
    ],
    [
      role("helper", [trustService("glue.amazonaws.com")], []),
      role("fn", [trustService("lambda.amazonaws.com")], [allow("*")]),
      role("box", [trustService("ec2.amazonaws.com")], [allow("*")], true),
    ],
    [group("devs", [])],
    [mine],
  );
}

/** Attackers joining groups, roles behind conditions: for the remaining edge kinds. */
function joinsAndConditions(): OrgState {
  return state(
    [
      user(
        "attacker",
        [
          allow("iam:AddUserToGroup", [
            `arn:aws:iam::${A}:group/b-team`,
            `arn:aws:iam::${A}:group/a-team`,
            `arn:aws:iam::${A}:group/c-team`,
          ]),
          allow(["sts:AssumeRole", "sts:SetSourceIdentity"]),
        ],
        ["c-team"],
      ),
    ],
    [
      role(
        "guarded",
        [trustUser(ATTACKER, { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } })],
        [allow(["sts:AssumeRole", "sts:SetSourceIdentity"])],
      ),
      role(
        "hop",
        [{ ...trustUser(roleArn("guarded")), Action: ["sts:AssumeRole", "sts:SetSourceIdentity"] }],
        [],
      ),
    ],
    [
      group("b-team", [allow("s3:ListBucket")]),
      group("a-team", [allow("s3:ListBucket")]),
      group("c-team", []),
    ],
  );
}

const step = (
  from: string,
  to: string,
  kind: Edge["kind"],
  method: string,
  what: string,
  verdict?: string,
) => ({
  from,
  to,
  kind,
  method,
  evidence: [{ what, ...(verdict ? { verdict } : {}) }],
});
const HUB_LAMBDA = resourcesNode(A, "18 lambda:UpdateFunctionCode");
const HUB_EC2 = resourcesNode(A, "ec2:ModifyInstanceAttribute + StopInstances + StartInstances");

test("every edge kind with its exact method and evidence; an admin's own rewrite ends its search", () => {
  const g = graphOf(everything());
  assert.deepEqual(shown(g.edges), [
    // Roles with "*" can rewrite themselves: admin of the account, nothing more is listed for them.
    step(roleArn("fn"), roleArn("fn"), "grant", "7-12 iam:PutRolePolicy", "iam:PutRolePolicy", "Allow"),
    step(roleArn("box"), roleArn("box"), "grant", "7-12 iam:PutRolePolicy", "iam:PutRolePolicy", "Allow"),
    step(ATTACKER, roleArn("helper"), "grant", "7-12 iam:PutRolePolicy", "iam:PutRolePolicy", "Allow"),
    step(
      ATTACKER,
      roleArn("helper"),
      "move",
      "14 iam:UpdateAssumeRolePolicy",
      "iam:UpdateAssumeRolePolicy",
      "Allow",
    ),
    step(
      ATTACKER,
      roleArn("box"),
      "move",
      "3 ec2:RunInstances with an instance profile",
      "iam:PassRole",
      "Allow",
    ),
    step(ATTACKER, userArn("admin"), "move", "4-6 iam:CreateAccessKey", "iam:CreateAccessKey", "Allow"),
    step(
      ATTACKER,
      userArn("admin"),
      "grant",
      "8/11 iam:PutGroupPolicy on devs",
      "iam:PutGroupPolicy",
      "Allow",
    ),
    step(
      ATTACKER,
      userArn("bob"),
      "grant",
      `1-2 iam:CreatePolicyVersion on arn:aws:iam::${A}:policy/mine`,
      "iam:CreatePolicyVersion",
      "Allow",
    ),
    step(
      HUB_LAMBDA,
      roleArn("fn"),
      "move",
      "if a resource runs as the role",
      "the role's trust lets lambda.amazonaws.com assume it",
    ),
    step(
      ATTACKER,
      HUB_LAMBDA,
      "move",
      "18 lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionCode may be allowed (catalog scan)",
    ),
    step(
      HUB_EC2,
      roleArn("box"),
      "move",
      "if a resource runs as the role",
      "the role's trust lets ec2.amazonaws.com assume it, and it has an instance profile",
    ),
    step(
      ATTACKER,
      HUB_EC2,
      "move",
      "ec2:ModifyInstanceAttribute + StopInstances + StartInstances",
      "ec2:ModifyInstanceAttribute and ec2:StopInstances and ec2:StartInstances may be allowed (catalog scan)",
    ),
    step(userArn("admin"), userArn("admin"), "grant", "7-12 iam:PutUserPolicy", "iam:PutUserPolicy", "Allow"),
    step(
      userArn("admin"),
      userArn("admin"),
      "grant",
      "8/11 iam:PutGroupPolicy on devs",
      "iam:PutGroupPolicy",
      "Allow",
    ),
  ]);
  assert.deepEqual(g.undecided, []);
  assert.deepEqual(
    [...g.out.keys()],
    [roleArn("fn"), roleArn("box"), ATTACKER, HUB_LAMBDA, HUB_EC2, userArn("admin")],
  );
  assert.deepEqual(
    g.out.get(ATTACKER)!.map((e) => e.method),
    g.edges.filter((e) => e.from === ATTACKER).map((e) => e.method),
  );
  assert.deepEqual(
    [...g.accountPrincipals],
    [
      [
        A,
        [
          roleArn("helper"),
          roleArn("fn"),
          roleArn("box"),
          userArn("attacker"),
          userArn("admin"),
          userArn("bob"),
        ],
      ],
    ],
  );
});

test("reach: the first edge to each node, a grant on what one can act as makes admin, the path to it", () => {
  const g = graphOf(everything());
  const r = reach(g, ATTACKER);
  assert.deepEqual(
    [...r.keys()],
    [
      ATTACKER,
      roleArn("helper"),
      roleArn("box"),
      userArn("admin"),
      HUB_LAMBDA,
      HUB_EC2,
      roleArn("fn"),
      adminNode(A),
      userArn("bob"),
    ],
  );
  assert.deepEqual(
    pathTo(r, adminNode(A)).map((e) => [e.from, e.to, e.kind, e.method]),
    [[ATTACKER, adminNode(A), "move", `7-12 iam:PutRolePolicy, then act as ${roleArn("helper")}`]],
  );
  assert.deepEqual(
    pathTo(r, roleArn("fn")).map((e) => [e.from, e.to, e.method]),
    [
      [ATTACKER, HUB_LAMBDA, "18 lambda:UpdateFunctionCode"],
      [HUB_LAMBDA, roleArn("fn"), "if a resource runs as the role"],
    ],
  );
  // Admin of the account acts as any of its principals: bob is reached that way.
  assert.deepEqual(
    pathTo(r, userArn("bob")).map((e) => [e.from, e.to, e.method]),
    [
      [ATTACKER, adminNode(A), `7-12 iam:PutRolePolicy, then act as ${roleArn("helper")}`],
      [adminNode(A), userArn("bob"), "account admin"],
    ],
  );
  assert.deepEqual(pathTo(r, ATTACKER), []);
  // With a stop, the search ends at the first node it accepts.
  const stopped = reach(g, ATTACKER, (n) => n === roleArn("box"));
  assert.deepEqual([...stopped.keys()], [ATTACKER, roleArn("helper"), roleArn("box")]);
});

test("a grant counts only once its source can also act as its target", () => {
  // bob's policy may be rewritten, but nobody can act as bob: no admin, bob not reached.
  const mine = customerPolicy("mine");
  const g = graphOf(
    state(
      [user("attacker", [allow("iam:CreatePolicyVersion", mine.Arn)]), user("bob", [], [], [mine.Arn])],
      [],
      [],
      [mine],
    ),
  );
  assert.deepEqual(
    g.edges.map((e) => [e.from, e.to, e.kind]),
    [[ATTACKER, userArn("bob"), "grant"]],
  );
  assert.deepEqual([...reach(g, ATTACKER).keys()], [ATTACKER]);
  assert.deepEqual([...reach(g, userArn("bob")).keys()], [userArn("bob")]);
  const { byMoves, byGrants } = reachers(g, [adminNode(A)]);
  assert.deepEqual([[...byMoves.keys()], [...byGrants]], [[adminNode(A)], []]);
});

test("reachers: who meets a target by moves (with the first step), who by a grant on what they reach", () => {
  const g = graphOf(everything());
  const { byMoves, byGrants } = reachers(g, [roleArn("fn")]);
  assert.deepEqual(
    [...byMoves].map(([n, e]) => [n, e?.method]),
    [
      [roleArn("fn"), undefined],
      [HUB_LAMBDA, "if a resource runs as the role"],
      [ATTACKER, "18 lambda:UpdateFunctionCode"],
    ],
  );
  assert.deepEqual(
    chainFrom(byMoves, ATTACKER).map((e) => e.to),
    [HUB_LAMBDA, roleArn("fn")],
  );
  // The grant on helper counts for whoever reaches both its ends: the attacker reaches admin.
  const admin = reachers(g, [adminNode(A)]);
  assert.deepEqual([...admin.byMoves.keys()], [adminNode(A)]);
  assert.deepEqual([...admin.byGrants].sort(), [
    roleArn("box"),
    roleArn("fn"),
    userArn("admin"),
    ATTACKER,
    HUB_LAMBDA,
    HUB_EC2,
  ]);
  // byGrants assumes the admin nodes are among the targets (as audit passes them): whoever
  // reaches both ends of a grant, and not the targets by moves.
  assert.deepEqual([...byGrants].sort(), [roleArn("box"), userArn("admin"), HUB_EC2]);
  // towards() over edges by target, directly.
  const into = new Map<string, Edge[]>([
    ["b", [{ from: "a", to: "b", kind: "move", method: "m", evidence: [] }]],
  ]);
  assert.deepEqual([...towards(into, ["b", "b"]).keys()], ["b", "a"]);
});

test("joining groups: one node per set of groups, the same whatever the order; no edge into a group one is in", () => {
  const g = graphOf(joinsAndConditions());
  const joined = (...gs: string[]) => [ATTACKER, ...gs].join("+group:");
  assert.deepEqual(shown(g.edges.filter((e) => e.method.startsWith("13 "))), [
    step(
      ATTACKER,
      joined("b-team"),
      "move",
      "13 iam:AddUserToGroup",
      `iam:AddUserToGroup on arn:aws:iam::${A}:group/b-team`,
      "Allow",
    ),
    step(
      ATTACKER,
      joined("a-team"),
      "move",
      "13 iam:AddUserToGroup",
      `iam:AddUserToGroup on arn:aws:iam::${A}:group/a-team`,
      "Allow",
    ),
    step(
      joined("b-team"),
      joined("a-team", "b-team"),
      "move",
      "13 iam:AddUserToGroup",
      `iam:AddUserToGroup on arn:aws:iam::${A}:group/a-team`,
      "Allow",
    ),
    step(
      joined("a-team"),
      joined("a-team", "b-team"),
      "move",
      "13 iam:AddUserToGroup",
      `iam:AddUserToGroup on arn:aws:iam::${A}:group/b-team`,
      "Allow",
    ),
  ]);
  assert.equal(accountOfNode(joined("a-team", "b-team")), A);
});

test("a condition on a key the caller sets: no step for prove, a conditional step for audit", () => {
  const prove = graphOf(joinsAndConditions());
  assert.deepEqual(
    prove.edges.filter((e) => e.method.startsWith("P1 ")).map((e) => [e.from, e.to, e.conditional]),
    [[roleArn("guarded"), roleArn("hop"), undefined]],
  );
  const audit = graphOf(joinsAndConditions(), { callerControlled: true });
  assert.deepEqual(shown(audit.edges.filter((e) => e.method.startsWith("P1 "))), [
    {
      ...step(ATTACKER, roleArn("guarded"), "move", "P1 sts:AssumeRole", "sts:AssumeRole", "ImplicitDeny"),
      conditional: ["aws:sourceip"],
    },
    step(roleArn("guarded"), roleArn("hop"), "move", "P1 sts:AssumeRole", "sts:AssumeRole", "Allow"),
  ]);
  // The conditional step still leads on.
  assert.equal(reach(audit, ATTACKER).has(roleArn("hop")), true);
  assert.equal(reach(prove, ATTACKER).has(roleArn("hop")), false);
});

test("with source identity, a role's session must also be allowed sts:SetSourceIdentity to switch on", () => {
  const hop = (o: Partial<GraphOptions>) =>
    shown(graphOf(joinsAndConditions(), o).edges.filter((e) => e.to === roleArn("hop")))[0]!.evidence;
  assert.deepEqual(hop({ sourceIdentity: true }), [
    { what: "sts:AssumeRole", verdict: "Allow" },
    { what: "sts:SetSourceIdentity", verdict: "Allow" },
  ]);
  assert.deepEqual(hop({}), [{ what: "sts:AssumeRole", verdict: "Allow" }]);
  assert.deepEqual(hop({ sourceIdentity: (p) => p.name !== "guarded" }), [
    { what: "sts:AssumeRole", verdict: "Allow" },
  ]);
  assert.deepEqual(hop({ sourceIdentity: (p) => p.name === "guarded" }).length, 2);
  // hop's trust does not allow SetSourceIdentity to a role without it: no step.
  const s = joinsAndConditions();
  s.accounts[0]!.authorizationDetails.RoleDetailList[1]!.AssumeRolePolicyDocument = doc(
    trustUser(roleArn("guarded")),
  );
  assert.deepEqual(
    graphOf(s, { sourceIdentity: true }).edges.filter((e) => e.to === roleArn("hop")),
    [],
  );
  assert.equal(graphOf(s, {}).edges.filter((e) => e.to === roleArn("hop")).length, 1);
});

test("what the engine cannot decide is listed, naming who, what and on what", () => {
  const c = { NumericLessThan: { "aws:MultiFactorAuthAge": "1e3" } };
  const mine = customerPolicy("mine");
  const s = state(
    [
      user(
        "attacker",
        [
          allow("sts:AssumeRole"),
          allow("iam:PutUserPolicy", ATTACKER, c),
          allow("iam:CreatePolicyVersion", mine.Arn, c),
        ],
        [],
        [mine.Arn],
      ),
    ],
    [role("odd", [trustUser(ATTACKER, c)], [])],
    [],
    [mine],
  );
  const why = 'NumericLessThan value "1e3" is not a valid numeric value';
  for (const callerControlled of [false, true]) {
    const g = graphOf(s, { callerControlled });
    assert.deepEqual(g.edges, []);
    assert.deepEqual(g.undecided, [
      {
        subject: roleArn("odd"),
        message: `cannot decide whether ${ATTACKER} can assume ${roleArn("odd")}: ${roleArn("odd")}#trust[0]: ${why}`,
      },
      {
        subject: ATTACKER,
        message: `cannot decide iam:PutUserPolicy by ${ATTACKER} on ${ATTACKER}: ${ATTACKER}#inline:p[1]: ${why}`,
      },
      {
        subject: ATTACKER,
        message: `cannot decide iam:CreatePolicyVersion on ${mine.Arn}: ${ATTACKER}#inline:p[2]: ${why}`,
      },
    ]);
  }
});

test("role trusts: who is tried as a caller, by name, by account, by a PrincipalArn list or by anyone", () => {
  const ROOT = `arn:aws:iam::${A}:root`;
  /** Which users get a P1 step into role "target" with this trust. */
  const callers = (...trust: Statement[]) =>
    graphOf(
      state(
        [user("attacker", [allow("sts:AssumeRole")]), user("idle", [allow("s3:ListBucket")])],
        [role("target", trust, [])],
      ),
    )
      .edges.filter((e) => e.to === roleArn("target"))
      .map((e) => e.from);
  const aws = (AWS: string | string[], Condition?: Statement["Condition"]): Statement => ({
    Effect: "Allow",
    Principal: { AWS },
    Action: "sts:AssumeRole",
    ...(Condition ? { Condition } : {}),
  });
  // Named: the user's own identity policies do not matter in the same account.
  assert.deepEqual(callers(aws(userArn("idle"))), [userArn("idle")]);
  assert.deepEqual(callers(aws([userArn("attacker"), userArn("idle")])), [
    userArn("attacker"),
    userArn("idle"),
  ]);
  // The account: only those whose policies allow sts:AssumeRole.
  assert.deepEqual(callers(aws(ROOT)), [userArn("attacker")]);
  assert.deepEqual(callers(aws(A)), [userArn("attacker")]);
  // The account narrowed to an exact list of aws:PrincipalArn, any spelling of the operator and key.
  assert.deepEqual(callers(aws(ROOT, { ArnEquals: { "aws:PrincipalArn": [userArn("idle")] } })), []);
  assert.deepEqual(callers(aws(ROOT, { ArnEquals: { "aws:principalarn": userArn("attacker") } })), [
    userArn("attacker"),
  ]);
  assert.deepEqual(callers(aws(ROOT, { StringEquals: { "AWS:PrincipalArn": [userArn("attacker")] } })), [
    userArn("attacker"),
  ]);
  // A pattern in the list, or a principal that is not an account: everyone is tried.
  assert.deepEqual(callers(aws(ROOT, { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${A}:user/att*` } })), [
    userArn("attacker"),
  ]);
  // ArnEquals matches * and ? as ArnLike does (AWS): a pattern there is no exact name either.
  assert.deepEqual(
    callers(aws(ROOT, { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${A}:user/att?cker` } })),
    [userArn("attacker")],
  );
  // Anyone: a resource policy naming "*" needs no identity policy in the same account.
  assert.deepEqual(callers(aws("*")), [userArn("attacker"), userArn("idle")]);
  assert.deepEqual(callers({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }), [
    userArn("attacker"),
    userArn("idle"),
  ]);
  assert.deepEqual(
    callers({ Effect: "Allow", NotPrincipal: { AWS: userArn("idle") }, Action: "sts:AssumeRole" }),
    [userArn("attacker")],
  );
  // A Deny statement names nobody; a federated or service principal is no caller of the graph.
  assert.deepEqual(callers({ ...aws(userArn("idle")), Effect: "Deny" }, aws(ROOT)), [userArn("attacker")]);
  assert.deepEqual(
    callers(
      { Effect: "Allow", Principal: { Federated: "x" }, Action: "sts:AssumeRole" },
      aws(userArn("idle")),
    ),
    [userArn("idle")],
  );
  assert.deepEqual(callers(trustService("lambda.amazonaws.com")), []);
});

test("a role a service may assume: by a Service principal, by anyone, by NotPrincipal; an instance profile for EC2", () => {
  /** The roles that updating a Lambda function's code, or SSM on an instance, may run as. */
  const runsAs = (trust: Statement[], profile = false) =>
    graphOf(
      state(
        [user("attacker", [allow(["lambda:UpdateFunctionCode", "ssm:SendCommand"])])],
        [role("target", trust, [allow("s3:ListBucket")], profile)],
      ),
    )
      .edges.filter((e) => e.to === roleArn("target") && isResourcesNode(e.from))
      .map((e) => e.from)
      .sort();
  const LAMBDA = resourcesNode(A, "18 lambda:UpdateFunctionCode");
  const SSM = resourcesNode(A, "P2 ssm:SendCommand / StartSession");
  assert.deepEqual(runsAs([trustService("lambda.amazonaws.com")]), [LAMBDA]);
  assert.deepEqual(
    runsAs(
      [{ ...trustService("x"), Principal: { Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"] } }],
      true,
    ),
    [LAMBDA, SSM],
  );
  assert.deepEqual(runsAs([trustService("ec2.amazonaws.com")], false), []);
  assert.deepEqual(runsAs([{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }]), [LAMBDA]);
  assert.deepEqual(runsAs([{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }]), [
    LAMBDA,
  ]);
  assert.deepEqual(
    runsAs([{ Effect: "Allow", NotPrincipal: { AWS: userArn("x") }, Action: "sts:AssumeRole" }]),
    [LAMBDA],
  );
  // Only the services a trust names are let in; an Effect IAM does not know may allow (undecided).
  assert.deepEqual(runsAs([trustService("glue.amazonaws.com")]), []);
  assert.deepEqual(
    runsAs([JSON.parse('{"Effect":"allow","Principal":{"Service":"lambda.amazonaws.com"}}')]),
    [LAMBDA],
  );
  // Named principals only, or a Deny: no service.
  assert.deepEqual(runsAs([trustUser(userArn("x"))]), []);
  assert.deepEqual(runsAs([{ ...trustService("lambda.amazonaws.com"), Effect: "Deny" }]), []);
  // A condition the engine cannot decide counts as yes: over-report, never miss.
  assert.deepEqual(
    runsAs([
      {
        ...trustService("lambda.amazonaws.com"),
        Condition: { NumericLessThan: { "aws:PrincipalServiceName": "1e3" } },
      },
    ]),
    [LAMBDA],
  );
});

test("regression: a service role with AWS's confused-deputy condition still runs code for its own account", () => {
  // The trust AWS recommends for service roles names the account (aws:SourceAccount) or its
  // resources (aws:SourceArn). The graph once judged such a role closed to its service and
  // missed every path through it: a false "no escalation" on a common real-world role.
  const withCondition = (Condition: Statement["Condition"]) =>
    state(
      [user("attacker", [allow(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"])])],
      [role("power", [{ ...trustService("lambda.amazonaws.com"), Condition }], [allow("*")])],
    );
  const paths = (Condition: Statement["Condition"]) =>
    graphOf(withCondition(Condition))
      .edges.filter((e) => e.from === ATTACKER)
      .map((e) => e.method);
  const escalates = (Condition: Statement["Condition"]) =>
    reach(graphOf(withCondition(Condition)), ATTACKER).has(adminNode(A));
  assert.deepEqual(paths({ StringEquals: { "aws:SourceAccount": A } }), [
    "15 lambda:CreateFunction + InvokeFunction",
  ]);
  assert.equal(escalates({ StringEquals: { "aws:SourceAccount": A } }), true);
  assert.equal(escalates({ ArnLike: { "aws:SourceArn": `arn:aws:lambda:*:${A}:function:*` } }), true);
  assert.equal(
    escalates({
      StringEquals: { "aws:SourceAccount": A },
      ArnLike: { "aws:SourceArn": `arn:aws:lambda:eu-west-1:${A}:function:job` },
    }),
    true,
  );
  // A role only another account's resources may use cannot be passed from this one.
  assert.deepEqual(paths({ StringEquals: { "aws:SourceAccount": "999999999999" } }), []);
  assert.equal(escalates({ StringEquals: { "aws:SourceAccount": "999999999999" } }), false);
});
