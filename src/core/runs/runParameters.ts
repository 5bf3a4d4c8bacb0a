import type { SopDocument } from '../sop/model';

/**
 * The values a run is for: `<YYYY-MM>` in "save it as `exports/<YYYY-MM>/orders.csv`", `<id>` in
 * "`python3 scripts/refund.py --order <id>`". A run asks for them once at its start, records them in its
 * run-started event, and shows every step with them filled in, so the commands can be copied as they are.
 */

export interface RunParameter {
  /** The key in the run log's `parameters`: "month", "order-id". */
  name: string;
  /** Every way the SOP writes it: "<YYYY-MM>", "<month>". */
  placeholders: string[];
  /** What to type, in words. */
  prompt: string;
  /** What a valid value looks like; any non-empty text when absent. */
  pattern?: RegExp;
  /** A sensible value to offer: the month or week just ended, today. */
  suggested?: string;
}

interface Known {
  name: string;
  tokens: RegExp;
  prompt: string;
  pattern: RegExp;
  suggest(now: Date): string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Month-end, weekly and daily work is done for the period just ended: that is the value offered. */
const KNOWN: Known[] = [
  {
    name: 'month',
    tokens: /^<(?:YYYY-MM|yyyy-mm|month|period)>$/,
    prompt: 'the month this run is for (YYYY-MM)',
    pattern: /^\d{4}-(?:0[1-9]|1[0-2])$/,
    suggest: (now) => {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
      return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
    },
  },
  {
    name: 'week',
    tokens: /^<(?:YYYY-wWW|YYYY-WW|yyyy-ww|week)>$/,
    prompt: 'the ISO week this run is for (YYYY-wWW, e.g. 2026-w47)',
    pattern: /^\d{4}-[wW](?:0[1-9]|[1-4]\d|5[0-3])$/,
    suggest: (now) => isoWeek(new Date(now.getTime() - 7 * 86_400_000)),
  },
  {
    name: 'date',
    tokens: /^<(?:YYYY-MM-DD|yyyy-mm-dd|run-date|date|day)>$/,
    prompt: 'the day this run is for (YYYY-MM-DD)',
    pattern: /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/,
    suggest: (now) => now.toISOString().slice(0, 10),
  },
];

/** `<id>`, `<order-id>`, `<customer_email>`: one word in angle brackets, as a command's argument is written. */
const NAMED = /<([a-z][a-z0-9]{0,20}(?:[-_][a-z0-9]{1,20}){0,3})>/gi;

/** HTML a step may hold (`<br>`, `<kbd>`), and a note left to fill in (`<who>`): not a value to ask for. */
const NOT_VALUES = new Set(
  'a abbr b br code del details div em hr i img ins kbd li mark ol p pre q s small span strong sub summary sup table tbody td th thead tr u ul fill insert add enter your who what when where tbd todo placeholder name'.split(
    ' ',
  ),
);

/** A run asks for at most this many values; an SOP with more is a template, and its steps show the rest unfilled. */
const MAX_PARAMETERS = 8;
/** Only the start of a very long step is searched. */
const MAX_STEP_CHARS = 20_000;

/** The run parameters the SOP's steps use, in the order they first appear. */
export function runParametersOf(doc: SopDocument, now = new Date()): RunParameter[] {
  const found = new Map<string, RunParameter>();
  for (const step of doc.steps) {
    const source = doc.text.slice(step.start, Math.min(step.end, step.start + MAX_STEP_CHARS));
    for (const [token] of source.matchAll(NAMED)) {
      if (found.size >= MAX_PARAMETERS) return [...found.values()];
      const known = KNOWN.find((k) => k.tokens.test(token));
      const word = token.slice(1, -1);
      if (!known && NOT_VALUES.has(word.toLowerCase())) continue;
      const name = known?.name ?? word.toLowerCase().replace(/_/g, '-');
      const param = found.get(name) ?? {
        name,
        placeholders: [],
        prompt: known?.prompt ?? `the ${word.replace(/[-_]/g, ' ')} for this run`,
        ...(known ? { pattern: known.pattern, suggested: known.suggest(now) } : {}),
      };
      if (!param.placeholders.includes(token)) param.placeholders.push(token);
      found.set(name, param);
    }
  }
  return [...found.values()];
}

/** Why a value will not do for the parameter, in words; undefined when it will. */
export function parameterProblem(p: RunParameter, value: string): string | undefined {
  const v = value.trim();
  if (v === '') return `Type ${p.prompt}.`;
  if (v.length > 200) return 'That is longer than a run value is (200 characters at most).';
  if (/[\r\n]/.test(v)) return 'A run value is one line.';
  if (p.pattern && !p.pattern.test(v)) return `That is not ${p.prompt}.`;
  return undefined;
}

/** The text with each parameter's placeholders replaced by the run's value (placeholders without a value stay). */
export function fillParameters(text: string, params: readonly RunParameter[], values: Readonly<Record<string, string>>): string {
  let out = text;
  for (const p of params) {
    const value = values[p.name];
    if (value === undefined || value === '') continue;
    for (const token of p.placeholders) out = out.split(token).join(value);
  }
  return out;
}

function isoWeek(d: Date): string {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-w${pad(week)}`;
}
