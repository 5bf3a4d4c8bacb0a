import { readdirSync, statSync, readFileSync, existsSync } from 'node:fs';
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

export function readTextIfExists(path: string): string | undefined {
  try {
    return existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
