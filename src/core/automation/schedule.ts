import type { SopDocument } from '../sop/model';
import { compactList, describeCron, validateCron } from './cron';
import { candidateDays, describeGuard, ordinal, type ScheduleGuard } from './guard';
import { abbreviationNote, isKnownTimezone, timezoneIn } from './timezone';

/** A schedule read from an SOP's words, to be confirmed by a person before anything runs on it. */
export interface ScheduleGuess {
  /** Five-field cron with standard semantics, in `timezone`. */
  cron: string;
  /** What the cron does, in plain English (the guard narrows it further). */
  description: string;
  timezone: string;
  /** What cron cannot say, checked by the run itself on the days the cron fires. */
  guard?: ScheduleGuard;
  confidence: 'high' | 'low';
  notes: string[];
}

export interface ScheduleSource {
  text: string;
  /** 1-based line in the SOP. */
  line: number;
}

export interface ScheduleOf {
  guess?: ScheduleGuess;
  source?: ScheduleSource;
  /** Why there is no schedule, when there is none. */
  reason?: string;
}

export interface ParseScheduleOptions {
  /** A time zone that wins over any in the text (the front matter's `timezone:`). */
  timezone?: string;
}

const DAY_WORDS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTH_WORDS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const NTH = String.raw`(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|\d{1,2}(?:st|nd|rd|th)|last)`;
const OF_PERIOD = String.raw`(?:\s+(?:of|in)\s+(?:the\s+|each\s+|every\s+|a\s+)?(?:new\s+)?(month|quarter|year))?`;
const DAY_NAME = String.raw`(?:sun|mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?)(?:day)?s?`;
const EVENT_WORDS =
  /\b(?:when(?:ever)?|upon|on request|on demand|as (?:needed|required)|ad[- ]hoc|each time|every time|arrives?|requests?|is received|comes in|is raised|is opened|is submitted)\b/;

interface Days {
  dom: string;
  month: string;
  dow: string;
  guard?: ScheduleGuard;
  /** Why the reading is a guess, when it is. */
  low?: string;
  notes?: string[];
  /** The hour to assume when no time is given (default 9). */
  hour?: number;
}

/** Ordinal words to numbers; "last" is -1. */
function nthOf(word: string): number {
  const words: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, last: -1 };
  return words[word] ?? parseInt(word, 10);
}

function dayIndex(word: string): number {
  return DAY_WORDS.findIndex((d) => d.startsWith(word.slice(0, 3)));
}

function dayNamesIn(t: string): number[] {
  const found = new Set<number>();
  for (const m of t.matchAll(new RegExp(String.raw`\b${DAY_NAME}\b`, 'g'))) found.add(dayIndex(m[0]));
  return [...found].sort((a, b) => a - b);
}

function monthsOf(period: string | undefined, last: boolean): string {
  if (period === 'quarter') return last ? '3,6,9,12' : '1,4,7,10';
  if (period === 'year') return last ? '12' : '1';
  return '*';
}

function businessDays(n: number, period: string | undefined): Days | undefined {
  if (n === 0 || n > 23) return undefined;
  const guard: ScheduleGuard = n === -1 ? 'last-business-day' : n === 1 ? 'first-business-day' : `business-day-${n}`;
  const days = candidateDays(guard)!;
  const which = n === -1 ? 'last' : ordinal(n);
  return {
    dom: compactList(days),
    month: monthsOf(period, n === -1),
    dow: '*',
    guard,
    notes: [
      `Cron cannot say "the ${which} business day": it wakes up on days ${days[0]} to ${days[days.length - 1]} of the month, and a guard lets the run go on only ${describeGuard(guard)}.`,
    ],
  };
}

/** Day patterns, most specific first; each returns the days it reads, or undefined to let the next one try. */
const DAY_PATTERNS: Array<[RegExp, (m: RegExpMatchArray, t: string) => Days | undefined]> = [
  [new RegExp(String.raw`\b${NTH}\s+(?:business|working|work|week)[\s-]?day${OF_PERIOD}`), (m) => businessDays(nthOf(m[1]), m[2])],
  [
    /\blast\s+(?:calendar\s+)?day\s+of\s+(?:the\s+|each\s+|every\s+)?month\b/,
    () => ({
      dom: '28-31',
      month: '*',
      dow: '*',
      guard: 'last-day-of-month',
      notes: ['Cron cannot say "the last day of the month": it wakes up on days 28 to 31, and a guard lets the run go on only on the last one.'],
    }),
  ],
  [
    new RegExp(String.raw`\b(first|1st|second|2nd|third|3rd|fourth|4th|last)\s+(${DAY_NAME})\s+(?:of|in)\s+(?:the\s+|each\s+|every\s+|a\s+)?month\b`),
    (m) => {
      const n = nthOf(m[1]);
      const day = dayIndex(m[2]);
      const guard = `${n === -1 ? 'last' : ordinal(n)}-${DAY_WORDS[day]}` as ScheduleGuard;
      return {
        dom: '*',
        month: '*',
        dow: String(day),
        guard,
        notes: [
          `Cron cannot say "${m[1]} ${DAY_WORDS[day]} of the month" (it ORs a day of the month with a day of the week): it wakes up every ${DAY_WORDS[day]}, and a guard lets the run go on only ${describeGuard(guard)}.`,
        ],
      };
    },
  ],
  [
    /\b(?:on\s+)?(?:the\s+|day\s+)?(\d{1,2})(?:st|nd|rd|th)?((?:\s*(?:,|and|&)\s*(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?)*)\s+(?:day\s+)?of\s+(?:each|every|the|a)\s+month\b|\bmonthly\s+on\s+the\s+(\d{1,2})(?:st|nd|rd|th)?\b|\bevery\s+month\s+on\s+the\s+(\d{1,2})(?:st|nd|rd|th)?\b/,
    (m) => {
      const days = [...`${m[1] ?? m[3] ?? m[4]} ${m[2] ?? ''}`.matchAll(/\d{1,2}/g)].map((d) => Number(d[0]));
      if (days.some((d) => d < 1 || d > 31)) return undefined;
      const notes = days.some((d) => d > 28)
        ? [`Months without day ${Math.max(...days)} are skipped: cron does not move the run to the month's last day.`]
        : [];
      return { dom: compactList([...new Set(days)].sort((a, b) => a - b)), month: '*', dow: '*', notes };
    },
  ],
  [
    new RegExp(
      String.raw`\b(?:every|each)\s+year\s+on\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH_WORDS.join('|')})|\b(?:on\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH_WORDS.join('|')})\s+(?:each|every)\s+year|\b(?:annually|yearly)\s+on\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH_WORDS.join('|')})`,
    ),
    (m) => {
      const day = Number(m[1] ?? m[3] ?? m[5]);
      const month = MONTH_WORDS.indexOf(m[2] ?? m[4] ?? m[6]) + 1;
      return day >= 1 && day <= 31 ? { dom: String(day), month: String(month), dow: '*' } : undefined;
    },
  ],
  [
    /\b(?:every\s+(?:two|2|other|second)\s+weeks?|fortnightly|bi-?weekly|every\s+fortnight)\b/,
    (_m, t) => {
      const days = dayNamesIn(t);
      return {
        dom: '*',
        month: '*',
        dow: days.length ? compactList(days) : '1',
        guard: 'even-weeks',
        low: 'every other week is approximated',
        notes: [
          `Approximated: cron cannot count every other week, so it wakes up every week${days.length ? '' : ' (on Monday; the SOP names no day)'} and a guard lets the run go on only ${describeGuard('even-weeks')}. If the run belongs to the other week, change the guard to odd-weeks.`,
        ],
      };
    },
  ],
  [
    /\b(?:every|each)\s+(?:week|work|working|business)[\s-]?day\b|\bweekdays\b|\bon\s+(?:working|business|work)\s+days\b|\bmon(?:day)?\s*(?:to|through|thru|-|–)\s*fri(?:day)?\b|\bevery\s+business\s+day\b/,
    () => ({ dom: '*', month: '*', dow: '1-5', notes: ['Weekdays are Monday to Friday; public holidays are not known.'] }),
  ],
  [
    /\bbefore\s+(?:the\s+)?(?:daily\s+)?(?:stand[- ]?up|standup|scrum|team\s+meeting|morning\s+meeting)\b/,
    () => ({
      dom: '*',
      month: '*',
      dow: '1-5',
      hour: 8,
      low: 'the meeting time is not in the SOP',
      notes: ['The stand-up time is not known: 08:00 on weekdays is assumed.'],
    }),
  ],
  [
    new RegExp(String.raw`\b(?:every|each|on|weekly(?:,)?\s+on)\s+${DAY_NAME}\b|\b${DAY_NAME.replace(/s\?$/, 's')}\b`),
    (_m, t) => ({ dom: '*', month: '*', dow: compactList(dayNamesIn(t)) }),
  ],
  [
    /\b(?:weekly|every\s+week|each\s+week|once\s+a\s+week)\b/,
    () => ({ dom: '*', month: '*', dow: '1', low: 'the SOP names no day of the week', notes: ['No day of the week given: Monday is assumed.'] }),
  ],
  [
    /\b(?:daily|every\s+day|each\s+day|nightly|(?:every|each)\s+(morning|afternoon|evening|night))\b/,
    (m) => {
      const part = m[1] ?? (m[0] === 'nightly' ? 'night' : undefined);
      const hour = part ? { morning: 8, afternoon: 14, evening: 18, night: 2 }[part] : undefined;
      return { dom: '*', month: '*', dow: '*', hour, notes: part === 'night' ? ['"Night" is read as 02:00, after midnight.'] : [] };
    },
  ],
  [
    /\b(?:quarter[- ]end|end\s+of\s+(?:the\s+|each\s+|every\s+)?quarter)\b/,
    () => ({ ...businessDays(-1, 'quarter')!, low: '"quarter end" is read as the last business day of the quarter' }),
  ],
  [
    /\b(?:quarterly|every\s+quarter|each\s+quarter|once\s+a\s+quarter|(?:start|beginning)\s+of\s+(?:the\s+|each\s+|every\s+)?quarter)\b/,
    () => ({
      dom: '1',
      month: '1,4,7,10',
      dow: '*',
      low: 'the SOP does not say which day of the quarter',
      notes: ['No day of the quarter given: the 1st of January, April, July and October is assumed.'],
    }),
  ],
  [
    /\b(?:after|once|when)\s+(?:the\s+)?month\s+(?:has\s+)?(?:ended|ends|closed|closes|is\s+over)\b|\bafter\s+(?:the\s+)?month[- ]end\b|\b(?:start|beginning)\s+of\s+(?:the\s+|each\s+|every\s+)?(?:new\s+)?month\b/,
    () => {
      const d = businessDays(1, 'month')!;
      return { ...d, low: 'the SOP does not name the day', notes: ['Read as the first business day after the month ends.', ...d.notes!] };
    },
  ],
  [
    /\bmonth[- ]end\b|\bend\s+of\s+(?:the\s+|each\s+|every\s+)?month\b/,
    () => {
      const d = businessDays(-1, 'month')!;
      return {
        ...d,
        low: '"month end" could also mean the first days of the next month',
        notes: ['"Month end" is read as the last business day of the month.', ...d.notes!],
      };
    },
  ],
  [
    /\b(?:monthly|every\s+month|each\s+month|once\s+a\s+month)\b/,
    () => ({ dom: '1', month: '*', dow: '*', low: 'the SOP does not say which day of the month', notes: ['No day of the month given: the 1st is assumed.'] }),
  ],
  [
    /\b(?:annually|yearly|every\s+year|each\s+year|once\s+a\s+year)\b/,
    () => ({ dom: '1', month: '1', dow: '*', low: 'the SOP does not say which day of the year', notes: ['No day of the year given: 1 January is assumed.'] }),
  ],
];

interface TimeOfDay {
  minute: string;
  hour: string;
  low?: string;
  note?: string;
}

/** "every 15 minutes", "every 2 hours", "hourly". */
function frequentTime(t: string): TimeOfDay | undefined {
  const minutes = t.match(/\bevery\s+(\d{1,2})\s+min(?:ute)?s?\b/);
  if (minutes && Number(minutes[1]) >= 1 && Number(minutes[1]) < 60) {
    const n = Number(minutes[1]);
    const note = 60 % n === 0 ? undefined : `Every ${n} minutes restarts at the top of each hour (cron counts minutes within the hour).`;
    return { minute: `*/${n}`, hour: '*', note };
  }
  const hours = t.match(/\bevery\s+(\d{1,2})\s+hours?\b/);
  if (hours && Number(hours[1]) >= 1 && Number(hours[1]) < 24) return { minute: '0', hour: `*/${hours[1]}` };
  if (/\b(?:hourly|every\s+hour|each\s+hour)\b/.test(t)) return { minute: '0', hour: '*' };
  return undefined;
}

/** "at 9am", "08:30", "6 pm", "noon"; "by 10am" is read as an hour before. */
function timeOfDay(t: string): TimeOfDay | undefined {
  const m =
    t.match(/(?:\b(at|by|before|around|about|from|after)\s+)?\b(\d{1,2})(?::(\d{2})|[.h](\d{2})(?=\s*[ap]\.?m\b))?\s*([ap])\.?m\.?(?![a-z])/) ??
    t.match(/(?:\b(at|by|before|around|about|from|after)\s+)?\b(\d{1,2}):(\d{2})\b()()/);
  let hour: number;
  let minute: number;
  let qualifier: string | undefined;
  if (m) {
    qualifier = m[1];
    hour = Number(m[2]);
    minute = Number(m[3] ?? m[4] ?? 0);
    if (m[5] && (hour < 1 || hour > 12)) return undefined;
    if (m[5] === 'p' && hour !== 12) hour += 12;
    if (m[5] === 'a' && hour === 12) hour = 0;
  } else {
    const word = t.match(/(?:\b(at|by|before|around|about)\s+)?\b(noon|midday|midnight)\b/);
    if (!word) return undefined;
    [qualifier, hour, minute] = [word[1], word[2] === 'midnight' ? 0 : 12, 0];
  }
  if (hour > 23 || minute > 59) return undefined;
  if (qualifier === 'by' || qualifier === 'before') {
    const start = (hour + 23) % 24;
    return {
      minute: String(minute),
      hour: String(start),
      low: `"${qualifier} ${pad(hour)}:${pad(minute)}" is a deadline, not a start time`,
      note: `"${qualifier} ${pad(hour)}:${pad(minute)}" is read as starting an hour earlier, at ${pad(start)}:${pad(minute)}.`,
    };
  }
  if (qualifier === 'around' || qualifier === 'about') return { minute: String(minute), hour: String(hour), low: 'the time is approximate' };
  return { minute: String(minute), hour: String(hour) };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Markdown and typography out, lower case, one space. */
function plain(text: string): string {
  return text.replace(/[*_`]/g, '').replace(/[‘’]/g, "'").replace(/[–—]/g, '-').replace(/\s+/g, ' ').toLowerCase().trim();
}

/**
 * Reads a schedule from a trigger sentence ("On the first business day of each month at 9am UK time").
 * Undefined when it names no time or day, as with events ("when a customer asks for a refund").
 */
export function parseSchedule(text: string, options: ParseScheduleOptions = {}): ScheduleGuess | undefined {
  const t = plain(text);
  const frequent = frequentTime(t);
  let days: Days | undefined;
  for (const [re, read] of DAY_PATTERNS) {
    const m = t.match(re);
    days = m ? read(m, t) : undefined;
    if (days) break;
  }
  if (!days && !frequent) return undefined;
  days ??= { dom: '*', month: '*', dow: '*' };

  const notes = [...(days.notes ?? [])];
  const lows = days.low ? [days.low] : [];
  let time = frequent ?? timeOfDay(t);
  if (!time) {
    time = { minute: '0', hour: String(days.hour ?? 9) };
    if (days.hour === undefined) notes.push('No time of day given: 09:00 is assumed.');
  }
  if (time.note) notes.push(time.note);
  if (time.low) lows.push(time.low);

  const found = options.timezone ? undefined : timezoneIn(text);
  const timezone = options.timezone ?? found?.timezone ?? 'UTC';
  if (!options.timezone && !found)
    notes.push("No time zone given: UTC is assumed. Set `timezone:` in the SOP's front matter (e.g. Europe/London) if that is wrong.");
  const abbreviation = abbreviationNote(timezone);
  if (abbreviation) notes.push(abbreviation);
  if (!isKnownTimezone(timezone)) lows.push(`the time zone "${timezone}" is not known`);
  if (EVENT_WORDS.test(t)) notes.push('The trigger also names an event; runs for it are started by hand (workflow_dispatch).');

  const cron = [time.minute, time.hour, days.dom, days.month, days.dow].join(' ');
  const valid = validateCron(cron);
  if (!valid.ok) return undefined;
  if (lows.length) notes.unshift(`Low confidence: ${lows.join('; ')}.`);
  return { cron: valid.cron, description: describeCron(valid.cron), timezone, guard: days.guard, confidence: lows.length ? 'low' : 'high', notes };
}

/** The front matter's `timezone:` when it is one this module knows. */
function frontMatterTimezone(doc: SopDocument): string | undefined {
  const tz = doc.frontMatter.data.timezone;
  return typeof tz === 'string' && tz.trim() ? tz.trim() : undefined;
}

function frontMatterLine(doc: SopDocument, key: string): number {
  const at = doc.frontMatter.keys.get(key);
  return at ? doc.lines.positionAt(at.start).line + 1 : 1;
}

/**
 * The SOP's schedule: the front matter's `cron:` or `schedule:` when it has one, otherwise the first sentence
 * of the "When to run" section that names a time or day. Without either, the reason there is none.
 */
export function scheduleOf(doc: SopDocument): ScheduleOf {
  const zone = frontMatterTimezone(doc);
  const fmNotes: string[] = [];
  if (zone && !isKnownTimezone(zone))
    fmNotes.push(`The front matter's timezone "${zone}" is not a time zone this tool knows (use an IANA name such as Europe/London, or UTC).`);
  for (const key of ['cron', 'schedule']) {
    const raw = doc.frontMatter.data[key];
    if (typeof raw !== 'string' || !raw.trim()) continue;
    const value = raw.trim();
    const source = { text: `${key}: ${value}`, line: frontMatterLine(doc, key) };
    const valid = validateCron(value);
    if (valid.ok) {
      const notes = [
        ...fmNotes,
        `From the front matter's \`${key}:\`.`,
        ...(zone ? [] : ["No time zone given: UTC is assumed. Set `timezone:` in the SOP's front matter if that is wrong."]),
      ];
      return { guess: { cron: valid.cron, description: describeCron(valid.cron), timezone: zone ?? 'UTC', confidence: 'high', notes }, source };
    }
    const guess = key === 'schedule' ? parseSchedule(value, { timezone: zone }) : undefined;
    if (guess) return { guess: { ...guess, notes: [...fmNotes, ...guess.notes] }, source };
    fmNotes.push(
      key === 'cron'
        ? `The front matter's cron is not used: ${valid.message}`
        : `The front matter's schedule "${value}" names no time or day this tool can read.`,
    );
  }

  const sections = doc.sectionsOf('trigger');
  const sentences = doc.sentences.filter((s) => s.where !== 'heading' && sections.some((sec) => s.start >= sec.start && s.start < sec.end));
  const sectionZone = zone ?? sentences.map((s) => timezoneIn(s.text)?.timezone).find((z) => z);
  for (const s of sentences) {
    const guess = parseSchedule(s.text, { timezone: zone ?? timezoneIn(s.text)?.timezone ?? sectionZone });
    if (guess) {
      const notes = [...fmNotes, ...guess.notes];
      if (!zone && !timezoneIn(s.text) && sectionZone) notes.push(`The time zone ${sectionZone} is from another sentence of the section.`);
      return { guess: { ...guess, notes }, source: { text: s.text, line: s.range.start.line + 1 } };
    }
  }

  const manual = 'the automation runs only when started by hand (workflow_dispatch); pass --cron to give it a schedule.';
  const note = fmNotes.length ? ` ${fmNotes.join(' ')}` : '';
  if (sections.length === 0) return { reason: `The SOP has no "When to run" section and no \`schedule:\` in its front matter: ${manual}${note}` };
  const event = sentences.find((s) => EVENT_WORDS.test(plain(s.text)) || /^on request\b/.test(plain(s.text)));
  if (event) {
    return {
      reason: `The SOP runs when something happens ("${event.text}", line ${event.range.start.line + 1}), not at a set time: ${manual}${note}`,
      source: { text: event.text, line: event.range.start.line + 1 },
    };
  }
  const first = sentences[0];
  return {
    reason: `No time or day found in the "When to run" section${first ? ` ("${first.text}", line ${first.range.start.line + 1})` : ''}: ${manual}${note}`,
  };
}
