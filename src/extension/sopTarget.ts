import * as vscode from 'vscode';
import type { LintResult } from '../core/lint/lint';
import type { LintController } from './linter';

/** The SOP a command works on: the clicked file, or the active editor's document, linted and in a workspace folder. */
export interface SopTarget {
  document: vscode.TextDocument;
  folder: vscode.WorkspaceFolder;
  /** Workspace-relative path, forward slashes. */
  relPath: string;
  result: LintResult;
}

export async function sopTarget(linter: LintController, command: string, uri?: vscode.Uri): Promise<SopTarget | undefined> {
  let document: vscode.TextDocument | undefined;
  try {
    document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  } catch (e) {
    void vscode.window.showErrorMessage(`${command}: the file could not be opened (${e instanceof Error ? e.message : String(e)}).`);
    return undefined;
  }
  if (!document || !linter.isSop(document)) {
    void vscode.window.showErrorMessage(`${command} works on an SOP file. Open the SOP (a *.sop.md file, Markdown under sops/, or "type: sop" in its front matter) and run it again.`);
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder) {
    void vscode.window.showErrorMessage(`${command} needs the SOP inside an open workspace folder: open the folder that holds it and run it again.`);
    return undefined;
  }
  const result = linter.resultFor(document) ?? linter.lintNow(document);
  if (!result) {
    void vscode.window.showErrorMessage(`${command}: linting is turned off for this file ("sopBuilder.lint.enabled"), so the SOP cannot be checked. Turn it on and run the command again.`);
    return undefined;
  }
  return { document, folder, relPath: vscode.workspace.asRelativePath(document.uri, false), result };
}

export function uriIn(folder: vscode.WorkspaceFolder, rel: string): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, ...rel.split('/').filter(Boolean));
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Writes text files (workspace-relative path → text). */
export async function writeTextFiles(folder: vscode.WorkspaceFolder, files: Map<string, string>): Promise<void> {
  for (const [rel, text] of files) await vscode.workspace.fs.writeFile(uriIn(folder, rel), new TextEncoder().encode(text));
}
