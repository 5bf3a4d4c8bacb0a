import { strict as assert } from 'node:assert';
import { describeCron, shiftCronToUtc, validateCron } from '../../../src/core/automation/cron';

function problem(cron: string): string {
  const r = validateCron(cron);
  assert.ok(!r.ok, `"${cron}" should not be valid`);
  return r.message;
}

describe('validateCron', () => {
  it('accepts numbers, names, ranges, steps and lists, and normalises spacing', () => {
    for (const cron of [
      '0 9 * * 1',
      '*/15 * * * *',
      '0 9 1-3 * *',
      '30 8 * JAN,APR,JUL,OCT MON-FRI',
      '0 0 1,15 * *',
      '5 4 * * sun',
      '0 22 * * 1-5',
      '0 9-17/2 * * *',
      '0 0 * * 7',
    ]) {
      assert.deepEqual(validateCron(cron), { ok: true, cron });
    }
    assert.deepEqual(validateCron('  0   9 * *  1 '), { ok: true, cron: '0 9 * * 1' });
  });

  it('says when it is empty or has the wrong number of fields', () => {
    assert.match(problem(''), /^The cron expression is empty: write five fields, e\.g\. "0 9 \* \* 1"/);
    assert.match(problem('0 9 * *'), /^"0 9 \* \*" has 4 fields; cron needs 5: minute hour day-of-month month day-of-week/);
    assert.match(problem('0 0 9 * * 1'), /has 6 fields.*GitHub's cron has no seconds or year field\./);
  });

  it('refuses macros and Quartz extensions with what to write instead', () => {
    assert.match(problem('@daily'), /macros such as @daily are not standard five-field cron/);
    assert.match(problem('0 9 L * *'), /^The day-of-month field "L": L, W, # and \? are Quartz extensions/);
    assert.match(problem('0 9 ? * MON#1'), /Quartz extensions/);
    assert.match(problem('0 9 * * 5L'), /Quartz extensions/);
    assert.match(problem('0 9 15W * *'), /Quartz extensions/);
    assert.ok(validateCron('0 9 1 JUL,APR *').ok, 'month names are not Quartz');
  });

  it('says which value is out of range', () => {
    assert.equal(problem('60 9 * * *'), 'The minute field "60": 60 is out of range; the minute is 0–59.');
    assert.equal(problem('0 24 * * *'), 'The hour field "24": 24 is out of range; the hour is 0–23.');
    assert.equal(problem('0 9 0 * *'), 'The day-of-month field "0": 0 is out of range; the day-of-month is 1–31.');
    assert.equal(problem('0 9 * 13 *'), 'The month field "13": 13 is out of range; the month is 1–12.');
    assert.equal(problem('0 9 * * 8'), 'The day-of-week field "8": 8 is out of range; the day-of-week is 0–7.');
  });

  it('says when a name is unknown or in the wrong field', () => {
    assert.equal(problem('0 9 * * MOM'), 'The day-of-week field "MOM": "MOM" is not a number 0–7 or a name SUN–SAT.');
    assert.equal(problem('0 9 * * JAN'), 'The day-of-week field "JAN": "JAN" is not a number 0–7 or a name SUN–SAT (JAN belongs in the month field).');
    assert.equal(problem('0 9am * * *'), 'The hour field "9am": "9am" is not a number 0–23.');
  });

  it('says when a range goes backwards, and how to wrap it', () => {
    assert.equal(problem('0 17-9 * * *'), 'The hour field "17-9": the range 17-9 goes backwards, and cron does not wrap around; write "17-23,0-9" instead.');
    assert.match(problem('0 1-2-3 * * *'), /"1-2-3" is not a range/);
  });

  it('says when a step or a list is malformed', () => {
    assert.equal(problem('*/0 * * * *'), 'The minute field "*/0": the step "/0" must be a whole number from 1 to 59.');
    assert.match(problem('*/x * * * *'), /the step "\/x" must be a whole number/);
    assert.equal(problem('5/15 * * * *'), 'The minute field "5/15": a step needs a range or *; write "5-59/15".');
    assert.equal(problem('0 9,,17 * * *'), 'The hour field "9,,17": the list has an empty item; separate values with single commas, e.g. "1,15".');
  });
});

describe('describeCron', () => {
  const cases: Array<[string, string]> = [
    ['0 9 1-3 * *', 'At 09:00 on days 1 to 3 of every month'],
    ['30 8 * * 1', 'At 08:30 every Monday'],
    ['0 9 * * 1-5', 'At 09:00 Monday to Friday'],
    ['0 18 * * *', 'At 18:00 every day'],
    ['0 9 1 1,4,7,10 *', 'At 09:00 on day 1 of January, April, July and October'],
    ['*/15 * * * *', 'Every 15 minutes, every day'],
    ['0 * * * 1-5', 'Every hour on the hour, Monday to Friday'],
    ['0 9,17 * * MON,THU', 'At 09:00 and 17:00 every Monday and Thursday'],
    ['0 0 * * 0,7', 'At 00:00 every Sunday'],
    ['0 9 1 * 1', 'At 09:00 on day 1 of every month, and also every Monday (cron runs when either the day of the month or the day of the week matches)'],
    ['0 */6 * * *', 'Every 6 hours at 00 minutes past, every day'],
  ];
  for (const [cron, text] of cases) it(`describes ${cron}`, () => assert.equal(describeCron(cron), text));

  it('throws the validation message on an invalid cron', () => {
    assert.throws(() => describeCron('61 * * * *'), /The minute field "61": 61 is out of range/);
  });
});

describe('shiftCronToUtc', () => {
  it('moves the hour, and the day of the week when it crosses midnight', () => {
    assert.deepEqual(shiftCronToUtc('0 8 1-3 * *', 60), { ok: true, cron: '0 7 1-3 * *' });
    assert.deepEqual(shiftCronToUtc('30 9 * * 1-5', 330), { ok: true, cron: '0 4 * * 1-5' });
    assert.deepEqual(shiftCronToUtc('0 7 * * 1', 540), { ok: true, cron: '0 22 * * 0' });
    assert.deepEqual(shiftCronToUtc('0 20 * * 5', -300), { ok: true, cron: '0 1 * * 6' });
    assert.deepEqual(shiftCronToUtc('0 1 10 * *', 120), { ok: true, cron: '0 23 9 * *' });
    assert.deepEqual(shiftCronToUtc('*/15 * * * *', 60), { ok: true, cron: '*/15 * * * *' });
  });

  it('says why when the day of the month would leave the month', () => {
    const r = shiftCronToUtc('0 1 1-3 * *', 120);
    assert.equal(r.ok, false);
    assert.match((r as { why: string }).why, /cross into another month/);
    assert.equal(shiftCronToUtc('*/15 * * * *', 330).ok, false);
  });
});
