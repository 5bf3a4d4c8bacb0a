import { strict as assert } from 'node:assert';
import { parseSop } from '../../src/core/sop/model';
import { roleIn } from '../../src/core/sop/stepKinds';
import { identifySteps } from '../../src/core/runs/stepIdentity';

/** Who must approve a gate, as runs, reviews and exports show it: the name the gate's own words give comes first. */
describe('who approves a gate', () => {
  const doc = parseSop('---\ntitle: Payouts\nowner: Dana Reyes (Support lead)\n---\n\n# Payouts\n');
  const who = (sentence: string) => roleIn(sentence, doc);

  it('takes the person or group the gate names, with the role written after a name', () => {
    assert.equal(who('Get approval from Lee Park (Release manager) before the tag is pushed.'), 'Lee Park (Release manager)');
    assert.equal(who('The release must be approved by the security team before publishing.'), 'the security team');
    assert.equal(who('Wait until @ops-lead signs off.'), '@ops-lead');
    assert.equal(who('Get sign-off from the CFO and the Head of Sales.'), 'the CFO and the Head of Sales');
  });

  it('prefers the people the SOP itself names, and falls back to a role word when the gate names nobody', () => {
    assert.equal(who('Ask Dana Reyes to approve the payout.'), 'Dana Reyes (Support lead)');
    assert.equal(who('Wait for her sign-off before paying.'), undefined);
    assert.equal(who('Send it for approval; the manager on duty decides.'), 'the manager');
  });

  it('gives a run the approver of a gate written in a step', () => {
    const steps = identifySteps(parseSop('# Release\n\n## Steps\n\n1. Build it.\n2. Get approval from Lee Park (Release manager) before the tag is pushed.\n'));
    assert.equal(steps[1].gate?.approver, 'Lee Park (Release manager)');
  });
});
