/**
 * Schedules read from the evidence: cadence words with their day and time ("every Monday morning",
 * "first working day of the month"), cron lines, and dated runs in notes that repeat at a regular interval.
 */
import { wordsOf, type Word } from '../../sop/clauses';
import { cronOnLine, type CronSchedule } from './cron';
import { sentencesOf, type Passage, type TriggerCandidate } from './triggerSources';

const DAY = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const UNIT = `day|weekday|working day|business day|morning|afternoon|evening|night|week|month|quarter|year|hour|${DAY}`;
const ADVERB = 'daily|nightly|weekly|fortnightly|bi-?weekly|monthly|quarterly|yearly|annually|hourly';
/** Cadence phrases, on text whose whitespace is single spaces (alternatives start with different words). */
const CADENCE = new RegExp(
  [
    `(?:every|each) (?:other |second )?(?:(?:\\d{1,2}|two|three|four|six) (?:minutes|hours|days|weeks|months)|${UNIT})`,
    `(?:on )?(?:the )?(?:first|last|second|third|fourth|1st|2nd|3rd|4th|\\d{1,2}(?:st|nd|rd|th)) (?:(?:working|business) )?(?:day |(?:${DAY}) )?(?:of|in) (?:the|each|every) (?:month|quarter|year|week)`,
    `(?:once|twice|\\d times) (?:a|per|every) (?:day|week|month|quarter|year)`,
    `(?:at|after) (?:the )?(?:month[- ]end|end of (?:the|each|every) (?:month|quarter|week))`,
    `(?:${ADVERB})`,
    `on (?:${DAY})s`,
  ]
    .map((a) => `(?<![\\w/-])(?:${a})(?![\\w-])`)
    .join('|'),
  'gi',
);
const ADVERB_ONLY = new RegExp(`^(?:${ADVERB})$`, 'i');
const DAYS_PLURAL = new RegExp(`^on (?:${DAY})s$`, 'i');
/** What may follow a cadence and belongs to it: "at 09:00 UTC", "morning", "on Tuesdays", ", before 10:00". */
const TAIL = new RegExp(
  `^(?:,? (?:at|by|before|from|around|until) (?:about )?\\d{1,2}(?:[:.]\\d{2})? ?(?:am|pm|h)?(?: (?:UTC|GMT|CET|CEST|EST|EDT|PST|PDT|BST|local time))?(?![\\w:])|,? (?:at|by|before) (?:noon|midday|midnight|(?:the )?end of (?:the )?day|close of business)(?![\\w-])|(?: in the)? (?:morning|afternoon|evening|night)(?![\\w-])|,? on (?:${DAY})s?(?![\\w-])| \\((?:usually |mostly |normally )?[\\w :.,-]{1,40}\\))`,
  'i',
);
const SPECIFIC = new RegExp(`(?:${DAY}|\\d{1,2}[:.]\\d{2}|\\d ?(?:am|pm)|morning|afternoon|evening|night|first|last|\\d(?:st|nd|rd|th)|end)`, 'i');
/** "Runs", "The job runs", "It is done": saying that the work happens, nothing more. */
const RUN_VERB =
  /^(?:(?:it|this|the|our) )?(?:[\w-]{1,30} ){0,3}(?:runs?|happens|(?:is |are |gets? )?(?:run|done|made|sent|published|updated|built|held))$|^(?:(?:we|i) )?do (?:this|it)$/i;
/** "The meeting is every Wednesday": the cadence of something the sentence names, not of the work. */
const COPULA_END = /\b(?:is|are|was|were)$/i;
/** Words that carry on the sentence rather than start an action: "Every Monday, before the 11:00 call". */
const LINKING = /^(?:so|before|after|to|once|when|from|until|as|in|for|because|ahead|which|on|at|via|through|by|with|using|during)\b/i;
/** Most candidate sentences parsed per call: part-of-speech tagging costs about a millisecond each. */
const MAX_PARSED = 60;

/** Stated schedules and cron lines, each with its strength. */
export function scheduleCandidates(passages: Passage[]): TriggerCandidate[] {
  const budget = { parsed: 0 };
  const out: TriggerCandidate[] = [];
  for (const p of passages) {
    // The sender's own routine is not the team's: a customer's "every Monday" says nothing about when we work.
    if (p.kind === 'config' || p.mail?.external) continue;
    const base = p.kind === 'email' ? 2 : 3;
    for (const line of p.prose) {
      for (const sentence of sentencesOf(line.replace(/\s+/g, ' '))) {
        const found = cadenceIn(sentence, budget);
        if (found) out.push({ kind: 'schedule', text: found.text, evidence: [p.path], strength: base + (found.specific ? 1 : 0) });
      }
    }
  }
  return mergeCron(out, cronCandidates(passages));
}

function cadenceIn(sentence: string, budget: { parsed: number }): { text: string; specific: boolean } | undefined {
  CADENCE.lastIndex = 0;
  let words: Word[] | undefined;
  for (let m = CADENCE.exec(sentence); m; m = CADENCE.exec(sentence)) {
    if (budget.parsed >= MAX_PARSED) return undefined;
    let end = m.index + m[0].length;
    for (let k = 0, tail = TAIL.exec(sentence.slice(end)); tail && k < 3; k++, tail = TAIL.exec(sentence.slice(end))) end += tail[0].length;
    const phrase = sentence.slice(m.index, end);
    if (!words) budget.parsed++;
    words ??= wordsOf(sentence);
    const isAdverb = ADVERB_ONLY.test(m[0]);
    // "the weekly planning", "Daily product-usage pipeline": an adjective before a noun names a thing, not when the work runs.
    if (isAdverb && attributive(words, end)) continue;
    // "Every day counts": the cadence is the subject of the sentence, not when anything runs.
    const next = words.find((w) => w.start >= end);
    if (next && (next.pos === 'VERB' || next.pos === 'AUX') && /s$/i.test(next.text)) continue;
    // "Frequency: every Monday", "Schedule - weekly": a short label before the cadence is not an action.
    const label = /^\W{0,4}(?:[A-Za-z]+ ){0,3}[A-Za-z]+\s?[:–—-]\s*$/.test(sentence.slice(0, m.index));
    const before = label
      ? ''
      : sentence
          .slice(0, m.index)
          .replace(/[\s,;:–—-]+$/, '')
          .trim();
    const action = actionBefore(before, words);
    if (action === undefined) continue;
    // "on Mondays" alone is a habit of whoever the sentence is about; it is a schedule when the work is the subject.
    if (DAYS_PLURAL.test(m[0]) && action !== '' && !/^(?:i|we) /i.test(before)) continue;
    return { text: sentenceText(phrase, action, sentence.slice(end)), specific: SPECIFIC.test(phrase) };
  }
  return undefined;
}

function attributive(words: Word[], end: number): boolean {
  const next = words.find((w) => w.start >= end);
  return next !== undefined && ['NOUN', 'PROPN', 'ADJ'].includes(next.pos) && !/^(?:morning|afternoon|evening|night)$/i.test(next.text);
}

/** What the sentence says is done, from the words before the cadence; undefined when it is about someone else. */
function actionBefore(before: string, words: Word[]): string | undefined {
  if (before === '' || RUN_VERB.test(before)) return '';
  if (COPULA_END.test(before)) return undefined;
  const first = words.find((w) => w.pos !== 'PUNCT' && w.pos !== 'SYM');
  // "Claire is travelling on Thursdays", "They meet every Friday": a named person's or another party's habit.
  if (!first || first.pos === 'PROPN' || /^(?:he|she|they|you)$/i.test(first.text)) return undefined;
  const action = before.replace(/^(?:i|we) /i, '').replace(/^please /i, '');
  // "The report is due" follows the cadence in the middle of the sentence: "…: the report is due".
  return /^[A-Z][a-z]/.test(action) ? action.charAt(0).toLowerCase() + action.slice(1) : action;
}

function sentenceText(phrase: string, action: string, rest: string): string {
  const after = rest
    .replace(/^[\s,;:–—-]+/, '')
    .replace(/^(?:i|we) (?=[a-z])/i, '')
    .replace(/[\s.:;,]+$/, '');
  const cadence = phrase.charAt(0).toUpperCase() + phrase.slice(1);
  let text = cadence;
  if (action) text += `: ${action}${after ? ` ${after}` : ''}`;
  else if (after) text += LINKING.test(after) ? `, ${after}` : `: ${after}`;
  if (text.length > 200) text = text.slice(0, text.lastIndexOf(' ', 196)) + ' …';
  return `${text}.`;
}

/** Cron lines in crontabs, workflows, scripts and notes. */
function cronCandidates(passages: Passage[]): Array<TriggerCandidate & { schedule: CronSchedule }> {
  const out: Array<TriggerCandidate & { schedule: CronSchedule }> = [];
  for (const p of passages) {
    if (p.kind === 'email') continue;
    const crontab = /(?:^|\/)(?:crontab|[\w.-]*\.cron|cron\.d\/[\w.-]+)$/i.test(p.path);
    for (const line of p.raw) {
      const schedule = cronOnLine(line, crontab);
      if (!schedule) continue;
      // GitHub Actions reads cron in UTC; a crontab in the host's own time zone.
      const zone = /(?:^|\/)\.github\/workflows\//.test(p.path) ? 'UTC' : 'server time';
      const words = schedule.words?.replace(/(at \d{2}:\d{2})/, `$1 ${zone}`) ?? `On the cron schedule \`${schedule.cron}\``;
      out.push({ kind: 'schedule', text: `${words} (cron \`${schedule.cron}\`).`, evidence: [p.path], strength: 4, cron: schedule.cron, schedule });
      if (out.length >= 5) return out;
    }
  }
  return out;
}

/** A cron line and a sentence that say the same: the sentence's words, the cron line, both paths. */
function mergeCron(stated: TriggerCandidate[], crons: Array<TriggerCandidate & { schedule: CronSchedule }>): TriggerCandidate[] {
  const out = [...stated];
  for (const c of crons) {
    const hour = c.schedule.hour;
    const twin = stated.find((s) => hour !== undefined && new RegExp(`\\b0?${hour}(?:[:.]\\d{2}| ?(?:am|pm|h)\\b)`, 'i').test(s.text));
    if (twin) {
      twin.cron = c.cron;
      twin.strength = Math.max(twin.strength, c.strength) + 1;
      twin.evidence = [...new Set([...twin.evidence, ...c.evidence])];
    } else out.push({ kind: c.kind, text: c.text, evidence: c.evidence, strength: c.strength, cron: c.cron });
  }
  return out;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_MS = 86_400_000;

export interface RegularRuns {
  /** "Monday" for weekly runs. */
  weekday: string;
  /** Days between runs: 7 or 14. */
  interval: number;
  /** "3 Mondays in a row (2, 9 and 16 November 2026)" or "3 Mondays, two weeks apart (…)". */
  words: string;
  evidence: string[];
}

/**
 * Dated log entries in the notes that fall on the same weekday at a regular interval: support for a
 * stated weekly schedule, never a schedule of their own (three dates can be chance).
 */
export function regularRuns(passages: Passage[]): RegularRuns | undefined {
  const days = new Map<number, string>();
  for (const p of passages) {
    if (p.kind !== 'note') continue;
    for (const line of p.prose) {
      const m = /^\s{0,4}(\d{4})-(\d{2})-(\d{2})\b/.exec(line);
      const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
      if (!Number.isNaN(t) && !days.has(t)) days.set(t, p.path);
      if (days.size >= 400) break;
    }
  }
  const sorted = [...days.keys()].sort((a, b) => a - b);
  for (const interval of [7, 14]) {
    for (let i = 0; i < sorted.length; i++) {
      const chain = [sorted[i]];
      while (days.has(chain[chain.length - 1] + interval * DAY_MS) && chain.length < 60) chain.push(chain[chain.length - 1] + interval * DAY_MS);
      if (chain.length < 3) continue;
      const weekday = WEEKDAYS[new Date(chain[0]).getUTCDay()];
      const dates = chain.map((t) => new Date(t));
      const last = dates[dates.length - 1];
      const list = `${dates
        .slice(0, -1)
        .map((d) => `${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]}`)
        .join(', ')} and ${last.getUTCDate()} ${MONTH_NAMES[last.getUTCMonth()]} ${last.getUTCFullYear()}`;
      const how = interval === 7 ? 'in a row' : 'two weeks apart';
      return { weekday, interval, words: `${chain.length} ${weekday}s ${how} (${list})`, evidence: [...new Set(chain.map((t) => days.get(t)!))] };
    }
  }
  return undefined;
}
