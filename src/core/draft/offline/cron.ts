/**
 * Cron lines in crontabs, CI workflows and notes, described in words for the "When to run it" section.
 * Only the five standard fields and the @daily-style shortcuts are read; anything else is left alone.
 */

export interface CronSchedule {
  /** The five fields as written, e.g. "0 6 * * 1". */
  cron: string;
  /** "Every Monday at 06:00"; undefined when the fields are valid cron but too unusual to say in a few words. */
  words?: string;
  /** Hour of the run, when there is one fixed hour. */
  hour?: number;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SHORTCUTS: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

/** One cron field: "*", "5", "1-5", "*\/15", "1,15", "mon-fri" (each token is at most 40 characters). */
const FIELD = /^[\d*,/a-z-]{1,40}$/i;
/** "cron: '0 6 * * 1'" in a workflow, or a crontab line "0 6 * * * command", or a shortcut. */
const KEYED = /\bcron\s*[:=]\s*["']([^"'\n]{9,120})["']/i;

/** The cron schedule on one line of a file, if the line holds one. `crontab` says the file is a crontab. */
export function cronOnLine(line: string, crontab: boolean): CronSchedule | undefined {
  const text = line.length > 500 ? line.slice(0, 500) : line;
  const keyed = KEYED.exec(text);
  if (keyed) return parseCron(keyed[1].trim());
  // A crontab line as written, or quoted in a note inside backticks: "`0 6 * * * cd /srv && ./run.sh`".
  const quoted = /`([^`\n]{9,300})`/.exec(text);
  const candidate = quoted ? quoted[1] : crontab ? text : undefined;
  if (candidate === undefined) return undefined;
  const tokens = candidate
    .trim()
    .replace(/^[-*]\s+/, '')
    .split(/\s+/, 6);
  if (tokens[0]?.startsWith('@')) {
    const expanded = SHORTCUTS[tokens[0].toLowerCase()];
    return expanded && tokens.length > 1 ? parseCron(expanded) : undefined;
  }
  // Five fields followed by the command the schedule runs.
  if (tokens.length < 6) return undefined;
  return parseCron(tokens.slice(0, 5).join(' '));
}

/** The schedule the five fields say, or undefined when they are not a cron schedule. */
export function parseCron(fields: string): CronSchedule | undefined {
  const parts = fields.trim().split(/\s+/);
  if (parts.length !== 5 || !parts.every((p) => FIELD.test(p))) return undefined;
  const [min, hour, dom, month, dow] = parts;
  // Names only ever stand for months and weekdays.
  if (/[a-z]/i.test(min + hour + dom)) return undefined;
  const minute = range(min, 0, 59);
  const hours = range(hour, 0, 23);
  const days = range(dom, 1, 31);
  const months = range(month, 1, 12);
  const weekdays = range(dow.toLowerCase(), 0, 7);
  if (!minute || !hours || !days || !months || !weekdays) return undefined;
  const cron = parts.join(' ');
  const at = timeOf(min, hour);
  if (!at) return { cron };
  const fixedHour = /^\d{1,2}$/.test(hour) ? Number(hour) : undefined;
  const inMonths = month === '*' ? '' : ` in ${listOf(months.map((m) => MONTHS[m - 1]))}`;
  let when: string;
  if (dom === '*' && dow === '*' && at.startsWith('every')) return { cron, words: `E${at.slice(1)}${inMonths}`, hour: fixedHour };
  if (dom === '*' && dow === '*') when = 'Every day';
  else if (dom === '*') when = `Every ${weekdayWords(weekdays)}`;
  else if (dow === '*') when = `On day ${listOf(days.map(String))} of each month`;
  else return { cron, hour: fixedHour };
  return { cron, words: `${when}${inMonths} ${at}`.replace(/ {2,}/g, ' '), hour: fixedHour };
}

/** "at 06:00", "every hour at minute 15", "every 15 minutes"; undefined when it takes more words than that. */
function timeOf(min: string, hour: string): string | undefined {
  if (/^\d{1,2}$/.test(min) && /^\d{1,2}$/.test(hour)) return `at ${hour.padStart(2, '0')}:${min.padStart(2, '0')}`;
  if (/^\d{1,2}$/.test(min) && hour === '*') return `every hour at minute ${Number(min)}`;
  const every = /^\*\/(\d{1,2})$/.exec(min);
  if (every && hour === '*') return `every ${Number(every[1])} minutes`;
  return undefined;
}

function weekdayWords(days: number[]): string {
  const set = [...new Set(days.map((d) => d % 7))].sort((a, b) => a - b);
  if (set.join() === '1,2,3,4,5') return 'working day (Monday to Friday)';
  return listOf(set.map((d) => DAYS[d]));
}

/** The values a field allows, or undefined when it is not valid for [lo, hi]. "*" gives [lo..hi]. */
function range(field: string, lo: number, hi: number): number[] | undefined {
  const out: number[] = [];
  for (const part of field.split(',')) {
    const [span, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return undefined;
    let from = lo;
    let to = hi;
    if (span !== '*') {
      const [a, b] = span.split('-');
      from = valueOf(a);
      to = b === undefined ? (stepText === undefined ? from : hi) : valueOf(b);
    }
    if (!(from >= lo && to <= hi && from <= to)) return undefined;
    for (let v = from; v <= to && out.length < 64; v += step) out.push(v);
  }
  return out;
}

function valueOf(token: string): number {
  const named = DAY_NAMES.indexOf(token.toLowerCase());
  if (named >= 0) return named;
  const month = MONTHS.findIndex((m) => m.slice(0, 3).toLowerCase() === token.toLowerCase());
  if (month >= 0) return month + 1;
  return /^\d{1,2}$/.test(token) ? Number(token) : NaN;
}

function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
