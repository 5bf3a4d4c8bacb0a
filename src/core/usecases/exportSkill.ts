import { distrustOf } from '../approval/status';
import { exportSkill, type SkillExport, type SkillSourceRead } from '../skill/export';
import { readSkillSource } from '../skill/sources';
import { SKILL_FILE, validateSkill, type SkillProblem } from '../skill/validate';
import type { SensitiveRules } from '../evidence/sensitive';
import { resolveInside } from '../workspace/inside';
import { isInside } from '../workspace/paths';
import { readText, writeText, type Workspace } from '../workspace/port';
import type { SopContext } from './sop';

/** Where skills go unless the person says otherwise (`sopBuilder.skill.outputFolder`, `sop skill --out`). */
export const DEFAULT_SKILL_FOLDER = '.agents/skills';

/**
 * The skill export of the SOP, on the model lint sees. The files the SOP points at are read through the port, by
 * the rules in skill/sources (inside the workspace after links, no sensitive names, bounded, text only).
 */
export async function skillOf(ws: Workspace, sop: SopContext, sensitive?: SensitiveRules): Promise<SkillExport> {
  const wanted = new Set<string>();
  const run = (texts: Map<string, SkillSourceRead | undefined>) =>
    exportSkill({
      doc: sop.doc,
      status: sop.status,
      sopPath: sop.relPath,
      readFile: (rel) => {
        wanted.add(rel);
        return texts.get(rel);
      },
    });
  // The export decides which files it wants from the SOP; they are read, then it runs again with them.
  run(new Map());
  const texts = new Map<string, SkillSourceRead | undefined>();
  for (const rel of wanted) texts.set(rel, await readSkillSource(sop.root, rel, ws, sensitive).catch(() => undefined));
  return run(texts);
}

export interface SkillPlan {
  skill: SkillExport;
  /** Absolute folder the skill goes to. */
  folder: string;
  /** Why the SOP should not be trusted as it is (the person is asked before exporting), if so. */
  distrust?: string;
  /** A skill exported before is there (replacing it needs a yes); another folder there is never touched. */
  existing: 'none' | 'skill';
}

/**
 * Where the skill goes and what is there already. Throws with what to do when the folder is refused: outside
 * the workspace after links, or a folder that is not a skill.
 */
export async function planSkillExport(
  ws: Workspace,
  sop: SopContext,
  o: { outFolder: string; folderName?: string; sensitive?: SensitiveRules; outsideAllowed?: boolean },
): Promise<SkillPlan> {
  const skill = await skillOf(ws, sop, o.sensitive);
  const base = o.outFolder.startsWith('/') ? o.outFolder : `${sop.root}/${o.outFolder}`;
  const folder = `${base.replace(/\/+$/, '')}/${o.folderName ?? skill.name}`;
  if (!o.outsideAllowed || isInside(sop.root, folder)) {
    const place = await resolveInside(sop.root, folder, ws.realPath);
    if (!place.inside)
      throw new Error(`The skill was not written: ${folder} is refused (${place.reason}). Remove that link, or choose an output folder inside the workspace.`);
  }
  let existing: SkillPlan['existing'] = 'none';
  if (await ws.exists(folder)) {
    if (!(await ws.exists(`${folder}/${SKILL_FILE}`))) {
      throw new Error(`${folder} already exists and is not a skill (it has no ${SKILL_FILE}), so it was left alone. Move it, or choose another output folder.`);
    }
    existing = 'skill';
  }
  return { skill, folder, distrust: distrustOf(sop.status), existing };
}

/** Writes the skill folder (replacing an earlier export of it) and checks what was written against the specification. */
export async function writeSkillExport(ws: Workspace, plan: SkillPlan): Promise<SkillProblem[]> {
  if (plan.existing === 'skill') await ws.remove(plan.folder);
  for (const [rel, text] of plan.skill.files) {
    const target = `${plan.folder}/${rel}`;
    // Skill file names come from the SOP's paths: none may climb out of the folder.
    if (!isInside(plan.folder, target) || rel.split('/').includes('..')) continue;
    await writeText(ws, target, text);
  }
  return validateSkill(await readFolder(ws, plan.folder), plan.skill.name);
}

/** The files under a folder, by path relative to it, as the validator sees them. */
async function readFolder(ws: Workspace, dir: string, prefix = '', out = new Map<string, string>()): Promise<Map<string, string>> {
  for (const e of await ws.list(dir)) {
    if (e.type === 'directory') await readFolder(ws, e.absPath, `${prefix}${e.name}/`, out);
    else if (e.type === 'file') out.set(prefix + e.name, await readText(ws, e.absPath, 4 * 1024 * 1024).catch(() => ''));
  }
  return out;
}
