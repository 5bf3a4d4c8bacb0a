import * as vscode from 'vscode';
import { hashEvidence } from '../core/usecases/sop';
import type { EvidenceFact } from '../core/workspace/evidenceFacts';
import { createSensitiveRules, type SensitiveRules } from '../core/evidence/sensitive';
import { SECTION } from './settings';
import { createVscodeWorkspace, uriOf, workspaceRoot } from './vscodeWorkspace';

/** The sensitive-file rules evidence collection uses here: the built-in ones plus the setting's patterns. */
export function sensitiveRulesFor(scope: vscode.Uri): SensitiveRules {
  return createSensitiveRules(vscode.workspace.getConfiguration(SECTION, scope).get<string[]>('evidence.extraSensitivePatterns', []));
}

/**
 * Hashes of the evidence files approved SOPs recorded (and of the copies kept at approval), kept current by a
 * file watcher, so the evidence-drift rule and the status bar compare data without reading files while someone
 * types. Per workspace folder, by workspace-relative path: exactly the facts core's use cases take.
 */
export class EvidenceHashes implements vscode.Disposable {
  private readonly facts = new Map<string, Map<string, EvidenceFact>>();
  private readonly pending = new Map<string, Set<string>>();
  /** Paths that changed since they were hashed: hashed again, and answered from the old facts until then. */
  private readonly stale = new Map<string, Set<string>>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Bumped by every forget: a hash that started before a file changed is stale when it ends, and is dropped. */
  private generation = 0;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const forget = (uri: vscode.Uri) => this.forget(uri);
    this.disposables.push(watcher, watcher.onDidChange(forget), watcher.onDidCreate(forget), watcher.onDidDelete(forget), this.emitter);
  }

  /**
   * Marks what is known of a file or folder as out of date, so it is hashed again. Approval calls it for the
   * copies it just wrote: the watcher's events for them may come late.
   */
  forget(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    const key = folder.uri.toString();
    const rel = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
    const hits = (k: string) => rel === '' || k === rel || k.startsWith(rel + '/');
    if ([...(this.pending.get(key) ?? [])].some(hits)) this.generation++;
    // A file's old hash answers until the new one is in: dropping it took the drift finding's "Show what changed"
    // away from every lint in between (a late watcher event just before a quick-fix request made a test flaky).
    // A file that was missing or refused has surely changed, so that answer goes at once.
    const known = this.facts.get(key);
    const changed = [...(known?.keys() ?? [])].filter(hits);
    if (changed.length === 0) return;
    const stale = this.stale.get(key) ?? new Set<string>();
    for (const k of changed) {
      // An evidence manifest's old text would compare the files against hashes it no longer holds: it is read afresh.
      const fact = known!.get(k)!;
      if ('sha256' in fact && fact.text === undefined) stale.add(k);
      else known!.delete(k);
    }
    this.stale.set(key, stale);
    this.emitter.fire();
  }

  /** What is known now for a workspace folder (a live map: read it, do not keep it). */
  known(folder: vscode.Uri): ReadonlyMap<string, EvidenceFact> {
    return this.facts.get(folder.toString()) ?? new Map();
  }

  /** Starts hashing the paths not known yet or changed since; onDidChange fires when they are. */
  request(folder: vscode.Uri, paths: string[]): void {
    const known = this.known(folder);
    const key = folder.toString();
    const busy = this.pending.get(key) ?? new Set<string>();
    const stale = this.stale.get(key);
    const todo = paths.filter((p) => (!known.has(p) || stale?.has(p)) && !busy.has(p));
    if (todo.length === 0) return;
    for (const p of todo) busy.add(p);
    this.pending.set(key, busy);
    const started = this.generation;
    void hashEvidence(createVscodeWorkspace(folder), workspaceRoot(folder), todo)
      .then((found) => {
        // A file changed while it was hashed (approval writing its copies): hash again rather than keep a stale answer.
        if (this.generation !== started) return;
        let map = this.facts.get(key);
        if (!map) this.facts.set(key, (map = new Map()));
        for (const [p, f] of found) {
          map.set(p, f);
          this.stale.get(key)?.delete(p);
        }
      })
      .finally(() => {
        for (const p of todo) busy.delete(p);
        this.emitter.fire();
      });
  }

  /** Takes facts hashed elsewhere (a command hashed them through the port). */
  remember(folder: vscode.Uri, facts: ReadonlyMap<string, EvidenceFact>): void {
    const key = folder.toString();
    let map = this.facts.get(key);
    if (!map) this.facts.set(key, (map = new Map()));
    for (const [p, f] of facts) map.set(p, f);
  }

  /** The URI of a workspace-relative path in a folder. */
  static uri(folder: vscode.Uri, rel: string): vscode.Uri {
    return uriOf(folder, `${workspaceRoot(folder)}/${rel}`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
