import { strict as assert } from 'node:assert';
import { manifestDigest, manifestPathFor, manifestRef, parseManifest, renderManifest } from '../../../src/core/sop/evidenceManifest';

describe('the evidence manifest beside an SOP', () => {
  it('reads back every path and hash it writes, whatever the file is called', () => {
    const files = [
      { path: 'refunds/mail/2026-11-13 re: approval over 200.eml', bytes: 1200, sha256: 'a'.repeat(64) },
      { path: 'refunds/notes/"quoted" #1.md', bytes: 10, sha256: '0'.repeat(64) },
      { path: '-leading-dash.csv', bytes: 0, sha256: '1234567890'.repeat(6) + '1234' },
      { path: 'yes', bytes: 3 },
      { path: '0x1f', bytes: 3 },
      { path: 'exports/2026-10/bank.csv', bytes: 512, sha256: 'f'.repeat(64) },
      { path: 'notes/café ☕.md', bytes: 7, sha256: 'b'.repeat(64) },
    ];
    const text = renderManifest('sops/refunds.sop.md', files, { by: 'Helena Varga (Support Lead)', date: '2026-11-30' });
    const read = parseManifest(text);
    assert.equal(read.problem, undefined);
    assert.equal(read.sop, 'refunds.sop.md');
    assert.deepEqual(read.files, files);
    assert.match(text, /^ {2}- path: exports\/2026-10\/bank\.csv$/m, 'an ordinary path is written as it is');
  });

  it('writes an empty list when no file was recorded, and reads it back', () => {
    assert.deepEqual(parseManifest(renderManifest('sops/x.sop.md', [])).files, []);
  });

  it('is named beside the SOP and followed only inside the workspace', () => {
    assert.equal(manifestPathFor('sops/refunds.sop.md'), 'sops/refunds.evidence.yaml');
    assert.equal(manifestPathFor('sops/refunds.sop.md', 2), 'sops/refunds-2.evidence.yaml');
    assert.deepEqual(manifestRef('refunds.evidence.yaml', 'sops/refunds.sop.md'), { path: 'sops/refunds.evidence.yaml' });
    assert.match(JSON.stringify(manifestRef('../../../etc/passwd.evidence.yaml', 'sops/refunds.sop.md')), /leads outside the workspace/);
    assert.match(JSON.stringify(manifestRef('/etc/x.evidence.yaml', 'sops/refunds.sop.md')), /absolute path/);
    assert.match(JSON.stringify(manifestRef('notes.md', 'sops/refunds.sop.md')), /not an evidence manifest/);
    assert.equal(manifestRef(undefined, 'sops/refunds.sop.md'), undefined);
  });

  it('gives one digest for the same files in any order, and another when a hash changes', () => {
    const a = [
      { path: 'a.csv', sha256: '1'.repeat(64) },
      { path: 'b.csv', sha256: '2'.repeat(64) },
    ];
    assert.equal(manifestDigest(a), manifestDigest([...a].reverse()));
    assert.notEqual(manifestDigest(a), manifestDigest([a[0], { path: 'b.csv', sha256: '3'.repeat(64) }]));
  });

  it('says what is wrong with a file that is not a manifest, without throwing, in bounded time', () => {
    assert.match(parseManifest('notes: mine\n').problem ?? '', /no `files:` list/);
    assert.match(parseManifest('files: [\n').problem ?? '', /not valid YAML/);
    const started = Date.now();
    assert.ok(parseManifest('files:\n' + '  - path: x\n'.repeat(50_000)).files.length > 0 || true);
    assert.match(parseManifest('['.repeat(100_000)).problem ?? '', /nests lists or maps/);
    assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
  });
});
