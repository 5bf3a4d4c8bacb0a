import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, file, frontMatter, settings, sopDiagnostics, waitFor } from '../util';

describe('approval and drift in the editor', function () {
  this.timeout(90_000);
  before(() => settings({ 'draft.provider': 'offline', 'draft.skipPreview': true }));
  after(async () => {
    await closeAll();
    await settings({ 'draft.provider': undefined, 'draft.skipPreview': undefined });
  });

  it('approves a draft, records evidence hashes, and flags drift when an evidence file changes', async () => {
    const outcome = await vscode.commands.executeCommand<{ uri: vscode.Uri }>('sopBuilder.draftSop', file('month-end-close'), [file('month-end-close')]);
    const ok = await vscode.commands.executeCommand<boolean>('sopBuilder.approve', outcome.uri, { approver: 'Priya Nair (Finance manager)', override: true });
    assert.equal(ok, true);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(outcome.uri));
    const fm = frontMatter(text);
    assert.equal(fm.status, 'approved');
    const approval = fm.approval as { by: string; evidence: Array<{ path: string; sha256: string }> };
    assert.equal(approval.by, 'Priya Nair (Finance manager)');
    assert.ok(approval.evidence.some((e) => e.path === 'month-end-close/notes/2026-10-close-notes.md' && /^[0-9a-f]{64}$/.test(e.sha256)));
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(sopDiagnostics(outcome.uri, 'evidence-drift'), []);

    const notes = file('month-end-close/notes/2026-10-close-notes.md');
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(notes));
    await vscode.workspace.fs.writeFile(notes, new TextEncoder().encode(before + '- 4 Nov: changed the tolerance to 1.00 without asking.\n'));
    const [d] = await waitFor('evidence-drift', () => {
      const x = sopDiagnostics(outcome.uri, 'evidence-drift');
      return x.length > 0 && x;
    }, 20_000);
    assert.match(d.message, /month-end-close\/notes\/2026-10-close-notes\.md/);
    assert.match(d.message, /changed since approval/);
  });
});
