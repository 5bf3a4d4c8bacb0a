import { strict as assert } from 'node:assert';
import { parseSop } from '../../../src/core/sop/model';
import { eventsFor } from '../../../src/core/runs/runActions';
import { codeIn, runViewOf, type RunView } from '../../../src/core/runs/runView';
import { fillParameters, parameterProblem, runParametersOf } from '../../../src/core/runs/runParameters';
import { conformSop } from '../../../src/core/runs/summary';
import { conformanceHtml } from '../../../src/core/runs/summaryHtml';
import type { RunEvent } from '../../../src/core/runs/events';
import { DANA, perfectRun, REFUND_SOP, refundVersion, RunBuilder } from './refundSop';

const MONTHLY = `---
title: Monthly sales report
type: sop
---

# Monthly sales report

## Steps

1. Save the Shopify export as \`exports/<YYYY-MM>/shopify-orders.csv\`.
2. Run \`python3 scripts/clean_sales.py --month <YYYY-MM>\`.
   - Orders tagged <kbd>test</kbd> are dropped.
3. Refund order <order-id> if the customer asked, then write <who> in the log.
4. Build the summary:

   \`\`\`bash
   bash scripts/build_report.sh <YYYY-MM>
   \`\`\`
`;

const version = refundVersion();
const doc = parseSop(REFUND_SOP);
const PATH = 'sops/runs/customer-refunds/run-1.jsonl';
const viewOf = (run: RunBuilder): RunView => runViewOf(doc, version, [], run.log(), PATH);
const stepId = (n: number) => version.steps[n - 1].id;

describe('run parameters', () => {
  const params = runParametersOf(parseSop(MONTHLY), new Date('2026-11-03T09:00:00Z'));

  it('asks once for the month a month-end SOP writes as <YYYY-MM>, offering the month just ended', () => {
    const month = params.find((p) => p.name === 'month');
    assert.ok(month);
    assert.deepEqual(month.placeholders, ['<YYYY-MM>']);
    assert.equal(month.suggested, '2026-10');
    assert.equal(parameterProblem(month, '2026-10'), undefined);
    assert.match(parameterProblem(month, 'October')!, /not the month this run is for \(YYYY-MM\)/);
    assert.match(parameterProblem(month, '')!, /^Type the month/);
  });

  it('asks for a named value (<order-id>) but not for HTML (<kbd>) or a note left to fill in (<who>)', () => {
    assert.deepEqual(
      params.map((p) => p.name),
      ['month', 'order-id'],
    );
    assert.equal(params[1].prompt, 'the order id for this run');
    assert.equal(params[1].pattern, undefined);
  });

  it('fills every placeholder of a value, in prose and in commands', () => {
    const filled = fillParameters('Run `clean_sales.py --month <YYYY-MM>` into exports/<YYYY-MM>/', params, { month: '2026-10' });
    assert.equal(filled, 'Run `clean_sales.py --month 2026-10` into exports/2026-10/');
    assert.equal(fillParameters('order <order-id>', params, {}), 'order <order-id>');
  });

  it('offers the previous ISO week for a weekly SOP, across a year boundary', () => {
    const weekly = runParametersOf(parseSop('# W\n\n## Steps\n\n1. Export week <YYYY-wWW> from the helpdesk.\n'), new Date('2026-01-05T09:00:00Z'));
    assert.equal(weekly[0].name, 'week');
    assert.equal(weekly[0].suggested, '2026-w01');
    assert.equal(parameterProblem(weekly[0], '2026-w54') !== undefined, true);
  });
});

describe('the code a step offers to copy', () => {
  it('finds code spans and fenced blocks, with the run values filled in', () => {
    const monthly = parseSop(MONTHLY);
    const params = runParametersOf(monthly);
    const run = new RunBuilder(refundVersion(MONTHLY));
    run.events[0] = { ...(run.events[0] as Extract<RunEvent, { type: 'run-started' }>), parameters: { month: '2026-10' } };
    const view = runViewOf(monthly, refundVersion(MONTHLY), params, run.log(), PATH);
    assert.deepEqual(view.steps[1].code, ['python3 scripts/clean_sales.py --month 2026-10']);
    assert.deepEqual(view.steps[1].details, ['Orders tagged test are dropped.']);
    assert.deepEqual(view.steps[3].code, ['bash scripts/build_report.sh 2026-10']);
    assert.equal(view.steps[0].text, 'Save the Shopify export as exports/2026-10/shopify-orders.csv.');
    // What the log records is the step as the SOP writes it, so the CLI and the editor record alike.
    assert.equal(view.steps[0].ref.text, 'Save the Shopify export as exports/<YYYY-MM>/shopify-orders.csv.');
  });

  it('stays fast on a step of unclosed fences and backticks', () => {
    const hostile = '1. Run\n' + '   ```a\n'.repeat(4000) + '`'.repeat(20_000) + ' `x'.repeat(5000);
    const t0 = performance.now();
    const code = codeIn(hostile);
    assert.ok(performance.now() - t0 < 500, 'bounded time');
    assert.ok(code.length <= 12);
  });
});

describe('the run view', () => {
  it('holds back every step after an unapproved gate, and releases them when the approval is recorded', () => {
    const before = viewOf(new RunBuilder(version).done(1, 2, 3, 4));
    assert.equal(before.steps[4].gate?.state, 'waiting');
    assert.equal(before.steps[4].gate?.approver, 'Priya Nair (Finance manager)');
    assert.equal(before.steps[4].blockedBy, undefined, 'the gate step itself can be worked on');
    assert.deepEqual(
      before.steps.slice(5).map((s) => s.blockedBy),
      [5, 5],
    );
    assert.equal(before.next, 5);
    const after = viewOf(new RunBuilder(version).done(1, 2, 3, 4).approve(5));
    assert.equal(after.steps[4].gate?.state, 'approved');
    assert.equal(after.steps[4].gate?.saw, 'order #1042, 240 EUR, return scanned');
    assert.deepEqual(
      after.steps.map((s) => s.blockedBy),
      [undefined, undefined, undefined, undefined, undefined, undefined, undefined],
    );
  });

  it('shows what was recorded for each step, who recorded it, and where to carry on', () => {
    const view = viewOf(new RunBuilder(version).done(1).skip(2, 'the warehouse log is down; checked the courier scan').done(3));
    assert.deepEqual(
      view.steps.slice(0, 4).map((s) => s.status),
      ['done', 'skipped', 'done', 'open'],
    );
    assert.equal(view.steps[1].detail, 'the warehouse log is down; checked the courier scan');
    assert.equal(view.steps[1].by, 'Dana Reyes');
    assert.equal(view.next, 4);
    assert.equal(view.parameters.order, '#1042');
  });

  it('a finished run is read-only and reports how it compares with the SOP', () => {
    const view = viewOf(perfectRun(version));
    assert.equal(view.finished, 'completed');
    assert.equal(view.conformance.followed, true);
    const refused = eventsFor({ type: 'step', action: 'done', stepId: stepId(1) }, view, DANA);
    assert.ok('problem' in refused && /finished: start a new run/.test(refused.problem));
  });
});

describe('recording from the run view', () => {
  const at = new Date('2026-11-10T10:00:00Z');

  it('refuses a step after an unapproved gate, naming the gate and who must approve', () => {
    const view = viewOf(new RunBuilder(version).done(1, 2, 3, 4, 5));
    const built = eventsFor({ type: 'step', action: 'done', stepId: stepId(6) }, view, DANA, at);
    assert.ok('problem' in built);
    assert.equal(
      built.problem,
      "Step 6 waits for the approval gate at step 5, which is not approved yet: record Priya Nair (Finance manager)'s approval at step 5 first.",
    );
  });

  it('a rejected gate keeps holding the steps after it, and says who rejected it', () => {
    const run = new RunBuilder(version).done(1, 2, 3, 4);
    run.events.push({
      type: 'gate-rejected',
      at: '2026-11-10T09:30:00Z',
      actor: DANA,
      step: version.steps[4],
      by: 'Priya Nair',
      reason: 'return not scanned yet',
    });
    const view = viewOf(run);
    assert.equal(view.steps[4].gate?.state, 'rejected');
    const built = eventsFor({ type: 'step', action: 'done', stepId: stepId(6) }, view, DANA, at);
    assert.ok('problem' in built && /was rejected by Priya Nair/.test(built.problem));
  });

  it('records an approval with who approved and what they saw, and refuses one without', () => {
    const view = viewOf(new RunBuilder(version).done(1, 2, 3, 4));
    const missing = eventsFor({ type: 'gate', decision: 'approved', stepId: stepId(5), by: 'Priya Nair', saw: '  ' }, view, DANA, at);
    assert.ok('problem' in missing && /what the approver looked at/.test(missing.problem));
    const built = eventsFor({ type: 'gate', decision: 'approved', stepId: stepId(5), by: 'Priya Nair', saw: 'the order and the scan' }, view, DANA, at);
    assert.ok('events' in built);
    assert.deepEqual(built.events[0], {
      type: 'gate-approved',
      at: at.toISOString(),
      actor: DANA,
      step: { id: stepId(5), number: 5, text: version.steps[4].text },
      by: 'Priya Nair',
      saw: 'the order and the scan',
      role: 'Priya Nair (Finance manager)',
    });
  });

  it('asks for a reason to skip, what and why for a step done differently, and the error of a failure', () => {
    const view = viewOf(new RunBuilder(version));
    const problem = (a: Parameters<typeof eventsFor>[0]) => {
      const b = eventsFor(a, view, DANA, at);
      return 'problem' in b ? b.problem : '';
    };
    assert.equal(problem({ type: 'step', action: 'skipped', stepId: stepId(1) }), 'Say why the step is skipped.');
    assert.equal(problem({ type: 'step', action: 'different', stepId: stepId(1), what: 'used the bank export' }), 'Say what was done instead, and why.');
    assert.match(problem({ type: 'step', action: 'failed', stepId: stepId(1), error: '' }), /what went wrong/);
  });

  it('finishes a run only when every step has an outcome; stopping records why', () => {
    const partial = viewOf(new RunBuilder(version).done(1, 2));
    const early = eventsFor({ type: 'finish', outcome: 'completed' }, partial, DANA, at);
    assert.ok('problem' in early && /Some steps have nothing recorded/.test(early.problem));
    const stop = eventsFor({ type: 'finish', outcome: 'stopped', reason: 'the customer withdrew the request' }, partial, DANA, at);
    assert.ok('events' in stop);
    assert.deepEqual(
      stop.events.map((e) => e.type),
      ['note', 'run-finished'],
    );
    assert.equal((stop.events[0] as { text: string }).text, 'Run stopped: the customer withdrew the request');
  });
});

describe('the runs page', () => {
  it('draws a bar per step from the runs since approval, with the time each step takes', () => {
    const runs = [1, 2, 3].map((i) => ({
      path: `r${i}.jsonl`,
      log: (i < 3 ? new RunBuilder(version, `run-${i}`).done(1, 2, 3).skip(4).approve(5).done(5, 6, 7).finish() : perfectRun(version, 'run-3')).log(),
    }));
    const html = conformanceHtml(conformSop(version, runs), { title: 'Customer refunds', sopRel: 'sops/customer-refunds.sop.md', nonce: 'abc' });
    assert.match(html, /Deviations: runs since its approval on 2026-11-02/);
    // Step 4: skipped in two of three runs → a skipped segment two thirds wide after a done third.
    assert.match(html, /aria-label="Step 4: 1 done, 0 different, 2 skipped, 0 failed of 3"/);
    assert.match(
      html,
      /<rect class="done" x="0.00" width="33.33" height="10"><title>1 done as written<\/title><\/rect><rect class="skipped" x="33.33" width="66.67"/,
    );
    assert.match(html, /was skipped in 2 of 3 runs since approval/);
    assert.match(html, /<div class="time">1 min<\/div>/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-abc';"/);
  });

  it('escapes whatever a run log holds', () => {
    const run = new RunBuilder(version).done(1).skip(2, '<img src=x onerror=alert(1)> "quoted"').finish();
    const html = conformanceHtml(conformSop(version, [{ path: 'r.jsonl', log: run.log() }]), { title: '<script>x</script>', sopRel: 's.md', nonce: 'n' });
    assert.ok(!html.includes('<img'), 'no markup from the log');
    assert.ok(!html.includes('<script>x'), 'no markup from the title');
    assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62; &#34;quoted&#34;/);
  });

  it('an SOP never run says "not yet tried"', () => {
    const html = conformanceHtml(conformSop(version, []), { title: 'Customer refunds', sopRel: 's.md', nonce: 'n' });
    assert.match(html, /Not yet tried: no run of this SOP is recorded/);
    assert.ok(!html.includes('<svg class="bar"'));
  });
});

describe('a procedure whose steps are headings', () => {
  const RELEASE = `---
title: Library release
type: sop
owner: Sam Ortiz (Maintainer)
---

# Library release

## Steps

### Set up the signing key

Import the key from the team vault.

### 1. Prepare the release

- Update CHANGELOG.md with the changes since the last tag.
- Bump the version in \`package.json\`.

### 2. Tag the release

Get approval from Lee Park (Release manager) before the tag is pushed.

\`\`\`bash
git tag -s v<version> && git push origin v<version>
\`\`\`

### 3. Announce it

Post the release notes in #releases.

### Versioning strategy

Minor versions add features; patch versions only fix bugs.
`;
  const relVersion = refundVersion(RELEASE);
  const relDoc = parseSop(RELEASE);

  it('takes each numbered heading as a step, with the lists, commands and gate written under it', () => {
    // An unnumbered instruction beside them is a step; a topic ("Versioning strategy") is not.
    assert.deepEqual(
      relDoc.steps.map((s) => [s.number, s.text]),
      [
        [undefined, 'Set up the signing key'],
        [1, 'Prepare the release'],
        [2, 'Tag the release'],
        [3, 'Announce it'],
      ],
    );
    const view = runViewOf(relDoc, relVersion, [], new RunBuilder(relVersion).log(), PATH);
    assert.deepEqual(view.steps[1].details, ['Update CHANGELOG.md with the changes since the last tag.', 'Bump the version in package.json.']);
    assert.deepEqual(view.steps[1].code, ['package.json']);
    assert.deepEqual(view.steps[2].code, ['git tag -s v<version> && git push origin v<version>']);
    assert.equal(view.steps[2].gate?.approver, 'Lee Park (Release manager)');
    assert.equal(view.steps[3].blockedBy, 3, 'the announcement waits for the approval of the tag');
  });
});
