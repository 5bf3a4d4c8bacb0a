import { existsSync, readdirSync, statSync } from 'node:fs';
import { readHeadSync } from '../node/localDisk';
import { join, resolve } from 'node:path';
import { WorkspaceIndex } from '../core/workspace/fileIndex';
import { toPosix } from '../core/workspace/paths';

/** Folders the file index never descends into. */
export const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.hg', '.svn']);

/** Walks a workspace folder into an index of its files. Unreadable folders are skipped, links are not followed. */
export function indexFolder(root: string): WorkspaceIndex {
  const abs = resolve(root);
  const index = new WorkspaceIndex([toPosix(abs)]);
  const stack = [abs];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(e.name)) stack.push(p);
      } else if (e.isFile() || e.isSymbolicLink()) {
        index.addFile(toPosix(p));
      }
    }
  }
  return index;
}

/** SOPs, configs and skill files are text someone wrote: far below this. A larger one is refused, not read. */
export const MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024;

/**
 * The text of a regular file, or undefined when there is none (missing, a folder, a pipe or device). Throws with
 * what to do when the file is larger than MAX_TEXT_FILE_BYTES, so a huge file is never read into memory.
 */
export function readTextIfExists(path: string): string | undefined {
  let size: number;
  try {
    if (!existsSync(path)) return undefined;
    const st = statSync(path);
    if (!st.isFile()) return undefined;
    size = st.size;
  } catch {
    return undefined;
  }
  if (size > MAX_TEXT_FILE_BYTES) {
    throw new Error(`${path} is ${(size / 1024 / 1024).toFixed(0)} MB, over the ${MAX_TEXT_FILE_BYTES / 1024 / 1024} MB limit for an SOP, config or skill file: not read. Check that the path names the file you meant`);
  }
  try {
    const bytes = readHeadSync(path, MAX_TEXT_FILE_BYTES + 1);
    if (bytes.byteLength > MAX_TEXT_FILE_BYTES) throw new Error(`${path} grew past the ${MAX_TEXT_FILE_BYTES / 1024 / 1024} MB limit while it was read: not read. Wait until whatever writes it has finished, then run the command again`);
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  } catch (e) {
    if (e instanceof Error && e.message.includes('MB limit')) throw e;
    return undefined;
  }
}

export { createNodeEvidenceDisk, forEachChunkSync, readHeadSync } from '../node/localDisk';
