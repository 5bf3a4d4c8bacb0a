import { distrustOf, type SopStatus } from '../approval/status';
import type { SopDocument } from '../sop/model';
import { gatesOf, type GateHookData } from './gates';
import { gateHookScript } from './script';
import { copilotHookFile } from './settings';

export interface GateHooksInput {
  /** The SOP parsed with its resolved lint config, so its steps and gates are the ones lint sees. */
  doc: SopDocument;
  status?: SopStatus;
  /** Workspace-relative path of the SOP (slashes). */
  sopPath: string;
  /** The name the hook files take: the SOP's skill name (lowercase words and hyphens). */
  name: string;
  /** Workspace-relative folder of the SOP's run logs (usecases/runs keeps them there). */
  runsFolder: string;
}

export interface GateHooksExport {
  name: string;
  /** Workspace-relative path of the hook script. */
  script: string;
  /** Workspace-relative path → text: the script and the Copilot CLI / VS Code hook file. */
  files: Map<string, string>;
  data: GateHookData;
  warnings: string[];
}

export const HOOKS_FOLDER = '.agents/hooks';

export function gateHookPaths(name: string): { script: string; copilot: string } {
  return { script: `${HOOKS_FOLDER}/sop-${name}-gates.mjs`, copilot: `.github/hooks/sop-${name}.json` };
}

/**
 * The gate hook of an SOP: a script that holds back the tool calls that would pass its approval gates, and the
 * Copilot CLI / VS Code file that runs it (the Claude Code entry is merged into the settings by the use case).
 * Throws when the SOP's steps hold no approval gate: there is nothing to enforce.
 */
export function exportGateHooks(input: GateHooksInput): GateHooksExport {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(input.name)) throw new Error(`The hook name "${input.name}" must be lowercase letters, digits and hyphens.`);
  const { gates, steps } = gatesOf(input.doc);
  if (gates.length === 0)
    throw new Error(
      `${input.sopPath} has no approval gate in its numbered steps ("wait for Priya's sign-off"), so there is nothing for a hook to enforce. Add the gate as a step, then export again.`,
    );
  const paths = gateHookPaths(input.name);
  const title = (input.doc.title?.text ?? input.name).trim() || input.name;
  const depth = paths.script.split('/').length - 1;
  const data: GateHookData = { version: 1, title, sop: input.sopPath, runs: input.runsFolder, root: '../'.repeat(depth), gates, steps };

  const warnings: string[] = [];
  const distrust = distrustOf(input.status ?? 'draft');
  if (distrust) warnings.push(`${distrust} The hooks enforce the gates of a text nobody signed off: approve the SOP, then export again.`);
  for (const g of gates.filter((g) => !g.approverName))
    warnings.push(
      `The gate at step ${g.number} names no person (${g.approver}), so any person's approval in the run log opens it: name the approver in the step, e.g. "wait for Priya Nair's sign-off".`,
    );
  if (steps.length === 0) warnings.push(`No step comes after the last gate (step ${gates[gates.length - 1].number}): the hooks hold nothing back.`);
  for (const s of steps.filter((s) => s.words.length === 0 && s.commands.length === 0))
    warnings.push(
      `Step ${s.number} comes after a gate but names no command in backticks and no acting verb (send, pay, post, publish, …), so the hooks only catch it when a run records it done.`,
    );

  const files = new Map<string, string>();
  files.set(paths.script, gateHookScript(data));
  files.set(paths.copilot, copilotHookFile(paths.script, input.sopPath));
  return { name: input.name, script: paths.script, files, data, warnings };
}
