/**
 * Writes what the lint rule list (src/core/lint/rules/index.ts) decides everywhere else: the rule settings in
 * package.json, the .sop-lint.jsonc schema, the rules table in docs/rules/README.md and the rule pages.
 * `npm run generate:rules` writes them; `-- --check` only says which are out of date (exit 1).
 * The functions here are pure (text in, text out) so test/unit/rule-registry.test.ts can compare with the files.
 */
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../src/core/lint/rules';
import type { Severity } from '../src/core/lint/severity';
import type { Rule } from '../src/core/lint/types';

export const PACKAGE_JSON = 'package.json';
export const SCHEMA = 'syntaxes/sop-lint.schema.json';
export const RULES_README = 'docs/rules/README.md';
export const ROOT_README = 'README.md';
export const rulePagePath = (id: string) => `docs/rules/${id}.md`;

const SEVERITIES: Severity[] = ['info', 'warning', 'error'];
const TABLE_START = '<!-- rules table: generated from src/core/lint/rules by npm run generate:rules -->';
const TABLE_END = '<!-- end of rules table -->';
const pageMarker = (id: string) =>
  `<!-- The lines above and the examples at the end are generated from src/core/lint/rules/${id}.ts by npm run generate:rules: edit them there, and the prose below here. -->`;

/** The description without Markdown code marks, for places that show plain text. */
export function plainText(markdown: string): string {
  return markdown.replace(/`/g, '');
}

const ruleNames = (rules: Rule[]) => rules.flatMap((r) => [r.id, ...r.aliases]);

/** package.json: `sopBuilder.lint.rules` lists every rule id (aliases are still accepted, as additional properties). */
export function withRuleSettings(packageJson: string, rules: Rule[]): string {
  const pkg = JSON.parse(packageJson);
  const setting = pkg.contributes.configuration.properties['sopBuilder.lint.rules'];
  setting.properties = Object.fromEntries(
    rules.map((r) => [r.id, { type: 'string', enum: ['off', ...SEVERITIES], markdownDescription: `${r.description} Default: \`${r.defaultSeverity}\`.` }]),
  );
  return JSON.stringify(pkg, null, 2) + '\n';
}

const SEVERITY_VALUE = {
  oneOf: [
    {
      type: 'string',
      enum: ['off', ...SEVERITIES],
      enumDescriptions: [
        'Do not run the rule.',
        'Report findings as information.',
        'Report findings as warnings.',
        'Report findings as errors (the CLI exits with 1).',
      ],
    },
    {
      type: 'boolean',
      enum: [false, true],
      enumDescriptions: ['Same as "off".', 'Leave the severity as a farther layer set it (does not turn the rule back on).'],
    },
  ],
};

/** Matches `name` in any case, as the linter reads rule ids and aliases. */
function anyCase(name: string): string {
  return [...name]
    .map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
}

/** The schema's `rules` object: each id and alias by name, any other spelling of them by pattern, nothing else. */
export function withSchemaRules(schemaJson: string, rules: Rule[]): string {
  const schema = JSON.parse(schemaJson);
  const target = schema.properties.rules;
  const properties: Record<string, unknown> = {};
  for (const r of rules) {
    for (const name of [r.id, ...r.aliases]) {
      const alias = name === r.id ? '' : `Alias of ${r.id}. `;
      const aliasMd = name === r.id ? '' : `Alias of \`${r.id}\`. `;
      properties[name] = {
        description: `${alias}${plainText(r.description)} Default: ${r.defaultSeverity}.`,
        markdownDescription: `${aliasMd}${r.description} Default: \`${r.defaultSeverity}\`. See docs/rules/${r.id}.md.`,
        ...SEVERITY_VALUE,
      };
    }
  }
  target.properties = properties;
  target.patternProperties = {
    [`^(?:${ruleNames(rules).map(anyCase).join('|')})$`]: {
      description: 'A rule id or alias, in any case.',
      markdownDescription: 'A rule id or alias, in any case.',
      ...SEVERITY_VALUE,
    },
  };
  return JSON.stringify(schema, null, 2) + '\n';
}

const code = (s: string) => `\`${s}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|');

/**
 * The table of rules in a README, between its markers (added around the first table the first time). `pages` is
 * the folder of the rule pages as seen from that README ('' for docs/rules itself, 'docs/rules/' from the root).
 */
export function withRulesTable(readme: string, rules: Rule[], pages = ''): string {
  const table = [
    TABLE_START,
    '| Rule | Aliases | Default severity | What it checks |',
    '| --- | --- | --- | --- |',
    ...rules.map(
      (r) => `| [${code(r.id)}](${pages}${r.id}.md) | ${r.aliases.map(code).join(', ') || 'none'} | ${code(r.defaultSeverity)} | ${cell(r.description)} |`,
    ),
    TABLE_END,
  ].join('\n');
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start >= 0 && end > start) return readme.slice(0, start) + table + readme.slice(end + TABLE_END.length);
  const lines = readme.split('\n');
  const first = lines.findIndex((l) => l.startsWith('| Rule |'));
  if (first < 0)
    throw new Error(`${RULES_README} has no "| Rule |" table and no "${TABLE_START}" marker: add the marker where the table goes, then run this again.`);
  let last = first;
  while (last + 1 < lines.length && lines[last + 1].startsWith('|')) last++;
  return [...lines.slice(0, first), table, ...lines.slice(last + 1)].join('\n');
}

/**
 * Wraps a paragraph at `width` columns like the hand-written prose, never starting a line with a mark that
 * would make it a list item, heading or quote.
 */
function wrap(paragraph: string, width = 110): string {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    if (line && line.length + 1 + word.length > width && !/^(?:[-+*#>]|\d+[.)])/.test(word)) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

/** A fence longer than any run of backticks in the text, so examples that hold code blocks stay whole. */
function fenced(text: string, lang: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.endsWith('\n') ? text : text + '\n'}${fence}`;
}

/** The hand-written part of an existing page: after the generated header, before the failing example. */
function prose(page: string | undefined): string | undefined {
  if (!page) return undefined;
  const lines = page.split('\n');
  const from = lines.findIndex((l) => l.startsWith('Quick fixes:'));
  const to = lines.findIndex((l) => l.startsWith('**Failing example**'));
  if (from < 0 || to < from) return undefined;
  const body = lines.slice(from + 1, to).filter((l) => !l.startsWith('<!-- The lines above and the examples at the end are generated'));
  return body.join('\n').trim();
}

/** What a new rule's page says until someone writes more: the check, its configuration and an inline disable. */
function firstProse(rule: Rule): string {
  const other = rule.defaultSeverity === 'error' ? 'warning' : 'error';
  const rest = ['off', ...SEVERITIES].filter((s) => s !== other).map((s) => `"${s}"`);
  const sop = rule.docs.failing.sop;
  const frontMatter = sop.match(/^---\r?\n[\s\S]*?\r?\n---\r?\n/)?.[0] ?? '';
  const disabled = `${frontMatter}<!-- sop-lint-disable ${rule.id} -->\n\n${sop.slice(frontMatter.length)}`;
  return [
    `What it checks: ${rule.description}`,
    '## Configuration',
    fenced(`{\n  "rules": { "${rule.id}": "${other}" }   // or ${rest.join(', ')}\n}\n`, 'jsonc'),
    '## Disabling it inline',
    fenced(disabled, 'markdown'),
    '## Examples',
  ].join('\n\n');
}

/** docs/rules/<id>.md: header and examples from the rule, the prose in between kept from the page on disk. */
export function rulePage(rule: Rule, existing: string | undefined): string {
  const { docs } = rule;
  const example = (label: string, ex: { sop: string; caption?: string }) =>
    `${wrap(`**${label} example**${ex.caption ? ` (${ex.caption})` : ''}:`)}\n\n${fenced(ex.sop, 'markdown')}`;
  return (
    [
      `# ${code(rule.id)} - ${docs.summary}`,
      `Aliases: ${rule.aliases.map(code).join(', ') || 'none'}`,
      `Default severity: ${code(rule.defaultSeverity)}`,
      `Quick fixes: ${docs.fixable ? 'yes' : 'no (only disabling)'}`,
      pageMarker(rule.id),
      prose(existing) ?? firstProse(rule),
      example('Failing', docs.failing),
      example('Passing', docs.passing),
    ].join('\n\n') + '\n'
  );
}

/** Every generated file, by its path from the repository root, given how to read the current one. */
export function generatedFiles(rules: Rule[], read: (file: string) => string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const must = (file: string) => {
    const text = read(file);
    if (text === undefined) throw new Error(`${file} is missing: the rule generator updates it but does not create it. Restore it from git.`);
    return text;
  };
  out.set(PACKAGE_JSON, withRuleSettings(must(PACKAGE_JSON), rules));
  out.set(SCHEMA, withSchemaRules(must(SCHEMA), rules));
  out.set(RULES_README, withRulesTable(must(RULES_README), rules));
  out.set(ROOT_README, withRulesTable(must(ROOT_README), rules, 'docs/rules/'));
  for (const rule of rules) out.set(rulePagePath(rule.id), rulePage(rule, read(rulePagePath(rule.id))));
  return out;
}

/** Pages this generator wrote for rules that are no longer in the list (hand-written pages such as lint-limit.md stay). */
export function stalePages(rules: Rule[], pages: Array<{ file: string; text: string }>): string[] {
  const ids = new Set(rules.map((r) => r.id));
  return pages
    .filter((p) => !ids.has(path.basename(p.file, '.md')) && p.text.includes('<!-- The lines above and the examples at the end are generated'))
    .map((p) => p.file);
}

function main(root: string, check: boolean): number {
  const read = (file: string) => (existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), 'utf8') : undefined);
  const changed: string[] = [];
  for (const [file, text] of generatedFiles(RULES, read)) {
    if (read(file) === text) continue;
    changed.push(file);
    if (!check) writeFileSync(path.join(root, file), text);
  }
  const pages = readdirSync(path.join(root, 'docs/rules'))
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => ({ file: `docs/rules/${f}`, text: read(`docs/rules/${f}`) ?? '' }));
  for (const file of stalePages(RULES, pages)) {
    changed.push(`${file} (removed: its rule is no longer in the list)`);
    if (!check) unlinkSync(path.join(root, file));
  }
  if (changed.length === 0) console.log(`Rule settings, schema and docs match the ${RULES.length} rules.`);
  else if (check) console.error(`Out of date with src/core/lint/rules, run npm run generate:rules:\n  ${changed.join('\n  ')}`);
  else console.log(`Updated from src/core/lint/rules:\n  ${changed.join('\n  ')}`);
  return check && changed.length > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.cwd(), process.argv.includes('--check'));
