import { Document, isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import type { GateStage } from './gateJobs';
import { describeGuard, GUARD_SCRIPT, type ScheduleGuard } from './guard';
import { workflowWords, type AutomationPlan } from './plan';
import type { CommandWord } from './readOnly';

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
  /** The steps after each approval gate: a job each, behind a deployment environment named after the approver. */
  stages?: GateStage[];
}

/** What a YAML 1.1 parser (GitHub's) may read as a line break, and control or invisible formatting characters. */
const BREAKS_AND_CONTROLS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu;
/** The same, less the tab: a value keeps its tabs, which the YAML library writes as \t. */
const LINE_BREAK_OR_CONTROL = /(?![\t])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const PLAIN_WORDS = /^[\w@./:=+-]+(?: [\w@./:=+-]+)*$/;

/**
 * SOP text for a name, a comment or the summary: one line (no character any YAML parser reads as a line
 * break), and never a GitHub expression — GitHub evaluates `${{` in names and `env:` values too.
 */
export function defuse(text: string): string {
  return text
    .replace(BREAKS_AND_CONTROLS, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\$\{\{/g, '$ {{');
}

/** SOP text cut to a length, at a word. */
function clip(text: string, max: number): string {
  const t = defuse(text);
  return t.length <= max ? t : `${t.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/** SOP text for a name or a list in a comment: short, without code marks. */
function shorten(text: string, max = 70): string {
  return clip(text.replace(/`/g, ''), max);
}

/** A value from the SOP that a step reads from `env:` exactly as written: refused when GitHub or YAML would change it. */
function carried(value: string, what: string): string {
  if (value.includes('${{'))
    throw new Error(`The ${what} "${clip(value, 120)}" contains "\${{", which GitHub would evaluate as an expression: rename it, then export again.`);
  if (LINE_BREAK_OR_CONTROL.test(value))
    throw new Error(
      `The ${what} "${clip(value, 120)}" contains a line break or a control character, which a workflow cannot carry safely: rename it, then export again.`,
    );
  return value;
}

/** SOP Builder's own words in a check's script: a program or an option from the allow-list. */
const FIXED_WORD = /^(?:[\w.+=-]+|\[|\]|!|!=)$/;

/** A read-only check as a step: a fixed script naming only env variables, the SOP's words in `env:`. */
function checkStep(stages: CommandWord[][]): { env: Record<string, string>; run: string } {
  const env: Record<string, string> = {};
  const script = stages.map((words) =>
    words
      .map((w) => {
        if ('fixed' in w) {
          if (!FIXED_WORD.test(w.fixed)) throw new Error(`SOP Builder cannot write "${defuse(w.fixed)}" into a workflow script: report this as a bug.`);
          return w.fixed;
        }
        if (w.prefix !== undefined && !/^--[\w-]+=$/.test(w.prefix))
          throw new Error(`SOP Builder cannot write "${defuse(w.prefix)}" into a workflow script: report this as a bug.`);
        const name = `SOP_ARG_${Object.keys(env).length + 1}`;
        env[name] = carried(w.value, 'check argument');
        return `${w.prefix ?? ''}"$${name}"`;
      })
      .join(' '),
  );
  return { env, run: script.join(' | ') };
}

/** The job summary, in Markdown: what the run did and where it stopped, for the person named. */
function summaryText(input: WorkflowInput): string {
  const { plan } = input;
  const lines = [`## ${clip(input.title, 200)}: the unattended part`, ''];
  lines.push(
    `This workflow checked the SOP (\`${defuse(input.sopPath)}\`)${plan.checks.some((c) => c.workflowCommand) ? ' and ran its read-only checks' : ''}. The steps are run by an agent following \`${input.promptPath}\`.`,
    '',
  );
  if (plan.unattended.length) lines.push(`Unattended: step${plan.unattended.length > 1 ? 's' : ''} ${plan.unattended.map((s) => s.number).join(', ')}.`, '');
  if (plan.stopsAt) {
    lines.push(
      `**The run stops at step ${plan.stopsAt.number}, the first human gate: ${clip(plan.stopsAt.text, 400)}**`,
      '',
      `It is ${plan.stopsAt.why}. Ask **${clip(plan.stopsAt.ask, 200)}**; nothing after this step runs unattended.`,
    );
  } else {
    lines.push('Every step is mechanical; the run still stops at any failed check, stop condition or surprise.');
  }
  return lines.join('\n');
}

/** The GitHub Actions workflow: schedule and manual start, the guard, `sop lint`, the read-only checks, a summary. */
export function workflowYaml(input: WorkflowInput): string {
  const { plan, schedule } = input;
  if (!PLAIN_WORDS.test(input.cliCommand))
    throw new Error(
      `The command that runs sop in the workflow ("${defuse(input.cliCommand)}") must be plain words (letters, digits and . / @ : = + -), such as "npx --yes --package=sop-builder@0.1.0 sop".`,
    );
  if (!/^[a-z0-9-]+$/.test(input.name)) throw new Error(`The automation name "${defuse(input.name)}" must be lowercase letters, digits and hyphens.`);
  const sopPath = carried(input.sopPath, 'SOP path');
  const guarded = !!schedule?.guard;
  const when = guarded ? { if: "steps.guard.outputs.run == 'true'" } : {};
  const steps: Array<Record<string, unknown>> = [
    { name: 'Check out the repository', uses: 'actions/checkout@v4', with: { 'persist-credentials': false } },
    { name: 'Set up Node.js', uses: 'actions/setup-node@v4', with: { 'node-version': '20' } },
  ];
  if (schedule?.guard) {
    const env: Record<string, string> = { SOP_GUARD: carried(schedule.guard, 'guard'), SOP_TIMEZONE: carried(schedule.timezone, 'time zone') };
    if (schedule.fixedOffset !== undefined) env.SOP_UTC_OFFSET_MINUTES = String(schedule.fixedOffset);
    steps.push({
      name: defuse(`Go on only ${describeGuard(schedule.guard).replace(/ \(.*\)$/, '')} (${schedule.timezone})`),
      id: 'guard',
      env,
      run: `node <<'JS'\n${GUARD_SCRIPT}JS\n`,
    });
  }
  // A path starting with "-" would read as an option.
  steps.push({
    name: 'Lint the SOP',
    ...when,
    env: { SOP_PATH: sopPath.startsWith('-') ? `./${sopPath}` : sopPath },
    run: `${input.cliCommand} lint "$SOP_PATH"`,
  });
  for (const check of plan.checks) {
    const words = workflowWords(check);
    if (words) steps.push({ name: `Check: ${shorten(check.text)}`, ...when, ...checkStep(words), shell: 'bash', 'timeout-minutes': 5 });
  }
  const summaryWhen = guarded ? "always() && steps.guard.outputs.run == 'true'" : 'always()';
  steps.push({
    name: 'Write the run summary',
    if: summaryWhen,
    env: { SOP_SUMMARY: summaryText(input) },
    run: `printf '%s\\n' "$SOP_SUMMARY" >> "$GITHUB_STEP_SUMMARY"`,
  });

  const on: Record<string, unknown> = {};
  if (schedule) on.schedule = [{ cron: schedule.utcCron }];
  on.workflow_dispatch = {};
  const run: Record<string, unknown> = { name: `${shorten(input.title)} (unattended part)`, 'runs-on': 'ubuntu-latest', 'timeout-minutes': 30 };
  const stages = (input.stages ?? []).filter((s) => s.steps.length > 0);
  // The jobs after a gate must not ask anyone on a day the guard turned the run away.
  if (guarded && stages.length > 0) run.outputs = { go: GUARD_OUTPUT };
  const jobs: Record<string, unknown> = { run: { ...run, steps } };
  let previous = 'run';
  for (const stage of stages) {
    jobs[gateJobId(stage)] = gateJob(stage, previous, guarded);
    previous = gateJobId(stage);
  }
  const doc = new Document({
    name: `SOP: ${shorten(input.title)}`,
    on,
    permissions: { contents: 'read' },
    concurrency: { group: `sop-${input.name}`, 'cancel-in-progress': false },
    jobs,
  });

  doc.commentBefore = [
    ` Written by SOP Builder from ${defuse(input.sopPath)} ("${clip(input.title, 200)}"); export it again after the SOP changes.`,
    ` It runs the guard, \`sop lint\` and the SOP's read-only mechanical checks. It runs no step of the SOP and`,
    ` needs no secrets: the steps are done by an agent following ${input.promptPath}, which stops at the first`,
    ` human gate${plan.stopsAt ? ` (step ${plan.stopsAt.number}, ${clip(plan.stopsAt.ask, 200)})` : ''}. Nothing here approves, sends, pays or publishes.`,
    ' Text from the SOP reaches the steps only through env: values; no script is written from it.',
    ...(stages.length
      ? [
          ` The steps after each approval gate are in their own job, which GitHub starts only once the environment`,
          ` named after the approver (${stages.map((s) => s.environment).join(', ')}) is approved by its required reviewers.`,
        ]
      : []),
  ].join('\n');
  const cronEntry = schedule ? doc.getIn(['on', 'schedule', 0], true) : undefined;
  if (isMap(cronEntry)) {
    cronEntry.commentBefore = ` ${defuse(schedule!.comment)}`;
    const cron = cronEntry.get('cron', true);
    if (isScalar(cron)) cron.type = 'QUOTE_DOUBLE';
  }
  const stepNodes = doc.getIn(['jobs', 'run', 'steps'], true);
  if (isSeq(stepNodes)) for (const step of stepNodes.items) quoteEnvValues(step);
  for (const stage of stages) commentGateJob(doc, stage);
  const forPerson = [
    ...plan.checks.filter((c) => !c.workflowCommand).map((c) => `${shorten(c.text, 110)} (not run here: ${defuse(c.notInWorkflow ?? '')})`),
    ...plan.manualChecks.map((c) => `${shorten(c.text, 110)} (a person checks this)`),
  ];
  if (isSeq(stepNodes) && forPerson.length) {
    const summary = stepNodes.items[stepNodes.items.length - 1] as YAMLMap;
    summary.commentBefore = [
      " Quality checks not run by this workflow, for the agent's run report and the person who reviews it:",
      ...forPerson.map((c) => ` - ${c}`),
    ].join('\n');
  }
  return doc.toString({ lineWidth: 0, doubleQuotedAsJSON: true });
}

/** Every env value double-quoted, so YAML never reads one as a number, a boolean or a block. */
function quoteEnvValues(step: unknown): void {
  const env = isMap(step) ? step.get('env', true) : undefined;
  if (!isMap(env)) return;
  for (const pair of env.items) if (isScalar(pair.value)) pair.value.type = 'QUOTE_DOUBLE';
}

/** The run job's answer from the guard, for the jobs after a gate: fixed text, the only expression in the file. */
const GUARD_OUTPUT = '${{ steps.guard.outputs.run }}';

const gateJobId = (stage: GateStage) => `after-gate-${stage.gate.number}`;

/** The steps after a gate: a job GitHub holds until the approver approves its deployment environment. */
function gateJob(stage: GateStage, previous: string, guarded: boolean): Record<string, unknown> {
  const numbers = stage.steps.map((s) => s.number);
  const range = numbers.length > 1 ? `steps ${numbers[0]}–${numbers[numbers.length - 1]}` : `step ${numbers[0]}`;
  const summary = [
    `## After the gate at step ${stage.gate.number}: ${clip(stage.gate.text, 300)}`,
    '',
    `A required reviewer of the environment \`${stage.environment}\` (${clip(stage.gate.approver, 200)}) approved this job, so ${range} may go on:`,
    '',
    ...stage.steps.map((s) => `${s.number}. ${clip(s.text, 300)}`),
  ].join('\n');
  return {
    name: `After step ${stage.gate.number}: ${shorten(stage.gate.approver, 60)} approves ${range}`,
    needs: previous === 'run' ? 'run' : ['run', previous],
    ...(guarded ? { if: "needs.run.outputs.go == 'true'" } : {}),
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 30,
    environment: stage.environment,
    steps: [{ name: 'Write the approval summary', env: { SOP_SUMMARY: summary }, run: `printf '%s\\n' "$SOP_SUMMARY" >> "$GITHUB_STEP_SUMMARY"` }],
  };
}

/** Which steps the job stands for, where the step that does them goes, and who approves it, as comments. */
function commentGateJob(doc: Document, stage: GateStage): void {
  const stepNodes = doc.getIn(['jobs', gateJobId(stage), 'steps'], true);
  if (!isSeq(stepNodes)) return;
  for (const step of stepNodes.items) quoteEnvValues(step);
  (stepNodes.items[0] as YAMLMap).commentBefore = [
    ` GitHub starts this job only after a required reviewer of the environment ${stage.environment}`,
    ` (set it to ${clip(stage.gate.approver, 120)}: Settings > Environments) approves it. The steps it stands for:`,
    ...stage.steps.map((s) => ` ${s.number}. ${shorten(s.text, 110)}`),
    ' Add the step that does them after this one (an agent following the prompt, from the first of them).',
  ].join('\n');
}
