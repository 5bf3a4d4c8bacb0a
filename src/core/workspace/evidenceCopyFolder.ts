/**
 * Copies of the evidence as it was at approval live in a folder with this fixed name, wherever it sits (beside
 * the SOP or at the workspace root), so that evidence collection, the SOP finder and the path hints can always
 * leave it out without knowing the approval settings.
 */
export const EVIDENCE_COPY_FOLDER = '.sop-evidence';

/** True for a path inside any evidence-copy folder (workspace-relative or absolute, either slash). */
export function isEvidenceCopy(path: string): boolean {
  return path.replace(/\\/g, '/').split('/').includes(EVIDENCE_COPY_FOLDER);
}
