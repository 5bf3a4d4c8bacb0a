import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, hash8, lintCorpus } from '../../../scripts/eval-corpus';
import { put } from '../../support/tempTree';

const SOP = [
  '# Vendor payment run',
  '',
  '## Steps',
  '',
  '1. Export the open invoices from the ledger.',
  '2. Payments over 5,000 EUR must be approved before they are sent.',
  '3. Send the batch to Dana Reyes (Controller) for sign-off and wait for her approval.',
  '4. Run `python3 scripts/pay.py` and file the receipt in `receipts/`.',
  '',
].join('\n');

describe('npm run eval: scoring lint against labels', () => {
  let dir: string;
  let labelDir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sop-eval-'));
    labelDir = mkdtempSync(join(tmpdir(), 'sop-eval-labels-'));
    put(dir, 'payments.sop.md', SOP);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(labelDir, { recursive: true, force: true });
  });

  it('scores the gate rule: a labelled unnamed gate found is right, a named gate is not expected', async () => {
    const lines = SOP.split('\n');
    writeFileSync(
      join(labelDir, 'gates.json'),
      JSON.stringify([
        { file: 'payments.sop.md', line: 6, hash: hash8(lines[5]), gate: true, named: false },
        { file: 'payments.sop.md', line: 7, hash: hash8(lines[6]), gate: true, named: true },
      ]),
    );
    const linted = await lintCorpus(dir);
    const { scores, notes } = evaluate(linted, labelDir);
    const gate = scores.find((s) => s.rule === 'unnamed-approval-gate')!;
    assert.equal(gate.expected, 1);
    assert.equal(gate.recall, 1, JSON.stringify(gate));
    assert.equal(gate.precision, 1, JSON.stringify(gate));
    assert.deepEqual(notes, []);
  });

  it('notices a label whose line changed instead of scoring it', async () => {
    writeFileSync(join(labelDir, 'gates.json'), JSON.stringify([{ file: 'payments.sop.md', line: 6, hash: 'deadbeef', gate: true, named: false }]));
    const { notes } = evaluate(await lintCorpus(dir), labelDir);
    assert.deepEqual(notes, ['payments.sop.md:6: the line changed since it was labelled']);
  });

  it('scores sections: parts labelled absent against the parts lint finds no heading for', async () => {
    writeFileSync(join(labelDir, 'gates.json'), '[]');
    writeFileSync(
      join(labelDir, 'sections.json'),
      JSON.stringify([
        {
          file: 'payments.sop.md',
          parts: {
            why: null,
            trigger: null,
            owner: null,
            inputs: null,
            steps: 3,
            decisions: null,
            quality: null,
            failures: null,
            escalation: null,
            output: null,
          },
        },
      ]),
    );
    const { scores, notes } = evaluate(await lintCorpus(dir), labelDir);
    const s = scores.find((x) => x.rule === 'missing-section (parts)')!;
    assert.equal(s.expected, 9);
    assert.equal(s.precision, 1);
    assert.equal(s.recall, 1);
    assert.ok(notes.includes('section headings labelled: 1, not recognised for their part: 0 (0%)'), notes.join('\n'));
  });
});
