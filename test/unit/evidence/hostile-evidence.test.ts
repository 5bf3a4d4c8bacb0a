import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { collectEvidence } from '../../../src/core/evidence/collect';
import { compactJson, extractJson, extractXlsx } from '../../../src/core/evidence/extract/data';
import { extractDocx, extractHtml } from '../../../src/core/evidence/extract/document';
import { extractEmail } from '../../../src/core/evidence/extract/email';
import { extractScript } from '../../../src/core/evidence/extract/script';
import { IGNORE_LIMITS, ignoredBy, loadIgnoreLevel, refusePattern } from '../../../src/core/workspace/ignoreFiles';
import type { EvidenceBundle } from '../../../src/core/evidence/types';
import type { Workspace } from '../../../src/core/workspace/port';
import { toPosix } from '../../../src/core/workspace/paths';
import { docx, tempDir, zipEntries } from './files';

/**
 * Evidence written to hurt: ignore patterns that backtrack, zip bombs, JSON and HTML nested tens of
 * thousands deep, scripts made of brackets and quotes. Each is read in bounded time, without
 * throwing, and the file is listed with a reason or a note.
 */

const fs = createNodeWorkspace('/');

function write(root: string, rel: string, content: string | Buffer): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), content);
}

async function timed<T>(limitMs: number, what: string, run: () => Promise<T> | T): Promise<T> {
  const start = Date.now();
  const result = await run();
  const ms = Date.now() - start;
  assert.ok(ms < limitMs, `${what} took ${ms} ms (limit ${limitMs} ms)`);
  return result;
}

const reasonOf = (b: EvidenceBundle, path: string) => b.excluded.find((e) => e.path === path)?.reason;

/** A ZIP whose entries may declare sizes other than their real ones. */

const WORD_PARTS = {
  types: Buffer.from(
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
  ),
  rels: Buffer.from(
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  ),
};

/** A Word file whose document part is `document`, declaring `declaredSize` for it. */
function wordFile(document: Buffer, declaredSize?: number): Buffer {
  return zipEntries([
    { name: '[Content_Types].xml', content: WORD_PARTS.types },
    { name: '_rels/.rels', content: WORD_PARTS.rels },
    { name: 'word/document.xml', content: document, declaredSize },
  ]);
}

describe('hostile evidence: ignore files', () => {
  it('refuses patterns whose matching cost grows with the path, and keeps ordinary ones', () => {
    assert.match(refusePattern('**/a/**/a/**/a/**/a/**/b')!, /too many "\*\*" \(5; the limit is 2\)/);
    assert.match(refusePattern('*a*a*a*a*a*a*a*a*a*a*a*b')!, /too many wildcards \(12; the limit is 8\)/);
    assert.match(refusePattern(`build/${'x'.repeat(600)}`)!, /too long \(606 characters; the limit is 512\)/);
    for (const ok of ['*.log', '**/node_modules/', 'logs/**', '**/build/**', 'src/**/test/*.snap', '!out/', '[Dd]ebug/', 'a\\ b.txt']) {
      assert.equal(refusePattern(ok), undefined, ok);
    }
  });

  it('matches 10,000 paths against a crafted ignore file in bounded time', async () => {
    const crafted = [
      '# crafted',
      '**/a/**/a/**/a/**/a/**/a/**/a/**/b',
      'a/**/**/**/**/**/**/**/**/b',
      '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b',
      `${'\\'.repeat(3000)}x`,
      ...Array.from({ length: 3000 }, (_, i) => `**/cache${i}/**/*.tmp`),
    ].join('\n');
    const memory: Workspace = {
      ...createNodeWorkspace('/w'),
      list: async () => [],
      stat: async () => ({ absPath: '/w', name: 'w', type: 'directory', size: 0, mtimeMs: 0 }),
      realPath: async (p) => p,
      read: async () => new TextEncoder().encode(crafted),
    };
    const level = (await loadIgnoreLevel(memory, '/w', '', new Set(['.gitignore'])))!;
    assert.match(
      level.refused[0],
      /^\.gitignore line 2: pattern refused, too many "\*\*" \(7; the limit is 2\) — it is not applied, so files it meant to hide may be read; simplify it$/,
    );
    assert.ok(level.refused.some((n) => /^\.gitignore line 5: pattern refused, too long/.test(n)));
    assert.ok(
      level.refused.some((n) =>
        /^\.gitignore from line 506: 2,500 patterns not applied \(the limit is 500 per file and 1,000 in all\), so files they meant to hide may be read; shorten the ignore file or select a smaller folder$/.test(
          n,
        ),
      ),
    );
    const deep = Array.from({ length: 60 }, () => 'a').join('/');
    const paths = Array.from({ length: 10_000 }, (_, i) =>
      i % 100 === 0 ? `${deep}/${'a'.repeat(200)}${i}` : `exports/m${i % 40}/a${'a'.repeat(i % 50)}/report-${i}.csv`,
    );
    // About 0.5 s alone; a crafted pattern used to take over 20 s. The bound leaves room for a loaded machine.
    await timed(5000, '10,000 paths', () => {
      for (const p of paths) ignoredBy([level], p, false);
    });
    assert.equal(ignoredBy([level], 'x/cache7/y/z.tmp', false), 'ignored by .gitignore ("**/cache7/**/*.tmp")');
  });

  it('collects a folder with a crafted .gitignore quickly, notes each refused pattern, and leaves out folders nested too deep', async () => {
    const root = toPosix(tempDir());
    write(root, '.gitignore', ['*.log', '**/a/**/a/**/a/**/a/**/b', 'x'.repeat(700)].join('\n'));
    write(root, 'notes/close.md', '# Close\n');
    write(root, 'run.log', 'noise\n');
    const deep = Array.from({ length: IGNORE_LIMITS.depth + 1 }, (_, i) => `d${i % 10}`).join('/');
    write(root, `${deep}/note.txt`, 'deep\n');
    const b = await timed(2000, 'collecting', () => collectEvidence([root], { workspace: fs, root }));
    assert.deepEqual(
      b.included.map((f) => f.path),
      ['notes/close.md'],
    );
    assert.equal(reasonOf(b, 'run.log'), 'ignored by .gitignore ("*.log")');
    assert.ok(
      b.notes.includes(
        '.gitignore line 2: pattern refused, too many "**" (5; the limit is 2) — it is not applied, so files it meant to hide may be read; simplify it',
      ),
    );
    assert.ok(b.notes.some((n) => n.startsWith('.gitignore line 3: pattern refused, too long (700 characters; the limit is 512)')));
    assert.equal(reasonOf(b, `${deep}/note.txt`), 'nested more than 64 folders deep: not read; select a folder further down to include it');
  });
});

describe('hostile evidence: DOCX and XLSX archives', () => {
  it('refuses a DOCX that declares 4 GB, before inflating anything', async () => {
    const bomb = wordFile(Buffer.from('<w:document/>'), 0xfff00000);
    await assert.rejects(
      () => timed(2000, 'DOCX bomb', () => extractDocx(bomb)),
      /^Error: DOCX expands to 4\.0 GB \(limit 50 MB\): not read; it may be a zip bomb or a very large document — save the text as \.txt to include it$/,
    );
  });

  it('refuses a DOCX whose part lies about its size, by inflating it with a cap', async () => {
    const lying = wordFile(Buffer.alloc(12 * 1024 * 1024, 0x20), 2048);
    await assert.rejects(
      () => timed(2000, 'lying DOCX', () => extractDocx(lying)),
      /DOCX part word\/document\.xml expands beyond 4 MB, more than it declares: not read/,
    );
  });

  it('refuses a DOCX of thousands of parts, and one that expands a thousand times', async () => {
    const many = zipEntries(Array.from({ length: 6000 }, (_, i) => ({ name: `word/media/p${i}.xml`, content: Buffer.from('x'), stored: true })));
    await assert.rejects(() => extractDocx(many), /DOCX holds 6,000 parts \(limit 5,000\): not read/);
    const ratio = wordFile(Buffer.alloc(3 * 1024 * 1024, 0x20));
    await assert.rejects(() => extractDocx(ratio), /DOCX expands \d{3,} times, to 3 MB \(limit 100 times\): not read/);
  });

  it('refuses an XLSX bomb with advice to export CSV', async () => {
    const bomb = zipEntries([{ name: 'xl/worksheets/sheet1.xml', content: Buffer.from('<worksheet/>'), declaredSize: 900 * 1024 * 1024 }]);
    await assert.rejects(
      () => extractXlsx(bomb),
      /^Error: XLSX expands to 900 MB \(limit 50 MB\): not read; it may be a zip bomb or a very large document — export the sheet as CSV to include it$/,
    );
  });

  it('lists a DOCX bomb in a folder as left out with the reason, and still reads an ordinary DOCX', async () => {
    const root = toPosix(tempDir());
    write(root, 'docs/bomb.docx', wordFile(Buffer.from('<w:document/>'), 0xfff00000));
    write(
      root,
      'docs/runbook.docx',
      docx([
        ['Heading1', 'Runbook'],
        ['', 'Run the close.'],
      ]),
    );
    const b = await timed(2000, 'collecting', () => collectEvidence([root], { workspace: fs, root }));
    assert.match(reasonOf(b, 'docs/bomb.docx')!, /DOCX expands to 4\.0 GB \(limit 50 MB\): not read; it may be a zip bomb/);
    assert.ok(b.included.some((f) => f.path === 'docs/runbook.docx' && f.text.includes('Run the close.')));
  });

  it('reads a DOCX of tables nested thousands deep as an error in words, not a stack overflow', async () => {
    const body = '<w:tbl><w:tr><w:tc>'.repeat(4000) + '<w:p><w:r><w:t>deep</w:t></w:r></w:p>' + '<w:p/></w:tc></w:tr></w:tbl>'.repeat(4000);
    const nested = wordFile(
      Buffer.from(
        `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
      ),
    );
    await assert.rejects(() => timed(5000, 'nested DOCX', () => extractDocx(nested)), /DOCX nests tables or lists too deeply to read: not read/);
  });
});

describe('hostile evidence: nesting in JSON, HTML and e-mail', () => {
  it('summarises JSON nested 200,000 deep without overflowing the stack', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const facts = await timed(2000, 'deep JSON', () => extractJson(deep, false))!;
    assert.equal(facts!.rowCount, 1);
    assert.equal(facts!.firstRows[0][0], `${'['.repeat(8)}[…]${']'.repeat(8)}`);
    const records = `[{"account":"4000","detail":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}]`;
    const r = extractJson(records, false)!;
    assert.deepEqual(r.columns, ['account', 'detail']);
    assert.match(r.firstRows[0][1], /^\{"a":\{"a":.*\{…\}\}+$/);
  });

  it('cuts a JSON cell at about 400 characters and stays plain JSON for small values', () => {
    assert.equal(compactJson({ a: [1, 'x', null], b: { c: true } }), '{"a":[1,"x",null],"b":{"c":true}}');
    assert.ok(compactJson(Array.from({ length: 100_000 }, (_, i) => i)).length < 500);
  });

  it('reads JSON Lines of garbage quickly', async () => {
    const facts = await timed(2000, 'garbage JSONL', () => extractJson('{not json\n'.repeat(100_000), true));
    assert.equal(facts!.rowCount, 0);
  });

  it('reads HTML nested 50,000 deep as plain text with a note, and 100,000 unclosed headings quickly', async () => {
    const deep = `<h1>Month-end close</h1>${'<div>'.repeat(50_000)}Reconcile the bank export${'</div>'.repeat(50_000)}`;
    const h = await timed(2000, 'deep HTML', () => extractHtml(deep));
    assert.equal(
      h.text,
      '(tags nested more than 200 deep: read as plain text, without headings, lists or tables)\nMonth-end close\n\nReconcile the bank export',
    );
    assert.deepEqual(h.facts.headings, ['Month-end close']);
    const unclosed = await timed(2000, 'unclosed headings', () => extractHtml('<h1 class="x"'.repeat(20_000) + '<h2>'.repeat(20_000)));
    assert.deepEqual(unclosed.facts.headings, []);
  });

  it('reads an e-mail whose HTML body nests 30,000 deep', async () => {
    const eml = [
      'From: Dana <dana@acme.test>',
      'To: ops@acme.test',
      'Subject: Close checklist',
      'Content-Type: text/html; charset=utf-8',
      '',
      `${'<table><tr><td>'.repeat(10_000)}Approved for October${'</td></tr></table>'.repeat(10_000)}`,
    ].join('\r\n');
    const m = await timed(2000, 'deep e-mail', () => extractEmail(new TextEncoder().encode(eml)));
    assert.match(
      m.text,
      /Subject: Close checklist\n\n\(tags nested more than 200 deep: read as plain text, without headings, lists or tables\)\nApproved for October$/,
    );
  });

  it('lists an e-mail nested beyond the MIME parser’s limit with a reason', async () => {
    const parts = Array.from({ length: 300 }, (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`).join('');
    const eml = `From: a@acme.test\r\nTo: b@acme.test\r\nSubject: deep\r\n${parts}Content-Type: text/plain\r\n\r\nbody\r\n`;
    await assert.rejects(
      () => extractEmail(new TextEncoder().encode(eml)),
      /^Error: e-mail cannot be read \(Maximum MIME nesting depth .*\): not read; save the message again/,
    );
  });

  it('collects deep JSON, HTML and e-mail from a folder without a crash', async () => {
    const root = toPosix(tempDir());
    write(root, 'exports/deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    write(root, 'wiki/deep.html', `${'<span>'.repeat(30_000)}Close the books${'</span>'.repeat(30_000)}`);
    const b = await timed(5000, 'collecting', () => collectEvidence([root], { workspace: fs, root }));
    assert.deepEqual(
      b.included.map((f) => `${f.path} ${f.kind}`),
      ['exports/deep.json data', 'wiki/deep.html document'],
    );
    assert.match(b.included[1].text, /^\(tags nested more than 200 deep: read as plain text/);
  });
});

describe('hostile evidence: script extractors on pathological code', () => {
  const K = 100_000;
  const inputs: Record<string, string> = {
    'a line of 100k "("': '('.repeat(K),
    'unbalanced quotes': `x = "${'a'.repeat(K)}`,
    'runs of backslashes': '\\'.repeat(K),
    '50k lines': 'x\n'.repeat(K / 2),
    'blank lines': '\n'.repeat(K),
    'deep heredocs': 'cat <<EOF\n'.repeat(K / 10),
    'unclosed calls over lines': 'open(\n'.repeat(K / 6),
    'nested command substitutions': '$(\n'.repeat(K / 3),
    'template literals in template literals': '`${\n'.repeat(K / 4),
    'tests padded with spaces': `if [ ${' '.repeat(4900)}x\n`.repeat(20),
    'usage echo padded with spaces': `echo usage: ${' '.repeat(4900)}x\n`.repeat(20),
    'exits on every line': '    sys.exit(1)\n'.repeat(K / 16),
  };
  const languages = ['shell', 'python', 'javascript', 'powershell', 'sql', 'make', 'dockerfile', 'ruby'];
  for (const [name, text] of Object.entries(inputs)) {
    it(`${name}: every extractor finishes in bounded time`, async () => {
      for (const language of languages) await timed(2000, `${language} on ${name}`, () => extractScript(text, 'x', language));
    });
  }

  it('says when only the first part of a very large script was analysed', () => {
    const f = extractScript(
      `#!/bin/bash\n# Fetch the exports.\n${'curl -o exports/bank.csv https://bank.example/export\n'.repeat(10_000)}`,
      'fetch.sh',
      'shell',
    );
    assert.equal(f.description, 'Fetch the exports. (Only its first 256 KB were analysed for these facts.)');
    assert.deepEqual(f.outputs, ['exports/bank.csv']);
  });
});
