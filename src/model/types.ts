// The access model after validation: names resolved, defaults applied, grants expanded.
// Everything later in the pipeline reads this shape, never the YAML.
import type { PolicyDocument } from "../state/policy.js";
import type { IssuerKind } from "./workload-issuers.js";

export interface Environment {
  name: string;
  accountId: string;
  /** Console colour as the switch-role page takes it: 6 lower-case hex digits, no #. */
  color?: string;
  region?: string;
  description?: string;
}

export interface Level {
  name: string;
  description?: string;
  /** Managed policy ARNs, in the order written. */
  managed: string[];
  inline: { name: string; document: PolicyDocument }[];
  boundary?: string;
  /** Seconds; 3600 unless set. */
  maxSession: number;
  /**
   * What the level is meant to allow, when the model says so; prove checks it. Absent, prove
   * infers it from the level's policies (src/prove/level-access.ts), never from a name.
   */
  access?: LevelAccess;
  /** Actions allowed beyond what `access` means, each with the reason it is accepted. */
  acknowledge: { action: string; reason: string }[];
}

export type LevelAccess = "read" | "write" | "admin";

export interface Grant {
  env: string;
  level: string;
  /** Last day of access, YYYY-MM-DD, inclusive (UTC). */
  until?: string;
}

export interface Team {
  name: string;
  description?: string;
  /** Expanded per environment × level, in environment then level declaration order. */
  grants: Grant[];
}

export interface Person {
  email: string;
  teams: string[];
}

export interface KeptUser {
  name: string;
  teams: string[];
  reason: string;
  breakGlass: boolean;
}

/** A CI/CD pipeline or tool reaching environments with its OIDC token (src/model/workload-issuers.ts). */
export interface Workload {
  name: string;
  description?: string;
  issuer: {
    kind: IssuerKind;
    /** https://host/path */
    url: string;
    audience: string;
  };
  /** The sub values its roles accept, in model order; a value with * or ? only when allowWildcard says why. */
  subjects: string[];
  /** Which repository and refs, in words. */
  from: string;
  /** One level per environment, in environment declaration order. */
  grants: { env: string; level: string }[];
  allowWildcard?: string;
}

export interface Identity {
  accountId: string;
  /** The environment whose account people land in, when the identity account is one. */
  envName?: string;
  provider: { name: string; metadataFile?: string };
  /** SAML SessionDuration in seconds (console session after sign-in). */
  sessionDuration: number;
  landing: string;
  /** Values of SAML:aud the landing trust accepts. */
  audiences: string[];
}

export interface AccessModel {
  organization: string;
  identity: Identity;
  environments: Environment[];
  levels: Level[];
  teams: Team[];
  people: Person[];
  users: KeptUser[];
  workloads: Workload[];
  options: { sourceIdentity: boolean; path: string; region: string };
}

export const DEFAULT_AUDIENCE = "https://signin.aws.amazon.com/saml";
export const DEFAULT_PATH = "/sekisho/";
export const DEFAULT_REGION = "us-east-1";
export const DEFAULT_SESSION = 8 * 3600;
/** Role chaining caps a session at one hour, whatever the role allows. */
export const CHAINED_SESSION_MAX = 3600;
