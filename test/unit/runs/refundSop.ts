import { parseSop } from '../../../src/core/sop/model';
import { bodyHash } from '../../../src/core/sop/approvalRecord';
import type { SopVersion } from '../../../src/core/runs/conformance';
import type { Actor, RunEvent } from '../../../src/core/runs/events';
import { parseRunLog, type RunLog } from '../../../src/core/runs/runLog';
import { identifySteps, type IdentifiedStep } from '../../../src/core/runs/stepIdentity';

/** A support team's 7-step refund SOP; step 5 is the approval gate the steps after it wait for. */
export const REFUND_SOP = `---
title: Customer refunds
type: sop
owner: Dana Reyes (Support lead)
approver: Priya Nair (Finance manager)
status: draft
---

# Customer refunds

## Purpose

Refund customers who returned an order, the same way every time, so Finance can reconcile the payouts.

## Steps

1. Find the order in the Shopify admin and check the amount paid.
2. Check that the return arrived in the warehouse log.
3. Work out the refund: the amount paid minus the return shipping fee.
4. Add a note to the customer's profile in Zendesk with the refund amount.
5. Send refunds over 200 EUR to Priya Nair (Finance manager) for approval and wait for her sign-off.
6. Issue the refund in the Shopify admin.
7. Email the customer the refund confirmation from the Zendesk ticket.

## Escalation

- **Contact:** Priya Nair (Finance manager).
- **Include:** the order number and the amount.
- **Stop if** the amount paid does not match the bank payout: do not guess.
`;

export const DANA: Actor = { kind: 'person', name: 'Dana Reyes' };
export const PRIYA: Actor = { kind: 'person', name: 'Priya Nair' };
export const BOT: Actor = { kind: 'agent', name: 'refund-agent' };

export function refundVersion(text = REFUND_SOP): SopVersion {
  return { steps: identifySteps(parseSop(text)), bodySha256: bodyHash(text), approvedOn: '2026-11-02' };
}

/** Builds a run's events minute by minute from 09:00, so durations and order are easy to read in a test. */
export class RunBuilder {
  readonly events: RunEvent[] = [];
  private minute = 0;
  constructor(
    private readonly version: SopVersion,
    run = 'run-1',
    bodySha256 = version.bodySha256,
  ) {
    this.events.push({
      type: 'run-started',
      at: this.at(),
      actor: DANA,
      run,
      sop: { path: 'sops/customer-refunds.sop.md', bodySha256, approvedOn: '2026-11-02' },
      parameters: { order: '#1042' },
    });
  }
  private at(): string {
    const m = this.minute++;
    return `2026-11-10T${String(9 + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00Z`;
  }
  private ref(n: number) {
    const s: IdentifiedStep = this.version.steps[n - 1];
    return { id: s.id, number: s.number, text: s.text };
  }
  done(...numbers: number[]): this {
    for (const n of numbers) this.events.push({ type: 'step-done', at: this.at(), actor: DANA, step: this.ref(n) });
    return this;
  }
  skip(n: number, reason = 'the customer is a regular, no note needed'): this {
    this.events.push({ type: 'step-skipped', at: this.at(), actor: DANA, step: this.ref(n), reason });
    return this;
  }
  different(n: number, what: string, why: string): this {
    this.events.push({ type: 'step-different', at: this.at(), actor: DANA, step: this.ref(n), what, why });
    return this;
  }
  approve(n: number, actor: Actor = PRIYA): this {
    this.events.push({ type: 'gate-requested', at: this.at(), actor: DANA, step: this.ref(n), approver: 'Priya Nair (Finance manager)' });
    this.events.push({
      type: 'gate-approved',
      at: this.at(),
      actor,
      step: this.ref(n),
      by: 'Priya Nair',
      role: 'Finance manager',
      saw: 'order #1042, 240 EUR, return scanned',
    });
    return this;
  }
  finish(outcome: 'completed' | 'stopped' | 'failed' = 'completed'): this {
    this.events.push({ type: 'run-finished', at: this.at(), actor: DANA, outcome });
    return this;
  }
  text(): string {
    return this.events.map((e) => JSON.stringify(e) + '\n').join('');
  }
  log(): RunLog {
    return parseRunLog(this.text());
  }
}

/** The whole refund, as written: steps 1 to 5, Priya's approval, then 6 and 7. */
export function perfectRun(version: SopVersion, run = 'run-1'): RunBuilder {
  return new RunBuilder(version, run).done(1, 2, 3, 4).approve(5).done(5, 6, 7).finish();
}
