import { Document, isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { describeGuard, GUARD_SCRIPT, type ScheduleGuard } from './guard';
import type { AutomationPlan } from './plan';

export interface WorkflowSchedule {
  /** The cron GitHub runs, in UTC. */
  utcCron: string;
  /** What the UTC cron does, in plain English, with the local time when it was converted. */
  comment: string;
  timezone: string;
  /** Minutes ahead of UTC, when the zone's offset never changes. */
  fixedOffset?: number;
  guard?: ScheduleGuard;
}

export interface WorkflowInput {
  name: string;
  title: string;
  sopPath: string;
  promptPath: string;
  schedule?: WorkflowSchedule;
  /** The `sop` command line, e.g. "npx --yes --package=sop-builder@0.1.0 sop". */
  cliCommand: string;
  plan: AutomationPlan;
}

/** Text from the SOP goes into names, comments and scripts: never let GitHub evaluate it as an expression. */
export function defuse(text: string): string {
  return text.replace(/\$\{\{/g, '$ {{').replace(/\s+/g, ' ').trim();
}

/** One shell word: bare when it is plainly safe, single-quoted otherwise. */
export function shellWord(word: string): string {
  return /^[\w./@%+=:,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function shorten(text: string, max = 70): string {
  const t = defuse(text).replace(/`/g, '');
  return t.length <= max ? t : `${t.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/** The job summary: what the run did and where it stopped, for the person named. */
function summaryScript(input: WorkflowInput): string {
  const { plan } = input;
  const lines = [`## ${defuse(input.title)}: the unattended part`, ''];
  lines.push(`This workflow checked the SOP (\`${defuse(input.sopPath)}\`)${plan.checks.some((c) => c.workflowCommand) ? ' and ran its read-only checks' : ''}. The steps are run by an agent following \`${input.promptPath}\`.`, '');
  if (plan.unattended.length) lines.push(`Unattended: step${plan.unattended.length > 1 ? 's' : ''} ${plan.unattended.map((s) => s.number).join(', ')}.`, '');
  if (plan.stopsAt) {
    lines.push(`**The run stops at step ${plan.stopsAt.number}, the first human gate: ${defuse(plan.stopsAt.text)}**`, '', `It is ${plan.stopsAt.why}. Ask **${defuse(plan.stopsAt.ask)}**; nothing after this step runs unattended.`);
  } else {
    lines.push('Every step is mechanical; the run still stops at any failed check, stop condition or surprise.');
  }
  const body = lines.join('\n');
  let fence = 'SOP_SUMMARY';
  while (body.includes(fence)) fence += '_';
  return `cat >> "$GITHUB_STEP_SUMMARY" <<'${fence}'\n${body}\n${fence}\n`;
}

/** The GitHub Actions workflow: schedule and manual start, the guard, `sop lint`, the read-only checks, a summary. */
export function workflowYaml(input: WorkflowInput): string {
  const { plan, schedule } = input;
  const guarded = !!schedule?.guard;
  const when = guarded ? { if: "steps.guard.outputs.run == 'true'" } : {};
  const steps: Array<Record<string, unknown>> = [
    { name: 'Check out the repository', uses: 'actions/checkout@v4', with: { 'persist-credentials': false } },
    { name: 'Set up Node.js', uses: 'actions/setup-node@v4', with: { 'node-version': '20' } },
  ];
  if (schedule?.guard) {
    const env: Record<string, string> = { SOP_GUARD: schedule.guard, SOP_TIMEZONE: schedule.timezone };
    if (schedule.fixedOffset !== undefined) env.SOP_UTC_OFFSET_MINUTES = String(schedule.fixedOffset);
    steps.push({ name: `Go on only ${describeGuard(schedule.guard).replace(/ \(.*\)$/, '')} (${schedule.timezone})`, id: 'guard', env, run: `node <<'JS'\n${GUARD_SCRIPT}JS\n` });
  }
  steps.push({ name: 'Lint the SOP', ...when, run: `${input.cliCommand} lint ${shellWord(input.sopPath)}` });
  for (const check of plan.checks) {
    if (check.workflowCommand) steps.push({ name: `Check: ${shorten(check.text)}`, ...when, run: check.workflowCommand });
  }
  steps.push({ name: 'Write the run summary', if: guarded ? "always() && steps.guard.outputs.run == 'true'" : 'always()', run: summaryScript(input) });

  const on: Record<string, unknown> = {};
  if (schedule) on.schedule = [{ cron: schedule.utcCron }];
  on.workflow_dispatch = {};
  const doc = new Document({
    name: `SOP: ${shorten(input.title)}`,
    on,
    permissions: { contents: 'read' },
    concurrency: { group: `sop-${input.name}`, 'cancel-in-progress': false },
    jobs: { run: { name: `${shorten(input.title)} (unattended part)`, 'runs-on': 'ubuntu-latest', 'timeout-minutes': 30, steps } },
  });

  doc.commentBefore = [
    ` Written by SOP Builder from ${defuse(input.sopPath)} ("${defuse(input.title)}"); export it again after the SOP changes.`,
    ` It runs the guard, \`sop lint\` and the SOP's read-only mechanical checks. It runs no step of the SOP and`,
    ` needs no secrets: the steps are done by an agent following ${input.promptPath}, which stops at the first`,
    ` human gate${plan.stopsAt ? ` (step ${plan.stopsAt.number}, ${defuse(plan.stopsAt.ask)})` : ''}. Nothing here approves, sends, pays or publishes.`,
  ].join('\n');
  const cronEntry = schedule ? doc.getIn(['on', 'schedule', 0], true) : undefined;
  if (isMap(cronEntry)) {
    cronEntry.commentBefore = ` ${defuse(schedule!.comment)}`;
    const cron = cronEntry.get('cron', true);
    if (isScalar(cron)) cron.type = 'QUOTE_DOUBLE';
  }
  const stepNodes = doc.getIn(['jobs', 'run', 'steps'], true);
  const forPerson = [
    ...plan.checks.filter((c) => !c.workflowCommand).map((c) => `${shorten(c.text, 110)} (not run here: ${c.notInWorkflow})`),
    ...plan.manualChecks.map((c) => `${shorten(c.text, 110)} (a person checks this)`),
  ];
  if (isSeq(stepNodes) && forPerson.length) {
    const summary = stepNodes.items[stepNodes.items.length - 1] as YAMLMap;
    summary.commentBefore = [' Quality checks not run by this workflow, for the agent\'s run report and the person who reviews it:', ...forPerson.map((c) => ` - ${c}`)].join('\n');
  }
  return doc.toString({ lineWidth: 0 });
}
