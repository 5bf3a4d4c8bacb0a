import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, evidenceManifest, file, frontMatter, settings, sopDiagnostics, waitFor } from '../util';

interface Outcome {
  uri: vscode.Uri;
  provider: string;
  error?: { kind: string; message: string };
  firstCharMs?: number;
}

describe('draft: offline drafter in the editor', function () {
  this.timeout(90_000);
  before(() => settings({ 'draft.provider': 'offline', 'draft.skipPreview': true }));
  after(async () => {
    await closeAll();
    await settings({ 'draft.provider': undefined, 'draft.skipPreview': undefined });
  });

  it('drafts from a folder into sops/<folder>.sop.md, opens it, saves it and lints it', async () => {
    const outcome = await vscode.commands.executeCommand<Outcome>('sopBuilder.draftSop', file('month-end-close'), [file('month-end-close')]);
    assert.ok(outcome, 'the command returns what it drafted');
    assert.equal(outcome.error, undefined);
    assert.equal(vscode.workspace.asRelativePath(outcome.uri), 'sops/month-end-close.sop.md');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), outcome.uri.toString());
    assert.equal(editor.document.isDirty, false, 'saved');
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(outcome.uri));
    assert.equal(onDisk, editor.document.getText());
    const fm = frontMatter(onDisk);
    assert.equal(fm.type, 'sop');
    assert.equal(fm.status, 'draft');
    assert.equal(fm.audience, 'a new operations assistant');
    assert.deepEqual(fm.drafted && (fm.drafted as Record<string, unknown>).provider, 'offline');
    // The SOP opens on the procedure: the evidence and its hashes are in the manifest beside it.
    assert.equal(fm.evidence, 'month-end-close.evidence.yaml');
    const evidence = (await evidenceManifest(outcome.uri)).files;
    assert.ok(evidence.some((e) => e.path === 'month-end-close/scripts/reconcile.py' && /^[0-9a-f]{64}$/.test(e.sha256 ?? '')));
    assert.ok(!evidence.some((e) => e.path.endsWith('.env')), 'the decoy .env is not evidence');
    assert.ok(!onDisk.includes('S3cr3tPassw0rd') && !onDisk.includes('sk_live_'), 'no secret reaches the draft');
    assert.ok(!onDisk.includes('Draft in progress'), 'the progress marker is gone');
    for (const h of [
      '## Why this matters',
      '## When to run it',
      '## Who owns it',
      '## Inputs needed',
      '## Steps',
      '## Decision points',
      '## Quality checks',
      '## Common failures',
      '## Escalation',
      '## Expected output',
    ]) {
      assert.ok(onDisk.includes(h), h);
    }
    await waitFor('lint of the draft', () => vscode.languages.getDiagnostics(outcome.uri) !== undefined);
    assert.deepEqual(sopDiagnostics(outcome.uri, 'missing-section'), []);
    assert.deepEqual(
      sopDiagnostics(outcome.uri, 'missing-path').map((d) => d.message),
      [],
    );
  });

  it('never overwrites: a second draft gets a suffix', async () => {
    const outcome = await vscode.commands.executeCommand<Outcome>('sopBuilder.draftSop', file('month-end-close'), [file('month-end-close')]);
    assert.equal(vscode.workspace.asRelativePath(outcome.uri), 'sops/month-end-close-2.sop.md');
    const first = new TextDecoder().decode(await vscode.workspace.fs.readFile(file('sops/month-end-close.sop.md')));
    assert.ok(first.startsWith('---\ntitle: Month end close'));
  });

  it('drafts from files picked in the Explorer (multi-select)', async () => {
    const picked = [file('month-end-close/scripts/reconcile.py'), file('month-end-close/notes/2026-10-close-notes.md')];
    const outcome = await vscode.commands.executeCommand<Outcome>('sopBuilder.draftSop', picked[0], picked);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(outcome.uri));
    const evidence = (await evidenceManifest(outcome.uri)).files.map((e) => e.path).sort();
    assert.deepEqual(evidence, ['month-end-close/notes/2026-10-close-notes.md', 'month-end-close/scripts/reconcile.py']);
    assert.equal(frontMatter(text).workdir, 'month-end-close');
  });
});
