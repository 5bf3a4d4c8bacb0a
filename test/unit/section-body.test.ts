import { strict as assert } from 'node:assert';
import { parseSop } from '../../src/core/sop/model';
import { isInstruction, isInstructionHeading, isInstructionList } from '../../src/core/sop/sectionBody';

describe('sections recognised from their body', () => {
  it('reads instructions from the verb they open with, capitalised or not', () => {
    for (const s of [
      'Check the build log for warnings.',
      'Log in to the billing console.',
      'Notify the on-call engineer in #ops.',
      'copy the export to the shared drive',
      '(Optional) Run the smoke tests locally.',
      '**Tag** the release commit.',
    ]) {
      assert.ok(isInstruction(s), s);
    }
    for (const s of [
      'Monitoring dashboards for the payment service',
      'Release notes are published on Fridays.',
      'The vendor sends the invoice by e-mail.',
      'Customer data older than two years',
      'If the build fails, the pipeline stops.',
      '`deploy.sh` for the staging cluster',
    ]) {
      assert.ok(!isInstruction(s), s);
    }
  });

  it('takes a list as steps only when most of its first items are instructions', () => {
    assert.ok(isInstructionList(['Export the ledger.', 'Compare the totals with the bank statement.', 'Post the variance in #finance.']));
    assert.ok(isInstructionList(['Open the ticket.', 'The template fills in the customer name.', 'Attach the screenshot.']));
    assert.ok(!isInstructionList(['Export the ledger.']), 'one item is not a list of steps');
    assert.ok(!isInstructionList(['Staging: https://staging.example.com', 'Production: https://app.example.com', 'Check the dashboard.']));
  });

  const sop = (body: string) =>
    parseSop(`# Month-end close

## Purpose

Closing the books on time keeps the board report honest.

${body}`);

  it('counts a section headed by the work as the steps when its numbered list is instructions', () => {
    const doc = sop(`## Reconcile the accounts

1. Export the ledger from the accounting system.
2. Compare each account with the bank statement.
3. Record every difference in the close log.

## Contacts

Ask the controller, Dana Reyes, when a difference is above 500 EUR.
`);
    const steps = doc.sectionsOf('steps');
    assert.deepEqual(
      steps.map((s) => s.heading.text),
      ['Reconcile the accounts'],
    );
    assert.deepEqual(
      doc.steps.map((s) => s.number),
      [1, 2, 3],
    );
    assert.deepEqual(
      doc.sectionsOf('escalation').map((s) => s.heading.text),
      ['Contacts'],
      'a heading keeps its own meaning',
    );
  });

  it('counts a checklist of instructions under a heading of its own', () => {
    const doc = sop(`## Before the board meeting

- [ ] Send the draft report to the CFO.
- [ ] Book the meeting room.
- [x] Print three copies of the balance sheet.
`);
    assert.deepEqual(
      doc.sectionsOf('steps').map((s) => s.heading.text),
      ['Before the board meeting'],
    );
    assert.equal(doc.steps.length, 3);
  });

  it('never makes a second steps section, and never takes a list of facts', () => {
    const doc = sop(`## Steps

1. Export the ledger.
2. Close the period.

## Reconcile the accounts

1. Compare each account with the bank statement.
2. Record every difference in the close log.

## Systems

- Ledger: the accounting system
- Bank statements: the treasury portal
`);
    assert.deepEqual(
      doc.sectionsOf('steps').map((s) => s.heading.text),
      ['Steps'],
    );
    assert.deepEqual(
      doc.steps.map((s) => s.text),
      ['Export the ledger.', 'Close the period.'],
    );
    const facts = sop(`## Systems

- Ledger: the accounting system
- Bank statements: the treasury portal
`);
    assert.deepEqual(facts.sectionsOf('steps'), []);
  });

  it('reads only the section’s own list, not the lists of its sub-sections', () => {
    const doc = sop(`## Reconciliation

Each account is reconciled by the accountant who owns it.

### Reconcile the bank accounts

1. Download the bank statement.
2. Match each payment with its invoice.
`);
    assert.deepEqual(
      doc.sectionsOf('steps').map((s) => s.heading.text),
      ['Reconcile the bank accounts'],
    );
  });

  it('reads a heading as an instruction only when its first word is a verb in use, not a noun that could be one', () => {
    for (const h of [
      'Tag the release commit',
      'Set Up the Build Machine',
      'Deploy to staging (Tuesday)',
      'Notify customers',
      'Add/remove from the pager rota',
    ]) {
      assert.ok(isInstructionHeading(h), h);
    }
    for (const h of ['Team events and off-sites', 'Release notes', 'Change requests', 'Travel', 'Payroll day (Friday)', 'Access requests']) {
      assert.ok(!isInstructionHeading(h), h);
    }
  });

  it('counts sibling headings that are instructions as the steps, from the first of them', () => {
    const doc = sop(`## Freeze the ledger (first working day)

Nobody posts to last month once the freeze starts.

## Export the bank statements (second working day)

The treasury portal keeps 90 days of statements.

## Board pack

The board pack goes out on the fifth working day.
`);
    assert.deepEqual(
      doc.sectionsOf('steps').map((s) => s.heading.text),
      ['Freeze the ledger (first working day)'],
    );
    const one = sop(`## Freeze the ledger

Nobody posts to last month once the freeze starts.

## Board pack

The board pack goes out on the fifth working day.
`);
    assert.deepEqual(one.sectionsOf('steps'), [], 'one instruction heading alone is not a run of steps');
  });

  it('leaves instructions under a heading that names another part with that part', () => {
    const doc = sop(`## Before you start

### Set up the VPN profile

1. Install the client.
2. Import the profile from the IT portal.

### Request access to the ledger

Ask IT for read access.

## Month-end checklist

- [ ] Export the ledger.
- [ ] Compare the totals.
`);
    assert.deepEqual(
      doc.sectionsOf('steps').map((s) => s.heading.text),
      ['Month-end checklist'],
    );
  });

  it('makes a closing checklist the quality checks when the headings or the body gave the steps above it', () => {
    const doc = sop(`## Reconcile the accounts

1. Export the ledger from the accounting system.
2. Compare each account with the bank statement.

## Checklist

- [ ] Every difference has a note.
- [ ] The controller has the close log.
`);
    assert.deepEqual(
      doc.sectionsOf('steps').map((s) => s.heading.text),
      ['Reconcile the accounts'],
    );
    assert.deepEqual(
      doc.sectionsOf('quality').map((s) => s.heading.text),
      ['Checklist'],
    );
  });

  it('reads 100k-character hostile items in bounded time', () => {
    const started = performance.now();
    for (const item of [
      '('.repeat(100_000),
      ' '.repeat(50_000) + '[ ]' + ' '.repeat(50_000) + 'x',
      '*'.repeat(100_000) + 'Run',
      'Check ' + 'a'.repeat(100_000),
    ])
      isInstruction(item);
    assert.ok(performance.now() - started < 2000, 'read in under 2 s');
  });

  it('stays fast on a long document of lists that are not instructions', () => {
    const sections = Array.from(
      { length: 300 },
      (_, i) => `## Region ${i}\n\n${Array.from({ length: 30 }, (_, j) => `- Office ${j}: open weekdays`).join('\n')}\n`,
    );
    const started = performance.now();
    const doc = sop(sections.join('\n'));
    assert.ok(performance.now() - started < 2000, 'parsed in under 2 s');
    assert.deepEqual(doc.sectionsOf('steps'), []);
  });
});
