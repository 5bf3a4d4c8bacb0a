import { strict as assert } from 'node:assert';
import { lintSop } from '../../src/core/lint/lint';
import { applyLayer, defaultConfig } from '../../src/core/lint/config';
import { lintAt, of, only, textAt } from './helpers';

describe('inline disable comments', () => {
  const rule = only('placeholder-left', 'unnamed-approval-gate');
  const lines = (text: string, r = 'placeholder-left') =>
    of(lintAt('sops/x.sop.md', text, rule), r).map((i) => textAt(text, i.range) + '@' + i.range.start.line);

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
    const fix = of(result, 'unnamed-approval-gate')[0]
      .fixes()
      .find((f) => f.title === 'Disable unnamed-approval-gate for this line')!;
    assert.equal(fix.edits[0].newText, ' <!-- sop-lint-disable-line unnamed-approval-gate -->');
    assert.deepEqual(fix.edits[0].range.start, { line: 2, character: 30 });
  });

  it('ignores directives inside code', () => {
    const text = '# X\n\n```\n<!-- sop-lint-disable -->\n```\n\nA TBD.\n';
    assert.deepEqual(lines(text), ['TBD@6']);
  });

  describe('in the front matter, as a YAML comment', () => {
    const config = applyLayer(defaultConfig(), only('review-due', 'placeholder-left'));
    const now = new Date('2026-11-30T08:00:00Z');
    const sop = (...front: string[]) =>
      [
        '---',
        'title: Monthly sales report',
        'status: approved',
        'approved: 2025-01-15',
        ...front,
        '---',
        '',
        '# Monthly sales report',
        '',
        'Send it TBD.',
        '',
      ].join('\n');
    const found = (text: string) => lintSop({ text, filePath: '/ws/sops/monthly.sop.md', config, now }).issues.map((i) => `${i.rule}@${i.range.start.line}`);

    it('is reported without a directive', () => {
      assert.deepEqual(found(sop('review-every: 90d')), ['placeholder-left@9', 'review-due@4']);
    });

    it('disables the line the comment is on, by id or alias, in any case', () => {
      assert.deepEqual(found(sop('review-every: 90d # <!-- sop-lint-disable-line review-due -->')), ['placeholder-left@9']);
      assert.deepEqual(found(sop('review-every: 90d # checked quarterly <!-- sop-lint-disable-line Review-Overdue -->')), ['placeholder-left@9']);
    });

    it('disables the next line, and a directive with no ids covers every rule', () => {
      assert.deepEqual(found(sop('# <!-- sop-lint-disable-next-line review-due -->', 'review-every: 90d')), ['placeholder-left@10']);
      assert.deepEqual(found(sop('review-every: 90d # <!-- sop-lint-disable-line -->')), ['placeholder-left@9']);
    });

    it('leaves other rules, other lines and the body alone', () => {
      assert.deepEqual(found(sop('review-every: 90d # <!-- sop-lint-disable-line placeholder-left -->')), ['placeholder-left@9', 'review-due@4']);
      assert.deepEqual(found(sop('# <!-- sop-lint-disable-line review-due -->', 'review-every: 90d')), ['placeholder-left@10', 'review-due@5']);
      // Not a YAML comment (no #), and the block form is for the body only.
      assert.deepEqual(found(sop('review-every: 90d', 'note: "<!-- sop-lint-disable-line review-due -->"')), ['placeholder-left@10', 'review-due@4']);
      assert.deepEqual(found(sop('# <!-- sop-lint-disable -->', 'review-every: 90d')), ['placeholder-left@10', 'review-due@5']);
      assert.deepEqual(found(sop('review-every: 90d', '# <!-- sop-lint-disable-next-line -->')), ['placeholder-left@10', 'review-due@4']);
    });

    it('reads a 100,000-character comment line of unclosed directives quickly', () => {
      const junk = '# ' + '<!-- sop-lint-disable-line review-due #'.repeat(2_500);
      const started = Date.now();
      assert.deepEqual(found(sop('review-every: 90d ' + junk)), ['placeholder-left@9', 'review-due@4']);
      assert.deepEqual(found(sop('review-every: 90d ' + junk + ' -->')), ['placeholder-left@9']);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    });
  });
});
