// Small builders for hand-written engine tests.

import type {
  Context,
  PolicyKind,
  PolicyRef,
  PolicySet,
  Principal,
  Request,
} from "../../src/engine/types.js";
import type { PolicyDocument, Statement } from "../../src/state/policy.js";

export const ACCOUNT = "111122223333";
export const OTHER = "444455556666";

export function user(name: string, account = ACCOUNT): Principal {
  return { arn: `arn:aws:iam::${account}:user/${name}`, account };
}

export function roleSession(role: string, session: string, account = ACCOUNT): Principal {
  return {
    arn: `arn:aws:iam::${account}:role/${role}`,
    sessionArn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
    account,
  };
}

export function doc(...Statement: Statement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement };
}

let counter = 0;

export function ref(kind: PolicyKind, document: PolicyDocument, id = `${kind}-${++counter}`): PolicyRef {
  return { id, kind, document };
}

export function identity(...docs: PolicyDocument[]): PolicySet {
  return { identity: docs.map((d) => ref("identity", d)) };
}

export function req(principal: Principal, action: string, resource: string, context: Context = {}): Request {
  return { principal, action, resource, context };
}

export const allowAll = doc({ Effect: "Allow", Action: "*", Resource: "*" });
