import * as vscode from 'vscode';
import { WorkspaceIndex } from '../core/workspace/fileIndex';
import { toPosix } from '../core/workspace/paths';
import { skippedFoldersGlob, type WorkspaceEvent } from '../core/workspace/port';
import { applyWorkspaceEvents } from '../core/workspace/walk';
import { createVscodeWorkspace, workspaceEvent } from './vscodeWorkspace';

const EXCLUDE = skippedFoldersGlob();

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
      watcher.onDidCreate((uri) => void this.apply([workspaceEvent('created', uri)])),
      watcher.onDidDelete((uri) => void this.apply([workspaceEvent('deleted', uri)])),
      vscode.workspace.onDidRenameFiles(
        (e) => void this.apply(e.files.flatMap((f) => [workspaceEvent('deleted', f.oldUri), workspaceEvent('created', f.newUri)])),
      ),
      vscode.workspace.onDidCreateFiles((e) => void this.apply(e.files.map((u) => workspaceEvent('created', u)))),
      vscode.workspace.onDidDeleteFiles((e) => void this.apply(e.files.map((u) => workspaceEvent('deleted', u)))),
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
      const roots = (vscode.workspace.workspaceFolders ?? [])
        .filter((f) => f.uri.scheme === 'file' || f.uri.scheme === 'vscode-remote')
        .map((f) => uriPath(f.uri));
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

  /**
   * Looks on disk for paths the index does not hold (the watcher can miss a file): each one there is added, a
   * folder with what is in it. Returns how many paths were found; listeners hear of a change only if there was one.
   */
  async lookOnDisk(paths: string[]): Promise<number> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || !this.built || paths.length === 0) return 0;
    const index = this.index;
    const before = index.version;
    await applyWorkspaceEvents(
      createVscodeWorkspace(folder.uri),
      index,
      paths.map((path) => ({ kind: 'created' as const, path })),
    ).catch((e) => this.log.warn(`File index update failed: ${e instanceof Error ? e.message : String(e)}`));
    if (index.version === before) return 0;
    const found = paths.filter((p) => index.exists(p)).length;
    this.fire();
    return found;
  }

  /** What the watcher saw, applied by core: a created folder is walked through the workspace port. */
  private async apply(events: WorkspaceEvent[]): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return;
    await applyWorkspaceEvents(createVscodeWorkspace(folder.uri), this.index, events).catch((e) =>
      this.log.warn(`File index update failed: ${e instanceof Error ? e.message : String(e)}`),
    );
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
