import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sopStatus } from '../../../src/core/approval/status';
import { fixtureText } from '../helpers';
import { approve, copyOfAcme, diskLookup, lintApproval, writeFile } from './support';

const SOP = 'sops/monthly-sales-report.sop.md';
const NOW = new Date('2026-11-23T12:00:00Z');

describe('approval: sopStatus', () => {
  const status = (text: string, root: string) => {
    const result = lintApproval(text, root, { evidence: diskLookup(root), now: NOW });
    return sopStatus(result.doc, { evidence: diskLookup(root), now: NOW });
  };

  it('says draft, approved, changed, drifted and review-due', () => {
    const root = copyOfAcme();
    const draft = fixtureText(SOP);
    assert.equal(status(draft, root), 'draft');
    const approved = approve(draft, root, ['scripts/clean_sales.py', 'scripts/build_report.sh']);
    assert.equal(status(approved, root), 'approved');
    assert.equal(status(approved.replace('title: Monthly sales report', 'title: Monthly sales report\nreview-every: 1w'), root), 'review-due');
    writeFile(root, 'scripts/clean_sales.py', 'changed\n');
    assert.equal(status(approved, root), 'drifted');
    assert.equal(status(approved.replace('## Steps', '## Steps\n\nNew first step.'), root), 'changed', 'a changed text outranks drifted evidence');
    rmSync(join(root, 'scripts/build_report.sh'));
    assert.equal(status(approved, root), 'drifted');
  });
});
