import * as vscode from 'vscode';
import type { SkillFacts } from '../core/lint/skillFacts';
import { DEFAULT_SKILL_FOLDER } from '../core/skill/folders';
import { skillFoldersOf, sopSkillFacts } from '../core/usecases/skillFacts';
import { outputFolder } from './settings';
import { createVscodeWorkspace, workspaceRoot } from './vscodeWorkspace';

interface Entry {
  facts?: SkillFacts;
  /** Bumped when a skill folder changes: a read that started before is out of date when it ends. */
  generation: number;
  /** The read under way. */
  loading?: Promise<void>;
  stale: boolean;
}

/** An export writes a few files in three folders at once: read once they settle. */
const SETTLE_MS = 300;

/**
 * Where each open SOP's skill was exported, for the skill-drift rule: read through the workspace port in the
 * background, kept per SOP, and read again when a file in a skill folder is written or deleted (an export, or a
 * hand edit in a copy). The linter never waits for it: it lints with what is known, and again on onDidChange.
 */
export class SopSkillFacts implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private timer?: NodeJS.Timeout;
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** The SOP whose facts arrived or went out of date. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private watcher?: vscode.Disposable;

  constructor(private readonly log?: vscode.LogOutputChannel) {
    this.watch();
    this.disposables.push(
      this.emitter,
      // A copy edited and saved in the editor: told by the editor itself, whatever the file watcher delivers (it can
      // miss events in folders created moments before, as an export's are).
      vscode.workspace.onDidSaveTextDocument((d) => {
        const rel = vscode.workspace.asRelativePath(d.uri, false);
        if (skillFoldersOf(outputFolder('skill.outputFolder', DEFAULT_SKILL_FOLDER, d.uri)).some((f) => rel.startsWith(`${f}/`))) this.skillsChanged();
      }),
      // Coming back to an SOP reads its skill folders again: what the file watcher missed meanwhile is then seen.
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (!e || !this.entries.has(e.document.uri.toString()) || this.pending(e.document.uri)) return;
        this.invalidate(e.document.uri);
        this.emitter.fire(e.document.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('sopBuilder.skill.outputFolder')) return;
        this.watch();
        this.skillsChanged();
      }),
    );
  }

  /** What is known now of the SOP's exported skill. Never reads anything. */
  known(uri: vscode.Uri): SkillFacts | undefined {
    return this.entries.get(uri.toString())?.facts;
  }

  /** Reads the skill folders in the background when nothing, or something out of date, is known of them. */
  request(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { generation: 0, stale: true }));
    if (entry.loading || !entry.stale) return;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) return;
    const root = workspaceRoot(folder.uri);
    const outFolder = outputFolder('skill.outputFolder', DEFAULT_SKILL_FOLDER, document.uri);
    const ws = createVscodeWorkspace(folder.uri);
    const started = entry.generation;
    const done = entry;
    done.stale = false;
    done.loading = (async () => {
      try {
        // Most workspaces have no exported skill: three stats say so, and nothing is read.
        const present = await Promise.all(skillFoldersOf(outFolder).map((f) => ws.exists(`${root}/${f}`)));
        done.facts = present.some(Boolean)
          ? await sopSkillFacts(ws, { root, relPath: vscode.workspace.asRelativePath(document.uri, false) }, { outFolder })
          : undefined;
      } catch (e) {
        // Lint goes on without them; the next change in a skill folder tries again.
        this.log?.warn(`Could not read the skill folders of ${vscode.workspace.asRelativePath(document.uri)}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (done.generation !== started) done.stale = true;
      done.loading = undefined;
      this.emitter.fire(document.uri);
    })();
  }

  /** The read under way for the SOP, if any. */
  pending(uri: vscode.Uri): Promise<void> | undefined {
    return this.entries.get(uri.toString())?.loading;
  }

  /** What is known of the SOP's skill is out of date: the next lint reads it again. */
  invalidate(uri: vscode.Uri): void {
    const entry = this.entries.get(uri.toString());
    if (!entry) return;
    entry.generation++;
    entry.stale = true;
  }

  /** Forgets a closed SOP's facts; they are read again when it is opened. */
  forget(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
  }

  /** One watcher over the skill folders in force: the configured one and the copies' folders. */
  private watch(): void {
    this.watcher?.dispose();
    const folders = skillFoldersOf(outputFolder('skill.outputFolder', DEFAULT_SKILL_FOLDER));
    const w = vscode.workspace.createFileSystemWatcher(`**/{${folders.join(',')}}/**`);
    const changed = () => this.skillsChanged();
    this.watcher = vscode.Disposable.from(w, w.onDidCreate(changed), w.onDidChange(changed), w.onDidDelete(changed));
  }

  /** A skill file came, changed or went: which SOP it belongs to is in the records, so every open SOP is read again. */
  skillsChanged(): void {
    for (const entry of this.entries.values()) {
      entry.generation++;
      entry.stale = true;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const key of this.entries.keys()) this.emitter.fire(vscode.Uri.parse(key));
    }, SETTLE_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watcher?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
