import { exportAutomation, type AutomationExport } from '../automation/export';
import { scheduleOf } from '../automation/schedule';
import { distrustOf } from '../approval/status';
import type { SensitiveRules } from '../evidence/sensitive';
import { SKILL_FILE, type SkillProblem } from '../skill/validate';
import { isInside, relativeTo } from '../workspace/paths';
import { writeText, type Workspace } from '../workspace/port';
import { DEFAULT_SKILL_FOLDER, planSkillExport, writeSkillExport, type SkillPlan } from './exportSkill';
import type { SopContext } from './sop';

export interface AutomationPlanInput {
  /** The root the files are written under (absolute); the workspace root by default. */
  outRoot?: string;
  /** Folder for skills, relative to the root; default .agents/skills. The skill goes in <folder>/<name>. */
  skillFolder?: string;
  /** The skill's own folder instead, relative to the root: the automation takes its name. */
  skillDir?: string;
  /** The confirmed cron; null: run only when started by hand; undefined: the schedule read from the SOP. */
  cron?: string | null;
  timezone?: string;
  version?: string;
  sensitive?: SensitiveRules;
}

export interface AutomationPlan {
  automation: AutomationExport;
  skill: SkillPlan;
  /** Whether an exported skill is there already (the automation can use it as it is). */
  skillExists: boolean;
  /** Absolute paths of automation files that exist already (replacing them needs a yes). */
  existing: string[];
  outRoot: string;
  distrust?: string;
  cron: string | null;
}

/** The schedule read from the SOP's trigger, for the person to confirm. */
export function scheduleFor(sop: SopContext): ReturnType<typeof scheduleOf> {
  return scheduleOf(sop.doc);
}

/**
 * The automation files for the SOP, on the model lint sees, and the skill it invokes. Throws with what to do when
 * the SOP has no steps, or the cron, time zone or folders are not usable.
 */
export async function planAutomationExport(ws: Workspace, sop: SopContext, o: AutomationPlanInput = {}): Promise<AutomationPlan> {
  const outRoot = (o.outRoot ?? sop.root).replace(/\/+$/, '');
  const dir = o.skillDir?.replace(/\/+$/, '');
  const cut = dir?.lastIndexOf('/') ?? -1;
  const skill = await planSkillExport(ws, sop, {
    outFolder: `${outRoot}/${dir ? (cut < 0 ? '' : dir.slice(0, cut)) : (o.skillFolder ?? DEFAULT_SKILL_FOLDER)}`,
    folderName: dir ? dir.slice(cut + 1) : undefined,
    sensitive: o.sensitive,
    outsideAllowed: !isInside(sop.root, outRoot),
  });
  if (!isInside(outRoot, skill.folder) || skill.folder === outRoot)
    throw new Error(
      `The skill folder ${skill.folder} is not inside ${outRoot}: give the skill folder relative to the workspace, e.g. ${DEFAULT_SKILL_FOLDER}.`,
    );
  const skillPath = relativeTo(outRoot, skill.folder);
  const cron = o.cron === undefined ? (scheduleOf(sop.doc).guess?.cron ?? null) : o.cron;
  const automation = exportAutomation({
    doc: sop.doc,
    status: sop.status,
    sopPath: sop.relPath,
    skillName: skill.folder.slice(skill.folder.lastIndexOf('/') + 1),
    skillPath,
    cron: cron ?? undefined,
    timezone: o.timezone,
    version: o.version,
  });
  const existing: string[] = [];
  for (const rel of automation.files.keys()) if (await ws.exists(`${outRoot}/${rel}`)) existing.push(`${outRoot}/${rel}`);
  return { automation, skill, skillExists: await ws.exists(`${skill.folder}/${SKILL_FILE}`), existing, outRoot, distrust: distrustOf(sop.status), cron };
}

/** Writes the automation files (over earlier ones) and, when asked, the skill; returns what was written and the skill's problems. */
export async function writeAutomationExport(
  ws: Workspace,
  plan: AutomationPlan,
  o: { exportSkill: boolean },
): Promise<{ written: string[]; problems: SkillProblem[] }> {
  const written: string[] = [];
  let problems: SkillProblem[] = [];
  if (o.exportSkill) {
    problems = await writeSkillExport(ws, plan.skill);
    written.push(plan.skill.folder);
  }
  for (const [rel, text] of plan.automation.files) {
    const target = `${plan.outRoot}/${rel}`;
    await writeText(ws, target, text, { overwrite: plan.existing.includes(target) });
    written.push(target);
  }
  return { written, problems };
}
