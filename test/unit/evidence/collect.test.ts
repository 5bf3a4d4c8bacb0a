import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { collectEvidence } from '../../../src/core/evidence/collect';
import type { EvidenceBundle, ScriptFacts } from '../../../src/core/evidence/types';
import type { Workspace } from '../../../src/core/workspace/port';
import { toPosix } from '../../../src/core/workspace/paths';
import { ACME, REPO } from '../helpers';
import { docx, tempDir, xlsx } from './files';

const EXAMPLE = toPosix(resolve(REPO, 'examples/month-end-close'));
const fs = createNodeWorkspace('/');
const collect = (root: string, selection: string[] = [root], extra: Partial<Parameters<typeof collectEvidence>[1]> = {}) =>
  collectEvidence(selection, { workspace: fs, root, ...extra });
const reasonOf = (b: EvidenceBundle, path: string) => b.excluded.find((e) => e.path === path)?.reason;
const fileOf = (b: EvidenceBundle, path: string) => b.included.find((f) => f.path === path);

function write(root: string, rel: string, content: string | Buffer): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), content);
}

describe('evidence: collectEvidence on the example month-end close', () => {
  let b: EvidenceBundle;
  before(async () => {
    b = await collect(EXAMPLE);
  });

  it('includes every file but the .env, in path order, each with its kind', () => {
    assert.deepEqual(
      b.included.map((f) => `${f.path} ${f.kind}`),
      [
        'README.md document',
        'emails/2026-11-02-reconciliation-review.eml email',
        'emails/2026-11-03-approved.eml email',
        'exports/bank-2026-10.csv data',
        'exports/stripe-payouts-2026-10.csv data',
        'notes/2026-10-close-notes.md document',
        'old-sop/month-end-close-2025.md previous-sop',
        'out/reconciliation-2026-10.csv data',
        'package.json script',
        'screenshots/bank-portal-closing-balance-2026-10.png image',
        'scripts/fetch_exports.sh script',
        'scripts/reconcile.py script',
        'scripts/summarise.sql script',
      ],
    );
    assert.deepEqual(b.selection, ['.']);
    assert.equal(b.root, EXAMPLE);
  });

  it('excludes the .env with reason "sensitive: environment file", and none of its secrets appear anywhere', () => {
    assert.deepEqual(b.excluded, [{ path: '.env', reason: 'sensitive: environment file' }]);
    const all = JSON.stringify(b);
    assert.ok(!all.includes('S3cr3tPassw0rd'));
    assert.ok(!all.includes('51Hx9aQ2eZvKYlo2C8cR4'));
  });

  it("reconcile.py's facts: input exports/bank-{month}.csv, output out/reconciliation-{month}.csv, tolerance 0.50, exit 3 when payouts are unmatched", () => {
    const f = fileOf(b, 'scripts/reconcile.py')!.facts as ScriptFacts;
    assert.ok(f.inputs.includes('exports/bank-{month}.csv'));
    assert.deepEqual(f.outputs, ['out/reconciliation-{month}.csv']);
    assert.ok(f.thresholds.some((t) => t.text === '--tolerance default 0.50'));
    assert.ok(f.exits.some((e) => e.code === 3 && /unmatched/.test(e.text)));
  });

  it('keeps out/ (real outputs of the work), summarises data, attaches the screenshot', () => {
    const report = fileOf(b, 'out/reconciliation-2026-10.csv')!;
    assert.equal(report.summarized, true);
    assert.match(report.text, /^CSV: 4 rows, 4 columns: payout_id, net, bank_date, status/);
    const png = fileOf(b, 'screenshots/bank-portal-closing-balance-2026-10.png')!;
    assert.equal(png.image?.mime, 'image/png');
    assert.deepEqual(png.facts, { type: 'image', format: 'png', width: 320, height: 120 });
  });

  it('hashes the full bytes and records size and absolute path', () => {
    const f = fileOf(b, 'scripts/reconcile.py')!;
    const bytes = readFileSync(resolve(EXAMPLE, 'scripts/reconcile.py'));
    assert.equal(f.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(f.bytes, bytes.length);
    assert.equal(f.absPath, `${EXAMPLE}/scripts/reconcile.py`);
  });

  it('fits the default budget without cutting anything', () => {
    assert.deepEqual(b.notes, []);
    assert.ok(b.included.filter((f) => f.kind !== 'data').every((f) => !f.summarized));
  });
});

describe('evidence: collectEvidence on acme-ops', () => {
  it('leaves out a file whose name says payroll, and reads earlier SOPs as previous SOPs', async () => {
    const b = await collect(toPosix(ACME));
    assert.equal(reasonOf(b, 'docs/payroll-cutoff.md'), 'sensitive: name says payroll (personal data)');
    assert.equal(fileOf(b, 'sops/vendor-onboarding.md')?.kind, 'previous-sop');
    assert.equal(fileOf(b, 'sops/customer-refunds.sop.md')?.kind, 'previous-sop');
    assert.equal(fileOf(b, 'notes/october-close-notes.md')?.kind, 'document');
  });

  it('reads only what is selected: a folder and a single file, paths relative to the root', async () => {
    const root = toPosix(ACME);
    const b = await collect(root, [`${root}/scripts`, `${root}/emails/2026-10-04-signoff.eml`, `${root}/scripts/clean_sales.py`]);
    assert.deepEqual(b.selection, ['scripts', 'emails/2026-10-04-signoff.eml', 'scripts/clean_sales.py']);
    assert.deepEqual(
      b.included.map((f) => f.path),
      ['emails/2026-10-04-signoff.eml', 'scripts/build_report.sh', 'scripts/clean_sales.py', 'scripts/summarise.py'],
    );
    assert.deepEqual(b.excluded, []);
  });

  it('refuses a selection outside the workspace', async () => {
    const b = await collect(toPosix(ACME), [EXAMPLE]);
    assert.deepEqual(b.included, []);
    assert.match(b.excluded[0].reason, /^outside the workspace/);
  });
});

describe('evidence: the walker on awkward folders', () => {
  let root: string;
  let outside: string;
  let b: EvidenceBundle;
  const isRoot = process.getuid?.() === 0;

  before(async () => {
    root = toPosix(tempDir());
    outside = toPosix(tempDir('sop-outside-'));
    write(outside, 'secret-plans.md', '# not yours\n');

    write(root, 'notes.md', '# Notes\n');
    write(root, 'three.md', '# Three\n');
    write(root, 'chrome.txt', 'browser notes\n');
    write(root, '...', 'a file named with dots\n');
    // ignore files: root, nested, and .sopignore bringing back what .gitignore drops
    write(root, '.gitignore', '*.log\nreports/\ntmp/\n');
    write(root, '.sopignore', '!reports/\ndrafts/\n');
    write(root, 'run.log', 'log\n');
    write(root, 'reports/summary.csv', 'a,b\n1,2\n');
    write(root, 'tmp/scratch.txt', 'x\n');
    write(root, 'drafts/wip.md', '# WIP\n');
    write(root, 'sub/.gitignore', '!keep.log\nlocal-*.csv\n');
    write(root, 'sub/keep.log', 'kept\n');
    write(root, 'sub/other.log', 'dropped\n');
    write(root, 'sub/local-export.csv', 'a\n1\n');
    write(root, 'sub/export.csv', 'a\n1\n');
    // folders that never hold evidence
    write(root, 'node_modules/x/index.js', 'module.exports = 1;\n');
    write(root, '.git/config', '[core]\n');
    write(root, 'tool/package.json', '{"name":"tool"}\n');
    write(root, 'tool/dist/bundle.js', 'x\n');
    write(root, 'business/dist/distribution-list.csv', 'name\nA\n');
    write(root, '__pycache__/x.pyc', 'x');
    // sensitive names
    write(root, '.env.production', 'X=1\n');
    write(root, 'hr/handbook.md', '# HR\n');
    write(root, 'HR-policies.md', '# Policies\n');
    write(root, 'salary_2026.csv', 'name,salary\nA,1\n');
    write(root, 'keys/id_rsa', 'k');
    write(root, 'keys/server.key', 'k');
    write(root, 'credentials.json', '{}');
    write(root, '.npmrc', '//registry.npmjs.org/:_authToken=x\n');
    write(root, 'vendor-contracts/acme.md', '# Contract\n');
    write(root, 'my-secret-notes.md', '# secret\n');
    // links
    symlinkSync(`${outside}/secret-plans.md`, `${root}/plans-link.md`);
    symlinkSync(outside, `${root}/outside-dir`);
    symlinkSync('..', `${root}/sub/up`);
    symlinkSync(`${root}/self-loop`, `${root}/self-loop`);
    symlinkSync(`${root}/notes.md`, `${root}/notes-again.md`);
    symlinkSync(`${root}/missing.md`, `${root}/dangling.md`);
    symlinkSync(`${root}/.env.production`, `${root}/innocent.md`);
    // a FIFO, binaries, a huge file, encodings
    execFileSync('mkfifo', [`${root}/pipe`]);
    write(root, 'blob.bin', Buffer.from([0x01, 0x02, 0x00, 0xff, 0x10]));
    write(root, 'archive.zip', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]));
    write(root, 'statement.pdf', '%PDF-1.7\n');
    write(root, 'huge.log.txt', 'x'.repeat(6 * 1024 * 1024));
    write(root, 'exports/huge.csv', 'id,amount\n' + Array.from({ length: 500_000 }, (_, i) => `${i + 1},1.50`).join('\n') + '\n');
    write(root, 'exports/unicode.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Datum;Betrag\r\n01.10.2026;1.234,50\r\n', 'utf16le')]));
    write(root, 'latin1.txt', Buffer.from('Caf\xe9 Müller: réglé\n', 'latin1'));
    write(
      root,
      'close.xlsx',
      xlsx({
        Sheet1: [
          ['ref', 'amount'],
          ['a', 10],
          ['b', 2.5],
        ],
      }),
    );
    write(
      root,
      'procedure.docx',
      docx([
        ['Heading1', 'Close'],
        ['', 'Step one.'],
      ]),
    );
    write(root, 'unreadable.md', '# private\n');
    if (!isRoot) chmodSync(`${root}/unreadable.md`, 0o000);

    b = await collect(root);
  });

  after(() => {
    try {
      chmodSync(`${root}/unreadable.md`, 0o644);
    } catch {
      // already readable
    }
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('honours .gitignore and .sopignore, nested, with .sopignore able to bring files back', () => {
    assert.equal(reasonOf(b, 'run.log'), 'ignored by .gitignore ("*.log")');
    assert.equal(reasonOf(b, 'tmp/'), 'ignored by .gitignore ("tmp/")');
    assert.equal(reasonOf(b, 'drafts/'), 'ignored by .sopignore ("drafts/")');
    assert.ok(fileOf(b, 'reports/summary.csv'), '.sopignore !reports/ brings back reports/');
    assert.ok(fileOf(b, 'sub/keep.log'), 'sub/.gitignore !keep.log brings it back');
    assert.equal(reasonOf(b, 'sub/other.log'), 'ignored by .gitignore ("*.log")');
    assert.equal(reasonOf(b, 'sub/local-export.csv'), 'ignored by sub/.gitignore ("local-*.csv")');
    assert.ok(fileOf(b, 'sub/export.csv'));
  });

  it('applies the ignore files between the root and a selection', async () => {
    const s = await collect(root, [`${root}/sub`]);
    assert.deepEqual(
      s.included.map((f) => f.path),
      ['sub/export.csv', 'sub/keep.log'],
    );
    assert.equal(reasonOf(s, 'sub/up/'), 'link loop: leads back to the workspace root');
    assert.equal(reasonOf(s, 'sub/other.log'), 'ignored by .gitignore ("*.log")');
  });

  it('skips .git, node_modules, caches, and dist/ next to a package.json only', () => {
    assert.equal(reasonOf(b, '.git/'), 'skipped: version control data');
    assert.equal(reasonOf(b, 'node_modules/'), 'skipped: installed packages (node_modules)');
    assert.equal(reasonOf(b, '__pycache__/'), 'skipped: Python cache');
    assert.equal(reasonOf(b, 'tool/dist/'), 'skipped: build output (dist/ next to package.json)');
    assert.ok(fileOf(b, 'business/dist/distribution-list.csv'));
  });

  it('leaves out sensitive names without reading them, and keeps look-alikes', () => {
    assert.equal(reasonOf(b, '.env.production'), 'sensitive: environment file');
    assert.equal(reasonOf(b, 'hr/'), 'sensitive: name says HR (personal data)');
    assert.equal(reasonOf(b, 'HR-policies.md'), 'sensitive: name says HR (personal data)');
    assert.equal(reasonOf(b, 'salary_2026.csv'), 'sensitive: name says salary (personal data)');
    assert.equal(reasonOf(b, 'vendor-contracts/'), 'sensitive: name says contract (personal data)');
    assert.equal(reasonOf(b, 'keys/id_rsa'), 'sensitive: private key or certificate');
    assert.equal(reasonOf(b, 'keys/server.key'), 'sensitive: private key or certificate');
    assert.equal(reasonOf(b, 'credentials.json'), 'sensitive: credentials or secrets file');
    assert.equal(reasonOf(b, '.npmrc'), 'sensitive: credentials or secrets file');
    assert.equal(reasonOf(b, 'my-secret-notes.md'), 'sensitive: credentials or secrets file');
    assert.ok(fileOf(b, 'three.md'));
    assert.ok(fileOf(b, 'chrome.txt'));
    assert.ok(fileOf(b, '...'), 'odd names do not upset the rules');
  });

  it('never follows a link out of the workspace, survives loops, reads a linked file once', () => {
    assert.match(reasonOf(b, 'plans-link.md') ?? '', /^link leads outside the workspace \(to .*secret-plans\.md\): not followed$/);
    assert.match(reasonOf(b, 'outside-dir') ?? '', /^link leads outside the workspace/);
    assert.equal(reasonOf(b, 'sub/up/'), 'link loop: leads back to the workspace root');
    assert.match(reasonOf(b, 'self-loop') ?? '', /^broken link: too many levels of links/);
    assert.match(reasonOf(b, 'dangling.md') ?? '', /^broken link: it no longer exists/);
    assert.ok(fileOf(b, 'notes.md'));
    assert.equal(reasonOf(b, 'notes.md'), undefined);
    assert.ok(!JSON.stringify(b).includes('not yours'));
    assert.equal(reasonOf(b, 'innocent.md'), 'sensitive: environment file (the link leads to .env.production)');
    assert.equal(reasonOf(b, 'notes-again.md'), 'same file as notes.md (through a link): read once');
  });

  it('does not open FIFOs, names binaries, and leaves out text too large to read', () => {
    assert.equal(reasonOf(b, 'pipe'), 'not a regular file (a pipe, socket or device): not read');
    assert.equal(reasonOf(b, 'blob.bin'), 'binary file (binary data): not read');
    assert.equal(reasonOf(b, 'archive.zip'), 'binary file (ZIP archive or Office file): not read');
    assert.match(reasonOf(b, 'statement.pdf') ?? '', /^PDF is not read: copy the text/);
    assert.equal(reasonOf(b, 'huge.log.txt'), 'too large: 6 MB (the limit is 5 MB)');
  });

  it('summarises a data export larger than the limit from its first part, and says so', () => {
    const f = fileOf(b, 'exports/huge.csv')!;
    assert.equal(f.kind, 'data');
    assert.equal(f.summarized, true);
    const facts = f.facts as { partial?: boolean; rowCount: number; columns: string[] };
    assert.equal(facts.partial, true);
    assert.deepEqual(facts.columns, ['id', 'amount']);
    assert.ok(facts.rowCount > 100_000 && facts.rowCount < 500_000, String(facts.rowCount));
    assert.match(f.text, /^CSV: at least [\d]+ rows/);
    assert.match(f.text, /Only the first 5 MB of 5\.\d MB were read/);
    assert.ok(
      b.notes.some((n) => /^exports\/huge\.csv: 5\.\d MB, larger than the 5 MB limit: summarised from its first 5 MB/.test(n)),
      b.notes.join('\n'),
    );
    const bytes = readFileSync(`${root}/exports/huge.csv`);
    assert.equal(f.sha256, createHash('sha256').update(bytes).digest('hex'), 'the hash covers the whole file');
  });

  it('decodes UTF-16 and Latin-1 text, and reads XLSX and DOCX', () => {
    const u = fileOf(b, 'exports/unicode.csv')!;
    assert.equal(u.encoding, 'utf-16le');
    assert.deepEqual((u.facts as { sums: object }).sums, { Betrag: 1234.5 });
    const l = fileOf(b, 'latin1.txt')!;
    assert.equal(l.encoding, 'windows-1252');
    assert.equal(l.text, 'Café Müller: réglé\n');
    const x = fileOf(b, 'close.xlsx')!;
    assert.deepEqual((x.facts as { sums: object }).sums, { amount: 12.5 });
    const d = fileOf(b, 'procedure.docx')!;
    assert.equal(d.kind, 'document');
    assert.match(d.text, /Step one\./);
  });

  it('records an unreadable file with the error (chmod 000, or a file system that refuses it when running as root)', async () => {
    if (!isRoot) {
      assert.match(reasonOf(b, 'unreadable.md') ?? '', /^could not be read: permission denied \(EACCES\)/);
      return;
    }
    // As root chmod 000 does not stop reading: use a file system that refuses this one file, and one whose listing names a file that is gone.
    const refusing: Workspace = {
      ...fs,
      read: async (p, max) => {
        if (p.endsWith('/unreadable.md')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        return fs.read(p, max);
      },
      list: async (p) => {
        const entries = await fs.list(p);
        if (p === root) entries.push({ absPath: `${root}/vanished.md`, name: 'vanished.md', type: 'file', size: 10, mtimeMs: 0 });
        return entries;
      },
    };
    const r = await collectEvidence([root], { workspace: refusing, root });
    assert.equal(reasonOf(r, 'unreadable.md'), 'could not be read: permission denied (EACCES)');
    assert.equal(reasonOf(r, 'vanished.md'), 'could not be read: it no longer exists (ENOENT)');
  });

  it('records an unreadable folder', async () => {
    const refusing: Workspace = {
      ...fs,
      list: async (p) => {
        if (p.endsWith('/sub')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        return fs.list(p);
      },
    };
    const r = await collectEvidence([root], { workspace: refusing, root });
    assert.equal(reasonOf(r, 'sub/'), 'folder cannot be read: permission denied (EACCES)');
  });

  it('takes extra sensitive patterns, which only add to the built-in ones', async () => {
    write(root, 'conf/.env', 'DATABASE_URL=postgres://finance:S3cr3tPassw0rd@db.internal:5432/ledger\n');
    const extra = await collect(root, [`${root}/conf`, `${root}/notes.md`], { sensitive: ['notes.md', '!.env', '!conf/'] });
    assert.equal(reasonOf(extra, 'notes.md'), 'sensitive: matches "notes.md" (your sensitive-files setting)');
    assert.equal(reasonOf(extra, 'conf/.env'), 'sensitive: environment file');
    assert.ok(!JSON.stringify(extra).includes('S3cr3tPassw0rd'));
  });

  it('reports progress, and stops with an AbortError when cancelled', async () => {
    const seen: string[] = [];
    await collect(root, [`${root}/sub`], { onProgress: (m) => seen.push(m) });
    assert.ok(seen.includes('Reading sub/export.csv'), seen.join(' | '));
    const ac = new AbortController();
    let n = 0;
    await assert.rejects(
      collect(root, [root], {
        signal: ac.signal,
        onProgress: () => {
          if (++n === 3) ac.abort();
        },
      }),
      (e: Error) => e.name === 'AbortError',
    );
  });

  it('stops at 2,000 files and says why for the rest', async () => {
    const many = toPosix(tempDir('sop-many-'));
    try {
      for (let i = 0; i < 2003; i++) writeFileSync(`${many}/f${String(i).padStart(4, '0')}.txt`, `${i}\n`);
      const r = await collect(many);
      assert.equal(r.included.length, 2000);
      assert.equal(r.excluded.length, 3);
      assert.match(r.excluded[0].reason, /^too many files: only the first 2,000 are read/);
      assert.equal(r.excluded[0].path, 'f2000.txt');
    } finally {
      rmSync(many, { recursive: true, force: true });
    }
  });
});

describe('evidence: the node file system for the CLI', () => {
  let root: string;
  before(() => {
    root = toPosix(tempDir('sop-nodefs-'));
    write(root, 'a.txt', 'hello world');
    symlinkSync(`${root}/a.txt`, `${root}/link.txt`);
    execFileSync('mkfifo', [`${root}/pipe`]);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('lists entries with link, file and other types, without following links', async () => {
    const entries = (await fs.list(root)).sort((a, b) => (a.name < b.name ? -1 : 1));
    assert.deepEqual(
      entries.map((e) => `${e.name}:${e.type}`),
      ['a.txt:file', 'link.txt:symlink', 'pipe:other'],
    );
    assert.equal(entries[0].absPath, `${root}/a.txt`);
    assert.equal(entries[0].size, 0, 'listings carry no sizes: only files that are read are stat-ed');
    assert.equal((await fs.stat(`${root}/a.txt`)).size, 11);
    assert.equal((await fs.stat(`${root}/link.txt`)).type, 'file');
    assert.equal(await fs.realPath(`${root}/link.txt`), `${root}/a.txt`);
  });

  it('reads at most maxBytes, and refuses a FIFO instead of hanging', async () => {
    assert.equal(Buffer.from(await fs.read(`${root}/a.txt`, 5)).toString(), 'hello');
    assert.equal(Buffer.from(await fs.read(`${root}/a.txt`)).toString(), 'hello world');
    await assert.rejects(fs.read(`${root}/pipe`), /not a regular file/);
  });
});
