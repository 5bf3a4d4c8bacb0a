import { strict as assert } from 'node:assert';
import { applyFix, lintAt, of, only } from '../helpers';

describe('rule incomplete-escalation', () => {
  const rule = only('incomplete-escalation');
  const check = (body: string) => of(lintAt('sops/x.sop.md', `# X\n\n## Escalation\n\n${body}\n\n## Output\n\nDone.\n`, rule), 'incomplete-escalation');

  it('is quiet when who, what evidence and when to stop are all there', () => {
    assert.deepEqual(of(lintAt('sops/monthly-sales-report.sop.md', undefined, rule), 'incomplete-escalation'), []);
    assert.deepEqual(of(lintAt('sops/vendor-onboarding.md', undefined, rule), 'incomplete-escalation'), []);
  });

  it('names what is missing', () => {
    assert.match(check('Escalate to Priya Nair.')[0].message, /^Escalation does not say what evidence to include, when to stop rather than guess\./);
    assert.match(check('Send the export and a screenshot. Stop if the totals differ.')[0].message, /^Escalation does not say who to contact\./);
    assert.match(check('Contact the Finance manager. Stop and do not guess.')[0].message, /^Escalation does not say what evidence to include\./);
    assert.match(check('Contact the Finance manager and include the export.')[0].message, /^Escalation does not say when to stop rather than guess\./);
  });

  it('reads stop and ticket in the sense of the escalation, not any use of the word', () => {
    // "stop this attack for good" is no instruction to stop; "create tickets" sends no evidence.
    assert.match(
      check('Page the comms lead on call. Create tickets for follow-up, since a slow reply could make it harder to stop this attack for good.')[0].message,
      /^Escalation does not say what evidence to include, when to stop rather than guess\./,
    );
    assert.deepEqual(check('Page the comms lead on call with the ticket number. Stop the rollout until they answer.'), []);
    assert.deepEqual(check('Page the comms lead on call and paste the error text.\n\n- Stop and wait for their call.'), []);
  });

  it('adds only the missing lines at the end of the section', () => {
    const text = '---\napprover: Priya Nair\n---\n# X\n\n## Escalation\n\nEscalate to Priya Nair.\n\n## Output\n\nDone.\n';
    const fixed = applyFix(text, lintAt('sops/x.sop.md', text, rule), 'incomplete-escalation', 'Add the missing escalation rules');
    assert.ok(
      fixed.includes(
        'Escalate to Priya Nair.\n\n- **Include:** <what evidence to send: files, screenshots, totals, error text>\n- **Stop if:** <the condition where you stop rather than guess>\n\n## Output',
      ),
      fixed,
    );
  });
});
