import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { exportSkill, MAX_SKILL_RESOURCE_BYTES, type SkillExport, type SkillSourceRead } from '../core/skill/export';
import { skillSourceStat, skillSourceText, skillSourceWhere } from '../core/skill/sources';
import { resolveInsideSync } from '../core/workspace/inside';
import { validateSkill } from '../core/skill/validate';
import { isInside, relativeTo, toPosix } from '../core/workspace/paths';
import { readHeadSync, readTextIfExists } from './nodeWorkspace';
import { UsageError, type CommandResult } from './usage';

export interface SkillOptions {
  workspace: string;
  path: string;
  /** Folder the skill folder goes into; default `.agents/skills` in the workspace. */
  out?: string;
  force: boolean;
}

/** The files under a folder, by path relative to it, as the validator sees them. */
function readFolder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), prefix + e.name + '/');
      else if (e.isFile()) files.set(prefix + e.name, readTextIfExists(join(d, e.name)) ?? '');
    }
  };
  walk(dir, '');
  return files;
}

/** The SOP file at `path`, checked to be a readable file inside the workspace. */
export function readSopInWorkspace(workspace: string, path: string): { root: string; sop: string; sopText: string } {
  const root = toPosix(resolve(workspace));
  const sop = toPosix(resolve(path));
  if (!existsSync(sop) || !statSync(sop).isFile()) throw new UsageError(`${path}: no such SOP file.`);
  if (!isInside(root, sop)) throw new UsageError(`${path} is outside the workspace ${root}; pass --workspace with a folder that contains it.`);
  const sopText = readTextIfExists(sop);
  if (sopText === undefined) throw new UsageError(`${path} could not be read.`);
  return { root, sop, sopText };
}

/** The skill export of an SOP in a workspace; copies never follow a link out of it, nor to a sensitive file. */
export function exportSkillInWorkspace(root: string, sop: string, sopText: string): SkillExport {
  return exportSkill({
    sopText,
    sopPath: relativeTo(root, sop),
    readFile: (rel) => readSkillSource(root, rel),
  });
}

function readSkillSource(root: string, rel: string): SkillSourceRead | undefined {
  const where = resolveInsideSync(root, rel, realpathSync);
  const before = skillSourceWhere(rel, where);
  if (before !== undefined || !where.inside) return before === 'missing' ? undefined : before;
  try {
    const st = statSync(where.real);
    const kind = skillSourceStat({ type: st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other', size: st.size });
    if (kind !== undefined) return kind === 'missing' ? undefined : kind;
    return skillSourceText(readHeadSync(where.real, MAX_SKILL_RESOURCE_BYTES + 1), where);
  } catch {
    return undefined;
  }
}

/**
 * Writes (or replaces) a skill folder; returns its warnings and the specification problems found in what was
 * written. With `root`, the folder must be inside that workspace after links, or nothing is removed or written.
 */
export function writeSkillFolder(folder: string, result: SkillExport, root?: string): { lines: string[]; problems: number } {
  if (root !== undefined) {
    const where = resolveInsideSync(root, toPosix(folder), realpathSync);
    if (!where.inside) throw new UsageError(`The skill folder ${toPosix(folder)} is refused: ${where.reason}. Remove the link, or pass --out with a folder you choose.`);
  }
  rmSync(folder, { recursive: true, force: true });
  for (const [rel, text] of result.files) {
    const target = join(folder, rel);
    // Skill file names come from the SOP's paths: none may climb out of the folder.
    if (!isInside(toPosix(folder), toPosix(target))) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text, { encoding: 'utf8', flag: 'wx' });
  }
  const lines = result.warnings.map((w) => `warning: ${w}`);
  const problems = validateSkill(readFolder(folder), result.name);
  for (const p of problems) lines.push(`${toPosix(join(folder, p.file))}: error ${p.rule}: ${p.message}`);
  return { lines, problems: problems.length };
}

export function runSkill(o: SkillOptions): CommandResult {
  const { root, sop, sopText } = readSopInWorkspace(o.workspace, o.path);
  const result = exportSkillInWorkspace(root, sop, sopText);
  const outDir = resolve(o.out ?? join(root, '.agents/skills'));
  const folder = join(outDir, result.name);
  if (existsSync(folder) && !o.force) throw new UsageError(`${folder} already exists: pass --force to replace it, or --out with another folder.`);
  const { lines, problems } = writeSkillFolder(folder, result, o.out === undefined ? root : undefined);
  return {
    exitCode: problems > 0 ? 1 : 0,
    stdout: toPosix(folder) + '\n',
    stderr: lines.map((l) => l + '\n').join(''),
  };
}
