// What prove counts as a read of data, a read-only action and a switch, and which request keys
// every real request carries: small tables the checks rest on, asserted one entry at a time.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isDataRead, isReadOnly, levelsOf, SWITCH_ACTIONS } from "../../src/prove/classify.js";
import {
  ALWAYS_PRESENT,
  alwaysPresent,
  environmentRegion,
  unknownAlwaysKeys,
} from "../../src/prove/request-keys.js";
import type { Statement } from "../../src/state/policy.js";

test("data reads: each listed action is one, in any case; a longer or prefixed name is not", () => {
  const reads = [
    "s3:GetObject",
    "s3:GetObjectVersionForReplication",
    "s3express:CreateSession",
    "ssm:GetParameter",
    "ssm:GetParametersByPath",
    "secretsmanager:GetSecretValue",
    "secretsmanager:BatchGetSecretValue",
    "kms:Decrypt",
    "kms:GenerateDataKeyWithoutPlaintext",
    "dynamodb:Scan",
    "logs:GetLogEvents",
    "sqs:ReceiveMessage",
    "kinesis:SubscribeToShard",
    "athena:GetQueryResults",
    "athena:GetQueryResultsStream",
    "ecr:BatchGetImage",
    "codecommit:GitPull",
    "lambda:GetFunction",
    "ec2:GetPasswordData",
    "rds-data:ExecuteStatement",
    "glacier:GetJobOutput",
    "S3:GETOBJECT",
  ];
  assert.deepEqual(
    reads.filter((a) => !isDataRead(a)),
    [],
  );
  // A tail or a head on an exact name is another action (anchors on both ends where the name is exact).
  const notReads = [
    "s3:GetObjectAcl",
    "xs3:GetObject",
    "s3express:CreateSessionX",
    "xs3express:CreateSession",
    "xssm:GetParameter",
    "secretsmanager:GetSecretValueX",
    "xsecretsmanager:GetSecretValue",
    "xkms:Decrypt",
    "dynamodb:ScanX",
    "xdynamodb:Scan",
    "logs:GetLogEventsX",
    "xlogs:GetLogEvents",
    "sqs:ReceiveMessageX",
    "xsqs:ReceiveMessage",
    "kinesis:GetRecordsX",
    "xkinesis:GetRecords",
    "xathena:GetQueryResults",
    "ecr:BatchGetImageX",
    "xecr:BatchGetImage",
    "codecommit:GitPullX",
    "xcodecommit:GitPull",
    "lambda:GetFunctionConfiguration",
    "xlambda:GetFunction",
    "ec2:GetPasswordDataX",
    "xec2:GetPasswordData",
    "rds-data:ExecuteStatementX",
    "xrds-data:ExecuteStatement",
    "glacier:GetJobOutputX",
    "xglacier:GetJobOutput",
    "s3:ListBucket",
    "iam:GetRole",
  ];
  assert.deepEqual(
    notReads.filter((a) => isDataRead(a)),
    [],
  );
});

test("read-only is Read or List in the catalog; writes, tagging and unknown actions are not", () => {
  assert.deepEqual(levelsOf("s3:GetObject"), ["Read"]);
  assert.deepEqual(levelsOf("nope:Nothing"), []);
  assert.deepEqual(
    ["s3:GetObject", "ec2:DescribeInstances", "s3:PutObject", "iam:TagRole", "nope:Nothing"].map((a) => [
      a,
      isReadOnly(a),
    ]),
    [
      ["s3:GetObject", true],
      ["ec2:DescribeInstances", true],
      ["s3:PutObject", false],
      ["iam:TagRole", false],
      ["nope:Nothing", false],
    ],
  );
  // Asked twice: the same answer.
  assert.equal(isReadOnly("s3:PutObject"), false);
  assert.equal(isReadOnly("s3:GetObject"), true);
});

test("the switch actions, lower case", () => {
  assert.deepEqual([...SWITCH_ACTIONS], ["sts:assumerole", "sts:setsourceidentity", "sts:tagsession"]);
});

test("always-present keys: AWS's list, matched in any case", () => {
  assert.deepEqual(ALWAYS_PRESENT, [
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:SecureTransport",
    "aws:RequestedRegion",
    "aws:SourceIp",
    "aws:UserAgent",
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalType",
    "aws:PrincipalIsAWSService",
    "aws:ViaAWSService",
    "aws:userid",
  ]);
  assert.equal(alwaysPresent("aws:sourceip"), true);
  assert.equal(alwaysPresent("aws:userid"), true);
  assert.equal(alwaysPresent("aws:username"), false);
  assert.equal(alwaysPresent("aws:SourceIp"), false, "the caller passes the key in lower case");
});

test("unknown always-present keys: read by a condition, absent from the context, sorted, once each", () => {
  const statements: Statement[] = [
    { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
    {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "*",
      Condition: {
        IpAddress: { "aws:SourceIp": "10.0.0.0/8" },
        StringEquals: { "aws:username": "ann", "aws:UserAgent": "x", "aws:RequestedRegion": "eu-west-1" },
      },
    },
    {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { IpAddress: { "aws:SourceIp": "192.0.2.0/24" }, Bool: { "aws:securetransport": "false" } },
    },
  ];
  assert.deepEqual(unknownAlwaysKeys(statements, { "aws:requestedregion": "eu-west-1" }), [
    "aws:SourceIp",
    "aws:UserAgent",
    "aws:securetransport",
  ]);
  assert.deepEqual(
    unknownAlwaysKeys(statements, {
      "aws:SourceIp": "10.0.0.1",
      "aws:UserAgent": "x",
      "aws:SecureTransport": "true",
      "aws:RequestedRegion": "eu-west-1",
    }),
    [],
  );
});

test("an environment's region, or the default", () => {
  assert.equal(environmentRegion({ region: "ap-northeast-1" }, "eu-west-1"), "ap-northeast-1");
  assert.equal(environmentRegion({}, "eu-west-1"), "eu-west-1");
});
