import { isApproved, keyRange } from '../../sop/approvalRecord';
import type { SopDocument } from '../../sop/model';
import type { Rule } from '../types';

const UNITS = { d: ['day', 'days'], w: ['week', 'weeks'], m: ['month', 'months'], y: ['year', 'years'] } as const;
type Unit = keyof typeof UNITS;

/** When an approved SOP's next review is due, from `review-every` and `approved` / `last-reviewed`. */
export type ReviewSchedule =
  | { kind: 'none' }
  | { kind: 'invalid'; message: string }
  | { kind: 'scheduled'; due: string; every: string; since: string; sinceWhat: 'approval' | 'the last review' };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dateOf(v: unknown): string | undefined {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v !== 'string') return undefined;
  const s = v.trim().slice(0, 10);
  const m = s.match(DATE);
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.toISOString().slice(0, 10) === s ? s : undefined;
}

function addPeriod(date: string, n: number, unit: Unit): string {
  const [y, m, d] = date.split('-').map(Number);
  if (unit === 'd' || unit === 'w') return new Date(Date.UTC(y, m - 1, d + n * (unit === 'w' ? 7 : 1))).toISOString().slice(0, 10);
  const months = unit === 'y' ? n * 12 : n;
  // The same day of the month, or the month's last day (Jan 31 + 1m = Feb 28).
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

export function reviewSchedule(doc: SopDocument): ReviewSchedule {
  const data = doc.frontMatter.data;
  const raw = data['review-every'];
  if (raw === undefined || raw === null || !isApproved(doc)) return { kind: 'none' };
  const m = String(raw)
    .trim()
    .toLowerCase()
    .match(/^(\d+)\s*([dwmy])$/);
  if (!m || Number(m[1]) === 0) {
    return {
      kind: 'invalid',
      message: `"review-every: ${String(raw)}" is not a review period. Write a whole number and a unit, such as 90d (days), 12w (weeks), 6m (months) or 1y (years).`,
    };
  }
  const n = Number(m[1]);
  const unit = m[2] as Unit;
  const approved = dateOf(data.approved) ?? dateOf((data.approval as Record<string, unknown> | undefined)?.date);
  const reviewed = dateOf(data['last-reviewed']);
  const since = reviewed && (!approved || reviewed > approved) ? reviewed : approved;
  if (!since) return { kind: 'none' };
  return {
    kind: 'scheduled',
    due: addPeriod(since, n, unit),
    every: n === 1 ? UNITS[unit][0] : `${n} ${UNITS[unit][1]}`,
    since,
    sinceWhat: since === approved ? 'approval' : 'the last review',
  };
}

/** Today as YYYY-MM-DD (UTC). */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export const reviewDue: Rule = {
  id: 'review-due',
  aliases: ['review-overdue'],
  description: 'An approved SOP with `review-every` (`90d`, `12w`, `6m`, `1y`) in its front matter is reviewed on time.',
  defaultSeverity: 'warning',
  docs: {
    summary: 'An approved SOP is reviewed on schedule',
    fixable: false,
    failing: {
      caption: 'one finding: the review was due on 2025-04-15',
      sop: `---
title: Monthly sales report
status: approved
approved: 2025-01-15
review-every: 90d
---

# Monthly sales report
`,
    },
    passing: {
      caption: 'the SOP is back in review, so the schedule waits for the next approval',
      sop: `---
title: Monthly sales report
status: in-review
approved: 2025-01-15
review-every: 90d
---

# Monthly sales report
`,
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const schedule = reviewSchedule(doc);
    const range = keyRange(doc, 'review-every');
    if (schedule.kind === 'none' || !range) return [];
    if (schedule.kind === 'invalid') return [{ range, message: schedule.message }];
    if (isoDay(ctx.now ?? new Date()) <= schedule.due) return [];
    return [
      {
        range,
        message: `Review was due on ${schedule.due} (every ${schedule.every} since ${schedule.sinceWhat} on ${schedule.since}). Check the SOP against how the work is done now, then set \`last-reviewed\` to today's date.`,
      },
    ];
  },
};
