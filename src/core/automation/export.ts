import { posix } from 'node:path';
import { bodyHash } from '../sop/approvalRecord';
import { slugify } from '../skill/export';
import type { SopDocument } from '../sop/model';
import { distrustOf, type SopStatus } from '../approval/status';
import { describeCron, parseCron, shiftCronToUtc, validateCron } from './cron';
import { gateStagesOf } from './gateJobs';
import { describeGuard, isGuard, type ScheduleGuard } from './guard';
import { planAutomation } from './plan';
import { automationPrompt } from './prompt';
import { scheduleOf } from './schedule';
import { fixedOffsetOf, isKnownTimezone } from './timezone';
import { workflowYaml, type WorkflowSchedule } from './workflow';

export interface AutomationExportInput {
  /** The SOP parsed with its resolved lint config, so custom headings mean here what they mean to lint. */
  doc: SopDocument;
  /** Its approval status (from the approval record); absent: read as not approved. */
  status?: SopStatus;
  /** Workspace-relative path of the SOP. */
  sopPath: string;
  /** The name of the exported skill; the automation takes the same name. */
  skillName: string;
  /** Workspace-relative folder of the exported skill (the one with SKILL.md). */
  skillPath: string;
  /** The confirmed cron, in `timezone`; absent: the automation runs only when started by hand. */
  cron?: string;
  /** Default: the SOP's (front matter, then trigger), else UTC. */
  timezone?: string;
  /** What cron cannot say (e.g. first-business-day). Absent: the SOP's own guard when `cron` is the one read from it; null: none. */
  guard?: ScheduleGuard | null;
  /** How the workflow runs `sop`; default `npx --yes --package=sop-builder@<version> sop`. */
  cliCommand?: string;
  /** SOP Builder's version, for the default cliCommand and the schema address. */
  version?: string;
}

export interface AutomationExport {
  name: string;
  /** Workspace-relative path → text. */
  files: Map<string, string>;
  warnings: string[];
}

export const AUTOMATIONS_FOLDER = '.agents/automations';
export const AUTOMATION_FORMAT_VERSION = 1;

export function automationPaths(name: string): { folder: string; json: string; prompt: string; workflow: string; reports: string } {
  const folder = `${AUTOMATIONS_FOLDER}/${name}`;
  return { folder, json: `${folder}/automation.json`, prompt: `${folder}/prompt.md`, workflow: `.github/workflows/sop-${name}.yml`, reports: `${folder}/runs` };
}

function checkRelative(path: string, what: string): string {
  const p = path.replace(/\\/g, '/').replace(/\/+$/, '');
  if (!p || posix.isAbsolute(p) || /^[a-z]:\//i.test(p) || posix.normalize(p).startsWith('..')) {
    throw new Error(`The ${what} "${path}" must be relative to the workspace root (e.g. sops/close.sop.md), not absolute or outside it.`);
  }
  return posix.normalize(p);
}

const pad = (n: number) => String(n).padStart(2, '0');

interface ResolvedSchedule {
  json: Record<string, unknown>;
  workflow: WorkflowSchedule;
  when: string;
}

function resolveSchedule(
  input: AutomationExportInput,
  sopSchedule: ReturnType<typeof scheduleOf>,
  frontMatterZone: string | undefined,
  paths: ReturnType<typeof automationPaths>,
  warnings: string[],
): ResolvedSchedule | undefined {
  if (input.cron === undefined) return undefined;
  const valid = validateCron(input.cron);
  if (!valid.ok) throw new Error(`The schedule's cron is not valid: ${valid.message}`);
  const cron = valid.cron;
  const guess = sopSchedule.guess?.cron === cron ? sopSchedule.guess : undefined;
  const timezone = input.timezone ?? guess?.timezone ?? frontMatterZone ?? 'UTC';
  if (!isKnownTimezone(timezone))
    throw new Error(
      `The time zone "${timezone}" is not one this tool knows: use an IANA name such as Europe/London, an abbreviation such as CET, or UTC+02:00.`,
    );
  const guard = input.guard === undefined ? guess?.guard : (input.guard ?? undefined);
  if (guard !== undefined && !isGuard(guard))
    throw new Error(
      `The guard "${guard}" is not one this tool knows: see docs/automation.md for the list (first-business-day, last-business-day, business-day-N, …).`,
    );
  if (guess?.confidence === 'low')
    warnings.push(
      `The schedule was read from the SOP with low confidence (${guess.notes[0].replace(/^Low confidence: /, '').replace(/\.$/, '')}): check that "${guess.description}" (${timezone}) is right before relying on it.`,
    );

  const parsed = parseCron(cron);
  if (parsed.minute.any || parsed.minute.values.some((m, i, all) => i > 0 && m - all[i - 1] < 5)) {
    warnings.push('GitHub runs scheduled workflows at most every 5 minutes: a cron that fires more often is thinned out.');
  }
  const description = describeCron(cron);
  const fixedOffset = fixedOffsetOf(timezone);
  let utcCron = cron;
  let comment: string;
  if (fixedOffset === undefined) {
    comment = `${description} (UTC). The SOP's time zone is ${timezone}, which changes with daylight saving time, so this is not converted.`;
    const time =
      parsed.minute.values.length === 1 && parsed.hour.values.length === 1 ? `${pad(parsed.hour.values[0])}:${pad(parsed.minute.values[0])}` : "the SOP's time";
    warnings.push(
      `GitHub runs cron in UTC and ${timezone} changes its offset during the year (daylight saving time), so ${paths.workflow} keeps the cron as written, in UTC: it runs at ${time} UTC, which is not ${time} in ${timezone} all year. Edit its cron if the hour matters${guard ? `; the guard still goes by the date in ${timezone}` : ''}.`,
    );
  } else {
    const shifted = shiftCronToUtc(cron, fixedOffset);
    if (shifted.ok) {
      utcCron = shifted.cron;
      const sameDays = utcCron.split(' ').slice(2).join(' ') === cron.split(' ').slice(2).join(' ');
      const local = sameDays && /^At \d\d:\d\d /.test(description) ? description.slice(3, 8) : description.replace(/^At /, 'at ');
      comment = fixedOffset === 0 ? `${description} (UTC).` : `${describeCron(utcCron)} (UTC), which is ${local} ${timezone}.`;
    } else {
      comment = `${description} (UTC, not converted from ${timezone}).`;
      warnings.push(
        `The cron could not be moved from ${timezone} to UTC for GitHub (${shifted.why}), so ${paths.workflow} runs it as written, in UTC: edit its cron there if the hour matters.`,
      );
    }
  }
  if (guard) comment += ` Then the run goes on only ${describeGuard(guard)}.`;
  const json = {
    cron,
    timezone,
    description,
    guard: guard ?? null,
    guardDescription: guard ? describeGuard(guard) : null,
    workflowCron: utcCron,
    source: guess ? (sopSchedule.source ?? null) : null,
    confidence: guess ? guess.confidence : 'confirmed',
    notes: guess?.notes ?? [],
  };
  return {
    json,
    workflow: { utcCron, comment, timezone, fixedOffset, guard },
    when: `${description} (${timezone})${guard ? `, only ${describeGuard(guard).replace(/ \(.*\)$/, '')}` : ''}`,
  };
}

/**
 * An approved SOP as an automation: automation.json (what runs unattended, where it stops, what never runs
 * without a person), the prompt an agent gets on each run, and a GitHub Actions workflow that schedules it.
 * Throws when the SOP has no steps, or the cron, time zone or guard is not valid.
 */
export function exportAutomation(input: AutomationExportInput): AutomationExport {
  const sopPath = checkRelative(input.sopPath, 'SOP path');
  const skillPath = checkRelative(input.skillPath, 'skill folder');
  const doc = input.doc;
  if (doc.steps.length === 0) {
    throw new Error(
      `${sopPath} has no numbered steps: an automation runs an SOP's mechanical steps, so there is nothing to export. Add the steps as a numbered list under a "Steps" heading, then export again.`,
    );
  }
  const name = slugify(input.skillName) || 'sop-automation';
  const paths = automationPaths(name);
  const title = (doc.title?.text ?? name).trim() || name;
  const warnings: string[] = [];

  const status = typeof doc.frontMatter.data.status === 'string' ? doc.frontMatter.data.status.trim() : '';
  const hash = bodyHash(doc.text);
  const distrust = distrustOf(input.status ?? 'draft');
  if (distrust) warnings.push(`${distrust} Review and approve it before scheduling it, or the automation runs steps nobody signed off.`);
  if (doc.placeholders.length > 0)
    warnings.push(`The SOP still has ${doc.placeholders.length} placeholder(s) (TODO, TBD, …): the agent will meet them and stop.`);

  const plan = planAutomation(doc);
  if (plan.unattended.length === 0 && plan.stopsAt) {
    warnings.push(
      `No mechanical step comes before the first human gate (step ${plan.stopsAt.number}: ${plan.stopsAt.why}), so every run stops before doing anything. Mark the steps that can run unattended "— mechanical" in the SOP.`,
    );
  }

  const sopSchedule = scheduleOf(doc);
  const frontMatterZone = typeof doc.frontMatter.data.timezone === 'string' ? doc.frontMatter.data.timezone.trim() || undefined : undefined;
  const schedule = resolveSchedule(input, sopSchedule, frontMatterZone, paths, warnings);
  const cliCommand = input.cliCommand?.trim() || `npx --yes --package=sop-builder${input.version ? `@${input.version}` : ''} sop`;

  const automation = {
    $schema: `https://unpkg.com/sop-builder${input.version ? `@${input.version}` : ''}/syntaxes/sop-automation.schema.json`,
    version: AUTOMATION_FORMAT_VERSION,
    name,
    title,
    sop: sopPath,
    sopBodySha256: hash,
    sopStatus: status || null,
    skill: skillPath,
    prompt: paths.prompt,
    workflow: paths.workflow,
    reports: paths.reports,
    schedule: schedule?.json ?? null,
    manualOnlyReason: schedule ? null : (sopSchedule.reason ?? 'No schedule was confirmed: the automation runs only when started by hand (workflow_dispatch).'),
    unattended: plan.unattended,
    stopsAt: plan.stopsAt ?? null,
    checks: plan.checks.map((c) => ({ ...c, inWorkflow: !!c.workflowCommand })),
    manualChecks: plan.manualChecks,
    neverUnattended: plan.neverUnattended,
  };

  const files = new Map<string, string>();
  files.set(paths.json, JSON.stringify(automation, null, 2) + '\n');
  files.set(paths.prompt, automationPrompt({ title, sopPath, skillPath, reportFolder: paths.reports, when: schedule?.when, plan }));
  const stages = gateStagesOf(doc, plan.fallbackWho);
  files.set(paths.workflow, workflowYaml({ name, title, sopPath, promptPath: paths.prompt, schedule: schedule?.workflow, cliCommand, plan, stages }));
  return { name, files, warnings };
}
