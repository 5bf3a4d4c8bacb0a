import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runLint } from '../../../src/cli/lintCommand';
import { checkPath } from '../../../src/core/workspace/checkPath';
import { WorkspaceIndex } from '../../../src/core/workspace/fileIndex';
import { toPosix } from '../../../src/core/workspace/paths';
import { SKIPPED_FOLDERS } from '../../../src/core/workspace/port';
import { applyWorkspaceEvents, indexWorkspace, walkFiles } from '../../../src/core/workspace/walk';
import { createNodeWorkspace, lookOnDisk } from '../../../src/node/nodeWorkspace';
import { tempDir } from '../evidence/files';

/**
 * `sop lint`'s file index sees the workspace as git does: what .gitignore and .sopignore ignore is not walked,
 * yet a file an SOP names there (this month's export, which nobody commits) is not reported missing.
 */

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

const SOP = (steps: string[]) =>
  [
    '---',
    'title: Monthly order reconciliation',
    'type: sop',
    'owner: Dana Reyes (Operations lead)',
    '---',
    '',
    '# Monthly order reconciliation',
    '',
    '## Steps',
    '',
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    '',
  ].join('\n');

describe('sop lint: the file index honours ignore files', () => {
  let root: string;
  beforeEach(() => {
    root = toPosix(tempDir('sop-lint-index-'));
    write(root, {
      '.gitignore': 'exports/\n*.log\n',
      '.sopignore': 'drafts/\n',
      'scripts/reconcile.py': 'print("ok")\n',
      'exports/2026-10/orders.csv': 'id,total\n1,20.00\n',
      'exports/2026-10/refunds.csv': 'id,total\n',
      'runs/reconcile.log': 'started\n',
      'drafts/old-procedure.sop.md': SOP(['Open `scripts/gone.py`.']),
      'node_modules/left-pad/index.js': 'module.exports = 1;\n',
    });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists neither ignored files nor the contents of ignored folders', async () => {
    const index = await indexWorkspace(createNodeWorkspace(root));
    assert.deepEqual([...index.allFiles()].map((f) => f.slice(root.length + 1)).sort(), ['.gitignore', '.sopignore', 'scripts/reconcile.py']);
    assert.deepEqual(index.withName('orders.csv'), [], 'an ignored export is never suggested');
    assert.ok(!index.isFile(`${root}/node_modules/left-pad/index.js`), 'skipped folders are not there for the index, as in the editor');
  });

  it('does not report a path missing when it exists in an ignored folder, or is an ignored file', async () => {
    const index = await indexWorkspace(createNodeWorkspace(root), undefined, lookOnDisk);
    const sop = `${root}/sops/reconcile.sop.md`;
    assert.equal(checkPath('exports/2026-10/orders.csv', sop, index).status, 'exists');
    assert.equal(checkPath('runs/reconcile.log', sop, index).status, 'exists');
    assert.equal(checkPath('exports/2026-10/', sop, index).status, 'exists');
    assert.equal(checkPath('exports/<month>/orders.csv', sop, index).status, 'exists');
    // Looked up on disk, so a wrong name inside the ignored folder is still caught.
    assert.equal(checkPath('exports/2026-10/ordres.csv', sop, index).status, 'missing');
    assert.equal(checkPath('exprots/2026-10/orders.csv', sop, index).status, 'missing');
  });

  it('counts a path inside an ignored folder as there when the host cannot look (unknown contents)', async () => {
    const index = await indexWorkspace(createNodeWorkspace(root));
    const sop = `${root}/sops/reconcile.sop.md`;
    assert.equal(checkPath('exports/2026-11/orders.csv', sop, index).status, 'exists');
    assert.ok(index.isFile(`${root}/exports/2026-10/orders.csv`));
    assert.equal(checkPath('scripts/missing.py', sop, index).status, 'missing');
    assert.equal(checkPath('reports/<month>/summary.csv', sop, index).status, 'missing', 'a template outside the ignored folders is still checked');
  });

  it('sop lint does not lint ignored SOPs, and finds the ignored export an SOP names', async () => {
    write(root, {
      'sops/reconcile.sop.md': SOP([
        'Run `python3 scripts/reconcile.py exports/2026-10/orders.csv` after the export lands.',
        'Compare the totals with exports/2026-10/refunds.csv and `scripts/compare.py`.',
      ]),
    });
    const r = await runLint({ format: 'json', workspace: root, paths: [root], version: '0.0.0' });
    const findings = JSON.parse(r.stdout) as Array<{ file: string; rule: string; message: string }>;
    assert.deepEqual([...new Set(findings.map((f) => f.file))], ['sops/reconcile.sop.md'], 'drafts/ is in .sopignore: not linted');
    const missing = findings.filter((f) => f.rule === 'missing-path').map((f) => f.message);
    assert.equal(missing.length, 1, missing.join('\n'));
    assert.match(missing[0], /scripts\/compare\.py/);
  });

  it('still lints an ignored folder that is named on the command line', async () => {
    const r = await runLint({ format: 'json', workspace: root, paths: [`${root}/drafts`], version: '0.0.0' });
    const findings = JSON.parse(r.stdout) as Array<{ file: string; rule: string }>;
    assert.ok(
      findings.some((f) => f.file === 'drafts/old-procedure.sop.md' && f.rule === 'missing-path'),
      JSON.stringify(findings),
    );
  });
});

describe('the file index skips the same folders as the editor', () => {
  it('leaves out every skipped folder and nothing else, without ignore files', async () => {
    const root = toPosix(tempDir('sop-skip-list-'));
    try {
      const kept = ['.venv/lib/site.py', '__pycache__/job.pyc', 'dist/report.html', 'out/summary.csv', '.cache/run.txt'];
      write(root, Object.fromEntries([...SKIPPED_FOLDERS.map((f) => `${f}/inside.txt`), ...kept, 'package.json'].map((p) => [p, 'x\n'])));
      const index = await indexWorkspace(createNodeWorkspace(root));
      const listed = [...index.allFiles()].map((f) => f.slice(root.length + 1)).sort();
      assert.deepEqual(listed, [...kept, 'package.json'].sort());
      const walked: string[] = [];
      await walkFiles(createNodeWorkspace(root), root, (p) => walked.push(p.slice(root.length + 1)));
      assert.deepEqual(walked.sort(), listed, 'the editor-side walk (created folders) leaves out the same');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the editor-side walk of a created folder', () => {
  it('lists every file at any depth and reads no ignore file, as the editor’s own listing does', async () => {
    const root = toPosix(tempDir('sop-created-folder-'));
    try {
      const deep = Array.from({ length: 70 }, (_, i) => `level-${i}`).join('/');
      write(root, { '.gitignore': '*.csv\n', [`archive/${deep}/orders.csv`]: 'id\n', 'archive/notes.md': '# Notes\n' });
      const walked: string[] = [];
      await walkFiles(createNodeWorkspace(root), `${root}/archive`, (p) => walked.push(p.slice(root.length + 1)));
      assert.deepEqual(walked.sort(), [`archive/${deep}/orders.csv`, 'archive/notes.md']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('file index bookkeeping', () => {
  it('knows a folder while something is in it, and forgets it when the last file goes', async () => {
    const index = new WorkspaceIndex(['/w'], ['/w/a/b/one.csv', '/w/a/b/two.csv', '/w/a/c/three.csv']);
    assert.ok(index.exists('/w/a/b') && index.exists('/w/a'));
    index.remove('/w/a/b/one.csv');
    assert.ok(index.exists('/w/a/b'));
    index.remove('/w/a/b/two.csv');
    assert.ok(!index.exists('/w/a/b'));
    assert.ok(index.exists('/w/a'), 'a/c still holds a file');
    index.remove('/w/a');
    assert.ok(!index.exists('/w/a') && index.size === 0);
    assert.deepEqual([...index.allDirs()], []);
  });

  it('finds files by name after files come and go', async () => {
    const index = new WorkspaceIndex(['/w'], ['/w/x/orders.csv']);
    assert.deepEqual(index.withName('ORDERS.csv'), ['/w/x/orders.csv']);
    index.addFile('/w/y/orders.csv');
    assert.deepEqual(index.withName('orders.csv').sort(), ['/w/x/orders.csv', '/w/y/orders.csv']);
    await applyWorkspaceEvents(createNodeWorkspace('/w'), index, [{ kind: 'deleted', path: '/w/x/orders.csv' }]);
    assert.deepEqual(index.withName('orders.csv'), ['/w/y/orders.csv']);
  });

  it('forgets an ignored folder that is deleted', () => {
    const index = new WorkspaceIndex(['/w'], [], () => undefined);
    index.addUnlisted('/w/exports', 'directory');
    assert.ok(index.exists('/w/exports'));
    index.remove('/w/exports');
    assert.ok(!index.exists('/w/exports') && !index.exists('/w/exports/2026-10/orders.csv'));
  });
});
