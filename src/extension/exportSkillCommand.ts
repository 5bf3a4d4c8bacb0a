import * as vscode from 'vscode';
import { exportSkill, type SkillExport, type SkillSourceRead } from '../core/skill/export';
import { readSkillSource } from '../core/skill/sources';
import { resolveInside } from '../core/workspace/inside';
import { editorEvidenceDisk, sensitiveRulesFor, workspaceRoot } from './evidenceHashes';
import { validateSkill, SKILL_FILE, type SkillProblem } from '../core/skill/validate';
import { sopStatus } from '../core/approval/status';
import type { LintController } from './linter';
import { outputFolder } from './settings';
import { exists, sopTarget, uriIn, writeTextFiles, type SopTarget } from './sopTarget';

export interface ExportSkillDeps {
  linter: LintController;
  log: vscode.LogOutputChannel;
}

/** For scripted use (tests, the automation export): answers to the questions the command would ask. */
export interface ExportSkillOptions {
  /** Export an SOP that is not approved (or changed since) without asking. */
  acceptUnapproved?: boolean;
  /** Replace an earlier export of this skill without asking. */
  replace?: boolean;
  /** Do not open SKILL.md afterwards. */
  quiet?: boolean;
}

export interface SkillExportOutcome {
  name: string;
  /** Workspace-relative folder of the skill. */
  folder: string;
  problems: SkillProblem[];
  warnings: string[];
}

/**
 * Reads the files the export asks for, the way the CLI does: inside the workspace only (after links), sensitive
 * names refused whatever link led to them, only regular files of bounded size. The core export reads
 * synchronously, so it runs once to learn which files it wants.
 */
async function readResources(target: SopTarget): Promise<SkillExport> {
  const wanted = new Set<string>();
  const run = (texts: Map<string, SkillSourceRead | undefined>) =>
    exportSkill({
      sopText: target.document.getText(),
      sopPath: target.relPath,
      readFile: (rel) => {
        wanted.add(rel);
        return texts.get(rel);
      },
    });
  run(new Map());
  const texts = new Map<string, SkillSourceRead | undefined>();
  const disk = editorEvidenceDisk(target.folder.uri);
  const root = workspaceRoot(target.folder.uri);
  const rules = sensitiveRulesFor(target.folder.uri);
  for (const rel of wanted) texts.set(rel, await readSkillSource(root, rel, disk, rules).catch(() => undefined));
  return run(texts);
}

/** Reads back a written folder, as the validator sees it. */
async function readFolder(uri: vscode.Uri, prefix = '', out = new Map<string, string>()): Promise<Map<string, string>> {
  for (const [name, type] of await vscode.workspace.fs.readDirectory(uri)) {
    const child = vscode.Uri.joinPath(uri, name);
    if (type & vscode.FileType.Directory) await readFolder(child, `${prefix}${name}/`, out);
    else out.set(prefix + name, new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(child)));
  }
  return out;
}

/** Whether an SOP may be trusted as it is: approved, unchanged since, evidence unchanged. Returns what to tell the user otherwise. */
export function notTrustedBecause(target: SopTarget): string | undefined {
  const status = sopStatus(target.result.doc, target.result.issues);
  if (status === 'draft') return 'This SOP is not approved yet.';
  if (status === 'changed') return 'This SOP changed since it was approved.';
  if (status === 'drifted') return 'Evidence this SOP was approved against has changed or is gone.';
  return undefined;
}

/** True when the SOP is trusted, the caller accepted it already, or the person chose to export anyway. */
export async function exportDespiteDistrust(target: SopTarget, accepted: boolean | undefined, as: string, detail: string): Promise<boolean> {
  const distrust = notTrustedBecause(target);
  if (!distrust || accepted) return true;
  const pick = await vscode.window.showWarningMessage(`${distrust} Export it as ${as} anyway?`, { modal: true, detail }, 'Export Anyway');
  return pick === 'Export Anyway';
}

/** SOP: Export as Skill — writes `<outputFolder>/<name>/SKILL.md` with the scripts, references and templates the SOP uses. */
export async function exportSkillCommand(deps: ExportSkillDeps, uri?: vscode.Uri, options: ExportSkillOptions = {}): Promise<SkillExportOutcome | undefined> {
  const target = await sopTarget(deps.linter, 'SOP: Export as Skill', uri);
  if (!target) return undefined;
  return exportSkillOf(deps, target, options);
}

export async function exportSkillOf(deps: ExportSkillDeps, target: SopTarget, options: ExportSkillOptions = {}): Promise<SkillExportOutcome | undefined> {
  const go = await exportDespiteDistrust(target, options.acceptUnapproved, 'a skill', 'Only an approved SOP exports without this warning: an agent will follow the skill as written. Review it and run "SOP: Approve" first, or export anyway to try the skill out.');
  if (!go) return undefined;
  const result = await readResources(target);
  const base = outputFolder('skill.outputFolder', '.agents/skills', target.document.uri);
  const folderRel = `${base}/${result.name}`;
  const folderUri = uriIn(target.folder, folderRel);
  const place = await resolveInside(workspaceRoot(target.folder.uri), folderRel, editorEvidenceDisk(target.folder.uri).realPath);
  if (!place.inside) {
    void vscode.window.showErrorMessage(`The skill was not written: ${folderRel} is refused (${place.reason}). Remove that link, or set "sopBuilder.skill.outputFolder" to a folder inside the workspace.`);
    return undefined;
  }
  if (await exists(folderUri)) {
    if (!(await exists(vscode.Uri.joinPath(folderUri, SKILL_FILE)))) {
      void vscode.window.showErrorMessage(`${folderRel} already exists and is not a skill (it has no SKILL.md), so it was left alone. Move it, or set "sopBuilder.skill.outputFolder" to another folder.`);
      return undefined;
    }
    if (!options.replace) {
      const pick = await vscode.window.showWarningMessage(`The skill ${folderRel} already exists. Replace it with a fresh export of this SOP?`, { modal: true, detail: 'Files in the skill folder that you changed by hand will be lost.' }, 'Replace');
      if (pick !== 'Replace') return undefined;
    }
    await vscode.workspace.fs.delete(folderUri, { recursive: true, useTrash: true }).then(undefined, () => vscode.workspace.fs.delete(folderUri, { recursive: true, useTrash: false }));
  }
  const files = new Map([...result.files].map(([rel, text]) => [`${folderRel}/${rel}`, text]));
  try {
    await writeTextFiles(target.folder, files);
  } catch (e) {
    const message = `The skill could not be written to ${folderRel}: ${e instanceof Error ? e.message : String(e)}. Check that the folder is writable, or set "sopBuilder.skill.outputFolder".`;
    deps.log.error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
  const problems = validateSkill(await readFolder(folderUri), result.name);
  for (const w of result.warnings) deps.log.warn(`Export as Skill: ${w}`);
  for (const p of problems) deps.log.error(`Export as Skill: ${folderRel}/${p.file}: ${p.rule}: ${p.message}`);
  deps.log.info(`Exported ${target.relPath} as the skill ${folderRel} (${result.files.size} file(s))`);
  const outcome = { name: result.name, folder: folderRel, problems, warnings: result.warnings };
  if (options.quiet) return outcome;
  const skillMd = vscode.Uri.joinPath(folderUri, SKILL_FILE);
  await vscode.window.showTextDocument(skillMd, { preview: false });
  if (problems.length > 0) {
    void vscode.window.showErrorMessage(`The skill in ${folderRel} breaks the Agent Skills specification: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more; see "SOP: Show Log")` : ''}`);
  } else if (result.warnings.length > 0) {
    void vscode.window.showWarningMessage(`Exported the skill to ${folderRel}, with ${result.warnings.length} warning(s): ${result.warnings[0]}`, 'Show Log').then((p) => p && deps.log.show());
  } else {
    void vscode.window.showInformationMessage(`Exported the skill to ${folderRel} (${result.files.size} file(s)); it passes the Agent Skills checks.`);
  }
  return outcome;
}
