import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../../src/core/runs/events';
import { identifySteps } from '../../../src/core/runs/stepIdentity';
import { planHooksExport, writeHooksExport } from '../../../src/core/usecases/exportHooks';
import { recordRunEvent, startRun } from '../../../src/core/usecases/runs';
import { openSop } from '../../../src/core/usecases/sop';
import { toPosix } from '../../../src/core/workspace/paths';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { put } from '../../support/tempTree';
import { approvedSop, claudeCall, copilotCall, runHook } from './refundGate';

const SOP = 'sops/customer-refunds.sop.md';
const DANA: Actor = { kind: 'person', name: 'Dana Reyes' };
const PRIYA: Actor = { kind: 'person', name: 'Priya Nair' };

const STRIPE = claudeCall('Bash', { command: 'stripe refunds create --charge ch_1', description: 'Refund order #1042' });
const SEND_EMAIL = claudeCall('mcp__gmail__send_email', { to: 'kim@example.com', subject: 'Your refund', body: 'Refunded 240 EUR.' });
const LS = claudeCall('Bash', { command: 'ls -la exports' });
const READ = claudeCall('Read', { file_path: '/tmp/notes/refund-email-draft.md' });
const recordStep = (n: number) =>
  claudeCall('Bash', {
    command: `sop run record --event '{"type":"step-done","actor":{"kind":"agent","name":"refund-agent"},"step":{"number":${n}}}' sops/runs/customer-refunds/run.jsonl`,
  });

describe('gate hooks generated from an approved refund SOP, run against recorded tool calls', function () {
  this.timeout(30_000);
  let root: string;
  let script: string;
  let log: string;
  let steps: ReturnType<typeof identifySteps>;

  before(async () => {
    root = toPosix(realpathSync(mkdtempSync(join(tmpdir(), 'sop-hooks-'))));
    put(root, SOP, approvedSop());
    put(root, '.claude/settings.json', JSON.stringify({ permissions: { allow: ['Bash(npm test)'] }, model: 'opus' }, null, 2) + '\n');
    const ws = createNodeWorkspace(root);
    const sop = await openSop(ws, `${root}/${SOP}`);
    assert.equal(sop.status, 'approved');
    const plan = await planHooksExport(ws, sop);
    assert.deepEqual(plan.hooks.warnings, []);
    assert.equal(plan.distrust, undefined);
    const written = await writeHooksExport(ws, plan);
    script = `${root}/.agents/hooks/sop-customer-refunds-gates.mjs`;
    assert.deepEqual(written, [script, `${root}/.github/hooks/sop-customer-refunds.json`, `${root}/.claude/settings.json`]);
    steps = identifySteps(sop.doc);
    log = (await startRun(ws, sop, { actor: DANA, parameters: { order: '#1042' } })).path;
    for (const n of [1, 2, 3, 4]) await recordRunEvent(ws, log, { type: 'step-done', actor: DANA, step: { number: n } }, { steps });
    await recordRunEvent(ws, log, { type: 'gate-requested', actor: DANA, step: { number: 5 }, approver: 'Priya Nair (Finance manager)' }, { steps });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('registers the hook for Claude Code without losing the settings that were there, and for Copilot CLI and VS Code', () => {
    const settings = JSON.parse(readFileSync(`${root}/.claude/settings.json`, 'utf8'));
    assert.deepEqual(settings.permissions, { allow: ['Bash(npm test)'] });
    assert.equal(settings.model, 'opus');
    assert.deepEqual(settings.hooks.PreToolUse, [
      {
        matcher: '*',
        hooks: [{ type: 'command', command: 'node "$CLAUDE_PROJECT_DIR/.agents/hooks/sop-customer-refunds-gates.mjs"', timeout: 10 }],
      },
    ]);
    const copilot = JSON.parse(readFileSync(`${root}/.github/hooks/sop-customer-refunds.json`, 'utf8'));
    assert.equal(copilot.version, 1);
    assert.equal(copilot.hooks.preToolUse[0].bash, 'node .agents/hooks/sop-customer-refunds-gates.mjs');
    assert.equal(copilot.hooks.preToolUse[0].powershell, 'node .agents/hooks/sop-customer-refunds-gates.mjs');
  });

  it('before Priya approves: denies the Stripe refund, the e-mail tool and recording step 6 done, naming her and the step', () => {
    const stripe = runHook(script, STRIPE);
    assert.equal(stripe.decision, 'deny', stripe.raw + stripe.stderr);
    assert.match(stripe.reason!, /^This runs "stripe refunds create", which does step 6 \("Issue the refund in Stripe/);
    assert.match(stripe.reason!, /approval gate at step 5, which Priya Nair \(Finance manager\) must approve first/);
    assert.match(stripe.reason!, /the run log sops\/runs\/customer-refunds\/[^ ]+\.jsonl holds no approval by Priya Nair yet/);

    const email = runHook(script, SEND_EMAIL);
    assert.equal(email.decision, 'deny');
    assert.match(email.reason!, /does "email", which step 7 \("Email the customer the confirmation/);

    const record = runHook(script, recordStep(6));
    assert.equal(record.decision, 'deny');
    assert.match(record.reason!, /^This records step 6 \(/);

    const note = `sop run record --event '{"type":"note","actor":{"kind":"agent","name":"a"},"text":"refund ready"}' ${log}`;
    const chained = runHook(script, claudeCall('Bash', { command: `${note} && stripe refunds create --charge ch_1` }));
    assert.equal(chained.decision, 'deny', 'a harmless record does not cover the command chained to it');
    assert.equal(runHook(script, claudeCall('Bash', { command: note })).raw, '', 'a note is only a record');
  });

  it('never holds back a read-only call, nor recording the steps before the gate', () => {
    const grepLog = claudeCall('Bash', { command: `grep -c gate-approved ${log} && cat ${log} | jq -r .type` });
    for (const call of [LS, READ, grepLog, recordStep(4), claudeCall('mcp__stripe__list_refunds', { charge: 'ch_1' })]) {
      const r = runHook(script, call);
      assert.equal(r.decision, undefined, `${JSON.stringify(call.tool_input)}: ${r.raw}`);
      assert.equal(r.status, 0);
    }
  });

  it('asks, without denying, about a command that only mentions what step 6 does', () => {
    const r = runHook(script, claudeCall('Bash', { command: 'curl -X POST https://api.stripe.com/v1/refunds -d charge=ch_1' }));
    assert.equal(r.decision, 'ask');
    assert.match(r.reason!, /^This command mentions "refund", which step 6 .* Allow it only if it does not do step 6\.$/);
  });

  it('answers Copilot CLI in its own format (toolName and toolArgs in, permissionDecision at the top out)', () => {
    const r = runHook(script, copilotCall('bash', { command: 'stripe refunds create --charge ch_1' }));
    assert.equal(r.decision, 'deny');
    assert.equal(JSON.parse(r.raw).hookSpecificOutput, undefined);
  });

  it('refuses an agent that records a gate approval or writes to the run log itself', () => {
    const forged = runHook(
      script,
      claudeCall('Bash', {
        command: `sop run record --event '{"type":"gate-approved","actor":{"kind":"person","name":"Priya Nair"},"step":{"number":5},"by":"Priya Nair","saw":"ok"}' ${log}`,
      }),
    );
    assert.equal(forged.decision, 'deny');
    assert.match(forged.reason!, /An agent never records a gate approval/);
    const edit = runHook(script, claudeCall('Write', { file_path: log, content: '{}' }));
    assert.equal(edit.decision, 'deny');
    assert.match(edit.reason!, /written only by sop run record/);
  });

  it('does not count an approval an agent appended to the run log', () => {
    const step = steps[4];
    appendFileSync(
      log,
      JSON.stringify({
        type: 'gate-approved',
        at: '2026-11-30T10:00:00Z',
        actor: { kind: 'agent', name: 'refund-agent' },
        step: { id: step.id, number: 5, text: step.text },
        by: 'Priya Nair',
        saw: 'the total',
      }) + '\n',
    );
    assert.equal(runHook(script, STRIPE).decision, 'deny');
  });

  it('does not count the approval of someone other than the approver the gate names', async () => {
    await recordRunEvent(
      createNodeWorkspace(root),
      log,
      { type: 'gate-approved', actor: DANA, step: { number: 5 }, by: 'Dana Reyes', saw: 'the total' },
      { steps },
    );
    const r = runHook(script, STRIPE);
    assert.equal(r.decision, 'deny');
    assert.match(r.reason!, /holds no approval by Priya Nair yet/);
  });

  it("after Priya's approval is recorded, lets the refund, the e-mail and the records through", async () => {
    const ws = createNodeWorkspace(root);
    await recordRunEvent(
      ws,
      log,
      { type: 'gate-approved', actor: PRIYA, step: { number: 5 }, by: 'Priya Nair', role: 'Finance manager', saw: 'order #1042, 240 EUR' },
      { steps },
    );
    for (const call of [STRIPE, SEND_EMAIL, recordStep(6), recordStep(7)]) {
      const r = runHook(script, call);
      assert.equal(r.decision, undefined, r.raw);
      assert.equal(r.raw, '');
    }
  });

  it('holds the gate again for the next run, and when no run is in progress', async () => {
    const ws = createNodeWorkspace(root);
    await recordRunEvent(ws, log, { type: 'run-finished', actor: DANA, outcome: 'completed' }, { steps });
    const none = runHook(script, STRIPE);
    assert.equal(none.decision, 'deny');
    assert.match(none.reason!, /no run of the SOP is in progress .* start one with "sop run start --sop sops\/customer-refunds\.sop\.md"/);
  });

  it('lets a run through whose gate a person skipped (a refund under the limit), but not one an agent skipped', async () => {
    const ws = createNodeWorkspace(root);
    const sop = await openSop(ws, `${root}/${SOP}`);
    const next = (await startRun(ws, sop, { actor: DANA, parameters: { order: '#1043' } })).path;
    await recordRunEvent(ws, next, { type: 'step-skipped', actor: { kind: 'agent', name: 'refund-agent' }, step: { number: 5 }, reason: '80 EUR' }, { steps });
    assert.equal(runHook(script, STRIPE).decision, 'deny');
    await recordRunEvent(ws, next, { type: 'step-skipped', actor: DANA, step: { number: 5 }, reason: 'refund of 80 EUR, under the 200 EUR limit' }, { steps });
    assert.equal(runHook(script, STRIPE).raw, '');
  });

  it('finishes quickly on a hostile 1 MB tool call, asking rather than letting it through unchecked', () => {
    const huge = JSON.stringify(claudeCall('Bash', { command: `stripe refunds create ${'a'.repeat(1024 * 1024)}` }));
    const r = runHook(script, huge);
    assert.ok(r.ms < 3000, `${r.ms} ms`);
    assert.equal(r.decision, 'ask');
    assert.match(r.reason!, /over 512 KB, too large to check/);
    const words = runHook(script, claudeCall('Bash', { command: 'refunds '.repeat(60_000) + '| grep -c po_' }));
    assert.ok(words.ms < 3000, `${words.ms} ms`);
  });
});
