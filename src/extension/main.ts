import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('SOP Builder', { log: true });
  context.subscriptions.push(output);
  output.info('SOP Builder activated');
}

export function deactivate(): void {}
