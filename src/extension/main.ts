import * as vscode from 'vscode';
import { ConfigService } from './configFiles';
import { FileIndexService } from './fileIndex';
import { LintController } from './linter';
import { SopCodeActions } from './codeActions';
import type { DraftOutcome } from './draftCommand';
import { API_KEY_SECRET } from './providers';
import { EvidenceHashes } from './evidenceHashes';
import { SopRunFacts } from './runFacts';
import { SopSkillFacts } from './skillFacts';
import { approveSop, SopStatusBar, type ApproveOptions } from './approveCommand';
import { showEvidenceChange, type EvidenceChangeArgs } from './evidenceChange';
import type { ExportSkillOptions } from './exportSkillCommand';
import type { ReviewOptions } from './reviewCommand';
import type { ExportAutomationOptions } from './exportAutomationCommand';
import type { StartRunOptions } from './runs/runCommands';
import type { ExportHooksOptions } from './exportHooksCommand';
import { redactingLog, rememberSecret } from './safeLog';
import { registerSopParticipant, registerSopTools } from './agent/register';
import { registerSopMcpServer } from './agent/mcpProvider';
import type { SopChatRequest, SopChatStream } from './agent/chatParticipant';

/** What the extension exposes to its own integration tests. */
export interface SopBuilderApi {
  linter: LintController;
  files: FileIndexService;
  configs: ConfigService;
  statusBar: SopStatusBar;
  hashes: EvidenceHashes;
  /** `@sop`'s handler, for tests that cannot type into a chat view. */
  chat: (request: SopChatRequest, stream: SopChatStream) => Promise<vscode.ChatResult>;
  /** Whether `sop mcp` was offered to the editor's MCP support (its API differs by VS Code version). */
  mcpOffered: boolean;
}

/**
 * Drafting, review and the exports (with the model client and the document readers they use) load when one of
 * their commands first runs: activation reads only what linting and the approval status bar need.
 */
const draftCommand = () => import('./draftCommand');
const reviewCommand = () => import('./reviewCommand');
const exportSkillCommand = () => import('./exportSkillCommand');
const exportAutomationCommand = () => import('./exportAutomationCommand');
const runCommands = () => import('./runs/runCommands');
const exportHooksCommand = () => import('./exportHooksCommand');

export function activate(context: vscode.ExtensionContext): SopBuilderApi {
  const log = redactingLog(vscode.window.createOutputChannel('SOP Builder', { log: true }));
  const files = new FileIndexService(log);
  const configs = new ConfigService(log);
  const docsUri = (rule: string) => vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${rule}.md`);
  const hashes = new EvidenceHashes();
  const linter = new LintController(files, configs, docsUri, log, hashes);
  // Run deviations (issue 10): each open SOP's run logs, read in the background and re-read when a log changes.
  const runFacts = new SopRunFacts(log);
  linter.useRunFacts(runFacts);
  context.subscriptions.push(runFacts);
  // Skill drift (issue 11): where each open SOP's skill was exported, read in the background, re-read when a skill file changes.
  const skillFacts = new SopSkillFacts(log);
  linter.useSkillFacts(skillFacts);
  context.subscriptions.push(skillFacts);
  const statusBar = new SopStatusBar(linter, hashes, files);
  const deps = { linter, files, configs, hashes, log };
  context.subscriptions.push(
    hashes,
    statusBar,
    guarded(log, 'SOP: Approve', 'sopBuilder.approve', (uri?: vscode.Uri, options?: ApproveOptions) => approveSop(deps, uri, options)),
    guarded(log, 'Show What Changed', 'sopBuilder.showEvidenceChange', (args?: EvidenceChangeArgs, sop?: vscode.Uri) => showEvidenceChange(args, sop)),
    guarded(log, 'SOP: Export as Skill', 'sopBuilder.exportSkill', async (uri?: vscode.Uri, options?: ExportSkillOptions) =>
      (await exportSkillCommand()).exportSkillCommand(deps, uri, options),
    ),
    guarded(log, 'SOP: Review', 'sopBuilder.review', async (uri?: vscode.Uri, options?: ReviewOptions) =>
      (await reviewCommand()).reviewCommand({ ...deps, context }, uri, options),
    ),
    guarded(log, 'SOP: Export as Automation', 'sopBuilder.exportAutomation', async (uri?: vscode.Uri, options?: ExportAutomationOptions) =>
      (await exportAutomationCommand()).exportAutomationCommand({ ...deps, version: String(context.extension.packageJSON.version ?? '') }, uri, options),
    ),
    guarded(log, 'SOP: Export Gate Hooks', 'sopBuilder.exportHooks', async (uri?: vscode.Uri, options?: ExportHooksOptions) =>
      (await exportHooksCommand()).exportHooksCommand(deps, uri, options),
    ),
    guarded(log, 'SOP: Start Run', 'sopBuilder.startRun', async (uri?: vscode.Uri, options?: StartRunOptions) =>
      (await runCommands()).startRunCommand({ ...deps, context }, uri, options),
    ),
    guarded(log, 'SOP: Resume Run', 'sopBuilder.resumeRun', async (uri?: vscode.Uri, options?: { person?: string }) =>
      (await runCommands()).resumeRunCommand({ ...deps, context }, uri, options),
    ),
    guarded(log, 'SOP: Show Runs', 'sopBuilder.showRuns', async (uri?: vscode.Uri) => (await runCommands()).showRuns({ ...deps, context }, uri)),
    // The run view's actions for scripted use (tests, tasks): the same checks and the same log as its buttons.
    guarded(log, 'SOP run', 'sopBuilder.runAction', async (logPath: string, message: unknown, person?: string) =>
      (await runCommands()).runAction({ ...deps, context }, logPath, message, person),
    ),
    vscode.window.registerWebviewPanelSerializer('sopBuilder.run', {
      deserializeWebviewPanel: async (panel, state) => (await runCommands()).runViewSerializer({ ...deps, context }).deserializeWebviewPanel(panel, state),
    }),
    log,
    files,
    configs,
    linter,
    vscode.languages.registerCodeActionsProvider({ language: 'markdown' }, new SopCodeActions(linter), {
      providedCodeActionKinds: SopCodeActions.kinds,
    }),
    vscode.commands.registerCommand('sopBuilder.lintWorkspace', async () => {
      const summary = await linter.lintWorkspace();
      if (!summary) return undefined;
      const text =
        summary.files === 0
          ? 'No SOPs found. SOPs are *.sop.md files, Markdown under a sops/ folder, or Markdown with "type: sop" in its front matter.'
          : `Linted ${summary.files} SOP${summary.files === 1 ? '' : 's'}: ${summary.errors} error(s), ${summary.warnings} warning(s).`;
      void vscode.window.showInformationMessage(text, ...(summary.files > 0 ? ['Show Problems'] : [])).then((pick) => {
        if (pick === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return summary;
    }),
    vscode.commands.registerCommand('sopBuilder.showOutput', () => log.show()),
    guarded(log, 'Draft SOP', 'sopBuilder.draftSop', async (clicked?: vscode.Uri, selected?: vscode.Uri[]): Promise<DraftOutcome | undefined> =>
      (await draftCommand()).draftSop({ ...deps, context }, clicked, selected),
    ),
    guarded(log, 'SOP: Show Prompt', 'sopBuilder.showPrompt', async (clicked?: vscode.Uri, selected?: vscode.Uri[]) =>
      (await draftCommand()).showPrompt({ ...deps, context }, clicked, selected),
    ),
    vscode.commands.registerCommand('sopBuilder.setApiKey', async () => {
      const key = await vscode.window.showInputBox({
        title: 'SOP Builder: API key for the OpenAI-compatible endpoint',
        prompt: "Kept in VS Code's secret storage, never in settings, logs or drafts.",
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'Paste the key, or press Escape to cancel.'),
      });
      if (!key) return;
      rememberSecret(key.trim());
      await context.secrets.store(API_KEY_SECRET, key.trim());
      log.info('API key stored in secret storage');
      void vscode.window.showInformationMessage('API key stored. Draft SOP now uses the OpenAI-compatible provider (see "sopBuilder.draft.provider").');
    }),
    vscode.commands.registerCommand('sopBuilder.clearApiKey', async () => {
      await context.secrets.delete(API_KEY_SECRET);
      log.info('API key removed from secret storage');
      void vscode.window.showInformationMessage('API key removed. Draft SOP uses the offline drafter unless another provider is set.');
    }),
  );
  // Agents: the same use cases as language-model tools, the @sop chat participant, and `sop mcp` for VS Code's MCP support.
  const mcp = registerSopMcpServer(context);
  context.subscriptions.push(...registerSopTools(deps), ...registerSopParticipant(deps, context), ...mcp);
  void Promise.all([files.whenReady(), configs.whenReady()]).then(() => linter.lintOpen());
  linter.lintOpen();
  log.info('SOP Builder activated');
  const chat = async (request: SopChatRequest, stream: SopChatStream) =>
    (await import('./agent/chatParticipant')).handleSopChat(deps, request, stream, new vscode.CancellationTokenSource().token);
  return { linter, files, configs, statusBar, hashes, chat, mcpOffered: mcp.length > 0 };
}

/**
 * Registers a command whose unexpected failures (a read-only folder, a file that vanished) are logged and shown
 * with what to do next, instead of VS Code's bare "command resulted in an error".
 */
function guarded<A extends unknown[], R>(log: vscode.LogOutputChannel, title: string, id: string, run: (...args: A) => Promise<R>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: A): Promise<R | undefined> => {
    try {
      return await run(...args);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log.error(`${title} failed: ${message}`);
      void vscode.window.showErrorMessage(`${title} failed: ${message}. See "SOP: Show Log" for details, fix the cause and run it again.`);
      return undefined;
    }
  });
}

export function deactivate(): void {}
