import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { candidateDays, GUARD_SCRIPT, isGuard, isScheduledDay, type ScheduleGuard } from '../../../src/core/automation/guard';

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function scheduledIn(guard: ScheduleGuard, month: string): string[] {
  return days(`${month}-01`, `${month}-31`).filter((d) => d.startsWith(month) && isScheduledDay(guard, d));
}

describe('isScheduledDay', () => {
  it('finds the first business day of real months', () => {
    assert.deepEqual(scheduledIn('first-business-day', '2026-11'), ['2026-11-02'], '1 November 2026 is a Sunday');
    assert.deepEqual(scheduledIn('first-business-day', '2026-08'), ['2026-08-03'], '1 August 2026 is a Saturday');
    assert.deepEqual(scheduledIn('first-business-day', '2026-02'), ['2026-02-02']);
    assert.deepEqual(scheduledIn('first-business-day', '2026-10'), ['2026-10-01']);
    assert.deepEqual(scheduledIn('first-business-day', '2026-03'), ['2026-03-02']);
    assert.equal(isScheduledDay('first-business-day', new Date('2026-11-02T07:00:00Z')), true);
    assert.equal(isScheduledDay('first-business-day', '2026-11-03'), false);
  });

  it('finds the nth and the last business day', () => {
    assert.deepEqual(scheduledIn('business-day-2', '2026-11'), ['2026-11-03']);
    assert.deepEqual(scheduledIn('business-day-2', '2026-05'), ['2026-05-04'], '1 May 2026 is a Friday');
    assert.deepEqual(scheduledIn('last-business-day', '2026-05'), ['2026-05-29'], '31 May 2026 is a Sunday');
    assert.deepEqual(scheduledIn('last-business-day', '2026-10'), ['2026-10-30'], '31 October 2026 is a Saturday');
    assert.deepEqual(scheduledIn('last-business-day', '2026-02'), ['2026-02-27']);
    assert.deepEqual(scheduledIn('last-day-of-month', '2028-02'), ['2028-02-29']);
  });

  it('finds the nth weekday of the month and every other week', () => {
    assert.deepEqual(scheduledIn('first-monday', '2026-06'), ['2026-06-01']);
    assert.deepEqual(scheduledIn('last-friday', '2026-07'), ['2026-07-31']);
    assert.deepEqual(scheduledIn('second-tuesday', '2026-09'), ['2026-09-08']);
    const tuesdays = days('2026-01-01', '2026-03-31').filter((d) => new Date(d).getUTCDay() === 2);
    const even = tuesdays.filter((d) => isScheduledDay('even-weeks', d));
    const odd = tuesdays.filter((d) => isScheduledDay('odd-weeks', d));
    assert.equal(even.length + odd.length, tuesdays.length);
    for (let i = 1; i < even.length; i++) assert.equal(Date.parse(even[i]) - Date.parse(even[i - 1]), 14 * 86_400_000);
  });

  it('only picks days the cron wakes up on', () => {
    for (const guard of ['first-business-day', 'business-day-2', 'business-day-7', 'last-business-day', 'last-day-of-month'] as ScheduleGuard[]) {
      const candidates = new Set(candidateDays(guard));
      for (const d of days('2024-01-01', '2031-12-31'))
        if (isScheduledDay(guard, d)) assert.ok(candidates.has(Number(d.slice(8))), `${guard} on ${d} is outside ${[...candidates]}`);
    }
  });

  it('knows its guards', () => {
    for (const g of ['first-business-day', 'business-day-12', 'last-friday', 'even-weeks']) assert.ok(isGuard(g), g);
    for (const g of ['business-day-0', 'fifth-monday', 'first-business-days', '']) assert.ok(!isGuard(g), g);
    assert.throws(() => isScheduledDay('first-business-day', '2/11/2026'), /is not a date: write it as YYYY-MM-DD/);
  });
});

describe('the guard script in the workflow', () => {
  const run = (guard: string, date: string, env: Record<string, string> = {}) => {
    let written = '';
    runInNewContext(GUARD_SCRIPT, {
      require: () => ({ appendFileSync: (_f: string, text: string) => (written += text) }),
      process: { env: { SOP_GUARD: guard, SOP_GUARD_DATE: date, GITHUB_OUTPUT: 'out', ...env } },
      console: { log: () => undefined },
    });
    return written;
  };

  it('agrees with isScheduledDay on every day of two years, for every kind of guard', () => {
    const guards: ScheduleGuard[] = [
      'first-business-day',
      'business-day-3',
      'last-business-day',
      'last-day-of-month',
      'even-weeks',
      'odd-weeks',
      'first-monday',
      'third-thursday',
      'last-friday',
    ];
    for (const guard of guards) {
      for (const d of days('2026-01-01', '2027-12-31')) assert.equal(run(guard, d), `run=${isScheduledDay(guard, d)}\n`, `${guard} on ${d}`);
    }
  });

  it('always lets a run started by hand go on', () => {
    assert.equal(run('first-business-day', '2026-11-03', { GITHUB_EVENT_NAME: 'workflow_dispatch' }), 'run=true\n');
    assert.equal(run('first-business-day', '2026-11-03', { GITHUB_EVENT_NAME: 'schedule' }), 'run=false\n');
  });

  it('runs under node and takes today in the fixed offset or the time zone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-guard-'));
    try {
      const output = join(dir, 'output');
      for (const zone of [
        { SOP_UTC_OFFSET_MINUTES: '840', SOP_TIMEZONE: 'UTC+14:00' },
        { SOP_TIMEZONE: 'Pacific/Kiritimati' },
        { SOP_TIMEZONE: 'Pacific/Pago_Pago' },
      ]) {
        rmSync(output, { force: true });
        const env: NodeJS.ProcessEnv = { ...process.env, SOP_GUARD: 'even-weeks', GITHUB_OUTPUT: output, ...zone };
        delete env.SOP_GUARD_DATE;
        delete env.GITHUB_EVENT_NAME;
        const r = spawnSync(process.execPath, ['-'], { input: GUARD_SCRIPT, encoding: 'utf8', env });
        assert.equal(r.status, 0, r.stderr);
        const offset = zone.SOP_TIMEZONE === 'Pacific/Pago_Pago' ? -660 : 840;
        const today = new Date(Date.now() + offset * 60_000).toISOString().slice(0, 10);
        assert.match(r.stdout, new RegExp(`^${today} \\(${zone.SOP_TIMEZONE.replace('+', '\\+')}\\) is (?:not )?even-weeks`, 'm'));
        assert.equal(readFileSync(output, 'utf8'), `run=${isScheduledDay('even-weeks', today)}\n`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
