// The three levels a draft proposes, as AWS managed policies: what each grants is then what AWS
// maintains and `prove` knows, not a copy of today's policies. The readonly acknowledgements are
// those of examples/access.yaml (a test keeps them equal), so `prove` passes on the draft.

export type LevelName = "admin" | "developer" | "readonly";

export interface LevelText {
  name: LevelName;
  description: string;
  managed: string;
  /** Why this policy, for the comment on `managed`. */
  because: string;
  acknowledge: [string, string][];
}

export const READONLY_ACKNOWLEDGE: [string, string][] = [
  ["athena:GetSessionEndpoint", "returns the endpoint of an existing Spark session; changes nothing"],
  [
    "backup:ListIndexedRecoveryPointsForSearch",
    "lists recovery points; classed as permissions management by mistake",
  ],
  ["billing:GetResourcePolicy", "reads the billing resource policy"],
  [
    "cognito-idp:GetTokensFromRefreshToken",
    "mints user-pool tokens from a refresh token the caller must already hold",
  ],
  ["iot:GetConnection", "reads the connection state of an IoT thing"],
  ["iot:ListSubscriptions", "lists MQTT subscriptions"],
  [
    "s3express:CreateSession",
    "allowed only with s3express:SessionMode ReadOnly, a read-only directory-bucket session",
  ],
  ["ssm-sap:GetResourcePermission", "reads the resource policy of an SAP application"],
];

/** Lower case: a set allowing only reads and these still reads (they are what readonly acknowledges). */
export const READONLY_ACKNOWLEDGED = new Set(READONLY_ACKNOWLEDGE.map(([a]) => a.toLowerCase()));

export const LEVELS: LevelText[] = [
  {
    name: "admin",
    description: "Full control, for those who run the platform.",
    managed: "AdministratorAccess",
    because: "everything, IAM included",
    acknowledge: [],
  },
  {
    name: "developer",
    description: "Build and operate services; no IAM, no organisation changes.",
    managed: "PowerUserAccess",
    because: "everything but IAM and Organizations (service-linked roles allowed)",
    acknowledge: [],
  },
  {
    name: "readonly",
    description: "Look, do not touch.",
    managed: "ReadOnlyAccess",
    because: "reads of every service, data included (s3:GetObject, ...)",
    acknowledge: READONLY_ACKNOWLEDGE,
  },
];

export const LEVEL_ORDER: LevelName[] = ["admin", "developer", "readonly"];

/** A level and the lower ones: people keep a lesser role for everyday work. */
export function withLower(level: LevelName): LevelName[] {
  return LEVEL_ORDER.slice(LEVEL_ORDER.indexOf(level));
}
