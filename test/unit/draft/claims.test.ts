import { strict as assert } from 'node:assert';
import { processClaim } from '../../../src/core/draft/offline/claims';

describe('offline drafter: claims that would change the approval', () => {
  it('reads "optional until someone confirms" as a gate set, and an optional approval as a gate lifted', () => {
    assert.equal(processClaim('Single sign-on stays optional until the IT admin has confirmed a test login.'), undefined);
    assert.equal(processClaim('The new price list is optional until Finance has approved it.'), undefined);
    assert.equal(processClaim("Priya's sign-off is optional for payouts under 10,000."), 'lifts-gate');
    assert.equal(processClaim('Approval is optional until the end of the quarter, skip it until then.'), 'lifts-gate');
    assert.equal(processClaim('Review is optional; until Dana has confirmed otherwise, send it straight out.'), 'lifts-gate');
  });
});
