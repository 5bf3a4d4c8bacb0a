import * as vscode from 'vscode';
import { buildMessages, DEFAULT_AUDIENCE } from '../../core/draft/prompt';
import { titleFromFolder } from '../../core/draft/document';
import { createOfflineProvider } from '../../core/draft/providers/offline';
import type { DraftProvider } from '../../core/draft/types';
import { collectSelection, draftSelection } from '../../core/usecases/draft';
import { renderReview, reviewOf } from '../../core/usecases/review';
import { conformSopRuns, readRunLog, runLogPaths } from '../../core/usecases/runs';
import { relativeTo } from '../../core/workspace/paths';
import { languageModelDrafter } from '../lmProvider';
import { sopTarget, type SopCommandDeps } from '../sopTarget';
import { createVscodeWorkspace, workspaceRoot } from '../vscodeWorkspace';
import { uriPath } from '../fileIndex';

/**
 * `@sop` in the chat view: /draft streams an SOP drafted from the evidence of a folder (the model chosen in chat,
 * or the offline drafter), /review the review of an SOP, /run how its runs have gone — each with buttons that
 * open the real commands, where the draft is saved, the approval recorded and the run done. Loaded on first use
 * (agent/register.ts registers the participant).
 */

/** What the handler reads of a chat request: enough for the chat view and for tests to call it alike. */
export interface SopChatRequest {
  command?: string;
  prompt: string;
  references: ReadonlyArray<{ value: unknown }>;
  model?: vscode.LanguageModelChat;
}

/** What the handler writes: the chat view's response stream, or a test's recorder. */
export interface SopChatStream {
  markdown(value: string): void;
  progress(value: string): void;
  button(command: vscode.Command): void;
}

export async function handleSopChat(
  deps: SopCommandDeps,
  request: SopChatRequest,
  stream: SopChatStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  try {
    if (request.command === 'draft') return await draft(deps, request, stream, token);
    if (request.command === 'review') return await review(deps, request, stream);
    if (request.command === 'run') return await runs(deps, request, stream);
    stream.markdown(
      [
        'I work with the SOPs in this workspace:',
        '',
        '- `/draft` a folder of finished work (attach it with #, or name it): I read its evidence as a draft does — sensitive files and secrets left out — and draft an SOP.',
        '- `/review` an SOP: the seven review questions, answered with evidence.',
        '- `/run` an SOP: whether it has been followed since approval, and runs in progress.',
      ].join('\n'),
    );
    return {};
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    deps.log.warn(`@sop /${request.command ?? ''}: ${message}`);
    stream.markdown(`\n\n**Stopped:** ${message}`);
    return { errorDetails: { message } };
  }
}

/** The files or folders the request points at: attached references first, then a workspace path in the prompt, then the active editor's. */
function targetsOf(request: SopChatRequest): vscode.Uri[] {
  const attached = request.references.flatMap((r) => (r.value instanceof vscode.Uri ? [r.value] : r.value instanceof vscode.Location ? [r.value.uri] : []));
  if (attached.length > 0) return attached;
  const folder = vscode.workspace.workspaceFolders?.[0];
  const named = request.prompt.match(/[\w.-]+(?:\/[\w.-]+)*\/?/g)?.find((p) => p.includes('/') || /\.md$/i.test(p));
  if (folder && named && !named.split('/').includes('..')) return [vscode.Uri.joinPath(folder.uri, named)];
  const active = vscode.window.activeTextEditor?.document.uri;
  return active ? [active] : [];
}

async function draft(_deps: SopCommandDeps, request: SopChatRequest, stream: SopChatStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const targets = targetsOf(request);
  const folder = targets[0] && vscode.workspace.getWorkspaceFolder(targets[0]);
  if (!folder) {
    stream.markdown('Attach the folder of finished work (type `#` and pick it) or name it, e.g. `@sop /draft month-end-close/`.');
    return {};
  }
  const ws = createVscodeWorkspace(folder.uri);
  stream.progress('Reading the evidence, leaving out sensitive files and secrets…');
  const selection = await draftSelection(
    ws,
    workspaceRoot(folder.uri),
    targets.map((t) => uriPath(t)),
  );
  const abort = new AbortController();
  token.onCancellationRequested(() => abort.abort());
  const sensitive = vscode.workspace.getConfiguration('sopBuilder', folder.uri).get<string[]>('evidence.extraSensitivePatterns', []);
  const bundle = await collectSelection(ws, selection, { sensitive, signal: abort.signal });
  const redacted = bundle.included.reduce((n, f) => n + Object.values(f.redactions).reduce((a, b) => a + b, 0), 0);
  stream.markdown(
    `Drafting from ${bundle.included.length} evidence file(s)${redacted ? `, ${redacted} secret(s) redacted` : ''}; ${bundle.excluded.length} left out` +
      (bundle.excluded.length
        ? ` (${bundle.excluded
            .slice(0, 3)
            .map((e) => `\`${e.path}\`: ${e.reason}`)
            .join('; ')}${bundle.excluded.length > 3 ? '; …' : ''})`
        : '') +
      '.\n\n',
  );
  const drafter: DraftProvider = request.model ? languageModelDrafter(request.model) : createOfflineProvider();
  const title = titleFromFolder(selection.name);
  const messages = buildMessages(bundle, { audience: DEFAULT_AUDIENCE, title, workdir: selection.workdir });
  for await (const piece of drafter.draft({ bundle, audience: DEFAULT_AUDIENCE, title, workdir: selection.workdir, messages }, abort.signal))
    stream.markdown(piece);
  stream.markdown('\n\n---\nThis draft is only in the chat. Save it as an SOP file, with its evidence manifest, to lint, review and approve it:');
  stream.button({ command: 'sopBuilder.draftSop', title: 'Draft SOP into an editor', arguments: [targets[0], targets] });
  return { metadata: { command: 'draft', drafter: drafter.model } };
}

async function sopOf(deps: SopCommandDeps, request: SopChatRequest, stream: SopChatStream, what: string) {
  const uri = targetsOf(request)[0];
  if (!uri) {
    stream.markdown(`Open the SOP, attach it with \`#\`, or name it (e.g. \`@sop /${what} sops/refund.sop.md\`).`);
    return undefined;
  }
  return sopTarget(deps, `@sop /${what}`, uri);
}

async function review(deps: SopCommandDeps, request: SopChatRequest, stream: SopChatStream): Promise<vscode.ChatResult> {
  const target = await sopOf(deps, request, stream, 'review');
  if (!target) return {};
  stream.progress('Answering the seven review questions…');
  const report = reviewOf(target.sop, await conformSopRuns(target.ws, target.sop).catch(() => undefined));
  stream.markdown(renderReview(target.sop, report, { format: 'markdown', reportPath: target.sop.relPath.replace(/(?:\.sop)?\.md$/i, '.review.md') }));
  stream.button({ command: 'sopBuilder.review', title: 'Write the review report', arguments: [target.document.uri] });
  stream.button({ command: 'sopBuilder.approve', title: 'Approve…', arguments: [target.document.uri] });
  return { metadata: { command: 'review' } };
}

async function runs(deps: SopCommandDeps, request: SopChatRequest, stream: SopChatStream): Promise<vscode.ChatResult> {
  const target = await sopOf(deps, request, stream, 'run');
  if (!target) return {};
  const c = await conformSopRuns(target.ws, target.sop);
  const since = c.approvedOn ? `since its approval on ${c.approvedOn}` : 'of its current text (not approved)';
  const lines = [
    c.verdict === 'not yet tried'
      ? `**${target.sop.relPath}** has not been tried: no run is recorded.`
      : `**${target.sop.relPath}**: ${c.verdict} — ${c.sameVersion} run(s) ${since}; ${c.runs.filter((r) => r.followed).length} followed it.`,
    ...c.persistent.map((p) => `- ${p}`),
  ];
  const open: string[] = [];
  for (const path of (await runLogPaths(target.ws, target.sop.path)).slice(-50)) {
    const log = await readRunLog(target.ws, path);
    if (!log.events.some((e) => e.type === 'run-finished')) open.push(relativeTo(target.sop.root, path));
  }
  if (open.length) lines.push('', `In progress: ${open.map((p) => `\`${p}\``).join(', ')}.`);
  stream.markdown(lines.join('\n'));
  stream.button({ command: 'sopBuilder.startRun', title: 'Start Run', arguments: [target.document.uri] });
  if (open.length) stream.button({ command: 'sopBuilder.resumeRun', title: 'Resume Run', arguments: [target.document.uri] });
  if (c.verdict !== 'not yet tried') stream.button({ command: 'sopBuilder.showRuns', title: 'Show Runs', arguments: [target.document.uri] });
  return { metadata: { command: 'run' } };
}
