import { strict as assert } from 'node:assert';
import { applyFix, fixtureText, lintAt, of, only } from '../helpers';

describe('rule missing-section', () => {
  it('is quiet on a complete SOP', () => {
    assert.deepEqual(of(lintAt('sops/monthly-sales-report.sop.md'), 'missing-section'), []);
  });

  it('counts parts named by bold labels, as word-processor SOPs write them, but not bold words in a sentence', () => {
    const text = [
      '# Vendor payments',
      '',
      '**1.0 Purpose:** Pay approved vendors on time and only once.',
      '',
      '**Owner**: Accounts payable lead',
      '',
      '**3.0 Procedure**',
      '',
      '1. Export the approved invoices.',
      '',
      'Send the file **to the bank portal** and keep the **confirmation**.',
      '',
      '```text',
      '**Escalation:** not a label inside code',
      '```',
      '',
    ].join('\n');
    const [finding] = of(lintAt('sops/x.sop.md', text, only('missing-section')), 'missing-section');
    assert.match(
      finding.message,
      /^Missing 7 parts: "When to run it", "Inputs needed", "Decision points", "Quality checks", "Common failures", "Escalation", "Expected output"/,
    );
  });

  it('counts parts a procedure states in its prose in words that leave no doubt, and a numbered list as its steps', () => {
    const text = [
      '# Rotating the database password',
      '',
      'The purpose of this procedure is to rotate the password before it expires.',
      'Use this runbook when the expiry alert fires. The on-call engineer is responsible for it.',
      'You will need access to the vault and the deploy pipeline.',
      '',
      '1. Create the new password in the vault.',
      '2. Deploy the services that read it.',
      '3. Revoke the old password.',
      '',
      'If you get stuck, escalate to the database team with the pipeline log.',
      '',
    ].join('\n');
    const [finding] = of(lintAt('sops/x.sop.md', text, only('missing-section')), 'missing-section');
    assert.match(finding.message, /^Missing 4 parts: "Decision points", "Quality checks", "Common failures", "Expected output"/);
    // Words in passing are not the part: "check the vault" is no quality check, "responsible" alone names nobody.
    const passing = '# X\n\nCheck the vault. Nobody feels responsible.\n';
    assert.match(of(lintAt('sops/x.sop.md', passing, only('missing-section')), 'missing-section')[0].message, /^Missing 10 parts/);
  });

  it('reports one finding per document that names every missing part', () => {
    const found = of(lintAt('sops/customer-refunds.sop.md'), 'missing-section');
    assert.equal(found.length, 1);
    assert.match(
      found[0].message,
      /^Missing 3 parts: "Inputs needed", "Decision points", "Common failures"\. Add a section for each under a heading that names it, or insert them all in their places with the quick fix\.$/,
    );
    assert.deepEqual(found[0].range, { start: { line: 7, character: 0 }, end: { line: 7, character: 18 } }, 'on the title');
  });

  it('offers one fix that inserts them all, first, and one fix per missing part', () => {
    const [finding] = of(lintAt('sops/customer-refunds.sop.md'), 'missing-section');
    const fixes = finding.fixes();
    assert.deepEqual(
      fixes.map((f) => [f.title, f.preferred === true]),
      [
        ['Insert all 3 missing sections', true],
        ['Insert a "Inputs needed" section', false],
        ['Insert a "Decision points" section', false],
        ['Insert a "Common failures" section', false],
        ['Disable missing-section for this line', false],
      ],
    );
  });

  it('names the headings that would count when one part is missing', () => {
    const text = fixtureText('sops/monthly-sales-report.sop.md').replace(/## Inputs needed\n/, '## Notes\n');
    const found = of(lintAt('sops/monthly-sales-report.sop.md', text), 'missing-section');
    assert.equal(found.length, 1);
    assert.match(
      found[0].message,
      /^Missing part: "Inputs needed" \(the files, access and tools needed before starting\)\. Add a section with one of these headings: Inputs, Inputs needed, Prerequisites/,
    );
    assert.deepEqual(
      found[0].fixes().map((f) => [f.title, f.preferred === true]),
      [
        ['Insert a "Inputs needed" section', true],
        ['Disable missing-section for this line', false],
      ],
    );
  });

  it('counts headings that name a part in the words published procedures use', () => {
    const text = [
      '# Supplier payment run',
      '',
      '## Summary',
      '',
      'Suppliers are paid twice a week so that no discount is lost.',
      '',
      '## Payment schedule',
      '',
      'Tuesdays and Fridays before the 14:00 bank cut-off.',
      '',
      '## Clerk responsibilities',
      '',
      'The accounts payable clerk prepares the run.',
      '',
      '## Before you start',
      '',
      '- The approved-invoices export.',
      '',
      '## Process Steps',
      '',
      '1. Build the run from the export.',
      '2. Release it in the bank portal.',
      '',
      '## If an invoice has no purchase order',
      '',
      'Hold it and tell the buyer.',
      '',
      '## Checklist',
      '',
      '- [ ] The run total equals the export total.',
      '',
      '## Rollback',
      '',
      'Cancel the run in the portal before 14:00.',
      '',
      '## Contact',
      '',
      'The finance controller, on the #payments channel.',
      '',
      '## Outcome',
      '',
      'A released run and the bank confirmation.',
      '',
    ].join('\n');
    assert.deepEqual(of(lintAt('sops/x.sop.md', text), 'missing-section'), []);
    assert.equal(of(lintAt('sops/x.sop.md', text.replace('## Checklist', '## Escalation policy review')), 'missing-section').length, 1);
  });

  it('reports on the first line after the front matter when there is no heading, where a comment can disable it', () => {
    const text = '---\ntitle: X\n---\n\nJust text.\n';
    const found = of(lintAt('sops/x.sop.md', text), 'missing-section');
    assert.equal(found[0].range.start.line, 4);
    assert.ok(found[0].fixes().some((f) => f.title === 'Disable missing-section for this line'));
    const disabled = '---\ntitle: X\n---\n\n<!-- sop-lint-disable missing-section -->\n\nJust text.\n';
    assert.deepEqual(of(lintAt('sops/x.sop.md', disabled), 'missing-section'), []);
  });

  it('follows the required set from config', () => {
    const layer = { ...only('missing-section'), requiredSections: ['steps' as const, 'escalation' as const] };
    assert.deepEqual(of(lintAt('sops/customer-refunds.sop.md', undefined, layer), 'missing-section'), []);
    const docOnly = '# Only steps\n\n## Steps\n\n1. Do it.\n';
    assert.equal(of(lintAt('sops/x.sop.md', docOnly, layer), 'missing-section').length, 1);
  });

  it('counts extra headings from config', () => {
    const text = fixtureText('sops/customer-refunds.sop.md').replace('## Roles', '## Sign-off chain');
    assert.ok(of(lintAt('sops/customer-refunds.sop.md', text), 'missing-section').some((i) => /"Who owns it"/.test(i.message)));
    const layer = { headings: { owner: ['Sign-off chain'] } };
    assert.ok(!of(lintAt('sops/customer-refunds.sop.md', text, layer), 'missing-section').some((i) => /"Who owns it"/.test(i.message)));
  });

  it('inserts the skeleton at its place in the canonical order', () => {
    const text = fixtureText('sops/customer-refunds.sop.md');
    const result = lintAt('sops/customer-refunds.sop.md', text);
    const fixed = applyFix(text, result, 'missing-section', 'Insert a "Inputs needed" section');
    assert.ok(
      fixed.includes('- Approver: Priya Nair (Finance manager)\n\n## Inputs needed\n\n<the files, access and tools needed before starting>\n\n## Steps\n'),
      fixed,
    );
    const again = of(lintAt('sops/customer-refunds.sop.md', fixed), 'missing-section');
    assert.equal(again.length, 1);
    assert.match(again[0].message, /^Missing 2 parts: "Decision points", "Common failures"\./);
  });

  it('inserts every missing section at once, each in its place', () => {
    const text = fixtureText('sops/customer-refunds.sop.md');
    const fixed = applyFix(text, lintAt('sops/customer-refunds.sop.md', text), 'missing-section', 'Insert all 3 missing sections');
    const headings = fixed.split('\n').filter((l) => l.startsWith('## '));
    assert.deepEqual(headings, [
      '## Purpose',
      '## Trigger',
      '## Roles',
      '## Inputs needed',
      '## Steps',
      '## Decision points',
      '## Quality checks',
      '## Common failures',
      '## Escalation',
      '## Expected output',
    ]);
    assert.deepEqual(of(lintAt('sops/customer-refunds.sop.md', fixed), 'missing-section'), []);
  });

  it('inserts an escalation template when escalation is missing', () => {
    const text = fixtureText('sops/customer-refunds.sop.md').replace(/## Escalation\n\nEscalate to Priya Nair\.\n\n/, '');
    const result = lintAt('sops/customer-refunds.sop.md', text);
    const fixed = applyFix(text, result, 'missing-section', 'Insert a "Escalation" section');
    assert.ok(
      fixed.includes(
        '## Escalation\n\n- **Escalate to:** <who to contact, by role and name>\n- **Include:** <what evidence to send: files, screenshots, totals, error text>\n- **Stop if:** <the condition where you stop rather than guess>\n\n## Expected output',
      ),
      fixed,
    );
  });

  it('keeps CRLF line endings in what it inserts', () => {
    const text = fixtureText('sops/customer-refunds.sop.md').replace(/\n/g, '\r\n');
    const fixed = applyFix(text, lintAt('sops/customer-refunds.sop.md', text), 'missing-section', 'Insert all');
    assert.ok(!/[^\r]\n/.test(fixed), 'no bare LF');
  });
});
