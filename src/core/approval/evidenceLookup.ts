/**
 * What the linter may know about evidence files on disk, supplied by the editor or the CLI: rules only get
 * a file index, so the facts that show drift (a file's current hash, the copy kept at approval) come in here.
 */
export interface EvidenceLookup {
  /** The file's current hash (and modification time when known), by workspace-relative path; undefined = missing. */
  current(relPath: string): { sha256: string; mtimeMs?: number } | undefined;
  /** The workspace-relative path of the copy kept when the SOP was approved, if one with that hash is kept. */
  approvedCopy?(relPath: string, sha256: string): string | undefined;
  /**
   * Why a listed file is not hashed at all (outside the workspace, not a regular file, too large), in words to
   * show; `current` says undefined for it.
   */
  unreadable?(relPath: string): string | undefined;
}
