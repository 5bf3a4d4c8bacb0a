import { posix } from 'node:path';
import { EVIDENCE_COPY_FOLDER } from '../workspace/evidenceCopyFolder';
import { sopStem } from './sopFiles';

/**
 * Where the copies of an SOP's evidence, kept at approval so that a drifted file can be compared with what was
 * approved, sit: the approval writes them there, the drift rule offers a diff against them.
 */

/** Beside the SOP (`sops/.sop-evidence/<sop>/`), at the workspace root (`.sop-evidence/<sop path>/`), or not kept. */
export type EvidenceCopyPlacement = 'besideSop' | 'workspaceRoot' | 'off';

/** The workspace-relative folder holding one SOP's copies; undefined when copies are off. */
export function evidenceCopyRoot(sopRelPath: string, placement: EvidenceCopyPlacement): string | undefined {
  const sop = sopRelPath.replace(/\\/g, '/').replace(/^\.\//, '');
  if (placement === 'off') return undefined;
  if (placement === 'workspaceRoot') return posix.join(EVIDENCE_COPY_FOLDER, sopStem(sop));
  return posix.join(posix.dirname(sop), EVIDENCE_COPY_FOLDER, posix.basename(sopStem(sop)));
}

/** Where the copy of an evidence file goes; undefined when copies are off or the path leaves the workspace. */
export function evidenceCopyPath(sopRelPath: string, placement: EvidenceCopyPlacement, evidenceRelPath: string): string | undefined {
  const root = evidenceCopyRoot(sopRelPath, placement);
  const rel = evidenceRelPath.replace(/\\/g, '/').replace(/^\.\//, '');
  // A `..` kept here once wrote the copy outside the workspace.
  if (!root || leavesWorkspace(rel)) return undefined;
  return posix.join(root, rel);
}

/** True for an evidence path (forward slashes) that is absolute or climbs out of the workspace. */
export function leavesWorkspace(p: string): boolean {
  return p === '..' || p.startsWith('../') || p.startsWith('/') || p.startsWith('~') || /^[a-z]:/i.test(p) || posix.normalize(p).startsWith('../');
}
