import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { exportSkill } from '../core/skill/export';
import { validateSkill } from '../core/skill/validate';
import { isInside, relativeTo, toPosix } from '../core/workspace/paths';
import { readTextIfExists } from './nodeWorkspace';
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

export function runSkill(o: SkillOptions): CommandResult {
  const root = toPosix(resolve(o.workspace));
  const sop = toPosix(resolve(o.path));
  if (!existsSync(sop) || !statSync(sop).isFile()) throw new UsageError(`${o.path}: no such SOP file.`);
  if (!isInside(root, sop)) throw new UsageError(`${o.path} is outside the workspace ${root}; pass --workspace with a folder that contains it.`);
  const sopText = readTextIfExists(sop);
  if (sopText === undefined) throw new UsageError(`${o.path} could not be read.`);

  const realRoot = toPosix(realpathSync(root));
  const result = exportSkill({
    sopText,
    sopPath: relativeTo(root, sop),
    readFile: (rel) => {
      // Never follow a link out of the workspace: the copy would leave with the skill.
      const abs = toPosix(resolve(root, rel));
      if (!isInside(root, abs) || !existsSync(abs)) return undefined;
      return isInside(realRoot, toPosix(realpathSync(abs))) ? readTextIfExists(abs) : undefined;
    },
  });

  const outDir = resolve(o.out ?? join(root, '.agents/skills'));
  const folder = join(outDir, result.name);
  if (existsSync(folder)) {
    if (!o.force) throw new UsageError(`${folder} already exists: pass --force to replace it, or --out with another folder.`);
    rmSync(folder, { recursive: true, force: true });
  }
  for (const [rel, text] of result.files) {
    const target = join(folder, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text, 'utf8');
  }

  const lines = result.warnings.map((w) => `warning: ${w}`);
  const problems = validateSkill(readFolder(folder), result.name);
  for (const p of problems) lines.push(`${toPosix(join(folder, p.file))}: error ${p.rule}: ${p.message}`);
  return {
    exitCode: problems.length > 0 ? 1 : 0,
    stdout: toPosix(folder) + '\n',
    stderr: lines.map((l) => l + '\n').join(''),
  };
}
