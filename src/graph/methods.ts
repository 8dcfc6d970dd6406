// The privilege-escalation methods of the reference (§7, the Rhino Security Labs list and
// PMapper's edges) and of pathfinding.cloud's catalogue, as data: which actions, on which
// resource, and what they lead to. The full table, with sources: docs/escalation-methods.md.

/** Pass a role to a service that then runs code with it. */
export interface PassRoleMethod {
  id: string;
  service: string;
  /** Every one of these must be allowed, besides iam:PassRole to the service. */
  actions: string[];
  /** The role must be usable by the service this way (an instance profile for EC2). */
  needsInstanceProfile?: boolean;
}

export const PASS_ROLE_METHODS: PassRoleMethod[] = [
  {
    id: "3 ec2:RunInstances with an instance profile",
    service: "ec2.amazonaws.com",
    actions: ["ec2:RunInstances"],
    needsInstanceProfile: true,
  },
  {
    id: "3 ec2:AssociateIamInstanceProfile",
    service: "ec2.amazonaws.com",
    actions: ["ec2:AssociateIamInstanceProfile"],
    needsInstanceProfile: true,
  },
  {
    id: "15 lambda:CreateFunction + InvokeFunction",
    service: "lambda.amazonaws.com",
    actions: ["lambda:CreateFunction", "lambda:InvokeFunction"],
  },
  {
    id: "16 lambda:CreateFunction + AddPermission",
    service: "lambda.amazonaws.com",
    actions: ["lambda:CreateFunction", "lambda:AddPermission"],
  },
  {
    id: "17 lambda:CreateFunction + CreateEventSourceMapping",
    service: "lambda.amazonaws.com",
    actions: ["lambda:CreateFunction", "lambda:CreateEventSourceMapping"],
  },
  { id: "19 glue:CreateDevEndpoint", service: "glue.amazonaws.com", actions: ["glue:CreateDevEndpoint"] },
  {
    id: "21 cloudformation:CreateStack",
    service: "cloudformation.amazonaws.com",
    actions: ["cloudformation:CreateStack"],
  },
  {
    id: "22 datapipeline:CreatePipeline + PutPipelineDefinition",
    service: "datapipeline.amazonaws.com",
    actions: ["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"],
  },
  { id: "24 codestar:CreateProject", service: "codestar.amazonaws.com", actions: ["codestar:CreateProject"] },
  {
    id: "27 sagemaker:CreateNotebookInstance + CreatePresignedNotebookInstanceUrl",
    service: "sagemaker.amazonaws.com",
    actions: ["sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"],
  },
  {
    id: "27 sagemaker:CreateTrainingJob",
    service: "sagemaker.amazonaws.com",
    actions: ["sagemaker:CreateTrainingJob"],
  },
  {
    id: "27 sagemaker:CreateProcessingJob",
    service: "sagemaker.amazonaws.com",
    actions: ["sagemaker:CreateProcessingJob"],
  },
  {
    id: "P3 codebuild:CreateProject + StartBuild",
    service: "codebuild.amazonaws.com",
    actions: ["codebuild:CreateProject", "codebuild:StartBuild"],
  },
  {
    id: "P4 autoscaling:CreateAutoScalingGroup + CreateLaunchConfiguration",
    service: "ec2.amazonaws.com",
    actions: ["autoscaling:CreateAutoScalingGroup", "autoscaling:CreateLaunchConfiguration"],
    needsInstanceProfile: true,
  },
  {
    id: "P4 autoscaling:CreateAutoScalingGroup + ec2:CreateLaunchTemplate",
    service: "ec2.amazonaws.com",
    actions: ["autoscaling:CreateAutoScalingGroup", "ec2:CreateLaunchTemplate"],
    needsInstanceProfile: true,
  },
  {
    id: "ec2:RequestSpotInstances",
    service: "ec2.amazonaws.com",
    actions: ["ec2:RequestSpotInstances"],
    needsInstanceProfile: true,
  },
  {
    id: "ecs:RegisterTaskDefinition + RunTask",
    service: "ecs-tasks.amazonaws.com",
    actions: ["ecs:RegisterTaskDefinition", "ecs:RunTask"],
  },
  {
    id: "ecs:RegisterTaskDefinition + StartTask",
    service: "ecs-tasks.amazonaws.com",
    actions: ["ecs:RegisterTaskDefinition", "ecs:StartTask"],
  },
  {
    id: "ecs:RegisterTaskDefinition + CreateService",
    service: "ecs-tasks.amazonaws.com",
    actions: ["ecs:RegisterTaskDefinition", "ecs:CreateService"],
  },
  {
    id: "batch:RegisterJobDefinition + SubmitJob",
    service: "ecs-tasks.amazonaws.com",
    actions: ["batch:RegisterJobDefinition", "batch:SubmitJob"],
  },
  {
    id: "glue:CreateJob + StartJobRun",
    service: "glue.amazonaws.com",
    actions: ["glue:CreateJob", "glue:StartJobRun"],
  },
  {
    id: "glue:CreateJob + CreateTrigger",
    service: "glue.amazonaws.com",
    actions: ["glue:CreateJob", "glue:CreateTrigger"],
  },
  {
    id: "glue:UpdateJob + StartJobRun",
    service: "glue.amazonaws.com",
    actions: ["glue:UpdateJob", "glue:StartJobRun"],
  },
  {
    id: "codebuild:CreateProject + StartBuildBatch",
    service: "codebuild.amazonaws.com",
    actions: ["codebuild:CreateProject", "codebuild:StartBuildBatch"],
  },
  {
    id: "codebuild:UpdateProject + StartBuild",
    service: "codebuild.amazonaws.com",
    actions: ["codebuild:UpdateProject", "codebuild:StartBuild"],
  },
  {
    id: "cloudformation:CreateChangeSet + ExecuteChangeSet",
    service: "cloudformation.amazonaws.com",
    actions: ["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"],
  },
  {
    id: "apprunner:CreateService",
    service: "tasks.apprunner.amazonaws.com",
    actions: ["apprunner:CreateService"],
  },
  {
    id: "bedrock-agentcore:CreateCodeInterpreter + StartCodeInterpreterSession + InvokeCodeInterpreter",
    service: "bedrock-agentcore.amazonaws.com",
    actions: [
      "bedrock-agentcore:CreateCodeInterpreter",
      "bedrock-agentcore:StartCodeInterpreterSession",
      "bedrock-agentcore:InvokeCodeInterpreter",
    ],
  },
];

/**
 * Taking over a resource that already runs as a role: the export does not list functions,
 * endpoints, stacks, instances or projects, so these edges say "if one runs as the role".
 */
export interface ExistingResourceMethod {
  id: string;
  service: string;
  /** Any one of these suffices... */
  anyOf: string[];
  /** ...together with every one of these. */
  allOf?: string[];
  needsInstanceProfile?: boolean;
}

export const EXISTING_RESOURCE_METHODS: ExistingResourceMethod[] = [
  {
    id: "18 lambda:UpdateFunctionCode",
    service: "lambda.amazonaws.com",
    anyOf: ["lambda:UpdateFunctionCode"],
  },
  {
    id: "26 lambda:UpdateFunctionConfiguration",
    service: "lambda.amazonaws.com",
    anyOf: ["lambda:UpdateFunctionConfiguration"],
  },
  { id: "20 glue:UpdateDevEndpoint", service: "glue.amazonaws.com", anyOf: ["glue:UpdateDevEndpoint"] },
  {
    id: "21 cloudformation:UpdateStack",
    service: "cloudformation.amazonaws.com",
    anyOf: ["cloudformation:UpdateStack", "cloudformation:ExecuteChangeSet"],
  },
  {
    id: "28 sagemaker:CreatePresignedNotebookInstanceUrl",
    service: "sagemaker.amazonaws.com",
    anyOf: ["sagemaker:CreatePresignedNotebookInstanceUrl"],
  },
  {
    id: "P2 ssm:SendCommand / StartSession",
    service: "ec2.amazonaws.com",
    anyOf: ["ssm:SendCommand", "ssm:StartSession"],
    needsInstanceProfile: true,
  },
  {
    id: "P3 codebuild:StartBuild",
    service: "codebuild.amazonaws.com",
    anyOf: ["codebuild:StartBuild", "codebuild:StartBuildBatch"],
  },
  {
    // EC2 Instance Connect pushes a key for 60 s; the serial console one also needs serial
    // console access enabled in the account, which the export does not say: assumed on.
    id: "ec2-instance-connect:SendSSHPublicKey",
    service: "ec2.amazonaws.com",
    anyOf: ["ec2-instance-connect:SendSSHPublicKey", "ec2-instance-connect:SendSerialConsoleSSHPublicKey"],
    needsInstanceProfile: true,
  },
  {
    id: "ssm:CreateAssociation",
    service: "ec2.amazonaws.com",
    anyOf: ["ssm:CreateAssociation"],
    needsInstanceProfile: true,
  },
  {
    id: "ec2:ModifyInstanceAttribute + StopInstances + StartInstances",
    service: "ec2.amazonaws.com",
    anyOf: ["ec2:ModifyInstanceAttribute"],
    allOf: ["ec2:StopInstances", "ec2:StartInstances"],
    needsInstanceProfile: true,
  },
  {
    id: "ec2:CreateLaunchTemplateVersion + ModifyLaunchTemplate",
    service: "ec2.amazonaws.com",
    anyOf: ["ec2:CreateLaunchTemplateVersion"],
    allOf: ["ec2:ModifyLaunchTemplate"],
    needsInstanceProfile: true,
  },
  { id: "ecs:ExecuteCommand", service: "ecs-tasks.amazonaws.com", anyOf: ["ecs:ExecuteCommand"] },
  { id: "batch:SubmitJob", service: "ecs-tasks.amazonaws.com", anyOf: ["batch:SubmitJob"] },
  {
    id: "glue:UpdateJob + StartJobRun or CreateTrigger",
    service: "glue.amazonaws.com",
    anyOf: ["glue:StartJobRun", "glue:CreateTrigger"],
    allOf: ["glue:UpdateJob"],
  },
  {
    id: "sagemaker:CreateNotebookInstanceLifecycleConfig + UpdateNotebookInstance",
    service: "sagemaker.amazonaws.com",
    anyOf: ["sagemaker:UpdateNotebookInstance"],
    allOf: ["sagemaker:CreateNotebookInstanceLifecycleConfig"],
  },
  {
    id: "apprunner:UpdateService",
    service: "tasks.apprunner.amazonaws.com",
    anyOf: ["apprunner:UpdateService"],
  },
  {
    id: "bedrock-agentcore:StartCodeInterpreterSession + InvokeCodeInterpreter",
    service: "bedrock-agentcore.amazonaws.com",
    anyOf: ["bedrock-agentcore:InvokeCodeInterpreter"],
    allOf: ["bedrock-agentcore:StartCodeInterpreterSession"],
  },
];

/** Rewriting a principal's permissions: whoever can also act as it becomes admin of its account. */
export const ROLE_PERMISSION_ACTIONS = [
  "iam:PutRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DeleteRolePermissionsBoundary",
  "iam:PutRolePermissionsBoundary",
  "iam:DeleteRolePolicy",
  "iam:DetachRolePolicy",
];
export const USER_PERMISSION_ACTIONS = [
  "iam:PutUserPolicy",
  "iam:AttachUserPolicy",
  "iam:DeleteUserPermissionsBoundary",
  "iam:PutUserPermissionsBoundary",
];
export const GROUP_PERMISSION_ACTIONS = ["iam:PutGroupPolicy", "iam:AttachGroupPolicy"];
export const USER_CREDENTIAL_ACTIONS = [
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
];
export const POLICY_VERSION_ACTIONS = ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"];

/** An attacker attaching a policy chooses the most powerful one: evaluate iam:PolicyARN as that. */
export const ADMIN_POLICY_ARN = "arn:aws:iam::aws:policy/AdministratorAccess";

/** Every service a method hands a role to: a role's trust is checked against these once. */
export const METHOD_SERVICES = [
  ...new Set([...PASS_ROLE_METHODS, ...EXISTING_RESOURCE_METHODS].map((m) => m.service)),
].sort();

const REFERENCE_NUMBER = /^P?\d+(?:[-/]\d+)?\s+/;

/**
 * A method in words for people reading a report: the reference table's numbers ("14", "7-12")
 * mean nothing to them, so they are dropped and what the step does is said instead.
 */
export function methodInWords(method: string): string {
  const then = method.indexOf(", then act as ");
  if (then >= 0)
    return `${methodInWords(method.slice(0, then))}, then acts as ${method.slice(then + ", then act as ".length)} with those permissions`;
  const pass = PASS_ROLE_METHODS.find((m) => m.id === method);
  if (pass) return `passes the role to ${pass.service} (iam:PassRole + ${pass.actions.join(" + ")})`;
  const existing = EXISTING_RESOURCE_METHODS.find((m) => m.id === method);
  if (existing)
    return `takes over a resource of ${existing.service} that runs as a role (${[existing.anyOf.join(" or "), ...(existing.allOf ?? [])].join(" + ")})`;
  const rest = method.replace(REFERENCE_NUMBER, "");
  const [action = rest, ...more] = rest.split(" on ");
  const on = more.join(" on ");
  if (method.startsWith("P1 ")) return "assumes it (sts:AssumeRole)";
  if (method.startsWith("14 "))
    return "rewrites its trust policy to let itself in (iam:UpdateAssumeRolePolicy)";
  if (method.startsWith("7-12 ")) return `rewrites its permissions (${action})`;
  if (method.startsWith("8/11 ")) return `rewrites the permissions of its group ${on} (${action})`;
  if (method.startsWith("4-6 ")) return `gives itself the user's credentials (${action})`;
  if (method.startsWith("1-2 ")) return `makes a new default version of ${on}, attached to it (${action})`;
  if (method.startsWith("13 ")) return "joins a group (iam:AddUserToGroup)";
  if (method === "if a resource runs as the role") return "is a resource that may run as the role";
  if (method === "account admin") return "as admin of the account, acts as it";
  return rest;
}
