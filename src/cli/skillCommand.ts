import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createSensitiveRules } from '../core/evidence/sensitive';
import { exportSkill, type SkillExport } from '../core/skill/export';
import { validateSkill } from '../core/skill/validate';
import { isInside, relativeTo, toPosix } from '../core/workspace/paths';
import { readTextIfExists } from './nodeWorkspace';
import { UsageError, type CommandResult } from './usage';

const sensitive = createSensitiveRules();

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

/** The skill export of an SOP in a workspace; copies never follow a link out of the workspace. */
export function exportSkillInWorkspace(root: string, sop: string, sopText: string): SkillExport {
  const realRoot = toPosix(realpathSync(root));
  return exportSkill({
    sopText,
    sopPath: relativeTo(root, sop),
    readFile: (rel) => {
      // Never follow a link out of the workspace: the copy would leave with the skill.
      const abs = toPosix(resolve(root, rel));
      if (!isInside(root, abs) || !existsSync(abs)) return undefined;
      if (!isInside(realRoot, toPosix(realpathSync(abs)))) return undefined;
      // A sensitive file is never copied into a skill: the export only needs to know it is there, to say so.
      return sensitive.reasonFor(rel) ? (statSync(abs).isFile() ? '' : undefined) : readTextIfExists(abs);
    },
  });
}

/** Writes (or replaces) a skill folder; returns its warnings and the specification problems found in what was written. */
export function writeSkillFolder(folder: string, result: SkillExport): { lines: string[]; problems: number } {
  rmSync(folder, { recursive: true, force: true });
  for (const [rel, text] of result.files) {
    const target = join(folder, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text, 'utf8');
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
  const { lines, problems } = writeSkillFolder(folder, result);
  return {
    exitCode: problems > 0 ? 1 : 0,
    stdout: toPosix(folder) + '\n',
    stderr: lines.map((l) => l + '\n').join(''),
  };
}
