import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { indexFolder } from '../../support/indexFolder';
import { copyRefusal, MAX_COPIED_BYTES } from '../../../src/core/approval/evidenceCopies';
import { evidenceCopyPath, evidenceCopyRoot } from '../../../src/core/sop/evidenceCopyPaths';
import { isEvidenceCopy } from '../../../src/core/workspace/evidenceCopyFolder';
import { collectEvidence } from '../../../src/core/evidence/collect';
import { isSopFile } from '../../../src/core/sop/sopFiles';
import { defaultConfig } from '../../../src/core/lint/config';
import { parseSop } from '../../../src/core/sop/model';
import { applyEdits } from '../../../src/core/text/applyEdits';
import { approve, copyOfAcme, diskLookup, lintApproval, sha256, writeFile } from './support';

describe('approval: copies of evidence kept at approval', () => {
  it('lives beside the SOP, at the workspace root, or nowhere, as configured', () => {
    assert.equal(evidenceCopyRoot('sops/monthly-sales-report.sop.md', 'besideSop'), 'sops/.sop-evidence/monthly-sales-report');
    assert.equal(
      evidenceCopyPath('sops/monthly-sales-report.sop.md', 'besideSop', 'scripts/clean_sales.py'),
      'sops/.sop-evidence/monthly-sales-report/scripts/clean_sales.py',
    );
    assert.equal(evidenceCopyPath('finance/sops/close.md', 'workspaceRoot', './data/oct.csv'), '.sop-evidence/finance/sops/close/data/oct.csv');
    assert.equal(evidenceCopyPath('refund.sop.md', 'besideSop', 'notes.md'), '.sop-evidence/refund/notes.md');
    assert.equal(evidenceCopyRoot('sops/x.sop.md', 'off'), undefined);
  });

  it('never copies secrets, personal data, files outside the workspace or huge exports', () => {
    assert.equal(copyRefusal('scripts/clean_sales.py', 1200), undefined);
    assert.match(copyRefusal('.env', 40) ?? '', /sensitive/);
    assert.match(copyRefusal('hr/payroll-2026-10.csv', 400) ?? '', /sensitive/);
    assert.match(copyRefusal('keys/deploy.pem', 400) ?? '', /sensitive/);
    assert.match(copyRefusal('../elsewhere/notes.md', 10) ?? '', /^outside the workspace/);
    assert.match(copyRefusal('exports/all-orders.csv', MAX_COPIED_BYTES + 1) ?? '', /larger than 5 MB/);
  });

  it('is never evidence for a new draft, never linted as an SOP, never suggested as a path', async () => {
    const root = copyOfAcme();
    writeFile(root, 'sops/.sop-evidence/monthly-sales-report/sops/old-report.sop.md', '# Old\n');
    writeFile(root, 'sops/.sop-evidence/monthly-sales-report/scripts/clean_sales.py', 'print(1)\n');
    const bundle = await collectEvidence([root], { workspace: createNodeWorkspace('/'), root });
    assert.ok(!bundle.included.some((f) => isEvidenceCopy(f.path)), 'no copy is collected');
    assert.match(bundle.excluded.find((e) => isEvidenceCopy(e.path))?.reason ?? '', /copies of evidence kept when an SOP was approved/);
    const config = defaultConfig();
    assert.equal(isSopFile('sops/.sop-evidence/monthly-sales-report/sops/old-report.sop.md', '# Old', config), false);
    assert.equal(isSopFile('sops/monthly-sales-report.sop.md', '# Report', config), true);

    // The script moved: the hint names the new place, not the kept copy.
    const text = approve(readAcmeSop(root), root, ['scripts/clean_sales.py']);
    writeFile(root, 'tools/clean_sales.py', 'print(2)\n');
    const { rmSync } = await import('node:fs');
    rmSync(`${root}/scripts/clean_sales.py`);
    const [issue] = lintApproval(text, root, { evidence: diskLookup(root) }).issues.filter((i) => i.rule === 'evidence-drift');
    assert.match(issue.message, /is missing/);
    assert.match(issue.message, /"tools\/clean_sales\.py"/);
    assert.doesNotMatch(issue.message, /sop-evidence/);
    assert.ok(indexFolder(root).withName('clean_sales.py').some(isEvidenceCopy), 'the copy is in the index, and still not suggested');
  });

  it('offers the diff only when the kept copy is the approved content', () => {
    const root = copyOfAcme();
    const text = approve(readAcmeSop(root), root, ['scripts/clean_sales.py']);
    const approvedSha = sha256(readFileSync(`${root}/scripts/clean_sales.py`));
    writeFile(root, 'scripts/clean_sales.py', 'print("changed")\n');
    const copy = 'sops/.sop-evidence/monthly-sales-report/scripts/clean_sales.py';
    const titles = (kept: Map<string, string>) =>
      lintApproval(text, root, { evidence: diskLookup(root, kept) })
        .issues.filter((i) => i.rule === 'evidence-drift')
        .flatMap((i) => i.fixes().map((f) => f.title));
    assert.deepEqual(titles(new Map([[`scripts/clean_sales.py@${approvedSha}`, copy]])), [
      'Re-review: mark the SOP as draft',
      'Review the SOP now (SOP: Review)',
      'Show what changed in scripts/clean_sales.py',
    ]);
    assert.deepEqual(titles(new Map([[`scripts/clean_sales.py@${sha256('something else')}`, copy]])), [
      'Re-review: mark the SOP as draft',
      'Review the SOP now (SOP: Review)',
    ]);
    const draft = lintApproval(text, root, { evidence: diskLookup(root) })
      .issues.find((i) => i.rule === 'evidence-drift')!
      .fixes()[0];
    assert.equal(parseSop(applyEdits(text, draft.edits)).frontMatter.data.status, 'draft');
  });
});

function readAcmeSop(root: string): string {
  return readFileSync(`${root}/sops/monthly-sales-report.sop.md`, 'utf8');
}
