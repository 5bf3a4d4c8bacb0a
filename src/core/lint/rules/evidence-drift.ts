import { isEvidenceCopy } from '../../approval/evidenceCopies';
import { approvalRecord, disabledInFrontMatter, isApproved, markDraftFix } from '../../approval/record';
import { basename, relativeTo, resolve } from '../../workspace/paths';
import type { Fix, Rule, RuleIssue } from '../types';

/** The editor command that opens the approved copy of an evidence file next to the current one. */
export const SHOW_EVIDENCE_CHANGE_COMMAND = 'sopBuilder.showEvidenceChange';
/** The editor command that writes the review report for the SOP (the fix adds the SOP's own address). */
export const REVIEW_COMMAND = 'sopBuilder.review';

export const evidenceDrift: Rule = {
  id: 'evidence-drift',
  aliases: ['evidence-changed'],
  description: 'The evidence files an approved SOP was checked against are still there and unchanged.',
  defaultSeverity: 'warning',
  check(ctx) {
    const { doc, evidence, workspace, filePath } = ctx;
    if (!isApproved(doc)) return [];
    // Without file facts from the editor or CLI, the file index still shows which files are gone.
    const root = workspace?.rootOf(filePath) ?? workspace?.roots[0];
    if (!evidence && !(workspace && root)) return [];
    const record = approvalRecord(doc);
    const since = record.date ? ` since approval on ${record.date}` : ' since approval';
    const ids = ['evidence-drift', 'evidence-changed'];
    const issues: RuleIssue[] = [];
    for (const entry of record.evidence) {
      if (disabledInFrontMatter(doc, ids, entry.range.start.line)) continue;
      // Re-review: back to draft, and the review report that says what to look at (an editor command).
      const markDraft = () =>
        [markDraftFix(doc, 'Re-review: mark the SOP as draft'), { title: 'Review the SOP now (SOP: Review)', edits: [], command: { id: REVIEW_COMMAND, args: [] } }].filter(
          (f): f is Fix => f !== undefined,
        );
      const unreadable = evidence?.unreadable?.(entry.path);
      if (unreadable) {
        issues.push({ range: entry.range, message: `Evidence file "${entry.path}" cannot be compared with what was approved: ${unreadable}. Fix the entry, re-review the SOP and approve it again.`, fixes: markDraft });
        continue;
      }
      const current = evidence ? evidence.current(entry.path) : workspace!.isFile(resolve(root!, entry.path)) ? 'present' : undefined;
      if (current === undefined) {
        const elsewhere = workspace && root ? workspace.withName(basename(entry.path)).map((p) => relativeTo(root, p)).filter((p) => p !== entry.path && !isEvidenceCopy(p)) : [];
        const hint = elsewhere.length > 0 ? ` A file with the same name is at "${elsewhere[0]}": if it was moved there, re-review and approve again.` : '';
        issues.push({
          range: entry.range,
          message: `Evidence file "${entry.path}" is missing${since}: it was deleted, moved or renamed, so the steps that rely on it may no longer work.${hint} Re-review the SOP and approve it again.`,
          fixes: markDraft,
        });
        continue;
      }
      if (current === 'present' || !entry.sha256 || current.sha256.toLowerCase() === entry.sha256) continue;
      const when = current.mtimeMs !== undefined && Number.isFinite(current.mtimeMs) ? ` (last modified ${new Date(current.mtimeMs).toISOString().slice(0, 10)})` : '';
      const approvedHash = entry.sha256;
      issues.push({
        range: entry.range,
        message: `Evidence file "${entry.path}" changed${since}${when}: the work it shows may be done differently now. Re-review the SOP against it and approve it again.`,
        fixes: (): Fix[] => {
          const fixes = markDraft();
          const copy = evidence?.approvedCopy?.(entry.path, approvedHash);
          if (copy !== undefined) {
            fixes.push({
              title: `Show what changed in ${entry.path}`,
              edits: [],
              command: { id: SHOW_EVIDENCE_CHANGE_COMMAND, args: [{ path: entry.path, approvedSha256: approvedHash, copy }] },
            });
          }
          return fixes;
        },
      });
    }
    return issues;
  },
};
