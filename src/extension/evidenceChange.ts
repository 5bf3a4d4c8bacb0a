import * as vscode from 'vscode';

/** What the evidence-drift quick fix passes: the evidence file, its approved hash and the copy kept then. */
export interface EvidenceChangeArgs {
  path: string;
  approvedSha256: string;
  copy: string;
}

/** Opens a diff of an evidence file: the copy kept at approval on the left, the file as it is now on the right. */
export async function showEvidenceChange(args?: EvidenceChangeArgs, sop?: vscode.Uri): Promise<boolean> {
  const sopUri = sop ?? vscode.window.activeTextEditor?.document.uri;
  const folder = sopUri && vscode.workspace.getWorkspaceFolder(sopUri);
  if (!args?.path || !args.copy || !folder) {
    void vscode.window.showErrorMessage('Show What Changed in Evidence runs from the light bulb on an evidence-drift finding in an approved SOP.');
    return false;
  }
  const at = (rel: string) => vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
  const before = at(args.copy);
  const now = at(args.path);
  for (const [uri, what] of [
    [before, `The copy kept at approval (${args.copy})`],
    [now, `The evidence file ${args.path}`],
  ] as const) {
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      void vscode.window.showErrorMessage(
        `${what} is not there any more, so there is nothing to compare. Review the SOP against the evidence as it is, then approve it again.`,
      );
      return false;
    }
  }
  await vscode.commands.executeCommand('vscode.diff', before, now, `${args.path}: approved ↔ now`, { preview: true });
  return true;
}
