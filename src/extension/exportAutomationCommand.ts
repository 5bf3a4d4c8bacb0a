import * as vscode from 'vscode';
import { describeCron, validateCron } from '../core/automation/cron';
import { describeGuard } from '../core/automation/guard';
import { planAutomationExport, scheduleFor, writeAutomationExport, type AutomationPlan } from '../core/usecases/exportAutomation';
import { DEFAULT_SKILL_FOLDER } from '../core/usecases/exportSkill';
import { distrustOf } from '../core/approval/status';
import { relativeTo } from '../core/workspace/paths';
import { sensitiveRulesFor } from './evidenceHashes';
import { exportDespiteDistrust, writeSkill } from './exportSkillCommand';
import { outputFolder } from './settings';
import { sopTarget, uriIn, type SopCommandDeps, type SopTarget } from './sopTarget';

export interface ExportAutomationDeps extends SopCommandDeps {
  version: string;
}

/** For scripted use (tests, tasks): answers to the questions the command would ask. */
export interface ExportAutomationOptions {
  /** The confirmed cron; null = run only when started by hand; absent = ask (prefilled from the SOP's trigger). */
  cron?: string | null;
  acceptUnapproved?: boolean;
  /** Replace earlier automation files without asking. */
  replace?: boolean;
  /** Export the skill again even when it exists. */
  reexportSkill?: boolean;
  quiet?: boolean;
}

export interface AutomationOutcome {
  name: string;
  files: string[];
  warnings: string[];
  /** Whether the skill was (re)exported by this run. */
  skillExported: boolean;
  cron: string | null;
}

type SchedulePick = vscode.QuickPickItem & { cron: string | null | 'custom' };

/** Shows the schedule read from the SOP's trigger for confirmation, with a way to type another or run by hand only. */
async function confirmSchedule(target: SopTarget): Promise<string | null | undefined> {
  const found = scheduleFor(target.sop);
  const items: SchedulePick[] = [];
  if (found.guess) {
    const g = found.guess;
    const guard = g.guard ? `, then only ${describeGuard(g.guard)}` : '';
    items.push({
      label: `$(calendar) ${g.cron}`,
      description: `${g.description} (${g.timezone})${guard}`,
      detail: [
        found.source ? `Read from line ${found.source.line}: "${found.source.text}"` : undefined,
        g.confidence === 'low' ? `Low confidence: check it. ${g.notes[0] ?? ''}` : undefined,
      ]
        .filter(Boolean)
        .join(' — '),
      cron: g.cron,
    });
  }
  items.push({ label: '$(edit) Enter a cron expression…', description: 'five fields: minute hour day-of-month month day-of-week', cron: 'custom' });
  items.push({ label: '$(debug-start) No schedule: run only when started by hand', description: 'workflow_dispatch only', cron: null });
  const pick = await vscode.window.showQuickPick(items, {
    title: 'SOP: Export as Automation — confirm the schedule',
    placeHolder: found.guess
      ? "The schedule read from the SOP's trigger: confirm it, or choose another"
      : `No schedule could be read from the SOP: ${found.reason ?? 'its trigger names no time'}`,
    ignoreFocusOut: true,
  });
  if (!pick) return undefined;
  if (pick.cron !== 'custom') return pick.cron;
  const typed = await vscode.window.showInputBox({
    title: 'SOP: Export as Automation — cron expression',
    value: found.guess?.cron ?? '0 9 * * 1-5',
    prompt: "minute hour day-of-month month day-of-week, in the SOP's time zone",
    ignoreFocusOut: true,
    validateInput: (v) => {
      const valid = validateCron(v);
      return valid.ok ? { message: describeCron(valid.cron), severity: vscode.InputBoxValidationSeverity.Info } : valid.message;
    },
  });
  if (typed === undefined) return undefined;
  const valid = validateCron(typed);
  return valid.ok ? valid.cron : undefined;
}

/** SOP: Export as Automation — a schedule, a run prompt and a GitHub Actions workflow that stop at the first human gate. */
export async function exportAutomationCommand(
  deps: ExportAutomationDeps,
  uri?: vscode.Uri,
  options: ExportAutomationOptions = {},
): Promise<AutomationOutcome | undefined> {
  const target = await sopTarget(deps, 'SOP: Export as Automation', uri);
  if (!target) return undefined;
  const { sop } = target;
  const detail = 'An automation runs the SOP\'s mechanical steps on a schedule with nobody watching. Review it and run "SOP: Approve" first.';
  if (sop.doc.steps.length === 0) {
    void vscode.window.showErrorMessage(
      `${sop.relPath} has no numbered steps, so there is nothing to automate. Add the steps as a numbered list under a "Steps" heading, then export again.`,
    );
    return undefined;
  }
  if (!(await exportDespiteDistrust(distrustOf(sop.status), options.acceptUnapproved, 'an automation', detail))) return undefined;
  const cron = options.cron !== undefined ? options.cron : await confirmSchedule(target);
  if (cron === undefined) return undefined;
  if (cron !== null) {
    const valid = validateCron(cron);
    if (!valid.ok) {
      void vscode.window.showErrorMessage(`The cron "${cron}" is not valid: ${valid.message}`);
      return undefined;
    }
  }
  const result = await plan(target, cron, deps.version);
  if (!result) return undefined;

  // The automation invokes the skill: reuse an exported one, or export it now.
  const skillFolder = relativeTo(sop.root, result.skill.folder);
  let skillExported = false;
  let again = options.reexportSkill;
  if (result.skillExists && again === undefined && !options.quiet) {
    const pick = await vscode.window.showQuickPick(['Use the exported skill as it is', 'Export the skill again from this SOP'], {
      title: `The skill ${skillFolder} already exists`,
      ignoreFocusOut: true,
    });
    if (!pick) return undefined;
    again = pick.startsWith('Export');
  }
  if (!result.skillExists || again) {
    const skill = await writeSkill(deps, target, result.skill, { replace: true, quiet: true });
    if (!skill) return undefined;
    skillExported = true;
  }

  const existing = result.existing.map((p) => relativeTo(sop.root, p));
  if (existing.length > 0 && !options.replace) {
    const pick = await vscode.window.showWarningMessage(
      `${existing.length} file(s) of an earlier export exist. Replace them?`,
      { modal: true, detail: `${existing.join('\n')}\n\nChanges made to them by hand will be lost.` },
      'Replace',
    );
    if (pick !== 'Replace') return undefined;
  }
  try {
    await writeAutomationExport(target.ws, result, { exportSkill: false });
  } catch (e) {
    const message = `The automation could not be written: ${e instanceof Error ? e.message : String(e)}. Check that the workspace is writable.`;
    deps.log.error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
  const { automation } = result;
  const files = [...automation.files.keys()];
  for (const w of automation.warnings) deps.log.warn(`Export as Automation: ${w}`);
  deps.log.info(`Exported ${sop.relPath} as the automation ${automation.name}: ${files.join(', ')}; schedule ${cron ?? 'none (by hand only)'}`);
  const outcome = { name: automation.name, files, warnings: automation.warnings, skillExported, cron };
  if (options.quiet) return outcome;
  const workflow = files.find((f) => f.startsWith('.github/'));
  if (workflow) await vscode.window.showTextDocument(uriIn(target.folder, workflow), { preview: false });
  const when = cron ? `on "${describeCron(cron)}"` : 'only when started by hand';
  const text = `Automation "${automation.name}" written (${files.length} files): it runs ${when}, does the mechanical steps and stops at the first human gate. Nothing runs until you commit the workflow.`;
  if (automation.warnings.length > 0) {
    void vscode.window
      .showWarningMessage(`${text} ${automation.warnings.length} warning(s): ${automation.warnings[0]}`, 'Show Log')
      .then((p) => p && deps.log.show());
  } else void vscode.window.showInformationMessage(text);
  return outcome;
}

/** The planned export for a schedule; shows why not when it cannot be made. */
async function plan(target: SopTarget, cron: string | null, version: string): Promise<AutomationPlan | undefined> {
  try {
    return await planAutomationExport(target.ws, target.sop, {
      cron,
      version,
      skillFolder: outputFolder('skill.outputFolder', DEFAULT_SKILL_FOLDER, target.document.uri),
      sensitive: sensitiveRulesFor(target.folder.uri),
    });
  } catch (e) {
    void vscode.window.showErrorMessage(`SOP: Export as Automation: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
