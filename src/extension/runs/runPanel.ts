import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { allStepsRecorded, runViewOf, type RunView, type StepAction } from '../../core/runs/runView';
import { eventsFor, type RunAction } from '../../core/runs/runActions';
import { runParametersOf } from '../../core/runs/runParameters';
import { readRunLog, recordRunEvent, sopVersionOf } from '../../core/usecases/runs';
import type { Workspace } from '../../core/workspace/port';
import type { SopContext } from '../../core/usecases/sop';

/**
 * The run view: a checklist of the SOP's steps for the person doing the run. Every click writes one event to
 * the run log through the same core as `sop run record`, then the view is rebuilt from the log, so what the
 * screen shows is what the log holds. A gate holds back the steps after it here too: the panel refuses the
 * event before it is written, not only greys out a button. Text typed and not yet recorded is kept in the
 * workspace state, so closing the panel (or the window) loses nothing.
 */

export const RUN_VIEW_TYPE = 'sopBuilder.run';

/** What the webview sends. Checked field by field: a webview is a web page, and its messages are input. */
export type RunMessage =
  | RunAction
  | { type: 'ready' }
  | { type: 'copy'; text: string }
  | { type: 'drafts'; drafts: Record<string, string> }
  | { type: 'showRuns' }
  | { type: 'openSop' };

export interface RunTarget {
  folder: vscode.WorkspaceFolder;
  ws: Workspace;
  sop: SopContext;
  sopUri: vscode.Uri;
  logPath: string;
}

export interface RunPanelHost {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  /** Who is doing the run (asked once, remembered). */
  person(): Promise<string | undefined>;
  /** Reads the SOP again (after it was saved), as the command that opened the run read it. */
  reload(sopUri: vscode.Uri): Promise<SopContext | undefined>;
  showRuns(sopUri: vscode.Uri): Promise<unknown>;
  /** The run log was written to: lint reads the SOP's runs again now, not only when the file watcher says so. */
  logWritten(sopUri: vscode.Uri): void;
}

/** The result of one action, for the panel and for scripted use (tests, tasks). */
export interface RunActionResult {
  ok: boolean;
  problem?: string;
  view: RunView;
}

const MAX_TEXT = 4000;

export class RunPanel {
  private static readonly open = new Map<string, RunPanel>();
  private view: RunView | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** Shows the run's panel, opening it (or reusing the one already open for this log). */
  static show(host: RunPanelHost, target: RunTarget, existing?: vscode.WebviewPanel): RunPanel {
    const known = RunPanel.open.get(target.logPath);
    if (known) {
      known.panel.reveal();
      return known;
    }
    const media = vscode.Uri.joinPath(host.context.extensionUri, 'media');
    const panel =
      existing ??
      vscode.window.createWebviewPanel(RUN_VIEW_TYPE, `Run: ${titleOf(target.sop)}`, vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [media],
      });
    panel.webview.options = { enableScripts: true, localResourceRoots: [media] };
    const run = new RunPanel(host, target, panel);
    RunPanel.open.set(target.logPath, run);
    return run;
  }

  static find(logPath: string): RunPanel | undefined {
    return RunPanel.open.get(logPath);
  }

  private constructor(
    private readonly host: RunPanelHost,
    private target: RunTarget,
    readonly panel: vscode.WebviewPanel,
  ) {
    panel.title = `Run: ${titleOf(target.sop)}`;
    panel.iconPath = vscode.Uri.joinPath(host.context.extensionUri, 'media', 'icon.png');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (d.uri.toString() === target.sopUri.toString()) void this.reloadSop();
      }),
    );
  }

  get logPath(): string {
    return this.target.logPath;
  }

  /** Reads the log and shows it; returns what is shown. */
  async refresh(): Promise<RunView> {
    const { sop, ws, logPath } = this.target;
    const log = await readRunLog(ws, logPath);
    this.view = runViewOf(sop.doc, sopVersionOf(sop), runParametersOf(sop.doc), log, logPath);
    const drafts = this.host.context.workspaceState.get<Record<string, string>>(draftKey(logPath)) ?? {};
    void this.panel.webview.postMessage({
      type: 'state',
      view: { ...this.view, conformance: undefined },
      result: resultOf(this.view),
      canFinish: allStepsRecorded(this.view),
      title: titleOf(sop),
      drafts,
    });
    return this.view;
  }

  /** One message from the view (or from a test through sopBuilder.runAction): checked, recorded, and the view rebuilt. */
  async handle(message: unknown): Promise<RunActionResult> {
    const m = asMessage(message);
    const view = this.view ?? (await this.refresh());
    if (!m) return { ok: false, problem: 'That action is not one the run view knows.', view };
    if (m.type === 'ready') return { ok: true, view: await this.refresh() };
    if (m.type === 'copy') {
      await vscode.env.clipboard.writeText(m.text);
      void vscode.window.setStatusBarMessage('Copied to the clipboard.', 2000);
      return { ok: true, view };
    }
    if (m.type === 'drafts') {
      await this.host.context.workspaceState.update(draftKey(this.target.logPath), m.drafts);
      return { ok: true, view };
    }
    if (m.type === 'showRuns') {
      await this.host.showRuns(this.target.sopUri);
      return { ok: true, view };
    }
    if (m.type === 'openSop') {
      await vscode.window.showTextDocument(this.target.sopUri, { viewColumn: vscode.ViewColumn.Beside, preview: false });
      return { ok: true, view };
    }
    const person = await this.host.person();
    if (!person) return { ok: false, problem: 'Say who is doing the run first: nothing was recorded.', view };
    const built = eventsFor(m, view, { kind: 'person', name: person });
    if ('problem' in built) {
      void vscode.window.showWarningMessage(built.problem);
      return { ok: false, problem: built.problem, view };
    }
    try {
      for (const event of built.events) await recordRunEvent(this.target.ws, this.target.logPath, event);
    } catch (e) {
      this.host.logWritten(this.target.sopUri);
      const problem = e instanceof Error ? e.message : String(e);
      this.host.log.error(`Run ${view.run}: ${problem}`);
      void vscode.window.showErrorMessage(`${problem} Your text is kept in the run view.`);
      return { ok: false, problem, view: await this.refresh() };
    }
    this.host.log.info(`Run ${view.run}: recorded ${built.events.map((e) => e.type).join(', ')}`);
    this.host.logWritten(this.target.sopUri);
    const after = await this.refresh();
    if (m.type === 'finish') void this.announce(after);
    return { ok: true, view: after };
  }

  private async announce(view: RunView): Promise<void> {
    const c = view.conformance;
    const text = c.violations.length
      ? `Run finished with a hard failure: ${c.violations[0].message}.`
      : c.followed
        ? 'Run finished: it followed the SOP.'
        : `Run ${view.finished}: ${resultOf(view).join('; ')}.`;
    const pick = await vscode.window.showInformationMessage(text, 'Show All Runs');
    if (pick) await this.host.showRuns(this.target.sopUri);
  }

  private async reloadSop(): Promise<void> {
    const sop = await this.host.reload(this.target.sopUri);
    if (!sop) return;
    this.target = { ...this.target, sop };
    await this.refresh();
  }

  private async receive(message: unknown): Promise<void> {
    try {
      await this.handle(message);
    } catch (e) {
      const problem = e instanceof Error ? e.message : String(e);
      this.host.log.error(`Run view: ${problem}`);
      void vscode.window.showErrorMessage(`The run view could not do that: ${problem}. Your text is kept; try again, or see "SOP: Show Log".`);
    }
  }

  private html(): string {
    const webview = this.panel.webview;
    const media = vscode.Uri.joinPath(this.host.context.extensionUri, 'media');
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'runView.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'runView.css'));
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style.toString()}">
<title>Run</title></head>
<body data-log="${escapeAttr(this.target.logPath)}"><main id="run" aria-live="polite"><p>Loading the run…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script></body></html>`;
  }

  dispose(): void {
    RunPanel.open.delete(this.target.logPath);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function draftKey(logPath: string): string {
  return `sopBuilder.runDrafts:${logPath}`;
}

function titleOf(sop: SopContext): string {
  return sop.doc.title?.text.trim() || sop.relPath;
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** What the run shows at its foot: how it compares with the SOP so far. */
function resultOf(view: RunView): string[] {
  const c = view.conformance;
  const out: string[] = c.violations.map((v) => `hard failure: ${v.message}`);
  for (const s of c.steps) if (s.outcome === 'skipped' || s.outcome === 'different' || s.outcome === 'failed') out.push(`step ${s.step.number} ${s.outcome}`);
  if (c.reordered.length) out.push(`out of order: step ${c.reordered.map((s) => s.number).join(', ')}`);
  if (out.length === 0 && view.finished) out.push(view.finished === 'completed' ? 'followed the SOP' : `the run ${view.finished}`);
  return out;
}

const optional = (v: unknown): string | undefined => (typeof v === 'string' ? v.slice(0, MAX_TEXT) : undefined);

function asMessage(v: unknown): RunMessage | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const m = v as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'showRuns':
    case 'openSop':
      return { type: m.type };
    case 'copy':
      return typeof m.text === 'string' ? { type: 'copy', text: m.text.slice(0, 100_000) } : undefined;
    case 'drafts': {
      if (typeof m.drafts !== 'object' || m.drafts === null) return undefined;
      const drafts: Record<string, string> = {};
      for (const [k, d] of Object.entries(m.drafts as Record<string, unknown>).slice(0, 500))
        if (typeof d === 'string' && d !== '') drafts[k.slice(0, 200)] = d.slice(0, MAX_TEXT);
      return { type: 'drafts', drafts };
    }
    case 'step':
      if (!['done', 'different', 'skipped', 'failed'].includes(m.action as string) || typeof m.stepId !== 'string') return undefined;
      return {
        type: 'step',
        action: m.action as StepAction,
        stepId: m.stepId,
        what: optional(m.what),
        why: optional(m.why),
        reason: optional(m.reason),
        error: optional(m.error),
      };
    case 'gate':
      if (!['requested', 'approved', 'rejected'].includes(m.decision as string) || typeof m.stepId !== 'string') return undefined;
      return { type: 'gate', stepId: m.stepId, decision: m.decision as 'approved', by: optional(m.by), saw: optional(m.saw), reason: optional(m.reason) };
    case 'note':
      return typeof m.text === 'string' ? { type: 'note', text: m.text, ...(typeof m.stepId === 'string' ? { stepId: m.stepId } : {}) } : undefined;
    case 'finish':
      return m.outcome === 'completed' || m.outcome === 'stopped' ? { type: 'finish', outcome: m.outcome, reason: optional(m.reason) } : undefined;
    default:
      return undefined;
  }
}
