// Everything `plan` writes, as a map of relative path → content. Pure: the CLI writes it.
import type { AccessModel } from "../model/types.js";
import type { OrgState } from "../state/org-state.js";
import { stackTemplates, templateFile } from "./cloudformation.js";
import { deployGuide, stackSetGroups } from "./deploy.js";
import { json } from "./json.js";
import { stateFiles } from "./state-files.js";
import { summary } from "./summary.js";

export interface PlanInput {
  model: AccessModel;
  state: OrgState;
  /** The IdP metadata XML, when the model names a metadata file. */
  metadata?: string;
  /** Warnings to show in the summary, already formatted. */
  notes: string[];
}

export function planFiles(input: PlanInput): Map<string, string> {
  const { model, state } = input;
  const files = new Map<string, string>();
  const stacks = stackTemplates(model, state, input.metadata);
  for (const s of stacks) files.set(templateFile(s), json(s.template));
  const groups = stackSetGroups(stacks);
  for (const g of groups) files.set(g.file, g.text);
  for (const [path, text] of stateFiles(state.accounts)) files.set(path, text);
  files.set("deploy.md", deployGuide(model, stacks, groups, input.metadata !== undefined));
  files.set("summary.md", summary(model, state, input.notes));
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
