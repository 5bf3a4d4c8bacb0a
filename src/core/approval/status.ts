import { isoDay, reviewSchedule } from '../lint/rules/review-due';
import { evidenceChanges } from '../lint/rules/evidence-drift';
import type { SopDocument } from '../sop/model';
import type { EvidenceFacts } from '../workspace/evidenceFacts';
import type { WorkspaceIndex } from '../workspace/fileIndex';
import { approvalRecord, bodyHash, isApproved } from '../sop/approvalRecord';

/**
 * `unrecorded`: the front matter says `status: approved` but holds no approval record (who, when, the hash of
 * the approved text), so nobody can tell what was approved: it is not treated as approved.
 */
export type SopStatus = 'draft' | 'unrecorded' | 'approved' | 'drifted' | 'changed' | 'review-due';

export interface StatusFacts {
  /** What is on disk now for the recorded evidence; without it (and without `index`) evidence is not compared. */
  evidence?: EvidenceFacts;
  index?: WorkspaceIndex;
  /** The SOP's workspace root, for `index`. */
  root?: string;
  /** The SOP's workspace-relative path: its evidence manifest is named relative to it. */
  sopRel?: string;
  now?: Date;
}

/**
 * The SOP's approval status, decided from the approval record alone — the body hash and the evidence hashes it
 * holds against the text and the files as they are — never from lint findings, so turning a rule off hides
 * nothing. The most urgent wins: the text changed, then its evidence drifted, then a review is overdue.
 */
export function sopStatus(doc: SopDocument, facts: StatusFacts = {}): SopStatus {
  if (!isApproved(doc)) return 'draft';
  const record = approvalRecord(doc, { facts: facts.evidence, sopRel: facts.sopRel });
  if (!record.bodySha256 || !record.by || !record.date) return 'unrecorded';
  if (bodyHash(doc.text) !== record.bodySha256.toLowerCase()) return 'changed';
  if (record.manifest?.problem) return 'drifted';
  const drift = evidenceChanges(record, facts.evidence, facts.index, facts.root);
  if (drift.some(({ change }) => change.kind === 'missing' || change.kind === 'changed' || change.kind === 'unreadable')) return 'drifted';
  const schedule = reviewSchedule(doc);
  if (schedule.kind === 'scheduled' && isoDay(facts.now ?? new Date()) > schedule.due) return 'review-due';
  return 'approved';
}

/** Why an SOP may not be trusted as it is (for the exports' warning), or undefined when it may. */
export function distrustOf(status: SopStatus): string | undefined {
  switch (status) {
    case 'draft':
      return 'This SOP is not approved yet.';
    case 'unrecorded':
      return 'This SOP says "status: approved" but has no approval record (who approved it, when, and the hash of the approved text), so it is not approved.';
    case 'changed':
      return 'This SOP changed since it was approved.';
    case 'drifted':
      return 'Evidence this SOP was approved against has changed or is gone, or its evidence manifest cannot be trusted.';
    default:
      return undefined;
  }
}
