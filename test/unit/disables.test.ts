import { strict as assert } from 'node:assert';
import { lintAt, of, only, textAt } from './helpers';

describe('inline disable comments', () => {
  const rule = only('placeholder-left', 'unnamed-approval-gate');
  const lines = (text: string, r = 'placeholder-left') => of(lintAt('sops/x.sop.md', text, rule), r).map((i) => textAt(text, i.range) + '@' + i.range.start.line);

  it('disables a rule between disable and enable', () => {
    const text = '# X\n\nA TBD.\n\n<!-- sop-lint-disable placeholder-left -->\n\nB TBD.\n\n<!-- sop-lint-enable placeholder-left -->\n\nC TBD.\n';
    assert.deepEqual(lines(text), ['TBD@2', 'TBD@10']);
  });

  it('disables every rule when no rule is named, and can re-enable one', () => {
    const text = '# X\n\n<!-- sop-lint-disable -->\n\nGet approval. TBD.\n\n<!-- sop-lint-enable placeholder-left -->\n\nGet approval. TBD.\n';
    assert.deepEqual(lines(text), ['TBD@8']);
    assert.deepEqual(lines(text, 'unnamed-approval-gate'), []);
  });

  it('disables the next line only', () => {
    const text = '# X\n\n<!-- sop-lint-disable-next-line placeholder-left -->\nA TBD.\nB TBD.\n';
    assert.deepEqual(lines(text), ['TBD@4']);
  });

  it('disables the line the comment is on, by id or alias', () => {
    const text = '# X\n\n- A TBD. <!-- sop-lint-disable-line SOP006 -->\n- B TBD.\n';
    assert.deepEqual(lines(text), ['TBD@3']);
  });

  it('offers a quick fix that disables the rule for the line and keeps list items intact', () => {
    const text = '# X\n\n1. Get approval before paying.\n2. Pay.\n';
    const result = lintAt('sops/x.sop.md', text, rule);
    const fix = of(result, 'unnamed-approval-gate')[0].fixes().find((f) => f.title === 'Disable unnamed-approval-gate for this line')!;
    assert.equal(fix.edits[0].newText, ' <!-- sop-lint-disable-line unnamed-approval-gate -->');
    assert.deepEqual(fix.edits[0].range.start, { line: 2, character: 30 });
  });

  it('ignores directives inside code', () => {
    const text = '# X\n\n```\n<!-- sop-lint-disable -->\n```\n\nA TBD.\n';
    assert.deepEqual(lines(text), ['TBD@6']);
  });
});
