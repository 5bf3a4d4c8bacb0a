import { posix } from 'node:path';
import { createSensitiveRules } from '../evidence/sensitive';
import { sopStem } from '../sop/sopFiles';

/**
 * Copies of the evidence as it was at approval, kept in a folder the team can commit so that a drifted file
 * can be compared with what was approved. The folder's name is fixed so that evidence collection, the SOP
 * finder and the path hints can always leave it out; where it sits is configurable.
 */
export const EVIDENCE_COPY_FOLDER = '.sop-evidence';

/** Beside the SOP (`sops/.sop-evidence/<sop>/`), at the workspace root (`.sop-evidence/<sop path>/`), or not kept. */
export type EvidenceCopyPlacement = 'besideSop' | 'workspaceRoot' | 'off';

/** Copies are for reading a diff, not an archive: large exports are not duplicated. */
export const MAX_COPIED_BYTES = 5 * 1024 * 1024;

/** The workspace-relative folder holding one SOP's copies; undefined when copies are off. */
export function evidenceCopyRoot(sopRelPath: string, placement: EvidenceCopyPlacement): string | undefined {
  const sop = sopRelPath.replace(/\\/g, '/').replace(/^\.\//, '');
  if (placement === 'off') return undefined;
  if (placement === 'workspaceRoot') return posix.join(EVIDENCE_COPY_FOLDER, sopStem(sop));
  return posix.join(posix.dirname(sop), EVIDENCE_COPY_FOLDER, posix.basename(sopStem(sop)));
}

export function evidenceCopyPath(sopRelPath: string, placement: EvidenceCopyPlacement, evidenceRelPath: string): string | undefined {
  const root = evidenceCopyRoot(sopRelPath, placement);
  return root && posix.join(root, evidenceRelPath.replace(/\\/g, '/').replace(/^\.\//, ''));
}

/** True for a path inside any evidence-copy folder (workspace-relative or absolute, forward slashes). */
export function isEvidenceCopy(path: string): boolean {
  return path.replace(/\\/g, '/').split('/').includes(EVIDENCE_COPY_FOLDER);
}

const sensitive = createSensitiveRules();

/**
 * Whether an evidence file may be copied: never a sensitive file (someone may have listed `.env` by hand),
 * never one outside the workspace, never a huge one. Returns the reason when not.
 */
export function copyRefusal(evidenceRelPath: string, bytes: number): string | undefined {
  const p = evidenceRelPath.replace(/\\/g, '/');
  if (p.startsWith('../') || p.startsWith('/') || /^[a-z]:/i.test(p)) return 'outside the workspace';
  const why = sensitive.reasonFor(p);
  if (why) return why;
  if (bytes > MAX_COPIED_BYTES) return `larger than ${MAX_COPIED_BYTES / 1024 / 1024} MB`;
  return undefined;
}
