import { isEvidenceCopy } from '../../workspace/evidenceCopyFolder';
import { approvalRecord, isApproved, type ApprovalRecord, type ApprovedEvidence } from '../../sop/approvalRecord';
import { markDraftFix } from '../edits';
import { evidenceCopyPath } from '../../sop/evidenceCopyPaths';
import { normalEvidencePath, type EvidenceFacts } from '../../workspace/evidenceFacts';
import type { WorkspaceIndex } from '../../workspace/fileIndex';
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
  docs: {
    summary: 'The evidence behind an approved SOP has not moved',
    fixable: true,
    failing: {
      caption: 'one finding: `scripts/clean-sales.py` is missing since approval',
      sop: `---
title: Monthly sales report
status: approved
approval:
  by: Priya Nair
  date: 2026-11-02
  evidence:
    - path: scripts/clean-sales.py
      sha256: 9b74c9897bac770ffc029102a200c5de3a1e3d1a5b8b3c9f6a2b1d0e4f5a6b7c
    - path: exports/2026-10/shopify-orders.csv
      sha256: 1e4f0a3b5c7d9e2f4a6b8c0d1e3f5a7b9c2d4e6f8a0b1c3d5e7f9a2b4c6d8e0f
---

# Monthly sales report
`,
    },
    passing: {
      sop: `---
title: Monthly sales report
status: approved
approval:
  by: Priya Nair
  date: 2026-11-02
  evidence:
    - path: scripts/clean_sales.py
      sha256: 9b74c9897bac770ffc029102a200c5de3a1e3d1a5b8b3c9f6a2b1d0e4f5a6b7c
    - path: exports/2026-10/shopify-orders.csv
      sha256: 1e4f0a3b5c7d9e2f4a6b8c0d1e3f5a7b9c2d4e6f8a0b1c3d5e7f9a2b4c6d8e0f
---

# Monthly sales report
`,
    },
  },
  check(ctx) {
    const { doc, workspace, filePath } = ctx;
    if (!isApproved(doc)) return [];
    const root = ctx.root ?? workspace?.rootOf(filePath) ?? workspace?.roots[0];
    const sopRel = root ? relativeTo(root, filePath) : undefined;
    const record = approvalRecord(doc, { facts: ctx.evidence, sopRel });
    const since = record.date ? ` since approval on ${record.date}` : ' since approval';
    const issues: RuleIssue[] = [];
    const manifest = record.manifest;
    if (manifest?.problem) {
      const what =
        manifest.problem === 'missing'
          ? `is missing${since}: it holds the hashes the evidence is compared with. Restore it from version control, or re-review the SOP and approve it again`
          : `${manifest.notFollowed ? 'cannot be followed' : 'cannot be trusted'}: ${manifest.problem}. Restore it from version control, or re-review the SOP and approve it again`;
      issues.push({
        range: manifest.range,
        message: `The evidence manifest "${manifest.path}" ${what}.`,
        fixes: () => [markDraftFix(doc, 'Re-review: mark the SOP as draft')].filter((f): f is Fix => f !== undefined),
      });
    }
    for (const { entry, change } of evidenceChanges(record, ctx.evidence, workspace, root)) {
      // Re-review: back to draft, and the review report that says what to look at (an editor command).
      const markDraft = () =>
        [
          markDraftFix(doc, 'Re-review: mark the SOP as draft'),
          { title: 'Review the SOP now (SOP: Review)', edits: [], command: { id: REVIEW_COMMAND, args: [] } },
        ].filter((f): f is Fix => f !== undefined);
      if (change.kind === 'unreadable') {
        issues.push({
          range: entry.range,
          message: `Evidence file "${entry.path}" cannot be compared with what was approved: ${change.reason}. Fix the entry, re-review the SOP and approve it again.`,
          fixes: markDraft,
        });
        continue;
      }
      if (change.kind === 'missing') {
        const elsewhere =
          workspace && root
            ? workspace
                .withName(basename(entry.path))
                .map((p) => relativeTo(root, p))
                .filter((p) => p !== entry.path && !isEvidenceCopy(p))
            : [];
        const hint = elsewhere.length > 0 ? ` A file with the same name is at "${elsewhere[0]}": if it was moved there, re-review and approve again.` : '';
        issues.push({
          range: entry.range,
          message: `Evidence file "${entry.path}" is missing${since}: it was deleted, moved or renamed, so the steps that rely on it may no longer work.${hint} Re-review the SOP and approve it again.`,
          fixes: markDraft,
        });
        continue;
      }
      if (change.kind !== 'changed' || !entry.sha256) continue;
      const current = change;
      const when =
        current.mtimeMs !== undefined && Number.isFinite(current.mtimeMs) ? ` (last modified ${new Date(current.mtimeMs).toISOString().slice(0, 10)})` : '';
      const approvedHash = entry.sha256;
      issues.push({
        range: entry.range,
        message: `Evidence file "${entry.path}" changed${since}${when}: the work it shows may be done differently now. Re-review the SOP against it and approve it again.`,
        fixes: (): Fix[] => {
          const fixes = markDraft();
          const copy = sopRel === undefined ? undefined : evidenceCopyPath(sopRel, ctx.evidenceCopies ?? 'off', entry.path);
          const kept = copy === undefined ? undefined : ctx.evidence?.get(copy);
          if (copy !== undefined && kept && 'sha256' in kept && kept.sha256.toLowerCase() === approvedHash) {
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

export type EvidenceChange =
  | { kind: 'unchanged' }
  /** Not hashed yet: the editor hashes it and lints again. */
  | { kind: 'unknown' }
  | { kind: 'missing' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'changed'; sha256: string; mtimeMs?: number };

/**
 * Each recorded evidence file against what is on disk now: from the facts when there are any, else from the
 * file index (which shows deletions only). The drift rule and the approval status both decide from this.
 */
export function evidenceChanges(
  record: ApprovalRecord,
  facts: EvidenceFacts | undefined,
  index?: WorkspaceIndex,
  root?: string,
): Array<{ entry: ApprovedEvidence; change: EvidenceChange }> {
  if (!facts && !(index && root)) return [];
  return record.evidence.map((entry) => {
    if (!facts) return { entry, change: index!.isFile(resolve(root!, entry.path)) ? { kind: 'unchanged' } : { kind: 'missing' } };
    const fact = facts.get(normalEvidencePath(entry.path));
    if (!fact) return { entry, change: { kind: 'unknown' } };
    if ('refused' in fact) return { entry, change: { kind: 'unreadable', reason: fact.refused } };
    if ('missing' in fact) return { entry, change: { kind: 'missing' } };
    if (!entry.sha256 || fact.sha256.toLowerCase() === entry.sha256) return { entry, change: { kind: 'unchanged' } };
    return { entry, change: { kind: 'changed', sha256: fact.sha256, mtimeMs: fact.mtimeMs } };
  });
}
