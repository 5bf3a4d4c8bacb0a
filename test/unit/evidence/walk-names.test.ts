import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectEvidence, listEvidence } from '../../../src/core/evidence/collect';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { toPosix } from '../../../src/core/workspace/paths';
import { tempDir } from './files';

/**
 * Names that are also the names of JavaScript's own object properties are ordinary folder and file names: the
 * walk's tables of skipped folders and unreadable formats answer only for their own entries.
 */
describe('evidence walk: names that look like object properties', () => {
  let root: string;
  before(() => {
    root = toPosix(tempDir('sop-walk-names-'));
    const files: Record<string, string> = {
      'constructor/run-notes.md': '# Month-end run\n\nExported the ledger and checked the totals.\n',
      '__proto__/steps.txt': 'Open the export, filter by region, save as CSV.\n',
      'toString/check.py': 'print("totals match")\n',
      'ledger.constructor': 'account,amount\n4000,120.50\n',
      'orders.xls': 'not really a spreadsheet',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), text);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('walks folders named constructor, __proto__ and toString, and reads a file with such an extension', async () => {
    const ws = createNodeWorkspace(root);
    const listed = await listEvidence([root], { workspace: ws, root });
    assert.deepEqual(listed.files, ['__proto__/steps.txt', 'constructor/run-notes.md', 'ledger.constructor', 'toString/check.py']);
    assert.deepEqual(listed.excluded, [{ path: 'orders.xls', reason: 'XLS (old Excel format) is not read: save it as XLSX or CSV to include it' }]);
    const bundle = await collectEvidence([root], { workspace: ws, root });
    for (const e of bundle.excluded) assert.equal(typeof e.reason, 'string', `${e.path} has a reason that is not text`);
    assert.ok(bundle.included.some((f) => f.path === 'ledger.constructor' && f.text.includes('4000')));
  });
});
