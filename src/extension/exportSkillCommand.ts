import * as vscode from 'vscode';
import { planSkillExport, writeSkillExport, DEFAULT_SKILL_FOLDER, type SkillPlan } from '../core/usecases/exportSkill';
import { SKILL_FILE, type SkillProblem } from '../core/skill/validate';
import { distrustOf } from '../core/approval/status';
import { relativeTo } from '../core/workspace/paths';
import { sensitiveRulesFor } from './evidenceHashes';
import { outputFolder } from './settings';
import { sopTarget, type SopCommandDeps, type SopTarget } from './sopTarget';
import { uriOf } from './vscodeWorkspace';

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

/** True when the SOP is trusted, the caller accepted it already, or the person chose to export anyway. */
export async function exportDespiteDistrust(distrust: string | undefined, accepted: boolean | undefined, as: string, detail: string): Promise<boolean> {
  if (!distrust || accepted) return true;
  const pick = await vscode.window.showWarningMessage(`${distrust} Export it as ${as} anyway?`, { modal: true, detail }, 'Export Anyway');
  return pick === 'Export Anyway';
}

/** SOP: Export as Skill — writes `<outputFolder>/<name>/SKILL.md` with the scripts, references and templates the SOP uses. */
export async function exportSkillCommand(deps: SopCommandDeps, uri?: vscode.Uri, options: ExportSkillOptions = {}): Promise<SkillExportOutcome | undefined> {
  const target = await sopTarget(deps, 'SOP: Export as Skill', uri);
  if (!target) return undefined;
  const go = await exportDespiteDistrust(
    distrustOf(target.sop.status),
    options.acceptUnapproved,
    'a skill',
    'Only an approved SOP exports without this warning: an agent will follow the skill as written. Review it and run "SOP: Approve" first, or export anyway to try the skill out.',
  );
  if (!go) return undefined;
  let plan: SkillPlan;
  try {
    plan = await planSkillExport(target.ws, target.sop, {
      outFolder: outputFolder('skill.outputFolder', DEFAULT_SKILL_FOLDER, target.document.uri),
      sensitive: sensitiveRulesFor(target.folder.uri),
    });
  } catch (e) {
    void vscode.window.showErrorMessage(
      `${e instanceof Error ? e.message : String(e)}`.replace(/choose (an|another) output folder/, 'set "sopBuilder.skill.outputFolder" to another folder'),
    );
    return undefined;
  }
  return writeSkill(deps, target, plan, options);
}

/** Writes a planned skill, asking before an earlier export is replaced; the automation export calls it too. */
export async function writeSkill(
  deps: SopCommandDeps,
  target: SopTarget,
  plan: SkillPlan,
  options: ExportSkillOptions,
): Promise<SkillExportOutcome | undefined> {
  const folderRel = relativeTo(target.sop.root, plan.folder);
  if (plan.existing === 'skill' && !options.replace) {
    const pick = await vscode.window.showWarningMessage(
      `The skill ${folderRel} already exists. Replace it with a fresh export of this SOP?`,
      { modal: true, detail: 'Files in the skill folder that you changed by hand will be lost.' },
      'Replace',
    );
    if (pick !== 'Replace') return undefined;
  }
  let problems: SkillProblem[];
  try {
    problems = await writeSkillExport(target.ws, plan);
  } catch (e) {
    const message = `The skill could not be written to ${folderRel}: ${e instanceof Error ? e.message : String(e)}. Check that the folder is writable, or set "sopBuilder.skill.outputFolder".`;
    deps.log.error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
  const { skill } = plan;
  for (const w of skill.warnings) deps.log.warn(`Export as Skill: ${w}`);
  for (const p of problems) deps.log.error(`Export as Skill: ${folderRel}/${p.file}: ${p.rule}: ${p.message}`);
  deps.log.info(`Exported ${target.sop.relPath} as the skill ${folderRel} (${skill.files.size} file(s))`);
  const outcome = { name: skill.name, folder: folderRel, problems, warnings: skill.warnings };
  if (options.quiet) return outcome;
  await vscode.window.showTextDocument(uriOf(target.folder.uri, `${plan.folder}/${SKILL_FILE}`), { preview: false });
  if (problems.length > 0) {
    void vscode.window.showErrorMessage(
      `The skill in ${folderRel} breaks the Agent Skills specification: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more; see "SOP: Show Log")` : ''}`,
    );
  } else if (skill.warnings.length > 0) {
    void vscode.window
      .showWarningMessage(`Exported the skill to ${folderRel}, with ${skill.warnings.length} warning(s): ${skill.warnings[0]}`, 'Show Log')
      .then((p) => p && deps.log.show());
  } else {
    void vscode.window.showInformationMessage(`Exported the skill to ${folderRel} (${skill.files.size} file(s)); it passes the Agent Skills checks.`);
  }
  return outcome;
}
