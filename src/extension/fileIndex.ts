import * as vscode from 'vscode';
import { WorkspaceIndex } from '../core/workspace/fileIndex';
import { toPosix } from '../core/workspace/paths';

const EXCLUDE = '**/{node_modules,.git}/**';

export function uriPath(uri: vscode.Uri): string {
  return toPosix(uri.fsPath);
}

/**
 * The workspace's files, listed once and then kept current by a file watcher, so the path rules
 * never read the disk while someone types. Fires `onDidChange` (debounced) after files come or go.
 */
export class FileIndexService implements vscode.Disposable {
  index: WorkspaceIndex = new WorkspaceIndex([]);
  /** False until the first listing is done: until then the path rules stay silent rather than guess. */
  built = false;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ready: Promise<void> = Promise.resolve();

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.added(uri)),
      watcher.onDidDelete((uri) => this.removed(uri)),
      vscode.workspace.onDidRenameFiles((e) => {
        for (const f of e.files) {
          this.removed(f.oldUri);
          void this.added(f.newUri);
        }
      }),
      vscode.workspace.onDidCreateFiles((e) => e.files.forEach((u) => void this.added(u))),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((u) => this.removed(u))),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rebuild()),
      this.emitter,
    );
    this.rebuild();
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  rebuild(): Promise<void> {
    this.ready = (async () => {
      const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file' || f.uri.scheme === 'vscode-remote').map((f) => uriPath(f.uri));
      const started = Date.now();
      const uris = await vscode.workspace.findFiles('**/*', EXCLUDE);
      const index = new WorkspaceIndex(roots);
      for (const u of uris) index.addFile(uriPath(u));
      this.index = index;
      this.built = true;
      this.log.info(`File index: ${index.size} files in ${roots.length} folder(s), ${Date.now() - started} ms`);
      this.fire();
    })().catch((e) => this.log.error(`File index could not be built: ${e instanceof Error ? e.message : String(e)}`));
    return this.ready;
  }

  private async added(uri: vscode.Uri): Promise<void> {
    if (/[\\/](?:node_modules|\.git)(?:[\\/]|$)/.test(uri.fsPath)) return;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) {
        const inside = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*'), EXCLUDE);
        for (const u of inside) this.index.addFile(uriPath(u));
      } else {
        this.index.addFile(uriPath(uri));
      }
      this.fire();
    } catch {
      // Gone again before we looked: nothing to add.
    }
  }

  private removed(uri: vscode.Uri): void {
    this.index.remove(uriPath(uri));
    this.fire();
  }

  private fire(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.emitter.fire(), 150);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
