import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function root(): vscode.Uri {
  return vscode.workspace.workspaceFolders![0].uri;
}

export function file(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(root(), ...rel.split('/'));
}

export function sopDiagnostics(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'sop-lint' && (!rule || (typeof d.code === 'object' && d.code.value === rule)));
}

export function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(file(rel));
  return vscode.window.showTextDocument(doc);
}

/** The quick fixes VS Code offers for a diagnostic, as the light bulb would show them. */
export async function quickFixes(uri: vscode.Uri, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    d.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  // The command's results carry titles and edits, not the diagnostics they fix.
  return actions ?? [];
}

export async function applyQuickFix(uri: vscode.Uri, d: vscode.Diagnostic, titleStart: string): Promise<void> {
  const actions = await quickFixes(uri, d);
  const action = actions.find((a) => a.title.startsWith(titleStart));
  if (!action?.edit) throw new Error(`no quick fix "${titleStart}" among: ${actions.map((a) => a.title).join(' | ')}`);
  const ok = await vscode.workspace.applyEdit(action.edit);
  if (!ok) throw new Error(`applying "${action.title}" failed`);
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Sets SOP Builder settings for the whole test host (user settings); undefined removes one. */
export async function settings(values: Record<string, unknown>): Promise<void> {
  const c = vscode.workspace.getConfiguration('sopBuilder');
  for (const [k, v] of Object.entries(values)) await c.update(k, v, vscode.ConfigurationTarget.Global);
}

/** The evidence manifest an SOP's front matter names (read beside the SOP): its files with their hashes. */
export async function evidenceManifest(sop: vscode.Uri): Promise<{ approved?: { by: string }; files: Array<{ path: string; sha256?: string }> }> {
  const name = frontMatter(new TextDecoder().decode(await vscode.workspace.fs.readFile(sop))).evidence;
  assert.equal(typeof name, 'string', 'the front matter names the evidence manifest');
  const manifest = vscode.Uri.joinPath(sop, '..', name as string);
  return parseYaml(new TextDecoder().decode(await vscode.workspace.fs.readFile(manifest))) as {
    approved?: { by: string };
    files: Array<{ path: string; sha256?: string }>;
  };
}

export function frontMatter(text: string): Record<string, unknown> {
  const m = text.match(/^---\n([\s\S]*?)\n---\n/);
  assert.ok(m, 'the draft starts with front matter');
  return parseYaml(m[1]) as Record<string, unknown>;
}
