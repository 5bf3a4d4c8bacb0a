import { approvalBlockers, approvalEdits, type ApprovalBlocker } from '../approval/approve';
import { hashForApproval, keepEvidenceCopies, type HashedEvidence, type KeptCopies } from '../approval/evidenceFiles';
import type { SensitiveRules } from '../evidence/sensitive';
import { stringsOf } from '../sop/frontMatter';
import { openItems } from '../sop/openItems';
import { bodyHash } from '../sop/approvalRecord';
import type { EvidenceCopyPlacement } from '../sop/evidenceCopyPaths';
import { applyEdits } from '../text/applyEdits';
import type { TextEdit } from '../text/range';
import type { Workspace } from '../workspace/port';
import type { SopContext } from './sop';

/** What refuses an approval unless the approver accepts it: every error finding, and what the draft leaves open. */
export function approvalBlockersOf(sop: SopContext): ApprovalBlocker[] {
  return approvalBlockers(sop.lint.issues, openItems(sop.doc));
}

/** Who the SOP names as its approver: what the question is prefilled with. */
export function suggestedApprover(sop: SopContext): string {
  return stringsOf(sop.doc.frontMatter.data.approver)[0] ?? '';
}

/** The evidence files the draft listed (front matter `evidence:`), as written. */
export function listedEvidence(sop: SopContext): string[] {
  const list = sop.doc.frontMatter.data.evidence;
  return (Array.isArray(list) ? list : [])
    .map((e: unknown) => (e && typeof e === 'object' ? (e as { path?: unknown }).path : undefined))
    .filter((p): p is string => typeof p === 'string');
}

export interface ApprovalPlan {
  approver: string;
  /** The edits that record the approval in the front matter, and the text they make. */
  edits: TextEdit[];
  text: string;
  /** Evidence recorded with its hash; listed files that are gone; files not recorded, and why. */
  recorded: Array<{ path: string; bytes: number; sha256: string }>;
  gone: string[];
  refused: string[];
  hashed: Map<string, HashedEvidence>;
}

/**
 * Records an approval: hashes every listed evidence file as it is now (keeping the bytes of those small enough
 * to copy) and makes the front-matter edits. Throws with what to do when the front matter cannot hold it.
 */
export async function planApproval(ws: Workspace, sop: SopContext, o: { approver: string; date: string }): Promise<ApprovalPlan> {
  const approver = o.approver.trim();
  if (!approver) throw new Error('Say who approves the SOP, by name and role.');
  const listed = listedEvidence(sop);
  const hashed = await hashForApproval(sop.root, listed, ws);
  const recorded = listed.flatMap((path) => {
    const h = hashed.get(path);
    return h?.status === 'hashed' ? [{ path, bytes: h.bytes, sha256: h.sha256 }] : [];
  });
  const gone = listed.filter((p) => hashed.get(p)?.status === 'missing');
  const refused = listed.flatMap((p) => {
    const h = hashed.get(p);
    return h?.status === 'refused' ? [`${p} (${h.reason})`] : [];
  });
  const edits = approvalEdits(sop.doc, { approver, date: o.date, evidence: recorded, bodySha256: bodyHash(sop.text) });
  return { approver, edits, text: applyEdits(sop.text, edits), recorded, gone, refused, hashed };
}

/** After the approved text is saved: keeps copies of the evidence as approved, where the setting says. */
export function keepApprovedCopies(
  ws: Workspace,
  sop: SopContext,
  plan: ApprovalPlan,
  placement: EvidenceCopyPlacement,
  sensitive?: SensitiveRules,
): Promise<KeptCopies> {
  return keepEvidenceCopies(sop.root, sop.relPath, placement, plan.hashed, ws, sensitive);
}

/** One sentence for the person, on what was recorded and kept. */
export function approvalSummary(plan: ApprovalPlan, kept: KeptCopies): string {
  const note = plan.gone.length ? ` ${plan.gone.length} listed evidence file(s) no longer exist and were not recorded: ${plan.gone.join(', ')}.` : '';
  const notRecorded = plan.refused.length ? ` Not recorded: ${plan.refused.join('; ')}.` : '';
  const copies = kept.folder ? ` Copies kept in ${kept.folder} (commit them with the SOP).` : '';
  const notCopied = kept.notCopied.length ? ` ${kept.notCopied.length} file(s) not copied, only hashed.` : '';
  return `Approved by ${plan.approver}: ${plan.recorded.length} evidence file(s) recorded.${copies}${notCopied}${note}${notRecorded}`;
}
