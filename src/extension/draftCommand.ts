import * as vscode from 'vscode';
import { DEFAULT_BUDGET_CHARS } from '../core/evidence/collect';
import type { EvidenceBundle } from '../core/evidence/types';
import { buildMessages, DEFAULT_AUDIENCE } from '../core/draft/prompt';
import { titleFromFolder } from '../core/draft/document';
import { DraftError } from '../core/draft/types';
import { includeImagesFor, keyMissing, OFFLINE_PROVIDER } from '../core/draft/providers';
import {
  collectSelection,
  draftRepair,
  draftSelection,
  planDraft,
  repairSummary,
  writeDraft,
  type DraftSelection,
  type RepairOutcome,
  createDraftFiles,
} from '../core/usecases/draft';
import type { Workspace } from '../core/workspace/port';
import { uriPath } from './fileIndex';
import { DraftWriter } from './draftWriter';
import { API_KEY_SECRET, chooseProvider, draftSettings } from './providers';
import { SECTION } from './settings';
import type { SopCommandDeps } from './sopTarget';
import { createVscodeWorkspace, workspaceRoot } from './vscodeWorkspace';

const AUDIENCE_KEY = 'sopBuilder.audience';

export interface DraftDeps extends SopCommandDeps {
  context: vscode.ExtensionContext;
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
  /** What the repair round did, when there was one. */
  repair?: RepairOutcome;
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

interface Gathered {
  ws: Workspace;
  folder: vscode.WorkspaceFolder;
  selection: DraftSelection;
  bundle: EvidenceBundle;
}

async function gather(uris: vscode.Uri[], token: vscode.CancellationToken, progress?: vscode.Progress<{ message?: string }>): Promise<Gathered | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(uris[0]);
  if (!folder) {
    void vscode.window.showErrorMessage(
      'Draft SOP works on files inside an open workspace folder. Open the folder that holds the work (File › Open Folder), then try again.',
    );
    return undefined;
  }
  const outside = uris.filter((u) => vscode.workspace.getWorkspaceFolder(u) !== folder);
  if (outside.length) {
    void vscode.window.showErrorMessage(
      `Draft SOP takes evidence from one workspace folder at a time; ${outside.length} selected item(s) are elsewhere. Select files from "${folder.name}" only.`,
    );
    return undefined;
  }
  const abort = new AbortController();
  token.onCancellationRequested(() => abort.abort());
  const c = vscode.workspace.getConfiguration(SECTION, folder.uri);
  const ws = createVscodeWorkspace(folder.uri);
  const selection = await draftSelection(
    ws,
    workspaceRoot(folder.uri),
    uris.map((u) => uriPath(u)),
  );
  const bundle = await collectSelection(ws, selection, {
    sensitive: c.get<string[]>('evidence.extraSensitivePatterns', []),
    budgetChars: budgetChars(folder),
    onProgress: (message: string) => progress?.report({ message }),
    signal: abort.signal,
  });
  return { ws, folder, selection, bundle };
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
  deps.log.info(
    `Evidence: ${bundle.included.length} included, ${bundle.excluded.length} left out (${bundle.excluded.map((e) => `${e.path}: ${e.reason}`).join('; ') || 'none'})`,
  );
  if (bundle.included.length === 0) {
    void vscode.window.showWarningMessage(
      `Draft SOP found no usable evidence in the selection (${bundle.excluded.length} file(s) left out). Select the folder with the scripts, exports, notes or e-mails of the work.`,
    );
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
  const audience = skipPreview
    ? remembered
    : await vscode.window.showInputBox({
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
      await vscode.workspace.getConfiguration(SECTION).update('draft.provider', OFFLINE_PROVIDER.id, vscode.ConfigurationTarget.Global);
      choice = await chooseProvider(deps.context.secrets, deps.log);
    } else throw e;
  }
  if (keyMissing(choice.descriptor, { apiKey: await deps.context.secrets.get(API_KEY_SECRET), baseUrl: draftSettings().baseUrl })) {
    const pick = await vscode.window.showWarningMessage(
      `The ${choice.descriptor.id} provider needs an API key, and none is stored.` + " Set one (it is kept in VS Code's secret storage), or draft offline.",
      'Set API Key',
      'Use Offline Drafter',
    );
    if (pick === 'Set API Key') {
      await vscode.commands.executeCommand('sopBuilder.setApiKey');
      if (!(await deps.context.secrets.get(API_KEY_SECRET))) return undefined;
      choice = await chooseProvider(deps.context.secrets, deps.log);
    } else if (pick === 'Use Offline Drafter') {
      await vscode.workspace.getConfiguration(SECTION).update('draft.provider', OFFLINE_PROVIDER.id, vscode.ConfigurationTarget.Global);
      choice = await chooseProvider(deps.context.secrets, deps.log);
    } else return undefined;
  }

  const plan = await planDraft(gathered.ws, gathered.selection, bundle, {
    audience,
    images: includeImagesFor(choice.descriptor, draftSettings().sendImages),
    budgetChars: budgetChars(folder),
    folder: vscode.workspace.getConfiguration(SECTION, folder.uri).get<string>('draft.outputFolder'),
    provider: choice.provider,
    now: new Date(),
  });
  const relFile = plan.relFile;
  const target = vscode.Uri.joinPath(folder.uri, ...relFile.split('/'));
  deps.linter.pause(target);
  // Created through the port: it fails rather than replace a file that appeared meanwhile.
  await createDraftFiles(gathered.ws, plan);
  const document = await vscode.workspace.openTextDocument(target);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  deps.log.info(`Drafting ${relFile} with ${choice.provider.id} (${choice.provider.model}); evidence goes to ${choice.destination}`);

  const writer = new DraftWriter(document, plan.marker);
  const startedAt = Date.now();
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Draft SOP: writing ${relFile} (${choice.provider.id})`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      // One round trip to the editor (with the progress shown) before the model is asked, so the first
      // token lands at once instead of queueing behind the window opening the file.
      await editor.edit(() => undefined, { undoStopBefore: false, undoStopAfter: false });
      let reported = 0;
      // A model's draft is linted and sent back once with what a model can fix; the offline drafter needs no round.
      const repairOn =
        vscode.workspace.getConfiguration(SECTION, folder.uri).get<boolean>('draft.repairRound', true) && choice.provider.id !== OFFLINE_PROVIDER.id;
      const repair = repairOn
        ? await draftRepair(gathered.ws, plan, {
            index: deps.files.index,
            config: deps.configs.resolve(target).config,
            onStatus: (message) => {
              deps.log.info(`Draft ${relFile}: ${message}`);
              progress.report({ message: `${message}…` });
            },
          })
        : undefined;
      return writeDraft(
        plan,
        choice.provider,
        writer,
        abort.signal,
        (chars) => {
          // A few progress updates a second: one per token would flood the window.
          if (Date.now() - reported > 250) {
            reported = Date.now();
            progress.report({ message: `${chars.toLocaleString()} characters` });
          }
        },
        repair,
      );
    },
  );
  deps.linter.resume(target);
  const lint = deps.linter.lintNow(document);
  const findings = lint?.issues.length ?? 0;
  if (result.error) {
    deps.log.warn(`Draft ${relFile} stopped: ${result.error.kind}: ${result.error.message}`);
    const actions =
      result.error.kind === 'auth' || result.error.kind === 'no-key'
        ? ['Set API Key', 'Use Offline Drafter']
        : result.error.kind === 'cancelled'
          ? []
          : ['Use Offline Drafter'];
    void vscode.window.showErrorMessage(`${result.error.message} The partial draft is saved in ${relFile}.`, ...actions).then(async (pick) => {
      if (pick === 'Set API Key') await vscode.commands.executeCommand('sopBuilder.setApiKey');
      if (pick === 'Use Offline Drafter')
        await vscode.workspace.getConfiguration(SECTION).update('draft.provider', OFFLINE_PROVIDER.id, vscode.ConfigurationTarget.Global);
    });
  } else {
    deps.log.info(
      `Drafted ${relFile}: ${result.chars} characters, first token after ${result.firstTokenMs ?? '?'} ms, first character in the editor ${writer.firstCharMs ?? '?'} ms after it`,
    );
    const repaired = result.repair ? ` (${repairSummary(result.repair)})` : '';
    if (result.repair) deps.log.info(`Draft ${relFile}: ${repairSummary(result.repair)}`);
    void vscode.window.showInformationMessage(`Drafted ${relFile} with the ${choice.provider.id} drafter: ${findings} lint finding(s) to review${repaired}.`);
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
    repair: result.repair,
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
  const audience = deps.context.globalState.get<string>(AUDIENCE_KEY, DEFAULT_AUDIENCE);
  // Exactly what Draft SOP would send with the provider in use: images only to a provider that takes them.
  const choice = await chooseProvider(deps.context.secrets, deps.log).catch(() => undefined);
  const messages = buildMessages(gathered.bundle, {
    audience,
    title: titleFromFolder(gathered.selection.name),
    workdir: gathered.selection.workdir,
    includeImages: !!choice && includeImagesFor(choice.descriptor, draftSettings().sendImages),
    budgetChars: budgetChars(gathered.folder),
  });
  const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(messages, null, 2) });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}
