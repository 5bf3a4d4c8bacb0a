import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validateCron } from '../core/automation/cron';
import { exportAutomation, type AutomationExport } from '../core/automation/export';
import { isKnownTimezone } from '../core/automation/timezone';
import { scheduleOf } from '../core/automation/schedule';
import { parseSop } from '../core/sop/model';
import { isInside, relativeTo, toPosix } from '../core/workspace/paths';
import { exportSkillInWorkspace, readSopInWorkspace, writeSkillFolder } from './skillCommand';
import { UsageError, type CommandResult } from './usage';

export interface AutomationOptions {
  workspace: string;
  path: string;
  /** A cron the user typed, in the time zone; overrides the SOP's schedule. */
  cron?: string;
  timezone?: string;
  /** The skill folder, relative to the output root; default .agents/skills/<name>. */
  skill?: string;
  /** The root the files are written under; default the workspace. */
  out?: string;
  force: boolean;
  /** SOP Builder's version, for the workflow's `npx` line. */
  version: string;
}

/** The lines that tell the user which schedule the automation got, read back from automation.json. */
function scheduleLines(result: AutomationExport, fromFlag: boolean): string[] {
  const json = [...result.files].find(([path]) => path.endsWith('/automation.json'))?.[1];
  const automation = JSON.parse(json ?? '{}') as {
    schedule: null | { cron: string; timezone: string; description: string; guardDescription: string | null; workflowCron: string; source: { text: string; line: number } | null; confidence: string; notes: string[] };
    manualOnlyReason: string | null;
  };
  const s = automation.schedule;
  if (!s) return [`schedule: none. ${automation.manualOnlyReason ?? ''}`.trim()];
  const lines = [`schedule: ${s.cron} (${s.timezone}): ${s.description}${s.guardDescription ? `, then the run goes on only ${s.guardDescription}` : ''}.`];
  if (fromFlag) lines.push('  from --cron');
  else if (s.source) lines.push(`  read from line ${s.source.line}: "${s.source.text}" (${s.confidence} confidence)`);
  if (s.workflowCron !== s.cron) lines.push(`  GitHub (UTC) cron: ${s.workflowCron}`);
  for (const n of s.notes) lines.push(`  note: ${n}`);
  return lines;
}

export function runAutomation(o: AutomationOptions): CommandResult {
  const { root, sop, sopText } = readSopInWorkspace(o.workspace, o.path);
  let cron: string | undefined;
  if (o.cron !== undefined) {
    const valid = validateCron(o.cron);
    if (!valid.ok) throw new UsageError(`--cron: ${valid.message}`);
    cron = valid.cron;
  }
  if (o.timezone !== undefined && !isKnownTimezone(o.timezone)) {
    throw new UsageError(`--timezone: "${o.timezone}" is not a time zone this tool knows; use an IANA name such as Europe/London, an abbreviation such as CET, or UTC+02:00.`);
  }
  const outRoot = toPosix(resolve(o.out ?? root));
  const skill = exportSkillInWorkspace(root, sop, sopText);
  const skillAbs = toPosix(resolve(outRoot, o.skill ?? `.agents/skills/${skill.name}`));
  if (!isInside(outRoot, skillAbs) || skillAbs === outRoot) throw new UsageError(`--skill ${o.skill} is not a folder inside ${outRoot}; give it relative to the workspace, e.g. .agents/skills/${skill.name}.`);
  const skillPath = relativeTo(outRoot, skillAbs);

  let result: AutomationExport;
  try {
    result = exportAutomation({
      sopText,
      sopPath: relativeTo(root, sop),
      skillName: skillPath.split('/').pop()!,
      skillPath,
      cron: cron ?? scheduleOf(parseSop(sopText)).guess?.cron,
      timezone: o.timezone,
      version: o.version,
    });
  } catch (e) {
    return { exitCode: 1, stdout: '', stderr: `sop: ${(e as Error).message}\n` };
  }

  const targets = [...result.files.keys()].map((rel) => toPosix(join(outRoot, rel)));
  const existing = targets.filter((t) => existsSync(t));
  if (existing.length > 0 && !o.force) {
    throw new UsageError(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}: pass --force to replace ${existing.length === 1 ? 'it' : 'them'}, or --out with another folder.`);
  }

  const stderr = scheduleLines(result, cron !== undefined);
  const written: string[] = [];
  let problems = 0;
  if (existsSync(skillAbs) && !existsSync(join(skillAbs, 'SKILL.md'))) throw new UsageError(`${skillAbs} exists but has no SKILL.md: pass --skill with the folder of an exported skill, or remove it.`);
  if (!existsSync(skillAbs)) {
    const skillWrite = writeSkillFolder(skillAbs, skill, o.out === undefined ? root : undefined);
    stderr.push(`skill: ${skillPath} did not exist, so the SOP was exported as a skill there too.`, ...skillWrite.lines);
    problems += skillWrite.problems;
    written.push(skillAbs);
  }
  for (const [rel, text] of result.files) {
    const target = join(outRoot, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text, 'utf8');
    written.push(toPosix(target));
  }
  stderr.push(...result.warnings.map((w) => `warning: ${w}`));
  return { exitCode: problems > 0 ? 1 : 0, stdout: written.map((w) => w + '\n').join(''), stderr: stderr.map((l) => l + '\n').join('') };
}
