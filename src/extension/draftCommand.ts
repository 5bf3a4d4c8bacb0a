import * as vscode from 'vscode';
import { collectEvidence, DEFAULT_BUDGET_CHARS } from '../core/evidence/collect';
import type { EvidenceBundle } from '../core/evidence/types';
import { buildMessages, DEFAULT_AUDIENCE } from '../core/draft/prompt';
import { draftFileName, draftFrontMatter, incompleteMarker, inProgressMarker, titleFromFolder, workdirOf } from '../core/draft/document';
import { streamDraft } from '../core/draft/stream';
import { DraftError, type DraftRequest } from '../core/draft/types';
import { relativeTo } from '../core/workspace/paths';
import { VscodeEvidenceFs } from './evidenceFs';
import { uriPath } from './fileIndex';
import { DraftWriter } from './draftWriter';
import type { LintController } from './linter';
import { API_KEY_SECRET, chooseProvider, draftSettings } from './providers';
import { SECTION } from './settings';

const AUDIENCE_KEY = 'sopBuilder.audience';

export interface DraftDeps {
  context: vscode.ExtensionContext;
  linter: LintController;
  log: vscode.LogOutputChannel;
}

export interface DraftOutcome {
  uri: vscode.Uri;
  provider: string;
  error?: DraftError;
  /** Time from the provider's first token to the first character in the document. */
  firstCharMs?: number;
  /** Time from the start to the provider's first token. */
  firstTokenMs?: number;
  chars: number;
  /** How far the editor fell behind the stream. */
  maxLagMs: number;
  meanLagMs: number;
  durationMs: number;
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The prompt's budget, in characters: collection cuts file texts to it, and the whole prompt stays within it. */
function budgetChars(folder: vscode.WorkspaceFolder): number {
  return vscode.workspace.getConfiguration(SECTION, folder.uri).get<number>('evidence.budgetChars', DEFAULT_BUDGET_CHARS);
}

/** The explorer passes the clicked resource and every selected one; the palette asks. */
async function selection(clicked?: vscode.Uri, selected?: vscode.Uri[]): Promise<vscode.Uri[] | undefined> {
  if (selected && selected.length > 0) return selected;
  if (clicked instanceof vscode.Uri) return [clicked];
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: true,
    canSelectMany: true,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    openLabel: 'Draft SOP from these',
    title: 'Draft SOP: pick the folder (or files) of the finished work',
  });
  return picked;
}

async function gather(uris: vscode.Uri[], token: vscode.CancellationToken, progress?: vscode.Progress<{ message?: string }>): Promise<{ bundle: EvidenceBundle; folder: vscode.WorkspaceFolder } | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(uris[0]);
  if (!folder) {
    void vscode.window.showErrorMessage('Draft SOP works on files inside an open workspace folder. Open the folder that holds the work (File › Open Folder), then try again.');
    return undefined;
  }
  const outside = uris.filter((u) => vscode.workspace.getWorkspaceFolder(u) !== folder);
  if (outside.length) {
    void vscode.window.showErrorMessage(`Draft SOP takes evidence from one workspace folder at a time; ${outside.length} selected item(s) are elsewhere. Select files from "${folder.name}" only.`);
    return undefined;
  }
  const abort = new AbortController();
  token.onCancellationRequested(() => abort.abort());
  const c = vscode.workspace.getConfiguration(SECTION, folder.uri);
  const bundle = await collectEvidence(
    uris.map((u) => uriPath(u)),
    {
      fs: new VscodeEvidenceFs(folder.uri),
      root: uriPath(folder.uri),
      sensitive: c.get<string[]>('evidence.extraSensitivePatterns', []),
      budgetChars: budgetChars(folder),
      onProgress: (message: string) => progress?.report({ message }),
      signal: abort.signal,
    },
  );
  return { bundle, folder };
}

/** The evidence preview: every file found, checked, with its kind and size; what is left out, and why. */
async function preview(bundle: EvidenceBundle): Promise<EvidenceBundle | undefined> {
  type Item = vscode.QuickPickItem & { path?: string };
  const items: Item[] = bundle.included.map((f) => {
    const redacted = Object.values(f.redactions).reduce((a, b) => a + b, 0);
    return {
      label: f.path,
      description: `${f.kind} · ${formatBytes(f.bytes)}${f.summarized ? ' · summarised' : ''}${redacted ? ` · ${redacted} secret(s) redacted` : ''}`,
      picked: true,
      path: f.path,
    };
  });
  if (bundle.excluded.length) {
    items.push({ label: 'Left out — never sent', kind: vscode.QuickPickItemKind.Separator });
    for (const e of bundle.excluded) items.push({ label: `$(lock) ${e.path}`, description: e.reason });
  }
  const qp = vscode.window.createQuickPick<Item>();
  qp.canSelectMany = true;
  qp.items = items;
  qp.selectedItems = items.filter((i) => i.picked);
  qp.title = `Draft SOP: ${bundle.included.length} evidence file(s) found, ${bundle.excluded.length} left out`;
  qp.placeholder = 'Uncheck anything that should not be used. Left-out files are listed for your information only.';
  qp.ignoreFocusOut = true;
  const chosen = await new Promise<readonly Item[] | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (!chosen) return undefined;
  const keep = new Set(chosen.map((i) => i.path).filter(Boolean));
  return {
    ...bundle,
    included: bundle.included.filter((f) => keep.has(f.path)),
    excluded: [...bundle.excluded, ...bundle.included.filter((f) => !keep.has(f.path)).map((f) => ({ path: f.path, reason: 'unchecked in the preview' }))],
  };
}

function folderName(uris: vscode.Uri[], root: vscode.WorkspaceFolder): string {
  const first = uris[0];
  const rel = relativeTo(uriPath(root.uri), uriPath(first));
  if (rel === '.') return root.name;
  const name = first.path.split('/').pop() ?? root.name;
  return uris.length === 1 ? name : (first.path.split('/').slice(-2, -1)[0] ?? name);
}

async function workdirFor(uris: vscode.Uri[], root: vscode.WorkspaceFolder): Promise<string> {
  const selected = [];
  for (const u of uris) selected.push({ rel: relativeTo(uriPath(root.uri), uriPath(u)), isDir: await isFolder(u) });
  return workdirOf(selected);
}

async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export async function draftSop(deps: DraftDeps, clicked?: vscode.Uri, selected?: vscode.Uri[]): Promise<DraftOutcome | undefined> {
  const uris = await selection(clicked, selected);
  if (!uris || uris.length === 0) return undefined;
  const gathered = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Draft SOP: collecting evidence', cancellable: true },
    (progress, token) => gather(uris, token, progress),
  );
  if (!gathered) return undefined;
  const { folder } = gathered;
  let bundle = gathered.bundle;
  deps.log.info(`Evidence: ${bundle.included.length} included, ${bundle.excluded.length} left out (${bundle.excluded.map((e) => `${e.path}: ${e.reason}`).join('; ') || 'none'})`);
  if (bundle.included.length === 0) {
    void vscode.window.showWarningMessage(`Draft SOP found no usable evidence in the selection (${bundle.excluded.length} file(s) left out). Select the folder with the scripts, exports, notes or e-mails of the work.`);
    return undefined;
  }
  const skipPreview = vscode.workspace.getConfiguration(SECTION).get<boolean>('draft.skipPreview', false);
  if (!skipPreview) {
    const reviewed = await preview(bundle);
    if (!reviewed) return undefined;
    bundle = reviewed;
  }
  const remembered = deps.context.globalState.get<string>(AUDIENCE_KEY, DEFAULT_AUDIENCE);
  // Without the preview, drafting asks nothing: the last audience is used.
  const audience = skipPreview ? remembered : await vscode.window.showInputBox({
    title: 'Draft SOP: who will follow this SOP?',
    prompt: 'The draft is written for this reader.',
    value: remembered,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Say who will follow the SOP, e.g. "a new operations assistant".'),
  });
  if (audience === undefined) return undefined;
  await deps.context.globalState.update(AUDIENCE_KEY, audience.trim());

  let choice;
  try {
    choice = await chooseProvider(deps.context.secrets, deps.log);
  } catch (e) {
    if (e instanceof DraftError) {
      const pick = await vscode.window.showErrorMessage(e.message, 'Use Offline Drafter');
      if (pick !== 'Use Offline Drafter') return undefined;
      await vscode.workspace.getConfiguration(SECTION).update('draft.provider', 'offline', vscode.ConfigurationTarget.Global);
      choice = await chooseProvider(deps.context.secrets, deps.log);
    } else throw e;
  }
  if (choice.provider.id === 'openai' && !(await deps.context.secrets.get(API_KEY_SECRET)) && !draftSettings().baseUrl) {
    const pick = await vscode.window.showWarningMessage(
      'The openai provider needs an API key, and none is stored. Set one (it is kept in VS Code\'s secret storage), or draft offline.',
      'Set API Key',
      'Use Offline Drafter',
    );
    if (pick === 'Set API Key') {
      await vscode.commands.executeCommand('sopBuilder.setApiKey');
      if (!(await deps.context.secrets.get(API_KEY_SECRET))) return undefined;
      choice = await chooseProvider(deps.context.secrets, deps.log);
    } else if (pick === 'Use Offline Drafter') {
      await vscode.workspace.getConfiguration(SECTION).update('draft.provider', 'offline', vscode.ConfigurationTarget.Global);
      choice = await chooseProvider(deps.context.secrets, deps.log);
    } else return undefined;
  }

  const name = folderName(uris, folder);
  const workdir = await workdirFor(uris, folder);
  const title = titleFromFolder(name);
  const outFolder = vscode.workspace.getConfiguration(SECTION, folder.uri).get<string>('draft.outputFolder', 'sops');
  const taken = new Set<string>();
  for (let n = 1; n < 200; n++) {
    const candidate = draftFileName(outFolder, name, (p) => taken.has(p));
    if (!(await exists(vscode.Uri.joinPath(folder.uri, ...candidate.split('/'))))) break;
    taken.add(candidate);
  }
  const relFile = draftFileName(outFolder, name, (p) => taken.has(p));
  const target = vscode.Uri.joinPath(folder.uri, ...relFile.split('/'));

  const request: DraftRequest = {
    bundle,
    audience: audience.trim(),
    title,
    workdir,
    messages: buildMessages(bundle, { audience: audience.trim(), title, workdir, includeImages: draftSettings().sendImages && choice.provider.id === 'openai', budgetChars: budgetChars(folder) }),
  };
  const marker = inProgressMarker(choice.provider.id);
  const head = draftFrontMatter(bundle, { title, audience: request.audience, provider: choice.provider.id, model: choice.provider.model, workdir, at: new Date().toISOString() });
  deps.linter.pause(target);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(head + marker));
  const document = await vscode.workspace.openTextDocument(target);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  deps.log.info(`Drafting ${relFile} with ${choice.provider.id} (${choice.provider.model}); evidence goes to ${choice.destination}`);

  const writer = new DraftWriter(document, marker);
  const startedAt = Date.now();
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Draft SOP: writing ${relFile} (${choice.provider.id})`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      // One round trip to the editor (with the progress shown) before the model is asked, so the first
      // token lands at once instead of queueing behind the window opening the file.
      await editor.edit(() => undefined, { undoStopBefore: false, undoStopAfter: false });
      let chars = 0;
      let reported = 0;
      return streamDraft(
        choice.provider,
        request,
        (text) => {
          chars += text.length;
          writer.append(text);
          // A few progress updates a second: one per token would flood the window.
          if (Date.now() - reported > 250) {
            reported = Date.now();
            progress.report({ message: `${chars.toLocaleString()} characters` });
          }
        },
        abort.signal,
      );
    },
  );
  await writer.finish(result.error ? incompleteMarker(result.error.message) : '');
  deps.linter.resume(target);
  const lint = deps.linter.lintNow(document);
  const findings = lint?.issues.length ?? 0;
  if (result.error) {
    deps.log.warn(`Draft ${relFile} stopped: ${result.error.kind}: ${result.error.message}`);
    const actions = result.error.kind === 'auth' || result.error.kind === 'no-key' ? ['Set API Key', 'Use Offline Drafter'] : result.error.kind === 'cancelled' ? [] : ['Use Offline Drafter'];
    void vscode.window.showErrorMessage(`${result.error.message} The partial draft is saved in ${relFile}.`, ...actions).then(async (pick) => {
      if (pick === 'Set API Key') await vscode.commands.executeCommand('sopBuilder.setApiKey');
      if (pick === 'Use Offline Drafter') await vscode.workspace.getConfiguration(SECTION).update('draft.provider', 'offline', vscode.ConfigurationTarget.Global);
    });
  } else {
    deps.log.info(`Drafted ${relFile}: ${result.chars} characters, first token after ${result.firstTokenMs ?? '?'} ms, first character in the editor ${writer.firstCharMs ?? '?'} ms after it`);
    void vscode.window.showInformationMessage(`Drafted ${relFile} with the ${choice.provider.id} drafter: ${findings} lint finding(s) to review.`);
  }
  return {
    uri: target,
    provider: choice.provider.id,
    error: result.error,
    firstCharMs: writer.firstCharMs,
    firstTokenMs: result.firstTokenMs,
    chars: result.chars,
    maxLagMs: writer.maxLagMs,
    meanLagMs: writer.meanLagMs,
    durationMs: Date.now() - startedAt,
  };
}

/** SOP: Show Prompt — exactly what a model would receive for a selection, as JSON. */
export async function showPrompt(deps: DraftDeps, clicked?: vscode.Uri, selected?: vscode.Uri[]): Promise<vscode.TextDocument | undefined> {
  const uris = await selection(clicked, selected);
  if (!uris || uris.length === 0) return undefined;
  const gathered = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'SOP: collecting evidence for the prompt', cancellable: true },
    (progress, token) => gather(uris, token, progress),
  );
  if (!gathered) return undefined;
  const name = folderName(uris, gathered.folder);
  const audience = deps.context.globalState.get<string>(AUDIENCE_KEY, DEFAULT_AUDIENCE);
  const messages = buildMessages(gathered.bundle, {
    audience,
    title: titleFromFolder(name),
    workdir: await workdirFor(uris, gathered.folder),
    includeImages: draftSettings().sendImages,
    budgetChars: budgetChars(gathered.folder),
  });
  const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(messages, null, 2) });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}
