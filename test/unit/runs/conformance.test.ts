import { strict as assert } from 'node:assert';
import { conformRun } from '../../../src/core/runs/conformance';
import { CSV_COLUMNS, eventsCsv, renderConformance } from '../../../src/core/runs/render';
import { conformSop } from '../../../src/core/runs/summary';
import { parseRunLog } from '../../../src/core/runs/runLog';
import { BOT, perfectRun, REFUND_SOP, refundVersion, RunBuilder } from './refundSop';

const version = refundVersion();
const conform = (run: RunBuilder) => conformRun('sops/runs/customer-refunds/run-1.jsonl', run.log(), version);
const outcomes = (run: RunBuilder) => conform(run).steps.map((s) => s.outcome);

describe('conformance of one run', () => {
  it('a perfect run is followed: every step done in order, durations from the step before', () => {
    const c = conform(perfectRun(version));
    assert.equal(c.followed, true);
    assert.deepEqual(outcomes(perfectRun(version)), Array(7).fill('done'));
    assert.deepEqual(c.reordered, []);
    assert.deepEqual(c.violations, []);
    assert.equal(c.sameVersion, true);
    // Step 5 was done a minute after Priya's approval; step 1 a minute after the start.
    assert.deepEqual(
      c.steps.map((s) => s.durationMs! / 60000),
      [1, 1, 1, 1, 1, 1, 1],
    );
  });

  it('a skipped step is reported with its reason, and the run is not followed', () => {
    const c = conform(new RunBuilder(version).done(1, 2, 3).skip(4).approve(5).done(5, 6, 7).finish());
    assert.equal(c.followed, false);
    assert.equal(c.steps[3].outcome, 'skipped');
    assert.equal(c.steps[3].detail, 'the customer is a regular, no note needed');
    assert.deepEqual(c.violations, []);
  });

  it('a step left out of a finished run is "not recorded"; in a run still going it is "not reached"', () => {
    assert.deepEqual(outcomes(new RunBuilder(version).done(1, 2, 3, 4).approve(5).done(5, 6).finish()).slice(5), ['done', 'not-recorded']);
    const going = conform(new RunBuilder(version).done(1, 2));
    assert.deepEqual(
      going.steps.map((s) => s.outcome),
      ['done', 'done', 'not-reached', 'not-reached', 'not-reached', 'not-reached', 'not-reached'],
    );
    assert.equal(going.followed, true, 'followed so far');
    assert.equal(conform(new RunBuilder(version).done(1, 2).finish('stopped')).followed, false);
  });

  it('reordered steps are the ones outside the longest stretch done in order', () => {
    const early = conform(new RunBuilder(version).done(1, 4, 2, 3).approve(5).done(5, 6, 7).finish());
    assert.deepEqual(
      early.reordered.map((s) => s.number),
      [4],
    );
    const late = conform(new RunBuilder(version).done(1, 3, 4, 2).approve(5).done(5, 6, 7).finish());
    assert.deepEqual(
      late.reordered.map((s) => s.number),
      [2],
    );
    assert.deepEqual(late.violations, []);
    assert.equal(late.followed, false);
  });

  it('a step done before the gate was approved is a hard failure naming the step, the line and the approver', () => {
    const c = conform(new RunBuilder(version).done(1, 2, 3, 4, 5, 6).approve(5).done(7).finish());
    assert.deepEqual(
      c.violations.map((v) => v.message),
      ['step 6 was recorded done (line 7) before step 5\'s approval gate ("for approval") was approved by Priya Nair (Finance manager)'],
    );
    assert.equal(c.followed, false);
  });

  it('an approval recorded by an agent does not count: every step after the gate is a hard failure', () => {
    const c = conform(new RunBuilder(version).done(1, 2, 3, 4).approve(5, BOT).done(5, 6, 7).finish());
    assert.deepEqual(
      c.violations.map((v) => v.step.number),
      [6, 7],
    );
    assert.match(c.problems[0].message, /refused: only a person can approve a gate/);
  });

  it('a gate skipped as not applying (a refund under 200 EUR) blocks nothing', () => {
    const c = conform(new RunBuilder(version).done(1, 2, 3, 4).skip(5, 'refund is 40 EUR, under the 200 EUR limit').done(6, 7).finish());
    assert.deepEqual(c.violations, []);
  });

  it('a step done differently keeps what and why; a step the SOP does not have is extra', () => {
    const run = new RunBuilder(version)
      .done(1, 2)
      .different(3, 'took the fee from the carrier portal', 'the order had no label price')
      .done(4)
      .approve(5)
      .done(5, 6, 7);
    run.events.push({
      type: 'step-done',
      at: '2026-11-10T09:30:00Z',
      actor: BOT,
      step: { id: 's-0000000000', text: 'Post the refund in the #refunds Slack channel.' },
    });
    const c = conform(run.finish());
    assert.equal(c.steps[2].detail, 'took the fee from the carrier portal — the order had no label price');
    assert.deepEqual(
      c.extra.map((e) => [e.step.text, e.line]),
      [['Post the refund in the #refunds Slack channel.', 11]],
    );
  });

  it('a run of the earlier wording keeps its history on the reworded step', () => {
    const older = refundVersion(REFUND_SOP.replace('4. Add a note to the customer', '4. Add a short note to the customer'));
    const run = new RunBuilder(older, 'run-old').done(1, 2, 3).skip(4).approve(5).done(5, 6, 7).finish();
    const c = conformRun('old.jsonl', run.log(), version);
    assert.equal(c.sameVersion, false);
    assert.equal(c.steps[3].outcome, 'skipped');
    assert.deepEqual(c.extra, []);
  });
});

describe('conformance across runs', () => {
  const logs = (runs: RunBuilder[]) => runs.map((r, i) => ({ path: `sops/runs/customer-refunds/run-${i + 1}.jsonl`, log: r.log() }));

  it('an SOP never run is "not yet tried"', () => {
    const c = conformSop(version, []);
    assert.equal(c.verdict, 'not yet tried');
    assert.equal(
      renderConformance('sops/customer-refunds.sop.md', c),
      'sops/customer-refunds.sop.md: not yet tried — no run is recorded. Start one with: sop run start --sop sops/customer-refunds.sop.md\n',
    );
  });

  it('step 4 skipped in 3 of 5 runs since approval is a persistent deviation; a run of an earlier text is counted apart', () => {
    const older = refundVersion(REFUND_SOP.replace('## Purpose', '## Why'));
    const runs = [
      perfectRun(version, 'r1'),
      new RunBuilder(version, 'r2').done(1, 2, 3).skip(4).approve(5).done(5, 6, 7).finish(),
      new RunBuilder(version, 'r3').done(1, 2, 3).skip(4).approve(5).done(5, 6, 7).finish(),
      perfectRun(version, 'r4'),
      new RunBuilder(version, 'r5').done(1, 2, 3).approve(5).done(5, 6, 7).finish(),
      new RunBuilder(older, 'r6', older.bodySha256).done(1, 2, 3).skip(4).approve(5).done(5, 6, 7).finish(),
    ];
    const c = conformSop(version, logs(runs));
    assert.equal(c.verdict, 'deviations');
    assert.equal(c.sameVersion, 5);
    assert.equal(c.otherVersions, 1);
    assert.deepEqual({ runs: c.steps[3].runs, done: c.steps[3].done, skipped: c.steps[3].skipped }, { runs: 5, done: 2, skipped: 3 });
    assert.deepEqual(c.persistent, [
      `Step 4 ("Add a note to the customer's profile in Zendesk with the refund amount.") was skipped in 3 of 5 runs since approval: remove it, make it conditional, or explain why it matters.`,
    ]);
    assert.equal(c.steps[0].medianMs, 60_000);
    const text = renderConformance('sops/customer-refunds.sop.md', c);
    assert.match(text, /^sops\/customer-refunds\.sop\.md: deviations — 5 runs since its approval on 2026-11-02; 1 run of an earlier text, counted apart\.\n/);
    assert.match(text, /\n {2}r2 \(completed\): step 4 skipped \(the customer is a regular, no note needed\)\n/);
    assert.match(text, /\n {2}r5 \(completed\): step 4 not recorded\n/);
    assert.match(text, /\n {2}4\. 2\/0\/3\/0 of 5, 1 min — Add a note/);
  });

  it('one bypassed gate makes the verdict "hard failures"', () => {
    const c = conformSop(version, logs([perfectRun(version, 'r1'), new RunBuilder(version, 'r2').done(1, 2, 3, 4, 5, 6, 7).finish()]));
    assert.equal(c.verdict, 'hard failures');
    assert.match(renderConformance('x.sop.md', c), /r2 \(completed\): HARD FAILURE\n {4}hard failure: step 6 was recorded done/);
  });

  it('lists a followed run whose log has a bad line, with the line, and counts the followed runs', () => {
    const good = perfectRun(version, 'r1').text().split('\n');
    good.splice(3, 0, '{"type":"step-done",');
    const runs = [
      { path: 'sops/runs/customer-refunds/r1.jsonl', log: parseRunLog(good.join('\n')) },
      { path: 'sops/runs/customer-refunds/r2.jsonl', log: perfectRun(version, 'r2').log() },
    ];
    const text = renderConformance('sops/customer-refunds.sop.md', conformSop(version, runs));
    assert.match(text, /: followed — 2 runs since its approval on 2026-11-02\.\n/);
    assert.match(
      text,
      /\nRuns: 2 of 2 followed the SOP; the others, and logs with bad lines:\n {2}r1 \(completed\): followed, but its log has bad lines\n {4}sops\/runs\/customer-refunds\/r1\.jsonl: line 4: not valid JSON/,
    );
  });

  it('exports every event as CSV with case, activity, timestamp, actor and step id columns', () => {
    const run = new RunBuilder(version, 'r1').done(1).skip(4, 'no note, "regular" customer, see =HYPERLINK');
    const csv = eventsCsv([{ run: 'r1', events: run.events }]);
    const rows = csv.split('\r\n');
    assert.equal(rows[0], 'case_id,activity,timestamp,actor,actor_kind,step_id,event');
    assert.deepEqual(CSV_COLUMNS.length, rows[0].split(',').length);
    assert.equal(rows[1], 'r1,run-started,2026-11-10T09:00:00Z,Dana Reyes,person,,run-started');
    assert.equal(
      rows[2],
      `r1,Find the order in the Shopify admin and check the amount paid.,2026-11-10T09:01:00Z,Dana Reyes,person,${version.steps[0].id},step-done`,
    );
    assert.equal(
      rows[3],
      `r1,Add a note to the customer's profile in Zendesk with the refund amount. [step-skipped],2026-11-10T09:02:00Z,Dana Reyes,person,${version.steps[3].id},step-skipped`,
    );
    assert.equal(rows.length, 5);
  });

  it('keeps a spreadsheet from running an actor name as a formula', () => {
    const run = new RunBuilder(version, 'r1');
    run.events.push({ type: 'note', at: '2026-11-10T09:05:00Z', actor: { kind: 'automation', name: '=cmd|calc' }, text: 'x' });
    assert.match(eventsCsv([{ run: 'r1', events: run.events }]), /\r\nr1,note,2026-11-10T09:05:00Z,'=cmd\|calc,automation,,note\r\n$/);
  });
});
