import { strict as assert } from 'node:assert';
import { sameStep } from '../../../src/core/draft/offline/sameStep';

describe('offline drafter: is an old step still done?', () => {
  it('matches steps by what they do, with the verbs a procedure uses for the same act', () => {
    assert.deepEqual(sameStep('Get approval.', 'Send the aging report to Tobias for sign-off.'), {});
    assert.deepEqual(sameStep('Download the payroll export.', 'Fetch the payroll export from Gusto.'), {});
    assert.deepEqual(sameStep('Post the journal.', 'Post the journal in Xero.'), {});
    assert.deepEqual(sameStep('Verify the totals.', 'Check the totals against the bank portal.'), {});
  });

  it('does not take shared nouns for the same step', () => {
    assert.equal(sameStep('Match Stripe payouts in the spreadsheet.', 'Download the bank statement and Stripe payouts.'), undefined);
    assert.equal(sameStep('Post the journal.', 'Download the journal template.'), undefined);
    assert.equal(sameStep('Email the customer.', 'Check the customer record.'), undefined);
  });

  it('says when a script now does what was done by hand', () => {
    assert.deepEqual(sameStep('Match payouts by hand in the spreadsheet.', 'Run `python3 scripts/reconcile.py --month 2026-10`.', 'scripts/reconcile.py'), {
      byScript: 'scripts/reconcile.py',
    });
    assert.deepEqual(sameStep('Import the users manually.', 'Run `node scripts/import_users.js users.csv`.', 'scripts/import_users.js'), {
      byScript: 'scripts/import_users.js',
    });
  });
});
