import * as vscode from 'vscode';
import type { FileType, FsEntry, Workspace, WorkspaceEvent } from '../core/workspace/port';
import { toPosix } from '../core/workspace/paths';
import { createNodeWorkspace } from '../node/nodeWorkspace';

function typeOf(t: vscode.FileType): FileType {
  if (t & vscode.FileType.SymbolicLink) return 'symlink';
  if (t & vscode.FileType.Directory) return 'directory';
  if (t & vscode.FileType.File) return 'file';
  return 'other';
}

/** The workspace folder as core's paths see it. */
export function workspaceRoot(folder: vscode.Uri): string {
  return folder.scheme === 'file' ? toPosix(folder.fsPath) : folder.path;
}

/** A core path of this workspace as a URI of the folder's scheme. */
export function uriOf(folder: vscode.Uri, absPath: string): vscode.Uri {
  return folder.scheme === 'file' ? vscode.Uri.file(absPath) : folder.with({ path: absPath.startsWith('/') ? absPath : '/' + absPath });
}

/** A file watcher's event as core's data. */
export function workspaceEvent(kind: WorkspaceEvent['kind'], uri: vscode.Uri): WorkspaceEvent {
  return { kind, path: uri.scheme === 'file' ? toPosix(uri.fsPath) : uri.path };
}

/**
 * The workspace port over `vscode.workspace.fs`, so a remote or virtual workspace works like a local one and
 * the editor sees every write. What that API cannot do on this machine's disk — tell where a link really
 * points, read a file in bounded chunks — is asked of node's fs, for local folders only.
 */
export function createVscodeWorkspace(folder: vscode.Uri): Workspace {
  const local = folder.scheme === 'file' ? createNodeWorkspace(workspaceRoot(folder)) : undefined;
  const uri = (abs: string) => uriOf(folder, abs);
  const stat = async (absPath: string): Promise<FsEntry> => {
    const s = await vscode.workspace.fs.stat(uri(absPath));
    return { absPath, name: absPath.slice(absPath.lastIndexOf('/') + 1), type: typeOf(s.type & ~vscode.FileType.SymbolicLink), size: s.size, mtimeMs: s.mtime };
  };
  return {
    roots: [workspaceRoot(folder)],
    async list(absPath) {
      // Types only: the walker stats the files it reads, not every file it sees.
      const entries = await vscode.workspace.fs.readDirectory(uri(absPath));
      const base = absPath.replace(/\/$/, '');
      return entries.map(([name, type]) => ({ absPath: `${base}/${name}`, name, type: typeOf(type), size: 0, mtimeMs: 0 }));
    },
    stat,
    async realPath(absPath) {
      if (local) return local.realPath(absPath);
      // A remote has no links to resolve from here: the path is its own answer, once it is known to exist.
      await stat(absPath);
      return absPath;
    },
    async read(absPath, maxBytes) {
      if (local) return local.read(absPath, maxBytes);
      const st = await stat(absPath);
      if (st.type !== 'file') throw new Error('not a regular file');
      const bytes = await vscode.workspace.fs.readFile(uri(absPath));
      return maxBytes !== undefined && bytes.length > maxBytes ? bytes.subarray(0, maxBytes) : bytes;
    },
    async *readChunks(absPath, maxBytes) {
      if (local) {
        yield* local.readChunks(absPath, maxBytes);
        return;
      }
      const st = await stat(absPath);
      if (st.type !== 'file') throw new Error('not a regular file');
      const bytes = await vscode.workspace.fs.readFile(uri(absPath));
      yield bytes.subarray(0, maxBytes);
    },
    exists: (absPath) =>
      Promise.resolve(vscode.workspace.fs.stat(uri(absPath))).then(
        () => true,
        () => false,
      ),
    async write(absPath, data, options) {
      if (local && !options?.overwrite) {
        // Written by node so that an existing file, or a link that appeared there, fails the write ("wx").
        await local.write(absPath, data);
        return;
      }
      if (
        !options?.overwrite &&
        (await stat(absPath).then(
          () => true,
          () => false,
        ))
      ) {
        throw Object.assign(new Error(`${absPath} already exists`), { code: 'EEXIST' });
      }
      await vscode.workspace.fs.writeFile(uri(absPath), data);
    },
    // A local disk appends with node; VS Code's file system API has no append, so elsewhere callers rewrite.
    ...(local ? { append: (absPath: string, data: Uint8Array) => local.append!(absPath, data) } : {}),
    async remove(absPath) {
      await Promise.resolve(vscode.workspace.fs.delete(uri(absPath), { recursive: true, useTrash: false })).catch(() => undefined);
    },
  };
}
