import { strict as assert } from 'node:assert';
import { renameSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { parseSop } from '../../../src/core/sop/model';
import { applyEdits } from '../../../src/core/text/applyEdits';
import { fixtureText, textAt } from '../helpers';
import { approve, copyOfAcme, diskLookup, lintApproval, sha256, writeFile } from './support';

const SOP = 'sops/monthly-sales-report.sop.md';
const EVIDENCE = ['scripts/clean_sales.py', 'scripts/build_report.sh', 'exports/2026-10/shopify-orders.csv'];

function drift(text: string, root: string, lookup = diskLookup(root)) {
  return lintApproval(text, root, { evidence: lookup }).issues.filter((i) => i.rule === 'evidence-drift');
}

describe('rule evidence-drift', () => {
  it('is silent while the evidence is as approved', () => {
    const root = copyOfAcme();
    const text = approve(fixtureText(SOP), root, EVIDENCE);
    assert.deepEqual(drift(text, root), []);
  });

  it('reports a changed file on its path: line, with when it changed', () => {
    const root = copyOfAcme();
    const text = approve(fixtureText(SOP), root, EVIDENCE);
    writeFile(root, 'scripts/clean_sales.py', '# now also drops refunds\nprint("cleaned")\n');
    utimesSync(join(root, 'scripts/clean_sales.py'), new Date('2026-11-20T09:00:00Z'), new Date('2026-11-20T09:00:00Z'));
    const found = drift(text, root);
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'warning');
    assert.equal(textAt(text, found[0].range), 'path: scripts/clean_sales.py');
    assert.match(found[0].message, /^Evidence file "scripts\/clean_sales\.py" changed since approval on 2026-11-02 \(last modified 2026-11-20\)/);
  });

  it('reports a deleted file as missing', () => {
    const root = copyOfAcme();
    const text = approve(fixtureText(SOP), root, EVIDENCE);
    rmSync(join(root, 'exports/2026-10/shopify-orders.csv'));
    const found = drift(text, root);
    assert.deepEqual(
      found.map((f) => textAt(text, f.range)),
      ['path: exports/2026-10/shopify-orders.csv'],
    );
    assert.match(found[0].message, /"exports\/2026-10\/shopify-orders\.csv" is missing since approval on 2026-11-02: it was deleted, moved or renamed/);
  });

  it('reports a renamed file as its old path missing, and says where a same-named file is', () => {
    const root = copyOfAcme();
    const text = approve(fixtureText(SOP), root, EVIDENCE);
    writeFile(root, 'scripts/old/.keep', '');
    renameSync(join(root, 'scripts/build_report.sh'), join(root, 'scripts/old/build_report.sh'));
    renameSync(join(root, 'scripts/clean_sales.py'), join(root, 'scripts/clean_orders.py'));
    const found = drift(text, root);
    assert.deepEqual(
      found.map((f) => textAt(text, f.range)),
      ['path: scripts/clean_sales.py', 'path: scripts/build_report.sh'],
    );
    assert.match(found[0].message, /missing since approval/);
    assert.doesNotMatch(found[0].message, /same name/);
    assert.match(found[1].message, /A file with the same name is at "scripts\/old\/build_report\.sh"/);
  });

  it('without a lookup, still finds missing files from the workspace index (but not changes)', () => {
    const root = copyOfAcme();
    const text = approve(fixtureText(SOP), root, EVIDENCE);
    rmSync(join(root, 'scripts/build_report.sh'));
    writeFile(root, 'scripts/clean_sales.py', 'changed\n');
    const found = lintApproval(text, root).issues.filter((i) => i.rule === 'evidence-drift');
    assert.deepEqual(
      found.map((f) => textAt(text, f.range)),
      ['path: scripts/build_report.sh'],
    );
    assert.deepEqual(lintApproval(text, root, { workspace: false }).issues, [], 'with neither, it stays silent');
  });

  it('offers to mark the SOP as draft, and to show the change when a copy was kept', () => {
    const root = copyOfAcme();
    const before = fixtureText('scripts/clean_sales.py', root);
    const text = approve(fixtureText(SOP), root, EVIDENCE);
    writeFile(root, 'scripts/clean_sales.py', before + '\n# changed\n');
    const kept = new Map([[`scripts/clean_sales.py@${sha256(before)}`, 'sops/.sop-evidence/monthly-sales-report/scripts/clean_sales.py']]);
    const [withCopy] = drift(text, root, diskLookup(root, kept));
    const fixes = withCopy.fixes();
    assert.deepEqual(
      fixes.map((f) => f.title),
      ['Re-review: mark the SOP as draft', 'Review the SOP now (SOP: Review)', 'Show what changed in scripts/clean_sales.py'],
    );
    assert.equal(parseSop(applyEdits(text, fixes[0].edits)).frontMatter.data.status, 'draft');
    assert.deepEqual(fixes[1].command, { id: 'sopBuilder.review', args: [] });
    assert.deepEqual(fixes[2].edits, []);
    assert.equal(fixes[2].command?.id, 'sopBuilder.showEvidenceChange');
    assert.deepEqual(fixes[2].command?.args, [
      { path: 'scripts/clean_sales.py', approvedSha256: sha256(before), copy: 'sops/.sop-evidence/monthly-sales-report/scripts/clean_sales.py' },
    ]);
    const [withoutCopy] = drift(text, root);
    assert.deepEqual(
      withoutCopy.fixes().map((f) => f.title),
      ['Re-review: mark the SOP as draft', 'Review the SOP now (SOP: Review)'],
    );
  });

  it('falls back to the top-level evidence list of an approved SOP, and ignores drafts', () => {
    const root = copyOfAcme();
    const lines = (status: string) =>
      [
        '---',
        'title: X',
        `status: ${status}`,
        'approved: 2026-11-02',
        'evidence:',
        '  - path: scripts/clean_sales.py',
        '    bytes: 10',
        '    sha256: 0000',
        '---',
        '',
        '# X',
        '',
      ].join('\n');
    const found = drift(lines('approved'), root);
    assert.deepEqual(
      found.map((f) => textAt(lines('approved'), f.range)),
      ['path: scripts/clean_sales.py'],
    );
    assert.match(found[0].message, /changed since approval on 2026-11-02/);
    assert.deepEqual(drift(lines('draft'), root), []);
  });

  it('can be disabled with a YAML comment on the entry', () => {
    const root = copyOfAcme();
    const text = approve(fixtureText(SOP), root, EVIDENCE).replace(
      'path: scripts/clean_sales.py',
      'path: scripts/clean_sales.py # <!-- sop-lint-disable-line evidence-drift -->',
    );
    rmSync(join(root, 'scripts/clean_sales.py'));
    assert.deepEqual(drift(text, root), []);
  });
});
