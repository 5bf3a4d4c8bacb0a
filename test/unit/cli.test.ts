import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ACME, FIXTURES, REPO } from './helpers';
import { RULES } from '../../src/core/lint/rules';

const CLI = resolve(REPO, 'dist/cli.js');
function sop(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('sop lint (CLI)', () => {
  it('lints every SOP in a folder and exits 1 on error findings', () => {
    const r = sop(['lint', '--workspace', ACME, ACME]);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^sops\/customer-refunds\.sop\.md:27:4: error unnamed-approval-gate: Approval gate "need sign-off" does not say who approves/m);
    assert.match(r.out, /in 5 SOPs\.\n$/);
    assert.ok(!r.out.includes('notes/README.md'), 'plain Markdown is never linted');
    assert.ok(!r.out.includes('meeting-notes.md'));
  });

  it('exits 0 on a clean SOP and says so', () => {
    const r = sop(['lint', 'sops/monthly-sales-report.sop.md'], ACME);
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal(r.out, 'No problems in 1 SOP.\n');
  });

  it('prints JSON findings with 1-based positions', () => {
    const r = sop(['lint', '--format', 'json', '--workspace', ACME, join(ACME, 'sops/customer-refunds.sop.md')]);
    const findings = JSON.parse(r.out);
    assert.ok(Array.isArray(findings));
    assert.deepEqual(Object.keys(findings[0]).sort(), ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'rule', 'severity']);
    const gate = findings.find((f: { rule: string }) => f.rule === 'unnamed-approval-gate');
    assert.deepEqual(
      { file: gate.file, line: gate.line, column: gate.column, endLine: gate.endLine },
      { file: 'sops/customer-refunds.sop.md', line: 27, column: 4, endLine: 27 },
    );
  });

  it('prints SARIF 2.1.0 that names the rules', () => {
    const r = sop(['lint', '--format', 'sarif', '--workspace', ACME, join(ACME, 'sops')]);
    const sarif = JSON.parse(r.out);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.deepEqual(
      run.tool.driver.rules.map((r: { id: string }) => r.id),
      RULES.map((r) => r.id),
    );
    assert.ok(RULES.some((r) => r.id === 'open-question'));
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'missing-path');
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'sops/customer-refunds.sop.md');
  });

  it('exits 2 with a clear message on bad usage', () => {
    assert.equal(sop(['lint']).code, 2);
    assert.match(sop(['lint']).err, /needs at least one PATH/);
    assert.match(sop(['lint', '--format', 'xml', ACME]).err, /--format must be text, json or sarif/);
    assert.match(sop(['lint', 'no/such/file.md']).err, /no such file or folder/);
    assert.match(sop(['frobnicate']).err, /Unknown command "frobnicate"/);
    assert.equal(sop(['lint', '--bogus', ACME]).code, 2);
  });

  it('exits 2 and points at the broken config file', () => {
    const ws = resolve(FIXTURES, 'workspaces/configured');
    const r = sop(['lint', '--workspace', ws, join(ws, 'broken')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /^broken\/\.sop-lint\.jsonc:3:3: error config: \.sop-lint\.jsonc is not valid JSON/);
  });

  it('refuses a path outside the workspace', () => {
    const r = sop(['lint', '--workspace', join(ACME, 'sops'), join(ACME, 'docs')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /is outside the workspace/);
  });

  it('lints an SOP found by front matter and reads config from the workspace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-cli-'));
    try {
      cpSync(ACME, dir, { recursive: true });
      writeFileSync(join(dir, '.sop-lint.jsonc'), '{ "rules": { "missing-path": "off", "unnamed-approval-gate": "warning" } }');
      const r = sop(['lint', '--format', 'json', '.'], dir);
      assert.equal(r.code, 0, r.out + r.err);
      const findings = JSON.parse(r.out) as Array<{ file: string; rule: string }>;
      assert.ok(findings.some((f) => f.file === 'docs/payroll-cutoff.md'));
      assert.ok(!findings.some((f) => f.rule === 'missing-path'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a 2 GB file named like an SOP from its size, without reading it into memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-huge-'));
    try {
      const file = join(dir, 'archive.sop.md');
      writeFileSync(file, '# Archive\n');
      truncateSync(file, 2 * 1024 * 1024 * 1024);
      const started = Date.now();
      const r = sop(['lint', '--format', 'json', '--workspace', dir, file]);
      assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
      const findings = JSON.parse(r.out);
      assert.equal(findings.length, 1, r.out);
      assert.equal(findings[0].rule, 'lint-limit');
      assert.match(findings[0].message, /^This SOP is 2147\.5 MB, more than the 1\.0 MB SOP lint reads; it was not linted/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a 2 GB config file with a message naming it, instead of reading it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-huge-config-'));
    try {
      writeFileSync(join(dir, 'close.sop.md'), '# Close\n');
      writeFileSync(join(dir, '.sop-lint.jsonc'), '{}');
      truncateSync(join(dir, '.sop-lint.jsonc'), 2 * 1024 * 1024 * 1024);
      const r = sop(['lint', '--workspace', dir, join(dir, 'close.sop.md')]);
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.err, /\.sop-lint\.jsonc is 2048 MB, over the 16 MB limit for an SOP, config or skill file: not read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
