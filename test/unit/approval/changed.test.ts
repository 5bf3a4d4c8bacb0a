import { strict as assert } from 'node:assert';
import { parseSop } from '../../../src/core/sop/model';
import { applyEdits } from '../../../src/core/text/applyEdits';
import { fixtureText, textAt } from '../helpers';
import { approve, copyOfAcme, lintApproval } from './support';

const SOP = 'sops/monthly-sales-report.sop.md';

describe('rule changed-since-approval', () => {
  const root = copyOfAcme();
  const approved = approve(fixtureText(SOP), root, ['scripts/clean_sales.py']);
  const changed = (text: string) => lintApproval(text, root).issues.filter((i) => i.rule === 'changed-since-approval');

  it('is silent right after approval', () => {
    assert.deepEqual(changed(approved), []);
  });

  it('reports a body edit on the status: line, saying when and by whom it was approved', () => {
    const edited = approved.replace('wait for her approval', 'send it on');
    const found = changed(edited);
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'warning');
    assert.equal(textAt(edited, found[0].range), 'status: approved');
    assert.match(found[0].message, /^This SOP changed since it was approved on 2026-11-02 by Priya Nair \(Finance manager\)/);
  });

  it('offers "Mark as draft again", which sets status: draft and nothing else', () => {
    const edited = approved.replace('## Steps', '## Steps\n\n0. Open the laptop.');
    const [issue] = changed(edited);
    const [fix] = issue.fixes();
    assert.equal(fix.title, 'Mark as draft again');
    assert.equal(fix.preferred, true);
    const after = applyEdits(edited, fix.edits);
    assert.equal(parseSop(after).frontMatter.data.status, 'draft');
    assert.equal(after.replace('status: draft', 'status: approved'), edited);
    assert.deepEqual(changed(after), [], 'a draft is not checked');
  });

  it('is silent after a CRLF re-save and trailing-whitespace trimming', () => {
    assert.deepEqual(changed(approved.replace(/\n/g, '\r\n')), []);
    assert.deepEqual(changed(approved.replace(/\.\n/g, '.  \n')), []);
  });

  it('is silent for front-matter edits, and for approvals without a recorded hash', () => {
    assert.deepEqual(changed(approved.replace('title: Monthly sales report', 'title: Monthly sales report (v2)\nlast-reviewed: 2026-11-20')), []);
    const byHand = fixtureText(SOP).replace('status: draft', 'status: approved');
    assert.deepEqual(changed(byHand + '\nEdited.\n'), []);
  });
});
