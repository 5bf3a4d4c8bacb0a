import * as vscode from 'vscode';
import type { RunFacts } from '../core/lint/runFacts';
import { approvalRecord, bodyHash } from '../core/sop/approvalRecord';
import type { SopDocument } from '../core/sop/model';
import { runLogsStamp, sopRunFacts } from '../core/usecases/runFacts';
import { runsFolderOf } from '../core/usecases/runs';
import { dirname, toPosix } from '../core/workspace/paths';
import { createVscodeWorkspace, workspaceRoot } from './vscodeWorkspace';

interface Entry {
  facts?: RunFacts;
  /** The body hash the facts were gathered against; undefined until they are. */
  version?: string;
  /** The logs' stamp taken before the last read: a different stamp now means they changed since. */
  stamp?: string;
  /** Bumped when the SOP's run logs change: a read that started before is out of date when it ends. */
  generation: number;
  /** The read under way. */
  loading?: Promise<void>;
  stale: boolean;
}

/** Run logs come in bursts (a run records a step a minute, a script several at once): read once they settle. */
const SETTLE_MS = 300;
/**
 * How often the logs of an SOP on screen are looked at for changes the file watcher did not report (it can miss
 * events in folders created moments before, as a first run's is): one listing and at most 20 stats each time.
 */
const POLL_MS = 3000;

/**
 * What each open SOP's run logs say about its steps, for the run-deviation rule: read through the workspace
 * port in the background, kept per SOP, and read again when a run log is written or deleted. The linter never
 * waits for it: it lints with what is known, and lints again when onDidChange fires for that SOP.
 *
 * Three things say a log changed: the file watcher, SOP Builder's own run view (`runsWritten`), and, for what
 * the watcher misses, a light look at the logs of the SOPs on screen every few seconds.
 */
export class SopRunFacts implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** The SOP whose facts arrived or went out of date. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private poll?: NodeJS.Timeout;
  private polling = false;

  constructor(private readonly log?: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/runs/**/*.jsonl');
    const changed = (uri: vscode.Uri) => this.logChanged(uri);
    this.disposables.push(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed), this.emitter);
  }

  /** What is known now of the SOP's runs (while it is edited, possibly of its saved text). Never reads anything. */
  known(uri: vscode.Uri): RunFacts | undefined {
    return this.entries.get(uri.toString())?.facts;
  }

  /** Reads the SOP's run logs in the background when nothing, or something out of date, is known of them. */
  request(document: vscode.TextDocument, doc: SopDocument): void {
    const key = document.uri.toString();
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { generation: 0, stale: true }));
    // Looked at only while an SOP is open, and never what keeps the extension host alive.
    this.poll ??= setInterval(() => void this.lookForChanges(), POLL_MS).unref();
    if (entry.loading) return;
    // The approved text's hash is stable while the SOP is edited; an unapproved SOP is measured as saved.
    const recorded = approvalRecord(doc).bodySha256?.toLowerCase();
    if (!entry.stale && (recorded ? entry.version === recorded : document.isDirty || entry.version === bodyHash(document.getText()))) return;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) return;
    const text = document.getText();
    const version = recorded ?? bodyHash(text);
    const started = entry.generation;
    const done = entry;
    const ws = createVscodeWorkspace(folder.uri);
    const path = corePath(document.uri);
    done.stale = false;
    done.loading = (async () => {
      try {
        // Most SOPs have no runs folder: the stamp is then one failed stat, and the read below one more.
        done.stamp = await runLogsStamp(ws, path);
        done.facts = await sopRunFacts(ws, { root: workspaceRoot(folder.uri), path, text, doc });
      } catch (e) {
        // Lint goes on without them; the next change to a run log tries again.
        this.log?.warn(`Could not read the run logs of ${vscode.workspace.asRelativePath(document.uri)}: ${e instanceof Error ? e.message : String(e)}`);
      }
      done.version = version;
      if (done.generation !== started) done.stale = true;
      done.loading = undefined;
      this.emitter.fire(document.uri);
    })();
  }

  /** The read under way for the SOP, if any. */
  pending(uri: vscode.Uri): Promise<void> | undefined {
    return this.entries.get(uri.toString())?.loading;
  }

  /** SOP Builder wrote to one of the SOP's run logs: read again at once, whatever the file watcher delivers. */
  runsWritten(sop: vscode.Uri): void {
    const key = sop.toString();
    if (!this.entries.has(key)) return;
    this.invalidate(sop);
    this.emitter.fire(sop);
  }

  /** Forgets a closed SOP's facts; they are read again when it is opened. */
  forget(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
  }

  /** What is known of the SOP's runs is out of date: the next lint reads them again. */
  invalidate(uri: vscode.Uri): void {
    this.staleKey(uri.toString());
  }

  private staleKey(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.generation++;
    entry.stale = true;
  }

  /** A run log came, changed or went: the SOP it belongs to (`runs/<stem>/` beside it) is read again. */
  private logChanged(uri: vscode.Uri): void {
    const folder = dirname(corePath(uri));
    for (const key of this.entries.keys()) {
      const sop = vscode.Uri.parse(key);
      if (runsFolderOf(corePath(sop)) !== folder) continue;
      this.staleKey(key);
      clearTimeout(this.timers.get(key));
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          this.emitter.fire(sop);
        }, SETTLE_MS),
      );
    }
  }

  /** The SOPs on screen whose logs no longer match the stamp of their last read are read again. */
  private async lookForChanges(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const onScreen = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));
      for (const [key, entry] of this.entries) {
        if (!onScreen.has(key) || entry.loading || entry.stale || entry.stamp === undefined) continue;
        const sop = vscode.Uri.parse(key);
        const folder = vscode.workspace.getWorkspaceFolder(sop);
        if (!folder) continue;
        const stamp = await runLogsStamp(createVscodeWorkspace(folder.uri), corePath(sop)).catch(() => undefined);
        if (stamp === undefined || stamp === entry.stamp || this.entries.get(key) !== entry || entry.loading || entry.stale) continue;
        this.log?.debug(`Run logs of ${vscode.workspace.asRelativePath(sop)} changed without a file event: reading them again.`);
        this.staleKey(key);
        this.emitter.fire(sop);
      }
    } finally {
      this.polling = false;
    }
  }

  dispose(): void {
    clearInterval(this.poll);
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

/** A URI as core's paths write it (the same as the linter's file path for a local file). */
function corePath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? toPosix(uri.fsPath) : uri.path;
}
