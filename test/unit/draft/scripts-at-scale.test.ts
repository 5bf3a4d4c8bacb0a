import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { fcRuns } from '../fcRuns';
import type { EvidenceBundle, EvidenceFile, ScriptFacts } from '../../../src/core/evidence/types';
import { orderScripts, type ScriptFile } from '../../../src/core/draft/offline/scripts';
import { EvidencePaths, SamePath } from '../../../src/core/draft/offline/scriptPaths';
import { templateRegex } from '../../../src/core/workspace/checkPath';

function file(path: string): EvidenceFile {
  return {
    path,
    absPath: `/ws/${path}`,
    kind: 'data',
    bytes: 40,
    mtimeMs: 0,
    sha256: '',
    facts: { type: 'data', format: 'csv', columns: ['id', 'amount'], rowCount: 1, firstRows: [], sums: {} },
    text: 'id,amount\n1,12.50',
    summarized: false,
    redactions: {},
  };
}

function script(path: string, io: Partial<ScriptFacts>): EvidenceFile {
  const facts: ScriptFacts = { type: 'script', language: 'python', commands: [], arguments: [], inputs: [], outputs: [], thresholds: [], exits: [], ...io };
  return { ...file(path), kind: 'script', facts, text: '# a script' };
}

function bundle(files: EvidenceFile[]): EvidenceBundle {
  return { root: '/ws', selection: ['work'], included: files, excluded: [], notes: [] };
}

const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
const REGIONS = ['north', 'south', 'east', 'west'];

/** A year of a daily pipeline: dated export folders, cleaned outputs, and the scripts that fetch, clean and load them. */
function dailyPipeline(days: number): EvidenceFile[] {
  const files: EvidenceFile[] = [
    script('work/scripts/fetch_orders.sh', {
      language: 'bash',
      outputs: REGIONS.map((r) => `exports/\${DAY}/${r}-orders-\${DAY}.csv`),
      commands: ['python3 scripts/clean_orders.py --day "$DAY"'],
    }),
    script('work/scripts/clean_orders.py', {
      inputs: ['exports/{day}/*-orders-{day}.csv', './config/regions.yaml'],
      outputs: ['out/orders-clean-{day}.csv'],
    }),
    script('work/scripts/load_orders.sql', { language: 'sql', inputs: ['out/orders-clean-<run-date>.csv'], outputs: ['out/loaded-YYYY-MM.log'] }),
    script('work/scripts/month_report.js', {
      language: 'javascript',
      inputs: ['out/**/*.log', 'templates/report-{month}.md'],
      outputs: ['reports/orders-$MONTH.md'],
    }),
    // Two scripts that read each other's outputs: a cycle, run by name.
    script('work/scripts/b_reconcile.py', { inputs: ['out/a-totals.csv'], outputs: ['out/b-totals.csv'] }),
    script('work/scripts/a_reconcile.py', { inputs: ['out/b-totals.csv'], outputs: ['out/a-totals.csv'] }),
    file('work/config/regions.yaml'),
    // A file whose own name is a template, as some teams keep them.
    file('work/templates/report-{month}.md'),
    file('work/out/a-totals.csv'),
  ];
  for (let i = 0; i < days; i++) {
    for (const r of REGIONS) files.push(file(`work/exports/${day(i)}/${r}-orders-${day(i)}.csv`));
    files.push(file(`work/out/orders-clean-${day(i)}.csv`));
  }
  for (let m = 1; m <= 12; m++) files.push(file(`work/out/loaded-2026-${String(m).padStart(2, '0')}.log`));
  return files;
}

/** Whether two paths name the same file, as drafts decided it before the file index, one pair at a time. */
function samePath(a: string, x: string): boolean {
  const loose = (p: string) => p.replace(/\{[^}]*\}|<[^>]*>|\$\{?\w+\}?|YYYY-MM|YYYY|\*/g, '*').replace(/^\.\//, '');
  if (loose(a) === loose(x)) return true;
  return templateRegex('/' + a.replace(/^\.\//, '')).test('/' + x) || templateRegex('/' + x.replace(/^\.\//, '')).test('/' + a);
}

/** The links as drafts made them before the file index: every path compared with every file. */
function linksComparedOneByOne(b: EvidenceBundle, workdir: string) {
  const scripts = b.included.filter((f) => f.facts.type === 'script');
  const facts = (f: EvidenceFile) => f.facts as ScriptFacts;
  const matches = (f: EvidenceFile, patterns: string[]) =>
    b.included.filter((x) => x !== f && patterns.some((p) => samePath(`${workdir}/${p.replace(/^\.\//, '')}`, x.path))).map((x) => x.path);
  const linked = scripts.map((f) => ({
    path: f.path,
    inputFiles: matches(f, facts(f).inputs),
    outputFiles: matches(f, facts(f).outputs),
    feeds: scripts.filter((g) => g !== f && facts(f).outputs.some((o) => facts(g).inputs.some((i) => samePath(o, i)))).map((g) => g.path),
  }));
  const ordered: string[] = [];
  const pending = linked.map((s) => s.path).sort((x, y) => x.localeCompare(y));
  const dependsOn = (p: string) => linked.filter((s) => s.feeds.includes(p)).map((s) => s.path);
  while (pending.length) {
    const ready = pending.find((p) => dependsOn(p).every((d) => ordered.includes(d))) ?? pending[0];
    ordered.push(ready);
    pending.splice(pending.indexOf(ready), 1);
  }
  return { links: linked.sort((x, y) => x.path.localeCompare(y.path)), order: ordered };
}

const links = (scripts: ScriptFile[]) =>
  scripts
    .map((s) => ({ path: s.file.path, inputFiles: s.inputFiles, outputFiles: s.outputFiles, feeds: s.feeds }))
    .sort((x, y) => x.path.localeCompare(y.path));

describe('offline drafter: scripts in a large folder of finished work', () => {
  it('links each script to the dated exports it reads and writes, and runs them in data-flow order', () => {
    const scripts = orderScripts(bundle(dailyPipeline(365)), 'work');
    assert.deepEqual(
      scripts.map((s) => s.relToWorkdir),
      // The two that read each other's outputs wait for the others, then go by name.
      [
        'scripts/fetch_orders.sh',
        'scripts/clean_orders.py',
        'scripts/load_orders.sql',
        'scripts/month_report.js',
        'scripts/a_reconcile.py',
        'scripts/b_reconcile.py',
      ],
    );
    const clean = scripts.find((s) => s.relToWorkdir === 'scripts/clean_orders.py')!;
    assert.equal(clean.inputFiles.length, 365 * 4 + 1);
    assert.equal(clean.inputFiles[0], 'work/config/regions.yaml');
    assert.ok(clean.inputFiles.includes('work/exports/2026-12-31/west-orders-2026-12-31.csv'));
    assert.equal(clean.outputFiles.length, 365);
    assert.deepEqual(clean.dependsOn, ['work/scripts/fetch_orders.sh']);
    assert.equal(clean.invokedBy, 'work/scripts/fetch_orders.sh');
    const report = scripts.find((s) => s.relToWorkdir === 'scripts/month_report.js')!;
    assert.equal(report.inputFiles[0], 'work/templates/report-{month}.md');
    assert.equal(report.inputFiles.length, 12 + 1);
    assert.deepEqual(report.dependsOn, ['work/scripts/load_orders.sql']);
  });

  it('gives the same links and order as comparing every path with every file', () => {
    const b = bundle(dailyPipeline(60));
    const scripts = orderScripts(b, 'work');
    const before = linksComparedOneByOne(b, 'work');
    assert.deepEqual(links(scripts), before.links);
    assert.deepEqual(
      scripts.map((s) => s.file.path),
      before.order,
    );
  });

  it('finds exactly the files a path stands for, whatever the templates in either', () => {
    const words = 'exports out 2026-01-05 sales-2026-01.csv sales-YY.csv a.csv {month} <day> $DAY ${DAY} * ** ? YYYY-MM MM DD x{y} <'.split(' ');
    const segment = fc.constantFrom(...words, '');
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
    const prefixed = fc.tuple(fc.constantFrom('', './', 'work/'), path, fc.constantFrom('', '/')).map(([a, p, z]) => a + p + z);
    fc.assert(
      fc.property(fc.array(prefixed, { maxLength: 30 }), fc.array(prefixed, { minLength: 1, maxLength: 3 }), (paths, named) => {
        const files = paths.map(file);
        const expected = files.filter((f) => f !== files[0] && named.some((n) => samePath(n, f.path))).map((f) => f.path);
        assert.deepEqual(new EvidencePaths(files, new SamePath()).matching(named, files[0]), expected);
      }),
      fcRuns(300),
    );
  });

  it('loosens templates in a path as the pattern always did, in one pass over the longest adversarial path', () => {
    const byPattern = (p: string) => p.replace(/\{[^}]*\}|<[^>]*>|\$\{?\w+\}?|YYYY-MM|YYYY|\*/g, '*').replace(/^\.\//, '');
    const piece = fc.constantFrom('{', '}', '<', '>', '$', '${', 'DAY', '_1', '-', 'YYYY', 'YYYY-MM', '-MM', 'Y', '*', '/', './', 'a.csv');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => assert.equal(new SamePath().loose(parts.join('')), byPattern(parts.join('')))),
      fcRuns(500),
    );
    const unclosed = ['{'.repeat(100_000), '<'.repeat(100_000), '${'.repeat(50_000)];
    const closed = ['{'.repeat(100_000) + '}', 'x/' + '<'.repeat(100_000) + '>.csv'];
    for (const [hostile, expected] of [...unclosed.map((u) => [u, u]), [closed[0], '*'], [closed[1], 'x/*.csv']]) {
      const started = performance.now();
      assert.equal(new SamePath().loose(hostile), expected);
      const ms = performance.now() - started;
      assert.ok(ms < 500, `took ${ms.toFixed(0)} ms`);
    }
  });

  it('links 3,000 files and 150 scripts that read the exports of their region in well under a few seconds', () => {
    const files = dailyPipeline(570);
    for (let i = 0; i < 150; i++) {
      files.push(
        script(`work/scripts/region_${i}.py`, {
          inputs: [`exports/**/${REGIONS[i % 4]}-*.csv`, `out/region-${i - 1}-{day}.csv`],
          outputs: [`out/region-${i}-{day}.csv`],
          commands: [`python3 scripts/region_${i + 1}.py`],
        }),
      );
    }
    assert.ok(files.length > 3000);
    const started = performance.now();
    const scripts = orderScripts(bundle(files), 'work');
    const ms = performance.now() - started;
    assert.equal(scripts.length, 156);
    assert.equal(scripts.find((s) => s.relToWorkdir === 'scripts/region_0.py')!.inputFiles.length, 570);
    assert.ok(ms < 4000, `took ${ms.toFixed(0)} ms`);
  });

  it('links scripts to 1,000 files whose own names are templates in well under a few seconds', () => {
    const files = Array.from({ length: 1000 }, (_, i) => file(`work/exports/{region}/orders-${i}-{day}.csv`));
    for (let i = 0; i < 40; i++)
      files.push(script(`work/scripts/load_${i}.py`, { inputs: [`exports/north/orders-${i}-*.csv`], outputs: [`out/load-${i}.log`] }));
    const started = performance.now();
    const scripts = orderScripts(bundle(files), 'work');
    const ms = performance.now() - started;
    assert.deepEqual(scripts.find((s) => s.relToWorkdir === 'scripts/load_7.py')!.inputFiles, ['work/exports/{region}/orders-7-{day}.csv']);
    assert.ok(ms < 4000, `took ${ms.toFixed(0)} ms`);
  });
});
