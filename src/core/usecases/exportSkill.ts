import { distrustOf } from '../approval/status';
import { exportSkill, type SkillExport, type SkillSourceRead } from '../skill/export';
import { readSkillSource } from '../skill/sources';
import { SKILL_FILE, validateSkill, type SkillProblem } from '../skill/validate';
import { checkSkillLoaders } from '../skill/loaders';
import { loadsIn, SKILL_AGENTS, type LoadsInRow, type OtherSkill, type PlacedSkill } from '../skill/loadsIn';
import { folderTexts, skillFolderState, type SkillFolderState } from '../skill/places';
import { renderSkillRecord, SKILL_RECORD } from '../skill/record';
import type { SensitiveRules } from '../evidence/sensitive';
import { bodyHash } from '../sop/approvalRecord';
import { resolveInside } from '../workspace/inside';
import { isInside, relativeTo } from '../workspace/paths';
import { writeText, type Workspace } from '../workspace/port';
import { SKILL_COPY_FOLDERS, type SkillCopyFor } from '../skill/folders';
import type { SopContext } from './sop';

export { DEFAULT_SKILL_ALSO_FOR, DEFAULT_SKILL_FOLDER, SKILL_COPY_FOLDERS, type SkillCopyFor } from '../skill/folders';

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

/** One folder the skill goes to, and what is there now. */
export interface SkillPlace extends SkillFolderState {
  /** Absolute folder. */
  folder: string;
  role: 'canonical' | SkillCopyFor;
}

export interface SkillPlan {
  skill: SkillExport;
  /** Absolute folder the skill goes to: the canonical copy. */
  folder: string;
  /** The workspace root, and the SOP's path in it (recorded in every folder written). */
  root: string;
  sopPath: string;
  /** The SOP's body hash as exported, recorded so skill-drift can tell when the SOP changed since. */
  sopBodySha256?: string;
  /** Every folder the skill goes to, the canonical one first, then the copies for other agents. */
  places: SkillPlace[];
  /** Why the copies asked for are not made (the skill goes outside the workspace), if so. */
  copiesSkipped?: string;
  /** Why the SOP should not be trusted as it is (the person is asked before exporting), if so. */
  distrust?: string;
  /** An earlier export (or someone's own skill) is in one of the folders; replacing an export needs a yes. */
  existing: 'none' | 'skill';
}

/**
 * Where the skill goes and what is there already. Throws with what to do when a folder is refused: outside the
 * workspace after links, or a canonical folder that is not a skill. A folder holding someone's own skill is not
 * refused here (the automation export uses such a skill as it is) but listed, and never written over.
 */
export async function planSkillExport(
  ws: Workspace,
  sop: SopContext,
  o: { outFolder: string; folderName?: string; sensitive?: SensitiveRules; outsideAllowed?: boolean; also?: readonly SkillCopyFor[] },
): Promise<SkillPlan> {
  const skill = await skillOf(ws, sop, o.sensitive);
  const base = o.outFolder.startsWith('/') ? o.outFolder : `${sop.root}/${o.outFolder}`;
  const folderName = o.folderName ?? skill.name;
  const folder = `${base.replace(/\/+$/, '')}/${folderName}`;
  if (!o.outsideAllowed || isInside(sop.root, folder)) await refuseOutside(ws, sop.root, folder, 'choose an output folder inside the workspace');
  const canonical = await skillFolderState(ws, folder);
  if (canonical.holds === 'someone-else' && !canonical.hasSkillMd) {
    throw new Error(`${folder} already exists and is not a skill (it has no ${SKILL_FILE}), so it was left alone. Move it, or choose another output folder.`);
  }
  const places: SkillPlace[] = [{ ...canonical, folder, role: 'canonical' }];
  const also = [...new Set(o.also ?? [])];
  const inside = isInside(sop.root, folder);
  for (const role of inside ? also : []) {
    const copy = `${sop.root}/${SKILL_COPY_FOLDERS[role]}/${folderName}`;
    if (copy === folder) continue;
    await refuseOutside(ws, sop.root, copy, 'leave that copy out');
    places.push({ ...(await skillFolderState(ws, copy)), folder: copy, role });
  }
  const copiesSkipped = !inside && also.length > 0 ? `${folder} is outside the workspace, so no copies for other agents were written` : undefined;
  const existing = places.some((p) => p.holds !== 'none') ? 'skill' : 'none';
  return {
    skill,
    folder,
    root: sop.root,
    sopPath: sop.relPath,
    sopBodySha256: bodyHash(sop.text),
    places,
    copiesSkipped,
    distrust: distrustOf(sop.status),
    existing,
  };
}

async function refuseOutside(ws: Workspace, root: string, folder: string, orElse: string): Promise<void> {
  const place = await resolveInside(root, folder, ws.realPath);
  if (!place.inside) throw new Error(`The skill was not written: ${folder} is refused (${place.reason}). Remove that link, or ${orElse}.`);
}

/** The folders that hold a skill SOP Builder did not export: the export never writes over them. */
export function foreignPlaces(plan: SkillPlan): SkillPlace[] {
  return plan.places.filter((p) => p.holds === 'someone-else');
}

/** What stops the export when a folder holds someone's own skill, for both hosts (each adds how to leave it out). */
export function foreignMessage(plan: SkillPlan): string | undefined {
  const foreign = foreignPlaces(plan).map((p) => shown(plan, p.folder));
  if (foreign.length === 0) return undefined;
  return `${foreign.join(' and ')} already hold${foreign.length === 1 ? 's' : ''} a skill that SOP Builder did not export (no ${SKILL_RECORD} record in it), so nothing was written: SOP Builder never replaces someone's own skill. Rename or move that folder`;
}

/** Each file changed, added or removed by hand since the last export, in every folder, workspace-relative. */
export function handEdits(plan: SkillPlan): string[] {
  return plan.places.flatMap((p) => p.drift.map((d) => `${shown(plan, p.folder)}/${d.file} (${d.change} by hand)`));
}

/** The folders holding the skill of another SOP that took the same name: replacing them drops that skill. */
export function otherSopsSkills(plan: SkillPlan): string[] {
  return plan.places.filter((p) => p.sop !== undefined && p.sop !== plan.sopPath).map((p) => `${shown(plan, p.folder)} (exported from ${p.sop})`);
}

/** A folder as the person knows it: workspace-relative, or absolute when it is outside the workspace. */
function shown(plan: SkillPlan, folder: string): string {
  return isInside(plan.root, folder) ? relativeTo(plan.root, folder) : folder;
}

/**
 * Writes the skill to every planned folder (replacing earlier exports, never someone's own skill), with the record
 * that marks each as SOP Builder's, and checks the canonical folder, as written, against the specification.
 */
export async function writeSkillExport(ws: Workspace, plan: SkillPlan): Promise<SkillProblem[]> {
  const foreign = foreignMessage(plan);
  if (foreign) throw new Error(`${foreign}.`);
  const files = new Map(plan.skill.files);
  files.set(SKILL_RECORD, renderSkillRecord(plan.skill.files, plan.sopPath, plan.sopBodySha256));
  for (const place of plan.places) {
    if (place.holds !== 'none') await ws.remove(place.folder);
    for (const [rel, text] of files) {
      const target = `${place.folder}/${rel}`;
      // Skill file names come from the SOP's paths: none may climb out of the folder.
      if (!isInside(place.folder, target) || rel.split('/').includes('..')) continue;
      await writeText(ws, target, text);
    }
  }
  return validateSkill(await folderTexts(ws, plan.folder), plan.skill.name);
}

export interface SkillLoadReport {
  /** Each folder written, workspace-relative, with what every loader found in it. */
  placed: PlacedSkill[];
  /** Which agents will find and load the skill, and why (not). */
  rows: LoadsInRow[];
}

/** Reads back every folder written and checks it against each agent's loader: the "loads in" table. */
export async function skillLoadReport(ws: Workspace, plan: SkillPlan): Promise<SkillLoadReport> {
  const placed: PlacedSkill[] = [];
  for (const place of plan.places) {
    const name = place.folder.slice(place.folder.lastIndexOf('/') + 1);
    const findings = checkSkillLoaders(await folderTexts(ws, place.folder), name);
    placed.push({ folder: shown(plan, place.folder), findings });
  }
  const name = plan.folder.slice(plan.folder.lastIndexOf('/') + 1);
  // A skill of the same name in a folder this export did not write decides what that folder's agents load.
  const others: OtherSkill[] = [];
  for (const dir of new Set(SKILL_AGENTS.flatMap((a) => a.reads))) {
    const folder = `${plan.root}/${dir}/${name}`;
    if (plan.places.some((p) => p.folder === folder)) continue;
    const state = await skillFolderState(ws, folder);
    if (state.holds !== 'none') others.push({ folder: `${dir}/${name}`, kind: state.holds === 'sop-builder' ? 'earlier-export' : 'someone-else' });
  }
  return { placed, rows: loadsIn(placed, name, others) };
}
