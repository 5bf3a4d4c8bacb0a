/**
 * What is known about evidence files on disk right now, as data: the editor keeps it current with a file
 * watcher, the command line hashes the files once. Lint rules compare approval records against it.
 */
export type EvidenceFact =
  /** `text`: an evidence manifest's own text, read with its hash (other files are only hashed). */
  { sha256: string; mtimeMs?: number; text?: string } | { refused: string } | { missing: true };

/** By workspace-relative path, as the SOP lists it. A path not in the map is not known yet (still being hashed). */
export type EvidenceFacts = ReadonlyMap<string, EvidenceFact>;

export function normalEvidencePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
}
