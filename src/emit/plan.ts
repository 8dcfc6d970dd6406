// Everything `plan` writes, as a map of relative path → content. Pure: the CLI writes it.

import { templateFile } from "../model/naming.js";
import type { AccessModel } from "../model/types.js";
import { portalFiles } from "../portal/portal.js";
import type { Proof } from "../prove/types.js";
import { reportFiles } from "../report/report.js";
import { deployStepsOf } from "../report/steps.js";
import type { OrgState } from "../state/org-state.js";
import { stackTemplates } from "./cloudformation.js";
import { deployGuide, stackSetGroups } from "./deploy.js";
import { json } from "./json.js";
import { proofJson } from "./proof.js";
import { stateFiles } from "./state-files.js";
import { summary } from "./summary.js";
import { terraformFiles } from "./terraform.js";
import { terraformDeployGuide } from "./terraform-deploy.js";
import { workloadFiles } from "./workloads.js";

export interface PlanInput {
  model: AccessModel;
  state: OrgState;
  /** The IdP metadata XML, when the model names a metadata file. */
  metadata?: string;
  /** Warnings to show in the summary, already formatted. */
  notes: string[];
  /** prove's result, when it ran: written as proof.json and proof.sarif, and shown in the summary. */
  proof?: { result: Proof; sarif: string };
  /** Per-person files (profiles/, google/) from src/profiles and src/google. */
  personal?: Map<string, string>;
  /** Today (YYYY-MM-DD, UTC): the portal lists grants expiring soon. */
  today: string;
  /** Today's accounts (`plan --existing`): the Terraform adopts what exists with import blocks. */
  existing?: OrgState;
  /** CLI profiles named ENV-LEVEL, without the organisation (the portal's snippet follows). */
  shortNames?: boolean;
}

export function planFiles(input: PlanInput): Map<string, string> {
  const { model, state } = input;
  const files = new Map<string, string>();
  const stacks = stackTemplates(model, state, input.metadata);
  for (const s of stacks) files.set(templateFile(s), json(s.template));
  const groups = stackSetGroups(stacks);
  for (const g of groups) files.set(g.file, g.text);
  for (const [path, text] of stateFiles(state.accounts)) files.set(path, text);
  for (const [path, text] of workloadFiles(model)) files.set(path, text);
  const terraform = terraformFiles({
    organization: model.organization,
    region: model.options.region,
    state,
    ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
    ...(input.existing ? { existing: input.existing } : {}),
  });
  for (const [path, text] of terraform.files) files.set(path, text);
  let deploy = deployGuide(
    model,
    stacks,
    groups,
    input.metadata !== undefined,
    terraformDeployGuide(terraform.roots, input.metadata !== undefined),
  );
  if (input.proof) {
    files.set("proof.json", proofJson(input.proof.result));
    files.set("proof.sarif", input.proof.sarif);
    if (!input.proof.result.passed) {
      deploy = `> **Do not deploy: \`prove\` failed on this plan.** See summary.md and proof.json.\n\n${deploy}`;
    }
  }
  files.set("deploy.md", deploy);
  for (const [path, text] of input.personal ?? []) files.set(path, text);
  const proofResult = input.proof ? { proof: input.proof.result } : {};
  const names = input.shortNames ? { shortNames: true } : {};
  // The pages show each class's ~/.aws/config: the text already rendered under profiles/.
  const personal = input.personal;
  const classConfigs = personal
    ? { classConfigs: (slug: string) => personal.get(`profiles/${slug}/aws-config`) }
    : {};
  for (const [path, text] of portalFiles(model, {
    today: input.today,
    ...proofResult,
    ...names,
    ...classConfigs,
  }))
    files.set(path, text);
  for (const [path, text] of reportFiles(model, {
    today: input.today,
    deploySteps: deployStepsOf(model, stacks),
    ...proofResult,
  })) {
    files.set(path, text);
  }
  files.set("summary.md", summary(model, state, input.notes, input.proof?.result));
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
