import type { RunEvent } from './events';
import type { RunConformance } from './conformance';
import type { SopConformance } from './summary';

/** Conformance as text for a terminal or a CI log, and run events as CSV for process-mining tools. */

export function renderConformance(sopRel: string, c: SopConformance): string {
  if (c.verdict === 'not yet tried') return `${sopRel}: not yet tried — no run is recorded. Start one with: sop run start --sop ${sopRel}\n`;
  const since = c.approvedOn ? `since its approval on ${c.approvedOn}` : 'of its current text (not approved)';
  const earlier = c.otherVersions ? `; ${runs(c.otherVersions)} of an earlier text, counted apart` : '';
  const lines = [`${sopRel}: ${c.verdict} — ${runs(c.sameVersion)} ${since}${earlier}.`];
  if (c.persistent.length > 0) lines.push('', 'Persistent deviations:', ...c.persistent.map((p) => `  ${p}`));
  const followed = c.runs.filter((r) => r.followed).length;
  const going = c.runs.filter((r) => r.followed && !r.finished).length;
  const others = c.runs.filter((r) => !r.followed || r.problems.length > 0);
  const soFar = going ? ` (${going} still in progress, followed so far)` : '';
  const listed = others.length === 0 ? '.' : others.some((r) => r.problems.length > 0) ? '; the others, and logs with bad lines:' : '; the others:';
  lines.push('', `Runs: ${followed} of ${c.runs.length} followed the SOP${soFar}${listed}`);
  // A terminal shows a screenful: the rest is in --format json.
  for (const r of others.slice(0, MAX_RUNS_LISTED)) for (const l of runLines(r)) lines.push(l);
  if (others.length > MAX_RUNS_LISTED) lines.push(`  …and ${others.length - MAX_RUNS_LISTED} more (sop conform --format json lists every run).`);
  lines.push('', `Steps, in the runs ${since} (done / different / skipped / failed of runs, median time):`);
  for (const s of c.steps) {
    const time = s.medianMs === undefined ? '' : `, ${duration(s.medianMs)}`;
    lines.push(`  ${s.step.number}. ${s.done}/${s.different}/${s.skipped}/${s.failed} of ${s.runs}${time} — ${clip(s.step.text)}`);
  }
  return lines.join('\n') + '\n';
}

const runs = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
const MAX_RUNS_LISTED = 20;
const MAX_LINES_PER_RUN = 3;

function runLines(r: RunConformance): string[] {
  const state = r.finished ?? 'in progress';
  const version = r.sameVersion ? '' : ', earlier version';
  const notes: string[] = [];
  for (const s of r.steps) {
    if (s.outcome === 'skipped' || s.outcome === 'failed' || s.outcome === 'different')
      notes.push(`step ${s.step.number} ${s.outcome}${s.detail ? ` (${clip(s.detail)})` : ''}`);
    if (s.outcome === 'not-recorded') notes.push(`step ${s.step.number} not recorded`);
  }
  if (r.reordered.length) notes.push(`out of order: step ${r.reordered.map((s) => s.number).join(', ')}`);
  if (r.extra.length) notes.push(`steps the SOP does not have: ${r.extra.map((e) => `"${clip(e.step.text)}" (line ${e.line})`).join(', ')}`);
  const head = `  ${r.run} (${state}${version}): ${r.violations.length ? 'HARD FAILURE' : notes.length ? notes.join('; ') : r.followed ? 'followed, but its log has bad lines' : `the run ended "${state}"`}`;
  return [
    head + (r.violations.length && notes.length ? `; ${notes.join('; ')}` : ''),
    ...capped(
      r.violations.map((v) => `hard failure: ${v.message}`),
      'hard failures',
    ),
    ...capped(
      r.problems.map((p) => `${r.path}: ${p.message}`),
      'problems in the log',
    ),
  ];
}

function capped(items: string[], what: string): string[] {
  const shown = items.slice(0, MAX_LINES_PER_RUN).map((i) => `    ${i}`);
  if (items.length > MAX_LINES_PER_RUN) shown.push(`    …and ${items.length - MAX_LINES_PER_RUN} more ${what}.`);
  return shown;
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 70 ? one.slice(0, 67) + '…' : one;
}

function duration(ms: number): string {
  const min = Math.round(ms / 60000);
  return min < 1 ? `${Math.round(ms / 1000)} s` : min < 120 ? `${min} min` : `${(min / 60).toFixed(1)} h`;
}

/** Column names pm4py and other process-mining tools map to case, activity and timestamp. */
export const CSV_COLUMNS = ['case_id', 'activity', 'timestamp', 'actor', 'actor_kind', 'step_id', 'event'] as const;

/** The events of runs as CSV, header first. */
export function eventsCsv(runs: ReadonlyArray<{ run: string; events: readonly RunEvent[] }>): string {
  return [CSV_COLUMNS.join(',') + '\r\n', ...runs.map((r) => csvRows(r.run, r.events))].join('');
}

/** One row per event: the activity is the step's text, with what happened when it was not simply done. */
export function csvRows(run: string, events: readonly RunEvent[]): string {
  let rows = '';
  for (const e of events) {
    const step = 'step' in e ? e.step : undefined;
    const activity = step ? (e.type === 'step-done' ? step.text : `${step.text} [${e.type}]`) : e.type;
    rows += [run, activity, e.at, e.actor.name, e.actor.kind, step?.id ?? '', e.type].map(cell).join(',') + '\r\n';
  }
  return rows;
}

/** Quoted when needed; a cell that a spreadsheet would run as a formula is prefixed with ' so it stays text. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
