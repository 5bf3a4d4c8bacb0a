import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WorkspaceIndex } from '../../src/core/workspace/fileIndex';
import { toPosix } from '../../src/core/workspace/paths';
import { isSkippedFolder } from '../../src/core/workspace/port';

/** A file index of a fixture folder, built synchronously for tests (the product walks through the workspace port). */
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
        if (!isSkippedFolder(e.name)) stack.push(p);
      } else if (e.isFile() || e.isSymbolicLink()) index.addFile(toPosix(p));
    }
  }
  return index;
}
