import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { applyLayer, configCandidates, defaultConfig, parseConfigLayer, resolveConfig } from '../../src/core/lint/config';
import { lintSop, ruleIds } from '../../src/core/lint/lint';
import { toPosix } from '../../src/core/workspace/paths';
import { existsSync, readFileSync, statSync } from 'node:fs';

const readTextIfExists = (p: string): string | undefined => (existsSync(p) && statSync(p).isFile() ? readFileSync(p, 'utf8') : undefined);
import { FIXTURES, workspaceIndex } from './helpers';

const WS = toPosix(resolve(FIXTURES, 'workspaces/configured'));
const resolveFor = (rel: string, settings = {}) => resolveConfig(`${WS}/${rel}`, [WS], readTextIfExists, ruleIds(), settings);
const lintFile = (rel: string, settings = {}) => {
  const { config } = resolveFor(rel, settings);
  return lintSop({ text: readTextIfExists(`${WS}/${rel}`)!, filePath: `${WS}/${rel}`, workspace: workspaceIndex(WS), config });
};

describe('config', () => {
  it('looks for .sop-lint.jsonc and .sop-lint.json from the workspace root down to the SOP', () => {
    assert.deepEqual(configCandidates(`${WS}/team-a/sops/boarding.sop.md`, [WS]), [
      `${WS}/.sop-lint.jsonc`,
      `${WS}/.sop-lint.json`,
      `${WS}/team-a/.sop-lint.jsonc`,
      `${WS}/team-a/.sop-lint.json`,
      `${WS}/team-a/sops/.sop-lint.jsonc`,
      `${WS}/team-a/sops/.sop-lint.json`,
    ]);
  });

  it('applies the root config: custom headings, role words and severities', () => {
    const { config, files } = resolveFor('sops/boarding.sop.md');
    assert.deepEqual(files, [`${WS}/.sop-lint.jsonc`]);
    assert.equal(config.rules['placeholder-left'], 'off');
    const issues = lintFile('sops/boarding.sop.md').issues;
    assert.ok(!issues.some((i) => i.rule === 'placeholder-left'));
    assert.ok(!issues.some((i) => i.rule === 'unnamed-approval-gate'), 'the duty captain is a role here');
    assert.ok(!issues.some((i) => /"Steps"/.test(i.message)), 'Runbook counts as steps');
    assert.ok(
      issues.some((i) => i.rule === 'missing-section'),
      'the other parts are still required',
    );
  });

  it('lets a nearer config override a farther one', () => {
    const issues = lintFile('team-a/sops/boarding.sop.md').issues;
    assert.deepEqual(
      issues.map((i) => `${i.rule}:${i.severity}`),
      ['placeholder-left:error'],
    );
  });

  it('puts VS Code settings below every config file', () => {
    const settings = { rules: { 'placeholder-left': 'warning' as const, 'empty-section': 'off' as const }, roleWords: ['skipper'] };
    const { config } = resolveFor('sops/boarding.sop.md', settings);
    assert.equal(config.rules['placeholder-left'], 'off', 'the file wins');
    assert.equal(config.rules['empty-section'], 'off', 'settings still apply where files are silent');
    assert.ok(config.roleWords.includes('skipper') && config.roleWords.includes('duty captain'));
  });

  it('reports a broken config file once, with the place, and lints as if it were not there', () => {
    const { problems, config } = resolveFor('broken/sops/boarding.sop.md');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].file, `${WS}/broken/.sop-lint.jsonc`);
    assert.match(problems[0].message, /is not valid JSON with comments \(CommaExpected\); SOP lint ignores this file until it is fixed/);
    const text = readTextIfExists(problems[0].file)!;
    assert.equal(text.slice(0, problems[0].start).split('\n').length, 3, 'points at line 3');
    assert.equal(config.rules['placeholder-left'], 'off', 'the root config still applies');
  });

  it('names an unknown rule and lists the real ones', () => {
    const { problems } = resolveFor('typo/sops/boarding.sop.md');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^Unknown rule "missing-paths"; the rules are missing-section, /);
    const text = readTextIfExists(problems[0].file)!;
    assert.equal(text.slice(problems[0].start, problems[0].end), '"missing-paths"');
  });

  it('checks every value it understands', () => {
    const bad = [
      ['{"rules": {"missing-path": "loud"}}', /must be off, info, warning, error, true or false/],
      ['{"requiredSections": ["why", "how"]}', /Unknown section "how"/],
      ['{"headings": {"steps": "Runbook"}}', /must be a list of heading texts/],
      ['{"roleWords": "captain"}', /must be a list of strings/],
      ['{"frontMatterType": "yes"}', /must be true or false/],
      ['[1, 2]', /must be a JSON object/],
      ['{"colour": "red"}', /Unknown setting "colour"/],
    ] as const;
    for (const [text, re] of bad) {
      const { problem } = parseConfigLayer(text, '/ws/.sop-lint.jsonc', ruleIds());
      assert.ok(problem, text);
      assert.match(problem!.message, re);
    }
    assert.deepEqual(parseConfigLayer('{"rules": {"SOP004": "off", "missing-path": false}}', '/ws/.sop-lint.jsonc', ruleIds()).layer?.rules, {
      SOP004: 'off',
      'missing-path': 'off',
    });
  });

  it('lets true turn a rule back on at its default severity', () => {
    const settings = { rules: { 'missing-path': 'off' as const } };
    const on = parseConfigLayer('{"rules": {"missing-path": true}}', '/ws/.sop-lint.jsonc', ruleIds()).layer!;
    const result = lintSop({
      text: '# X\n\n1. Run `scripts/nope.py`.\n',
      filePath: `${WS}/sops/x.sop.md`,
      workspace: workspaceIndex(WS),
      config: applyLayer(applyLayer(defaultConfig(), settings), on),
    });
    assert.deepEqual(
      result.issues.filter((i) => i.rule === 'missing-path').map((i) => i.severity),
      ['error'],
    );
  });
});
