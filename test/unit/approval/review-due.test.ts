import { strict as assert } from 'node:assert';
import { textAt } from '../helpers';
import { copyOfAcme, lintApproval } from './support';

function sop(front: string[]): string {
  return ['---', 'title: Monthly sales report', ...front, '---', '', '# Monthly sales report', ''].join('\n');
}

describe('rule review-due', () => {
  const root = copyOfAcme();
  const due = (text: string, now: string) => lintApproval(text, root, { now: new Date(now) }).issues.filter((i) => i.rule === 'review-due');

  it('reports an overdue review on the review-every line, from the approval date', () => {
    const text = sop(['status: approved', 'approved: 2026-06-01', 'review-every: 90d']);
    assert.deepEqual(due(text, '2026-08-30T23:00:00Z'), [], 'due on 2026-08-30, not yet past');
    const found = due(text, '2026-08-31T08:00:00Z');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'warning');
    assert.equal(textAt(text, found[0].range), 'review-every: 90d');
    assert.match(found[0].message, /^Review was due on 2026-08-30 \(every 90 days since approval on 2026-06-01\)/);
  });

  it("reads weeks, months (clamped to the month's end) and years", () => {
    const at = (every: string, approved: string, now: string) =>
      due(sop(['status: approved', `approved: ${approved}`, `review-every: ${every}`]), now).map((i) => i.message.replace(/\)\..*$/, ')'));
    assert.deepEqual(at('12w', '2026-01-05', '2026-03-31T00:00:00Z'), ['Review was due on 2026-03-30 (every 12 weeks since approval on 2026-01-05)']);
    assert.deepEqual(at('6m', '2025-08-31', '2026-03-01T00:00:00Z'), ['Review was due on 2026-02-28 (every 6 months since approval on 2025-08-31)']);
    assert.deepEqual(at('1y', '2025-11-02', '2026-11-03T00:00:00Z'), ['Review was due on 2026-11-02 (every year since approval on 2025-11-02)']);
    assert.deepEqual(at('1y', '2025-11-02', '2026-11-02T00:00:00Z'), []);
  });

  it('counts from last-reviewed when it is later than the approval', () => {
    const text = sop(['status: approved', 'approved: 2025-01-10', 'last-reviewed: 2026-10-01', 'review-every: 3m']);
    assert.deepEqual(due(text, '2026-12-31T00:00:00Z'), []);
    assert.match(due(text, '2027-01-02T00:00:00Z')[0].message, /due on 2027-01-01 \(every 3 months since the last review on 2026-10-01\)/);
  });

  it('explains a value it cannot read', () => {
    for (const bad of ['quarterly', '3 months', '0d', '90']) {
      const text = sop(['status: approved', 'approved: 2026-06-01', `review-every: ${bad}`]);
      const found = due(text, '2026-06-02T00:00:00Z');
      assert.equal(found.length, 1, bad);
      assert.match(
        found[0].message,
        /is not a review period\. Write a whole number and a unit, such as 90d \(days\), 12w \(weeks\), 6m \(months\) or 1y \(years\)\./,
      );
    }
  });

  it('leaves drafts, SOPs without a start date and SOPs without review-every alone', () => {
    assert.deepEqual(due(sop(['status: draft', 'approved: 2020-01-01', 'review-every: 90d']), '2026-11-23T00:00:00Z'), []);
    assert.deepEqual(due(sop(['status: approved', 'review-every: 90d']), '2026-11-23T00:00:00Z'), []);
    assert.deepEqual(due(sop(['status: approved', 'approved: 2020-01-01']), '2026-11-23T00:00:00Z'), []);
  });
});
