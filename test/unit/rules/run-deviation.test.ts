import { strict as assert } from 'node:assert';
import { lintSop, type LintResult } from '../../../src/core/lint/lint';
import type { RunFacts } from '../../../src/core/lint/runFacts';
import { safeMarkdownText } from '../../../src/core/lint/recordedText';
import { runFactsOf, runFactsVersion } from '../../../src/core/runs/runFacts';
import { conformSop } from '../../../src/core/runs/summary';
import type { RunLog } from '../../../src/core/runs/runLog';
import { parseSop } from '../../../src/core/sop/model';
import { applyEdits } from '../../../src/core/text/applyEdits';
import { config, of, only } from '../helpers';
import { DANA, RunBuilder } from '../runs/refundSop';
import { APPROVED_REFUND, asWritten, FIVE_RUNS, skippingNote, type Run } from '../runs/refundRuns';

const APPROVED = APPROVED_REFUND;
const SOP_PATH = '/ws/sops/customer-refunds.sop.md';
const NOTE_STEP = "4. Add a note to the customer's profile in Zendesk with the refund amount.";

function factsFor(text: string, runs: Run[], logs = { unread: 0 }): RunFacts {
  const version = runFactsVersion(parseSop(text), text);
  const built: Array<{ path: string; log: RunLog }> = runs.map((run, i) => ({ path: `runs/r${i}.jsonl`, log: run(new RunBuilder(version, `run-${i}`)).log() }));
  return runFactsOf(conformSop(version, built), { read: built.length, unread: logs.unread });
}

function lint(text: string, runs: RunFacts | undefined, rules = only('run-deviation')): LintResult {
  return lintSop({ text, filePath: SOP_PATH, config: config(rules), runs });
}

function fix(text: string, runs: RunFacts, titleStart: string): string {
  const fixes = of(lint(text, runs), 'run-deviation').flatMap((i) => i.fixes());
  const chosen = fixes.find((f) => f.title.startsWith(titleStart));
  assert.ok(chosen, `no fix "${titleStart}" among: ${fixes.map((f) => f.title).join(' | ')}`);
  return applyEdits(text, chosen.edits);
}

describe('rule run-deviation', () => {
  const facts = factsFor(APPROVED, FIVE_RUNS);

  it('reports a step skipped in 3 of 5 runs since approval on that step, quoting the latest reason', () => {
    const found = of(lint(APPROVED, facts), 'run-deviation');
    assert.deepEqual(
      found.map((f) => f.message),
      [
        'Step 4 was skipped in 3 of 5 runs since approval (latest reason: "refund under 20 EUR, nobody reads the note"): remove it, make it conditional, or explain why it matters.',
      ],
    );
    const line = APPROVED.split('\n')[found[0].range.start.line];
    assert.equal(line, NOTE_STEP);
    assert.deepEqual(found[0].range.end, { line: found[0].range.start.line, character: NOTE_STEP.length });
  });

  it('agrees with the conformance summary on which steps deviate persistently', () => {
    const version = runFactsVersion(parseSop(APPROVED), APPROVED);
    const logs = FIVE_RUNS.map((run, i) => ({ path: `r${i}`, log: run(new RunBuilder(version, `run-${i}`)).log() }));
    const summary = conformSop(version, logs);
    assert.equal(summary.persistent.length, 1);
    assert.match(summary.persistent[0], /^Step 4 .* was skipped in 3 of 5 runs since approval/);
    assert.deepEqual(
      facts.deviations.map((d) => [d.kind, d.count, d.runs]),
      [['skipped', 3, 5]],
    );
  });

  it('is silent without run facts, and for a step skipped in only one run of five', () => {
    assert.deepEqual(of(lint(APPROVED, undefined), 'run-deviation'), []);
    const once = factsFor(APPROVED, [asWritten, asWritten, skippingNote('Zendesk was down'), asWritten, asWritten]);
    assert.deepEqual(once.deviations, []);
    assert.deepEqual(of(lint(APPROVED, once), 'run-deviation'), []);
  });

  it('says so when only the newest run logs were read', () => {
    const capped = factsFor(APPROVED, FIVE_RUNS, { unread: 3 });
    assert.match(of(lint(APPROVED, capped), 'run-deviation')[0].message, / Counted from the newest 5 of 8 run logs; older ones were not read\.$/);
  });

  it('offers to remove the step, make it conditional or explain it, each sending the SOP back for approval', () => {
    const titles = of(lint(APPROVED, facts), 'run-deviation')[0]
      .fixes()
      .map((f) => f.title);
    assert.deepEqual(titles, [
      'Remove step 4, and send the SOP back for approval',
      'Make step 4 conditional ("Only when …:"), and send the SOP back for approval',
      'Explain why step 4 matters even when skipped, and send the SOP back for approval',
      'Disable run-deviation for this line',
    ]);
  });

  it('removes the step, renumbers the steps after it and marks the SOP draft', () => {
    const fixed = fix(APPROVED, facts, 'Remove step 4');
    assert.ok(!fixed.includes('Add a note'), fixed);
    assert.match(fixed, /^status: draft$/m);
    assert.match(fixed, /3\. Work out the refund: the amount paid minus the return shipping fee\.\n4\. Send refunds over 200 EUR/);
    assert.match(fixed, /\n5\. Issue the refund in the Shopify admin\.\n6\. Email the customer/);
    // The approval record stays as history; the step is gone, and with it the finding.
    assert.match(fixed, /body_sha256: [0-9a-f]{64}/);
    assert.deepEqual(of(lint(fixed, facts), 'run-deviation'), []);
  });

  it('makes the step conditional with a condition placeholder-left flags until it is written', () => {
    const fixed = fix(APPROVED, facts, 'Make step 4 conditional');
    assert.ok(fixed.includes("4. Only when <the condition that makes this step needed>: Add a note to the customer's profile"), fixed);
    assert.match(fixed, /^status: draft$/m);
    const result = lint(fixed, facts, only('run-deviation', 'placeholder-left'));
    assert.deepEqual(
      result.issues.map((i) => i.rule),
      ['placeholder-left'],
    );
    // As `sop lint` sees the saved file: the facts gathered against the new text join the reworded step, which is now conditional.
    assert.deepEqual(of(lint(fixed, factsFor(fixed, FIVE_RUNS)), 'run-deviation'), []);
  });

  it('explains the step with a sub-item under it, and the finding goes', () => {
    const fixed = fix(APPROVED, facts, 'Explain why step 4');
    assert.ok(fixed.includes(`${NOTE_STEP}\n   - **Why it matters even when skipped:** <why this step matters when people skip it>\n5. Send refunds`), fixed);
    assert.match(fixed, /^status: draft$/m);
    assert.deepEqual(of(lint(fixed, facts), 'run-deviation'), []);
    assert.equal(of(lint(fixed, facts, only('placeholder-left')), 'placeholder-left').length, 1);
  });

  it('does not mark an SOP that is already a draft again', () => {
    const draft = APPROVED.replace('status: approved', 'status: draft');
    const titles = of(lint(draft, facts), 'run-deviation')[0]
      .fixes()
      .map((f) => f.title);
    assert.equal(titles[0], 'Remove step 4');
  });

  describe('a step done differently', () => {
    const differently =
      (what: string, why: string): Run =>
      (b) =>
        b.done(1, 2).different(3, what, why).done(4).approve(5).done(5, 6, 7).finish();
    const runs = [
      differently('Refunded the amount paid in full, shipping included', 'returns were free in November'),
      asWritten,
      differently('Refunded the amount paid in full, shipping included', 'the shop pays return shipping now'),
    ];
    const different = factsFor(APPROVED, runs);

    it('quotes what was done and why', () => {
      assert.deepEqual(
        of(lint(APPROVED, different), 'run-deviation').map((f) => f.message),
        [
          'Step 3 was done differently in 2 of 3 runs since approval (latest: "Refunded the amount paid in full, shipping included", because "the shop pays return shipping now"): write down what people really do, or explain why it must be done as written.',
        ],
      );
    });

    it('writes what was done instead as the step, and the finding goes', () => {
      const fixed = fix(APPROVED, different, 'Write what was done instead: "Refunded the amount paid in full, shipping included"');
      assert.ok(fixed.includes('\n3. Refunded the amount paid in full, shipping included\n4. Add a note'), fixed);
      assert.match(fixed, /^status: draft$/m);
      assert.deepEqual(of(lint(fixed, factsFor(fixed, runs)), 'run-deviation'), []);
    });
  });

  it('asks what to do when a step fails, as a sub-item', () => {
    const failing: Run = (b) => {
      b.done(1, 2, 3, 4).approve(5).done(5);
      const { id, number, text } = runFactsVersion(parseSop(APPROVED), APPROVED).steps[5];
      b.events.push({ type: 'step-failed', at: '2026-11-10T10:00:00Z', actor: DANA, step: { id, number, text }, error: 'Shopify admin timed out' });
      return b.finish('failed');
    };
    const failed = factsFor(APPROVED, [failing, asWritten, failing]);
    const found = of(lint(APPROVED, failed), 'run-deviation');
    // The failed runs stopped there, so step 7 was never recorded in them: that is reported too.
    assert.deepEqual(
      found.map((f) => f.message.slice(0, 60)),
      ['Step 6 failed in 2 of 3 runs since approval (latest error: "', 'Step 7 was skipped in 2 of 3 runs since approval: remove it,'],
    );
    assert.equal(
      found[0].message,
      'Step 6 failed in 2 of 3 runs since approval (latest error: "Shopify admin timed out"): fix what it depends on, or say what to do when it fails.',
    );
    const fixed = fix(APPROVED, failed, 'Say what to do when step 6 fails');
    assert.ok(
      fixed.includes('6. Issue the refund in the Shopify admin.\n   - **If this step fails:** <what to do when this step fails, and who to tell>\n7.'),
      fixed,
    );
    assert.deepEqual(
      of(lint(fixed, failed), 'run-deviation').map((f) => f.message.slice(0, 6)),
      ['Step 7'],
    );
  });

  describe('recorded text is untrusted', () => {
    const hostile = '\n# Approved by the CEO\n<script>alert(1)</script> [click](javascript:alert(1)) | a | b |\u202e' + 'x'.repeat(100_000);

    it('quotes a hostile reason on one short line in the message', () => {
      const started = Date.now();
      const found = of(lint(APPROVED, factsFor(APPROVED, [skippingNote(hostile), skippingNote(hostile)])), 'run-deviation');
      assert.ok(Date.now() - started < 2000);
      assert.equal(found.length, 1);
      assert.ok(!found[0].message.includes('\n') && !found[0].message.includes('\u202e'));
      assert.ok(found[0].message.length < 400, `${found[0].message.length} characters`);
    });

    it('writes a hostile "what" into the SOP as escaped words of the step: no heading, HTML, link or table', () => {
      const what = hostile.replace(/x{100000}$/, '');
      const runs: Run[] = [0, 1].map(() => (b: RunBuilder) => b.done(1, 2).different(3, what, 'because').done(4).approve(5).done(5, 6, 7).finish());
      const fixed = fix(APPROVED, factsFor(APPROVED, runs), 'Write what was done instead');
      const before = parseSop(APPROVED);
      const after = parseSop(fixed);
      assert.equal(after.headings.length, before.headings.length);
      assert.equal(after.steps.length, before.steps.length);
      assert.equal(fixed.split('\n').length, APPROVED.split('\n').length);
      assert.ok(!fixed.includes('<script>') && !/[^\\]\]\(/.test(fixed), fixed);
      assert.match(after.steps[2].text, /^# Approved by the CEO <script>alert\(1\)<\/script> \[click\]\(javascript:alert\(1\)\) \| a \| b \|$/);
    });

    it('escapes what would open a block at the start of a step, and caps the length', () => {
      assert.equal(safeMarkdownText('- checked it by phone'), '\\- checked it by phone');
      assert.equal(safeMarkdownText('1. called the bank'), '1\\. called the bank');
      assert.equal(safeMarkdownText('> quoted'), '\\> quoted');
      const started = Date.now();
      const long = safeMarkdownText('<'.repeat(100_000));
      assert.ok(Date.now() - started < 2000);
      assert.ok(long.length <= 2 * 200 + 1, `${long.length}`);
    });

    it('reads a 100,000-character step quickly', () => {
      const step = '1. ' + ' >-* '.repeat(20_000) + '\n';
      const text = APPROVED.replace(NOTE_STEP, `${NOTE_STEP}\n   - ${' -'.repeat(50_000)}`) + step;
      const started = Date.now();
      lint(text, facts);
      assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
    });
  });

  describe('steps written as headings', () => {
    // The same refund, each step a heading with what to do under it, as many published procedures write them.
    const bodies: Record<string, string> = {
      '4': 'Open the ticket, then the customer profile.\n\n- Write the amount and the order number.',
      '6': 'Use the refund button on the order page.',
    };
    const HEADINGS = APPROVED.replace(/^(\d)\. (.*)$/gm, (_m, n: string, text: string) => `### Step ${n}: ${text}\n\n${bodies[n] ?? 'As the heading says.'}\n`);
    const headingFacts = factsFor(HEADINGS, FIVE_RUNS);

    it('reports the heading step, and offers the same fixes as for a list step', () => {
      const [found] = of(lint(HEADINGS, headingFacts), 'run-deviation');
      assert.match(found.message, /^Step 4 was skipped in 3 of 5 runs since approval/);
      assert.equal(HEADINGS.split('\n')[found.range.start.line], "### Step 4: Add a note to the customer's profile in Zendesk with the refund amount.");
      assert.deepEqual(
        found
          .fixes()
          .filter((f) => !f.title.startsWith('Disable'))
          .map((f) => f.title.replace(/, and send the SOP back for approval$/, '')),
        ['Remove step 4', 'Make step 4 conditional ("Only when …:")', 'Explain why step 4 matters even when skipped'],
      );
    });

    it('removes the heading with its body, and renumbers the headings after it', () => {
      const fixed = fix(HEADINGS, headingFacts, 'Remove step 4');
      assert.ok(!fixed.includes('Zendesk with the refund amount') && !fixed.includes('customer profile'), fixed);
      assert.match(fixed, /As the heading says\.\n\n### Step 4: Send refunds over 200 EUR/);
      assert.match(fixed, /### Step 5: Issue the refund in the Shopify admin\.\n\nUse the refund button/);
      assert.match(fixed, /### Step 6: Email the customer/);
      assert.match(fixed, /^status: draft$/m);
      assert.deepEqual(of(lint(fixed, headingFacts), 'run-deviation'), []);
    });

    it('makes the heading conditional after its number', () => {
      const fixed = fix(HEADINGS, headingFacts, 'Make step 4 conditional');
      assert.ok(fixed.includes("### Step 4: Only when <the condition that makes this step needed>: Add a note to the customer's profile"), fixed);
      assert.deepEqual(of(lint(fixed, factsFor(fixed, FIVE_RUNS)), 'run-deviation'), []);
    });

    it('adds the explanation at the end of the step body, before the next heading', () => {
      const fixed = fix(HEADINGS, headingFacts, 'Explain why step 4');
      assert.ok(
        fixed.includes(
          '- Write the amount and the order number.\n\n- **Why it matters even when skipped:** <why this step matters when people skip it>\n\n### Step 5:',
        ),
        fixed,
      );
      assert.deepEqual(of(lint(fixed, headingFacts), 'run-deviation'), []);
    });

    it('writes what was done instead as the heading words, keeping its number', () => {
      const runs: Run[] = [0, 1].map(
        () => (b: RunBuilder) => b.done(1, 2).different(3, 'Refunded the full amount', 'returns are free').done(4).approve(5).done(5, 6, 7).finish(),
      );
      const fixed = fix(HEADINGS, factsFor(HEADINGS, runs), 'Write what was done instead');
      assert.ok(fixed.includes('### Step 3: Refunded the full amount\n\nAs the heading says.'), fixed);
      assert.deepEqual(of(lint(fixed, factsFor(fixed, runs)), 'run-deviation'), []);
    });
  });
});
