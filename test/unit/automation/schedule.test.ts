import { strict as assert } from 'node:assert';
import { parseSchedule, scheduleOf, type ScheduleGuess } from '../../../src/core/automation/schedule';
import { parseSop } from '../../../src/core/sop/model';

interface Case {
  text: string;
  cron: string;
  guard?: string;
  timezone?: string;
  confidence: 'high' | 'low';
  note?: RegExp;
}

const CASES: Case[] = [
  { text: 'First business day of each month.', cron: '0 9 1-3 * *', guard: 'first-business-day', confidence: 'high', note: /wakes up on days 1 to 3/ },
  { text: 'On the 1st of every month at 9am', cron: '0 9 1 * *', confidence: 'high' },
  { text: 'Every Monday at 08:30', cron: '30 8 * * 1', confidence: 'high' },
  { text: 'Every weekday', cron: '0 9 * * 1-5', confidence: 'high', note: /09:00 is assumed/ },
  { text: 'Daily at 6pm', cron: '0 18 * * *', confidence: 'high' },
  { text: 'Weekly on Friday.', cron: '0 9 * * 5', confidence: 'high' },
  { text: 'On the last business day of the month.', cron: '0 9 26-31 * *', guard: 'last-business-day', confidence: 'high' },
  { text: 'Quarterly.', cron: '0 9 1 1,4,7,10 *', confidence: 'low', note: /1st of January, April, July and October/ },
  { text: 'Every two weeks on Tuesday', cron: '0 9 * * 2', guard: 'even-weeks', confidence: 'low', note: /^Approximated: cron cannot count every other week/ },
  { text: 'At month end.', cron: '0 9 26-31 * *', guard: 'last-business-day', confidence: 'low', note: /could also mean the first days of the next month/ },
  { text: 'Each morning before standup.', cron: '0 8 * * 1-5', confidence: 'low', note: /stand-up time is not known/ },
  { text: 'On the 2nd business day of each month, for the month that just ended.', cron: '0 9 2-4 * *', guard: 'business-day-2', confidence: 'high' },
  {
    text: 'Monthly, once the month has ended.',
    cron: '0 9 1-3 * *',
    guard: 'first-business-day',
    confidence: 'low',
    note: /first business day after the month ends/,
  },
  { text: 'Every Monday at 9am UK time.', cron: '0 9 * * 1', timezone: 'Europe/London', confidence: 'high' },
  {
    text: 'Every Friday at 5pm CET, before the weekly call.',
    cron: '0 17 * * 5',
    timezone: 'CET',
    confidence: 'high',
    note: /CET is read as UTC\+01:00 all year/,
  },
  { text: 'Daily at 07:00 UTC.', cron: '0 7 * * *', timezone: 'UTC', confidence: 'high' },
  { text: 'Every weekday at 6:30 pm (UTC+2).', cron: '30 18 * * 1-5', timezone: 'UTC+02:00', confidence: 'high' },
  { text: 'On the 15th of each month at 10:00 Europe/Paris time.', cron: '0 10 15 * *', timezone: 'Europe/Paris', confidence: 'high' },
  { text: 'Every 15 minutes while the queue is open.', cron: '*/15 * * * *', confidence: 'high' },
  { text: 'Hourly on weekdays.', cron: '0 * * * 1-5', confidence: 'high' },
  {
    text: 'The first Monday of the month at 10am.',
    cron: '0 10 * * 1',
    guard: 'first-monday',
    confidence: 'high',
    note: /ORs a day of the month with a day of the week/,
  },
  { text: 'The last Friday of each month, after payroll.', cron: '0 9 * * 5', guard: 'last-friday', confidence: 'high' },
  { text: 'Mondays and Thursdays at 2pm.', cron: '0 14 * * 1,4', confidence: 'high' },
  { text: 'On the 1st and 15th of every month.', cron: '0 9 1,15 * *', confidence: 'high' },
  { text: 'Every year on 31 March, for the year-end stock count.', cron: '0 9 31 3 *', confidence: 'high' },
  { text: 'Every morning at 6:00 IST.', cron: '0 6 * * *', timezone: 'IST', confidence: 'high' },
  { text: 'By 10am every working day.', cron: '0 9 * * 1-5', confidence: 'low', note: /read as starting an hour earlier, at 09:00/ },
  { text: 'Nightly.', cron: '0 2 * * *', confidence: 'high', note: /02:00, after midnight/ },
  { text: 'Every day at 9am Tokyo time.', cron: '0 9 * * *', timezone: 'Asia/Tokyo', confidence: 'high' },
  { text: 'At quarter end.', cron: '0 9 26-31 3,6,9,12 *', guard: 'last-business-day', confidence: 'low' },
  { text: 'On the first working day of each quarter at 8am.', cron: '0 8 1-3 1,4,7,10 *', guard: 'first-business-day', confidence: 'high' },
  { text: 'On the last day of the month at 17:30.', cron: '30 17 28-31 * *', guard: 'last-day-of-month', confidence: 'high' },
  { text: 'Fortnightly on Wednesday at noon.', cron: '0 12 * * 3', guard: 'even-weeks', confidence: 'low' },
  { text: 'Every Monday at around 9am.', cron: '0 9 * * 1', confidence: 'low', note: /approximate/ },
];

describe('parseSchedule', () => {
  for (const c of CASES) {
    it(`reads "${c.text}"`, () => {
      const g = parseSchedule(c.text);
      assert.ok(g, 'no schedule read');
      assert.equal(g.cron, c.cron);
      assert.equal(g.guard, c.guard);
      assert.equal(g.timezone, c.timezone ?? 'UTC');
      assert.equal(g.confidence, c.confidence, g.notes.join('\n'));
      if (!c.timezone) assert.ok(g.notes.some((n) => /No time zone given: UTC is assumed/.test(n)));
      if (c.note)
        assert.ok(
          g.notes.some((n) => c.note!.test(n)),
          g.notes.join('\n'),
        );
      if (c.confidence === 'low') assert.match(g.notes[0], /^Low confidence: /);
    });
  }

  it('describes what the cron does in plain English', () => {
    assert.equal(parseSchedule('First business day of each month.')!.description, 'At 09:00 on days 1 to 3 of every month');
    assert.equal(parseSchedule('Every weekday at 08:30')!.description, 'At 08:30 Monday to Friday');
    assert.equal(parseSchedule('Quarterly')!.description, 'At 09:00 on day 1 of January, April, July and October');
  });

  it('lets a time zone from elsewhere win over the text', () => {
    assert.equal(parseSchedule('Daily at 07:00 UTC', { timezone: 'Europe/Berlin' })!.timezone, 'Europe/Berlin');
  });

  for (const text of [
    'When a customer requests a refund.',
    'A refund request arrives in the support inbox.',
    'On request.',
    'Whenever a new vendor is onboarded.',
    'As needed, after an incident is raised.',
    'The evidence is the run for October 2026.',
    'The run in the evidence was done between 2 November 2026 and 3 November 2026.',
  ]) {
    it(`reads no schedule in "${text}"`, () => assert.equal(parseSchedule(text), undefined));
  }
});

function sop(frontMatter: string, trigger?: string): string {
  return [
    frontMatter ? `---\n${frontMatter}\n---\n` : '',
    '# Close',
    '',
    '## Why',
    '',
    'Books.',
    '',
    ...(trigger === undefined ? [] : ['## When to run it', '', trigger, '']),
    '## Steps',
    '',
    '1. Run `make close` — mechanical.',
    '',
  ].join('\n');
}

/** The parts of a guess a test compares. */
function gist(g: ScheduleGuess | undefined) {
  return g && { cron: g.cron, guard: g.guard, timezone: g.timezone, confidence: g.confidence };
}

describe('scheduleOf', () => {
  it('reads the trigger section and says which sentence and line', () => {
    const r = scheduleOf(parseSop(sop('title: Close', 'The evidence is from October. On the first business day of each month at 9am UK time.')));
    assert.deepEqual(gist(r.guess), { cron: '0 9 1-3 * *', guard: 'first-business-day', timezone: 'Europe/London', confidence: 'high' });
    assert.deepEqual(r.source, { text: 'On the first business day of each month at 9am UK time.', line: 13 });
  });

  it('takes the time zone from the front matter, and from another sentence of the section', () => {
    assert.equal(scheduleOf(parseSop(sop('timezone: America/New_York', 'Every Monday at 9am UK time.'))).guess?.timezone, 'America/New_York');
    const r = scheduleOf(parseSop(sop('', 'Every Monday at 9am.\n\nAll times are CET.')));
    assert.equal(r.guess?.timezone, 'CET');
    assert.ok(r.guess?.notes.some((n) => /from another sentence/.test(n)));
  });

  it('lets the front matter cron or schedule override the trigger', () => {
    const cron = scheduleOf(parseSop(sop('cron: "0 6 * * 1-5"\ntimezone: Europe/Paris', 'On the first business day of each month.')));
    assert.deepEqual(gist(cron.guess), { cron: '0 6 * * 1-5', guard: undefined, timezone: 'Europe/Paris', confidence: 'high' });
    assert.deepEqual(cron.source, { text: 'cron: 0 6 * * 1-5', line: 2 });
    const schedule = scheduleOf(parseSop(sop('schedule: last business day of the month at 4pm', 'Every Monday.')));
    assert.deepEqual(gist(schedule.guess), { cron: '0 16 26-31 * *', guard: 'last-business-day', timezone: 'UTC', confidence: 'high' });
  });

  it('says why an invalid front matter cron is not used and falls back to the trigger', () => {
    const r = scheduleOf(parseSop(sop('cron: "0 25 * * *"', 'Every Monday at 08:30.')));
    assert.equal(r.guess?.cron, '30 8 * * 1');
    assert.ok(
      r.guess?.notes.some((n) => /^The front matter's cron is not used: The hour field "25": 25 is out of range/.test(n)),
      r.guess?.notes.join('\n'),
    );
  });

  it('gives no schedule, and the reason, for an event-driven trigger', () => {
    const r = scheduleOf(parseSop(sop('', 'A refund request arrives in the support inbox.')));
    assert.equal(r.guess, undefined);
    assert.match(
      r.reason!,
      /^The SOP runs when something happens \("A refund request arrives in the support inbox\.", line 10\), not at a set time: the automation runs only when started by hand \(workflow_dispatch\)/,
    );
    const onRequest = scheduleOf(parseSop(sop('', 'On request from the Finance manager.')));
    assert.match(onRequest.reason!, /runs when something happens/);
  });

  it('says when there is no trigger section, or nothing in it to read', () => {
    assert.match(scheduleOf(parseSop(sop(''))).reason!, /^The SOP has no "When to run" section/);
    assert.match(
      scheduleOf(parseSop(sop('', 'It depends on the backlog.'))).reason!,
      /^No time or day found in the "When to run" section \("It depends on the backlog\.", line 10\)/,
    );
  });
});
