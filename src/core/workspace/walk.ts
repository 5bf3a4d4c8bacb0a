import { WorkspaceIndex, type LookUnlisted } from './fileIndex';
import {
  childIgnoredBy,
  folderNeedsFullCheck,
  IGNORE_FILES,
  ignoredBy,
  loadIgnoreLevel,
  newIgnoreAllowance,
  type IgnoreAllowance,
  type IgnoreLevel,
} from './ignoreFiles';
import { FolderReader } from './listAhead';
import { isSkippedFolder, type Workspace, type WorkspaceEvent } from './port';
import { isInside, relativeTo, toPosix } from './paths';

/**
 * Walks the workspace folders into an index of their files, as git sees them: the skipped folders (the
 * editor's list) and what .gitignore/.sopignore ignore are left out of the listing, but recorded as there
 * (`addUnlisted`), so a path an SOP names inside them is not reported missing. Links are listed, not followed;
 * unreadable folders are skipped. `look` answers for paths inside ignored folders (the CLI stats them).
 */
export async function indexWorkspace(ws: Workspace, signal?: AbortSignal, look?: LookUnlisted): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex([...ws.roots], [], look);
  for (const root of ws.roots) {
    await walk(
      ws,
      { root, start: root, ignoreFiles: true, signal },
      (path) => index.addFile(path),
      (path, type) => index.addUnlisted(path, type),
    );
  }
  return index;
}

/** Every file under `dir` (and links, which are not followed), outside the skipped folders; ignore files are not read. */
export async function walkFiles(ws: Workspace, dir: string, onFile: (absPath: string) => void, signal?: AbortSignal): Promise<void> {
  await walk(ws, { root: toPosix(dir), start: toPosix(dir), ignoreFiles: false, signal }, onFile);
}

/**
 * Every file under `dir` that git would show: outside the skipped folders and not ignored by the .gitignore and
 * .sopignore files from `root` down. A folder named that is itself ignored is walked (it was asked for), with
 * the ignore files inside it.
 */
export async function walkUnignoredFiles(ws: Workspace, root: string, dir: string, onFile: (absPath: string) => void, signal?: AbortSignal): Promise<void> {
  await walk(ws, { root: toPosix(root), start: toPosix(dir), ignoreFiles: true, signal }, onFile);
}

interface WalkPlan {
  root: string;
  start: string;
  ignoreFiles: boolean;
  signal?: AbortSignal;
}

interface Folder {
  abs: string;
  rel: string;
  levels: IgnoreLevel[];
}

async function walk(
  ws: Workspace,
  plan: WalkPlan,
  onFile: (absPath: string) => void,
  onIgnored?: (absPath: string, type: 'file' | 'directory') => void,
): Promise<void> {
  const reader = new FolderReader(ws);
  const allowance = newIgnoreAllowance();
  const startRel = plan.start === plan.root || !isInside(plan.root, plan.start) ? '' : relativeTo(plan.root, plan.start);
  let levels = plan.ignoreFiles && startRel ? await ancestorLevels(ws, plan.root, startRel, allowance) : [];
  if (startRel && ignoredBy(levels, startRel, true)) levels = [];
  const stack: Folder[] = [{ abs: plan.start, rel: startRel, levels }];
  while (stack.length > 0) {
    if (plan.signal?.aborted) return;
    const folder = stack.pop()!;
    const entries = await reader.list(folder.abs).catch(() => []);
    const here = plan.ignoreFiles ? await withIgnoreFiles(ws, folder, entries, allowance) : folder.levels;
    const slow = plan.ignoreFiles && folderNeedsFullCheck(here, folder.rel);
    const prefix = folder.rel ? `${folder.rel}/` : '';
    for (const e of entries) {
      const isDir = e.type === 'directory';
      if (isDir && isSkippedFolder(e.name)) continue;
      if (!isDir && e.type !== 'file' && e.type !== 'symlink') continue;
      if (here.length > 0 || slow) {
        const rel = prefix + e.name;
        if (slow ? ignoredBy(here, rel, isDir) : childIgnoredBy(here, rel, e.name, isDir)) {
          onIgnored?.(e.absPath, isDir ? 'directory' : 'file');
          continue;
        }
      }
      if (!isDir) onFile(e.absPath);
      else {
        reader.readAhead(e.absPath);
        stack.push({ abs: e.absPath, rel: prefix + e.name, levels: here });
      }
    }
  }
}

/** The folder's rules with its own ignore files added, when it has any. */
async function withIgnoreFiles(ws: Workspace, folder: Folder, entries: { name: string }[], allowance: IgnoreAllowance): Promise<IgnoreLevel[]> {
  const present = new Set<string>();
  for (const e of entries) if ((IGNORE_FILES as readonly string[]).includes(e.name)) present.add(e.name);
  if (present.size === 0) return folder.levels;
  const level = await loadIgnoreLevel(ws, folder.abs, folder.rel, present, allowance);
  return level ? [...folder.levels, level] : folder.levels;
}

/** The ignore rules of the folders from `root` down to (not including) `rel`. */
async function ancestorLevels(ws: Workspace, root: string, rel: string, allowance: IgnoreAllowance): Promise<IgnoreLevel[]> {
  const parts = rel.split('/');
  const levels: IgnoreLevel[] = [];
  for (let i = 0; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    const level = await loadIgnoreLevel(ws, dir ? `${root === '/' ? '' : root}/${dir}` : root, dir, undefined, allowance);
    if (level) levels.push(level);
  }
  return levels;
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
