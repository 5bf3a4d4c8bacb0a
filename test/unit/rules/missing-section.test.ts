import { strict as assert } from 'node:assert';
import { applyFix, fixtureText, lintAt, of, only } from '../helpers';

describe('rule missing-section', () => {
  it('is quiet on a complete SOP', () => {
    assert.deepEqual(of(lintAt('sops/monthly-sales-report.sop.md'), 'missing-section'), []);
  });

  it('names each missing part and the headings that would satisfy it', () => {
    const found = of(lintAt('sops/customer-refunds.sop.md'), 'missing-section');
    assert.equal(found.length, 3);
    assert.match(
      found[0].message,
      /^Missing part: "Inputs needed" \(the files, access and tools needed before starting\)\. Add a section with one of these headings: Inputs, Inputs needed, Prerequisites/,
    );
    assert.match(found[1].message, /"Decision points"/);
    assert.match(found[2].message, /"Common failures".*Troubleshooting/);
    assert.deepEqual(found[0].range, { start: { line: 7, character: 0 }, end: { line: 7, character: 18 } }, 'on the title');
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
    const text = fixtureText('sops/customer-refunds.sop.md').replace('## Roles', '## Who does what');
    assert.ok(of(lintAt('sops/customer-refunds.sop.md', text), 'missing-section').some((i) => /"Who owns it"/.test(i.message)));
    const layer = { headings: { owner: ['Who does what'] } };
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
    assert.equal(again.length, 2);
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
