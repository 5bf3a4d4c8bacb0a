/**
 * Hostile SOPs and configs: every input here once hung the linter for seconds to minutes, or crashed it.
 * Each is generated here (nothing big is committed), linted through the real entry point, and must finish
 * in under 2 s on a shared 2-core machine with findings whose ranges lie inside the text.
 */
import { strict as assert } from 'node:assert';
import { AS_YOU_TYPE_MAX_CHARS, LIMIT_RULE, lintSop, ruleIds, type LintResult } from '../../src/core/lint/lint';
import { parseConfigLayer, resolveConfig } from '../../src/core/lint/config';
import { parseSop } from '../../src/core/sop/model';
import { WorkspaceIndex } from '../../src/core/workspace/fileIndex';
import { isAbsolutePath, templateRegex } from '../../src/core/workspace/checkPath';
import { isUrlOrEmail, pathsInCommand, pathsInProse } from '../../src/core/sop/pathSyntax';
import { hasTemplatePart } from '../../src/core/workspace/pathTemplate';
import { findPlaceholders, isOnlyPlaceholder } from '../../src/core/sop/placeholders';
import { createNamingCheck, DEFAULT_ROLE_WORDS, findGate } from '../../src/core/sop/gates';
import { sentences } from '../../src/core/sop/flatText';
import { normalizeHeading } from '../../src/core/sop/sections';
import { STEP_KIND_MARKER } from '../../src/core/sop/stepKinds';
import { generateSop, SOP_PATH as BENCH_SOP, workspaceFor } from '../bench/generate';

const ROOT = '/ws';
const SOP_PATH = `${ROOT}/sops/hostile.sop.md`;
const LONG_NAME = 'x'.repeat(50);
const workspace = new WorkspaceIndex(
  [ROOT],
  [`data/${LONG_NAME}.csv`, `data/${'a'.repeat(60)}.csv`, 'data/2024-01-01-2024-01-01-2024-01-01.csv', 'scripts/close.py'].map((f) => `${ROOT}/${f}`),
);
const BOUND_MS = 2000;
const HEAD = '# Month-end close\n\n## Steps\n\n1. ';

function timed<T>(what: string, run: () => T, bound = BOUND_MS): T {
  const started = performance.now();
  const value = run();
  const ms = performance.now() - started;
  assert.ok(ms < bound, `${what} took ${ms.toFixed(0)} ms (bound ${bound} ms)`);
  return value;
}

/** Lints within the time bound and checks that no rule failed and every range is a real place in the text. */
function lintHostile(what: string, text: string, maxChars?: number): LintResult {
  const result = timed(what, () => lintSop({ text, filePath: SOP_PATH, workspace, maxChars }));
  assert.deepEqual(result.failures, [], `${what}: rules failed`);
  assert.ok(result.issues.length > 0, `${what}: no findings at all`);
  const lines = text.split(/\r\n|\r|\n/);
  for (const i of result.issues) {
    for (const p of [i.range.start, i.range.end]) {
      assert.ok(
        p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length,
        `${what}: ${i.rule} range ${JSON.stringify(i.range)} is outside the text`,
      );
    }
  }
  return result;
}

const limits = (r: LintResult) => r.issues.filter((i) => i.rule === LIMIT_RULE);
const missing = (r: LintResult) => r.issues.filter((i) => i.rule === 'missing-path').map((i) => i.message);

describe('hostile SOPs lint in bounded time', () => {
  it('matches a glob with many stars against a long file name in linear time', () => {
    const star = lintHostile('glob', `${HEAD}Read \`data/*x*x*x*x*x*x*x*x*xy.csv\` and \`data/*x*x*x*x*x*x*x*x*x.csv\`.\n`);
    assert.equal(missing(star).length, 1, 'only the glob that needs a "y" is missing');
    assert.match(missing(star)[0], /\*xy\.csv" does not exist/);
  });

  it('matches paths full of template parts in linear time, and leaves paths with too many parts unchecked with a note', () => {
    const parts = [
      'data/<a><b><c><d><e><f><g><h><i><j><k><l>z.csv',
      'data/{a}{b}{c}{d}{e}{f}{g}{h}{i}{j}{k}z.csv',
      'data/YYYY-MM-DD-YYYY-MM-DD-YYYY-MM-DD-YYYY-MM-DD-YYYY-MM-DDz.csv',
      // "$Kz" is one variable: this one matches data/xxx….csv.
      'data/$A$B$C$D$E$F$G$H$I$J$Kz.csv',
      `data/${'<part>'.repeat(20)}.csv`,
    ];
    const found = missing(lintHostile('templates', `${HEAD}${parts.map((p) => `\`${p}\``).join(' and ')}\n`));
    assert.equal(found.length, 4, found.join('\n'));
    assert.match(found[3], /was not checked: it has 20 wildcard or template parts, and SOP lint matches paths with at most 16\. .*ignorePaths/);
  });

  it('reads 400 KB of interleaved emphasis marks as plain text, with a note', () => {
    const marks = ['*', '_', '**', '__'];
    let text = HEAD;
    for (let i = 0; text.length < 400_000; i++) text += `${marks[i % 4]}w${i % 7}${marks[(i * 3 + 1) % 4]} `;
    const result = lintHostile('emphasis', text + '\n');
    assert.match(limits(result)[0].message, /emphasis marks .* read as plain text/);
  });

  it('lints a 500 KB single word made of emphasis or strikethrough marks', () => {
    lintHostile('word of *', `${HEAD}${'w*'.repeat(250_000)}\n`);
    lintHostile('word of ~', `${HEAD}${'w~'.repeat(250_000)}\n`);
  });

  it('lints 10,000 list markers on one line and lists nested by indentation 1,000 levels deep', () => {
    const stacked = lintHostile('stacked list markers', `${HEAD.slice(0, -3)}${'- '.repeat(10_000)}x\n`);
    assert.match(limits(stacked)[0].message, /lists or quotes nested 10000 deep; only 32 levels are read as such/);
    lintHostile('stacked quotes', `${HEAD}${'> '.repeat(10_000)}x\n`);
    let deep = HEAD.slice(0, -3);
    for (let i = 0; i < 32; i++) deep += ' '.repeat(64 * i) + '- '.repeat(32) + 'x\n';
    const nested = lintHostile('deep nesting', deep);
    assert.match(limits(nested)[0].message, /lists or quotes nested 64 deep/);
  });

  it('lints images nested 20,000 deep', () => {
    const result = lintHostile('nested images', `${HEAD}${'!['.repeat(20_000)}x${'](y.png)'.repeat(20_000)}\n`);
    assert.match(limits(result)[0].message, /brackets nested 20000 deep/);
  });

  it('lints a quote or list item continued over 20,000 unindented lines', () => {
    const quote = lintHostile('lazy quote', `${HEAD.slice(0, -3)}${'> Check the totals.\nthen the refunds.\n'.repeat(10_000)}`);
    assert.match(limits(quote)[0].message, /10000 lines continue a list item or quote .* read as one paragraph/);
    lintHostile('lazy list item', `${HEAD}Check the totals\n${'and the refunds\n'.repeat(20_000)}`);
  });

  it('keeps what a defused block says: a glob in a paragraph of 500 bold words keeps its stars', () => {
    const text = `${HEAD}${'**bold** '.repeat(500)} Read \`data/*.csv\` first.\n`;
    const doc = timed('defused block', () => parseSop(text));
    assert.deepEqual(
      doc.paths.map((p) => p.value),
      ['data/*.csv'],
    );
    assert.equal(doc.limits.length, 1);
  });

  it('adds no notes and no cost to an ordinary 200-step SOP', () => {
    const sop = generateSop(200);
    const result = timed('200-step SOP', () => lintSop({ text: sop.text, filePath: BENCH_SOP, workspace: workspaceFor(sop, 100) }));
    assert.deepEqual(limits(result), []);
  });

  it('gives a document too large to lint as you type one finding instead of linting it', () => {
    const text = `${HEAD}${'Check the totals. '.repeat(Math.ceil(AS_YOU_TYPE_MAX_CHARS / 18) + 10)}\n`;
    const result = lintHostile('too large', text, AS_YOU_TYPE_MAX_CHARS);
    assert.equal(result.issues.length, 1);
    assert.match(result.issues[0].message, /too large to lint as you type .* Run `sop lint`/);
  });
});

describe('hostile front matter and config', () => {
  const withFrontMatter = (yaml: string) => `---\ntitle: Close\n${yaml}\n---\n# Close\n\n## Steps\n\n1. Run it.\n`;

  it('refuses front matter nested 100,000 deep, with a note, instead of overflowing the stack', () => {
    const result = lintHostile('deep flow YAML', withFrontMatter(`owner: ${'['.repeat(100_000)}${']'.repeat(100_000)}`));
    assert.match(limits(result)[0].message, /front matter was not read: it nests lists or maps more than 64 levels deep/);
  });

  it('refuses front matter with thousands of aliases, and survives a billion laughs', () => {
    const anchors = Array.from({ length: 2000 }, (_, i) => `k${i}: &a${i} v`).join('\n');
    const aliases = `x: [${Array.from({ length: 2000 }, (_, i) => `*a${i}`).join(', ')}]`;
    const result = lintHostile('many aliases', withFrontMatter(`${anchors}\n${aliases}`));
    assert.match(limits(result)[0].message, /more than 100 anchors and aliases/);
    let laughs = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]';
    for (const [prev, k] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'g'],
      ['g', 'h'],
      ['h', 'i'],
    ]) {
      laughs += `\n${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`;
    }
    const bomb = lintHostile('billion laughs', withFrontMatter(`${laughs}\nowner: *i`));
    assert.equal(bomb.doc.frontMatter.data.owner, undefined);
  });

  it('refuses a config nested 100,000 deep with a message that names the file, and never throws', () => {
    const file = '/ws/.sop-lint.jsonc';
    const text = `{ "rules": ${'['.repeat(100_000)}${']'.repeat(100_000)} }`;
    const { problem } = timed('deep config', () => parseConfigLayer(text, file, ruleIds()));
    assert.ok(problem);
    assert.match(
      problem.message,
      /^\.sop-lint\.jsonc nests objects or lists more than 64 levels deep \(a valid config needs at most 3\); SOP lint ignores this file until it is fixed\.$/,
    );
    const resolved = timed('deep config resolved', () => resolveConfig(SOP_PATH, [ROOT], (p) => (p === file ? text : undefined), ruleIds()));
    assert.deepEqual(
      resolved.problems.map((p) => p.file),
      [file],
    );
    assert.ok(resolved.problems[0].start > 0 && resolved.problems[0].start < text.length);
  });

  it('still reads brackets inside strings and comments of an ordinary config', () => {
    const { layer, problem } = parseConfigLayer(`// ${'['.repeat(100)}\n{ "roleWords": ["${'{'.repeat(100)}"] }`, '/ws/.sop-lint.jsonc', ruleIds());
    assert.equal(problem, undefined);
    assert.deepEqual(layer?.roleWords, ['{'.repeat(100)]);
  });
});

describe('regular expressions on 100,000-character adversarial strings', () => {
  const naming = createNamingCheck({ roleWords: DEFAULT_ROLE_WORDS, knownNames: ['Dana Reyes'] });
  const subjects: Record<string, (s: string) => unknown> = {
    isUrlOrEmail,
    hasTemplatePart,
    pathsInCommand,
    pathsInProse,
    findPlaceholders,
    isOnlyPlaceholder,
    findGate,
    naming,
    sentences,
    normalizeHeading,
    stepKindMarker: (s) => s.replace(STEP_KIND_MARKER, ''),
    isAbsolutePath,
    templateRegex: (s) => templateRegex(`/ws/${s}`).test(`/ws/${'a'.repeat(200)}`),
  };
  // Each regex's special characters and words, repeated: a long run followed by a character that makes it fail.
  const units = [
    'a',
    '.',
    '/',
    '\\',
    '*',
    '?',
    '<',
    '{',
    '}',
    '$A',
    '${A}',
    '@',
    '~',
    '-',
    '_',
    ':',
    '[',
    ']',
    '!',
    ',',
    "'",
    '`',
    ' ',
    '\n',
    '[insert ',
    '<fill ',
    'TODO ',
    'todo ',
    'e.g. A ',
    'a@',
    'x.',
    'YYYY-',
    'MM-DD',
    '<a>',
    '{a}',
    'a/',
    '../',
    'get the ',
    'for ',
    'do not send ',
    'hold ',
    'review ',
    'needs ',
    'Ask ',
    'send to ',
    'from Dana ',
    '. A',
    'a.b',
    'A-',
  ];
  for (const [name, run] of Object.entries(subjects)) {
    it(name, () => {
      for (const unit of units) {
        const s = unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000) + '\u0001';
        timed(`${name} on ${JSON.stringify(unit)}…`, () => run(s), 500);
      }
    });
  }
});
