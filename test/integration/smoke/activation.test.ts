import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'sop-builder.sop-builder';

async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function workspaceRoot(): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders;
  assert.ok(folders && folders.length > 0, 'a workspace folder is open');
  return folders[0].uri;
}

describe('smoke: extension host', () => {
  it(`has the extension ${EXTENSION_ID}`, () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} extensions`);
    assert.equal(ext.packageJSON.name, 'sop-builder');
  });

  it('opens the copy of the smoke fixture as the workspace', async () => {
    const root = workspaceRoot();
    assert.equal(root.scheme, 'file');
    const expected = process.env.SOP_TEST_WORKSPACE;
    assert.ok(expected, 'the runner sets SOP_TEST_WORKSPACE');
    assert.equal(path.resolve(root.fsPath), path.resolve(expected));
    // A copy, not the fixture in the repository, so tests may change it.
    const fixture = process.env.SOP_TEST_FIXTURE;
    if (fixture) assert.notEqual(path.resolve(root.fsPath), path.resolve(fixture));
    const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(root, 'sops', 'hello.sop.md'));
    assert.equal(stat.type, vscode.FileType.File);
  });

  it('activates when a Markdown SOP is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceRoot(), 'sops', 'hello.sop.md'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'markdown');
    assert.match(doc.lineAt(0).text, /^# Hello SOP/);
    await waitFor(`${EXTENSION_ID} to be active`, () => ext.isActive);
    assert.equal(ext.isActive, true);
  });
});
