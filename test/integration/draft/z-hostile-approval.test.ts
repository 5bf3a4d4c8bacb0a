import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { closeAll, evidenceManifest, file, root } from '../util';

/** Every file under a folder, relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe('approval of an SOP whose evidence list was tampered with', function () {
  this.timeout(60_000);
  after(() => closeAll());

  it('records and copies only files inside the workspace that are safe to commit, and never reads a device', async () => {
    const ws = root().fsPath;
    // A home folder beside the workspace, and links inside it with harmless names that lead to secrets.
    const outside = join(dirname(ws), 'fake-home');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, '.bash_history'), 'mysql -u root -pOUTSIDE-MARKER-7731\n');
    const before = filesUnder(outside);
    symlinkSync('../.env', join(ws, 'month-end-close/notes/setup-notes.md'));
    symlinkSync(join(outside, '.bash_history'), join(ws, 'month-end-close/notes/history.md'));
    mkdirSync(join(ws, 'month-end-close/config'), { recursive: true });
    writeFileSync(join(ws, 'month-end-close/config/hosts.yml'), `github.com:\n    oauth_token: gho_${'Q7x'.repeat(12)}\n    user: sam\n`);

    const sopRel = 'sops/tampered.sop.md';
    const evidence = [
      '../fake-home/.bash_history',
      'month-end-close/../../fake-home/.bash_history',
      '/dev/zero',
      'month-end-close/notes/setup-notes.md',
      'month-end-close/notes/history.md',
      'month-end-close/config/hosts.yml',
      'month-end-close/notes/2026-10-close-notes.md',
    ];
    const sop = [
      '---',
      'type: sop',
      'status: draft',
      'evidence:',
      ...evidence.map((p) => `  - path: ${p}`),
      '---',
      '# Tampered close',
      '',
      '## Steps',
      '',
      '1. Run the close as the notes say.',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(file(sopRel), new TextEncoder().encode(sop));

    const started = Date.now();
    const ok = await vscode.commands.executeCommand<boolean>('sopBuilder.approve', file(sopRel), { approver: 'Priya Nair (Finance manager)', override: true });
    assert.equal(ok, true);
    assert.ok(Date.now() - started < 20_000, `approval took ${Date.now() - started} ms: a device must never be read`);

    const recorded = (await evidenceManifest(file(sopRel))).files.map((e) => e.path);
    assert.ok(recorded.includes('month-end-close/notes/2026-10-close-notes.md'), recorded.join(', '));
    assert.ok(!recorded.includes('../fake-home/.bash_history'), 'a file outside the workspace is never hashed');
    assert.ok(!recorded.some((p) => p.includes('fake-home')), recorded.join(', '));
    assert.ok(!recorded.includes('/dev/zero'));
    assert.ok(!recorded.includes('month-end-close/notes/history.md'), 'a link that leads outside is never followed');

    // Nothing was written outside the workspace, and the copies folder holds only the ordinary notes.
    assert.deepEqual(filesUnder(outside), before);
    assert.ok(!existsSync(join(dirname(ws), '.sop-evidence')) && !existsSync(join(outside, '.sop-evidence')));
    const copies = join(ws, 'sops/.sop-evidence/tampered');
    assert.deepEqual(filesUnder(copies), ['month-end-close/notes/2026-10-close-notes.md']);
    for (const f of filesUnder(join(ws, 'sops/.sop-evidence'))) {
      const text = readFileSync(join(ws, 'sops/.sop-evidence', f), 'utf8');
      assert.ok(!text.includes('OUTSIDE-MARKER') && !text.includes('S3cr3tPassw0rd') && !text.includes('gho_'), `${f} holds a secret`);
    }
    assert.ok(statSync(join(outside, '.bash_history')).isFile());
  });
});
