import { exportGateHooks, type GateHooksExport } from '../hooks/export';
import { CLAUDE_SETTINGS, claudeSettingsWithHook } from '../hooks/settings';
import { distrustOf } from '../approval/status';
import { slugify } from '../skill/export';
import { readTextIfExists, writeText, type Workspace } from '../workspace/port';
import { runsFolderOf } from './runs';
import type { SopContext } from './sop';

/** A settings file is a few kilobytes; a larger one is not one to merge into. */
const MAX_SETTINGS_BYTES = 1024 * 1024;

export interface HooksPlan {
  hooks: GateHooksExport;
  /** The workspace root (absolute): the hook finds the run logs from there. */
  outRoot: string;
  /** Absolute paths of hook files an earlier export wrote (replacing them needs a yes). */
  existing: string[];
  /** `.claude/settings.json` with the hook registered, every other key kept. */
  claudeSettings: { path: string; existed: boolean; changed: boolean };
  /** Why the SOP should not be trusted as it is (the person is asked before exporting), if so. */
  distrust?: string;
}

/**
 * The gate hooks of the SOP (the script, the Copilot CLI / VS Code hook file) and the change to Claude Code's
 * settings, on the model lint sees. Throws with what to do when the SOP has no gate, or the settings file
 * cannot be merged into (it is never replaced).
 */
export async function planHooksExport(ws: Workspace, sop: SopContext): Promise<HooksPlan> {
  const outRoot = sop.root.replace(/\/+$/, '');
  const name = slugify(sop.doc.title?.text ?? '') || slugify(sop.relPath.replace(/^.*\//, '').replace(/(?:\.sop)?\.md$/i, '')) || 'sop';
  const hooks = exportGateHooks({ doc: sop.doc, status: sop.status, sopPath: sop.relPath, name, runsFolder: runsFolderOf(sop.relPath) });
  const existing: string[] = [];
  for (const rel of hooks.files.keys()) if (await ws.exists(`${outRoot}/${rel}`)) existing.push(`${outRoot}/${rel}`);
  const path = `${outRoot}/${CLAUDE_SETTINGS}`;
  const before = await readTextIfExists(ws, path, MAX_SETTINGS_BYTES);
  const { changed } = claudeSettingsWithHook(before, hooks.script);
  return { hooks, outRoot, existing, claudeSettings: { path, existed: before !== undefined, changed }, distrust: distrustOf(sop.status) };
}

/** Writes the hook files (over an earlier export's) and merges the hook into `.claude/settings.json`; returns the paths written. */
export async function writeHooksExport(ws: Workspace, plan: HooksPlan): Promise<string[]> {
  const written: string[] = [];
  for (const [rel, text] of plan.hooks.files) {
    const target = `${plan.outRoot}/${rel}`;
    await writeText(ws, target, text, { overwrite: plan.existing.includes(target) });
    written.push(target);
  }
  // Read again and merged again: the settings may have changed since the plan was made.
  const before = await readTextIfExists(ws, plan.claudeSettings.path, MAX_SETTINGS_BYTES);
  const merged = claudeSettingsWithHook(before, plan.hooks.script);
  if (merged.changed) {
    await writeText(ws, plan.claudeSettings.path, merged.text, { overwrite: before !== undefined });
    written.push(plan.claudeSettings.path);
  }
  return written;
}
