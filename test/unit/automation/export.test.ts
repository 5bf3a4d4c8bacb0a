import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { bodyHash } from '../../../src/core/sop/approvalRecord';
import { exportAutomation, type AutomationExportInput } from '../../../src/core/automation/export';
import { parseSop } from '../../../src/core/sop/model';
import { classifySteps } from '../../../src/core/sop/stepKinds';
import { FIXTURES, REPO } from '../helpers';
import { sopStatus } from '../../../src/core/approval/status';
/** An SOP as the use cases hand it to an export: parsed, with its approval status from the record. */
const fromText = (text: string) => {
  const doc = parseSop(text);
  return { doc, status: sopStatus(doc) };
};

const WS = resolve(FIXTURES, 'automation/month-end');
const SOP_PATH = 'sops/month-end-close.sop.md';
const SOP = readFileSync(resolve(WS, SOP_PATH), 'utf8');
const BASE: AutomationExportInput = {
  ...fromText(SOP),
  sopPath: SOP_PATH,
  skillName: 'month-end-close',
  skillPath: '.agents/skills/month-end-close',
  cron: '0 8 1-3 * *',
  version: '0.1.0',
};

interface Step {
  name: string;
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface Workflow {
  name: string;
  on: { schedule?: Array<{ cron: string }>; workflow_dispatch?: unknown };
  permissions: Record<string, string>;
  jobs: { run: { steps: Step[] } };
}

function files(input: Partial<AutomationExportInput> = {}) {
  const r = exportAutomation({ ...BASE, ...input });
  const name = r.name;
  return {
    r,
    json: JSON.parse(r.files.get(`.agents/automations/${name}/automation.json`)!),
    prompt: r.files.get(`.agents/automations/${name}/prompt.md`)!,
    yamlText: r.files.get(`.github/workflows/sop-${name}.yml`)!,
    workflow: parse(r.files.get(`.github/workflows/sop-${name}.yml`)!) as Workflow,
  };
}

function withTrigger(trigger: string, extra = ''): string {
  return SOP.replace('On the first business day of each month at 08:00 CET, for the month that just ended.', trigger) + extra;
}

describe('exportAutomation', () => {
  describe('the approved month-end close SOP', () => {
    const { r, json, prompt, yamlText, workflow } = files();
    const steps = workflow.jobs.run.steps;

    it('writes the three files, with no warnings', () => {
      assert.equal(r.name, 'month-end-close');
      assert.deepEqual(
        [...r.files.keys()],
        ['.agents/automations/month-end-close/automation.json', '.agents/automations/month-end-close/prompt.md', '.github/workflows/sop-month-end-close.yml'],
      );
      assert.deepEqual(r.warnings, []);
    });

    it('runs unattended exactly the mechanical steps before the first gate', () => {
      const classified = classifySteps(parseSop(SOP));
      const firstPerson = classified.findIndex((c) => c.kind !== 'mechanical');
      const expected = classified.slice(0, firstPerson).map((c) => c.step.number);
      assert.deepEqual(expected, [1, 2]);
      assert.deepEqual(
        json.unattended.map((s: { number: number }) => s.number),
        expected,
      );
      assert.deepEqual(json.unattended[0], {
        number: 1,
        text: 'Run `bash scripts/fetch_exports.sh 2026-10` to copy the bank statement and Stripe payouts into `exports/`.',
        line: 38,
      });
    });

    it('stops at the gate and names the approver', () => {
      assert.equal(json.stopsAt.number, 3);
      assert.equal(json.stopsAt.kind, 'gate');
      assert.equal(json.stopsAt.ask, 'Priya Nair (Finance manager)');
      assert.equal(json.stopsAt.line, 41);
    });

    it('records the SOP, its body hash, the skill, the prompt and the schedule', () => {
      assert.equal(json.$schema, 'https://unpkg.com/sop-builder@0.1.0/syntaxes/sop-automation.schema.json');
      assert.equal(json.version, 1);
      assert.equal(json.sop, SOP_PATH);
      assert.equal(json.sopBodySha256, bodyHash(SOP));
      assert.equal(json.skill, '.agents/skills/month-end-close');
      assert.equal(json.prompt, '.agents/automations/month-end-close/prompt.md');
      assert.deepEqual(
        { ...json.schedule, notes: undefined },
        {
          cron: '0 8 1-3 * *',
          timezone: 'CET',
          description: 'At 08:00 on days 1 to 3 of every month',
          guard: 'first-business-day',
          guardDescription: 'on the first business day of the month (Monday to Friday; public holidays are not known)',
          workflowCron: '0 7 1-3 * *',
          source: { text: 'On the first business day of each month at 08:00 CET, for the month that just ended.', line: 24 },
          confidence: 'high',
          notes: undefined,
        },
      );
      assert.equal(json.manualOnlyReason, null);
    });

    it('keeps every gate, judgment call, decision, escalation and step that acts for someone for a person', () => {
      const kinds = json.neverUnattended.map((n: { kind: string; step?: number; who: string }) => `${n.kind}${n.step ? ` ${n.step}` : ''}: ${n.who}`);
      for (const k of ['gate 3', 'acts-for-someone 4', 'judgment 5', 'decision', 'escalation']) {
        assert.ok(
          kinds.some((x: string) => x.startsWith(`${k}: Priya Nair (Finance manager)`)),
          `${k} in ${kinds.join('\n')}`,
        );
      }
      assert.equal(json.neverUnattended.filter((n: { kind: string }) => n.kind === 'decision').length, 2);
    });

    it('sorts the quality checks into what the workflow runs, what the agent does and what a person does', () => {
      const byText = (t: string) => json.checks.find((c: { text: string }) => c.text.includes(t));
      assert.deepEqual(
        json.checks.filter((c: { inWorkflow: boolean }) => c.inWorkflow).map((c: { workflowCommand: string }) => c.workflowCommand),
        ['test -s out/reconciliation-2026-10.csv', 'grep -c po_ out/reconciliation-2026-10.csv', 'test -s exports/bank-2026-10.csv'],
      );
      assert.equal(byText('reconcile.py --month 2026-10` exits 0').readOnly, false);
      assert.match(byText('reconcile.py --month 2026-10` exits 0').notInWorkflow, /may change files/);
      assert.equal(byText('sort -o').inWorkflow, false);
      assert.match(byText('post_journal.sh 2026-10 --dry-run').notInWorkflow, /does not mark this check mechanical/);
      assert.equal(byText('net 43,734.55').kind, 'total');
      assert.deepEqual(json.manualChecks, [{ text: 'The closing balance matches the bank portal.', line: 60 }]);
    });

    it('has every key the JSON schema requires, and no other', () => {
      const schema = JSON.parse(readFileSync(resolve(REPO, 'syntaxes/sop-automation.schema.json'), 'utf8'));
      for (const key of schema.required) assert.ok(key in json, key);
      for (const key of Object.keys(json)) assert.ok(key in schema.properties, key);
      for (const key of Object.keys(json.schedule)) assert.ok(key in schema.properties.schedule.oneOf[1].properties, key);
      for (const check of json.checks) for (const key of Object.keys(check)) assert.ok(key in schema.properties.checks.items.properties, key);
    });

    it('writes a workflow that parses, is scheduled in UTC, can be started by hand and only reads', () => {
      assert.equal(workflow.name, 'SOP: Month-end close');
      assert.deepEqual(workflow.on.schedule, [{ cron: '0 7 1-3 * *' }]);
      assert.ok('workflow_dispatch' in workflow.on);
      assert.deepEqual(workflow.permissions, { contents: 'read' });
      assert.match(yamlText, /# At 07:00 on days 1 to 3 of every month \(UTC\), which is 08:00 CET\. Then the run goes on only on the first business day/);
      assert.match(yamlText, /^ +persist-credentials: false$/m);
    });

    it('runs the guard first, then sop lint and the read-only checks only when the guard says so', () => {
      const guard = steps.find((s) => s.id === 'guard')!;
      assert.deepEqual(guard.env, { SOP_GUARD: 'first-business-day', SOP_TIMEZONE: 'CET', SOP_UTC_OFFSET_MINUTES: '60' });
      assert.match(guard.run!, /^node <<'JS'\n/);
      const lint = steps.find((s) => s.name === 'Lint the SOP')!;
      assert.equal(lint.run, 'npx --yes --package=sop-builder@0.1.0 sop lint "$SOP_PATH"');
      assert.deepEqual(lint.env, { SOP_PATH: 'sops/month-end-close.sop.md' });
      assert.equal(lint.if, "steps.guard.outputs.run == 'true'");
      const checks = steps.filter((s) => s.name.startsWith('Check: '));
      assert.deepEqual(
        checks.map((s) => [s.run, s.env]),
        [
          ['test -s "$SOP_ARG_1"', { SOP_ARG_1: 'out/reconciliation-2026-10.csv' }],
          ['grep -c "$SOP_ARG_1" "$SOP_ARG_2"', { SOP_ARG_1: 'po_', SOP_ARG_2: 'out/reconciliation-2026-10.csv' }],
          ['test -s "$SOP_ARG_1"', { SOP_ARG_1: 'exports/bank-2026-10.csv' }],
        ],
      );
      assert.ok(steps.indexOf(guard) < steps.indexOf(lint) && steps.indexOf(lint) < steps.indexOf(checks[0]));
    });

    it('never runs a step of the SOP, a gate or judgment command, or a check that may write', () => {
      const runs = steps.map((s) => s.run ?? '').join('\n');
      for (const command of ['post_journal.sh', '--tolerance', 'fetch_exports.sh', 'scripts/reconcile.py', 'sort -o'])
        assert.ok(!runs.includes(command), command);
      assert.match(
        yamlText,
        /# - sort -o out\/reconciliation-2026-10\.csv out\/reconciliation-2026-10\.csv keeps the rows in order\. \(not run here: the command may change files/,
      );
      assert.match(yamlText, /# - The closing balance matches the bank portal\. \(a person checks this\)/);
    });

    it('ends with a job summary that names the gate and the person', () => {
      const summary = steps[steps.length - 1];
      assert.equal(summary.if, "always() && steps.guard.outputs.run == 'true'");
      assert.equal(summary.run, `printf '%s\\n' "$SOP_SUMMARY" >> "$GITHUB_STEP_SUMMARY"`);
      assert.match(summary.env!.SOP_SUMMARY, /^## Month-end close: the unattended part\n/);
      assert.match(summary.env!.SOP_SUMMARY, /\*\*The run stops at step 3, the first human gate: Send `out\/reconciliation-2026-10\.csv` to Priya Nair/);
      assert.match(summary.env!.SOP_SUMMARY, /Ask \*\*Priya Nair \(Finance manager\)\*\*; nothing after this step runs unattended\./);
    });

    it('writes a prompt that uses the skill, runs only the mechanical steps and stops at the gate', () => {
      assert.match(prompt, /Use the skill at `\.agents\/skills\/month-end-close\/SKILL\.md`/);
      assert.match(
        prompt,
        /## Run only these steps, in this order\n\n1\. Run `bash scripts\/fetch_exports\.sh 2026-10`[^\n]*\n2\. Run `python3 scripts\/reconcile\.py --month 2026-10`/,
      );
      assert.match(
        prompt,
        /Step 3 is the first human gate: "Send `out\/reconciliation-2026-10\.csv` to Priya Nair \(Finance manager\) for sign-off and wait for her approval before the journal is posted"\./,
      );
      assert.match(
        prompt,
        /\*\*Stop there and do not continue\.\*\* Do not do step 3 or anything after it: the next move belongs to Priya Nair \(Finance manager\)\./,
      );
      assert.match(prompt, /a step or a check fails/);
      assert.match(prompt, /Never approve, sign off, send, e-mail, pay, post, publish/);
      assert.match(prompt, /Never read, print, copy or ask for `\.env` files/);
      assert.match(prompt, /\*\*Question for Priya Nair \(Finance manager\)\*\*: the exact question/);
      assert.match(prompt, /`\.agents\/automations\/month-end-close\/runs\/<YYYY-MM-DD>\.md`/);
    });
  });

  it('refuses an SOP without steps', () => {
    assert.throws(
      () => exportAutomation({ ...BASE, ...fromText('# Close\n\n## Why\n\nBooks.\n') }),
      /^Error: sops\/month-end-close\.sop\.md has no numbered steps: an automation runs an SOP's mechanical steps/,
    );
  });

  it('refuses a bad cron, time zone, guard or path with the reason', () => {
    assert.throws(() => exportAutomation({ ...BASE, cron: '0 9 * *' }), /The schedule's cron is not valid: "0 9 \* \*" has 4 fields/);
    assert.throws(() => exportAutomation({ ...BASE, timezone: 'Mars/Olympus' }), /The time zone "Mars\/Olympus" is not one this tool knows/);
    assert.throws(() => exportAutomation({ ...BASE, guard: 'second-full-moon' as never }), /The guard "second-full-moon" is not one this tool knows/);
    assert.throws(() => exportAutomation({ ...BASE, sopPath: '/home/sam/close.sop.md' }), /must be relative to the workspace root/);
  });

  it('warns about a draft, and about an SOP changed since its approval', () => {
    assert.ok(
      files({ ...fromText(SOP.replace('status: approved', 'status: draft')) }).r.warnings.some((w) =>
        /^This SOP is not approved yet\. Review and approve it before scheduling it/.test(w),
      ),
    );
    assert.ok(
      files({ ...fromText(SOP.replace('The books close', 'The books now close')) }).r.warnings.some((w) => /^This SOP changed since it was approved\./.test(w)),
    );
  });

  it('warns when no mechanical step comes before the first gate', () => {
    const text = SOP.replace(
      '1. Run `bash scripts/fetch_exports.sh 2026-10` to copy',
      '1. Ask Priya Nair (Finance manager) to approve the month, then copy',
    ).replace('into `exports/` — mechanical.', 'into `exports/`.');
    const { r, json, prompt } = files({ ...fromText(text) });
    assert.deepEqual(json.unattended, []);
    assert.ok(
      r.warnings.some((w) => /^No mechanical step comes before the first human gate \(step 1:/.test(w)),
      r.warnings.join('\n'),
    );
    assert.match(prompt, /None\. The first step already needs a person: do not run anything/);
  });

  it('warns when the schedule read from the SOP is a guess', () => {
    const { r, json } = files({ ...fromText(withTrigger('At month end.')), cron: '0 9 26-31 * *' });
    assert.equal(json.schedule.guard, 'last-business-day');
    assert.ok(
      r.warnings.some((w) => /^The schedule was read from the SOP with low confidence \("month end" could also mean/.test(w)),
      r.warnings.join('\n'),
    );
  });

  it('runs only by hand when the trigger is an event, and says why', () => {
    const { json, workflow } = files({ ...fromText(withTrigger('When a customer disputes a payout.')), cron: undefined });
    assert.equal(json.schedule, null);
    assert.match(json.manualOnlyReason, /^The SOP runs when something happens \("When a customer disputes a payout\.", line 24\)/);
    assert.deepEqual(Object.keys(workflow.on), ['workflow_dispatch']);
    assert.ok(!workflow.jobs.run.steps.some((s) => s.id === 'guard'));
    assert.equal(workflow.jobs.run.steps.find((s) => s.name === 'Lint the SOP')!.if, undefined);
  });

  it('keeps the cron in UTC and warns for a zone with daylight saving time', () => {
    const { r, json } = files({ timezone: 'Europe/London', cron: '0 9 * * 1' });
    assert.equal(json.schedule.workflowCron, '0 9 * * 1');
    assert.equal(json.schedule.guard, null);
    assert.equal(json.schedule.confidence, 'confirmed');
    assert.ok(
      r.warnings.some((w) =>
        /^GitHub runs cron in UTC and Europe\/London changes its offset .* it runs at 09:00 UTC, which is not 09:00 in Europe\/London all year/.test(w),
      ),
      r.warnings.join('\n'),
    );
  });

  it('never lets SOP text become a GitHub expression, and quotes odd paths', () => {
    const text = SOP.replace('# Month-end close', '# Month-end close ${{ secrets.BANK_TOKEN }}');
    const { yamlText, workflow } = files({ ...fromText(text), sopPath: 'sops/month end close.sop.md' });
    // The only expression is SOP Builder's own: the guard's answer, handed to the job after the gate.
    assert.deepEqual(yamlText.match(/\$\{\{.*/g), ['${{ steps.guard.outputs.run }}']);
    const lint = workflow.jobs.run.steps.find((s) => s.name === 'Lint the SOP')!;
    assert.equal(lint.run, 'npx --yes --package=sop-builder@0.1.0 sop lint "$SOP_PATH"');
    assert.deepEqual(lint.env, { SOP_PATH: 'sops/month end close.sop.md' });
  });

  it('uses the cliCommand it is given', () => {
    const { workflow } = files({ cliCommand: 'node dist/cli.js', version: undefined });
    assert.equal(workflow.jobs.run.steps.find((s) => s.name === 'Lint the SOP')!.run, 'node dist/cli.js lint "$SOP_PATH"');
  });
});
