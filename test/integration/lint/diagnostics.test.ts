import * as assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { closeAll, file, open, ruleOf, sopDiagnostics, waitFor } from '../util';

describe('lint: diagnostics in the editor', function () {
  this.timeout(60_000);
  after(closeAll);

  it('shows the expected problems when an SOP is opened', async () => {
    const editor = await open('sops/customer-refunds.sop.md');
    const uri = editor.document.uri;
    const diags = await waitFor('diagnostics', () => {
      const d = sopDiagnostics(uri);
      return d.length >= 12 && d;
    });
    const summary = diags.map((d) => `${d.range.start.line + 1}:${ruleOf(d)}:${vscode.DiagnosticSeverity[d.severity]}`).sort();
    assert.deepEqual(
      summary,
      [
        '27:unnamed-approval-gate:Error',
        '28:unnamed-approval-gate:Error',
        '29:unnamed-approval-gate:Error',
        '26:missing-path:Error',
        '30:missing-path:Error',
        '31:path-outside-workspace:Warning',
        '32:path-outside-workspace:Warning',
        '34:empty-section:Warning',
        '36:placeholder-left:Warning',
        '44:placeholder-left:Warning',
        '38:incomplete-escalation:Warning',
        '8:missing-section:Warning',
      ].sort(),
    );
    const gate = diags.find((d) => ruleOf(d) === 'unnamed-approval-gate')!;
    assert.equal(editor.document.getText(gate.range), 'Refunds over 200 EUR need sign-off before they are paid.');
    assert.equal(typeof gate.code === 'object' && gate.code.target.path.endsWith('/docs/rules/unnamed-approval-gate.md'), true);
  });

  it('leaves ordinary Markdown alone', async () => {
    const editor = await open('notes/README.md');
    await new Promise((r) => setTimeout(r, 800));
    assert.deepEqual(sopDiagnostics(editor.document.uri), []);
  });

  it('lints a Markdown file whose front matter says type: sop', async () => {
    const editor = await open('docs/payroll-cutoff.md');
    // One finding for the whole file, listing the nine parts it lacks besides its steps.
    await waitFor('missing-section', () => {
      const d = sopDiagnostics(editor.document.uri, 'missing-section');
      return d.length === 1 && d[0].message.startsWith('Missing 9 parts: "Why this matters"');
    });
  });

  it('updates as you type', async () => {
    const editor = await open('sops/monthly-sales-report.sop.md');
    const uri = editor.document.uri;
    await waitFor('a clean lint', () => vscode.languages.getDiagnostics(uri) && editor.document.version > 0);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(
      sopDiagnostics(uri).map((d) => d.message),
      [],
    );
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('5. Email the board pack'));
    await editor.edit((b) => b.insert(new vscode.Position(line + 1, 0), '6. Get approval before archiving the export.\n'));
    const [d] = await waitFor('the new gate', () => {
      const g = sopDiagnostics(uri, 'unnamed-approval-gate');
      return g.length === 1 && g;
    });
    assert.equal(d.range.start.line, line + 1);
    await vscode.commands.executeCommand('undo');
    await waitFor('the gate to go away', () => sopDiagnostics(uri, 'unnamed-approval-gate').length === 0);
  });

  it('shows missing-path when a referenced file is deleted, without touching the SOP', async () => {
    const editor = await open('sops/monthly-sales-report.sop.md');
    const uri = editor.document.uri;
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(sopDiagnostics(uri, 'missing-path'), []);
    const script = file('scripts/clean_sales.py');
    const content = await vscode.workspace.fs.readFile(script);
    await vscode.workspace.fs.delete(script);
    const [d] = await waitFor('missing-path', () => {
      const m = sopDiagnostics(uri, 'missing-path');
      return m.length === 1 && m;
    });
    assert.equal(editor.document.getText(d.range), 'scripts/clean_sales.py');
    assert.equal(editor.document.isDirty, false);
    await vscode.workspace.fs.writeFile(script, content);
    await waitFor('missing-path to clear', () => sopDiagnostics(uri, 'missing-path').length === 0);
  });

  it('follows a config file as it is created, broken and removed', async () => {
    const editor = await open('sops/customer-refunds.sop.md');
    const uri = editor.document.uri;
    await waitFor('placeholders', () => sopDiagnostics(uri, 'placeholder-left').length === 2);
    const config = file('.sop-lint.jsonc');
    await vscode.workspace.fs.writeFile(config, Buffer.from('{\n  // our team fills these in later\n  "rules": { "placeholder-left": "off" }\n}\n'));
    await waitFor('placeholder-left off', () => sopDiagnostics(uri, 'placeholder-left').length === 0);
    await vscode.workspace.fs.writeFile(config, Buffer.from('{\n  "rules": { "placeholder-left": "off" }\n  "roleWords": []\n}\n'));
    const [broken] = await waitFor('a diagnostic on the config file', () => {
      const d = vscode.languages.getDiagnostics(config).filter((x) => x.source === 'sop-lint');
      return d.length === 1 && d;
    });
    assert.match(broken.message, /not valid JSON with comments/);
    assert.equal(broken.range.start.line, 2);
    await waitFor('placeholders back (broken file ignored)', () => sopDiagnostics(uri, 'placeholder-left').length === 2);
    await vscode.workspace.fs.delete(config);
    await waitFor('config diagnostic gone', () => vscode.languages.getDiagnostics(config).length === 0);
  });

  it('SOP: Lint Workspace lints SOPs that are not open', async () => {
    await closeAll();
    const vendor = file('sops/vendor-onboarding.md');
    assert.deepEqual(sopDiagnostics(vendor), []);
    const summary = await vscode.commands.executeCommand<{ files: number; errors: number }>('sopBuilder.lintWorkspace');
    assert.equal(summary.files, 5);
    const d = await waitFor('vendor diagnostics', () => {
      const x = sopDiagnostics(vendor);
      return x.length > 0 && x;
    });
    assert.deepEqual(d.map(ruleOf).sort(), ['missing-section']);
    assert.ok(sopDiagnostics(file('sops/customer-refunds.sop.md')).length >= 12);
    assert.deepEqual(sopDiagnostics(file('docs/meeting-notes.md')), []);
  });
});

describe('lint: files the file watcher does not report', function () {
  this.timeout(60_000);
  const sop = 'sops/late-export.sop.md';
  const folder = 'exports/unwatched';
  after(async () => {
    await closeAll();
    await vscode.workspace.fs.delete(file(sop), { useTrash: false });
    await vscode.workspace.fs.delete(file(folder), { recursive: true, useTrash: false });
  });

  it('clears missing-path once the file is on disk, from a look on disk rather than the watcher', async () => {
    await vscode.workspace.fs.writeFile(
      file(sop),
      Buffer.from('---\ntype: sop\n---\n# Late carrier export\n\n## Steps\n\n1. Open `exports/unwatched/2026-11/carrier-late.csv` and check the row count.\n'),
    );
    const editor = await open(sop);
    const uri = editor.document.uri;
    const [d] = await waitFor('missing-path on the export', () => {
      const m = sopDiagnostics(uri, 'missing-path');
      return m.length === 1 && m;
    });
    assert.equal(editor.document.getText(d.range), 'exports/unwatched/2026-11/carrier-late.csv');

    const seen: string[] = [];
    const watcher = vscode.workspace.createFileSystemWatcher('**/exports/**');
    watcher.onDidCreate((u) => seen.push(u.path));
    try {
      // Written the way a download or a script writes it: not through the editor.
      const target = file(`${folder}/2026-11/carrier-late.csv`).fsPath;
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, 'order_id,carrier,days_late\nA-1001,DHL,3\n');
      await waitFor('missing-path to clear', () => sopDiagnostics(uri, 'missing-path').length === 0);
      await new Promise((r) => setTimeout(r, 1000));
      // Had the watcher reported the file, this test would not show the look on disk at all.
      assert.deepEqual(seen, []);
    } finally {
      watcher.dispose();
    }
  });
});
