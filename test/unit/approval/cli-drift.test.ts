import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { approvalEdits } from '../../../src/core/approval/approve';
import { bodyHash } from '../../../src/core/sop/approvalRecord';
import { parseSop } from '../../../src/core/sop/model';
import { applyEdits } from '../../../src/core/text/applyEdits';
import { REPO } from '../helpers';

describe('sop lint sees evidence drift on disk', () => {
  it('reports an approved SOP whose evidence file changed after approval', () => {
    const ws = mkdtempSync(join(tmpdir(), 'sop-drift-'));
    try {
      cpSync(resolve(REPO, 'examples'), ws, { recursive: true });
      const cli = resolve(REPO, 'dist/cli.js');
      const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: ws, encoding: 'utf8' });
      const drafted = run('draft', 'month-end-close');
      assert.equal(drafted.status, 0, drafted.stderr);
      const sopFile = join(ws, drafted.stdout.trim());
      const text = readFileSync(sopFile, 'utf8');
      const doc = parseSop(text);
      const evidence = (doc.frontMatter.data.evidence as Array<{ path: string }>).map(({ path }) => {
        const bytes = readFileSync(join(ws, path));
        return { path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
      });
      writeFileSync(sopFile, applyEdits(text, approvalEdits(doc, { approver: 'Priya Nair', date: '2026-11-23', evidence, bodySha256: bodyHash(text) })));
      const clean = JSON.parse(run('lint', '--format', 'json', drafted.stdout.trim()).stdout) as Array<{ rule: string }>;
      assert.deepEqual(
        clean.filter((f) => f.rule === 'evidence-drift' || f.rule === 'changed-since-approval'),
        [],
      );
      appendFileSync(join(ws, 'month-end-close/scripts/reconcile.py'), '\n# tolerance raised to 1.00\n');
      const after = JSON.parse(run('lint', '--format', 'json', drafted.stdout.trim()).stdout) as Array<{ rule: string; message: string }>;
      const drift = after.filter((f) => f.rule === 'evidence-drift');
      assert.equal(drift.length, 1);
      assert.match(drift[0].message, /month-end-close\/scripts\/reconcile\.py/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
