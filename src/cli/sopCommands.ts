import { resolve } from 'node:path';
import { validateCron } from '../core/automation/cron';
import { isKnownTimezone } from '../core/automation/timezone';
import type { AutomationExport } from '../core/automation/export';
import { approvalSummary, keepApprovedCopies, planApproval, approvalBlockersOf, writeApprovalManifest } from '../core/usecases/approve';
import {
  DEFAULT_SKILL_ALSO_FOR,
  DEFAULT_SKILL_FOLDER,
  foreignMessage,
  foreignPlaces,
  handEdits,
  otherSopsSkills,
  planSkillExport,
  SKILL_COPY_FOLDERS,
  skillLoadReport,
  writeSkillExport,
  type SkillCopyFor,
  type SkillPlan,
} from '../core/usecases/exportSkill';
import { renderLoadsIn } from '../core/skill/loadsIn';
import { planAutomationExport, writeAutomationExport } from '../core/usecases/exportAutomation';
import { renderReview, reviewOf, writeReview } from '../core/usecases/review';
import { conformSopRuns } from '../core/usecases/runs';
import { loadConfig, openSop, type SopContext } from '../core/usecases/sop';
import { relativeTo, toPosix } from '../core/workspace/paths';
import { writeText, type Workspace } from '../core/workspace/port';
import { indexWorkspace } from '../core/workspace/walk';
import { lookOnDisk } from '../node/nodeWorkspace';
import { configProblemsText, pathInWorkspace, workspaceOf } from './lintCommand';
import { UsageError, type CommandResult } from './usage';

/** The SOP at `path` in the workspace, configured, linted and with its approval checked, as the editor sees it. */
async function sopArg(workspace: string, path: string): Promise<{ ws: Workspace; root: string; sop: SopContext } | CommandResult> {
  const { ws, root } = workspaceOf(workspace);
  if (!(await ws.exists(resolve(path)))) throw new UsageError(`${path}: no such SOP file.`);
  const { abs, isDir } = await pathInWorkspace(ws, root, path);
  if (isDir) throw new UsageError(`${path} is a folder: give the SOP file.`);
  const { config, problems } = await loadConfig(ws, abs);
  if (problems.length > 0) return { exitCode: 2, stdout: '', stderr: await configProblemsText(ws, root, problems) };
  const sop = await openSop(ws, abs, { config, index: await indexWorkspace(ws, undefined, lookOnDisk) });
  return { ws, root, sop };
}

export interface ReviewOptions {
  format: 'markdown' | 'json';
  workspace: string;
  path: string;
  /** Write the report here instead of to stdout; only ever over an earlier review report. */
  out?: string;
}

/** `sop review`: lints and reviews one SOP; exit 0 when it is ready to approve, 1 when it is not. */
export async function runReview(o: ReviewOptions): Promise<CommandResult> {
  const opened = await sopArg(o.workspace, o.path);
  if ('exitCode' in opened) return opened;
  const { ws, sop } = opened;
  const out = o.out === undefined ? undefined : toPosix(resolve(o.out));
  if (out && (await ws.stat(out).catch(() => undefined))?.type === 'directory') {
    throw new UsageError(`${o.out} is a folder: pass --out with a file name, e.g. ${toPosix(o.out!).replace(/\/+$/, '')}/review.md.`);
  }
  // Runs that cannot be read leave the review as it is: they are a question for `sop conform`.
  const report = reviewOf(sop, await conformSopRuns(ws, sop).catch(() => undefined));
  // Printed, the link works from where the command ran.
  const reportPath = out ?? `${toPosix(process.cwd())}/review.md`;
  // No time stamp: the same SOP gives the same report, in the editor and here.
  const rendered = renderReview(sop, report, { format: o.format, reportPath });
  const exitCode = report.ready ? 0 : 1;
  if (!out) return { exitCode, stdout: rendered, stderr: '' };
  try {
    await writeReview(ws, out, rendered);
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/SOP: Review/, 'sop review')}`);
  }
  const verdict = report.ready ? 'Ready to approve.' : `Not ready to approve: ${report.reasons[0]}`;
  return { exitCode, stdout: out + '\n', stderr: verdict + '\n' };
}

export interface SkillOptions {
  workspace: string;
  path: string;
  /** Folder the skill folder goes into; default `.agents/skills` in the workspace. */
  out?: string;
  /** `--also`: the copies for other agents, "claude,github" (the default), one of them, or "none". */
  also?: string;
  force: boolean;
}

/** `--also claude,github` / `--also none` → the copies to make; refuses a name it does not know. */
export function parseAlso(value: string | undefined): SkillCopyFor[] {
  if (value === undefined) return [...DEFAULT_SKILL_ALSO_FOR];
  const names = value
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 1 && names[0] === 'none') return [];
  const known = Object.keys(SKILL_COPY_FOLDERS);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0 || names.length === 0)
    throw new UsageError(`--also: "${value}" is not a list of ${known.join(', ')} (e.g. --also claude,github), or none.`);
  return names as SkillCopyFor[];
}

/** `sop skill`: exports the SOP to .agents/skills/<name> and its copies, and prints which agents load it. */
export async function runSkill(o: SkillOptions): Promise<CommandResult> {
  const also = parseAlso(o.also);
  const opened = await sopArg(o.workspace, o.path);
  if ('exitCode' in opened) return opened;
  const { ws, sop } = opened;
  const outFolder = o.out === undefined ? DEFAULT_SKILL_FOLDER : toPosix(resolve(o.out));
  const plan = await planSkillExport(ws, sop, { outFolder, outsideAllowed: o.out !== undefined, also }).catch((e: Error) => {
    throw new UsageError(
      e.message
        .replace(/choose an(other)? output folder/, 'pass --out with a folder you choose')
        .replace(/leave that copy out/, 'leave that copy out with --also'),
    );
  });
  const foreign = foreignMessage(plan);
  if (foreign) {
    const canonical = foreignPlaces(plan).some((p) => p.role === 'canonical');
    throw new UsageError(`${foreign}, or ${canonical ? 'pass --out with another folder' : `leave that copy out with --also ${alsoWithout(plan, also)}`}.`);
  }
  const edits = handEdits(plan);
  if (plan.existing === 'skill' && !o.force) {
    const lost = edits.length ? ` Changed by hand since the last export, and lost with --force: ${edits.join(', ')}.` : '';
    const others = otherSopsSkills(plan);
    const taken = others.length ? ` Another SOP's skill has this name: ${others.join(', ')}; retitle one of the SOPs to keep both.` : '';
    throw new UsageError(`${plan.folder} already exists: pass --force to replace it, or --out with another folder.${lost}${taken}`);
  }
  const problems = await writeSkillExport(ws, plan);
  const report = await skillLoadReport(ws, plan);
  // A copy an agent reads but would refuse fails the command, as a skill that breaks the specification does.
  const refused = report.rows.some((r) => r.cause === 'rules');
  const lines = [
    ...plan.skill.warnings.map((w) => `warning: ${w}`),
    ...edits.map((e) => `warning: replaced ${e}`),
    ...(plan.copiesSkipped ? [`note: ${plan.copiesSkipped}.`] : []),
    ...problems.map((p) => `${plan.folder}/${p.file}: error ${p.rule}: ${p.message}`),
    renderLoadsIn(report.rows),
  ];
  return { exitCode: problems.length > 0 || refused ? 1 : 0, stdout: plan.folder + '\n', stderr: lines.map((l) => l + '\n').join('') };
}

/** The --also value that leaves out the copies that would go over someone's own skill. */
function alsoWithout(plan: SkillPlan, also: SkillCopyFor[]): string {
  const foreign = new Set(foreignPlaces(plan).map((p) => p.role));
  return also.filter((a) => !foreign.has(a)).join(',') || 'none';
}

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
    schedule: null | {
      cron: string;
      timezone: string;
      description: string;
      guardDescription: string | null;
      workflowCron: string;
      source: { text: string; line: number } | null;
      confidence: string;
      notes: string[];
    };
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

export async function runAutomation(o: AutomationOptions): Promise<CommandResult> {
  let cron: string | undefined;
  if (o.cron !== undefined) {
    const valid = validateCron(o.cron);
    if (!valid.ok) throw new UsageError(`--cron: ${valid.message}`);
    cron = valid.cron;
  }
  if (o.timezone !== undefined && !isKnownTimezone(o.timezone)) {
    throw new UsageError(
      `--timezone: "${o.timezone}" is not a time zone this tool knows; use an IANA name such as Europe/London, an abbreviation such as CET, or UTC+02:00.`,
    );
  }
  const opened = await sopArg(o.workspace, o.path);
  if ('exitCode' in opened) return opened;
  const { ws, sop } = opened;
  const outRoot = toPosix(resolve(o.out ?? sop.root));
  let skillDir: string | undefined;
  if (o.skill !== undefined) {
    skillDir = relativeTo(outRoot, toPosix(resolve(outRoot, o.skill)));
    if (skillDir === '.' || skillDir.startsWith('..'))
      throw new UsageError(`--skill ${o.skill} is not a folder inside ${outRoot}; give it relative to the workspace, e.g. .agents/skills/<name>.`);
  }
  let plan;
  try {
    plan = await planAutomationExport(ws, sop, { outRoot, skillDir, cron, timezone: o.timezone, version: o.version });
  } catch (e) {
    const message = (e as Error).message;
    if (/is not a skill|is refused/.test(message))
      throw new UsageError(message.replace(/choose another output folder/, 'pass --skill with the folder of an exported skill, or remove it'));
    return { exitCode: 1, stdout: '', stderr: `sop: ${message}\n` };
  }
  if (plan.existing.length > 0 && !o.force) {
    throw new UsageError(
      `${plan.existing.join(', ')} already exist${plan.existing.length === 1 ? 's' : ''}: pass --force to replace ${plan.existing.length === 1 ? 'it' : 'them'}, or --out with another folder.`,
    );
  }
  const stderr = scheduleLines(plan.automation, cron !== undefined);
  const { written, problems } = await writeAutomationExport(ws, plan, { exportSkill: !plan.skillExists });
  if (!plan.skillExists) {
    stderr.push(
      `skill: ${relativeTo(outRoot, plan.skill.folder)} did not exist, so the SOP was exported as a skill there too.`,
      ...plan.skill.skill.warnings.map((w) => `warning: ${w}`),
    );
    stderr.push(...problems.map((p) => `${plan.skill.folder}/${p.file}: error ${p.rule}: ${p.message}`));
  }
  stderr.push(...plan.automation.warnings.map((w) => `warning: ${w}`));
  return { exitCode: problems.length > 0 ? 1 : 0, stdout: written.map((w) => w + '\n').join(''), stderr: stderr.map((l) => l + '\n').join('') };
}

export interface ApproveOptions {
  workspace: string;
  path: string;
  by: string;
  /** Approve despite error findings. */
  override: boolean;
  copies: 'besideSop' | 'workspaceRoot' | 'off';
}

/** `sop approve`: records who approved the SOP, today, with the hash of its text and of every evidence file. */
export async function runApprove(o: ApproveOptions): Promise<CommandResult> {
  const opened = await sopArg(o.workspace, o.path);
  if ('exitCode' in opened) return opened;
  const { ws, sop } = opened;
  const blockers = approvalBlockersOf(sop);
  if (blockers.length > 0 && !o.override) {
    const list = blockers
      .slice(0, 10)
      .map((b) => `  ${b.message}`)
      .join('\n');
    return {
      exitCode: 1,
      stdout: '',
      stderr: `sop: ${sop.relPath} has ${blockers.length} error finding(s) or open item(s); approving is refused until they are settled (or pass --override to accept them):\n${list}${blockers.length > 10 ? `\n  …and ${blockers.length - 10} more.` : ''}\n`,
    };
  }
  let plan;
  try {
    plan = await planApproval(ws, sop, { approver: o.by, date: new Date().toISOString().slice(0, 10) });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  try {
    await writeApprovalManifest(ws, plan);
  } catch (e) {
    throw new UsageError(
      `${plan.manifest?.rel}: the evidence manifest could not be written (${(e as Error).message}); nothing was approved. Check that the folder is writable.`,
    );
  }
  await writeText(ws, sop.path, plan.text, { overwrite: true });
  const kept = await keepApprovedCopies(ws, sop, plan, o.copies);
  const notes = kept.notCopied.map((n) => `not copied (its hash is recorded): ${n.path}: ${n.reason}`);
  return { exitCode: 0, stdout: sop.path + '\n', stderr: [approvalSummary(plan, kept), ...notes].map((l) => l + '\n').join('') };
}
