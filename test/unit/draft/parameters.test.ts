import { strict as assert } from 'node:assert';
import { parameterize, runParameters } from '../../../src/core/draft/offline/parameters';
import type { EvidenceBundle, EvidenceFile } from '../../../src/core/evidence/types';

const file = (path: string): EvidenceFile =>
  ({
    path,
    absPath: `/w/${path}`,
    kind: 'data',
    bytes: 1,
    mtimeMs: 0,
    sha256: '',
    facts: { type: 'document', headings: [] },
    text: '',
    summarized: false,
    redactions: {},
  }) as EvidenceFile;
const bundle = (...paths: string[]): EvidenceBundle =>
  ({ root: '/w', selection: [], included: paths.map(file), excluded: [], notes: [] }) as unknown as EvidenceBundle;

describe('offline drafter: run values become parameters', () => {
  it('takes the month two or more files are named by, else a day, else nothing', () => {
    assert.deepEqual(runParameters(bundle('close/exports/bank-2026-10.csv', 'close/out/summary-2026-10.csv', 'close/notes/2026-11-02.md')), [
      { token: '2026-10', placeholder: '<YYYY-MM>', meaning: 'the month the run is for' },
    ]);
    assert.equal(runParameters(bundle('etl/logs/run-2026-11-03.log', 'etl/out/orders-2026-11-03.parquet'))[0]?.placeholder, '<run-date>');
    assert.deepEqual(runParameters(bundle('close/exports/bank-2026-10.csv', 'close/notes.md')), []);
  });

  it('replaces the value in the named sections only, never in what a line cites as evidence', () => {
    const params = runParameters(bundle('a/bank-2026-10.csv', 'a/out-2026-10.csv'));
    const md = [
      '## Steps',
      '',
      '1. Run `fetch.sh 2026-10` and send out/summary-2026-10.csv to Dana (evidence: `a/notes-2026-10.md`).',
      '',
      '## Quality checks',
      '',
      '- Totals in `a/bank-2026-10.csv`: 9 rows.',
    ].join('\n');
    const out = parameterize(md, params, ['Steps']);
    assert.match(out, /Run `fetch\.sh <YYYY-MM>` and send `out\/summary-<YYYY-MM>\.csv` to Dana \(evidence: `a\/notes-2026-10\.md`\)\./);
    assert.match(out, /Totals in `a\/bank-2026-10\.csv`/);
    const started = Date.now();
    parameterize(`## Steps\n${'x'.repeat(50_000)}2026-10${'-'.repeat(50_000)}`, params, ['Steps']);
    assert.ok(Date.now() - started < 2000);
  });
});
