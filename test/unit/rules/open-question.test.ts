import { strict as assert } from 'node:assert';
import { applyFix, lintAt, of, only, textAt } from '../helpers';

describe('rule open-question: what a draft asked is settled before anyone follows it', () => {
  const rule = only('open-question');
  const DRAFT = [
    '# Invoice follow-up',
    '',
    "Drafted by SOP Builder's offline drafter from 5 evidence files, for a new finance assistant. Check every step against how the work is really done before approving it.",
    '',
    '## When to run it',
    '',
    'Every Monday, from the aging report.',
    '',
    '## Steps',
    '',
    '1. Export the aging report from Xero.',
    '2. Send the 14-day reminder. **Question for the owner:** is the reminder sent from the shared finance inbox?',
    '',
    '## Escalation',
    '',
    'question for the owner: who calls a customer whose invoice is 60 days late?',
    '',
  ].join('\n');

  it('reports the drafter’s note and every question for the owner, in a list item or a paragraph, any case', () => {
    const issues = of(lintAt('sops/x.sop.md', DRAFT, rule), 'open-question');
    assert.deepEqual(
      issues.map((i) => i.range.start.line),
      [2, 11, 15],
    );
    assert.match(issues[0].message, /^The drafter's note to check every step/);
    assert.match(issues[1].message, /^A question for the owner is still open: "Question for the owner: is the reminder sent from the shared finance inbox\?"/);
    assert.ok(textAt(DRAFT, issues[2].range).startsWith('question for the owner:'));
  });

  it('removes the drafter’s note with its quick fix, leaving no gap', () => {
    const fixed = applyFix(DRAFT, lintAt('sops/x.sop.md', DRAFT, rule), 'open-question', "Remove the drafter's note");
    assert.ok(fixed.startsWith('# Invoice follow-up\n\n## When to run it\n'), fixed.slice(0, 80));
    assert.equal(of(lintAt('sops/x.sop.md', fixed, rule), 'open-question').length, 2);
  });

  it('reports a draft that stopped early, and nothing in headings, code or an answered SOP', () => {
    const stopped = `${DRAFT}\n> **Draft incomplete:** the request timed out after 120 s. Everything above arrived before it stopped; run **Draft SOP** again or finish it by hand.\n`;
    const issues = of(lintAt('sops/x.sop.md', stopped, rule), 'open-question');
    assert.match(issues[issues.length - 1].message, /^The draft did not finish: "Draft incomplete: the request timed out/);
    const answered = [
      '# Invoice follow-up',
      '',
      '## Questions for the owner we settled',
      '',
      'The reminder goes out from the shared finance inbox. The template says `Question for the owner:` only as an example.',
      '',
    ].join('\n');
    assert.deepEqual(of(lintAt('sops/x.sop.md', answered, rule), 'open-question'), []);
  });
});
