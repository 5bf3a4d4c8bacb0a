import { WorkspaceIndex } from './fileIndex';
import { isSkippedFolder, type Workspace, type WorkspaceEvent } from './port';
import { isInside, toPosix } from './paths';

/**
 * Walks the workspace folders into an index of their files (links are listed, not followed; unreadable folders
 * are skipped). The editor lists through its own search instead, with the same skipped folders.
 */
export async function indexWorkspace(ws: Workspace, signal?: AbortSignal): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex([...ws.roots]);
  for (const root of ws.roots) await walkFiles(ws, root, (path) => index.addFile(path), signal);
  return index;
}

/** Every file under `dir` (and links, which are not followed), outside the skipped folders. */
export async function walkFiles(ws: Workspace, dir: string, onFile: (absPath: string) => void, signal?: AbortSignal): Promise<void> {
  const stack = [toPosix(dir)];
  while (stack.length > 0) {
    if (signal?.aborted) return;
    const folder = stack.pop()!;
    const entries = await ws.list(folder).catch(() => []);
    for (const e of entries) {
      if (e.type === 'directory') {
        if (!isSkippedFolder(e.name)) stack.push(e.absPath);
      } else if (e.type === 'file' || e.type === 'symlink') onFile(e.absPath);
    }
  }
}

/** Keeps an index current with what a file watcher saw; a created folder is walked. */
export async function applyWorkspaceEvents(ws: Workspace, index: WorkspaceIndex, events: WorkspaceEvent[]): Promise<void> {
  for (const e of events) {
    if (!index.roots.some((r) => isInside(r, e.path)) || e.path.split('/').some(isSkippedFolder)) continue;
    if (e.kind === 'deleted') {
      index.remove(e.path);
      continue;
    }
    const st = await ws.stat(e.path).catch(() => undefined);
    if (!st) continue;
    if (st.type === 'directory') await walkFiles(ws, e.path, (p) => index.addFile(p));
    else index.addFile(e.path);
  }
}
