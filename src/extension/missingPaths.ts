import * as vscode from 'vscode';
import type { LintIssue } from '../core/lint/types';
import type { FileIndexService } from './fileIndex';

/** Paths looked for per SOP: a document with more missing paths than this is one to fix, not to watch. */
const MAX_PATHS_PER_SOP = 50;
/** A path is looked for at most this often; the SOPs on screen are gone over at the same pace. */
const LOOK_EVERY_MS = 5000;
/** Times remembered before the oldest are forgotten (a look costs one stat). */
const MAX_REMEMBERED = 5000;

/**
 * A second opinion for `missing-path`. The file index is kept by a file watcher, and a watcher can miss a file:
 * one written into a folder made a moment before, one under a folder `files.watcherExclude` leaves out. So a path
 * the Problems view says does not exist is looked for on disk: when a lint first reports it, and every few seconds
 * while an SOP that reports it is on screen. A path found is added to the index, which lints the open SOPs again.
 *
 * Each look is one stat per path, at most 50 per SOP and once per path in 5 s; the timer starts with the first
 * such finding, stops when there is none, and never keeps the extension host alive.
 */
export class MissingPathCheck implements vscode.Disposable {
  private readonly lookedFor = new Map<string, string[]>();
  private readonly lastLook = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private looking = false;

  constructor(
    private readonly files: FileIndexService,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Takes the paths a lint of the SOP said are missing, and looks for those not looked for lately. */
  note(uri: vscode.Uri, issues: readonly LintIssue[]): void {
    const key = uri.toString();
    const paths = [...new Set(issues.flatMap((i) => i.lookedFor ?? []))].slice(0, MAX_PATHS_PER_SOP);
    if (paths.length === 0) {
      this.forget(uri);
      return;
    }
    this.lookedFor.set(key, paths);
    this.timer ??= setInterval(() => void this.lookOnScreen(), LOOK_EVERY_MS).unref();
    void this.look(paths);
  }

  forget(uri: vscode.Uri): void {
    this.lookedFor.delete(uri.toString());
    if (this.lookedFor.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** The missing paths of the SOPs in a visible editor. */
  private async lookOnScreen(): Promise<void> {
    const onScreen = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));
    const paths = [...this.lookedFor].filter(([k]) => onScreen.has(k)).flatMap(([, p]) => p);
    await this.look(paths);
  }

  private async look(paths: string[]): Promise<void> {
    if (this.looking) return;
    const now = Date.now();
    const due = paths.filter((p) => now - (this.lastLook.get(p) ?? 0) >= LOOK_EVERY_MS);
    if (due.length === 0) return;
    for (const p of due) this.lastLook.set(p, now);
    if (this.lastLook.size > MAX_REMEMBERED) {
      for (const [p, t] of this.lastLook) if (now - t >= LOOK_EVERY_MS) this.lastLook.delete(p);
    }
    this.looking = true;
    try {
      const found = await this.files.lookOnDisk(due);
      if (found > 0) this.log.info(`File index: ${found} path(s) an SOP mentions are on disk although the file watcher did not report them; added.`);
    } finally {
      this.looking = false;
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.lookedFor.clear();
  }
}
