import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ACME, REPO } from '../helpers';

const CLI = resolve(REPO, 'dist/cli.js');
function sop(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('sop skill (CLI)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'sop-skill-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes the skill folder, prints it and the draft warning, and exits 0', () => {
    const r = sop(['skill', '--workspace', ACME, '--out', tmp, join(ACME, 'sops/monthly-sales-report.sop.md')]);
    assert.equal(r.code, 0, r.err);
    const folder = join(tmp, 'monthly-sales-report');
    assert.equal(r.out.trim(), folder.replace(/\\/g, '/'));
    assert.match(r.err, /^warning: This SOP is not approved yet\./m);
    assert.match(readFileSync(join(folder, 'SKILL.md'), 'utf8'), /^---\nname: monthly-sales-report\n/);
    assert.ok(existsSync(join(folder, 'scripts/clean_sales.py')));
    assert.ok(existsSync(join(folder, 'scripts/build_report.sh')));
  });

  it('defaults to .agents/skills in the workspace and never overwrites without --force', () => {
    const ws = join(tmp, 'ws');
    cpSync(ACME, ws, { recursive: true });
    const first = sop(['skill', 'sops/vendor-onboarding.md'], ws);
    assert.equal(first.code, 0, first.err);
    const skillMd = join(ws, '.agents/skills/vendor-onboarding-procedure/SKILL.md');
    assert.ok(existsSync(skillMd));
    writeFileSync(skillMd, 'hand edits');
    const again = sop(['skill', 'sops/vendor-onboarding.md'], ws);
    assert.equal(again.code, 2);
    assert.match(again.err, /already exists: pass --force/);
    assert.equal(readFileSync(skillMd, 'utf8'), 'hand edits');
    const forced = sop(['skill', '--force', 'sops/vendor-onboarding.md'], ws);
    assert.equal(forced.code, 0, forced.err);
    assert.match(readFileSync(skillMd, 'utf8'), /^---\nname: vendor-onboarding-procedure/);
  });

  it('exits 2 on bad usage', () => {
    assert.equal(sop(['skill']).code, 2);
    assert.equal(sop(['skill', '--workspace', ACME, join(ACME, 'sops/nope.sop.md')]).code, 2);
    assert.equal(sop(['skill', '--workspace', ACME, join(ACME, 'sops/vendor-onboarding.md'), join(ACME, 'sops/customer-refunds.sop.md')]).code, 2);
  });
});
