import * as vscode from 'vscode';
import { ConfigService } from './configFiles';
import { FileIndexService } from './fileIndex';
import { LintController } from './linter';
import { SopCodeActions } from './codeActions';

/** What the extension exposes to its own integration tests. */
export interface SopBuilderApi {
  linter: LintController;
  files: FileIndexService;
  configs: ConfigService;
}

export function activate(context: vscode.ExtensionContext): SopBuilderApi {
  const log = vscode.window.createOutputChannel('SOP Builder', { log: true });
  const files = new FileIndexService(log);
  const configs = new ConfigService(log);
  const docsUri = (rule: string) => vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${rule}.md`);
  const linter = new LintController(files, configs, docsUri, log);
  context.subscriptions.push(
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
  );
  void Promise.all([files.whenReady(), configs.whenReady()]).then(() => linter.lintOpen());
  linter.lintOpen();
  log.info('SOP Builder activated');
  return { linter, files, configs };
}

export function deactivate(): void {}
