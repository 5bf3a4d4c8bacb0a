import type { EvidenceBundle } from '../../evidence/types';
import type { NoteSentence } from './notes';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function day(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * What the files show of the run the evidence comes from (the period in their names, the dates of the e-mails),
 * for when the evidence states no trigger: an observation to go with a question, not a schedule.
 */
export function describeSchedule(bundle: EvidenceBundle, _notes: NoteSentence[]): { text: string; evidence: string[] } | undefined {
  const monthly = bundle.included.filter((f) => /(?:^|[^\d])(\d{4})-(0[1-9]|1[0-2])(?![-\d])/.test(f.path.split('/').pop() ?? ''));
  const weekly = bundle.included.filter((f) => /\d{4}-W\d{2}/i.test(f.path));
  const quarterly = bundle.included.filter((f) => /(?:^|[^A-Za-z])Q[1-4](?:[^\d]|$)/.test(f.path));
  const dates = bundle.included
    .flatMap((f) => (f.facts.type === 'email' && f.facts.date ? [{ date: f.facts.date, path: f.path }] : []))
    .sort((a, b) => a.date.localeCompare(b.date));
  const when = dates.length ? ` The run in the evidence was done between ${day(dates[0].date)} and ${day(dates[dates.length - 1].date)}.` : '';
  if (monthly.length) {
    const m = (monthly[0].path.split('/').pop() ?? '').match(/(\d{4})-(\d{2})/)!;
    return {
      text: `The evidence is the run for ${MONTHS[Number(m[2]) - 1]} ${m[1]} (its files are named by month).${when}`,
      evidence: [...monthly.slice(0, 2).map((f) => f.path), ...dates.slice(0, 1).map((d) => d.path)],
    };
  }
  if (weekly.length) return { text: `The evidence's files are named by week.${when}`, evidence: [weekly[0].path] };
  if (quarterly.length) return { text: `The evidence's files are named by quarter.${when}`, evidence: [quarterly[0].path] };
  if (dates.length) return { text: when.trim(), evidence: [dates[0].path] };
  return undefined;
}
