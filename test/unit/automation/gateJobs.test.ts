import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { sopStatus } from '../../../src/core/approval/status';
import { exportAutomation } from '../../../src/core/automation/export';
import { approvalEnvironment } from '../../../src/core/automation/gateJobs';
import { parseSop } from '../../../src/core/sop/model';
import { FIXTURES } from '../helpers';

interface Job {
  name: string;
  needs?: string | string[];
  if?: string;
  environment?: string;
  outputs?: Record<string, string>;
  steps: Array<{ name: string; env?: Record<string, string>; run?: string }>;
}

function workflowOf(text: string, o: { cron?: string; sopPath?: string } = {}) {
  const doc = parseSop(text);
  const r = exportAutomation({
    doc,
    status: sopStatus(doc),
    sopPath: o.sopPath ?? 'sops/payouts.sop.md',
    skillName: 'payouts',
    skillPath: '.agents/skills/payouts',
    cron: o.cron,
    version: '0.1.0',
  });
  const yamlText = [...r.files].find(([p]) => p.endsWith('.yml'))![1];
  return { yamlText, jobs: (parse(yamlText) as { jobs: Record<string, Job> }).jobs };
}

/** A payouts SOP with two gates, each approved by someone else, started by hand. */
const TWO_GATES = `---
title: Supplier payouts
owner: Sam Lee (Operations assistant)
approver: Priya Nair (Finance manager)
---

# Supplier payouts

## Purpose

Pay approved supplier invoices on time and only once.

## Who owns it

- **Owner:** Sam Lee (Operations assistant)
- **Approver:** Priya Nair (Finance manager); Omar Haddad (Treasurer)

## Steps

1. Export the open invoices with \`bash scripts/open_invoices.sh\` — mechanical.
2. Match each invoice to its purchase order — mechanical.
3. Send the payout list to Priya Nair (Finance manager) and wait for her approval.
4. Upload the payout file to the bank portal.
5. Check the bank's confirmation of the batch.
6. Wait for Omar Haddad (Treasurer) to sign off the batch in the bank portal before it is released.
7. E-mail each supplier the remittance advice.
`;

describe('the steps after an approval gate, in a job behind a deployment environment', () => {
  it('puts the month-end close steps after the sign-off in a job that waits for Priya Nair, and only on the days the guard lets through', () => {
    const sop = readFileSync(resolve(FIXTURES, 'automation/month-end/sops/month-end-close.sop.md'), 'utf8');
    const { jobs } = workflowOf(sop, { cron: '0 8 1-3 * *', sopPath: 'sops/month-end-close.sop.md' });
    assert.deepEqual(Object.keys(jobs), ['run', 'after-gate-3']);
    assert.deepEqual(jobs.run.outputs, { go: '${{ steps.guard.outputs.run }}' });
    const gated = jobs['after-gate-3'];
    assert.equal(gated.name, 'After step 3: Priya Nair (Finance manager) approves steps 4–5');
    assert.equal(gated.needs, 'run');
    assert.equal(gated.if, "needs.run.outputs.go == 'true'");
    assert.equal(gated.environment, 'sop-approval-priya-nair');
    const summary = gated.steps[0].env!.SOP_SUMMARY;
    assert.match(summary, /^## After the gate at step 3: Send `out\/reconciliation-2026-10\.csv` to Priya Nair/);
    assert.match(summary, /\n4\. Run `bash scripts\/post_journal\.sh 2026-10` to post the journal/);
    assert.equal(gated.steps[0].run, `printf '%s\\n' "$SOP_SUMMARY" >> "$GITHUB_STEP_SUMMARY"`);
  });

  it('chains one job per gate, each asking its own approver, with no expression when there is no guard', () => {
    const { yamlText, jobs } = workflowOf(TWO_GATES);
    assert.deepEqual(Object.keys(jobs), ['run', 'after-gate-3', 'after-gate-6']);
    assert.equal(jobs.run.outputs, undefined);
    assert.ok(!yamlText.includes('${{'));
    assert.deepEqual([jobs['after-gate-3'].environment, jobs['after-gate-3'].needs, jobs['after-gate-3'].if], ['sop-approval-priya-nair', 'run', undefined]);
    assert.deepEqual([jobs['after-gate-6'].environment, jobs['after-gate-6'].needs], ['sop-approval-omar-haddad', ['run', 'after-gate-3']]);
    assert.match(jobs['after-gate-3'].name, /approves steps 4–6$/, 'the next gate is asked for from the job before it');
    assert.match(jobs['after-gate-6'].name, /^After step 6: Omar Haddad \(Treasurer\) approves step 7$/);
    assert.match(yamlText, /# GitHub starts this job only after a required reviewer of the environment sop-approval-omar-haddad\n/);
  });

  it('adds no job for a gate that is the last step', () => {
    const { jobs } = workflowOf(TWO_GATES.replace(/^7\. .*\n/m, ''));
    assert.deepEqual(Object.keys(jobs), ['run', 'after-gate-3']);
  });

  it('names the environment after the approver, a role or a hostile name alike, in the characters GitHub allows', () => {
    assert.equal(approvalEnvironment('Priya Nair (Finance manager)'), 'sop-approval-priya-nair');
    assert.equal(approvalEnvironment('the Finance manager'), 'sop-approval-finance-manager');
    assert.equal(approvalEnvironment("Priya ${{ secrets.X }} `id`'; curl x Nair"), 'sop-approval-priya-secrets-x-id-curl-x-nair');
    assert.match(approvalEnvironment('Ø'.repeat(100_000)), /^sop-approval-[a-z0-9-]{1,87}$/);
  });
});
