import { strict as assert } from 'node:assert';
import { applyFix, lintAt, of, only, textAt, workspaceIndex, ACME } from '../helpers';
import { WorkspaceIndex } from '../../../src/core/workspace/fileIndex';
import { lintSop } from '../../../src/core/lint/lint';
import { applyLayer, defaultConfig } from '../../../src/core/lint/config';

describe('rule missing-path', () => {
  const rule = only('missing-path');
  const missing = (text: string, rel = 'sops/x.sop.md') => of(lintAt(rel, text, rule), 'missing-path').map((i) => textAt(text, i.range));

  it('is quiet when every mentioned path exists (relative to the SOP or the workspace root)', () => {
    assert.deepEqual(of(lintAt('sops/monthly-sales-report.sop.md', undefined, rule), 'missing-path'), []);
  });

  it('finds missing paths in links, images, code spans, commands and prose', () => {
    const text = [
      '# X',
      '',
      '1. Open [the log](../reports/refunds-log.xlsx) and ![chart](img/chart.png).',
      '2. Run `python3 scripts/refund.py --order 17 --out=reports/out.csv`.',
      '3. Save the file as reports/2026-10/final.xlsx before noon.',
      '4. Read notes/october-close-notes.md and scripts/clean_sales.py first.',
      '',
      '```bash',
      '$ bash scripts/missing.sh exports/2026-10/shopify-orders.csv',
      '```',
      '',
    ].join('\n');
    assert.deepEqual(missing(text), [
      '../reports/refunds-log.xlsx',
      'img/chart.png',
      'scripts/refund.py',
      'reports/out.csv',
      'reports/2026-10/final.xlsx',
      'scripts/missing.sh',
    ]);
  });

  it('does not ask for examples, kinds of file, new files, database statements or paths under a variable', () => {
    const text = [
      '# X',
      '',
      '1. Name the branch in the form of `hotfix/<ticket>`, for example `hotfix/4411`.',
      '2. Send the contract to legal in an editable format such as .docx or .odt.',
      '3. Create a `rotation.txt` file with the on-call names, then check `rotation.txt` twice.',
      '4. The script writes its progress to a file called `cleanup_log.txt`.',
      "5. Run `SELECT id FROM repo WHERE name LIKE 'example.com/acme/api';` in the console.",
      '6. Run `cd $REPO_ROOT/services/billing` and `ls ${OUT}/report.csv`.',
      '7. Then run `bash scripts/missing.sh`.',
      '',
    ].join('\n');
    assert.deepEqual(missing(text), ['scripts/missing.sh']);
  });

  it('names the places it looked, so an editor can look on disk when its file watcher missed a file', () => {
    const text = '# X\n\n1. Open `exports/2026-11/late.csv`.\n2. Open `archive/<month>/ledger-<day>.csv`.\n';
    const found = of(lintAt('sops/x.sop.md', text, rule), 'missing-path');
    assert.deepEqual(
      found.map((i) => textAt(text, i.range)),
      ['exports/2026-11/late.csv', 'archive/<month>/ledger-<day>.csv'],
    );
    const root = ACME.replace(/\\/g, '/');
    // Beside the SOP, then from the workspace root; a template names no one file, so nothing is looked for.
    assert.deepEqual(found[0].lookedFor, [`${root}/sops/exports/2026-11/late.csv`, `${root}/exports/2026-11/late.csv`]);
    assert.equal(found[1].lookedFor, undefined);
  });

  it('does not ask for a file each run makes before the run, in whatever placeholder style it is written', () => {
    const text = [
      '# X',
      '',
      "1. Run `scripts/fetch.sh <day>`: downloads the day's events to data/usage-<day>.csv.",
      '2. Run `python3 scripts/transform.py --day <day>`: writes data/clean-<day>.csv.',
      '   - Reads `data/usage-{day}.csv`',
      '3. Run `psql -f sql/at_risk.sql -o out/at-risk-<day>.csv`.',
      '4. Never edit data/clean-*.csv by hand.',
      '5. Update CHANGELOG.md and save the summary as reports/2026-10/final.xlsx.',
      '6. Copy data/backup-<day>.csv to the share.',
      '',
    ].join('\n');
    // The scripts and the fixed or dated files are still checked; an input named only as an input is too.
    assert.deepEqual(missing(text), [
      'scripts/fetch.sh',
      'scripts/transform.py',
      'sql/at_risk.sql',
      'CHANGELOG.md',
      'reports/2026-10/final.xlsx',
      'data/backup-<day>.csv',
    ]);
  });

  it('does not take URLs, e-mail addresses, anchors, flags or shell words for paths', () => {
    const text = [
      '# X',
      '',
      '1. See https://shop.example.com/admin/orders.csv and www.example.com/a/b.pdf.',
      '2. Mail finance@acme.example, link [here](#steps) or [site](https://x.example/y.md).',
      '3. Run `git log --since=2026-10-01 | grep -v test && echo done` and `npm run build`.',
      '4. Dates like 2026/10/01, dd/mm/yyyy and choices like and/or or yes/no are words.',
      '5. Tools such as Node.js and Vue.js are not files.',
      '',
    ].join('\n');
    assert.deepEqual(missing(text), []);
  });

  it('passes templated paths when some existing file matches', () => {
    const text = [
      '# X',
      '',
      '1. `exports/<month>/shopify-orders.csv`, `exports/{month}/orders-clean.csv`, `exports/YYYY-MM/shopify-orders.csv`',
      '2. `reports/*/summary.csv`, `exports/$MONTH/shopify-orders.csv`, `exports/**/orders-clean.csv`',
      '3. but `exports/<month>/returns.csv` matches nothing',
      '',
    ].join('\n');
    assert.deepEqual(missing(text), ['exports/<month>/returns.csv']);
  });

  it('replaces a missing path with the same file name elsewhere, or the closest spelling', () => {
    const text = '# X\n\n1. Run `python3 clean_sales.py` then `bash scripts/build_reprot.sh`.\n';
    const result = lintAt('sops/x.sop.md', text, rule);
    assert.equal(
      applyFix(text, result, 'missing-path', 'Change to', 0),
      '# X\n\n1. Run `python3 scripts/clean_sales.py` then `bash scripts/build_reprot.sh`.\n',
    );
    assert.equal(applyFix(text, result, 'missing-path', 'Change to', 1), '# X\n\n1. Run `python3 clean_sales.py` then `bash scripts/build_report.sh`.\n');
  });

  it('keeps link fixes relative to the SOP, so the link still works', () => {
    const text = '# X\n\n- [template](board-pack-email.md)\n';
    const fixed = applyFix(text, lintAt('sops/x.sop.md', text, rule), 'missing-path', 'Change to');
    assert.equal(fixed, '# X\n\n- [template](../templates/board-pack-email.md)\n');
  });

  it('leaves paths the config says to ignore', () => {
    const text = '# X\n\n1. Write `reports/2027-01/summary.csv`.\n';
    assert.equal(missing(text).length, 1);
    assert.deepEqual(of(lintAt('sops/x.sop.md', text, { ...rule, ignorePaths: ['reports/**'] }), 'missing-path'), []);
    const fromSop = '# X\n\n1. Write [the summary](../reports/2027-01/summary.csv).\n';
    assert.deepEqual(
      of(lintAt('sops/x.sop.md', fromSop, { ...rule, ignorePaths: ['reports/**'] }), 'missing-path'),
      [],
      'matched as seen from the workspace root',
    );
  });

  it('sees a file disappear as soon as the index loses it', () => {
    const idx = new WorkspaceIndex([ACME], workspaceIndex().allFiles());
    const text = '# X\n\n1. Run `scripts/summarise.py`.\n';
    const lint = () => lintSop({ text, filePath: `${ACME}/sops/x.sop.md`, workspace: idx, config: applyLayer(defaultConfig(), rule) });
    assert.equal(of(lint(), 'missing-path').length, 0);
    idx.remove(`${ACME}/scripts`);
    assert.equal(of(lint(), 'missing-path').length, 1);
  });
});

describe('rule path-outside-workspace', () => {
  const rule = only('path-outside-workspace', 'missing-path');
  it('reports absolute paths and paths that climb out, and never checks them for existence', () => {
    const text = [
      '# X',
      '',
      '1. File it under `/Users/dana/Documents/refunds/`.',
      '2. Read ../../shared/policies/refund-policy.pdf.',
      '3. Open `C:\\Finance\\ledger.xlsx` and `~/Downloads/export.csv`.',
      '4. `../scripts/clean_sales.py` is fine: it stays inside.',
      '',
    ].join('\n');
    const result = lintAt('sops/x.sop.md', text, rule);
    const outside = of(result, 'path-outside-workspace');
    assert.deepEqual(
      outside.map((i) => textAt(text, i.range)),
      ['/Users/dana/Documents/refunds/', '../../shared/policies/refund-policy.pdf', 'C:\\Finance\\ledger.xlsx', '~/Downloads/export.csv'],
    );
    assert.match(outside[0].message, /absolute path/);
    assert.match(outside[1].message, /outside the workspace/);
    assert.deepEqual(of(result, 'missing-path'), []);
  });

  it("leaves each user's tool settings in the home folder alone, and tells how to name a server's path", () => {
    const text = [
      '# X',
      '',
      '1. Turn off commit signing in `~/.gitconfig` and check `$HOME/.aws/config`.',
      '2. Exec into the gitserver pod, then run `cd /data/repos/acme`.',
      '3. Copy it to `$HOME/Downloads/export.csv`.',
      '',
    ].join('\n');
    const result = lintAt('sops/x.sop.md', text, rule);
    const outside = of(result, 'path-outside-workspace');
    assert.deepEqual(
      outside.map((i) => textAt(text, i.range)),
      ['/data/repos/acme', '$HOME/Downloads/export.csv'],
    );
    assert.deepEqual(of(result, 'missing-path'), []);
    assert.match(outside[0].message, /if it is on a server or in a container, say which one/);
  });

  it('leaves folders the steps make, web routes, bare patterns and a second mention on the same line alone', () => {
    const text = [
      '# X',
      '',
      '1. Run `svn checkout https://dist.example.org/repos/dev/acme ~/svn/acme_dev`.',
      '2. Copy the tarball to `~/svn/acme_dev/1.2.0/` and sign it; the script reads `$HOME/svn/acme_dev`.',
      '3. Run `mkdir -p /tmp/acme && cd /tmp/acme`.',
      '4. Open `/opt/acme/config.yaml`.',
      "5. Open `/teams/main/pipelines/rotate?groups=credentials` and invalidate `--paths '/*'`.",
      '',
    ].join('\n');
    const outside = of(lintAt('sops/x.sop.md', text, rule), 'path-outside-workspace');
    assert.deepEqual(
      outside.map((i) => textAt(text, i.range)),
      ['/opt/acme/config.yaml'],
    );
  });

  it('reads commands that make folders, and long lines of owner/repo words, in bounded time', () => {
    const started = performance.now();
    lintAt('sops/x.sop.md', `# X\n\n1. \`git clone ${'--depth 1 '.repeat(20_000)}\`\n2. \`mkdir ${'-p '.repeat(20_000)}\`\n`, rule);
    // One long line of owner/repo words: each is looked at with the words around it, never the whole line.
    lintAt('sops/x.sop.md', `# X\n\n1. \`${'acme/api '.repeat(20_000)}\`\n`, rule);
    assert.ok(performance.now() - started < 2000, `took ${Math.round(performance.now() - started)} ms`);
  });
});

describe('path rules with a work folder', () => {
  it('also checks paths relative to the workdir the front matter declares', () => {
    const text = '---\nworkdir: scripts\n---\n# X\n\n1. Run `python3 clean_sales.py` and `bash build_report.sh`, then `nope.sh`.\n';
    const found = of(lintAt('sops/x.sop.md', text, only('missing-path')), 'missing-path').map((i) => textAt(text, i.range));
    assert.deepEqual(found, ['nope.sh']);
    const outside = '---\nworkdir: ../../elsewhere\n---\n# X\n\n1. Run `python3 clean_sales.py`.\n';
    assert.equal(of(lintAt('sops/x.sop.md', outside, only('missing-path')), 'missing-path').length, 1, 'a workdir outside the workspace is ignored');
  });
});
