/**
 * What cron cannot say. A cron that restricts both the day of the month and the day of the week runs when
 * EITHER matches, so "the first business day" is a cron on the days it can fall on (1–3) plus a guard that
 * lets the run go on only on the right one. Business days are Monday to Friday: public holidays are not known.
 */

const ORDINALS = ['first', 'second', 'third', 'fourth', 'last'] as const;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

export type NthWeekday = `${(typeof ORDINALS)[number]}-${(typeof WEEKDAYS)[number]}`;
export type ScheduleGuard =
  'first-business-day' | 'last-business-day' | `business-day-${number}` | 'last-day-of-month' | 'even-weeks' | 'odd-weeks' | NthWeekday;

export function isGuard(text: string): text is ScheduleGuard {
  return (
    /^(?:first-business-day|last-business-day|last-day-of-month|even-weeks|odd-weeks)$/.test(text) ||
    /^business-day-(?:[1-9]|1\d|2[0-3])$/.test(text) ||
    new RegExp(`^(?:${ORDINALS.join('|')})-(?:${WEEKDAYS.join('|')})$`).test(text)
  );
}

/** "on the first business day of the month (…)", "every other week (…)": the days a guard lets through, to follow "only". */
export function describeGuard(guard: ScheduleGuard): string {
  const nth = guard.match(/^business-day-(\d+)$/);
  if (guard === 'first-business-day' || nth)
    return `on the ${ordinal(nth ? Number(nth[1]) : 1)} business day of the month (Monday to Friday; public holidays are not known)`;
  if (guard === 'last-business-day') return 'on the last business day of the month (Monday to Friday; public holidays are not known)';
  if (guard === 'last-day-of-month') return 'on the last day of the month';
  if (guard === 'even-weeks' || guard === 'odd-weeks')
    return `every other week (${guard === 'even-weeks' ? 'even' : 'odd'} weeks, counted from Monday 5 January 1970)`;
  const [which, day] = guard.split('-');
  return `on the ${which} ${day[0].toUpperCase()}${day.slice(1)} of the month`;
}

export function ordinal(n: number): string {
  const words = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
  if (n >= 1 && n <= words.length) return words[n - 1];
  const tail = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${tail}`;
}

/** One calendar month, as the guard sees it. */
interface MonthCalendar {
  day: number;
  /** Days of the month that are Monday to Friday. */
  businessDays: number[];
  /** Days of the month that fall on the same weekday as `day`. */
  sameWeekday: number[];
  length: number;
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
  /** Whole weeks since Monday 5 January 1970. */
  week: number;
}

function calendarOf(date: Date | string): MonthCalendar {
  const iso = typeof date === 'string' ? date : date.toISOString().slice(0, 10);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`"${iso}" is not a date: write it as YYYY-MM-DD.`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = (d: number) => new Date(Date.UTC(year, month - 1, d));
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const weekday = utc(day).getUTCDay();
  const businessDays: number[] = [];
  const sameWeekday: number[] = [];
  for (let d = 1; d <= length; d++) {
    const w = utc(d).getUTCDay();
    if (w !== 0 && w !== 6) businessDays.push(d);
    if (w === weekday) sameWeekday.push(d);
  }
  return { day, businessDays, sameWeekday, length, weekday, week: Math.floor((utc(day).getTime() - Date.UTC(1970, 0, 5)) / (7 * 86_400_000)) };
}

/**
 * Whether a guarded schedule runs on a day. A string is a calendar day (YYYY-MM-DD) in the schedule's time
 * zone; a Date counts by its UTC calendar day.
 */
export function isScheduledDay(guard: ScheduleGuard, date: Date | string): boolean {
  const cal = calendarOf(date);
  const nth = guard.match(/^business-day-(\d+)$/);
  if (guard === 'first-business-day' || nth) return cal.businessDays[(nth ? Number(nth[1]) : 1) - 1] === cal.day;
  if (guard === 'last-business-day') return cal.businessDays[cal.businessDays.length - 1] === cal.day;
  if (guard === 'last-day-of-month') return cal.day === cal.length;
  if (guard === 'even-weeks' || guard === 'odd-weeks') return ((cal.week % 2) + 2) % 2 === (guard === 'even-weeks' ? 0 : 1);
  const [which, dayName] = guard.split('-');
  if (cal.weekday !== WEEKDAYS.indexOf(dayName as (typeof WEEKDAYS)[number])) return false;
  const days = cal.sameWeekday;
  return (which === 'last' ? days[days.length - 1] : days[ORDINALS.indexOf(which as (typeof ORDINALS)[number])]) === cal.day;
}

/**
 * The days of the month a guarded schedule can fall on, for the cron that wakes it up (the guard picks the
 * right one): the nth business day is somewhere in n … n + 2 per started week.
 */
export function candidateDays(guard: ScheduleGuard): number[] | undefined {
  const nth = guard.match(/^business-day-(\d+)$/);
  if (guard === 'first-business-day' || nth) {
    const n = nth ? Number(nth[1]) : 1;
    return range(n, n + 2 * Math.ceil(n / 5));
  }
  if (guard === 'last-business-day') return range(26, 31);
  if (guard === 'last-day-of-month') return range(28, 31);
  return undefined;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * The guard as a Node script for a workflow step: it reads SOP_GUARD, SOP_TIMEZONE or SOP_UTC_OFFSET_MINUTES (a
 * fixed offset wins), and SOP_GUARD_DATE (a YYYY-MM-DD to try it on another day), and writes run=true or run=false to $GITHUB_OUTPUT. A run started by
 * hand (workflow_dispatch) always goes on. It does what isScheduledDay does; a test holds them to that.
 */
export const GUARD_SCRIPT = `const { appendFileSync } = require('node:fs');
const guard = process.env.SOP_GUARD;
const zone = process.env.SOP_TIMEZONE || 'UTC';
const offset = process.env.SOP_UTC_OFFSET_MINUTES;
const today = process.env.SOP_GUARD_DATE || (offset ? new Date(Date.now() + Number(offset) * 60000).toISOString().slice(0, 10) : new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date()));
const [y, m, d] = today.split('-').map(Number);
const weekday = (day) => new Date(Date.UTC(y, m - 1, day)).getUTCDay();
const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
const month = Array.from({ length }, (_, i) => i + 1);
const business = month.filter((day) => weekday(day) !== 0 && weekday(day) !== 6);
const nth = /^business-day-(\\d+)$/.exec(guard);
let due;
if (guard === 'first-business-day' || nth) due = business[(nth ? Number(nth[1]) : 1) - 1] === d;
else if (guard === 'last-business-day') due = business[business.length - 1] === d;
else if (guard === 'last-day-of-month') due = d === length;
else if (guard === 'even-weeks' || guard === 'odd-weeks') {
  const week = Math.floor((Date.UTC(y, m - 1, d) - Date.UTC(1970, 0, 5)) / 604800000);
  due = ((week % 2) + 2) % 2 === (guard === 'even-weeks' ? 0 : 1);
} else {
  const [which, name] = guard.split('-');
  const want = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].indexOf(name);
  const same = month.filter((day) => weekday(day) === want);
  due = weekday(d) === want && (which === 'last' ? same[same.length - 1] : same[['first', 'second', 'third', 'fourth'].indexOf(which)]) === d;
}
const manual = process.env.GITHUB_EVENT_NAME === 'workflow_dispatch';
const run = due || manual;
console.log(run ? (due ? today + ' (' + zone + ') is ' + guard + ': the run goes on.' : 'Started by hand: the run goes on (' + today + ' is not ' + guard + ').') : today + ' (' + zone + ') is not ' + guard + ': nothing to do today.');
if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, 'run=' + run + '\\n');
`;
