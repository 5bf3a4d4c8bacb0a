import { strict as assert } from 'node:assert';
import { actionStemsIn, commandKey, commandKeysIn, wordsOf } from '../../../src/core/hooks/actionWords';
import { approverNameOf } from '../../../src/core/hooks/gates';

describe('what a step after a gate does, as the hook matches it', () => {
  it('reads the acting verbs of a step in any of their forms', () => {
    assert.deepEqual(actionStemsIn('Email the customer the refund confirmation.'), ['email', 'refund']);
    assert.deepEqual(actionStemsIn('Once paid, post the receipt and e-mail it; the transfer was sent.'), ['pay', 'post', 'email', 'transfer', 'send']);
    assert.deepEqual(actionStemsIn('Check the totals in the reconciliation report.'), []);
    assert.deepEqual(wordsOf('mcp__gmail__sendEmail'), ['mcp', 'gmail', 'send', 'email']);
  });

  it('keeps the words that name a command, not its arguments or placeholders', () => {
    assert.deepEqual(commandKey('stripe refunds create …'), ['stripe', 'refunds', 'create']);
    assert.deepEqual(commandKey('stripe refunds create --charge <charge-id>'), ['stripe', 'refunds', 'create']);
    assert.deepEqual(commandKey('bash scripts/post_journal.sh 2026-10'), ['post_journal.sh']);
    assert.deepEqual(commandKey('python3 -u scripts/reconcile.py --month 2026-10'), undefined, 'an option before the script: too unsure to hold');
    assert.deepEqual(commandKey('gh pr merge 1042 --squash'), ['gh', 'pr', 'merge']);
    assert.deepEqual(commandKey('./deploy.sh production'), ['deploy.sh', 'production']);
    assert.equal(commandKey('out/reconciliation-2026-10.csv'), undefined, 'a file name is not a command');
    assert.equal(commandKey('python3 -c "print(1)"'), undefined, 'an interpreter without a script is too generic');
    assert.equal(commandKey('npm'), undefined);
    assert.deepEqual(commandKeysIn('Run `stripe refunds create …` then `stripe refunds create --amount 100` and open `out/x.csv`.'), [
      ['stripe', 'refunds', 'create'],
    ]);
  });

  it('tells a named approver from a role', () => {
    assert.equal(approverNameOf('Priya Nair (Finance manager)'), 'Priya Nair');
    assert.equal(approverNameOf('the Finance manager'), undefined);
    assert.equal(approverNameOf('Finance'), undefined);
  });

  it('stays fast on 100,000-character adversarial text', () => {
    const started = Date.now();
    actionStemsIn('refunded-'.repeat(12_000));
    commandKeysIn('`stripe refunds create '.repeat(5_000));
    commandKeysIn('`'.repeat(100_000));
    approverNameOf(`A${' Bb'.repeat(33_000)}`);
    approverNameOf(`Priya${"'".repeat(100_000)}`);
    wordsOf('aA'.repeat(50_000));
    assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
  });
});
