import * as vscode from 'vscode';
import { checkSop, type SopContext } from '../core/usecases/sop';
import type { Workspace } from '../core/workspace/port';
import type { ConfigService } from './configFiles';
import type { EvidenceHashes } from './evidenceHashes';
import { uriPath, type FileIndexService } from './fileIndex';
import type { LintController } from './linter';
import { evidenceCopyPlacement } from './settings';
import { createVscodeWorkspace, workspaceRoot } from './vscodeWorkspace';

/** What the SOP commands read the editor through. */
export interface SopCommandDeps {
  linter: LintController;
  files: FileIndexService;
  configs: ConfigService;
  hashes: EvidenceHashes;
  log: vscode.LogOutputChannel;
}

/** The SOP a command works on: the clicked file or the active editor's document, as core's parsed, configured, checked SOP. */
export interface SopTarget {
  document: vscode.TextDocument;
  folder: vscode.WorkspaceFolder;
  ws: Workspace;
  sop: SopContext;
}

export async function sopTarget(deps: SopCommandDeps, command: string, uri?: vscode.Uri): Promise<SopTarget | undefined> {
  let document: vscode.TextDocument | undefined;
  try {
    document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  } catch (e) {
    void vscode.window.showErrorMessage(`${command}: the file could not be opened (${e instanceof Error ? e.message : String(e)}).`);
    return undefined;
  }
  if (!document || !deps.linter.isSop(document)) {
    void vscode.window.showErrorMessage(
      `${command} works on an SOP file. Open the SOP (a *.sop.md file, Markdown under sops/, or "type: sop" in its front matter) and run it again.`,
    );
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder) {
    void vscode.window.showErrorMessage(`${command} needs the SOP inside an open workspace folder: open the folder that holds it and run it again.`);
    return undefined;
  }
  await Promise.all([deps.files.whenReady(), deps.configs.whenReady()]);
  const ws = createVscodeWorkspace(folder.uri);
  // The same check the command line makes: the text as it is in the editor, the evidence hashed afresh as it is on disk.
  const sop = await checkSop(
    ws,
    { root: workspaceRoot(folder.uri), path: uriPath(document.uri), text: document.getText(), config: deps.configs.resolve(document.uri).config },
    { index: deps.files.built ? deps.files.index : undefined, copies: evidenceCopyPlacement(document.uri) },
  );
  deps.hashes.remember(folder.uri, sop.evidence);
  return { document, folder, ws, sop };
}

export function uriIn(folder: vscode.WorkspaceFolder, rel: string): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, ...rel.split('/').filter(Boolean));
}
