import * as vscode from 'vscode';
import { CONFIG_FILE_NAMES, parseConfigLayer, resolveConfig, type ResolvedConfig } from '../core/lint/config';
import { ruleIds } from '../core/lint/lint';
import { uriPath } from './fileIndex';
import { skippedFoldersGlob } from '../core/workspace/port';
import { settingsLayer } from './settings';

const GLOB = `**/{${CONFIG_FILE_NAMES.join(',')}}`;

/**
 * The `.sop-lint.jsonc` files of the workspace, read once and re-read when they change. A broken file
 * gets one diagnostic of its own; SOPs are then linted as if it were not there.
 */
export class ConfigService implements vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly uris = new Map<string, vscode.Uri>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('sop-lint-config');
  private readonly disposables: vscode.Disposable[] = [];
  private ready: Promise<void>;
  /** Resolved config per folder: read on every keystroke, it changes only with a config file or setting. */
  private readonly resolved = new Map<string, ResolvedConfig>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((u) => void this.reload(u)),
      watcher.onDidChange((u) => void this.reload(u)),
      watcher.onDidDelete((u) => this.forget(u)),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (CONFIG_FILE_NAMES.some((n) => d.uri.path.endsWith('/' + n))) void this.reload(d.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sopBuilder')) this.resolved.clear();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.resolved.clear()),
      this.diagnostics,
      this.emitter,
    );
    this.ready = this.loadAll();
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  private async loadAll(): Promise<void> {
    const found = await vscode.workspace.findFiles(GLOB, skippedFoldersGlob());
    await Promise.all(found.map((u) => this.read(u)));
    this.refreshDiagnostics();
  }

  private async read(uri: vscode.Uri): Promise<void> {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      this.texts.set(uriPath(uri), new TextDecoder('utf-8').decode(bytes));
      this.uris.set(uriPath(uri), uri);
    } catch (e) {
      this.log.warn(`Could not read ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      this.texts.delete(uriPath(uri));
    }
  }

  private async reload(uri: vscode.Uri): Promise<void> {
    await this.read(uri);
    this.log.info(`Config reloaded: ${vscode.workspace.asRelativePath(uri)}`);
    this.refreshDiagnostics();
    this.emitter.fire();
  }

  private forget(uri: vscode.Uri): void {
    this.resolved.clear();
    this.texts.delete(uriPath(uri));
    this.uris.delete(uriPath(uri));
    this.diagnostics.delete(uri);
    this.emitter.fire();
  }

  private refreshDiagnostics(): void {
    this.resolved.clear();
    this.diagnostics.clear();
    for (const [path, text] of this.texts) {
      const { problem } = parseConfigLayer(text, path, ruleIds());
      if (!problem) continue;
      const uri = this.uris.get(path)!;
      const before = text.slice(0, problem.start);
      const line = before.split('\n').length - 1;
      const col = problem.start - (before.lastIndexOf('\n') + 1);
      const endCol = col + Math.max(1, Math.min(problem.end - problem.start, 200));
      const d = new vscode.Diagnostic(new vscode.Range(line, col, line, endCol), problem.message, vscode.DiagnosticSeverity.Error);
      d.source = 'sop-lint';
      this.diagnostics.set(uri, [d]);
      this.log.warn(`${vscode.workspace.asRelativePath(uri)}: ${problem.message}`);
    }
  }

  resolve(uri: vscode.Uri): ResolvedConfig {
    const path = uriPath(uri);
    const folder = path.slice(0, path.lastIndexOf('/') + 1);
    let hit = this.resolved.get(folder);
    if (!hit) {
      const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => uriPath(f.uri));
      hit = resolveConfig(path, roots, (p) => this.texts.get(p), ruleIds(), settingsLayer(uri));
      this.resolved.set(folder, hit);
    }
    return hit;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
