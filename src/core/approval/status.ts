import type { LintIssue } from '../lint/types';
import { isoDay, reviewSchedule } from '../lint/rules/review-due';
import type { SopDocument } from '../sop/model';
import { isApproved } from './record';

export type SopStatus = 'draft' | 'approved' | 'drifted' | 'changed' | 'review-due';

/**
 * One word for the status bar. The most urgent wins: the text itself changed, then its evidence drifted, then
 * a review is overdue. Findings come from a lint that ran with the approval rules on.
 */
export function sopStatus(doc: SopDocument, issues: LintIssue[], now: Date = new Date()): SopStatus {
  if (!isApproved(doc)) return 'draft';
  if (issues.some((i) => i.rule === 'changed-since-approval')) return 'changed';
  if (issues.some((i) => i.rule === 'evidence-drift')) return 'drifted';
  const schedule = reviewSchedule(doc);
  if (schedule.kind === 'scheduled' && isoDay(now) > schedule.due) return 'review-due';
  return 'approved';
}
