import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { FIXTURES, REPO } from '../helpers';

const CLI = resolve(REPO, 'dist/cli.js');
const WS = resolve(FIXTURES, 'automation/month-end');
const SOP = 'sops/month-end-close.sop.md';

function sop(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('sop automation (CLI)', () => {
  let tmp: string;
  let ws: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'sop-automation-'));
    ws = join(tmp, 'ws');
    cpSync(WS, ws, { recursive: true });
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes the skill and the three files, prints them and the schedule, and exits 0', () => {
    const r = sop(['automation', SOP], ws);
    assert.equal(r.code, 0, r.err);
    const posix = (p: string) => join(ws, p).replace(/\\/g, '/');
    assert.deepEqual(r.out.trim().split('\n'), [
      posix('.agents/skills/month-end-close'),
      posix('.agents/automations/month-end-close/automation.json'),
      posix('.agents/automations/month-end-close/prompt.md'),
      posix('.github/workflows/sop-month-end-close.yml'),
    ]);
    assert.match(
      r.err,
      /^schedule: 0 8 1-3 \* \* \(CET\): At 08:00 on days 1 to 3 of every month, then the run goes on only on the first business day of the month/m,
    );
    assert.match(
      r.err,
      /^ {2}read from line 24: "On the first business day of each month at 08:00 CET, for the month that just ended\." \(high confidence\)$/m,
    );
    assert.match(r.err, /^ {2}GitHub \(UTC\) cron: 0 7 1-3 \* \*$/m);
    assert.match(r.err, /^skill: \.agents\/skills\/month-end-close did not exist, so the SOP was exported as a skill there too\.$/m);
    assert.match(readFileSync(join(ws, '.agents/skills/month-end-close/SKILL.md'), 'utf8'), /^---\nname: month-end-close\n/);
    const workflow = parse(readFileSync(join(ws, '.github/workflows/sop-month-end-close.yml'), 'utf8'));
    assert.deepEqual(workflow.on.schedule, [{ cron: '0 7 1-3 * *' }]);
    const lint = workflow.jobs.run.steps.find((s: { name: string }) => s.name === 'Lint the SOP');
    assert.match(lint.run, /^npx --yes --package=sop-builder@\d+\.\d+\.\d+ sop lint "\$SOP_PATH"$/);
    assert.deepEqual(lint.env, { SOP_PATH: 'sops/month-end-close.sop.md' });
    const json = JSON.parse(readFileSync(join(ws, '.agents/automations/month-end-close/automation.json'), 'utf8'));
    assert.equal(json.skill, '.agents/skills/month-end-close');
  });

  it('reuses an existing skill folder and never overwrites the files without --force', () => {
    mkdirSync(join(ws, 'skills/close'), { recursive: true });
    writeFileSync(join(ws, 'skills/close/SKILL.md'), 'hand-made skill');
    const first = sop(['automation', '--skill', 'skills/close', SOP], ws);
    assert.equal(first.code, 0, first.err);
    assert.ok(!first.err.includes('did not exist'));
    assert.equal(readFileSync(join(ws, 'skills/close/SKILL.md'), 'utf8'), 'hand-made skill');
    const prompt = join(ws, '.agents/automations/close/prompt.md');
    assert.match(readFileSync(prompt, 'utf8'), /Use the skill at `skills\/close\/SKILL\.md`/);
    writeFileSync(prompt, 'hand edits');
    const again = sop(['automation', '--skill', 'skills/close', SOP], ws);
    assert.equal(again.code, 2);
    assert.match(
      again.err,
      /^sop: .*\.agents\/automations\/close\/automation\.json, .*prompt\.md, .*sop-close\.yml already exist: pass --force to replace them, or --out with another folder\.$/m,
    );
    assert.equal(readFileSync(prompt, 'utf8'), 'hand edits');
    const forced = sop(['automation', '--force', '--skill', 'skills/close', SOP], ws);
    assert.equal(forced.code, 0, forced.err);
    assert.match(readFileSync(prompt, 'utf8'), /^# Unattended run: Month-end close/);
  });

  it('takes a cron and a time zone from the flags, and writes under --out', () => {
    const out = join(tmp, 'elsewhere');
    const r = sop(['automation', '--cron', '30 6 * * MON-FRI', '--timezone', 'Asia/Kolkata', '--out', out, SOP], ws);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.err,
      /^schedule: 30 6 \* \* MON-FRI \(Asia\/Kolkata\): At 06:30 Monday to Friday\.\n {2}from --cron\n {2}GitHub \(UTC\) cron: 0 1 \* \* MON-FRI$/m,
    );
    assert.ok(existsSync(join(out, '.github/workflows/sop-month-end-close.yml')));
    assert.ok(!existsSync(join(ws, '.github')));
  });

  it('exits 2 with the reason on a bad --cron or --timezone', () => {
    const bad = sop(['automation', '--cron', '0 9 * * MOM', SOP], ws);
    assert.equal(bad.code, 2);
    assert.equal(bad.err, 'sop: --cron: The day-of-week field "MOM": "MOM" is not a number 0–7 or a name SUN–SAT.\n');
    assert.equal(sop(['automation', '--cron', '0 9 * *', SOP], ws).code, 2);
    const tz = sop(['automation', '--timezone', 'Mars/Olympus', SOP], ws);
    assert.equal(tz.code, 2);
    assert.match(tz.err, /--timezone: "Mars\/Olympus" is not a time zone this tool knows/);
    assert.ok(!existsSync(join(ws, '.agents')));
  });

  it('exits 2 on bad usage and 1 on an SOP that cannot be automated', () => {
    assert.equal(sop(['automation'], ws).code, 2);
    assert.equal(sop(['automation', 'sops/nope.sop.md'], ws).code, 2);
    writeFileSync(join(ws, 'sops/empty.sop.md'), '# Empty\n\n## Why\n\nNothing to do.\n');
    const empty = sop(['automation', 'sops/empty.sop.md'], ws);
    assert.equal(empty.code, 1);
    assert.match(empty.err, /^sop: sops\/empty\.sop\.md has no numbered steps/);
  });
});
