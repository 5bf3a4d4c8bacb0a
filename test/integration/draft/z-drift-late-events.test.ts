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
// The finding must also still be there once the copy is hashed again.
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

    // What the file watcher does when it reports the copy late: the extension forgets what it knew of the file and
    // hashes it again. The event is delivered here directly, as the watcher's timing cannot be relied on.
    const { hashes } = vscode.extensions.getExtension(EXTENSION_ID)!.exports as { hashes: { forget(uri: vscode.Uri): void } };
    hashes.forget(copy);
    const heard = { fixes: driftFixes(linter, document) ?? [] };
    assert.ok(heard.fixes.includes(SHOW), `the drift finding's fixes while the copy is hashed again: ${heard.fixes.join(' | ') || 'none (no finding)'}`);
    const [d] = sopDiagnostics(outcome.uri, 'evidence-drift');
    const titles = (await quickFixes(outcome.uri, d)).map((f) => f.title);
    assert.ok(titles.includes(SHOW), titles.join(' | '));
    await vscode.workspace.fs.writeFile(notes, before);
  });
});
