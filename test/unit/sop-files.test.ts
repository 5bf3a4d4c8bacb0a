import { strict as assert } from 'node:assert';
import { declaresSop, isSopFile } from '../../src/core/sop/sopFiles';
import { DEFAULT_SOP_FILES } from '../../src/core/lint/config';

describe('which files are SOPs', () => {
  const opts = { sopFiles: DEFAULT_SOP_FILES, frontMatterType: true };
  it('takes *.sop.md, Markdown under sops/ or SOPs/, and type: sop front matter', () => {
    assert.ok(isSopFile('refunds.sop.md', '', opts));
    assert.ok(isSopFile('finance/sops/close.md', '', opts));
    assert.ok(isSopFile('SOPs/onboarding/new-hire.md', '', opts));
    assert.ok(isSopFile('docs/payroll.md', '---\ntitle: Payroll\ntype: sop\n---\n# Payroll\n', opts));
    assert.ok(isSopFile('docs/payroll.md', '\uFEFF---\r\ntype: "sop"\r\n---\r\n', opts));
  });
  it('never takes other Markdown or non-Markdown files', () => {
    assert.ok(!isSopFile('README.md', '# Readme', opts));
    assert.ok(!isSopFile('docs/notes.md', '---\ntype: note\n---\ntype: sop\n', opts));
    assert.ok(!isSopFile('sops/script.py', '', opts));
    assert.ok(!isSopFile('notsops/x.md', '', opts));
    assert.ok(!declaresSop('# x\n\n---\ntype: sop\n---\n'));
  });
  it('follows configured globs and the front-matter switch', () => {
    const custom = { sopFiles: ['runbooks/**/*.md'], frontMatterType: false };
    assert.ok(isSopFile('runbooks/deploy.md', '', custom));
    assert.ok(!isSopFile('refunds.sop.md', '', custom));
    assert.ok(!isSopFile('docs/payroll.md', '---\ntype: sop\n---\n', custom));
  });
});
