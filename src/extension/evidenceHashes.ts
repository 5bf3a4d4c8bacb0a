import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import type { EvidenceLookup } from '../core/approval/evidenceLookup';

type Entry = { sha256: string; mtimeMs: number } | null;

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
    const forget = (uri: vscode.Uri) => {
      const key = uri.toString();
      let hit = false;
      for (const k of this.cache.keys()) if (k === key || k.startsWith(key + '/')) hit = this.cache.delete(k) || hit;
      if (hit) this.emitter.fire();
    };
    this.disposables.push(watcher, watcher.onDidChange(forget), watcher.onDidCreate(forget), watcher.onDidDelete(forget), this.emitter);
  }

  private uriOf(root: vscode.Uri, rel: string): vscode.Uri {
    return vscode.Uri.joinPath(root, ...rel.split('/'));
  }

  /**
   * A lookup when every path (and every kept copy, evidence path → copy path) is hashed already; otherwise
   * undefined, and hashing starts (onDidChange fires when done).
   */
  lookup(root: vscode.Uri, paths: string[], copies = new Map<string, string>()): EvidenceLookup | undefined {
    const wanted = [...paths, ...copies.values()];
    const missing = wanted.filter((p) => !this.cache.has(this.uriOf(root, p).toString()));
    if (missing.length > 0) {
      void this.hash(root, missing).then(() => this.emitter.fire());
      return undefined;
    }
    return {
      current: (rel) => this.cache.get(this.uriOf(root, rel).toString()) ?? undefined,
      approvedCopy: (rel, sha256) => {
        const copy = copies.get(rel);
        const kept = copy === undefined ? undefined : this.cache.get(this.uriOf(root, copy).toString());
        return kept && kept.sha256 === sha256.toLowerCase() ? copy : undefined;
      },
    };
  }

  /** Hashes files now (for recording an approval); with `keepData`, also returns the bytes that were hashed. */
  async hash(root: vscode.Uri, paths: string[], keepData = false): Promise<Map<string, { sha256: string; bytes: number; data?: Uint8Array } | undefined>> {
    const out = new Map<string, { sha256: string; bytes: number; data?: Uint8Array } | undefined>();
    await Promise.all(
      paths.map(async (rel) => {
        const uri = this.uriOf(root, rel);
        try {
          const [bytes, stat] = await Promise.all([vscode.workspace.fs.readFile(uri), vscode.workspace.fs.stat(uri)]);
          const sha256 = createHash('sha256').update(bytes).digest('hex');
          this.cache.set(uri.toString(), { sha256, mtimeMs: stat.mtime });
          out.set(rel, { sha256, bytes: bytes.length, data: keepData ? bytes : undefined });
        } catch {
          this.cache.set(uri.toString(), null);
          out.set(rel, undefined);
        }
      }),
    );
    return out;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
