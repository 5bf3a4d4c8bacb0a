import * as vscode from 'vscode';

/**
 * Streams text into an open document in front of an end marker: the first piece at once, the rest in
 * batches, all as one undo step; saves as it goes so a crash or cancel leaves the partial draft on disk.
 */
export class DraftWriter {
  private buffer = '';
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private saving: Promise<unknown> = Promise.resolve();
  private lastSave = Date.now();
  private wroteFirst = false;
  /** Milliseconds from the first append to the first character in the document. */
  firstCharMs?: number;
  private firstAppendAt?: number;
  /** How far the document fell behind the stream: the longest and the mean time from append to document. */
  maxLagMs = 0;
  private lagTotal = 0;
  private lagCount = 0;
  private oldestPending?: number;

  get meanLagMs(): number {
    return this.lagCount ? this.lagTotal / this.lagCount : 0;
  }

  constructor(
    private readonly document: vscode.TextDocument,
    private marker: string,
    private readonly batchMs = 40,
    private readonly saveEveryMs = 1000,
  ) {
    // The document holds the front matter and the marker when drafting starts: the body goes between them.
    const at = document.getText().lastIndexOf(marker);
    this.bodyStart = at >= 0 ? at : document.getText().length;
  }

  private readonly bodyStart: number;

  append(text: string): void {
    this.oldestPending ??= Date.now();
    this.buffer += text;
    if (!this.wroteFirst) {
      this.wroteFirst = true;
      this.firstAppendAt = Date.now();
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.batchMs);
    }
  }

  /** Waits until everything appended so far is in the document. */
  async drain(): Promise<void> {
    this.flush();
    await this.chain;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer) return;
    const text = this.buffer;
    const since = this.oldestPending ?? Date.now();
    this.buffer = '';
    this.oldestPending = undefined;
    this.chain = this.chain.then(async () => {
      await this.insertBeforeMarker(text);
      const lag = Date.now() - since;
      this.maxLagMs = Math.max(this.maxLagMs, lag);
      this.lagTotal += lag;
      this.lagCount++;
      if (this.firstCharMs === undefined && this.firstAppendAt !== undefined) this.firstCharMs = Date.now() - this.firstAppendAt;
      if (Date.now() - this.lastSave > this.saveEveryMs) {
        // Saving runs beside the edits: the text keeps arriving while the file is written.
        this.lastSave = Date.now();
        this.saving = this.saving.then(() => this.document.save());
      }
    });
  }

  private markerRange(): vscode.Range {
    const full = this.document.getText();
    const at = full.lastIndexOf(this.marker);
    const offset = at >= 0 ? at : full.length;
    return new vscode.Range(this.document.positionAt(offset), this.document.positionAt(at >= 0 ? at + this.marker.length : full.length));
  }

  private async insertBeforeMarker(text: string): Promise<void> {
    await this.replace(this.markerRange().start, this.markerRange().start, text);
  }

  private async replace(start: vscode.Position, end: vscode.Position, text: string): Promise<void> {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    if (editor) {
      // No undo stops between pieces: the whole draft undoes in one step.
      const ok = await editor.edit((b) => b.replace(new vscode.Range(start, end), text), { undoStopBefore: false, undoStopAfter: false });
      if (ok) return;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(this.document.uri, new vscode.Range(start, end), text);
    await vscode.workspace.applyEdit(edit);
  }

  /** Replaces everything drafted so far (between the front matter and the marker) with `body`. */
  async replaceBody(body: string): Promise<void> {
    await this.drain();
    const end = this.markerRange().start;
    // After the front matter as it is now (the person may have typed in it meanwhile), else where the body began.
    const frontMatter = /^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*\r?\n(?:[ \t]*\r?\n)*/.exec(this.document.getText());
    const start = this.document.positionAt(frontMatter ? frontMatter[0].length : this.bodyStart);
    await this.replace(start, end, body);
  }

  /** Replaces the end marker (with '' on success, or the reason it stopped) and saves. */
  async finish(replacement: string): Promise<void> {
    await this.drain();
    const r = this.markerRange();
    await this.replace(r.start, r.end, replacement);
    this.marker = replacement;
    await this.saving;
    await this.document.save();
  }
}
