import { approvalBlockers, approvalEdits, type ApprovalBlocker } from '../approval/approve';
import { hashForApproval, keepEvidenceCopies, type HashedEvidence, type KeptCopies } from '../approval/evidenceFiles';
import type { SensitiveRules } from '../evidence/sensitive';
import { stringsOf } from '../sop/frontMatter';
import { openItems } from '../sop/openItems';
import { bodyHash } from '../sop/approvalRecord';
import type { EvidenceCopyPlacement } from '../sop/evidenceCopyPaths';
import { applyEdits } from '../text/applyEdits';
import type { TextEdit } from '../text/range';
import { readTextIfExists, writeText, type Workspace } from '../workspace/port';
import { resolveInside } from '../workspace/inside';
import { basename } from '../workspace/paths';
import { manifestDigest, manifestPathFor, manifestRef, manifestRefText, MAX_MANIFEST_BYTES, parseManifest, renderManifest } from '../sop/evidenceManifest';
import type { SopContext } from './sop';
import { identifySteps } from '../runs/stepIdentity';

/** What refuses an approval unless the approver accepts it: every error finding, and what the draft leaves open. */
export function approvalBlockersOf(sop: SopContext): ApprovalBlocker[] {
  return approvalBlockers(sop.lint.issues, openItems(sop.doc));
}

/** Who the SOP names as its approver: what the question is prefilled with. */
export function suggestedApprover(sop: SopContext): string {
  return stringsOf(sop.doc.frontMatter.data.approver)[0] ?? '';
}

/** The evidence files the SOP lists: its evidence manifest's, else the older front-matter list, as written. */
export async function listedEvidence(ws: Workspace, sop: SopContext): Promise<{ paths: string[]; manifest?: string }> {
  const data = sop.doc.frontMatter.data;
  const ref = manifestRef(data.evidence, sop.relPath);
  if (ref && 'problem' in ref)
    throw new Error(
      `Cannot record the approval: the front matter's "evidence: ${String(data.evidence).trim()}" ${ref.problem.replace(/^"[^"]*" /, '')}. Name the evidence manifest beside the SOP, then approve again.`,
    );
  if (ref) {
    const text = await readManifest(ws, sop, ref.path);
    const manifest = parseManifest(text);
    if (manifest.problem)
      throw new Error(
        `Cannot record the approval: the evidence manifest ${ref.path} ${manifest.problem}. Fix it (or restore it from version control), then approve again.`,
      );
    return { paths: manifest.files.map((f) => f.path), manifest: ref.path };
  }
  const list = data.evidence;
  return {
    paths: (Array.isArray(list) ? list : [])
      .map((e: unknown) => (e && typeof e === 'object' ? (e as { path?: unknown }).path : undefined))
      .filter((p): p is string => typeof p === 'string'),
  };
}

async function readManifest(ws: Workspace, sop: SopContext, rel: string): Promise<string> {
  const where = await resolveInside(sop.root, rel, ws.realPath);
  const missing = `Cannot record the approval: the evidence manifest ${rel} named in the front matter`;
  if (!where.inside) throw new Error(`${missing} is refused (${where.reason}). Name a manifest inside the workspace, then approve again.`);
  const text = where.exists ? await readTextIfExists(ws, where.real, MAX_MANIFEST_BYTES) : undefined;
  if (text === undefined)
    throw new Error(`${missing} is missing. Restore it from version control, or remove the "evidence:" line to approve without evidence.`);
  return text;
}

/**
 * Where the approval writes the manifest: the one the SOP names, else `<sop>.evidence.yaml` beside it when that is
 * free or already this SOP's manifest, else `<sop>-2.evidence.yaml` and so on: another file is never replaced.
 */
async function manifestTarget(ws: Workspace, sop: SopContext, named: string | undefined): Promise<{ rel: string; abs: string; overwrite: boolean }> {
  const candidates = named ? [named] : Array.from({ length: 20 }, (_, i) => manifestPathFor(sop.relPath, i + 1));
  for (const rel of candidates) {
    const where = await resolveInside(sop.root, rel, ws.realPath);
    if (!where.inside) throw new Error(`Cannot record the approval: the evidence manifest ${rel} is refused (${where.reason}).`);
    if (!where.exists) return { rel, abs: where.abs, overwrite: false };
    const text = await readTextIfExists(ws, where.real, MAX_MANIFEST_BYTES).catch(() => undefined);
    const mine = text !== undefined && !parseManifest(text).problem && (named !== undefined || parseManifest(text).sop === basename(sop.relPath));
    if (mine) return { rel, abs: where.real, overwrite: true };
    if (named) throw new Error(`Cannot record the approval: ${rel} is not an evidence manifest SOP Builder can rewrite. Move it away, then approve again.`);
  }
  throw new Error(
    `Cannot record the approval: the folder of ${sop.relPath} holds too many files named like its evidence manifest. Move some away, then approve again.`,
  );
}

export interface ApprovalPlan {
  approver: string;
  /** The edits that record the approval in the front matter, and the text they make. */
  edits: TextEdit[];
  text: string;
  /** The evidence manifest to write before the SOP is saved (none when the SOP lists no evidence). */
  manifest?: { rel: string; abs: string; text: string; overwrite: boolean };
  /** Evidence recorded with its hash; listed files that are gone; files not recorded, and why. */
  recorded: Array<{ path: string; bytes: number; sha256: string }>;
  gone: string[];
  refused: string[];
  hashed: Map<string, HashedEvidence>;
}

/**
 * Records an approval: hashes every listed evidence file as it is now (keeping the bytes of those small enough
 * to copy), writes their hashes to the evidence manifest beside the SOP (moving an older inline list there) and
 * makes the front-matter edits. Throws with what to do when the front matter or the manifest cannot hold it.
 */
export async function planApproval(ws: Workspace, sop: SopContext, o: { approver: string; date: string }): Promise<ApprovalPlan> {
  const approver = o.approver.trim();
  if (!approver) throw new Error('Say who approves the SOP, by name and role.');
  const listed = await listedEvidence(ws, sop);
  const hashed = await hashForApproval(sop.root, listed.paths, ws);
  const recorded = listed.paths.flatMap((path) => {
    const h = hashed.get(path);
    return h?.status === 'hashed' ? [{ path, bytes: h.bytes, sha256: h.sha256 }] : [];
  });
  const gone = listed.paths.filter((p) => hashed.get(p)?.status === 'missing');
  const refused = listed.paths.flatMap((p) => {
    const h = hashed.get(p);
    return h?.status === 'refused' ? [`${p} (${h.reason})`] : [];
  });
  const hasList = listed.manifest !== undefined || sop.doc.frontMatter.data.evidence !== undefined;
  const target = hasList ? await manifestTarget(ws, sop, listed.manifest) : undefined;
  const manifest = target && { ...target, text: renderManifest(sop.relPath, recorded, { by: approver, date: o.date }) };
  const edits = approvalEdits(sop.doc, {
    approver,
    date: o.date,
    evidence: recorded,
    bodySha256: bodyHash(sop.text),
    manifest: target && { ref: manifestRefText(target.rel, sop.relPath), digest: manifestDigest(recorded) },
    stepIds: identifySteps(sop.doc).map((s) => s.id),
  });
  return { approver, edits, text: applyEdits(sop.text, edits), manifest, recorded, gone, refused, hashed };
}

/** Writes the approval's evidence manifest (before the SOP is saved, so a saved approval always has it). */
export async function writeApprovalManifest(ws: Workspace, plan: ApprovalPlan): Promise<void> {
  if (plan.manifest) await writeText(ws, plan.manifest.abs, plan.manifest.text, { overwrite: plan.manifest.overwrite });
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
  const manifest = plan.manifest ? ` Hashes written to ${plan.manifest.rel} (commit it with the SOP).` : '';
  const notCopied = kept.notCopied.length ? ` ${kept.notCopied.length} file(s) not copied, only hashed.` : '';
  return `Approved by ${plan.approver}: ${plan.recorded.length} evidence file(s) recorded.${manifest}${copies}${notCopied}${note}${notRecorded}`;
}
