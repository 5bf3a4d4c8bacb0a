import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LIMIT_RULE } from '../../src/core/lint/lint';
import { RULES } from '../../src/core/lint/rules';
import type { Rule } from '../../src/core/lint/types';
import { generatedFiles, PACKAGE_JSON, rulePage, rulePagePath, RULES_README, SCHEMA, stalePages } from '../../scripts/generate-rules';

/**
 * The rule list is the one source: package.json settings, the config schema and docs/rules are generated from
 * it (`npm run generate:rules`), and this fails when a committed file disagrees.
 */
function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'docs/rules'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No repository with docs/rules above ${from}.`);
  }
}

const REPO = repositoryRoot(__dirname);
const read = (file: string) => (existsSync(path.join(REPO, file)) ? readFileSync(path.join(REPO, file), 'utf8') : undefined);
const isJson = (file: string) => file.endsWith('.json');

/** JSON is compared as data, so a formatter's line breaks are not drift; Markdown as text. */
function differs(file: string, expected: string, actual: string | undefined): boolean {
  if (actual === undefined) return true;
  if (isJson(file)) return JSON.stringify(JSON.parse(expected)) !== JSON.stringify(JSON.parse(actual));
  return expected !== actual;
}

/** A rule someone might add next: terms a newcomer would not know, left unexplained. */
const newRule: Rule = {
  id: 'unexplained-term',
  aliases: ['SOP008', 'jargon'],
  description: 'Terms a newcomer would not know (`GL`, `JE`) are explained where they first appear.',
  defaultSeverity: 'info',
  docs: {
    summary: 'Terms a newcomer would not know are explained',
    fixable: false,
    failing: { caption: 'one finding: "JE" is never explained', sop: '---\ntitle: Payroll\n---\n\n## Steps\n\n1. Post the payroll JE.\n' },
    passing: { sop: '---\ntitle: Payroll\n---\n\n## Steps\n\n1. Post the payroll journal entry (JE) in Xero.\n' },
  },
  check: () => [],
};

describe('rule registry (generated from src/core/lint/rules)', () => {
  it('package.json settings, the .sop-lint.jsonc schema, the README table and every rule page match the rule list', () => {
    const stale = [...generatedFiles(RULES, read)].filter(([file, text]) => differs(file, text, read(file))).map(([file]) => file);
    assert.deepEqual(stale, [], `out of date with the rule list: ${stale.join(', ')}. Run npm run generate:rules.`);
  });

  it('leaves no generated page behind for a rule that is gone, and keeps lint-limit documented by hand', () => {
    const pages = readdirSync(path.join(REPO, 'docs/rules'))
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => ({ file: `docs/rules/${f}`, text: read(`docs/rules/${f}`)! }));
    assert.deepEqual(stalePages(RULES, pages), []);
    const limitPage = read(rulePagePath(LIMIT_RULE)) ?? '';
    assert.ok(limitPage.startsWith(`# \`${LIMIT_RULE}\` - `), 'docs/rules/lint-limit.md exists');
    assert.deepEqual(stalePages([], [{ file: rulePagePath(LIMIT_RULE), text: limitPage }]), [], 'the generator never removes the hand-written lint-limit page');
    assert.ok(read(RULES_README)!.includes(`[\`${LIMIT_RULE}\`](${LIMIT_RULE}.md)`), 'the README links lint-limit');
  });

  it('notices when a rule changes: each artefact follows the rule list', () => {
    const errorAll = RULES.map((r) => ({ ...r, defaultSeverity: r.defaultSeverity === 'error' ? ('warning' as const) : ('error' as const) }));
    const changed = generatedFiles(errorAll, read);
    for (const file of [PACKAGE_JSON, SCHEMA, RULES_README, rulePagePath(RULES[0].id)]) {
      assert.ok(differs(file, changed.get(file)!, read(file)), `${file} follows the default severities`);
    }
  });

  it('adds a new rule everywhere from its file alone', () => {
    assert.ok(!RULES.some((r) => r.id === newRule.id), `${newRule.id} is a real rule now: give this test's made-up rule another id`);
    const files = generatedFiles([...RULES, newRule], read);
    const settings = JSON.parse(files.get(PACKAGE_JSON)!).contributes.configuration.properties['sopBuilder.lint.rules'].properties;
    assert.deepEqual(settings['unexplained-term'].enum, ['off', 'info', 'warning', 'error']);
    assert.match(settings['unexplained-term'].markdownDescription, /Default: `info`/);
    const rules = JSON.parse(files.get(SCHEMA)!).properties.rules;
    assert.ok(rules.properties['unexplained-term'] && rules.properties['SOP008'] && rules.properties['jargon']);
    const pattern = new RegExp(Object.keys(rules.patternProperties)[0]);
    assert.ok(pattern.test('JarGon') && pattern.test('sop008') && !pattern.test('unexplained-terms'));
    assert.ok(
      files
        .get(RULES_README)!
        .includes(
          '| [`unexplained-term`](unexplained-term.md) | `SOP008`, `jargon` | `info` | Terms a newcomer would not know (`GL`, `JE`) are explained where they first appear. |',
        ),
    );

    const page = files.get(rulePagePath('unexplained-term'))!;
    assert.equal(page.split('\n')[0], '# `unexplained-term` - Terms a newcomer would not know are explained');
    for (const line of [
      'Aliases: `SOP008`, `jargon`',
      'Default severity: `info`',
      'Quick fixes: no (only disabling)',
      '## Configuration',
      '## Disabling it inline',
      '## Examples',
    ]) {
      assert.ok(page.split('\n').includes(line), `the new page has "${line}"`);
    }
    // The inline disable goes after the front matter, where an HTML comment is read.
    assert.ok(page.includes('```markdown\n---\ntitle: Payroll\n---\n<!-- sop-lint-disable unexplained-term -->\n'));
    assert.ok(
      page.endsWith('**Passing example**:\n\n```markdown\n---\ntitle: Payroll\n---\n\n## Steps\n\n1. Post the payroll journal entry (JE) in Xero.\n```\n'),
    );
  });

  it('keeps the prose written on a page and rewrites only its header and examples', () => {
    const rule = RULES.find((r) => r.id === 'placeholder-left')!;
    const onDisk = read(rulePagePath(rule.id))!;
    const edited = onDisk
      .replace('Default severity: `warning`', 'Default severity: `error`')
      .replace('## Why it matters\n', '## Why it matters\n\nA new paragraph the team wrote.\n')
      .replace(rule.docs.passing.sop, 'An old example.\n');
    const page = rulePage(rule, edited);
    assert.ok(page.includes('Default severity: `warning`') && !page.includes('Default severity: `error`'));
    assert.ok(page.includes('A new paragraph the team wrote.'));
    assert.ok(page.includes(rule.docs.passing.sop) && !page.includes('An old example.'));
    assert.equal(rulePage(rule, onDisk), onDisk, 'generating twice changes nothing');
  });

  it('fences an example that holds a code block with a longer fence', () => {
    const page = rulePage({ ...newRule, docs: { ...newRule.docs, passing: { sop: '## Steps\n\n```bash\npython3 scripts/clean_sales.py\n```\n' } } }, undefined);
    assert.ok(page.includes('````markdown\n## Steps\n\n```bash\npython3 scripts/clean_sales.py\n```\n````\n'));
  });
});
