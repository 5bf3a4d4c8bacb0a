import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import { parameterProblem, runParametersOf } from '../../core/runs/runParameters';
import { conformanceHtml } from '../../core/runs/summaryHtml';
import { conformSopRuns, readRunLog, runLogPaths, startRun } from '../../core/usecases/runs';
import { toPosix } from '../../core/workspace/paths';
import { sopTarget, type SopCommandDeps } from '../sopTarget';
import { createVscodeWorkspace, uriOf, workspaceRoot } from '../vscodeWorkspace';
import { RunPanel, RUN_VIEW_TYPE, type RunActionResult, type RunPanelHost, type RunTarget } from './runPanel';

/**
 * SOP: Start Run, SOP: Resume Run and SOP: Show Runs. A run follows the SOP as it is now (approved, or as a
 * trial when it is not), asks for its values (the month it is for) once, and opens the run view.
 */

export interface RunDeps extends SopCommandDeps {
  context: vscode.ExtensionContext;
}

/** Scripted use (tests, tasks): who runs it and the run's values, without asking. */
export interface StartRunOptions {
  person?: string;
  parameters?: Record<string, string>;
  /** Start a run of an SOP that is not approved without asking. */
  trial?: boolean;
}

const PERSON_KEY = 'sopBuilder.runs.person';

function host(deps: RunDeps, preset?: string): RunPanelHost {
  return {
    context: deps.context,
    log: deps.log,
    person: async () => preset ?? (await askPerson(deps.context)),
    reload: async (uri) => (await sopTarget(deps, 'SOP run', uri))?.sop,
    showRuns: (uri) => showRuns(deps, uri),
    logWritten: (uri) => deps.linter.runsWritten(uri),
  };
}

/** Who is doing the run: asked the first time, remembered on this machine, and recorded with each event. */
async function askPerson(context: vscode.ExtensionContext): Promise<string | undefined> {
  const known = context.globalState.get<string>(PERSON_KEY);
  if (known) return known;
  let suggested = '';
  try {
    suggested = userInfo().username;
  } catch {
    suggested = '';
  }
  const name = await vscode.window.showInputBox({
    title: 'SOP run — who is doing this run?',
    prompt: 'Your name, recorded with every step you check off (asked once on this machine).',
    value: suggested,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Type your name.'),
  });
  if (!name?.trim()) return undefined;
  await context.globalState.update(PERSON_KEY, name.trim());
  return name.trim();
}

export async function startRunCommand(deps: RunDeps, uri?: vscode.Uri, options: StartRunOptions = {}): Promise<{ logPath: string } | undefined> {
  const target = await sopTarget(deps, 'SOP: Start Run', uri);
  if (!target) return undefined;
  const { sop, folder, ws, document } = target;
  if (sop.doc.steps.length === 0) {
    void vscode.window.showErrorMessage('SOP: Start Run found no numbered steps in this SOP: add a "Steps" section with a numbered list, then start the run.');
    return undefined;
  }
  const approved = sop.status === 'approved' || sop.status === 'review-due';
  if (!approved && !options.trial) {
    const trial: vscode.MessageItem = { title: 'Run as a Trial' };
    const pick = await vscode.window.showWarningMessage(
      `This SOP is ${sop.status}, not approved: a run now follows its current text and counts apart from runs of an approved version.`,
      { modal: true, detail: 'Approve it first (SOP: Approve) for a run of record, or run it as a trial to try the steps.' },
      trial,
    );
    if (pick !== trial) return undefined;
  }
  const parameters: Record<string, string> = { ...options.parameters };
  for (const p of runParametersOf(sop.doc)) {
    if (parameters[p.name] !== undefined) continue;
    const value = await vscode.window.showInputBox({
      title: `SOP: Start Run — ${p.name}`,
      prompt: `Type ${p.prompt}. Steps that say ${p.placeholders.join(' or ')} show it filled in.`,
      value: p.suggested ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => parameterProblem(p, v),
    });
    if (value === undefined) return undefined;
    parameters[p.name] = value.trim();
  }
  const person = options.person ?? (await askPerson(deps.context));
  if (!person) return undefined;
  const { path } = await startRun(ws, sop, { actor: { kind: 'person', name: person }, parameters });
  deps.log.info(`Run started: ${vscode.workspace.asRelativePath(uriOf(folder.uri, path))}`);
  deps.linter.runsWritten(document.uri);
  const panel = RunPanel.show(host(deps, options.person), { folder, ws, sop, sopUri: document.uri, logPath: path });
  await panel.refresh();
  return { logPath: path };
}

/** Reopens a run that is not finished: the one picked, or the only one. A run log clicked in the Explorer opens directly. */
export async function resumeRunCommand(deps: RunDeps, uri?: vscode.Uri, options: { person?: string } = {}): Promise<{ logPath: string } | undefined> {
  const clickedLog = uri instanceof vscode.Uri && uri.path.endsWith('.jsonl') ? uri : undefined;
  const logUri = clickedLog ?? (await pickOpenRun(deps, uri));
  if (!logUri) return undefined;
  return openRun(deps, logUri, options.person);
}

async function pickOpenRun(deps: RunDeps, uri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const target = await sopTarget(deps, 'SOP: Resume Run', uri);
  if (!target) return undefined;
  const open: Array<vscode.QuickPickItem & { uri: vscode.Uri }> = [];
  for (const path of (await runLogPaths(target.ws, target.sop.path)).reverse().slice(0, 200)) {
    const log = await readRunLog(target.ws, path);
    if (log.events.some((e) => e.type === 'run-finished')) continue;
    const started = log.events[0]?.type === 'run-started' ? log.events[0] : undefined;
    const done = log.events.filter((e) => e.type.startsWith('step-')).length;
    const values = started ? Object.values(started.parameters).join(', ') : '';
    open.push({
      label: started ? `${started.at.slice(0, 16).replace('T', ' ')}${values ? ` — ${values}` : ''}` : path.replace(/^.*\//, ''),
      description: started ? `by ${started.actor.name}` : undefined,
      detail: `${done} step event${done === 1 ? '' : 's'} recorded`,
      uri: uriOf(target.folder.uri, path),
    });
  }
  if (open.length === 0) {
    void vscode.window.showInformationMessage('No run of this SOP is in progress. Start one with SOP: Start Run.');
    return undefined;
  }
  if (open.length === 1) return open[0].uri;
  return (await vscode.window.showQuickPick(open, { title: 'SOP: Resume Run — runs in progress, newest first' }))?.uri;
}

/** Opens the run view of a run log: the SOP it follows is the one its run-started event names. */
export async function openRun(deps: RunDeps, logUri: vscode.Uri, person?: string, panel?: vscode.WebviewPanel): Promise<{ logPath: string } | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(logUri);
  if (!folder) {
    void vscode.window.showErrorMessage('SOP: Resume Run needs the run log inside an open workspace folder: open the folder that holds it.');
    panel?.dispose();
    return undefined;
  }
  const logPath = toPosix(logUri.fsPath);
  const existing = RunPanel.find(logPath);
  if (existing) {
    existing.panel.reveal();
    return { logPath };
  }
  const target = await runTargetOf(deps, folder, logPath);
  if (typeof target === 'string') {
    void vscode.window.showErrorMessage(target);
    panel?.dispose();
    return undefined;
  }
  const run = RunPanel.show(host(deps, person), target, panel);
  await run.refresh();
  return { logPath };
}

async function runTargetOf(deps: RunDeps, folder: vscode.WorkspaceFolder, logPath: string): Promise<RunTarget | string> {
  const ws = createVscodeWorkspace(folder.uri);
  const log = await readRunLog(ws, logPath);
  const started = log.events[0];
  if (started?.type !== 'run-started')
    return `${vscode.workspace.asRelativePath(logPath)} does not begin with a run-started event, so it is not a run log SOP Builder can resume: start a new run with SOP: Start Run.`;
  const root = workspaceRoot(folder.uri);
  const rel = started.sop.path;
  if (rel.startsWith('/') || rel.split('/').includes('..'))
    return `The run log names its SOP as "${rel}", outside the workspace: it is not resumed. Start a new run from the SOP instead.`;
  const sopUri = uriOf(folder.uri, `${root}/${rel}`);
  const target = await sopTarget(deps, 'SOP: Resume Run', sopUri).catch(() => undefined);
  if (!target) return `The SOP this run follows (${rel}) could not be opened: restore it, then resume the run.`;
  return { folder, ws: target.ws, sop: target.sop, sopUri, logPath };
}

/** The SOP's runs as a page: verdict, a bar per step, the runs. */
export async function showRuns(deps: RunDeps, uri?: vscode.Uri): Promise<{ html: string } | undefined> {
  const target = await sopTarget(deps, 'SOP: Show Runs', uri);
  if (!target) return undefined;
  const conformance = await conformSopRuns(target.ws, target.sop);
  const title = target.sop.doc.title?.text.trim() || target.sop.relPath;
  const html = conformanceHtml(conformance, { title, sopRel: target.sop.relPath, nonce: randomBytes(16).toString('base64') });
  const panel = vscode.window.createWebviewPanel('sopBuilder.runs', `Runs: ${title}`, vscode.ViewColumn.Beside, {
    enableScripts: false,
    localResourceRoots: [],
  });
  panel.webview.html = html;
  return { html };
}

/** The same actions the run view's buttons take, for scripted use: one message, checked and recorded. */
export async function runAction(deps: RunDeps, logPath: string, message: unknown, person?: string): Promise<RunActionResult | undefined> {
  let panel = RunPanel.find(logPath);
  if (!panel) {
    await openRun(deps, vscode.Uri.file(logPath), person);
    panel = RunPanel.find(logPath);
  }
  return panel?.handle(message);
}

/** Run views come back after a window reload: the webview keeps the log's path in its state. */
export function runViewSerializer(deps: RunDeps): vscode.WebviewPanelSerializer {
  return {
    async deserializeWebviewPanel(panel, state: unknown) {
      const logPath = typeof state === 'object' && state !== null ? (state as { logPath?: unknown }).logPath : undefined;
      if (typeof logPath !== 'string' || !logPath.endsWith('.jsonl')) {
        panel.dispose();
        return;
      }
      await openRun(deps, vscode.Uri.file(logPath), undefined, panel);
    },
  };
}

export { RUN_VIEW_TYPE };
