import * as vscode from 'vscode';
import type { EvidenceLookup } from '../core/approval/evidenceLookup';
import { hashEvidenceFile, type EvidenceDisk, type HashedEvidence } from '../core/approval/evidenceFiles';
import { MAX_COPIED_BYTES } from '../core/approval/evidenceCopies';
import { toPosix } from '../core/workspace/paths';
import { createSensitiveRules, type SensitiveRules } from '../core/evidence/sensitive';
import { SECTION } from './settings';
import { createNodeEvidenceDisk } from '../node/localDisk';

type Entry = { sha256: string; mtimeMs: number } | { refused: string } | null;

/**
 * Approval's file access through the editor: node's fs where the workspace is on this disk (links resolved,
 * reads in bounded chunks), `vscode.workspace.fs` elsewhere (a remote has no links to resolve from here).
 */
export function editorEvidenceDisk(base: vscode.Uri): EvidenceDisk {
  const local = base.scheme === 'file' ? createNodeEvidenceDisk() : undefined;
  const uri = (abs: string) => (local ? vscode.Uri.file(abs) : base.with({ path: abs.startsWith('/') ? abs : '/' + abs }));
  return {
    async realPath(abs) {
      if (local) return local.realPath(abs);
      await vscode.workspace.fs.stat(uri(abs));
      return abs;
    },
    async stat(abs) {
      if (local) return local.stat(abs);
      const s = await vscode.workspace.fs.stat(uri(abs));
      const t = s.type & ~vscode.FileType.SymbolicLink;
      return { type: t === vscode.FileType.File ? 'file' : t === vscode.FileType.Directory ? 'directory' : 'other', size: s.size, mtimeMs: s.mtime };
    },
    async *readChunks(abs, maxBytes) {
      if (local) {
        yield* local.readChunks(abs, maxBytes);
        return;
      }
      // Only after the stat said a regular file within the limit.
      const bytes = await vscode.workspace.fs.readFile(uri(abs));
      yield bytes.subarray(0, maxBytes);
    },
    async writeFile(abs, data) {
      await vscode.workspace.fs.writeFile(uri(abs), data);
    },
    async deleteFolder(abs) {
      await vscode.workspace.fs.delete(uri(abs), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    },
  };
}

/** The sensitive-file rules evidence collection uses here: the built-in ones plus the setting's patterns. */
export function sensitiveRulesFor(scope: vscode.Uri): SensitiveRules {
  return createSensitiveRules(vscode.workspace.getConfiguration(SECTION, scope).get<string[]>('evidence.extraSensitivePatterns', []));
}

/** The workspace folder as the core's paths see it. */
export function workspaceRoot(root: vscode.Uri): string {
  return root.scheme === 'file' ? toPosix(root.fsPath) : root.path;
}

/**
 * Hashes of the evidence files approved SOPs recorded, kept current by a file watcher, so the
 * evidence-drift rule can compare without reading files while someone types.
 */
export class EvidenceHashes implements vscode.Disposable {
  private readonly cache = new Map<string, Entry>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const forget = (uri: vscode.Uri) => this.forget(uri);
    this.disposables.push(watcher, watcher.onDidChange(forget), watcher.onDidCreate(forget), watcher.onDidDelete(forget), this.emitter);
  }

  /**
   * Drops what is known of a file or folder, so it is hashed again. Approval calls it for the copies it just
   * wrote: they are written straight to disk, and the watcher's events for them may come late.
   */
  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    let hit = false;
    for (const k of this.cache.keys()) if (k === key || k.startsWith(key + '/')) hit = this.cache.delete(k) || hit;
    if (hit) this.emitter.fire();
  }

  /** The cache key of a listed path: its address, so the file watcher's events find it. */
  private keyOf(root: vscode.Uri, rel: string): string {
    return vscode.Uri.joinPath(root, ...rel.split('/')).toString();
  }

  /**
   * A lookup when every path (and every kept copy, evidence path → copy path) is hashed already; otherwise
   * undefined, and hashing starts (onDidChange fires when done).
   */
  lookup(root: vscode.Uri, paths: string[], copies = new Map<string, string>()): EvidenceLookup | undefined {
    const wanted = [...paths, ...copies.values()];
    const missing = wanted.filter((p) => !this.cache.has(this.keyOf(root, p)));
    if (missing.length > 0) {
      void this.hash(root, missing).then(() => this.emitter.fire());
      return undefined;
    }
    const entry = (rel: string) => this.cache.get(this.keyOf(root, rel));
    return {
      current: (rel) => {
        const e = entry(rel);
        return e && 'sha256' in e ? e : undefined;
      },
      unreadable: (rel) => {
        const e = entry(rel);
        return e && 'refused' in e ? e.refused : undefined;
      },
      approvedCopy: (rel, sha256) => {
        const copy = copies.get(rel);
        const kept = copy === undefined ? undefined : entry(copy);
        return kept && 'sha256' in kept && kept.sha256 === sha256.toLowerCase() ? copy : undefined;
      },
    };
  }

  /**
   * Hashes files now, one at a time, inside the workspace only and in bounded chunks (for recording an
   * approval); with `keepData`, files small enough to copy come back with the bytes that were hashed.
   */
  async hash(root: vscode.Uri, paths: string[], keepData = false): Promise<Map<string, HashedEvidence>> {
    const out = new Map<string, HashedEvidence>();
    const disk = editorEvidenceDisk(root);
    for (const rel of paths) {
      const h = await hashEvidenceFile(workspaceRoot(root), rel, disk, keepData ? MAX_COPIED_BYTES : 0).catch((): HashedEvidence => ({ status: 'missing' }));
      out.set(rel, h);
      this.cache.set(this.keyOf(root, rel), h.status === 'hashed' ? { sha256: h.sha256, mtimeMs: h.mtimeMs } : h.status === 'refused' ? { refused: h.reason } : null);
    }
    return out;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
