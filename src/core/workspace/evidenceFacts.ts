/**
 * What is known about evidence files on disk right now, as data: the editor keeps it current with a file
 * watcher, the command line hashes the files once. Lint rules compare approval records against it.
 */
export type EvidenceFact = { sha256: string; mtimeMs?: number } | { refused: string } | { missing: true };

/** By workspace-relative path, as the SOP lists it. A path not in the map is not known yet (still being hashed). */
export type EvidenceFacts = ReadonlyMap<string, EvidenceFact>;

export function normalEvidencePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
}
