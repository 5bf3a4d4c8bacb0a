import { strict as assert } from 'node:assert';
import { writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { fitToBudget, totalChars } from '../../../src/core/evidence/budget';
import { collectEvidence } from '../../../src/core/evidence/collect';
import type { EvidenceBundle, EvidenceFile } from '../../../src/core/evidence/types';
import { toPosix } from '../../../src/core/workspace/paths';
import { tempDir } from './files';

function doc(path: string, text: string, kind: EvidenceFile['kind'] = 'document'): EvidenceFile {
  return {
    path,
    absPath: `/w/${path}`,
    kind,
    bytes: text.length,
    mtimeMs: 0,
    sha256: '',
    facts: kind === 'document' ? { type: 'document', headings: [] } : { type: 'other' },
    text,
    summarized: false,
    redactions: {},
  };
}

describe('evidence: fitting the budget', () => {
  let root: string;
  let bundle: EvidenceBundle;
  before(async () => {
    root = toPosix(tempDir('sop-budget-'));
    mkdirSync(`${root}/scripts`);
    mkdirSync(`${root}/notes`);
    const script = [
      '#!/usr/bin/env python3',
      '"""Reconcile payouts. Usage: python3 scripts/reconcile.py --month 2026-10"""',
      'import sys',
      'TOLERANCE = 0.5',
      'rows = open(f"exports/bank-{sys.argv[1]}.csv").read()',
      ...Array.from({ length: 1200 }, (_, i) => `total_${i} = ${i} * 2  # keep a running tally of line ${i}`),
      'if len(rows) > 1000:',
      '    sys.exit(3)',
    ].join('\n');
    writeFileSync(`${root}/scripts/reconcile.py`, script);
    writeFileSync(`${root}/notes/long-notes.md`, `# Notes\n\n${'The close went fine. '.repeat(1000)}\nLast line: ask Priya.\n`);
    writeFileSync(`${root}/notes/short.md`, '# Short\n\nRan the script.\n');
    bundle = await collectEvidence([root], { workspace: createNodeWorkspace('/'), root, budgetChars: 10_000 });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('cuts the largest file first until the evidence fits', () => {
    assert.ok(totalChars(bundle) <= 10_000, String(totalChars(bundle)));
    const short = bundle.included.find((f) => f.path === 'notes/short.md')!;
    assert.equal(short.summarized, false);
    assert.equal(short.text, '# Short\n\nRan the script.\n');
  });

  it('keeps a script’s facts and its head, and notes what was cut', () => {
    const s = bundle.included.find((f) => f.path === 'scripts/reconcile.py')!;
    assert.equal(s.summarized, true);
    assert.match(s.text, /^Facts found in the script:\nWhat it does: Reconcile payouts\./);
    assert.match(s.text, /Reads: exports\/bank-\{sys\.argv\[1\]\}\.csv/);
    assert.match(s.text, /Stops: exit 3 if len\(rows\) > 1000/);
    assert.match(s.text, /First 2,000 characters:\n#!\/usr\/bin\/env python3/);
    assert.match(bundle.notes[0], /^scripts\/reconcile\.py: cut to its first 2,000 characters and the facts found in it \([\d,]+ characters\)$/);
  });

  it('keeps a document’s head and tail', () => {
    const n = bundle.included.find((f) => f.path === 'notes/long-notes.md')!;
    assert.equal(n.summarized, true);
    assert.match(n.text, /^# Notes/);
    assert.match(n.text, /\[… [\d,]+ characters cut …\]/);
    assert.match(n.text, /Last line: ask Priya\.\n$/);
    assert.ok(
      bundle.notes.some((x) => /^notes\/long-notes\.md: cut to its first 1,500 and last 500 characters \(21,\d{3} characters\)$/.test(x)),
      bundle.notes.join('\n'),
    );
  });

  it('leaves a bundle under budget alone, and cuts harder when it must', () => {
    const small: EvidenceBundle = { root: '/w', selection: ['.'], included: [doc('a.md', 'x'.repeat(100))], excluded: [], notes: [] };
    fitToBudget(small, 1000);
    assert.equal(small.included[0].summarized, false);
    assert.deepEqual(small.notes, []);

    const many: EvidenceBundle = {
      root: '/w',
      selection: ['.'],
      included: Array.from({ length: 20 }, (_, i) => doc(`n${i}.md`, 'y'.repeat(5000 + i))),
      excluded: [],
      notes: [],
    };
    fitToBudget(many, 8000);
    assert.ok(totalChars(many) <= 8000, String(totalChars(many)));
    assert.equal(many.notes.length, 20);
    assert.match(many.notes[0], /^n19\.md: cut to its first 200 characters \(5,019 characters\)$/);
  });

  it('says so when even the shortest cuts do not fit', () => {
    const huge: EvidenceBundle = {
      root: '/w',
      selection: ['.'],
      included: Array.from({ length: 50 }, (_, i) => doc(`n${i}.md`, 'z'.repeat(3000))),
      excluded: [],
      notes: [],
    };
    fitToBudget(huge, 1000);
    assert.match(
      huge.notes[huge.notes.length - 1],
      /^The evidence is still [\d,]+ characters after cutting every file \(the budget is 1,000\): select fewer files/,
    );
  });
});
