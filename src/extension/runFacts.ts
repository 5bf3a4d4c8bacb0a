import * as vscode from 'vscode';
import type { RunFacts } from '../core/lint/runFacts';
import { approvalRecord, bodyHash } from '../core/sop/approvalRecord';
import type { SopDocument } from '../core/sop/model';
import { sopRunFacts } from '../core/usecases/runFacts';
import { runsFolderOf } from '../core/usecases/runs';
import { dirname, toPosix } from '../core/workspace/paths';
import type { FileIndexService } from './fileIndex';
import { createVscodeWorkspace, workspaceRoot } from './vscodeWorkspace';

interface Entry {
  facts?: RunFacts;
  /** The body hash the facts were gathered against; undefined until they are. */
  version?: string;
  /** Bumped when the SOP's run logs change: a read that started before is out of date when it ends. */
  generation: number;
  loading: boolean;
  stale: boolean;
}

/** Run logs come in bursts (a run records a step a minute, a script several at once): read once they settle. */
const SETTLE_MS = 300;

/**
 * What each open SOP's run logs say about its steps, for the run-deviation rule: read through the workspace
 * port in the background, kept per SOP, and read again when a run log is written or deleted. The linter never
 * waits for it: it lints with what is known, and lints again when onDidChange fires for that SOP.
 */
export class SopRunFacts implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** The SOP whose facts arrived or went out of date. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly log?: vscode.LogOutputChannel,
    private readonly files?: FileIndexService,
  ) {
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
    if (!entry) this.entries.set(key, (entry = { generation: 0, loading: false, stale: true }));
    if (entry.loading) return;
    // The approved text's hash is stable while the SOP is edited; an unapproved SOP is measured as saved.
    const recorded = approvalRecord(doc).bodySha256?.toLowerCase();
    if (!entry.stale && (recorded ? entry.version === recorded : document.isDirty || entry.version === bodyHash(document.getText()))) return;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) return;
    // Most SOPs have no runs: the file index says so without a read. The entry stays stale, so the first
    // lint after the folder appears in the index reads it.
    if (this.files?.built && !this.files.index.exists(runsFolderOf(corePath(document.uri)))) {
      if (entry.facts) {
        entry.facts = undefined;
        this.emitter.fire(document.uri);
      }
      return;
    }
    const text = document.getText();
    const version = recorded ?? bodyHash(text);
    const started = entry.generation;
    const done = entry;
    done.loading = true;
    sopRunFacts(createVscodeWorkspace(folder.uri), { root: workspaceRoot(folder.uri), path: corePath(document.uri), text, doc })
      .then(
        (facts) => {
          done.facts = facts;
          done.version = version;
          done.stale = done.generation !== started;
        },
        (e: unknown) => {
          // Lint goes on without them; the next change to a run log tries again.
          done.version = version;
          done.stale = false;
          this.log?.warn(`Could not read the run logs of ${vscode.workspace.asRelativePath(document.uri)}: ${e instanceof Error ? e.message : String(e)}`);
        },
      )
      .finally(() => {
        done.loading = false;
        this.emitter.fire(document.uri);
      });
  }

  /** Forgets a closed SOP's facts; they are read again when it is opened. */
  forget(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
  }

  /** A run log came, changed or went: the SOP it belongs to (`runs/<stem>/` beside it) is read again. */
  private logChanged(uri: vscode.Uri): void {
    const folder = dirname(corePath(uri));
    for (const [key, entry] of this.entries) {
      const sop = vscode.Uri.parse(key);
      if (runsFolderOf(corePath(sop)) !== folder) continue;
      entry.generation++;
      entry.stale = true;
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

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

/** A URI as core's paths write it (the same as the linter's file path for a local file). */
function corePath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? toPosix(uri.fsPath) : uri.path;
}
