/**
 * The one door through which core reaches files: `vscode.workspace.fs` in the editor (so remote workspaces
 * work), `node:fs` in the `sop` command line. Paths are absolute with forward slashes. Every use case, the
 * evidence walker, approval and the exports read and write through this and nothing else.
 */

export type FileType = 'file' | 'directory' | 'symlink' | 'other';

/** One folder entry, or a stat result. */
export interface FsEntry {
  /** Absolute path, forward slashes. */
  absPath: string;
  name: string;
  type: FileType;
  /** 0 in a folder listing (types only): stat a file to learn its size. */
  size: number;
  mtimeMs: number;
}

export interface Workspace {
  /** The workspace folders, absolute with forward slashes; paths outside them are never written. */
  readonly roots: readonly string[];
  /** Entries of a folder, types only; links are reported as 'symlink', not followed. */
  list(absPath: string): Promise<FsEntry[]>;
  /** Follows links. Throws when nothing is there. */
  stat(absPath: string): Promise<FsEntry>;
  /** The path with links resolved; throws when nothing is there. Where links cannot be seen, the path itself. */
  realPath(absPath: string): Promise<string>;
  /** A regular file's bytes, at most `maxBytes` when given. Never opens a pipe or device. */
  read(absPath: string, maxBytes?: number): Promise<Uint8Array>;
  /** A regular file's bytes from the start, in chunks, stopping after `maxBytes` at the latest. */
  readChunks(absPath: string, maxBytes: number): AsyncIterable<Uint8Array>;
  exists(absPath: string): Promise<boolean>;
  /**
   * Writes a file, creating its folders. Without `overwrite` it fails when the file exists (and never follows a
   * link that appeared there), so nothing a person wrote is replaced by accident.
   */
  write(absPath: string, data: Uint8Array, options?: { overwrite?: boolean }): Promise<void>;
  /**
   * Adds bytes at the end of an existing regular file in one write, never through a link: what others appended
   * meanwhile stays (run logs are written by a person, a script and an automation at once). Absent where the
   * file system cannot append; callers then rewrite the file, checking nobody added to it.
   */
  append?(absPath: string, data: Uint8Array): Promise<void>;
  /** Removes a file or a folder with what is in it (links themselves, not their targets); no error when it is not there. */
  remove(absPath: string): Promise<void>;
}

/** What a file watcher saw, as data: the editor turns its events into these, and core keeps its indexes with them. */
export interface WorkspaceEvent {
  kind: 'created' | 'changed' | 'deleted';
  /** Absolute path, forward slashes. */
  path: string;
}

/** Folders no command reads into: version control data and installed packages. The one list, for every walk. */
export const SKIPPED_FOLDERS: readonly string[] = ['.git', '.hg', '.svn', 'node_modules'];

export function isSkippedFolder(name: string): boolean {
  return SKIPPED_FOLDERS.includes(name);
}

/** A glob that leaves the skipped folders out, for hosts that search by glob (the editor's findFiles). */
export function skippedFoldersGlob(): string {
  return `**/{${SKIPPED_FOLDERS.join(',')}}/**`;
}

export async function readText(ws: Workspace, absPath: string, maxBytes?: number): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await ws.read(absPath, maxBytes));
}

export async function writeText(ws: Workspace, absPath: string, text: string, options?: { overwrite?: boolean }): Promise<void> {
  await ws.write(absPath, new TextEncoder().encode(text), options);
}

/** The text of a regular file, or undefined when there is none (missing, a folder); throws when it is over `maxBytes`. */
export async function readTextIfExists(ws: Workspace, absPath: string, maxBytes: number): Promise<string | undefined> {
  let st: FsEntry;
  try {
    st = await ws.stat(absPath);
  } catch {
    return undefined;
  }
  if (st.type !== 'file') return undefined;
  if (st.size > maxBytes) {
    throw new Error(
      `${absPath} is ${(st.size / 1024 / 1024).toFixed(0)} MB, over the ${maxBytes / 1024 / 1024} MB limit for an SOP, config or skill file: not read. Check that the path names the file you meant`,
    );
  }
  const bytes = await ws.read(absPath, maxBytes + 1).catch(() => undefined);
  if (bytes === undefined) return undefined;
  if (bytes.byteLength > maxBytes)
    throw new Error(
      `${absPath} grew past the ${maxBytes / 1024 / 1024} MB limit while it was read: not read. Wait until whatever writes it has finished, then run the command again`,
    );
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}
