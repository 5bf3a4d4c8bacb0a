import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { fcRuns } from '../fcRuns';
import { listEvidence } from '../../../src/core/evidence/collect';
import { childIgnoredBy, folderNeedsFullCheck, ignoredBy, loadIgnoreLevel, type IgnoreLevel } from '../../../src/core/workspace/ignoreFiles';
import { FolderReader } from '../../../src/core/workspace/listAhead';
import { toPosix } from '../../../src/core/workspace/paths';
import type { FsEntry, Workspace } from '../../../src/core/workspace/port';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { tempDir } from './files';

/**
 * The evidence walk reads folders ahead, several at a time, and tests ignore rules only against names they can
 * match: what it lists, in what order, and why it leaves files out must stay exactly what a one-folder-at-a-time
 * walk testing every path gives.
 */

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/** A workspace whose listings take a moment, counting how many are in flight at once. */
function slowListing(ws: Workspace): { ws: Workspace; most: () => number } {
  let now = 0;
  let most = 0;
  return {
    most: () => most,
    ws: {
      ...ws,
      async list(p: string): Promise<FsEntry[]> {
        now++;
        most = Math.max(most, now);
        try {
          await new Promise((r) => setTimeout(r, 2));
          return await ws.list(p);
        } finally {
          now--;
        }
      },
    },
  };
}

describe('evidence walk: folders read ahead, ignore rules tested by name', () => {
  let root: string;
  beforeEach(() => {
    root = toPosix(tempDir('sop-walk-speed-'));
    write(root, {
      '.gitignore': 'exports/\n*.log\n/archive/*\n!/archive/keep-2025.csv\n',
      'notes/.gitignore': '!important.log\n',
      'notes/2026-10/close.md': '# October close\n',
      'notes/2026-10/run.log': 'started\n',
      'notes/important.log': 'kept on purpose\n',
      'notes/b/week-1.md': 'Checked totals.\n',
      'archive/keep-2025.csv': 'id\n',
      'archive/old-2024.csv': 'id\n',
      'exports/2026-10/orders.csv': 'id\n',
      'scripts/reconcile.py': 'print(1)\n',
      'scripts/__pycache__/reconcile.pyc': 'x',
      'a.md': 'first\n',
      'z.md': 'last\n',
    });
    symlinkSync(`${root}/notes/2026-10/close.md`, `${root}/close-link.md`);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists files in name order, folder by folder, with the reasons for what it leaves out', async () => {
    const slow = slowListing(createNodeWorkspace(root));
    const r = await listEvidence([root], { workspace: slow.ws, root, maxFiles: Infinity });
    assert.deepEqual(r.files, [
      'a.md',
      'archive/keep-2025.csv',
      'notes/2026-10/close.md',
      'notes/b/week-1.md',
      'notes/important.log',
      'scripts/reconcile.py',
      'z.md',
    ]);
    assert.deepEqual(
      r.excluded.map((e) => `${e.path}: ${e.reason}`),
      [
        'archive/old-2024.csv: ignored by .gitignore ("/archive/*")',
        'exports/: ignored by .gitignore ("exports/")',
        'notes/2026-10/run.log: ignored by .gitignore ("*.log")',
        'scripts/__pycache__/: skipped: Python cache',
        'close-link.md: same file as notes/2026-10/close.md (through a link): read once',
      ],
    );
    assert.ok(slow.most() > 1, 'subfolders are listed while the walk works on earlier ones');
  });

  it('stops at the file cap with the same files as before, whatever was read ahead', async () => {
    const r = await listEvidence([root], { workspace: slowListing(createNodeWorkspace(root)).ws, root, maxFiles: 3 });
    assert.deepEqual(r.files, ['a.md', 'archive/keep-2025.csv', 'notes/2026-10/close.md']);
    assert.ok(r.excluded.some((e) => e.path === 'scripts/' && /too many files/.test(e.reason)));
  });

  it('gives the same answer as testing every path, for any rules and names', async () => {
    const segment = fc.constantFrom('logs', 'out', 'a', 'B', 'data', 'keep', '2026-10', 'build');
    const name = fc.constantFrom('run.log', 'RUN.LOG', 'orders.csv', 'keep.csv', 'tmp', 'a', 'notes.md', 'build', 'x.tmp', '.env.local');
    const pattern = fc.oneof(
      fc.constantFrom('*.log', '!keep.csv', 'build/', '/a', 'tmp*', '*.TMP', '!*.md', 'data/*', '**/out', 'logs/**', 'a/**/x.tmp', '[ab]', '.env*', 'b/'),
      fc.tuple(segment, name).map(([s, n]) => `${s}/${n}`),
    );
    const memory = (text: string): Workspace => ({ ...createNodeWorkspace('/w'), read: async () => new TextEncoder().encode(text) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(pattern, { minLength: 1, maxLength: 6 }),
        fc.array(pattern, { maxLength: 3 }),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        name,
        fc.boolean(),
        async (rootRules, innerRules, folders, entry, isDir) => {
          const levels: IgnoreLevel[] = [];
          const top = await loadIgnoreLevel(memory(rootRules.join('\n')), '/w', '', new Set(['.gitignore']));
          if (top) levels.push(top);
          const inner = await loadIgnoreLevel(memory(innerRules.join('\n')), `/w/${folders[0]}`, folders[0], new Set(['.gitignore']));
          if (inner) levels.push(inner);
          const dir = folders.join('/');
          // Only folders a walk enters: not ignored, and checked the slow way when one level alone ignores them.
          for (let i = 1; i <= folders.length; i++) if (ignoredBy(levels, folders.slice(0, i).join('/'), true)) return;
          if (folderNeedsFullCheck(levels, dir)) return;
          const rel = `${dir}/${entry}`;
          assert.equal(childIgnoredBy(levels, rel, entry, isDir), ignoredBy(levels, rel, isDir), rel);
        },
      ),
      fcRuns(400),
    );
  });
});

describe('plain ignore rules matched without the library', () => {
  it("gives the library's answer for every order of plain names, suffixes, prefixes, folders-only and negations", async () => {
    const stem = fc.constantFrom('log', 'tmp', 'env', 'cache', 'out', 'keep', 'Build', 'node_modules', '.DS_Store', 'a.b');
    const pattern = fc
      .tuple(fc.boolean(), fc.constantFrom('', '*.', '*', 'x'), stem, fc.constantFrom('', '*'), fc.boolean())
      .filter(([, before, , after]) => !(before.startsWith('*') && after === '*'))
      .map(([neg, before, body, after, dir]) => `${neg ? '!' : ''}${before === 'x' ? '' : before}${body}${after}${dir ? '/' : ''}`);
    const name = fc.constantFrom(
      'run.log',
      'RUN.LOG',
      'log',
      'logs',
      'tmp',
      'x.tmp',
      'TMPDIR',
      'env',
      '.env',
      'cache',
      'outfile',
      'keep',
      'build',
      'Build',
      'node_modules',
      '.ds_store',
      'a.b',
    );
    const memory = (text: string): Workspace => ({ ...createNodeWorkspace('/w'), read: async () => new TextEncoder().encode(text) });
    let simpleLevels = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(pattern, { minLength: 1, maxLength: 6 }), name, fc.boolean(), async (rules, entry, isDir) => {
        const level = await loadIgnoreLevel(memory(rules.join('\n')), '/w', '', new Set(['.gitignore']));
        if (!level) return;
        if (level.simple) simpleLevels++;
        const rel = `notes/${entry}`;
        assert.equal(childIgnoredBy([level], rel, entry, isDir), ignoredBy([level], rel, isDir), `${rules.join(' | ')} → ${rel}${isDir ? '/' : ''}`);
      }),
      fcRuns(1500),
    );
    assert.ok(simpleLevels > 1000, `the plain-rule path was taken ${simpleLevels} times`);
  });
});

describe('FolderReader', () => {
  it('keeps at most 32 listings in flight and hands each folder its own entries', async () => {
    let now = 0;
    let most = 0;
    const ws = {
      ...createNodeWorkspace('/w'),
      async list(p: string): Promise<FsEntry[]> {
        now++;
        most = Math.max(most, now);
        await new Promise((r) => setTimeout(r, 1));
        now--;
        return [{ absPath: `${p}/inside.txt`, name: 'inside.txt', type: 'file', size: 0, mtimeMs: 0 }];
      },
    } satisfies Workspace;
    const reader = new FolderReader(ws);
    const folders = Array.from({ length: 200 }, (_, i) => `/w/folder-${i}`);
    for (const f of folders) reader.readAhead(f);
    const listed = await Promise.all(folders.map((f) => reader.list(f)));
    assert.ok(most <= 32 && most > 1, `${most} in flight`);
    assert.deepEqual(
      listed.map((entries) => entries[0].absPath),
      folders.map((f) => `${f}/inside.txt`),
    );
  });

  it('reports a failed read-ahead to whoever asks for that folder, and to no one otherwise', async () => {
    const ws = {
      ...createNodeWorkspace('/w'),
      list: async (p: string) => Promise.reject(Object.assign(new Error(`${p}: permission denied`), { code: 'EACCES' })),
    };
    const reader = new FolderReader(ws);
    let unhandled = 0;
    const count = () => unhandled++;
    process.on('unhandledRejection', count);
    try {
      reader.readAhead('/w/private');
      reader.readAhead('/w/never-asked');
      await assert.rejects(reader.list('/w/private'), /permission denied/);
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(unhandled, 0);
    } finally {
      process.off('unhandledRejection', count);
    }
  });
});
