/**
 * When a line of a work log says it happened: "2026-11-13 09:05", "09:40" (under a dated heading),
 * "Tue 4 Nov:", "16 Nov:", "Nov 16 -". Notes keep the writer's wall clock; e-mails give UTC.
 */

/** A day (YYYY-MM-DD) and, when the line gives it, a wall-clock time (HH:MM). */
export interface Stamp {
  day: string;
  time?: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MON = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\\.?';
const WEEKDAY = '(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6},?\\s{1,3})?';
const TIME = '(?:,?\\s{1,3}(?:at\\s)?(\\d{1,2}):(\\d{2}))?';
const SEP = '\\s{0,20}(?:[:—–]|-(?!\\S))?\\s{0,20}';

const ISO = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})(?:[ T](\\d{1,2}):(\\d{2}))?${SEP}`);
const CLOCK = new RegExp(`^(\\d{1,2}):(\\d{2})\\b${SEP}`);
// A day and month must be followed by a separator, or "3 Nov the parcel came" would read as a log line.
const DAY_MONTH = new RegExp(`^${WEEKDAY}(\\d{1,2})\\s{1,3}${MON}(?:,?\\s{1,3}(\\d{4}))?${TIME}\\s{0,20}(?:[:—–]|-(?!\\S))\\s{0,20}`, 'i');
const MONTH_DAY = new RegExp(`^${WEEKDAY}${MON}\\s{1,3}(\\d{1,2})(?:,?\\s{1,3}(\\d{4}))?${TIME}\\s{0,20}(?:[:—–]|-(?!\\S))\\s{0,20}`, 'i');
/** Any date in a file name or heading, for the year and the day of "09:40" lines under it. */
const ANY_ISO = /(\d{4})-(\d{2})-(\d{2})/;
const ANY_DAY_MONTH = new RegExp(`\\b(\\d{1,2})\\s{1,3}${MON}(?:,?\\s{1,3}(\\d{4}))?`, 'i');

const pad = (n: number): string => String(n).padStart(2, '0');

function validDay(y: number, m: number, d: number): string | undefined {
  return m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1970 && y <= 2200 ? `${y}-${pad(m)}-${pad(d)}` : undefined;
}

function clock(h?: string, min?: string): string | undefined {
  if (h === undefined || min === undefined) return undefined;
  return Number(h) < 24 && Number(min) < 60 ? `${pad(Number(h))}:${min}` : undefined;
}

/** The date a line starts with, and the line without it; `day` is the date "09:40" lines belong to. */
export function leadingStamp(line: string, context: { year?: number; day?: string }): { stamp?: Stamp; rest: string } {
  const head = line.slice(0, 80);
  let m = ISO.exec(head);
  if (m) {
    const day = validDay(Number(m[1]), Number(m[2]), Number(m[3]));
    if (day) return { stamp: { day, time: clock(m[4], m[5]) }, rest: line.slice(m[0].length) };
  }
  m = CLOCK.exec(head);
  if (m && context.day) return { stamp: { day: context.day, time: clock(m[1], m[2]) }, rest: line.slice(m[0].length) };
  m = DAY_MONTH.exec(head);
  if (m) return named(m[2], m[1], m[3], m[4], m[5], line.slice(m[0].length), context);
  m = MONTH_DAY.exec(head);
  if (m) return named(m[1], m[2], m[3], m[4], m[5], line.slice(m[0].length), context);
  return { rest: line };
}

function named(mon: string, d: string, y: string | undefined, h: string | undefined, min: string | undefined, rest: string, context: { year?: number }) {
  const year = y ? Number(y) : context.year;
  const day = year ? validDay(year, MONTHS.indexOf(mon.slice(0, 3).toLowerCase()) + 1, Number(d)) : undefined;
  return day ? { stamp: { day, time: clock(h, min) }, rest } : { rest };
}

/** The day a file is about, from its name or first lines ("2026-11-24-run.md", "Run of Tue 24 Nov 2026"). */
export function contextDay(path: string, text: string, year?: number): string | undefined {
  const fromName = ANY_ISO.exec(path.split('/').pop() ?? '');
  if (fromName) return validDay(Number(fromName[1]), Number(fromName[2]), Number(fromName[3]));
  const top = text.slice(0, 300).split('\n').slice(0, 3).join(' ');
  const iso = ANY_ISO.exec(top);
  if (iso) return validDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const named = ANY_DAY_MONTH.exec(top);
  const y = named?.[3] ? Number(named[3]) : year;
  return named && y ? validDay(y, MONTHS.indexOf(named[2].slice(0, 3).toLowerCase()) + 1, Number(named[1])) : undefined;
}

/** The year most dates of the work carry, for "16 Nov" lines that leave it out. */
export function usualYear(texts: string[]): number | undefined {
  const counts = new Map<number, number>();
  for (const t of texts)
    for (const m of t.slice(0, 20_000).matchAll(/\b(20\d{2})-\d{2}-\d{2}\b/g)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  let best: [number, number] | undefined;
  for (const e of counts) if (!best || e[1] > best[1]) best = e;
  return best?.[0];
}

/** Minutes since 1970 of a stamp read as UTC; a day alone counts from its start. */
export function minutesOf(stamp: Stamp): number {
  return Date.parse(`${stamp.day}T${stamp.time ?? '00:00'}:00Z`) / 60_000;
}

export function isoOf(stamp: Stamp): string {
  return stamp.time ? `${stamp.day}T${stamp.time}` : stamp.day;
}
