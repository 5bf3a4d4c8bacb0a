import * as vscode from 'vscode';
import { realpath } from 'node:fs/promises';
import type { EvidenceFs, FsEntry } from '../core/evidence/types';
import { toPosix } from '../core/workspace/paths';

function typeOf(t: vscode.FileType): FsEntry['type'] {
  if (t & vscode.FileType.SymbolicLink) return 'symlink';
  if (t & vscode.FileType.Directory) return 'directory';
  if (t & vscode.FileType.File) return 'file';
  return 'other';
}

/**
 * Evidence read through `vscode.workspace.fs`, so a remote or virtual workspace works like a local one.
 * Paths are the workspace's own (forward slashes); `base` maps them back to URIs of the right scheme.
 */
export class VscodeEvidenceFs implements EvidenceFs {
  constructor(private readonly base: vscode.Uri) {}

  uri(absPath: string): vscode.Uri {
    return this.base.with({ path: absPath.startsWith('/') ? absPath : '/' + absPath });
  }

  async readDir(absPath: string): Promise<FsEntry[]> {
    // Types only: the walker stats the files it reads, not every file it sees.
    const entries = await vscode.workspace.fs.readDirectory(this.uri(absPath));
    return entries.map(([name, type]) => ({ absPath: `${absPath.replace(/\/$/, '')}/${name}`, name, type: typeOf(type), size: 0, mtimeMs: 0 }));
  }

  async stat(absPath: string): Promise<FsEntry> {
    const s = await vscode.workspace.fs.stat(this.uri(absPath));
    const t = s.type & ~vscode.FileType.SymbolicLink;
    return { absPath, name: absPath.split('/').pop() ?? '', type: typeOf(t), size: s.size, mtimeMs: s.mtime };
  }

  async realPath(absPath: string): Promise<string> {
    // Only the local file system can tell where a link really points; elsewhere the path is its own answer.
    if (this.base.scheme !== 'file') return absPath;
    return toPosix(await realpath(this.uri(absPath).fsPath));
  }

  async readFile(absPath: string, maxBytes?: number): Promise<Uint8Array> {
    const bytes = await vscode.workspace.fs.readFile(this.uri(absPath));
    return maxBytes !== undefined && bytes.length > maxBytes ? bytes.subarray(0, maxBytes) : bytes;
  }
}
