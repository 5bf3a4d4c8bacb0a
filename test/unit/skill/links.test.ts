import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planSkillExport, skillOf } from '../../../src/core/usecases/exportSkill';
import { openSop } from '../../../src/core/usecases/sop';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { personalDataIn } from '../../../src/core/approval/personalData';
import { readSkillSource } from '../../../src/core/skill/sources';
import { toPosix } from '../../../src/core/workspace/paths';
import { link, put } from '../../support/tempTree';

const STAFF_CSV = 'Employee Name,NI Number,Date of Birth,Annual Salary\nAmira Khan,QQ123456C,1988-04-12,52000\nTom Reilly,AB654321D,1979-11-30,61000\n';
// A long handbook page (a reference) with one employee's details pasted in.
const HANDBOOK = `# Payroll handbook\n\n${'Check the cut-off date with the payroll team before you start the run. '.repeat(40)}\n\nExample: Tom Reilly, NI AB 65 43 21 D, moved to the Leeds office.\n`;
const SOP = [
  '# Monthly payroll run',
  '',
  '## Steps',
  '',
  '1. Run `python3 scripts/run_batch.py`.',
  '2. Load settings with `bash scripts/load_settings.sh`.',
  '3. Check access with `bash scripts/check_access.sh`.',
  '4. Run `python3 scripts/team_totals.py`.',
  '5. Run `bash scripts/shared_helpers.sh`.',
  '6. Run `bash scripts/stream.sh` and `bash scripts/pipe.sh`.',
  '7. Run `python3 scripts/huge_export.py`.',
  '8. Fill in `templates/staff-template.csv`.',
  '9. Read `docs/handbook.md`.',
  '',
].join('\n');

describe('skill export: links, sensitive targets and personal data', () => {
  let tmp: string;
  let ws: string;
  beforeEach(() => {
    tmp = toPosix(realpathSync(mkdtempSync(join(tmpdir(), 'sop-skill-links-'))));
    ws = `${tmp}/ws`;
    put(tmp, 'outside/helpers.sh', 'echo "from another project"\n');
    put(ws, 'sops/payroll.sop.md', SOP);
    put(ws, 'scripts/run_batch.py', 'print("running payroll")\n');
    put(ws, '.env', 'STRIPE_KEY=sk_live_51Hx9aQ2eZvKYlo2C8Wd3fGh7Jk\n');
    put(ws, '.aws/credentials', '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n');
    put(ws, 'HR/totals.py', 'print("salaries by person")\n');
    put(ws, 'templates/staff-template.csv', STAFF_CSV);
    put(ws, 'docs/handbook.md', HANDBOOK);
    link(ws, 'scripts/load_settings.sh', '../.env');
    link(ws, 'scripts/check_access.sh', '../.aws/credentials');
    link(ws, 'scripts/team_totals.py', '../HR/totals.py');
    link(ws, 'scripts/shared_helpers.sh', '../../outside/helpers.sh');
    link(ws, 'scripts/stream.sh', '/dev/zero');
    spawnSync('mkfifo', [join(ws, 'scripts/pipe.sh')]);
    writeFileSync(join(ws, 'scripts/huge_export.py'), '');
    truncateSync(join(ws, 'scripts/huge_export.py'), 2 * 1024 * 1024 * 1024);
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const exportOf = async () => {
    const port = createNodeWorkspace(ws);
    return skillOf(port, await openSop(port, `${ws}/sops/payroll.sop.md`));
  };

  it('copies only the harmless script, names every file it left out and why, and returns at once', async () => {
    const started = Date.now();
    const r = await exportOf();
    const ms = Date.now() - started;
    assert.ok(ms < 2000, `took ${ms} ms`);
    assert.deepEqual([...r.files.keys()].sort(), ['SKILL.md', 'scripts/run_batch.py']);
    const all = [...r.files.values()].join('\n');
    for (const leaked of ['sk_live_51Hx9', 'AKIAIOSFODNN7', 'salaries by person', 'another project', 'QQ123456C', 'Amira Khan', 'AB 65 43 21 D'])
      assert.ok(!all.includes(leaked), leaked);
    const why = (path: string) =>
      r.warnings.find((w) => w.startsWith(`${path} was not copied into the skill (`)) ?? `(no warning for ${path}) ${r.warnings.join('\n')}`;
    assert.match(why('scripts/load_settings.sh'), /sensitive: environment file \(the link leads to \.env\)/);
    assert.match(why('scripts/check_access.sh'), /sensitive: .*\(the link leads to \.aws\/credentials\)/);
    assert.match(why('scripts/team_totals.py'), /sensitive: name says HR \(personal data\) \(the link leads to HR\/totals\.py\)/);
    assert.match(why('scripts/shared_helpers.sh'), /outside the workspace: scripts\/shared_helpers\.sh is a link to .*\/outside\/helpers\.sh/);
    assert.match(why('scripts/stream.sh'), /outside the workspace: scripts\/stream\.sh is a link to \/dev\/zero/);
    assert.match(why('scripts/huge_export.py'), /too large to copy into a skill: 2048 MB, over the 1\.0 MB limit/);
    if (existsSync(join(ws, 'scripts/pipe.sh'))) assert.match(why('scripts/pipe.sh'), /not a regular file/);
    assert.match(why('templates/staff-template.csv'), /personal data: a table with a "national insurance number" column/);
    assert.match(why('docs/handbook.md'), /personal data: holds a national insurance number/);
    assert.match(r.files.get('SKILL.md')!, /scripts\/run_batch\.py/);
  });

  it('reads the same way through the async file access the editor uses', async () => {
    const disk = createNodeWorkspace('/');
    const started = Date.now();
    const read = async (rel: string) => {
      const r = await readSkillSource(ws, rel, disk);
      return r && ('refused' in r ? r.refused : `text from ${r.target}`);
    };
    assert.equal(await read('scripts/run_batch.py'), 'text from scripts/run_batch.py');
    assert.match((await read('scripts/load_settings.sh')) ?? '', /^sensitive: environment file \(the link leads to \.env\)$/);
    assert.match((await read('scripts/shared_helpers.sh')) ?? '', /^outside the workspace: /);
    assert.match((await read('scripts/stream.sh')) ?? '', /is a link to \/dev\/zero/);
    assert.match((await read('scripts/huge_export.py')) ?? '', /^too large to copy into a skill/);
    assert.match((await read('scripts/pipe.sh')) ?? '', /^not a regular file/);
    assert.equal(await read('scripts/nothing_here.py'), undefined);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });

  it('writes no skill through an output folder that links out of the workspace', async () => {
    put(tmp, 'outside/skills/keep.txt', 'theirs\n');
    link(ws, '.agents/skills', '../../outside/skills');
    const port = createNodeWorkspace(ws);
    const sop = await openSop(port, `${ws}/sops/payroll.sop.md`);
    await assert.rejects(
      planSkillExport(port, sop, { outFolder: '.agents/skills' }),
      /The skill was not written: .* is refused \(outside the workspace: .*is a link to .*outside\/skills/,
    );
    assert.deepEqual(readdirSync(`${tmp}/outside/skills`), ['keep.txt']);
  });
});

describe('personal data in files a skill or approval would copy', () => {
  it('recognises staff tables, NI numbers, SSNs and dates of birth, and leaves ordinary data alone', () => {
    assert.match(personalDataIn('name,salary\nAmira Khan,52000\n') ?? '', /table of people \("name"\) with their pay \("salary"\)/);
    assert.match(personalDataIn('| Employee | DOB | Team |\n|---|---|---|\n| Tom | 1979-11-30 | Ops |\n') ?? '', /"date of birth" column/);
    assert.match(personalDataIn('Reference for claims: SSN 219-09-9999 on file.') ?? '', /social security number/);
    assert.match(personalDataIn('New starter. Date of birth: 12/04/1988.') ?? '', /date of birth/);
    for (const ordinary of [
      'order_id,region,total\n1001,North,120.50\n',
      'name,unit price\nWidget,4.20\n',
      'Run the report on 2026-10-31 and send it by 09:00.',
      'Commit a3f9c2e1 fixed build 2024-10-1234 for PO 555-123-4567.',
      'Invoice AB12345CD is due.',
    ]) {
      assert.equal(personalDataIn(ordinary), undefined, ordinary);
    }
  });

  it('stays fast on long adversarial text', () => {
    const inputs = ['QQ 12 '.repeat(20000), '1-'.repeat(50000), `${'name,'.repeat(20000)}\n`, 'date of birth'.repeat(8000), `${'a|'.repeat(50000)}`];
    const started = Date.now();
    for (const text of inputs) personalDataIn(text);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});
