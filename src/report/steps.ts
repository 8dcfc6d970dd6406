// Deployment steps for the report: which template goes to which account, in order. The report
// takes them as input; deployStepsOf builds them from the stacks plan writes, in the order of
// deploy.md (environment accounts first, the identity account last).
import type { StackTemplate } from "../emit/cloudformation.js";
import { stackName, templateFile } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";

export interface DeployStep {
  /** "111111111111 (dev)". */
  account: string;
  stack: string;
  /** Path of the template in the output directory. */
  template: string;
}

export function deployStepsOf(model: AccessModel, stacks: StackTemplate[]): DeployStep[] {
  const ordered = [
    ...stacks.filter((s) => s.kind === "environment"),
    ...stacks.filter((s) => s.kind === "identity"),
  ];
  return ordered.map((s) => ({
    account: `${s.accountId} (${s.accountName})`,
    stack: stackName(model, s.kind),
    template: templateFile(s),
  }));
}
