import * as vscode from 'vscode';
import { planHooksExport, writeHooksExport } from '../core/usecases/exportHooks';
import { relativeTo } from '../core/workspace/paths';
import { exportDespiteDistrust } from './exportSkillCommand';
import { sopTarget, type SopCommandDeps } from './sopTarget';

/** For scripted use (tests, tasks): answers to the questions the command would ask. */
export interface ExportHooksOptions {
  acceptUnapproved?: boolean;
  replace?: boolean;
}

/**
 * SOP: Export Gate Hooks — the SOP's approval gates as a PreToolUse hook for Claude Code, Copilot CLI and VS Code
 * agents: a tool call that would do a step after a gate is denied (or asked about) until the run log holds the
 * named approver's approval. Claude Code's settings are merged, never replaced.
 */
export async function exportHooksCommand(deps: SopCommandDeps, uri?: vscode.Uri, options: ExportHooksOptions = {}): Promise<{ written: string[] } | undefined> {
  const target = await sopTarget(deps, 'SOP: Export Gate Hooks', uri);
  if (!target) return undefined;
  let plan;
  try {
    plan = await planHooksExport(target.ws, target.sop);
  } catch (e) {
    void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
    return undefined;
  }
  const go = await exportDespiteDistrust(
    plan.distrust,
    options.acceptUnapproved,
    'gate hooks',
    'The hooks hold agents to the gates the SOP names: approve it first (SOP: Approve) so they hold the gates the team agreed on, or export anyway to try them.',
  );
  if (!go) return undefined;
  const root = target.sop.root;
  if (plan.existing.length > 0 && !options.replace) {
    const pick = await vscode.window.showWarningMessage(
      `Gate hooks for this SOP were exported before. Replace them?`,
      { modal: true, detail: `Replaced: ${plan.existing.map((p) => relativeTo(root, p)).join(', ')}. Changes made to them by hand are lost.` },
      'Replace',
    );
    if (pick !== 'Replace') return undefined;
  }
  const written = await writeHooksExport(target.ws, plan);
  const rel = written.map((p) => relativeTo(root, p));
  deps.log.info(`Gate hooks written: ${rel.join(', ')}`);
  for (const w of plan.hooks.warnings) deps.log.warn(`Gate hooks: ${w}`);
  void vscode.window.showInformationMessage(
    `Gate hooks written (${rel.join(', ')}): agents in Claude Code, Copilot CLI and VS Code now stop at this SOP's ${plan.hooks.data.gates.length} gate(s) until the approver's approval is in the run log.`,
  );
  return { written: rel };
}
