import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LIMIT_RULE, lintSop, ruleIds } from '../../src/core/lint/lint';
import { RULES } from '../../src/core/lint/rules';
import { applyLayer, defaultConfig, parseConfigLayer, type LintConfig } from '../../src/core/lint/config';
import { WorkspaceIndex } from '../../src/core/workspace/fileIndex';
import { SECTION_KINDS, SECTIONS } from '../../src/core/sop/sections';
import { DEFAULT_ROLE_WORDS } from '../../src/core/sop/gates';
import type { Rule } from '../../src/core/lint/types';

/**
 * Keeps docs/rules honest: every rule's failing example (rule.docs, which its page shows) must trip the rule,
 * and its passing example must not; the page's own prose examples must do what they say. The bundle runs from
 * a folder under out/, so the repository is the nearest folder above with docs/rules.
 */
const REPO = repositoryRoot(__dirname);
const DOCS = path.join(REPO, 'docs');
const RULE_DOCS = path.join(DOCS, 'rules');

/** Where the examples pretend to live: the SOP is /ws/sops/example.sop.md. */
const ROOT = '/ws';
const SOP_PATH = `${ROOT}/sops/example.sop.md`;

function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'docs/rules'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No repository with docs/rules above ${from}.`);
  }
}

function read(file: string): string {
  return readFileSync(file, 'utf8');
}

function rulePage(id: string): string {
  return read(path.join(RULE_DOCS, `${id}.md`));
}

interface Block {
  lang: string;
  text: string;
  /** The line of the document just before the block's opening fence that is not blank. */
  lead: string;
}

/** Every fenced block of a Markdown document (fences of three or more backticks or tildes, nested ones kept whole). */
function fencedBlocks(md: string): Block[] {
  const lines = md.split(/\r?\n/);
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^ {0,3}(`{3,}|~{3,})\s*([\w-]*)\s*$/);
    if (!open) continue;
    const fence = open[1];
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j])) j++;
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === '') k--;
    blocks.push({ lang: open[2], text: lines.slice(i + 1, j).join('\n') + '\n', lead: k >= 0 ? lines[k] : '' });
    i = j;
  }
  return blocks;
}

/** The files of the example workspace, as listed in missing-path.md (path-outside-workspace.md refers to it). */
function exampleWorkspace(): WorkspaceIndex {
  const md = rulePage('missing-path');
  const listing = fencedBlocks(md).find((b) => b.lang === 'text' && /exports\//.test(b.text));
  assert.ok(listing, 'missing-path.md lists the example workspace in a ```text block');
  const files = listing.text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return new WorkspaceIndex(
    [ROOT],
    [...files, 'sops/example.sop.md'].map((f) => `${ROOT}/${f}`),
  );
}

/** Only `id` on, at its default severity. */
function only(rule: Rule): LintConfig {
  return applyLayer(defaultConfig(), { rules: Object.fromEntries(RULES.map((r) => [r.id, r.id === rule.id ? r.defaultSeverity : 'off'])) });
}

const NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/** "(three findings: ..." in a caption → 3. */
function claimedCount(caption: string): number | undefined {
  const m = caption.match(/\((\w+) findings?\b/);
  if (!m) return undefined;
  return NUMBERS[m[1].toLowerCase()] ?? (Number.isInteger(Number(m[1])) ? Number(m[1]) : undefined);
}

function backticked(s: string): string[] {
  return [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

describe('rule docs (docs/rules)', () => {
  const workspace = exampleWorkspace();

  it('has one page per rule, and no page for a rule that does not exist', () => {
    const pages = readdirSync(RULE_DOCS)
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => f.replace(/\.md$/, ''))
      .sort();
    // lint-limit is not a rule of the list (it cannot be configured) but its findings link to a page too.
    assert.deepEqual(pages, [...RULES.map((r) => r.id), LIMIT_RULE].sort());
  });

  it('lists every rule in the README table with its aliases and default severity', () => {
    const readme = read(path.join(RULE_DOCS, 'README.md'));
    for (const rule of RULES) {
      const row = readme.split('\n').find((l) => l.startsWith(`| [\`${rule.id}\`](${rule.id}.md) |`));
      assert.ok(row, `README.md has a row for ${rule.id}`);
      const cells = row.split('|').map((c) => c.trim());
      assert.deepEqual(backticked(cells[2]), rule.aliases, `${rule.id}: aliases`);
      assert.deepEqual(backticked(cells[3]), [rule.defaultSeverity], `${rule.id}: default severity`);
    }
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const md = rulePage(rule.id);

      it('states the id, aliases and default severity the rule has', () => {
        assert.match(md.split('\n')[0], new RegExp(`^# \`${rule.id}\` - `));
        const aliases = md.split('\n').find((l) => l.startsWith('Aliases:'));
        assert.ok(aliases, 'an "Aliases:" line');
        assert.deepEqual(backticked(aliases), rule.aliases);
        const severity = md.split('\n').find((l) => l.startsWith('Default severity:'));
        assert.ok(severity, 'a "Default severity:" line');
        assert.deepEqual(backticked(severity), [rule.defaultSeverity]);
      });

      it('its failing example produces findings of the rule', () => {
        const { sop: text, caption, runs, skills } = rule.docs.failing;
        const result = lintSop({ text, filePath: SOP_PATH, workspace, config: only(rule), runs, skills });
        assert.deepEqual(result.failures, []);
        const found = result.issues.filter((i) => i.rule === rule.id);
        assert.ok(found.length > 0, `expected ${rule.id} findings in the failing example`);
        const claimed = claimedCount(caption);
        if (claimed !== undefined) {
          assert.equal(found.length, claimed, `the caption says ${claimed}; found: ${found.map((f) => `${f.range.start.line + 1}: ${f.message}`).join(' | ')}`);
        }
      });

      it('its "Disabling it inline" example silences the rule, which fires without the comments', () => {
        const section = md.slice(md.indexOf('\n## Disabling it inline'));
        assert.ok(section.length > 1, 'a "## Disabling it inline" section');
        const block = fencedBlocks(section)[0];
        assert.ok(block && block.lang === 'markdown', 'a ```markdown block in "Disabling it inline"');
        const lint = (text: string) =>
          lintSop({ text, filePath: SOP_PATH, workspace, config: only(rule), runs: rule.docs.failing.runs, skills: rule.docs.failing.skills }).issues.filter(
            (i) => i.rule === rule.id,
          );
        assert.deepEqual(
          lint(block.text).map((f) => f.message),
          [],
        );
        assert.ok(lint(block.text.replace(/[ \t]*<!--\s*sop-lint-[\s\S]*?-->/g, '')).length > 0, 'without its comments the example trips the rule');
      });

      it('its passing example produces none', () => {
        const { sop: text, runs, skills } = rule.docs.passing;
        const result = lintSop({ text, filePath: SOP_PATH, workspace, config: only(rule), runs, skills });
        assert.deepEqual(result.failures, []);
        const found = result.issues.filter((i) => i.rule === rule.id);
        assert.deepEqual(
          found.map((f) => `${f.range.start.line + 1}: ${f.message}`),
          [],
          `no ${rule.id} findings expected in the passing example`,
        );
      });
    });
  }

  it('missing-section.md lists exactly the built-in headings of each part', () => {
    const md = rulePage('missing-section');
    for (const kind of SECTION_KINDS) {
      const row = md.split('\n').find((l) => l.startsWith(`| \`${kind}\` |`));
      assert.ok(row, `a table row for ${kind}`);
      const cells = row.split('|').map((c) => c.trim());
      assert.equal(cells[2], SECTIONS[kind].title, `${kind}: inserted heading`);
      assert.deepEqual(cells[3].split(/,\s*/), SECTIONS[kind].headings, `${kind}: headings`);
    }
  });

  it('unnamed-approval-gate.md lists exactly the built-in role words', () => {
    const md = rulePage('unnamed-approval-gate');
    const start = md.indexOf('Built-in role words:');
    assert.ok(start >= 0);
    const paragraph = md.slice(start, md.indexOf('\n\n', start));
    assert.deepEqual(backticked(paragraph), DEFAULT_ROLE_WORDS);
  });

  it('every .sop-lint.jsonc snippet in the docs is a config the linter accepts', () => {
    const pages = [path.join(DOCS, 'configuration.md'), ...readdirSync(RULE_DOCS).map((f) => path.join(RULE_DOCS, f))];
    let checked = 0;
    for (const page of pages) {
      for (const block of fencedBlocks(read(page))) {
        // VS Code settings snippets ("sopBuilder.lint.rules": ...) are not config files.
        if (block.lang !== 'jsonc' || !block.text.trimStart().startsWith('{') || block.text.includes('"sopBuilder.')) continue;
        const { problem } = parseConfigLayer(block.text, '.sop-lint.jsonc', ruleIds());
        assert.equal(problem, undefined, `${path.relative(REPO, page)}: ${problem?.message}\n${block.text}`);
        checked++;
      }
    }
    assert.ok(checked >= 10, `checked ${checked} snippets`);
  });
});

describe('config schema (syntaxes/sop-lint.schema.json)', () => {
  const file = path.join(REPO, 'syntaxes/sop-lint.schema.json');
  const schema = existsSync(file) ? (JSON.parse(read(file)) as SchemaNode) : undefined;

  interface SchemaNode {
    properties?: Record<string, SchemaNode>;
    patternProperties?: Record<string, SchemaNode>;
    additionalProperties?: boolean | SchemaNode;
    items?: SchemaNode;
    enum?: unknown[];
  }

  it('names every rule id and alias, and nothing else', () => {
    assert.ok(schema?.properties?.rules);
    const rules = schema.properties.rules;
    assert.equal(rules.additionalProperties, false);
    const names = Object.keys(rules.properties ?? {});
    assert.deepEqual([...names].sort(), [...ruleIds()].sort());
    // Any spelling the linter accepts (ids and aliases in any case) is accepted by the schema too.
    const patterns = Object.keys(rules.patternProperties ?? {}).map((p) => new RegExp(p));
    for (const id of ruleIds()) {
      for (const spelling of [id, id.toLowerCase(), id.toUpperCase()]) {
        const accepted = names.includes(spelling) || patterns.some((p) => p.test(spelling));
        const linter = parseConfigLayer(JSON.stringify({ rules: { [spelling]: 'warning' } }), '.sop-lint.jsonc', ruleIds());
        assert.equal(accepted, linter.problem === undefined, `schema and linter disagree about "${spelling}"`);
      }
    }
    assert.ok(!patterns.some((p) => p.test('no-such-rule')));
  });

  it('has the sections of sections.ts, in requiredSections and headings', () => {
    assert.deepEqual(schema?.properties?.requiredSections?.items?.enum, [...SECTION_KINDS]);
    assert.deepEqual(Object.keys(schema?.properties?.headings?.properties ?? {}), [...SECTION_KINDS]);
    assert.equal(schema?.properties?.headings?.additionalProperties, false);
  });

  it('allows exactly the top-level keys the linter reads', () => {
    assert.equal(schema?.additionalProperties, false);
    const samples: Record<string, unknown> = {
      $schema: 'x.json',
      rules: { 'missing-path': 'off' },
      requiredSections: ['steps'],
      headings: { steps: ['Runbook'] },
      roleWords: ['steward'],
      replaceRoleWords: true,
      sopFiles: ['**/*.md'],
      frontMatterType: false,
      ignorePaths: ['reports/**'],
    };
    assert.deepEqual(Object.keys(schema?.properties ?? {}).sort(), Object.keys(samples).sort());
    for (const [key, value] of Object.entries(samples)) {
      const { problem } = parseConfigLayer(JSON.stringify({ [key]: value }), '.sop-lint.jsonc', ruleIds());
      assert.equal(problem, undefined, `${key}: ${problem?.message}`);
    }
    assert.ok(parseConfigLayer('{ "rule": {} }', '.sop-lint.jsonc', ruleIds()).problem, 'an unknown key is a problem');
  });
});
