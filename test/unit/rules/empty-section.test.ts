import { strict as assert } from 'node:assert';
import { applyFix, lintAt, of, only, textAt } from '../helpers';

describe('rule empty-section', () => {
  const rule = only('empty-section');

  it('reports a heading with nothing under it', () => {
    const text = '# Payroll\n\n## Inputs needed\n\n## Steps\n\n1. Export the hours.\n';
    const [issue, ...rest] = of(lintAt('sops/x.sop.md', text, rule), 'empty-section');
    assert.equal(rest.length, 0);
    assert.equal(textAt(text, issue.range), '## Inputs needed');
    assert.equal(issue.message, 'Section "Inputs needed" is empty. Say the files, access and tools needed before starting.');
  });

  it('reports a section that holds only placeholder text', () => {
    const [issue] = of(lintAt('sops/customer-refunds.sop.md', undefined, rule), 'empty-section');
    assert.match(issue.message, /^Section "Quality checks" holds only placeholder text/);
  });

  it('reports sections left as template text in every placeholder style, and not a section with real words', () => {
    const fields = [
      'TBD',
      '{{ESCALATION_CONTACT}}',
      '<enter the on-call number>',
      '[insert the vendor list]',
      '&lt;fill in&gt;',
      '???',
      'DD/MM/YYYY',
      '- TODO',
    ];
    for (const field of fields) {
      const text = `# Payroll\n\n## Steps\n\n1. Export the hours.\n\n## Quality checks\n\n${field}\n`;
      const issues = of(lintAt('sops/x.sop.md', text, rule), 'empty-section');
      assert.equal(issues.length, 1, field);
      assert.match(issues[0].message, /holds only placeholder text/, field);
    }
    const real = '# Payroll\n\n## Steps\n\n1. Export the hours.\n\n## Quality checks\n\nCompare the total with last month: TBD by the controller.\n';
    assert.deepEqual(of(lintAt('sops/x.sop.md', real, rule), 'empty-section'), []);
  });

  it('does not report a parent whose sub-sections have content', () => {
    const text = '# X\n\n## Steps\n\n### Step 1\n\nDo the thing.\n\n### Step 2\n\nDo the next thing.\n';
    assert.deepEqual(of(lintAt('sops/x.sop.md', text, rule), 'empty-section'), []);
  });

  it('reports the empty sub-section, not its parent', () => {
    const text = '# X\n\n## Steps\n\n### Step 1\n\n### Step 2\n\nDo it.\n';
    const found = of(lintAt('sops/x.sop.md', text, rule), 'empty-section');
    assert.deepEqual(
      found.map((i) => textAt(text, i.range)),
      ['### Step 1'],
    );
  });

  it('counts images, tables and code as content, and comments as nothing', () => {
    const text = '# X\n\n## Output\n\n![the report](report.png)\n\n## Checks\n\n<!-- fill later -->\n\n## Steps\n\n```sh\nmake report\n```\n';
    const found = of(lintAt('sops/x.sop.md', text, rule), 'empty-section');
    assert.deepEqual(
      found.map((i) => textAt(text, i.range)),
      ['## Checks'],
    );
  });

  it('treats a section of only a horizontal rule or link definitions as empty', () => {
    const text = '# X\n\n## Checks\n\n---\n\n## Output\n\n[ref]: https://example.com\n\n## Steps\n\n1. Go.\n';
    assert.deepEqual(
      of(lintAt('sops/x.sop.md', text, rule), 'empty-section').map((i) => textAt(text, i.range)),
      ['## Checks', '## Output'],
    );
  });

  it('offers a prompt for what the section should say', () => {
    const text = '# Payroll\n\n## Inputs needed\n\n## Steps\n\n1. Export the hours.\n';
    const fixed = applyFix(text, lintAt('sops/x.sop.md', text, rule), 'empty-section', 'Add a prompt');
    assert.equal(fixed, '# Payroll\n\n## Inputs needed\n\n<the files, access and tools needed before starting>\n\n## Steps\n\n1. Export the hours.\n');
  });
});
