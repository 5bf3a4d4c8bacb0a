/**
 * Standard five-field cron (minute hour day-of-month month day-of-week), as GitHub Actions runs it:
 * numbers, names (JAN–DEC, SUN–SAT), ranges, steps and lists; no seconds, no macros, no Quartz L/W/#/?.
 */

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** The first name's number. */
  namesFrom?: number;
}

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'], namesFrom: 1 },
  { name: 'day-of-week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], namesFrom: 0 },
];

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export interface CronField {
  /** Written as a bare `*` (cron's day-of-month/day-of-week OR rule depends on it). */
  any: boolean;
  /** Every value the field matches, sorted; day-of-week 7 is folded into 0 (Sunday). */
  values: number[];
  text: string;
}

export interface ParsedCron {
  minute: CronField;
  hour: CronField;
  dayOfMonth: CronField;
  month: CronField;
  dayOfWeek: CronField;
  /** The five fields joined by single spaces. */
  text: string;
}

export type CronValidation = { ok: true; cron: string } | { ok: false; message: string };

class CronError extends Error {}

const EXAMPLE = 'e.g. "0 9 * * 1" (09:00 every Monday)';

/** Checks a cron expression someone typed; the message says what is wrong and how to write it. */
export function validateCron(cron: string): CronValidation {
  try {
    return { ok: true, cron: parseCron(cron).text };
  } catch (e) {
    if (e instanceof CronError) return { ok: false, message: e.message };
    throw e;
  }
}

/** Parses a cron expression; throws an Error with validateCron's message when it is not valid. */
export function parseCron(cron: string): ParsedCron {
  const text = cron.trim();
  if (!text) throw new CronError(`The cron expression is empty: write five fields, ${EXAMPLE}.`);
  if (text.startsWith('@'))
    throw new CronError(
      `"${text}": macros such as @daily are not standard five-field cron and GitHub does not accept them; write the five fields, ${EXAMPLE}.`,
    );
  const parts = text.split(/\s+/);
  if (parts.length !== 5) {
    const hint = parts.length === 6 || parts.length === 7 ? " GitHub's cron has no seconds or year field." : '';
    throw new CronError(
      `"${text}" has ${parts.length} field${parts.length === 1 ? '' : 's'}; cron needs 5: minute hour day-of-month month day-of-week, ${EXAMPLE}.${hint}`,
    );
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts.map((p, i) => parseField(p, FIELDS[i]));
  return { minute, hour, dayOfMonth, month, dayOfWeek, text: parts.join(' ') };
}

function parseField(text: string, spec: FieldSpec): CronField {
  const where = `The ${spec.name} field "${text}"`;
  if (text.split(',').some((item) => /^(?:\?|L(?:W|-\d+)?|\d{1,2}W|[0-7]L|\w{1,3}#\d)$/i.test(item))) {
    throw new CronError(
      `${where}: L, W, # and ? are Quartz extensions, not standard cron, and GitHub does not accept them. For "last business day" and the like, use a plain cron with a guard (see docs/automation.md).`,
    );
  }
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (!item) throw new CronError(`${where}: the list has an empty item; separate values with single commas, e.g. "1,15".`);
    const m = item.match(/^([^/]+)(?:\/(.*))?$/);
    if (!m) throw new CronError(`${where}: "${item}" is not a value, a range or a step.`);
    const [, base, stepText] = m;
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1 || Number(stepText) > spec.max) {
        throw new CronError(`${where}: the step "/${stepText}" must be a whole number from 1 to ${spec.max}.`);
      }
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (base === '*') [from, to] = [spec.min, spec.max];
    else if (base.includes('-')) {
      const [a, b, ...rest] = base.split('-');
      if (rest.length > 0 || !a || !b) throw new CronError(`${where}: "${base}" is not a range; write it as "1-5".`);
      [from, to] = [valueOf(a, spec, where), valueOf(b, spec, where)];
      if (from > to)
        throw new CronError(`${where}: the range ${base} goes backwards, and cron does not wrap around; write "${a}-${spec.max},${spec.min}-${b}" instead.`);
    } else {
      from = valueOf(base, spec, where);
      if (stepText !== undefined) throw new CronError(`${where}: a step needs a range or *; write "${base}-${spec.max}/${stepText}".`);
      to = from;
    }
    for (let v = from; v <= to; v += step) values.add(spec.name === 'day-of-week' && v === 7 ? 0 : v);
  }
  return { any: text === '*', values: [...values].sort((a, b) => a - b), text };
}

function valueOf(token: string, spec: FieldSpec, where: string): number {
  const range = `${spec.min}–${spec.max}`;
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    if (n < spec.min || n > spec.max) throw new CronError(`${where}: ${token} is out of range; the ${spec.name} is ${range}.`);
    return n;
  }
  const at = spec.names?.indexOf(token.toUpperCase()) ?? -1;
  if (at >= 0) return at + (spec.namesFrom ?? 0);
  const allowed = spec.names ? `a number ${range} or a name ${spec.names[0]}–${spec.names[spec.names.length - 1]}` : `a number ${range}`;
  const other = FIELDS.find((f) => f !== spec && f.names?.includes(token.toUpperCase()));
  const hint = other ? ` (${token.toUpperCase()} belongs in the ${other.name} field)` : '';
  throw new CronError(`${where}: "${token}" is not ${allowed}${hint}.`);
}

// ---- plain English ----

/** What a cron expression does, in plain English ("At 09:00 on days 1 to 3 of every month"). Throws on an invalid one. */
export function describeCron(cron: string): string {
  const c = parseCron(cron);
  return `${describeTime(c)} ${describeDays(c)}`.replace(/\s+/g, ' ').trim();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "1 to 3", "1, 15 and 28", "1 to 5 and 10". */
function listOf(values: number[], name: (v: number) => string = String): string {
  const runs: string[] = [];
  for (let i = 0; i < values.length;) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j] + 1) j++;
    if (j - i >= 2) runs.push(`${name(values[i])} to ${name(values[j])}`);
    else for (let k = i; k <= j; k++) runs.push(name(values[k]));
    i = j + 1;
  }
  return joinAnd(runs);
}

function stepOf(field: CronField, max: number): number | undefined {
  const m = field.text.match(/^\*\/(\d+)$/);
  return m && max % Number(m[1]) === 0 ? Number(m[1]) : undefined;
}

/** The time of day; the "Every …" forms end in a comma before the days. */
function describeTime(c: ParsedCron): string {
  const { minute, hour } = c;
  const everyMinutes = stepOf(minute, 60);
  if (minute.any && hour.any) return 'Every minute,';
  if (everyMinutes && hour.any) return `Every ${everyMinutes} minutes,`;
  if (minute.values.length === 1) {
    const m = minute.values[0];
    const everyHours = stepOf(hour, 24);
    if (hour.any) return m === 0 ? 'Every hour on the hour,' : `Every hour at ${pad(m)} minutes past,`;
    if (everyHours) return `Every ${everyHours} hours at ${pad(m)} minutes past,`;
    if (hour.values.length <= 4) return `At ${joinAnd(hour.values.map((h) => `${pad(h)}:${pad(m)}`))}`;
    return `At ${pad(m)} minutes past the hours ${listOf(hour.values)},`;
  }
  const minutes = everyMinutes ? `Every ${everyMinutes} minutes` : `At minutes ${listOf(minute.values)}`;
  return hour.any ? `${minutes} of every hour,` : `${minutes} of the hours ${listOf(hour.values)},`;
}

function describeDays(c: ParsedCron): string {
  const { dayOfMonth, month, dayOfWeek } = c;
  const months = month.any ? '' : listOf(month.values, (m) => MONTH_NAMES[m - 1]);
  const dom = dayOfMonth.values.length === 1 ? `day ${dayOfMonth.values[0]}` : `days ${listOf(dayOfMonth.values)}`;
  const weekdays = dayOfWeek.values.join() === '1,2,3,4,5' ? 'Monday to Friday' : `every ${listOf(dayOfWeek.values, (d) => DAY_NAMES[d])}`;
  const inMonths = months ? ` in ${months}` : '';
  if (dayOfMonth.any && dayOfWeek.any) return `every day${inMonths}`;
  if (dayOfMonth.any) return `${weekdays}${inMonths}`;
  if (dayOfWeek.any) return `on ${dom} of ${months || 'every month'}`;
  return `on ${dom} of ${months || 'every month'}, and also ${weekdays}${inMonths} (cron runs when either the day of the month or the day of the week matches)`;
}

// ---- moving a cron to UTC ----

export type CronShift = { ok: true; cron: string } | { ok: false; why: string };

/**
 * The same schedule in UTC, for a cron written in a zone `offsetMinutes` ahead of UTC (CET: 60).
 * Only plain times move (one minute, listed hours); the day moves with them when the day is a list of
 * weekdays, or of days of the month that stay inside 1–28.
 */
export function shiftCronToUtc(cron: string, offsetMinutes: number): CronShift {
  const c = parseCron(cron);
  if (offsetMinutes === 0 || (c.hour.any && offsetMinutes % 60 === 0)) return { ok: true, cron: c.text };
  if (c.minute.values.length !== 1 || c.hour.any) return { ok: false, why: 'only a schedule at one minute past given hours can be moved' };
  const moved = c.hour.values.map((h) => h * 60 + c.minute.values[0] - offsetMinutes);
  const minutes = new Set(moved.map((t) => ((t % 60) + 60) % 60));
  const dayShifts = new Set(moved.map((t) => Math.floor(t / 1440)));
  if (minutes.size !== 1 || dayShifts.size !== 1) return { ok: false, why: 'its hours would fall on different days in UTC' };
  const shift = [...dayShifts][0];
  const hours = [...new Set(moved.map((t) => Math.floor((((t % 1440) + 1440) % 1440) / 60)))].sort((a, b) => a - b);
  let dom = c.dayOfMonth.text;
  let dow = c.dayOfWeek.text;
  if (shift !== 0) {
    if (!c.dayOfMonth.any && !c.dayOfWeek.any) return { ok: false, why: 'it names both days of the month and days of the week, which would both move a day' };
    if (!c.dayOfWeek.any) dow = compactList(c.dayOfWeek.values.map((d) => (d + shift + 7) % 7).sort((a, b) => a - b));
    if (!c.dayOfMonth.any) {
      const days = c.dayOfMonth.values.map((d) => d + shift);
      if (days.some((d) => d < 1 || d > 28)) return { ok: false, why: 'its days of the month would cross into another month in UTC' };
      dom = compactList(days);
    }
  }
  return { ok: true, cron: [String([...minutes][0]), compactList(hours), dom, c.month.text, dow].join(' ') };
}

/** "1,2,3,5" → "1-3,5". */
export function compactList(values: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < values.length;) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j] + 1) j++;
    out.push(j > i ? `${values[i]}-${values[j]}` : String(values[i]));
    i = j + 1;
  }
  return out.join(',');
}
