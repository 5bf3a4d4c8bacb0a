import { planHooksExport, writeHooksExport } from '../core/usecases/exportHooks';
import { loadConfig, openSop } from '../core/usecases/sop';
import { relativeTo } from '../core/workspace/paths';
import { indexWorkspace } from '../core/workspace/walk';
import { lookOnDisk } from '../node/nodeWorkspace';
import { configProblemsText, pathInWorkspace, workspaceOf } from './lintCommand';
import { UsageError, type CommandResult } from './usage';

export interface HooksOptions {
  workspace: string;
  path: string;
  /** Replace hook files an earlier export wrote. */
  force: boolean;
}

/**
 * `sop hooks`: writes the SOP's gate hook (.agents/hooks/sop-<name>-gates.mjs), registers it for Copilot CLI and
 * VS Code (.github/hooks/sop-<name>.json) and merges it into Claude Code's .claude/settings.json. Exit 1 when the
 * SOP has no gate to enforce or the settings cannot be merged into.
 */
export async function runHooks(o: HooksOptions): Promise<CommandResult> {
  const { ws, root } = workspaceOf(o.workspace);
  const { abs, isDir } = await pathInWorkspace(ws, root, o.path);
  if (isDir) throw new UsageError(`${o.path} is a folder: give the SOP file.`);
  const { config, problems } = await loadConfig(ws, abs);
  if (problems.length > 0) return { exitCode: 2, stdout: '', stderr: await configProblemsText(ws, root, problems) };
  const sop = await openSop(ws, abs, { config, index: await indexWorkspace(ws, undefined, lookOnDisk) });
  let plan;
  try {
    plan = await planHooksExport(ws, sop);
  } catch (e) {
    return { exitCode: 1, stdout: '', stderr: `sop: ${(e as Error).message}\n` };
  }
  if (plan.existing.length > 0 && !o.force) {
    const rel = plan.existing.map((p) => relativeTo(root, p)).join(', ');
    throw new UsageError(
      `${rel} already exist${plan.existing.length === 1 ? 's' : ''}: pass --force to replace ${plan.existing.length === 1 ? 'it' : 'them'}.`,
    );
  }
  const written = await writeHooksExport(ws, plan);
  const gates = plan.hooks.data.gates.map((g) => `  step ${g.number}: approved by ${g.approver}`);
  const stderr = [`gates enforced (${plan.hooks.data.steps.length} step(s) after them held back until approved):`, ...gates];
  if (!plan.claudeSettings.changed) stderr.push(`${relativeTo(root, plan.claudeSettings.path)} already runs the hook: left as it was.`);
  stderr.push(...plan.hooks.warnings.map((w) => `warning: ${w}`));
  return { exitCode: 0, stdout: written.map((w) => w + '\n').join(''), stderr: stderr.map((l) => l + '\n').join('') };
}
