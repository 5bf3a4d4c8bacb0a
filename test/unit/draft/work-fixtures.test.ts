import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PAGE_LIMIT, readExpected, scoreDraft, scoreFolder, workFolders, type FolderScore } from '../../../scripts/eval-drafts';
import { toPosix } from '../../../src/core/workspace/paths';
import { FIXTURES } from '../helpers';

const ROOT = toPosix(resolve(FIXTURES, 'work'));
const EXPECTED = resolve(FIXTURES, 'work-expected');
const KINDS = [
  'customer-inquiry',
  'quote-proposal',
  'lead-qualification',
  'customer-onboarding',
  'invoice-follow-up',
  'team-assignment',
  'support-refund',
  'data-job',
];

function filesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesOf(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('finished-work fixtures of eight kinds, drafted offline', function () {
  this.timeout(20_000);

  it('has one folder of each kind, each with its expected facts, under 30 KB', () => {
    const folders = workFolders(ROOT);
    for (const name of KINDS) assert.ok(folders.includes(name), `${name} is in test/fixtures/work`);
    for (const name of KINDS) {
      const e = readExpected(name, EXPECTED);
      assert.equal(e.folder, name);
      assert.equal(e.kind, name);
      const bytes = filesOf(join(ROOT, name)).reduce((n, f) => n + statSync(f).size, 0);
      assert.ok(bytes < 30_000, `${name} holds ${bytes} bytes`);
    }
  });

  it('expects only facts and secrets that the evidence holds, so a miss is the drafter’s', () => {
    const absent: string[] = [];
    for (const name of KINDS) {
      const e = readExpected(name, EXPECTED);
      const raw = filesOf(join(ROOT, name))
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
      // A draft reflows the evidence's lines, so a fact may span a line break of its file.
      const evidence = raw.replace(/\s+/g, ' ');
      for (const f of e.facts) {
        const held =
          f.text !== undefined
            ? evidence.includes(f.text) || (f.what === 'file' && existsSync(join(ROOT, name, f.text)))
            : new RegExp(f.pattern ?? '$^', 'i').test(evidence);
        if (!held) absent.push(`${name}: fact ${f.id}`);
      }
      assert.ok(e.secrets.length >= 2 && e.secrets.length <= 4, `${name}: 2 to 4 planted secrets`);
      for (const s of e.secrets) if (!raw.includes(s)) absent.push(`${name}: secret ${s}`);
    }
    assert.deepEqual(absent, []);
  });

  for (const name of KINDS) {
    describe(name, () => {
      let score: FolderScore;
      before(async () => {
        score = await scoreFolder(name, { root: ROOT, expectedDir: EXPECTED });
      });

      for (const secret of readExpected(name, EXPECTED).secrets) {
        it(`never sends or writes the planted secret ${secret.slice(0, 4)}…`, () => {
          assert.ok(score.prompt.length > 0 && score.body.length > 0);
          assert.equal(score.secrets.inPrompt.includes(secret), false, `${secret} reached the prompt`);
          assert.equal(score.secrets.inDraft.includes(secret), false, `${secret} reached the draft`);
        });
      }

      it('is scored with numbers in range', () => {
        const e = readExpected(name, EXPECTED);
        assert.equal(score.facts.total, e.facts.length);
        assert.ok(score.facts.found >= 0 && score.facts.found <= score.facts.total);
        assert.equal(score.facts.missing.length, score.facts.total - score.facts.found);
        assert.equal(score.gates.length, e.gates.length);
        for (const g of score.gates) assert.ok(g.named || !g.beforeStep, `${g.what}: placed before its step only when named`);
        assert.ok(['event', 'schedule', 'none'].includes(score.trigger.got));
        assert.ok(score.order.inOrder <= score.order.found && score.order.found <= score.order.total && score.order.total === e.order.length);
        assert.ok(score.lint.errors >= 0 && score.lint.warnings >= 0);
        assert.ok(score.length.lines > 0 && score.length.words >= score.length.lines);
        assert.ok(score.text.endsWith(score.body) && score.text.startsWith('---\n'));
      });

      it('meets the bar a newcomer needs: the facts, each gate with its approver before its step, the trigger, the order, a clean lint, two pages', () => {
        assert.ok(score.facts.found / score.facts.total >= 0.95, `facts ${score.facts.found}/${score.facts.total}; missing ${score.facts.missing.join(', ')}`);
        for (const g of score.gates)
          assert.deepEqual({ what: g.what, named: g.named, beforeStep: g.beforeStep }, { what: g.what, named: true, beforeStep: true });
        assert.ok(score.trigger.ok, `trigger: expected ${score.trigger.expected}, got ${score.trigger.got}; missing ${score.trigger.missingWords.join(', ')}`);
        assert.equal(
          score.order.inOrder,
          score.order.total,
          `steps in order ${score.order.inOrder}/${score.order.total}; missing ${score.order.missing.join(', ')}`,
        );
        assert.equal(score.lint.errors, 0, `lint errors: ${score.lint.rules.join(', ')}`);
        assert.equal(score.wrongApprover, false, `${score.approver} approved only one decision`);
        assert.ok(score.length.lines <= PAGE_LIMIT.lines && score.length.words <= PAGE_LIMIT.words, `${score.length.lines} lines, ${score.length.words} words`);
      });
    });
  }
});

/** How a careful person would write the refund procedure: the scorer must give it full marks, or its yardstick is wrong. */
const CAREFUL_REFUND = `---
title: Support refund
type: sop
status: draft
---

# Support refund

## Why this matters

A wrong refund costs money we do not get back; a late one costs the customer's trust.

## When to run it

When a customer asks for a refund or a return by e-mail (a Freshdesk ticket tagged "refund").

## Who owns it

**Question for the owner:** who owns this procedure?

## Inputs needed

- Access to Freshdesk and to Shopify; the policy page \`policy/refund-policy.md\`.

## Steps

1. Open the customer's request in Freshdesk and note the order number.
2. Look the order up in Shopify and count the days since delivery.
3. Within 14 days of delivery the customer gets a full refund; from day 15 to day 60 offer store credit (a Shopify gift card, valid for 12 months) instead.
4. If the refund is over 200 EUR, send the Support Lead (Helena Varga) the order number, amount, delivery date and condition, and wait until she approves it before the refund is issued.
5. Create the return label and issue the refund in Shopify (Orders > Refund), never by bank transfer.
6. Send the confirmation from the "Refund approved" macro and set the ticket to Pending.
7. When the customer confirms, set the ticket to Solved.

## Decision points

- Goodwill beyond the policy is the Support Lead's call.
`;

describe('the draft scorer', () => {
  const expected = readExpected('support-refund', EXPECTED);
  const body = CAREFUL_REFUND.slice(CAREFUL_REFUND.indexOf('# Support refund'));

  it('gives a careful draft every fact, its gate before the refund, the event trigger and the order', () => {
    const s = scoreDraft(expected, { text: CAREFUL_REFUND, body, prompt: [] });
    assert.deepEqual(s.facts.missing, []);
    assert.deepEqual(s.gates, [{ what: expected.gates[0].what, named: true, beforeStep: true }]);
    assert.deepEqual(s.trigger, { expected: 'event', got: 'event', missingWords: [], ok: true });
    assert.equal(s.order.inOrder, expected.order.length);
  });

  it('catches the approval placed after the refund and a trigger stated as a schedule', () => {
    const late = CAREFUL_REFUND.replace(/4\. If the refund is over 200 EUR[^\n]*\n/, '')
      .replace('6. Send the confirmation', '6. Refunds over 200 EUR: the Support Lead (Helena Varga) approves them.\n7. Send the confirmation')
      .replace('When a customer asks for a refund', 'Monthly, once the month has ended, when a customer asks for a refund');
    const s = scoreDraft(expected, { text: late, body: late, prompt: [{ role: 'user', content: 'pw: Parcel-Heron-19' }] });
    assert.deepEqual(s.gates, [{ what: expected.gates[0].what, named: true, beforeStep: false }]);
    assert.equal(s.trigger.got, 'schedule');
    assert.equal(s.trigger.ok, false);
    assert.deepEqual(s.secrets.inPrompt, ['Parcel-Heron-19']);
  });

  it('scores a hostile 100,000-character draft in under 2 seconds', () => {
    const hostile =
      '---\ntitle: x\n---\n\n## Steps\n\n1. ' +
      '(evidence: '.repeat(5_000) +
      'approve '.repeat(5_000) +
      'a'.repeat(5_000) +
      '\n## When to run it\n\n' +
      '**Question for the owner:'.repeat(1_000);
    const started = Date.now();
    const s = scoreDraft(expected, { text: hostile.padEnd(100_000, ' x'), body: hostile, prompt: [] });
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
    assert.equal(s.facts.found, 0);
  });
});
