import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { fcRuns } from '../fcRuns';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractScript, describeScriptFacts } from '../../../src/core/evidence/extract/script';
import type { ScriptFacts } from '../../../src/core/evidence/types';
import { ACME, REPO } from '../helpers';

const EXAMPLE = resolve(REPO, 'examples/month-end-close');
const read = (root: string, rel: string) => readFileSync(resolve(root, rel), 'utf8');
const thresholds = (f: ScriptFacts) => f.thresholds.map((t) => t.text);

describe('evidence: script facts', () => {
  describe('reconcile.py (example)', () => {
    const f = extractScript(read(EXAMPLE, 'scripts/reconcile.py'), 'scripts/reconcile.py', 'python');

    it('takes the usage line and the description from the docstring', () => {
      assert.equal(f.usage, 'python3 scripts/reconcile.py --month 2026-10 [--tolerance 0.50]');
      assert.equal(f.description, 'Match Stripe payouts to bank credits for one month and write the reconciliation report.');
    });
    it('finds the argparse options', () => assert.deepEqual(f.arguments, ['--month', '--tolerance']));
    it('keeps templated paths as written: inputs from open(f"...") and the output opened with "w"', () => {
      assert.deepEqual(f.inputs, ['exports/bank-{month}.csv', 'exports/stripe-payouts-{month}.csv']);
      assert.deepEqual(f.outputs, ['out/reconciliation-{month}.csv']);
    });
    it('finds the tolerance 0.50 and the comparison it is used in', () => {
      assert.ok(thresholds(f).includes('--tolerance default 0.50'), thresholds(f).join(' | '));
      assert.ok(thresholds(f).some((t) => t.endsWith('<= args.tolerance')));
    });
    it('exits 3 when payouts are unmatched, with the message printed before', () => {
      assert.equal(f.exits.length, 1);
      assert.equal(f.exits[0].code, 3);
      assert.match(f.exits[0].text, /^if unmatched — ".*payout\(s\) unmatched/);
      assert.equal(f.exits[0].line, 36);
    });
  });

  it('fetch_exports.sh (example): usage in the header comment, cp sources and destinations, $1, set -e', () => {
    const f = extractScript(read(EXAMPLE, 'scripts/fetch_exports.sh'), 'scripts/fetch_exports.sh', 'shell');
    assert.equal(f.usage, 'scripts/fetch_exports.sh 2026-10');
    assert.match(f.description ?? '', /^Copies the month's bank and Stripe exports/);
    assert.deepEqual(f.arguments, ['$1 (MONTH)']);
    assert.deepEqual(f.inputs, ['~/Downloads/statement-$MONTH.csv', '~/Downloads/payouts-$MONTH.csv']);
    assert.deepEqual(f.outputs, ['exports/bank-$MONTH.csv', 'exports/stripe-payouts-$MONTH.csv']);
    assert.equal(f.commands.length, 2);
    assert.ok(f.commands.every((c) => c.startsWith('cp ')));
    assert.deepEqual(
      f.exits.map((e) => e.text),
      ['set -euo pipefail: stops at the first command that fails'],
    );
  });

  it('summarise.sql (example): the psql line as usage, the table read, :month, HAVING > 1000', () => {
    const f = extractScript(read(EXAMPLE, 'scripts/summarise.sql'), 'scripts/summarise.sql', 'sql');
    assert.equal(f.usage, `psql -f scripts/summarise.sql -v month="'2026-10'"`);
    assert.deepEqual(f.inputs, ['table ledger']);
    assert.deepEqual(f.arguments, [':month']);
    assert.deepEqual(thresholds(f), ['HAVING ABS(SUM(amount)) > 1000']);
  });

  it('package.json (example): npm scripts are the commands, psql -f names an input', () => {
    const f = extractScript(read(EXAMPLE, 'package.json'), 'package.json', 'npm');
    assert.deepEqual(f.commands, ['python3 scripts/reconcile.py --month', 'psql -f scripts/summarise.sql']);
    assert.deepEqual(f.inputs, ['scripts/summarise.sql']);
    assert.equal(f.usage, 'npm run <script> (scripts: reconcile, summary)');
  });

  it('clean_sales.py (acme): paths through variables, the refund limit and exit 2', () => {
    const f = extractScript(read(ACME, 'scripts/clean_sales.py'), 'scripts/clean_sales.py', 'python');
    assert.equal(f.usage, 'python3 scripts/clean_sales.py --month <month>');
    assert.deepEqual(f.inputs, ['exports/{month}/shopify-orders.csv']);
    assert.deepEqual(f.outputs, ['exports/{month}/orders-clean.csv']);
    assert.deepEqual(thresholds(f), ['len(refunds) > 25']);
    assert.equal(f.exits[0].code, 2);
    assert.match(f.exits[0].text, /^if len\(refunds\) > 25 — ".*check with the Finance manager"$/);
  });

  it('build_report.sh (acme): the python call, its input and the redirected output', () => {
    const f = extractScript(read(ACME, 'scripts/build_report.sh'), 'scripts/build_report.sh', 'shell');
    assert.deepEqual(f.commands, ['python3 scripts/summarise.py "exports/$MONTH/orders-clean.csv" > "reports/$MONTH/summary.csv"']);
    assert.deepEqual(f.inputs, ['exports/$MONTH/orders-clean.csv']);
    assert.deepEqual(f.outputs, ['reports/$MONTH/summary.csv']);
    assert.equal(f.usage, 'bash scripts/build_report.sh <MONTH>');
  });

  it('summarise.py (acme): the file given as the first argument', () => {
    const f = extractScript(read(ACME, 'scripts/summarise.py'), 'scripts/summarise.py', 'python');
    assert.deepEqual(f.arguments, ['sys.argv[1]']);
    assert.deepEqual(f.inputs, ['{sys.argv[1]}']);
  });

  it('shell: getopts, case options, redirects, || exit with message, limits in [ ] and constants', () => {
    const text = [
      '#!/bin/bash',
      '# Sends the weekly refunds report.',
      'MAX_REFUNDS=25',
      'while getopts "m:o:" opt; do :; done',
      'case "$1" in',
      '  --month) MONTH="$2" ;;',
      '  -d|--dry-run) DRY=1 ;;',
      'esac',
      'COUNT=$(wc -l < "exports/refunds-$MONTH.csv")',
      'if [ "$COUNT" -gt 100 ]; then',
      '  echo "too many refunds: $COUNT" >&2',
      '  exit 4',
      'fi',
      'test -f config.ini || { echo "config.ini missing" >&2; exit 2; }',
      'psql "$DB" -f queries/refunds.sql -o "reports/refunds-$MONTH.txt"',
      'curl -sS -o downloads/rates.json https://api.example.com/rates',
      'sort -u data/a.csv | tee reports/unique.csv > /dev/null',
      'cat <<EOF > notes.txt',
      'cp not/a/real/command.csv here.csv',
      'EOF',
    ].join('\n');
    const f = extractScript(text, 'send.sh', 'shell');
    assert.equal(f.description, 'Sends the weekly refunds report.');
    for (const a of ['-m', '-o', '--month', '-d', '--dry-run']) assert.ok(f.arguments.includes(a), `${a} in ${f.arguments.join(', ')}`);
    assert.ok(f.inputs.includes('exports/refunds-$MONTH.csv'));
    assert.ok(f.inputs.includes('queries/refunds.sql'));
    assert.ok(f.inputs.includes('data/a.csv'));
    assert.ok(!f.inputs.includes('not/a/real/command.csv'), 'heredoc bodies are not commands');
    for (const o of ['reports/refunds-$MONTH.txt', 'downloads/rates.json', 'reports/unique.csv', 'notes.txt'])
      assert.ok(f.outputs.includes(o), `${o} in ${f.outputs.join(', ')}`);
    assert.ok(thresholds(f).includes('MAX_REFUNDS=25'));
    assert.ok(thresholds(f).includes('"$COUNT" -gt 100'));
    const four = f.exits.find((e) => e.code === 4);
    assert.equal(four?.text, 'if [ "$COUNT" -gt 100 ] — "too many refunds: $COUNT"');
    const two = f.exits.find((e) => e.code === 2);
    assert.match(two?.text ?? '', /^unless test -f config\.ini — "config\.ini missing"$/);
  });

  it('python: subprocess calls, pandas, shutil, constants, raise, environment', () => {
    const text = [
      'import os, shutil, subprocess, sys',
      'import pandas as pd',
      'TOLERANCE = 0.5',
      'month = sys.argv[1]',
      'df = pd.read_csv(os.path.join("exports", f"orders-{month}.csv"))',
      'subprocess.run(["psql", "-f", "sql/load.sql", "-v", f"month={month}"], check=True)',
      'shutil.copy("templates/report.xlsx", f"reports/{month}.xlsx")',
      'if df["total"].sum() > 10000:',
      '    raise ValueError(f"total too high for {month}")',
      'df.to_csv(f"out/clean-{month}.csv", index=False)',
      'token = os.environ["SHOP_TOKEN"]',
    ].join('\n');
    const f = extractScript(text, 'clean.py', 'python');
    assert.ok(f.inputs.includes('exports/orders-{month}.csv'), f.inputs.join(', '));
    assert.ok(f.inputs.includes('sql/load.sql'));
    assert.ok(f.inputs.includes('templates/report.xlsx'));
    assert.deepEqual(f.outputs, ['reports/{month}.xlsx', 'out/clean-{month}.csv']);
    assert.deepEqual(f.commands, ['psql -f sql/load.sql -v month={month}']);
    assert.ok(thresholds(f).includes('TOLERANCE = 0.5'));
    assert.ok(thresholds(f).includes('df["total"].sum() > 10000'));
    assert.ok(f.arguments.includes('$SHOP_TOKEN (environment)'));
    assert.equal(f.exits[0].text, 'if df["total"].sum() > 10000 — raise ValueError: total too high for {month}');
  });

  it('javascript: commander options, fs reads and writes, execSync, process.exit under an if', () => {
    const text = [
      '#!/usr/bin/env node',
      '// Builds the payout summary. Usage: node scripts/payouts.js --month 2026-10',
      "const { program } = require('commander');",
      "const fs = require('fs');",
      "const { execSync } = require('child_process');",
      'const LIMIT = 5000;',
      "program.requiredOption('-m, --month <month>', 'month').option('--dry-run');",
      'const opts = program.parse().opts();',
      'const rows = JSON.parse(fs.readFileSync(`exports/payouts-${opts.month}.json`, "utf8"));',
      'const total = rows.reduce((s, r) => s + r.net, 0);',
      'if (total > LIMIT) {',
      '  console.error(`total ${total} over the limit`);',
      '  process.exit(5);',
      '}',
      "execSync('psql -f sql/post.sql');",
      'fs.writeFileSync(`out/summary-${opts.month}.json`, JSON.stringify(total));',
    ].join('\n');
    const f = extractScript(text, 'scripts/payouts.js', 'javascript');
    assert.equal(f.usage, 'node scripts/payouts.js --month 2026-10');
    assert.deepEqual(f.arguments, ['--month', '--dry-run']);
    assert.deepEqual(f.inputs, ['exports/payouts-{month}.json', 'sql/post.sql']);
    assert.deepEqual(f.outputs, ['out/summary-{month}.json']);
    assert.deepEqual(f.commands, ['psql -f sql/post.sql']);
    assert.ok(thresholds(f).includes('LIMIT = 5000'));
    assert.ok(thresholds(f).includes('total > LIMIT'));
    assert.equal(f.exits[0].code, 5);
    assert.equal(f.exits[0].text, 'if (total > LIMIT) — "total {total} over the limit"');
  });

  it('powershell: comment help, param defaults, Import-Csv/Export-Csv, exit under if', () => {
    const text = [
      '<#',
      '.SYNOPSIS',
      'Reconciles the bank export with the ledger.',
      '.EXAMPLE',
      'PS> .\\reconcile.ps1 -Month 2026-10',
      '#>',
      'param(',
      '  [Parameter(Mandatory=$true)][string]$Month,',
      '  [double]$Tolerance = 0.5',
      ')',
      "$ErrorActionPreference = 'Stop'",
      '$rows = Import-Csv -Path "exports\\bank-$Month.csv"',
      'if ($rows.Count -gt 500) {',
      '  Write-Error "too many rows"',
      '  exit 3',
      '}',
      '$rows | Export-Csv "out\\matched-$Month.csv" -NoTypeInformation',
      '& python scripts\\post.py --month $Month',
    ].join('\n');
    const f = extractScript(text, 'reconcile.ps1', 'powershell');
    assert.equal(f.description, 'Reconciles the bank export with the ledger.');
    assert.equal(f.usage, '.\\reconcile.ps1 -Month 2026-10');
    assert.deepEqual(f.arguments, ['-Month', '-Tolerance']);
    assert.deepEqual(f.inputs, ['exports/bank-$Month.csv']);
    assert.deepEqual(f.outputs, ['out/matched-$Month.csv']);
    assert.ok(thresholds(f).includes('-Tolerance default 0.5'));
    assert.ok(thresholds(f).includes('$rows.Count -gt 500'));
    assert.ok(
      f.exits.some((e) => e.code === 3 && e.text === 'if ($rows.Count -gt 500) — "too many rows"'),
      JSON.stringify(f.exits),
    );
    assert.ok(f.exits.some((e) => /ErrorActionPreference/.test(e.text)));
    assert.ok(f.commands.some((c) => c.startsWith('& python')));
  });

  it('Makefile: targets as usage, overridable variables, recipe commands and files', () => {
    const text = [
      '# Month-end close',
      'MONTH ?= 2026-10',
      'TOLERANCE = 0.5',
      '.PHONY: all close',
      'all: close',
      'out/reconciliation-$(MONTH).csv: exports/bank-$(MONTH).csv',
      '\tpython3 scripts/reconcile.py --month $(MONTH) --tolerance $(TOLERANCE)',
      'close: out/reconciliation-$(MONTH).csv',
      '\t@psql -f scripts/summarise.sql > reports/summary.txt',
    ].join('\n');
    const f = extractScript(text, 'Makefile', 'make');
    assert.equal(f.usage, 'make <target> (targets: all, close)');
    assert.deepEqual(f.arguments, ['MONTH=2026-10']);
    assert.ok(f.commands.some((c) => c.startsWith('python3 scripts/reconcile.py')));
    assert.ok(f.inputs.includes('exports/bank-$(MONTH).csv'));
    assert.ok(f.inputs.includes('scripts/summarise.sql'));
    assert.ok(f.outputs.includes('out/reconciliation-$(MONTH).csv'));
    assert.ok(f.outputs.includes('reports/summary.txt'));
    assert.deepEqual(thresholds(f), ['TOLERANCE = 0.5']);
  });

  it('describes the facts in a few lines for a cut script', () => {
    const f = extractScript(read(EXAMPLE, 'scripts/reconcile.py'), 'scripts/reconcile.py', 'python');
    const text = describeScriptFacts(f);
    assert.match(text, /^What it does: Match Stripe payouts/);
    assert.match(text, /Reads: exports\/bank-\{month\}\.csv, exports\/stripe-payouts-\{month\}\.csv/);
    assert.match(text, /Stops: exit 3 if unmatched/);
  });

  it('never throws on random script-like text in any language', () => {
    const tokens = fc.constantFrom(
      'if ',
      'then',
      'fi',
      '(',
      ')',
      '{',
      '}',
      '[',
      ']',
      '"',
      "'",
      '`',
      '$(',
      '${',
      '#',
      '//',
      '/*',
      '*/',
      '<#',
      '#>',
      '\n',
      '\t',
      ' ',
      ':',
      ';',
      '||',
      '&&',
      '>',
      '<<',
      'EOF',
      'exit 2',
      'sys.exit(',
      'open(',
      'f"',
      'process.exit(',
      'case ',
      'esac',
      ')',
      'param(',
      '-gt',
      '25',
      '0.5',
      'WHERE x > 10',
      '\\',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(tokens, fc.string({ maxLength: 6 })), { maxLength: 60 }),
        fc.constantFrom('shell', 'python', 'javascript', 'powershell', 'sql', 'make', 'npm', 'dockerfile', 'ruby'),
        (parts, lang) => {
          const f = extractScript(parts.join(''), 'x', lang);
          assert.equal(f.type, 'script');
        },
      ),
      fcRuns(400),
    );
  });

  it('never throws on unusual text', () => {
    for (const lang of ['shell', 'python', 'javascript', 'typescript', 'powershell', 'sql', 'make', 'npm', 'dockerfile', 'ruby']) {
      for (const text of ['', '(((', '"""', '`', 'if', '{"scripts": 3}', '\u0000\u0001', 'x'.repeat(10000), 'case $1 in\n  *) exit ;;\nesac\n']) {
        extractScript(text, 'x', lang);
      }
    }
  });
});
