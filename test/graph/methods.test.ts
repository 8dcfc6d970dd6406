// Every escalation method of the reference table (§7), written from its definition: a positive
// case, and a negative case where a resource constraint, a condition or a deny makes it
// unexploitable. Each builds a one-account state and asks the graph what the attacker reaches.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ScanCache } from "../../src/engine/scan-cache.js";
import { adminNode, buildGraph, reach, reachers } from "../../src/graph/graph.js";
import { indexState } from "../../src/sessions/principals.js";
import type { OrgState, RoleDetail, UserDetail } from "../../src/state/org-state.js";
import type { PolicyDocument, Statement } from "../../src/state/policy.js";

const A = "111122223333";
const ATTACKER = `arn:aws:iam::${A}:user/attacker`;
const doc = (...s: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: s });
const allow = (
  Action: string | string[],
  Resource: string | string[] = "*",
  Condition?: Statement["Condition"],
): Statement => ({ Effect: "Allow", Action, Resource, ...(Condition ? { Condition } : {}) });
const deny = (Action: string | string[], Resource: string | string[] = "*"): Statement => ({
  Effect: "Deny",
  Action,
  Resource,
});
const ADMIN_DOC = doc(allow("*"));

function user(name: string, statements: Statement[], groups: string[] = []): UserDetail {
  return {
    Path: "/",
    UserName: name,
    UserId: `AIDA${name.toUpperCase()}`,
    Arn: `arn:aws:iam::${A}:user/${name}`,
    CreateDate: "x",
    UserPolicyList: statements.length ? [{ PolicyName: "p", PolicyDocument: doc(...statements) }] : [],
    GroupList: groups,
    AttachedManagedPolicies: [],
  };
}

function role(
  name: string,
  trust: Statement,
  policy: PolicyDocument,
  opts: { profile?: boolean; managed?: string[] } = {},
): RoleDetail {
  return {
    Path: "/",
    RoleName: name,
    RoleId: `AROA${name.toUpperCase()}`,
    Arn: `arn:aws:iam::${A}:role/${name}`,
    CreateDate: "x",
    AssumeRolePolicyDocument: doc(trust),
    InstanceProfileList: opts.profile
      ? [
          {
            Path: "/",
            InstanceProfileName: name,
            InstanceProfileId: "AIPA1",
            Arn: `arn:aws:iam::${A}:instance-profile/${name}`,
            CreateDate: "x",
            Roles: [],
          },
        ]
      : [],
    RolePolicyList: [{ PolicyName: "p", PolicyDocument: policy }],
    AttachedManagedPolicies: (opts.managed ?? []).map((arn) => ({
      PolicyName: arn.split("/").pop()!,
      PolicyArn: arn,
    })),
  };
}

const trustService = (svc: string): Statement => ({
  Effect: "Allow",
  Principal: { Service: svc },
  Action: "sts:AssumeRole",
});
const ADMIN_ROLE = (svc: string, profile = false) => role("power", trustService(svc), ADMIN_DOC, { profile });

function state(
  users: UserDetail[],
  roles: RoleDetail[] = [],
  extra: Partial<OrgState["accounts"][number]["authorizationDetails"]> = {},
): OrgState {
  return {
    accounts: [
      {
        accountId: A,
        samlProviders: [],
        authorizationDetails: {
          UserDetailList: users,
          GroupDetailList: extra.GroupDetailList ?? [],
          RoleDetailList: roles,
          Policies: extra.Policies ?? [],
        },
      },
    ],
  };
}

/** Does the attacker reach admin of the account, or the admin role "power"? */
function escalates(s: OrgState): boolean {
  const index = indexState(s);
  const graph = buildGraph(index, new ScanCache(), { clock: { now: "2026-11-28T00:00:00Z" } });
  const r = reach(graph, ATTACKER);
  return (
    r.has(adminNode(A)) || r.has(`arn:aws:iam::${A}:role/power`) || r.has(`arn:aws:iam::${A}:user/admin`)
  );
}

const ADMIN_USER = user("admin", [allow("*")]);
const CUSTOMER = `arn:aws:iam::${A}:policy/attacker-policy`;
const customerPolicy = {
  PolicyName: "attacker-policy",
  PolicyId: "ANPA1",
  Arn: CUSTOMER,
  Path: "/",
  DefaultVersionId: "v1",
  AttachmentCount: 1,
  PermissionsBoundaryUsageCount: 0,
  IsAttachable: true,
  CreateDate: "x",
  UpdateDate: "x",
  PolicyVersionList: [
    { Document: doc(allow("s3:ListBucket")), VersionId: "v1", IsDefaultVersion: true, CreateDate: "x" },
  ],
};

interface Case {
  method: string;
  positive: () => OrgState;
  negative: [string, () => OrgState][];
}

const withAttached = (statements: Statement[]) => {
  const u = user("attacker", statements);
  u.AttachedManagedPolicies = [{ PolicyName: "attacker-policy", PolicyArn: CUSTOMER }];
  return state([u], [], { Policies: [customerPolicy] });
};

const passRole = (svc: string, actions: string[], profile = false, passCondition?: Statement["Condition"]) =>
  state(
    [
      user("attacker", [
        allow("iam:PassRole", `arn:aws:iam::${A}:role/power`, passCondition),
        allow(actions),
      ]),
    ],
    [ADMIN_ROLE(svc, profile)],
  );

/** The attacker may rewrite a policy that only a role carries, and the role trusts `trusted`. */
const versionOnRole = (trusted: string) =>
  state(
    [user("attacker", [allow("iam:CreatePolicyVersion", CUSTOMER), allow("sts:AssumeRole")])],
    [
      role(
        "helper",
        { Effect: "Allow", Principal: { AWS: trusted }, Action: "sts:AssumeRole" },
        doc(allow("s3:ListBucket")),
        { managed: [CUSTOMER] },
      ),
    ],
    { Policies: [customerPolicy] },
  );

const CASES: Case[] = [
  {
    method: "1 iam:CreatePolicyVersion on a policy attached to oneself",
    positive: () => withAttached([allow("iam:CreatePolicyVersion", CUSTOMER)]),
    negative: [
      [
        "only on another policy",
        () => withAttached([allow("iam:CreatePolicyVersion", `arn:aws:iam::${A}:policy/other`)]),
      ],
    ],
  },
  {
    method: "1 iam:CreatePolicyVersion on a policy attached to a role one can assume",
    positive: () => versionOnRole(ATTACKER),
    negative: [["the role trusts someone else", () => versionOnRole(`arn:aws:iam::${A}:user/intern`)]],
  },
  {
    method: "2 iam:SetDefaultPolicyVersion",
    positive: () => withAttached([allow("iam:SetDefaultPolicyVersion", CUSTOMER)]),
    negative: [
      [
        "denied by a second statement",
        () => withAttached([allow("iam:SetDefaultPolicyVersion", CUSTOMER), deny("iam:*")]),
      ],
    ],
  },
  {
    method: "3 iam:PassRole + ec2:RunInstances (instance profile)",
    positive: () => passRole("ec2.amazonaws.com", ["ec2:RunInstances"], true),
    negative: [
      ["the role has no instance profile", () => passRole("ec2.amazonaws.com", ["ec2:RunInstances"], false)],
      [
        "PassRole only to Lambda",
        () =>
          passRole("ec2.amazonaws.com", ["ec2:RunInstances"], true, {
            StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" },
          }),
      ],
    ],
  },
  {
    method: "3 iam:PassRole + ec2:RunInstances, making the instance profile the role lacks",
    positive: () =>
      passRole(
        "ec2.amazonaws.com",
        ["ec2:RunInstances", "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile"],
        false,
      ),
    negative: [
      [
        "can create a profile but not add the role to it",
        () => passRole("ec2.amazonaws.com", ["ec2:RunInstances", "iam:CreateInstanceProfile"], false),
      ],
      [
        "can add the role to a profile but not create one",
        () => passRole("ec2.amazonaws.com", ["ec2:RunInstances", "iam:AddRoleToInstanceProfile"], false),
      ],
    ],
  },
  {
    method: "4 iam:CreateAccessKey on another user",
    positive: () =>
      state([user("attacker", [allow("iam:CreateAccessKey", `arn:aws:iam::${A}:user/admin`)]), ADMIN_USER]),
    negative: [
      [
        "only on a harmless user",
        () =>
          state([
            user("attacker", [allow("iam:CreateAccessKey", `arn:aws:iam::${A}:user/intern`)]),
            ADMIN_USER,
          ]),
      ],
      [
        "denied by a second policy",
        () =>
          state([
            user("attacker", [
              allow("iam:CreateAccessKey"),
              deny("iam:CreateAccessKey", `arn:aws:iam::${A}:user/admin`),
            ]),
            ADMIN_USER,
          ]),
      ],
    ],
  },
  {
    method: "5 iam:CreateLoginProfile",
    positive: () => state([user("attacker", [allow("iam:CreateLoginProfile")]), ADMIN_USER]),
    negative: [
      [
        "only on users under /interns/",
        () =>
          state([
            user("attacker", [allow("iam:CreateLoginProfile", `arn:aws:iam::${A}:user/interns/*`)]),
            ADMIN_USER,
          ]),
      ],
    ],
  },
  {
    method: "6 iam:UpdateLoginProfile",
    positive: () => state([user("attacker", [allow("iam:UpdateLoginProfile")]), ADMIN_USER]),
    negative: [
      [
        "denied",
        () =>
          state([
            user("attacker", [allow("iam:UpdateLoginProfile"), deny("iam:UpdateLoginProfile")]),
            ADMIN_USER,
          ]),
      ],
    ],
  },
  {
    method: "7 iam:AttachUserPolicy on oneself",
    positive: () => state([user("attacker", [allow("iam:AttachUserPolicy", ATTACKER)])]),
    negative: [
      [
        "only ReadOnlyAccess may be attached",
        () =>
          state([
            user("attacker", [
              allow("iam:AttachUserPolicy", ATTACKER, {
                ArnEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess" },
              }),
            ]),
          ]),
      ],
    ],
  },
  {
    method: "8 iam:AttachGroupPolicy on one's group",
    positive: () => {
      const s = state([
        user("attacker", [allow("iam:AttachGroupPolicy", `arn:aws:iam::${A}:group/devs`)], ["devs"]),
      ]);
      s.accounts[0]!.authorizationDetails.GroupDetailList.push({
        Path: "/",
        GroupName: "devs",
        GroupId: "AGPA1",
        Arn: `arn:aws:iam::${A}:group/devs`,
        CreateDate: "x",
        GroupPolicyList: [],
        AttachedManagedPolicies: [],
      });
      return s;
    },
    negative: [
      [
        "on another group",
        () => {
          const s = state([
            user("attacker", [allow("iam:AttachGroupPolicy", `arn:aws:iam::${A}:group/other`)], ["devs"]),
          ]);
          s.accounts[0]!.authorizationDetails.GroupDetailList.push({
            Path: "/",
            GroupName: "devs",
            GroupId: "AGPA1",
            Arn: `arn:aws:iam::${A}:group/devs`,
            CreateDate: "x",
            GroupPolicyList: [],
            AttachedManagedPolicies: [],
          });
          return s;
        },
      ],
    ],
  },
  {
    method: "9 iam:AttachRolePolicy on a role one can assume",
    positive: () =>
      state(
        [
          user("attacker", [
            allow("iam:AttachRolePolicy", `arn:aws:iam::${A}:role/helper`),
            allow("sts:AssumeRole", `arn:aws:iam::${A}:role/helper`),
          ]),
        ],
        [
          role(
            "helper",
            { Effect: "Allow", Principal: { AWS: ATTACKER }, Action: "sts:AssumeRole" },
            doc(allow("s3:ListBucket")),
          ),
        ],
      ),
    negative: [
      [
        "on a role one cannot assume",
        () =>
          state(
            [user("attacker", [allow("iam:AttachRolePolicy", `arn:aws:iam::${A}:role/helper`)])],
            [role("helper", trustService("lambda.amazonaws.com"), doc(allow("s3:ListBucket")))],
          ),
      ],
    ],
  },
  {
    method: "10 iam:PutUserPolicy on oneself",
    positive: () => state([user("attacker", [allow("iam:PutUserPolicy", ATTACKER)])]),
    negative: [
      [
        "only on another, harmless user",
        () =>
          state([
            user("attacker", [allow("iam:PutUserPolicy", `arn:aws:iam::${A}:user/intern`)]),
            user("intern", []),
          ]),
      ],
    ],
  },
  {
    method: "12 iam:PutRolePolicy on a role one can assume",
    positive: () =>
      state(
        [user("attacker", [allow(["iam:PutRolePolicy", "sts:AssumeRole"], `arn:aws:iam::${A}:role/helper`)])],
        [
          role(
            "helper",
            { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "sts:AssumeRole" },
            doc(allow("s3:ListBucket")),
          ),
        ],
      ),
    negative: [
      [
        "the assume is denied",
        () =>
          state(
            [
              user("attacker", [
                allow(["iam:PutRolePolicy", "sts:AssumeRole"], `arn:aws:iam::${A}:role/helper`),
                deny("sts:AssumeRole"),
              ]),
            ],
            [
              role(
                "helper",
                { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "sts:AssumeRole" },
                doc(allow("s3:ListBucket")),
              ),
            ],
          ),
      ],
    ],
  },
  {
    method: "13 iam:AddUserToGroup into an admin group",
    positive: () => {
      const s = state([user("attacker", [allow("iam:AddUserToGroup", `arn:aws:iam::${A}:group/admins`)])]);
      s.accounts[0]!.authorizationDetails.GroupDetailList.push({
        Path: "/",
        GroupName: "admins",
        GroupId: "AGPA2",
        Arn: `arn:aws:iam::${A}:group/admins`,
        CreateDate: "x",
        GroupPolicyList: [{ PolicyName: "all", PolicyDocument: ADMIN_DOC }],
        AttachedManagedPolicies: [],
      });
      return s;
    },
    negative: [
      [
        "only into a read group",
        () => {
          const s = state([
            user("attacker", [allow("iam:AddUserToGroup", `arn:aws:iam::${A}:group/readers`)]),
          ]);
          s.accounts[0]!.authorizationDetails.GroupDetailList.push({
            Path: "/",
            GroupName: "admins",
            GroupId: "AGPA2",
            Arn: `arn:aws:iam::${A}:group/admins`,
            CreateDate: "x",
            GroupPolicyList: [{ PolicyName: "all", PolicyDocument: ADMIN_DOC }],
            AttachedManagedPolicies: [],
          });
          return s;
        },
      ],
    ],
  },
  {
    method: "14 iam:UpdateAssumeRolePolicy on an admin role",
    positive: () =>
      state(
        [
          user("attacker", [
            allow(["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"], `arn:aws:iam::${A}:role/power`),
          ]),
        ],
        [ADMIN_ROLE("lambda.amazonaws.com")],
      ),
    negative: [
      [
        "only on other roles",
        () =>
          state(
            [user("attacker", [allow("iam:UpdateAssumeRolePolicy", `arn:aws:iam::${A}:role/app-*`)])],
            [ADMIN_ROLE("lambda.amazonaws.com")],
          ),
      ],
    ],
  },
  {
    method: "15 iam:PassRole + lambda:CreateFunction + InvokeFunction",
    positive: () => passRole("lambda.amazonaws.com", ["lambda:CreateFunction", "lambda:InvokeFunction"]),
    negative: [
      [
        "the role does not trust Lambda",
        () =>
          state(
            [user("attacker", [allow(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"])])],
            [ADMIN_ROLE("glue.amazonaws.com")],
          ),
      ],
    ],
  },
  {
    method: "16 iam:PassRole + lambda:CreateFunction + AddPermission",
    positive: () => passRole("lambda.amazonaws.com", ["lambda:CreateFunction", "lambda:AddPermission"]),
    negative: [
      [
        "CreateFunction denied",
        () =>
          state(
            [
              user("attacker", [
                allow(["iam:PassRole", "lambda:CreateFunction", "lambda:AddPermission"]),
                deny("lambda:CreateFunction"),
              ]),
            ],
            [ADMIN_ROLE("lambda.amazonaws.com")],
          ),
      ],
    ],
  },
  {
    method: "17 iam:PassRole + lambda:CreateFunction + CreateEventSourceMapping",
    positive: () =>
      passRole("lambda.amazonaws.com", ["lambda:CreateFunction", "lambda:CreateEventSourceMapping"]),
    negative: [
      [
        "PassRole only on another role",
        () =>
          state(
            [
              user("attacker", [
                allow("iam:PassRole", `arn:aws:iam::${A}:role/other`),
                allow(["lambda:CreateFunction", "lambda:CreateEventSourceMapping"]),
              ]),
            ],
            [ADMIN_ROLE("lambda.amazonaws.com")],
          ),
      ],
    ],
  },
  {
    method: "18 lambda:UpdateFunctionCode on a function running as an admin role",
    positive: () =>
      state([user("attacker", [allow("lambda:UpdateFunctionCode")])], [ADMIN_ROLE("lambda.amazonaws.com")]),
    negative: [
      [
        "denied",
        () =>
          state(
            [user("attacker", [allow("lambda:*"), deny("lambda:Update*")])],
            [ADMIN_ROLE("lambda.amazonaws.com")],
          ),
      ],
    ],
  },
  {
    method: "19 iam:PassRole + glue:CreateDevEndpoint",
    positive: () => passRole("glue.amazonaws.com", ["glue:CreateDevEndpoint"]),
    negative: [
      [
        "denied",
        () =>
          state(
            [user("attacker", [allow(["iam:PassRole", "glue:CreateDevEndpoint"]), deny("glue:*")])],
            [ADMIN_ROLE("glue.amazonaws.com")],
          ),
      ],
    ],
  },
  {
    method: "20 glue:UpdateDevEndpoint on an existing endpoint",
    positive: () =>
      state([user("attacker", [allow("glue:UpdateDevEndpoint")])], [ADMIN_ROLE("glue.amazonaws.com")]),
    negative: [
      [
        "the role is not a Glue role",
        () => state([user("attacker", [allow("glue:UpdateDevEndpoint")])], [ADMIN_ROLE("ec2.amazonaws.com")]),
      ],
    ],
  },
  {
    method: "21 iam:PassRole + cloudformation:CreateStack",
    positive: () => passRole("cloudformation.amazonaws.com", ["cloudformation:CreateStack"]),
    negative: [
      [
        "PassRole only to EC2",
        () =>
          passRole("cloudformation.amazonaws.com", ["cloudformation:CreateStack"], false, {
            StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" },
          }),
      ],
    ],
  },
  {
    method: "22 iam:PassRole + datapipeline:CreatePipeline + PutPipelineDefinition",
    positive: () =>
      passRole("datapipeline.amazonaws.com", [
        "datapipeline:CreatePipeline",
        "datapipeline:PutPipelineDefinition",
      ]),
    negative: [
      [
        "PutPipelineDefinition missing",
        () => passRole("datapipeline.amazonaws.com", ["datapipeline:CreatePipeline"]),
      ],
    ],
  },
  {
    method: "27 iam:PassRole + sagemaker:CreateNotebookInstance + CreatePresignedNotebookInstanceUrl",
    positive: () =>
      passRole("sagemaker.amazonaws.com", [
        "sagemaker:CreateNotebookInstance",
        "sagemaker:CreatePresignedNotebookInstanceUrl",
      ]),
    negative: [
      [
        "the role trusts another service",
        () =>
          state(
            [
              user("attacker", [
                allow([
                  "iam:PassRole",
                  "sagemaker:CreateNotebookInstance",
                  "sagemaker:CreatePresignedNotebookInstanceUrl",
                ]),
              ]),
            ],
            [ADMIN_ROLE("codebuild.amazonaws.com")],
          ),
      ],
    ],
  },
  {
    method: "P2 ssm:SendCommand on an instance running as an admin role",
    positive: () =>
      state([user("attacker", [allow("ssm:SendCommand")])], [ADMIN_ROLE("ec2.amazonaws.com", true)]),
    negative: [
      [
        "the role has no instance profile",
        () => state([user("attacker", [allow("ssm:SendCommand")])], [ADMIN_ROLE("ec2.amazonaws.com", false)]),
      ],
    ],
  },
  {
    method: "P3 iam:PassRole + codebuild:CreateProject + StartBuild",
    positive: () => passRole("codebuild.amazonaws.com", ["codebuild:CreateProject", "codebuild:StartBuild"]),
    negative: [
      [
        "PassRole denied",
        () =>
          state(
            [
              user("attacker", [
                allow(["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"]),
                deny("iam:PassRole"),
              ]),
            ],
            [ADMIN_ROLE("glue.amazonaws.com")],
          ),
      ],
    ],
  },
  {
    method: "P4 iam:PassRole + autoscaling:CreateAutoScalingGroup + CreateLaunchConfiguration",
    positive: () =>
      passRole(
        "ec2.amazonaws.com",
        ["autoscaling:CreateAutoScalingGroup", "autoscaling:CreateLaunchConfiguration"],
        true,
      ),
    negative: [
      [
        "no launch configuration or template allowed",
        () => passRole("ec2.amazonaws.com", ["autoscaling:CreateAutoScalingGroup"], true),
      ],
    ],
  },
  {
    method: "3 iam:PassRole + ec2:AssociateIamInstanceProfile",
    positive: () => passRole("ec2.amazonaws.com", ["ec2:AssociateIamInstanceProfile"], true),
    negative: [
      [
        "denied",
        () =>
          state(
            [user("attacker", [allow(["iam:PassRole", "ec2:AssociateIamInstanceProfile"]), deny("ec2:*")])],
            [ADMIN_ROLE("ec2.amazonaws.com", true)],
          ),
      ],
    ],
  },
  {
    method: "11 iam:PutGroupPolicy on one's group",
    positive: () => {
      const s = state([
        user("attacker", [allow("iam:PutGroupPolicy", `arn:aws:iam::${A}:group/devs`)], ["devs"]),
      ]);
      s.accounts[0]!.authorizationDetails.GroupDetailList.push({
        Path: "/",
        GroupName: "devs",
        GroupId: "AGPA1",
        Arn: `arn:aws:iam::${A}:group/devs`,
        CreateDate: "x",
        GroupPolicyList: [],
        AttachedManagedPolicies: [],
      });
      return s;
    },
    negative: [
      [
        "denied",
        () => {
          const s = state([
            user("attacker", [allow("iam:PutGroupPolicy"), deny("iam:PutGroupPolicy")], ["devs"]),
          ]);
          s.accounts[0]!.authorizationDetails.GroupDetailList.push({
            Path: "/",
            GroupName: "devs",
            GroupId: "AGPA1",
            Arn: `arn:aws:iam::${A}:group/devs`,
            CreateDate: "x",
            GroupPolicyList: [],
            AttachedManagedPolicies: [],
          });
          return s;
        },
      ],
    ],
  },
  {
    method: "21 cloudformation:UpdateStack on a stack running as an admin role",
    positive: () =>
      state(
        [user("attacker", [allow("cloudformation:UpdateStack")])],
        [ADMIN_ROLE("cloudformation.amazonaws.com")],
      ),
    negative: [
      [
        "denied",
        () =>
          state(
            [
              user("attacker", [
                allow("cloudformation:*"),
                deny(["cloudformation:UpdateStack", "cloudformation:ExecuteChangeSet"]),
              ]),
            ],
            [ADMIN_ROLE("cloudformation.amazonaws.com")],
          ),
      ],
    ],
  },
  {
    method: "24 iam:PassRole + codestar:CreateProject",
    positive: () => passRole("codestar.amazonaws.com", ["codestar:CreateProject"]),
    negative: [
      [
        "PassRole only to another service",
        () =>
          passRole("codestar.amazonaws.com", ["codestar:CreateProject"], false, {
            StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" },
          }),
      ],
    ],
  },
  {
    method: "26 lambda:UpdateFunctionConfiguration on a function running as an admin role",
    positive: () =>
      state(
        [user("attacker", [allow("lambda:UpdateFunctionConfiguration")])],
        [ADMIN_ROLE("lambda.amazonaws.com")],
      ),
    negative: [
      [
        "the admin role is not a Lambda role",
        () =>
          state(
            [user("attacker", [allow("lambda:UpdateFunctionConfiguration")])],
            [ADMIN_ROLE("glue.amazonaws.com")],
          ),
      ],
    ],
  },
  {
    method: "28 sagemaker:CreatePresignedNotebookInstanceUrl on an existing notebook",
    positive: () =>
      state(
        [user("attacker", [allow("sagemaker:CreatePresignedNotebookInstanceUrl")])],
        [ADMIN_ROLE("sagemaker.amazonaws.com")],
      ),
    negative: [
      [
        "denied",
        () =>
          state(
            [
              user("attacker", [
                allow(["sagemaker:CreatePresignedNotebookInstanceUrl", "sagemaker:List*"]),
                deny("sagemaker:CreatePresigned*"),
              ]),
            ],
            [ADMIN_ROLE("sagemaker.amazonaws.com")],
          ),
      ],
    ],
  },
  {
    method: "P3 codebuild:StartBuild on an existing project",
    positive: () =>
      state([user("attacker", [allow("codebuild:StartBuild")])], [ADMIN_ROLE("codebuild.amazonaws.com")]),
    negative: [
      [
        "denied",
        () =>
          state(
            [user("attacker", [allow("codebuild:*"), deny("codebuild:Start*")])],
            [ADMIN_ROLE("codebuild.amazonaws.com")],
          ),
      ],
    ],
  },
  {
    method: "P1 sts:AssumeRole chain into an admin role",
    positive: () =>
      state(
        [user("attacker", [allow("sts:AssumeRole")])],
        [
          role(
            "hop",
            { Effect: "Allow", Principal: { AWS: ATTACKER }, Action: "sts:AssumeRole" },
            doc(allow("sts:AssumeRole")),
          ),
          role(
            "power",
            { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:role/hop` }, Action: "sts:AssumeRole" },
            ADMIN_DOC,
          ),
        ],
      ),
    negative: [
      [
        "the admin role needs MFA the hop cannot have",
        () =>
          state(
            [user("attacker", [allow("sts:AssumeRole")])],
            [
              role(
                "hop",
                { Effect: "Allow", Principal: { AWS: ATTACKER }, Action: "sts:AssumeRole" },
                doc(allow("sts:AssumeRole")),
              ),
              role(
                "power",
                {
                  Effect: "Allow",
                  Principal: { AWS: `arn:aws:iam::${A}:role/hop` },
                  Action: "sts:AssumeRole",
                  Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
                },
                ADMIN_DOC,
              ),
            ],
          ),
      ],
    ],
  },
];

/** The attacker may do `actions` (and nothing else); one admin role trusts `svc`. */
const onExisting = (actions: string[], svc: string, profile = false, denied: string[] = []) =>
  state(
    [user("attacker", [allow(actions), ...(denied.length ? [deny(denied)] : [])])],
    [ADMIN_ROLE(svc, profile)],
  );

// Methods of pathfinding.cloud's catalogue and PMapper's edge checkers beyond the reference table
// (docs/escalation-methods.md): a positive case, and negatives for a missing action, a missing
// instance profile, a role the service cannot assume, a PassRole condition or a deny.
CASES.push(
  {
    method: "ec2-instance-connect:SendSSHPublicKey to an instance running as an admin role",
    positive: () => onExisting(["ec2-instance-connect:SendSSHPublicKey"], "ec2.amazonaws.com", true),
    negative: [
      [
        "the role has no instance profile",
        () => onExisting(["ec2-instance-connect:SendSSHPublicKey"], "ec2.amazonaws.com"),
      ],
      [
        "denied",
        () =>
          onExisting(["ec2-instance-connect:*"], "ec2.amazonaws.com", true, ["ec2-instance-connect:Send*"]),
      ],
    ],
  },
  {
    method: "ec2-instance-connect:SendSerialConsoleSSHPublicKey to an instance running as an admin role",
    positive: () =>
      onExisting(["ec2-instance-connect:SendSerialConsoleSSHPublicKey"], "ec2.amazonaws.com", true),
    negative: [
      [
        "the admin role is a Lambda role",
        () =>
          onExisting(["ec2-instance-connect:SendSerialConsoleSSHPublicKey"], "lambda.amazonaws.com", true),
      ],
    ],
  },
  {
    method: "ssm:StartSession on an instance running as an admin role",
    positive: () => onExisting(["ssm:StartSession"], "ec2.amazonaws.com", true),
    negative: [
      ["the role has no instance profile", () => onExisting(["ssm:StartSession"], "ec2.amazonaws.com")],
    ],
  },
  {
    method: "ssm:CreateAssociation on instances running as an admin role",
    positive: () => onExisting(["ssm:CreateAssociation"], "ec2.amazonaws.com", true),
    negative: [["denied", () => onExisting(["ssm:*"], "ec2.amazonaws.com", true, ["ssm:*"])]],
  },
  {
    method: "ec2:ModifyInstanceAttribute (user data) + StopInstances + StartInstances",
    positive: () =>
      onExisting(
        ["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"],
        "ec2.amazonaws.com",
        true,
      ),
    negative: [
      [
        "cannot start the instance again",
        () => onExisting(["ec2:ModifyInstanceAttribute", "ec2:StopInstances"], "ec2.amazonaws.com", true),
      ],
    ],
  },
  {
    method: "ec2:CreateLaunchTemplateVersion + ModifyLaunchTemplate",
    positive: () =>
      onExisting(["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"], "ec2.amazonaws.com", true),
    negative: [
      [
        "cannot make the new version the default",
        () => onExisting(["ec2:CreateLaunchTemplateVersion"], "ec2.amazonaws.com", true),
      ],
    ],
  },
  {
    method: "iam:PassRole + ec2:RequestSpotInstances",
    positive: () => passRole("ec2.amazonaws.com", ["ec2:RequestSpotInstances"], true),
    negative: [
      ["the role has no instance profile", () => passRole("ec2.amazonaws.com", ["ec2:RequestSpotInstances"])],
    ],
  },
  {
    method: "iam:PassRole + ecs:RegisterTaskDefinition + RunTask (task role)",
    positive: () => passRole("ecs-tasks.amazonaws.com", ["ecs:RegisterTaskDefinition", "ecs:RunTask"]),
    negative: [
      ["cannot run the task", () => passRole("ecs-tasks.amazonaws.com", ["ecs:RegisterTaskDefinition"])],
      [
        "PassRole only to EC2",
        () =>
          passRole("ecs-tasks.amazonaws.com", ["ecs:RegisterTaskDefinition", "ecs:RunTask"], false, {
            StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" },
          }),
      ],
    ],
  },
  {
    method: "iam:PassRole + ecs:RegisterTaskDefinition + StartTask",
    positive: () => passRole("ecs-tasks.amazonaws.com", ["ecs:RegisterTaskDefinition", "ecs:StartTask"]),
    negative: [
      [
        "the role trusts Lambda",
        () => passRole("lambda.amazonaws.com", ["ecs:RegisterTaskDefinition", "ecs:StartTask"]),
      ],
    ],
  },
  {
    method: "iam:PassRole + ecs:RegisterTaskDefinition + CreateService",
    positive: () => passRole("ecs-tasks.amazonaws.com", ["ecs:RegisterTaskDefinition", "ecs:CreateService"]),
    negative: [
      ["cannot register a task definition", () => passRole("ecs-tasks.amazonaws.com", ["ecs:CreateService"])],
    ],
  },
  {
    method: "ecs:ExecuteCommand into a task running as an admin role",
    positive: () => onExisting(["ecs:ExecuteCommand"], "ecs-tasks.amazonaws.com"),
    negative: [
      ["denied", () => onExisting(["ecs:*"], "ecs-tasks.amazonaws.com", false, ["ecs:ExecuteCommand"])],
    ],
  },
  {
    method: "iam:PassRole + batch:RegisterJobDefinition + SubmitJob",
    positive: () => passRole("ecs-tasks.amazonaws.com", ["batch:RegisterJobDefinition", "batch:SubmitJob"]),
    negative: [
      [
        "the role trusts Glue",
        () => passRole("glue.amazonaws.com", ["batch:RegisterJobDefinition", "batch:SubmitJob"]),
      ],
    ],
  },
  {
    method: "batch:SubmitJob of a job definition running as an admin role",
    positive: () => onExisting(["batch:SubmitJob"], "ecs-tasks.amazonaws.com"),
    negative: [["the role trusts EC2", () => onExisting(["batch:SubmitJob"], "ec2.amazonaws.com", true)]],
  },
  {
    method: "iam:PassRole + glue:CreateJob + StartJobRun",
    positive: () => passRole("glue.amazonaws.com", ["glue:CreateJob", "glue:StartJobRun"]),
    negative: [["cannot start it", () => passRole("glue.amazonaws.com", ["glue:CreateJob"])]],
  },
  {
    method: "iam:PassRole + glue:CreateJob + CreateTrigger",
    positive: () => passRole("glue.amazonaws.com", ["glue:CreateJob", "glue:CreateTrigger"]),
    negative: [
      [
        "PassRole only to SageMaker",
        () =>
          passRole("glue.amazonaws.com", ["glue:CreateJob", "glue:CreateTrigger"], false, {
            StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" },
          }),
      ],
    ],
  },
  {
    method: "iam:PassRole + glue:UpdateJob + StartJobRun",
    positive: () =>
      state(
        [
          user("attacker", [
            allow("iam:PassRole", `arn:aws:iam::${A}:role/power`),
            allow(["glue:UpdateJob", "glue:StartJobRun"]),
          ]),
        ],
        [ADMIN_ROLE("glue.amazonaws.com")],
      ),
    negative: [
      [
        "the role trusts CodeBuild",
        () => onExisting(["iam:PassRole", "glue:UpdateJob", "glue:StartJobRun"], "codebuild.amazonaws.com"),
      ],
    ],
  },
  {
    method: "glue:UpdateJob + StartJobRun on a job running as an admin role",
    positive: () => onExisting(["glue:UpdateJob", "glue:StartJobRun"], "glue.amazonaws.com"),
    negative: [
      ["can start but not change the job", () => onExisting(["glue:StartJobRun"], "glue.amazonaws.com")],
    ],
  },
  {
    method: "iam:PassRole + codebuild:CreateProject + StartBuildBatch",
    positive: () =>
      passRole("codebuild.amazonaws.com", ["codebuild:CreateProject", "codebuild:StartBuildBatch"]),
    negative: [
      [
        "the role trusts ECS tasks",
        () => passRole("ecs-tasks.amazonaws.com", ["codebuild:CreateProject", "codebuild:StartBuildBatch"]),
      ],
    ],
  },
  {
    method: "codebuild:StartBuild with a buildspec override on an existing project",
    positive: () => onExisting(["codebuild:StartBuild"], "codebuild.amazonaws.com"),
    negative: [
      [
        "the admin role is not a CodeBuild role",
        () => onExisting(["codebuild:StartBuild"], "glue.amazonaws.com"),
      ],
    ],
  },
  {
    method: "codebuild:StartBuildBatch on an existing project",
    positive: () => onExisting(["codebuild:StartBuildBatch"], "codebuild.amazonaws.com"),
    negative: [
      [
        "denied",
        () => onExisting(["codebuild:*"], "codebuild.amazonaws.com", false, ["codebuild:StartBuild*"]),
      ],
    ],
  },
  {
    method: "iam:PassRole + codebuild:UpdateProject + StartBuild",
    positive: () => passRole("codebuild.amazonaws.com", ["codebuild:UpdateProject", "codebuild:StartBuild"]),
    negative: [
      [
        "PassRole denied",
        () =>
          onExisting(["iam:PassRole", "codebuild:UpdateProject"], "codebuild.amazonaws.com", false, [
            "iam:PassRole",
          ]),
      ],
    ],
  },
  {
    method: "lambda:UpdateFunctionCode on a function running as an admin role",
    positive: () => onExisting(["lambda:UpdateFunctionCode"], "lambda.amazonaws.com"),
    negative: [["denied", () => onExisting(["lambda:*"], "lambda.amazonaws.com", false, ["lambda:Update*"])]],
  },
  {
    method:
      "lambda:PublishLayerVersion + UpdateFunctionConfiguration (a layer on a function running as an admin role)",
    positive: () =>
      onExisting(
        ["lambda:PublishLayerVersion", "lambda:UpdateFunctionConfiguration"],
        "lambda.amazonaws.com",
      ),
    negative: [
      [
        "can publish a layer but not attach it",
        () => onExisting(["lambda:PublishLayerVersion"], "lambda.amazonaws.com"),
      ],
    ],
  },
  {
    method: "iam:PassRole + sagemaker:CreateProcessingJob",
    positive: () => passRole("sagemaker.amazonaws.com", ["sagemaker:CreateProcessingJob"]),
    negative: [
      ["the role trusts Glue", () => passRole("glue.amazonaws.com", ["sagemaker:CreateProcessingJob"])],
    ],
  },
  {
    method: "iam:PassRole + sagemaker:CreateTrainingJob",
    positive: () => passRole("sagemaker.amazonaws.com", ["sagemaker:CreateTrainingJob"]),
    negative: [
      [
        "PassRole denied",
        () =>
          onExisting(["iam:PassRole", "sagemaker:CreateTrainingJob"], "sagemaker.amazonaws.com", false, [
            "iam:PassRole",
          ]),
      ],
    ],
  },
  {
    method: "sagemaker:CreateNotebookInstanceLifecycleConfig + UpdateNotebookInstance",
    positive: () =>
      onExisting(
        ["sagemaker:CreateNotebookInstanceLifecycleConfig", "sagemaker:UpdateNotebookInstance"],
        "sagemaker.amazonaws.com",
      ),
    negative: [
      [
        "cannot create a lifecycle configuration",
        () => onExisting(["sagemaker:UpdateNotebookInstance"], "sagemaker.amazonaws.com"),
      ],
    ],
  },
  {
    method: "iam:PassRole + apprunner:CreateService (instance role)",
    positive: () => passRole("tasks.apprunner.amazonaws.com", ["apprunner:CreateService"]),
    negative: [
      ["the role trusts EC2", () => passRole("ec2.amazonaws.com", ["apprunner:CreateService"], true)],
    ],
  },
  {
    method: "apprunner:UpdateService on a service running as an admin role",
    positive: () => onExisting(["apprunner:UpdateService"], "tasks.apprunner.amazonaws.com"),
    negative: [
      [
        "denied",
        () =>
          onExisting(["apprunner:*"], "tasks.apprunner.amazonaws.com", false, ["apprunner:UpdateService"]),
      ],
    ],
  },
  {
    method: "iam:PassRole + Bedrock AgentCore code interpreter (create, start a session, invoke)",
    positive: () =>
      passRole("bedrock-agentcore.amazonaws.com", [
        "bedrock-agentcore:CreateCodeInterpreter",
        "bedrock-agentcore:StartCodeInterpreterSession",
        "bedrock-agentcore:InvokeCodeInterpreter",
      ]),
    negative: [
      [
        "cannot invoke it",
        () =>
          passRole("bedrock-agentcore.amazonaws.com", [
            "bedrock-agentcore:CreateCodeInterpreter",
            "bedrock-agentcore:StartCodeInterpreterSession",
          ]),
      ],
    ],
  },
  {
    method: "Bedrock AgentCore: a session on an existing code interpreter running as an admin role",
    positive: () =>
      onExisting(
        ["bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"],
        "bedrock-agentcore.amazonaws.com",
      ),
    negative: [
      [
        "the role trusts Bedrock, not AgentCore",
        () =>
          onExisting(
            ["bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"],
            "bedrock.amazonaws.com",
          ),
      ],
    ],
  },
  {
    method: "iam:PassRole + cloudformation:CreateChangeSet + ExecuteChangeSet (new stack)",
    positive: () =>
      passRole("cloudformation.amazonaws.com", [
        "cloudformation:CreateChangeSet",
        "cloudformation:ExecuteChangeSet",
      ]),
    negative: [
      [
        "can create the change set but not execute it",
        () => passRole("cloudformation.amazonaws.com", ["cloudformation:CreateChangeSet"]),
      ],
    ],
  },
  {
    method: "cloudformation:ExecuteChangeSet on a stack running as an admin role",
    positive: () =>
      onExisting(
        ["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"],
        "cloudformation.amazonaws.com",
      ),
    negative: [
      [
        "cloudformation:SetStackPolicy alone changes no resource",
        () => onExisting(["cloudformation:SetStackPolicy"], "cloudformation.amazonaws.com"),
      ],
    ],
  },
);

/**
 * audit decides "who reaches admin" for all principals at once (reachers); it must agree with
 * reach() from each principal, on every positive and negative case.
 */
function reachersAgree(s: OrgState): void {
  const index = indexState(s);
  const graph = buildGraph(index, new ScanCache(), { clock: { now: "2026-11-28T00:00:00Z" } });
  const adminEq = new Set(
    graph.edges.filter((e) => e.kind === "grant" && e.from === e.to).map((e) => e.from),
  );
  const { byMoves, byGrants } = reachers(graph, [...adminEq, adminNode(A)]);
  for (const p of index.principals) {
    if (adminEq.has(p.arn)) continue;
    const r = reach(graph, p.arn);
    const expected = [...r.keys()].some((n) => n !== p.arn && (n === adminNode(A) || adminEq.has(n)));
    assert.equal(byMoves.has(p.arn) || byGrants.has(p.arn), expected, `reachers disagree on ${p.arn}`);
  }
}

for (const c of CASES) {
  test(`escalation method ${c.method}`, () => {
    assert.equal(escalates(c.positive()), true, "positive case must escalate");
    reachersAgree(c.positive());
    for (const [why, build] of c.negative) {
      assert.equal(escalates(build()), false, `negative case must not escalate: ${why}`);
      reachersAgree(build());
    }
  });
}
