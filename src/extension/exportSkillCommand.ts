import * as vscode from 'vscode';
import {
  planSkillExport,
  writeSkillExport,
  DEFAULT_SKILL_ALSO_FOR,
  DEFAULT_SKILL_FOLDER,
  foreignMessage,
  handEdits,
  otherSopsSkills,
  SKILL_COPY_FOLDERS,
  skillLoadReport,
  type SkillCopyFor,
  type SkillPlan,
} from '../core/usecases/exportSkill';
import { renderLoadsIn, type LoadsInRow } from '../core/skill/loadsIn';
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
  /** Workspace-relative folders of the copies for other agents. */
  copies: string[];
  /** Which agents load the skill, and why (not). */
  loadsIn: LoadsInRow[];
}

/** `sopBuilder.skill.alsoFor`: the agents that get a copy besides .agents/skills. */
function alsoFor(scope: vscode.Uri): SkillCopyFor[] {
  const v = vscode.workspace.getConfiguration('sopBuilder', scope).get<unknown>('skill.alsoFor', DEFAULT_SKILL_ALSO_FOR);
  return Array.isArray(v) ? v.filter((a): a is SkillCopyFor => typeof a === 'string' && a in SKILL_COPY_FOLDERS) : [...DEFAULT_SKILL_ALSO_FOR];
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
      also: alsoFor(target.document.uri),
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
  const foreign = foreignMessage(plan);
  if (foreign) {
    const canonical = plan.places.some((p) => p.role === 'canonical' && p.holds === 'someone-else');
    void vscode.window.showErrorMessage(
      `${foreign}, or ${canonical ? 'set "sopBuilder.skill.outputFolder" to another folder' : 'leave that copy out in the setting "sopBuilder.skill.alsoFor"'}.`,
    );
    return undefined;
  }
  if (plan.existing === 'skill' && !options.replace) {
    const edits = handEdits(plan);
    const pick = await vscode.window.showWarningMessage(
      `The skill ${folderRel} already exists. Replace it with a fresh export of this SOP?`,
      {
        modal: true,
        detail: [
          edits.length
            ? `Changed by hand since the last export, and lost if you replace it: ${edits.join(', ')}.`
            : 'Files in the skill folders that you changed by hand will be lost.',
          ...otherSopsSkills(plan).map((o) => `Another SOP's skill has this name and would be replaced: ${o}.`),
        ].join(' '),
      },
      'Replace',
    );
    if (pick !== 'Replace') return undefined;
  }
  let problems: SkillProblem[];
  try {
    problems = await writeSkillExport(target.ws, plan);
    deps.linter.skillsWritten();
  } catch (e) {
    const message = `The skill could not be written to ${folderRel}: ${e instanceof Error ? e.message : String(e)}. Check that the folder is writable, or set "sopBuilder.skill.outputFolder".`;
    deps.log.error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
  const { skill } = plan;
  const { rows } = await skillLoadReport(target.ws, plan);
  for (const w of skill.warnings) deps.log.warn(`Export as Skill: ${w}`);
  for (const e of handEdits(plan)) deps.log.warn(`Export as Skill: replaced ${e}`);
  for (const p of problems) deps.log.error(`Export as Skill: ${folderRel}/${p.file}: ${p.rule}: ${p.message}`);
  const copies = plan.places.filter((p) => p.role !== 'canonical').map((p) => relativeTo(target.sop.root, p.folder));
  deps.log.info(
    `Exported ${target.sop.relPath} as the skill ${folderRel}${copies.length ? ` with copies in ${copies.join(', ')}` : ''} (${skill.files.size} file(s))`,
  );
  deps.log.info(renderLoadsIn(rows));
  const outcome = { name: skill.name, folder: folderRel, problems, warnings: skill.warnings, copies, loadsIn: rows };
  if (options.quiet) return outcome;
  const loads = `loads in ${rows.map((r) => `${r.agent} ${r.loads ? '✓' : '✗'}`).join(', ')}`;
  await vscode.window.showTextDocument(uriOf(target.folder.uri, `${plan.folder}/${SKILL_FILE}`), { preview: false });
  if (problems.length > 0) {
    void vscode.window.showErrorMessage(
      `The skill in ${folderRel} breaks the Agent Skills specification: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more; see "SOP: Show Log")` : ''}`,
    );
  } else if (skill.warnings.length > 0) {
    void vscode.window
      .showWarningMessage(`Exported the skill to ${folderRel} (${loads}), with ${skill.warnings.length} warning(s): ${skill.warnings[0]}`, 'Show Log')
      .then((p) => p && deps.log.show());
  } else {
    void vscode.window
      .showInformationMessage(`Exported the skill to ${folderRel}${copies.length ? ` (+ ${copies.join(', ')})` : ''}; ${loads}.`, 'Show Log')
      .then((p) => p && deps.log.show());
  }
  return outcome;
}
