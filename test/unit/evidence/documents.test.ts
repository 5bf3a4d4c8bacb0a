import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { classify, isPreviousSop } from '../../../src/core/evidence/classify';
import { decodeText } from '../../../src/core/evidence/decode';
import { extractDocx, extractHtml, extractMarkdown, extractPlainText, extractPreviousSop } from '../../../src/core/evidence/extract/document';
import { extractImage } from '../../../src/core/evidence/extract/image';
import { ACME, REPO } from '../helpers';
import { docx } from './files';

const EXAMPLE = resolve(REPO, 'examples/month-end-close');
const text = (root: string, rel: string) => readFileSync(resolve(root, rel), 'utf8');

describe('evidence: classify', () => {
  const cases: Array<[string, string | undefined, string, string?]> = [
    ['scripts/reconcile.py', undefined, 'script', 'python'],
    ['scripts/fetch_exports.sh', undefined, 'script', 'shell'],
    ['scripts/summarise.sql', undefined, 'script', 'sql'],
    ['tools/build.ts', undefined, 'script', 'typescript'],
    ['tools/run.mjs', undefined, 'script', 'javascript'],
    ['ops/close.ps1', undefined, 'script', 'powershell'],
    ['Makefile', undefined, 'script', 'make'],
    ['Dockerfile', undefined, 'script', 'dockerfile'],
    ['package.json', '{"scripts":{"x":"node x.js"}}', 'script', 'npm'],
    ['package.json', '{"name":"x"}', 'other'],
    ['tsconfig.json', '{}', 'other'],
    ['bin/close', '#!/usr/bin/env bash\necho hi\n', 'script', 'shell'],
    ['bin/report', '#!/usr/bin/python3\nprint(1)\n', 'script', 'python'],
    ['exports/bank.csv', undefined, 'data'],
    ['exports/bank.tsv', undefined, 'data'],
    ['exports/payouts.json', undefined, 'data'],
    ['exports/close.xlsx', undefined, 'data'],
    ['notes/close.md', '# Notes\n\n- ran it\n', 'document'],
    ['notes/close.txt', undefined, 'document'],
    ['notes/close.docx', undefined, 'document'],
    ['emails/approval.eml', undefined, 'email'],
    ['screenshots/a.png', undefined, 'image'],
    ['screenshots/a.JPEG', undefined, 'image'],
    ['old-sop/month-end-close-2025.md', text(EXAMPLE, 'old-sop/month-end-close-2025.md'), 'previous-sop'],
    ['refunds.sop.md', '# Refunds\n', 'previous-sop'],
    ['settings.yaml', 'a: 1\n', 'other'],
  ];
  for (const [path, content, kind, language] of cases) {
    it(`${path} is ${kind}${language ? ` (${language})` : ''}`, () => {
      const c = classify(path, content);
      assert.equal(c.kind, kind);
      if (language) assert.equal(c.language, language);
    });
  }

  it('recognises SOPs written before by name, front matter or shape, and not notes', () => {
    assert.equal(isPreviousSop('sops/vendor-onboarding.md', text(ACME, 'sops/vendor-onboarding.md')), true);
    assert.equal(isPreviousSop('sops/archive/2024-stock-count.md', text(ACME, 'sops/archive/2024-stock-count.md')), true);
    assert.equal(isPreviousSop('docs/x.md', '---\ntype: sop\n---\n# X\n'), true);
    assert.equal(isPreviousSop('notes/2026-10-close-notes.md', text(EXAMPLE, 'notes/2026-10-close-notes.md')), false);
    assert.equal(isPreviousSop('notes/README.md', text(ACME, 'notes/README.md')), false);
    assert.equal(isPreviousSop('docs/meeting-notes.md', text(ACME, 'docs/meeting-notes.md')), false);
    assert.equal(isPreviousSop('sopranos.md', '# Cast\n'), false);
  });
});

describe('evidence: documents, images and text decoding', () => {
  it('previous SOP (example): title, headings and steps', () => {
    const f = extractPreviousSop(text(EXAMPLE, 'old-sop/month-end-close-2025.md'));
    assert.equal(f.title, 'Month-end close (2025)');
    assert.deepEqual(f.headings, ['Month-end close (2025)', 'Purpose', 'Steps']);
    assert.deepEqual(f.steps, [
      'Download the bank statement.',
      'Match Stripe payouts by hand in the spreadsheet close-2025.xlsx.',
      'Get approval.',
      'Post the journal.',
    ]);
  });

  it('Markdown notes: headings', () => {
    assert.deepEqual(extractMarkdown(text(EXAMPLE, 'notes/2026-10-close-notes.md')).headings, ['Close notes — October 2026 (Sam)']);
  });

  it('plain text and reStructuredText: underlined headings', () => {
    assert.deepEqual(extractPlainText('Close notes\n===========\n\nRan it.\n\nProblems\n--------\nnone\n').headings, ['Close notes', 'Problems']);
  });

  it('HTML: text without tags, headings', () => {
    const h = extractHtml(
      '<html><body><h1>Refunds</h1><p>Check the <a href="https://x.example">order</a>.</p><h2>Steps</h2><ol><li>Find it</li></ol></body></html>',
    );
    assert.deepEqual(h.facts.headings, ['Refunds', 'Steps']);
    assert.match(h.text, /Refunds/);
    assert.match(h.text, /Check the order\./);
    assert.ok(!h.text.includes('<'));
  });

  it('DOCX: text and headings', async () => {
    const d = await extractDocx(
      new Uint8Array(
        docx([
          ['Heading1', 'Payroll-free close'],
          ['', 'Download the statement & match it.'],
          ['Heading2', 'Checks'],
          ['', 'Totals agree.'],
        ]),
      ),
    );
    assert.deepEqual(d.facts.headings, ['Payroll-free close', 'Checks']);
    assert.match(d.text, /Download the statement & match it\./);
  });

  it('PNG screenshot (example): format, size, attached as base64', () => {
    const bytes = new Uint8Array(readFileSync(resolve(EXAMPLE, 'screenshots/bank-portal-closing-balance-2026-10.png')));
    const r = extractImage(bytes, 'png');
    assert.deepEqual(r.facts, { type: 'image', format: 'png', width: 320, height: 120 });
    assert.equal(r.image?.mime, 'image/png');
    assert.equal(Buffer.from(r.image!.base64, 'base64').length, bytes.length);
    assert.equal(r.text, 'PNG image, 320×120 pixels');
  });

  it('GIF, JPEG and WebP headers; images over 1 MB are described, not attached', () => {
    const gif = Buffer.from('474946383961' + '0a00' + '1400' + '000000', 'hex');
    assert.deepEqual(extractImage(new Uint8Array(gif), 'gif').facts, { type: 'image', format: 'gif', width: 10, height: 20 });
    const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffc0001108003200640301220002110103110100ffd9', 'hex');
    assert.deepEqual(extractImage(new Uint8Array(jpeg), 'jpg').facts, { type: 'image', format: 'jpg', width: 100, height: 50 });
    const webp = Buffer.concat([
      Buffer.from('RIFF'),
      Buffer.from([0x24, 0, 0, 0]),
      Buffer.from('WEBPVP8X'),
      Buffer.from([10, 0, 0, 0, 0, 0, 0, 0, 0x3f, 0, 0, 0x1f, 0, 0]),
    ]);
    assert.deepEqual(extractImage(new Uint8Array(webp), 'webp').facts, { type: 'image', format: 'webp', width: 64, height: 32 });
    const big = new Uint8Array(1024 * 1024 + 10);
    big.set(readFileSync(resolve(EXAMPLE, 'screenshots/bank-portal-closing-balance-2026-10.png')));
    const r = extractImage(big, 'png');
    assert.equal(r.image, undefined);
    assert.match(r.text, /not attached: larger than 1 MB/);
  });

  it('decodes UTF-8, UTF-16 with and without BOM, and Windows-1252; names binaries', () => {
    assert.deepEqual(decodeText(new Uint8Array(Buffer.from('\uFEFFé', 'utf8'))), { text: 'é', encoding: 'utf-8' });
    assert.deepEqual(decodeText(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Betrag;€', 'utf16le')]))), {
      text: 'Betrag;€',
      encoding: 'utf-16le',
    });
    assert.deepEqual(decodeText(new Uint8Array(Buffer.from('date\tamount\r\n2026-10-01\t12.50\r\n', 'utf16le'))), {
      text: 'date\tamount\r\n2026-10-01\t12.50\r\n',
      encoding: 'utf-16le',
    });
    assert.deepEqual(decodeText(new Uint8Array(Buffer.from('Müller;12,50 €\n', 'latin1').map((b) => (b === 0xac ? 0x80 : b)))), {
      text: 'Müller;12,50 €\n',
      encoding: 'windows-1252',
    });
    assert.deepEqual(decodeText(new Uint8Array(Buffer.from('%PDF-1.7\n'))), { binary: 'PDF document' });
    assert.deepEqual(decodeText(new Uint8Array([1, 2, 0, 4, 5])), { binary: 'binary data' });
    // A multi-byte character cut at the end of a partial read is not an encoding error.
    const cut = new Uint8Array(Buffer.from('naïve', 'utf8').subarray(0, 3));
    assert.equal((decodeText(cut, true) as { encoding: string }).encoding, 'utf-8');
  });
});
