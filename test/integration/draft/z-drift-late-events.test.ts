import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, file, quickFixes, settings, sopDiagnostics, waitFor } from '../util';

const EXTENSION_ID = 'sop-builder.sop-builder';
const NOTES = 'month-end-close/notes/2026-10-close-notes.md';
const SHOW = `Show what changed in ${NOTES}`;

interface Linter {
  resultFor(document: vscode.TextDocument): { issues: Array<{ rule: string; fixes(): Array<{ title: string }> }> } | undefined;
}

/** The evidence-drift finding's quick fixes as the editor would offer them now (undefined: no finding). */
function driftFixes(linter: Linter, document: vscode.TextDocument): string[] | undefined {
  return linter
    .resultFor(document)
    ?.issues.find((i) => i.rule === 'evidence-drift')
    ?.fixes()
    .map((f) => f.title);
}

// The file watcher reports the copies approval kept, and any evidence file, when it gets to it: often after
// the SOP was linted, and later still on a busy machine. Such an event must not take the drift finding or its
// "Show what changed" fix away while the file is hashed again (the approval test failed so on a loaded CI run).
describe('evidence drift while the file watcher catches up', function () {
  this.timeout(90_000);
  before(() => settings({ 'draft.provider': 'offline', 'draft.skipPreview': true }));
  after(async () => {
    await closeAll();
    await settings({ 'draft.provider': undefined, 'draft.skipPreview': undefined });
  });

  it('keeps the finding and "Show what changed" when the kept copy is reported changed late', async () => {
    const outcome = await vscode.commands.executeCommand<{ uri: vscode.Uri }>('sopBuilder.draftSop', file('month-end-close'), [file('month-end-close')]);
    assert.equal(
      await vscode.commands.executeCommand<boolean>('sopBuilder.approve', outcome.uri, { approver: 'Priya Nair (Finance manager)', override: true }),
      true,
    );
    const sopName = outcome.uri.path
      .split('/')
      .pop()!
      .replace(/\.sop\.md$/, '');
    const copy = file(`sops/.sop-evidence/${sopName}/${NOTES}`);
    const notes = file(NOTES);
    const before = await vscode.workspace.fs.readFile(notes);
    await vscode.workspace.fs.writeFile(notes, new TextEncoder().encode(new TextDecoder().decode(before) + '- 5 Nov: matched the Stripe fees by hand.\n'));
    await waitFor('evidence-drift', () => sopDiagnostics(outcome.uri, 'evidence-drift').length > 0, 20_000);
    const linter = (vscode.extensions.getExtension(EXTENSION_ID)!.exports as { linter: Linter }).linter;
    const document = await vscode.workspace.openTextDocument(outcome.uri);
    await waitFor('"Show what changed"', () => driftFixes(linter, document)?.includes(SHOW));

    // The extension's watcher subscribed at activation, before this one: when this one hears of the copy,
    // the extension has handled the event, and the copy is being hashed again.
    const watcher = vscode.workspace.createFileSystemWatcher('**/.sop-evidence/**/2026-10-close-notes.md');
    const heard: { fixes?: string[] } = {};
    const listen = () => (heard.fixes ??= driftFixes(linter, document) ?? []);
    watcher.onDidChange(listen);
    watcher.onDidCreate(listen);
    try {
      // The same bytes written again: only a watcher event, as for a copy reported after approval. A watcher made
      // just now may miss a write that comes before it is set up, so the write is made again until it is heard.
      const bytes = await vscode.workspace.fs.readFile(copy);
      const deadline = Date.now() + 20_000;
      while (heard.fixes === undefined && Date.now() < deadline) {
        await vscode.workspace.fs.writeFile(copy, bytes);
        await waitFor('the watcher event for the copy', () => heard.fixes !== undefined, 1_000).catch(() => undefined);
      }
      assert.ok(heard.fixes !== undefined, 'the watcher reported the copy within 20 s');
    } finally {
      watcher.dispose();
    }
    assert.ok(heard.fixes!.includes(SHOW), `the drift finding's fixes while the copy is hashed again: ${heard.fixes!.join(' | ') || 'none (no finding)'}`);
    const [d] = sopDiagnostics(outcome.uri, 'evidence-drift');
    const titles = (await quickFixes(outcome.uri, d)).map((f) => f.title);
    assert.ok(titles.includes(SHOW), titles.join(' | '));
    await vscode.workspace.fs.writeFile(notes, before);
  });
});
